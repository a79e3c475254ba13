"""kubectl's HTTP response cache (client-go discovery/cached/disk/round_tripper.go over its forked httpcache).

Every GET response is stored in ``<cache dir>/<sha256 hex of the URL>`` as the SHA-256 of the response followed by
the response in HTTP/1.1 wire form (Go's httputil.DumpResponse), so kubectl and this client share one cache.
A stored response is revalidated with ``If-None-Match``/``If-Modified-Since`` unless its Cache-Control/Expires
say it is still fresh; a ``304 Not Modified`` answer is served from the cache.
"""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import io
import logging
import os
import tempfile
from typing import Any, Mapping, Optional

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from kubernetes_py._internals.requests import set_content
from kubernetes_py.transport.round_trippers import RoundTripper, canonical_mime_header_key, clone_request

__all__ = ["XFromCache", "new_cache_round_tripper"]

log = logging.getLogger("kubernetes_py.discovery")

XFromCache = "X-From-Cache"
_STALE, _FRESH, _TRANSPARENT = 0, 1, 2
_PATH_MODE = 0o750
_FILE_MODE = 0o660
_EXCLUDED_FROM_DUMP = {"Content-Length", "Transfer-Encoding", "Trailer", "Content-Encoding"}
_HOP_BY_HOP = {
    "Connection",
    "Keep-Alive",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Te",
    "Trailers",
    "Transfer-Encoding",
    "Upgrade",
}


def _sanitize(key: str) -> str:
    """The file name of a key: the hex SHA-256 of it."""
    return hashlib.sha256(key.encode()).hexdigest()


class _SumDiskCache:
    """Files named by the SHA-256 of the key, holding the SHA-256 of the value then the value (diskv layout)."""

    def __init__(self, base: str):
        self.base = base
        self.temp_dir = os.path.join(base, ".diskv-temp")

    def get(self, key: str) -> tuple[bytes, bool]:
        """(value, True), or (b"", False) for a missing, short or corrupt file (a cache miss, as in Go)."""
        try:
            with open(os.path.join(self.base, _sanitize(key)), "rb") as f:
                b = f.read()
        except OSError:
            return b"", False
        if len(b) < 32:
            return b"", False
        response = b[32:]
        if hashlib.sha256(response).digest() != b[:32]:
            return b"", False
        return response, True

    def set(self, key: str, response: bytes) -> None:
        try:
            os.makedirs(self.base, mode=_PATH_MODE, exist_ok=True)
            os.makedirs(self.temp_dir, mode=_PATH_MODE, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.temp_dir)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(hashlib.sha256(response).digest() + response)
                os.chmod(tmp, _FILE_MODE)
                os.replace(tmp, os.path.join(self.base, _sanitize(key)))
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
        except OSError as err:  # nothing to be done about it, as in Go
            log.debug("http cache write failed: %s", err)

    def delete(self, key: str) -> None:
        try:
            os.remove(os.path.join(self.base, _sanitize(key)))
        except OSError:
            pass


# ----- HTTP/1.1 wire form -----


def _dump_response(resp: requests.Response, body: bytes) -> bytes:
    """What Go's httputil.DumpResponse writes for a (decoded) response."""
    reason = resp.reason or ""
    out = [
        f"HTTP/1.1 {resp.status_code:03d} {reason}\r\n".encode("latin-1"),
        f"Content-Length: {len(body)}\r\n".encode(),
    ]
    headers: dict[str, list[str]] = {}
    for key, value in _header_items(resp.headers):
        key = canonical_mime_header_key(key)
        if key in _EXCLUDED_FROM_DUMP:
            continue
        headers.setdefault(key, []).append(value)
    for key in sorted(headers):
        for value in headers[key]:
            value = value.replace("\r", " ").replace("\n", " ").strip()
            out.append(f"{key}: {value}\r\n".encode("latin-1", "replace"))
    out.append(b"\r\n")
    out.append(body)
    return b"".join(out)


def _header_items(headers: Any) -> list[tuple[str, str]]:
    raw = getattr(headers, "_store", None)
    if isinstance(headers, CaseInsensitiveDict) and raw is not None:
        return [(k, v) for k, v in headers.items()]
    return list(headers.items())


def _read_chunked(data: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0].strip(), 16)
        pos = end + 2
        if size == 0:
            return bytes(out)
        out += data[pos : pos + size]
        pos += size + 2


def _parse_response(data: bytes, request: requests.PreparedRequest) -> requests.Response:
    """Go's http.ReadResponse of a stored response (Content-Length, chunked, or read-to-end bodies)."""
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("malformed cached response: no end of header")
    lines = head.decode("latin-1").split("\r\n")
    proto, _, status = lines[0].partition(" ")
    if not proto.startswith("HTTP/"):
        raise ValueError(f"malformed HTTP response {lines[0]!r}")
    code_text, _, reason = status.partition(" ")
    headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    for line in lines[1:]:
        key, _, value = line.partition(":")
        key, value = canonical_mime_header_key(key.strip()), value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        body = _read_chunked(rest)
        del headers["Transfer-Encoding"]
    elif "Content-Length" in headers:
        body = rest[: int(headers["Content-Length"])]
    else:
        body = rest
    resp = requests.Response()
    resp.status_code = int(code_text)
    resp.reason = reason
    resp.headers = headers
    set_content(resp, body)
    resp.raw = io.BytesIO(body)
    resp.url = request.url or ""
    resp.request = request
    resp.encoding = None
    return resp


# ----- RFC 7234 freshness, as the forked httpcache computes it -----

_Headers = Mapping[str, str]


def _parse_cache_control(headers: _Headers) -> dict[str, str]:
    cc: dict[str, str] = {}
    for part in (headers.get("Cache-Control") or "").split(","):
        part = part.strip(" ")
        if not part:
            continue
        if "=" in part:
            key, value = part.split("=")[:2]
            cc[key.strip(" ")] = value.strip(",")
        else:
            cc[part] = ""
    return cc


def _date(headers: _Headers) -> Optional[datetime.datetime]:
    value = headers.get("Date") or ""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def _seconds(value: str) -> Optional[float]:
    try:
        return float(value)
    except ValueError:
        return None


def _age(date: datetime.datetime) -> float:
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.timezone.utc)
    return (datetime.datetime.now(datetime.timezone.utc) - date).total_seconds()


def _get_freshness(resp_headers: _Headers, req_headers: _Headers) -> int:
    resp_cc, req_cc = _parse_cache_control(resp_headers), _parse_cache_control(req_headers)
    if "no-cache" in req_cc:
        return _TRANSPARENT
    if "no-cache" in resp_cc:
        return _STALE
    if "only-if-cached" in req_cc:
        return _FRESH
    date = _date(resp_headers)
    if date is None:
        return _STALE
    current_age = _age(date)
    lifetime = 0.0
    if "max-age" in resp_cc:
        lifetime = _seconds(resp_cc["max-age"]) or 0.0
    elif resp_headers.get("Expires"):
        try:
            expires = email.utils.parsedate_to_datetime(resp_headers["Expires"])
            lifetime = (
                expires.replace(tzinfo=expires.tzinfo or datetime.timezone.utc)
                - date.replace(tzinfo=date.tzinfo or datetime.timezone.utc)
            ).total_seconds()
        except (TypeError, ValueError):
            lifetime = 0.0
    if "max-age" in req_cc:
        lifetime = _seconds(req_cc["max-age"]) or 0.0
    min_fresh = _seconds(req_cc["min-fresh"]) if "min-fresh" in req_cc else None
    if min_fresh is not None:
        current_age += min_fresh
    if "max-stale" in req_cc:
        if req_cc["max-stale"] == "":
            return _FRESH
        max_stale = _seconds(req_cc["max-stale"])
        if max_stale is not None:
            current_age -= max_stale
    return _FRESH if lifetime > current_age else _STALE


def _can_stale_on_error(resp_headers: _Headers, req_headers: _Headers) -> bool:
    lifetime = -1.0
    for cc in (_parse_cache_control(resp_headers), _parse_cache_control(req_headers)):
        if "stale-if-error" in cc:
            if cc["stale-if-error"] == "":
                return True
            value = _seconds(cc["stale-if-error"])
            if value is None:
                return False
            lifetime = value
    if lifetime >= 0:
        date = _date(resp_headers)
        return date is not None and lifetime > _age(date)
    return False


def _vary_matches(cached: requests.Response, req: requests.PreparedRequest) -> bool:
    for header in _comma_values(cached.headers, "Vary"):
        header = canonical_mime_header_key(header)
        if header and (req.headers.get(header) or "") != (cached.headers.get("X-Varied-" + header) or ""):
            return False
    return True


def _comma_values(headers: _Headers, name: str) -> list[str]:
    value = headers.get(name)
    return [f.strip() for f in value.split(",")] if value else []


def _end_to_end_headers(headers: _Headers) -> list[str]:
    hop = set(_HOP_BY_HOP)
    for extra in (headers.get("Connection") or "").split(","):
        if extra.strip(" "):
            hop.add(canonical_mime_header_key(extra.strip(" ")))
    return [k for k in headers if canonical_mime_header_key(k) not in hop]


class CacheRoundTripper(RoundTripper):
    """A RoundTripper (requests adapter) answering GETs from, and storing them in, kubectl's HTTP cache."""

    def __init__(self, cache_dir: str, delegate: BaseAdapter):
        super().__init__(delegate)
        self.cache = _SumDiskCache(cache_dir)
        self.mark_cached_responses = True

    def round_trip(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = request.url or ""  # a prepared request always has one
        key = url if request.method == "GET" else f"{request.method} {url}"
        cacheable = request.method in ("GET", "HEAD") and not request.headers.get("Range")
        cached: Optional[requests.Response] = None
        if cacheable:
            data, ok = self.cache.get(key)
            if ok:
                try:
                    cached = _parse_response(data, request)
                except (ValueError, IndexError) as bad:
                    log.debug("ignoring unreadable cached response for %s: %s", key, bad)
        else:
            self.cache.delete(key)

        if cacheable and cached is not None:
            if self.mark_cached_responses:
                cached.headers[XFromCache] = "1"
            if _vary_matches(cached, request):
                freshness = _get_freshness(cached.headers, request.headers)
                if freshness == _FRESH:
                    return cached
                if freshness == _STALE:
                    req2 = None
                    etag = cached.headers.get("Etag")
                    if etag and not request.headers.get("Etag"):
                        req2 = clone_request(request)
                        req2.headers["If-None-Match"] = etag
                    last_modified = cached.headers.get("Last-Modified")
                    if last_modified and not request.headers.get("Last-Modified"):
                        req2 = req2 if req2 is not None else clone_request(request)
                        req2.headers["If-Modified-Since"] = last_modified
                    if req2 is not None:
                        request = req2
            try:
                resp = self.delegate.send(request, **kwargs)
            except Exception:  # a stale answer may stand in for a failed request
                if request.method == "GET" and _can_stale_on_error(cached.headers, request.headers):
                    return cached
                self.cache.delete(key)
                raise
            if request.method == "GET" and resp.status_code == 304:
                for header in _end_to_end_headers(resp.headers):
                    cached.headers[header] = resp.headers[header]
                resp.close()
                resp = cached
            elif (
                resp.status_code >= 500
                and request.method == "GET"
                and _can_stale_on_error(cached.headers, request.headers)
            ):
                resp.close()
                return cached
            elif resp.status_code != 200:
                self.cache.delete(key)
        else:
            if "only-if-cached" in _parse_cache_control(request.headers):
                return _parse_response(b"HTTP/1.1 504 Gateway Timeout\r\n\r\n", request)
            resp = self.delegate.send(request, **kwargs)

        if (
            cacheable
            and "no-store" not in _parse_cache_control(request.headers)
            and "no-store" not in _parse_cache_control(resp.headers)
        ):
            for vary_key in _comma_values(resp.headers, "Vary"):
                vary_key = canonical_mime_header_key(vary_key)
                value = request.headers.get(vary_key)
                if value:
                    resp.headers["X-Varied-" + vary_key] = value
            if request.method == "GET":
                body = resp.content  # read now; Go stores the response once its body was read to the end
                self.cache.set(key, _dump_response(resp, body))
        else:
            self.cache.delete(key)
        return resp


def new_cache_round_tripper(cache_dir: str, rt: BaseAdapter) -> CacheRoundTripper:
    """Wrap ``rt`` (a requests adapter) with kubectl's HTTP cache stored under ``cache_dir``."""
    return CacheRoundTripper(cache_dir, rt)
