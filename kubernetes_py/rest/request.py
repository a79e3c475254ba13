"""The request builder and its execution (client-go rest/request.go).

``Request`` collects path, parameters, headers and body; ``do``, ``do_raw``, ``stream`` and ``watch`` send it
with client-side throttling, back-off and the retry rules of client-go. Builder errors are kept until the
request is executed (or ``error()`` is called), exactly like Go's chained builder. Durations are seconds.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
import time
import urllib.parse
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from google.protobuf.message import Message

from kubernetes_py import context
from kubernetes_py._go import json as _gojson, mime as _gomime, path as _gopath, time as _gotime, url as _gourl
from kubernetes_py._go.fmt import go_sprint
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.util import net
from kubernetes_py.rest import _http
from kubernetes_py.rest.result import Result
from kubernetes_py.rest.urlbackoff import NoBackoff, backoffManagerNopContext
from kubernetes_py.rest.warnings import handle_warnings, with_context
from kubernetes_py.rest.with_retry import WithRetry, never_retry_error, retry_after_seconds
from kubernetes_py.tools import metrics

if TYPE_CHECKING:
    from kubernetes_py.apimachinery import watch as _watch

__all__ = [
    "Request",
    "RequestConstructionError",
    "new_request",
    "NameMayNotBe",
    "NameMayNotContain",
    "is_valid_path_segment_name",
    "is_valid_path_segment_prefix",
    "validate_path_segment_name",
]

log = logging.getLogger("kubernetes_py.rest")

_T = TypeVar("_T")

# Rate-limiter waits longer than these are logged (at debug, then also through the throttled logger).
LONG_THROTTLE_LATENCY = 0.050
EXTRA_LONG_THROTTLE_LATENCY = 1.0

MAX_UNSTRUCTURED_RESPONSE_TEXT_BYTES = 2048

NameMayNotBe = [".", ".."]
NameMayNotContain = ["/", "%"]


def is_valid_path_segment_name(name: str) -> list[str]:
    """Why ``name`` cannot be one path segment (empty list when it can)."""
    for illegal in NameMayNotBe:
        if name == illegal:
            return [f"may not be '{illegal}'"]
    return [f"may not contain '{c}'" for c in NameMayNotContain if c in name]


@functools.lru_cache(maxsize=4096)
def _segment_problems(name: str) -> tuple[str, ...]:
    """is_valid_path_segment_name's answer, remembered (a client names the same few namespaces and resources)."""
    return tuple(is_valid_path_segment_name(name))


def is_valid_path_segment_prefix(name: str) -> list[str]:
    """Why ``name`` cannot start a path segment (empty list when it can)."""
    return [f"may not contain '{c}'" for c in NameMayNotContain if c in name]


def validate_path_segment_name(name: str, prefix: bool) -> list[str]:
    return is_valid_path_segment_prefix(name) if prefix else is_valid_path_segment_name(name)


class RequestConstructionError(Exception):
    """An error assembling a request."""

    def __init__(self, err: Optional[BaseException] = None):
        super().__init__(f"request construction error: '{'<nil>' if err is None else err}'")
        self.err = err


class _BuildError(ValueError):
    """A builder method's validation error (Go's fmt.Errorf in the Request setters)."""


class _UnexpectedStatusError(Exception):
    """A non-2xx answer that carried no decodable error (Stream and Watch)."""


class _ThrottleSettings:
    __slots__ = ("log_level", "min_log_interval", "last_log_time", "lock")

    def __init__(self, log_level: int, min_log_interval: float):
        self.log_level = log_level
        self.min_log_interval = min_log_interval
        self.last_log_time: Optional[float] = None  # Go's zero time: long enough ago
        self.lock = threading.Lock()


class throttledLogger:  # noqa: N801 - client-go's (unexported) type name
    """Logs at most once per interval: at DEBUG (klog's V(2)) every second when DEBUG is on, else at INFO (V(0),
    always on in klog) every 10 s. ``clock`` is a utils.clock PassiveClock (a fake one in tests)."""

    def __init__(self, clock: Any = None) -> None:
        from kubernetes_py.utils.clock import RealClock

        self.clock = clock if clock is not None else RealClock()
        self.settings = [_ThrottleSettings(logging.DEBUG, 1.0), _ThrottleSettings(logging.INFO, 10.0)]

    def attempt_to_log(self, logger: Optional[logging.Logger] = None) -> tuple[int, bool]:
        """Go's attemptToLog: (the level to log at, True) when the first enabled setting's interval has passed
        since it last logged, else (-1, False)."""
        logger = logger if logger is not None else log
        for setting in self.settings:
            if setting.log_level == logging.INFO or logger.isEnabledFor(setting.log_level):
                with setting.lock:
                    last = setting.last_log_time
                    if last is None or self.clock.since(last) >= setting.min_log_interval:
                        setting.last_log_time = self.clock.now()
                        return setting.log_level, True
                return -1, False
        return -1, False

    def info(self, msg: str, *args: Any) -> None:
        level, ok = self.attempt_to_log(log)
        if ok:
            log.log(level, msg, *args)


_global_throttled_logger = throttledLogger()
globalThrottledLogger = _global_throttled_logger  # client-go's name, for tests that swap its clock

# klog's -v=8, -v=9 and -v=10 as logging levels (transport.verbosity_level's: V(6) is DEBUG, each step one lower).
_V8, _V9, _V10 = logging.DEBUG - 2, logging.DEBUG - 3, logging.DEBUG - 4


def truncate_body(logger: logging.Logger, body: str) -> str:
    """Go's truncateBody: the body whole at -v=10, its first 10240 characters at -v=9, 1024 at -v=8, none below,
    followed by how many were cut."""
    if logger.isEnabledFor(_V10):
        return body
    limit = 10240 if logger.isEnabledFor(_V9) else 1024 if logger.isEnabledFor(_V8) else 0
    if len(body) <= limit:
        return body
    return f"{body[:limit]} [truncated {len(body) - limit} chars]"


def _hex_dump(data: bytes) -> str:
    """Go's hex.Dump: offset, two groups of eight bytes in hex, and the printable characters."""
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off : off + 16]
        hexes = " ".join(f"{b:02x}" for b in chunk[:8]) + "  " + " ".join(f"{b:02x}" for b in chunk[8:])
        text = "".join(chr(b) if 32 <= b <= 126 else "." for b in chunk)
        lines.append(f"{off:08x}  {hexes.rstrip():<48}  |{text}|\n")
    return "".join(lines)


def log_body(logger: logging.Logger, prefix: str, body: bytes) -> None:
    """Go's logBody: at -v=8, the body (as a hex dump when it holds control bytes below newline), truncated by
    truncate_body."""
    if logger.isEnabledFor(_V8):
        text = _hex_dump(body) if any(b < 0x0A for b in body) else body.decode("utf-8", "replace")
        logger.log(_V8, '"%s" body=%s', prefix, go_quote(truncate_body(logger, text)))


_PATH_SAFE = "/$&+,:;=@"


@functools.lru_cache(maxsize=4096)
def _escape_path(p: str) -> str:
    return urllib.parse.quote(p, safe=_PATH_SAFE)


@functools.lru_cache(maxsize=4096)
def _request_path(
    prefix: str, namespace: str, resource: str, name: str, subresource: str, subpath: str, under_host: bool
) -> str:
    """A request's escaped path from its parts (remembered: a client sends to the same few paths)."""
    parts = [prefix, "namespaces", namespace] if namespace else [prefix]
    if resource:
        parts.append(resource.lower())
    if name or subpath or subresource:
        parts += (name, subresource, subpath)
    p = _gopath.join(*parts) if len(parts) > 1 else prefix  # Go joins in three steps, each cleaning: one cleans alike
    if under_host and p and not p.startswith("/"):
        p = "/" + p  # as Go's url.URL.String() does for a relative path under a host
    return _escape_path(p)


def _encode_query(params: dict[str, list[str]]) -> str:
    quote = urllib.parse.quote_plus
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k in sorted(params) for v in params[k])


def _accept_header(config: Any) -> str:
    """The Accept header of requests in a ClientContentConfig: its accepted types, else its content type and anything
    ("" for none)."""
    accept: str = config.accept_content_types or (config.content_type + ", */*" if config.content_type else "")
    return accept


def _is_object(obj: Any) -> bool:
    return isinstance(obj, Message) or hasattr(obj, "get_object_kind")


class _StreamBody(io.RawIOBase):
    """A response body as a raw binary stream: ``read(n)`` returns what has arrived (at most n bytes).

    Ends cleanly (EOF) once the request's context is done; close() releases the connection.
    """

    def __init__(self, resp: Any, ctx: context.Context):
        super().__init__()
        self._resp = resp
        self._ctx = ctx
        self._stop = _http.watch_context(ctx, resp)
        self._cut = False

    def cut(self) -> None:
        """Cut the connection under a read blocked in another thread (which then reads the end): safe from any
        thread, unlike close(), which waits for that read."""
        if not self._cut and not self.closed and getattr(self._resp.raw, "connection", None) is not None:
            self._cut = True
            _http.shutdown_response(self._resp)

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        """What has arrived (at most size bytes; b"" at the end), as the body's read1 gives it: a frame reader takes
        it as it is, without a copy through a buffer of its own."""
        if self.closed:
            raise ValueError("read from a closed response body")
        try:
            data: bytes = self._resp.raw.read1(size if size > 0 else 65536, decode_content=True)
        except Exception as err:
            if self._cut or (self._ctx is not None and self._ctx.err() is not None):
                return b""
            failure = _http.body_error(self._resp, None, err)
            if failure is not None:
                raise failure from err
            raise
        return data

    def readinto(self, b: Any) -> int:
        data = self.read1(len(b))
        n = len(data)
        b[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            # A body not read to its end still holds its connection: cut it while the exchange owns it (after
            # _stop() it would not, and a read blocked in another thread would wait for the server's next bytes).
            # A body read to its end gave its connection back to the pool: that one must not be cut.
            live = getattr(self._resp.raw, "connection", None) is not None
            if live:
                _http.shutdown_response(self._resp)
            self._stop()
            if not live:
                _http.shutdown_response(self._resp)
        super().close()


class _StreamReader(io.BufferedReader):
    """The buffered body ``Request.stream`` returns; ``close()`` may come from another thread while one reads
    (a followed log's reader): it cuts the connection first, so the read ends and close does not wait for it."""

    def close(self) -> None:
        raw = self.raw
        if isinstance(raw, _StreamBody):
            raw.cut()
        super().close()


class Request:
    """A request to the API server, built in a chain: ``client.get().namespace("ns").resource("pods").do(ctx)``."""

    def __init__(self, c: Any):
        self._client = c
        backoff = c._create_backoff_mgr() if c._create_backoff_mgr is not None else None
        self._backoff = backoff if backoff is not None else NoBackoff()
        prefix = getattr(c, "_path_prefix", None)  # _request_path_prefix's, once made
        self._path_prefix = prefix if prefix is not None else c._request_path_prefix()
        self._timeout = float(getattr(c.client, "timeout", 0) or 0) if c.client is not None else 0.0
        self._rate_limiter = c._rate_limiter
        self._max_retries = 10
        self._retry_fn: Callable[[int], WithRetry] = WithRetry
        self._warning_handler = c._warning_handler
        content = c._content
        self._content_config = content.request_config  # shared by the client's requests, never changed
        self._content_type_not_set = content.defaulted
        accept = content.request_accept  # _set_accept_header's, made once per client
        self._headers: Optional[dict[str, list[str]]] = {"Accept": [accept]} if accept else None

        self._verb = ""
        self._subpath = ""
        self._params: Optional[dict[str, list[str]]] = None
        self._namespace = ""
        self._namespace_set = False
        self._resource = ""
        self._resource_name = ""
        self._subresource = ""
        self._err: Optional[BaseException] = None
        self._body_stream: Any = None
        self._body_bytes: Optional[bytes] = None

    # ----- content negotiation -----
    def use_protobuf_as_default_if_preferred(self, prefers_protobuf: bool) -> "Request":
        if prefers_protobuf and self._content_type_not_set and not self._content_config.accept_content_types:
            content = self._client._content
            self._content_config = content.protobuf_config
            headers = self._headers
            if headers is not None and len(headers) == 1 and "Accept" in headers:
                headers["Accept"] = [content.protobuf_accept]  # _set_accept_header's answer, made once per client
            else:
                self._set_accept_header()
        return self

    def use_protobuf_as_default(self) -> "Request":
        """Speak protobuf unless the client configured a content type itself."""
        return self.use_protobuf_as_default_if_preferred(True)

    def _set_accept_header(self) -> None:
        accept = _accept_header(self._content_config)
        if accept:  # set_header("Accept", accept) without its name canonicalization
            headers = self._headers
            if headers is None:
                self._headers = {"Accept": [accept]}
            else:
                headers.pop("Accept", None)
                headers["Accept"] = [accept]

    # ----- builder -----
    def verb(self, verb: str) -> "Request":
        self._verb = verb
        return self

    def prefix(self, *segments: str) -> "Request":
        """Add path segments after the client's API path, before namespace/resource/name."""
        if self._err is None:
            self._path_prefix = _gopath.join(self._path_prefix, _gopath.join(*segments))
        return self

    def suffix(self, *segments: str) -> "Request":
        """Add path segments at the end, after resource, name and subresource."""
        if self._err is None:
            self._subpath = _gopath.join(self._subpath, _gopath.join(*segments))
        return self

    def _settable(self, what: str, already: bool, current: str, value: str, segments: tuple[str, ...] = ()) -> bool:
        """Go's checks of a path part's setter: no error before, not set before, valid path segments (value's, or
        each of segments); else the builder's error is kept."""
        if self._err is not None:
            return False
        if already:
            self._err = _BuildError(f'{what} already set to "{current}", cannot change to "{value}"')
            return False
        for segment in segments or (value,):
            msgs = _segment_problems(segment)
            if msgs:
                self._err = _BuildError(f'invalid {what} "{segment}": {go_sprint(list(msgs))}')
                return False
        return True

    def resource(self, resource: str) -> "Request":
        if self._err is None and not self._resource and not _segment_problems(resource):
            self._resource = resource
        elif self._settable("resource", bool(self._resource), self._resource, resource):
            self._resource = resource
        return self

    def back_off(self, manager: Any) -> "Request":
        """Use a context-free BackoffManager (None: no back-off)."""
        self._backoff = NoBackoff() if manager is None else backoffManagerNopContext(manager)
        return self

    def back_off_with_context(self, manager: Any) -> "Request":
        """Use a BackoffManagerWithContext (None: no back-off)."""
        self._backoff = NoBackoff() if manager is None else manager
        return self

    def warning_handler(self, handler: Any) -> "Request":
        """Handler for this request's warnings; None falls back to the default handler."""
        self._warning_handler = with_context(handler)
        return self

    def warning_handler_with_context(self, handler: Any) -> "Request":
        self._warning_handler = handler
        return self

    def throttle(self, limiter: Any) -> "Request":
        """Use this rate limiter instead of the client's (None: no throttling)."""
        self._rate_limiter = limiter
        return self

    def sub_resource(self, *subresources: str) -> "Request":
        if self._err is not None or (not subresources and not self._subresource):  # none: "" on "", nothing to do
            return self
        subresource = _gopath.join(*subresources)
        if self._settable("subresource", bool(self._subresource), self._subresource, subresource, subresources):
            self._subresource = subresource
        return self

    def name(self, resource_name: str) -> "Request":
        if self._err is None and resource_name and not self._resource_name and not _segment_problems(resource_name):
            self._resource_name = resource_name
            return self
        if self._err is None and not resource_name:
            self._err = _BuildError("resource name may not be empty")
        if self._settable("resource name", bool(self._resource_name), self._resource_name, resource_name):
            self._resource_name = resource_name
        return self

    def namespace(self, namespace: str) -> "Request":
        if (self._err is None and not self._namespace_set and not _segment_problems(namespace)) or self._settable(
            "namespace", self._namespace_set, self._namespace, namespace
        ):
            self._namespace_set = True
            self._namespace = namespace
        return self

    def namespace_if_scoped(self, namespace: str, scoped: bool) -> "Request":
        return self.namespace(namespace) if scoped else self

    def abs_path(self, *segments: str) -> "Request":
        """Replace the path (the client's base path stays in front); one segment keeps its trailing slash."""
        if self._err is not None:
            return self
        base_path = self._client._base.path if self._client._base is not None else ""
        self._path_prefix = _gopath.join(base_path, _gopath.join(*segments))
        if len(segments) == 1 and (len(base_path) > 1 or len(segments[0]) > 1) and segments[0].endswith("/"):
            self._path_prefix += "/"
        return self

    def request_uri(self, uri: str) -> "Request":
        """Replace path and query with those of a server-relative URI."""
        if self._err is not None:
            return self
        try:
            locator = urllib.parse.urlsplit(uri)
        except ValueError as err:
            self._err = err
            return self
        self.abs_path(urllib.parse.unquote(locator.path))
        query = urllib.parse.parse_qs(locator.query, keep_blank_values=True)
        self._params = {k: list(v) for k, v in query.items()} if query else None
        return self

    def param(self, param_name: str, s: str) -> "Request":
        """Add a query parameter value (values of one name accumulate)."""
        if self._err is not None:
            return self
        return self._set_param(param_name, s)

    def versioned_params(self, obj: Any, codec: Any) -> "Request":
        """Add the query parameters of an options object (metav1.ListOptions...) in the client's version."""
        return self.specifically_versioned_params(obj, codec, self._content_config.group_version)

    def specifically_versioned_params(self, obj: Any, codec: Any, version: Any) -> "Request":
        if self._err is not None:
            return self
        try:
            params = codec.encode_parameters(obj, version)
        except Exception as err:  # noqa: BLE001 - kept until execution, like Go
            self._err = err
            return self
        for k, values in params.items():
            if self._params is None:
                self._params = {}
            self._params.setdefault(k, []).extend(values)
        return self

    def _set_param(self, name: str, value: str) -> "Request":
        if self._params is None:
            self._params = {}
        self._params.setdefault(name, []).append(value)
        return self

    def set_header(self, key: str, *values: str) -> "Request":
        """Replace a request header with the given values (no value removes it)."""
        if self._headers is None:
            self._headers = {}
        canonical = _canonical_header_key(key)
        self._headers.pop(canonical, None)
        if values:
            self._headers[canonical] = list(values)
        return self

    def timeout(self, d: float) -> "Request":
        """Overall time limit in seconds; also sent as the ``timeout`` query parameter."""
        if self._err is None:
            self._timeout = float(d)
        return self

    def max_retries(self, max_retries: int) -> "Request":
        """How many times a Retry-After answer (or a retryable error) is retried; 0 disables retries."""
        self._max_retries = max(0, int(max_retries))
        return self

    def body(self, obj: Any) -> "Request":
        """Set the body: str = read that file, bytes = as is, a binary file object = streamed (never retried),
        an API object = encoded with the content type (and Content-Type set), a dict = Go's json.Marshal (and
        Content-Type application/json unless already set, e.g. by patch()), None = nothing."""
        if self._err is not None:
            return self
        if obj is None:
            return self
        if isinstance(obj, str):
            try:
                with open(obj, "rb") as f:
                    data = f.read()
            except OSError as err:
                self._err = err
                return self
            self._body_stream, self._body_bytes = None, data
        elif isinstance(obj, (bytes, bytearray, memoryview)):
            self._body_stream, self._body_bytes = None, bytes(obj)
        elif hasattr(obj, "read"):
            self._body_stream, self._body_bytes = obj, None
        elif isinstance(obj, dict):
            # A Python convenience (Go has no map body): the dict as Go's json.Marshal writes a map (keys sorted,
            # floats in Go's digits, <, > and & escaped), e.g. a merge patch.
            try:
                data = _gojson.marshal(obj)
            except (TypeError, ValueError) as err:
                self._err = _BuildError(f"cannot encode the body as JSON: {err}")
                return self
            self._body_stream, self._body_bytes = None, data
            if "Content-Type" not in (self._headers or {}):
                self.set_header("Content-Type", "application/json")
        elif _is_object(obj):
            config = self._content_config
            try:
                cached = self._client._content.encoders.get(config.content_type)
                if cached is not None and cached[0] is config.negotiator:
                    encoder = cached[1]
                else:
                    encoder = config.negotiator.encoder(config.content_type, None)
                    self._client._content.encoders[config.content_type] = (config.negotiator, encoder)
                data = runtime.encode(encoder, obj)
            except Exception as err:  # noqa: BLE001 - kept until execution, like Go
                self._err = err
                return self
            self._body_stream, self._body_bytes = None, bytes(data)
            self.set_header("Content-Type", self._content_config.content_type)
        else:
            self._err = _BuildError(f"unknown type used for body: {obj!r}")
        return self

    def error(self) -> None:
        """Raise the error met while building the request, if any."""
        if self._err is not None:
            raise self._err

    def url(self) -> str:
        """The URL this request goes to (check error() for builder errors first)."""
        params = self._params
        if self._timeout != 0:
            params = {k: list(v) for k, v in (params or {}).items()}
            params["timeout"] = [_gotime.duration_string(self._timeout)]
        base = self._client._base
        if base is None or not (base.scheme or base.netloc):
            prefix = ""  # Go's url.URL.String() of a URL without scheme and host is its path
        else:
            prefix = f"{base.scheme}://{base.netloc}" if base.scheme else "//" + base.netloc
        path = _request_path(
            self._path_prefix,
            self._namespace if self._namespace_set else "",
            self._resource,
            self._resource_name,
            self._subresource,
            self._subpath,
            bool(prefix),
        )
        q = _encode_query(params) if params else ""
        return prefix + path + ("?" + q if q else "")

    def __repr__(self) -> str:
        return f"rest.Request({self._verb} {self.url()})"

    # ----- metrics -----
    def _metrics_host(self) -> str:
        """Go's r.URL().Host, "none" without a base URL (the label of the size, result and retry metrics)."""
        base = self._client._base
        return base.netloc if base is not None else "none"

    def _final_url_template(self) -> urllib.parse.SplitResult:
        """Go's finalURLTemplate: the URL with parameter values, namespace and name replaced by placeholders, so
        that the latency metrics' label has few values."""
        params = self._params
        self._params = {k: ["{value}"] for k in params} if params else None
        try:
            u = urllib.parse.urlsplit(self.url())
        finally:
            self._params = params
        base_path = self._client._base.path if self._client._base is not None else ""
        path = u.path
        segments = path.split("/")
        group_index = 0
        trimmed = ""
        if self._client._base is not None and base_path in path:
            p = path.removeprefix(base_path)
            if not p.startswith("/"):
                p = "/" + p
            trimmed = base_path
            segments = p.split("/")
            group_index = 1
        if len(segments) <= 2:
            return u
        if segments[group_index] == "api":
            index = group_index + 2
        elif segments[group_index] == "apis":
            index = group_index + 3
        else:
            return u._replace(path="/{prefix}", query="")
        left = len(segments) - index
        if left == 2:
            segments[index + 1] = "{name}"
        elif left == 3:
            segments[index + 1] = "{name}" if segments[index + 2] in ("finalize", "status") else "{namespace}"
        elif left >= 4:
            segments[index + 1] = "{namespace}"
            if segments[index + 3] not in ("finalize", "status"):
                segments[index + 3] = "{name}"
        return u._replace(path=_gopath.join(trimmed, _gopath.join(*segments)))

    # ----- throttling -----
    def _try_throttle_with_info(self, ctx: context.Context, retry_info: str) -> None:
        limiter = self._rate_limiter
        if limiter is None:
            return
        start = time.monotonic()
        err: Optional[BaseException] = None
        try:
            limiter.wait(ctx)
        except (context.Canceled, context.DeadlineExceeded) as e:
            err = e
        except Exception as e:  # noqa: BLE001 - wrapped like Go's fmt.Errorf("%w")
            err = _RateLimiterError(f"client rate limiter Wait returned an error: {e}")
            err.__cause__ = e
        latency = time.monotonic() - start
        if not metrics.is_noop(metrics.RateLimiterLatency):
            metrics.RateLimiterLatency.observe(ctx, self._verb, self._final_url_template(), latency)
        if latency > LONG_THROTTLE_LATENCY:
            reason = retry_info or "client-side throttling, not priority and fairness"
            msg = 'Waited before sending request delay="%s" reason="%s" verb="%s" URL="%s"'
            args = (_gotime.duration_string(latency), reason, self._verb, _gourl.redacted(self.url()))
            log.debug(msg, *args)
            if latency > EXTRA_LONG_THROTTLE_LATENCY:
                _global_throttled_logger.info(msg, *args)
        if err is not None:
            raise err

    def _try_throttle(self, ctx: context.Context) -> None:
        self._try_throttle_with_info(ctx, "")

    # ----- execution -----
    def _http_client(self) -> Any:
        client = self._client.client
        return client if client is not None else _default_session()

    def _preflight_check(self) -> None:
        if not self._namespace_set or self._namespace:
            return
        if self._verb == "POST":
            raise _BuildError("an empty namespace may not be set during creation")
        if self._verb in ("GET", "PUT", "DELETE") and self._resource_name:
            raise _BuildError("an empty namespace may not be set when a resource name is provided")

    def _new_http_request(self) -> _http.HTTPRequest:
        if self._body_stream is not None and self._body_bytes is not None:
            raise _BuildError("cannot set both body and bodyBytes")
        body = self._body_stream if self._body_stream is not None else self._body_bytes
        headers = {}
        if self._headers:
            for k, v in self._headers.items():  # a loop, not a comprehension: one call less per request
                headers[k] = v[0] if len(v) == 1 else ", ".join(v)
        return _http.HTTPRequest(self._verb, self.url(), headers, body)

    def _attempt(
        self, client: Any, retry: WithRetry, ctx: context.Context
    ) -> tuple[_http.HTTPRequest, Any, Optional[BaseException]]:
        """One attempt: the retry's wait (its error raised as Go returns it), then the request sent; (request,
        response, error) of the exchange."""
        try:
            retry.before(ctx, self)
        except Exception as before_err:  # noqa: BLE001
            raise _as_raisable(retry.wrap_previous_error(before_err)) from None
        req = self._new_http_request()
        try:
            return req, _http.send(client, req, ctx), None
        except Exception as err:  # noqa: BLE001 - Go's client.Do error
            return req, None, err

    def _request(self, ctx: context.Context, fn: Callable[[context.Context, Any, Any], _T]) -> _T:
        """Send the request, with the retries its answers and errors call for; fn(ctx, response, HTTP request) of
        the answer that ends them is returned, the error that ends them raised."""
        start, caller = time.monotonic(), ctx
        try:
            if self._err is not None:
                log.debug("Error in request err=%s", self._err)
                raise self._err
            if self._namespace_set and not self._namespace:
                self._preflight_check()
            client = self._client.client
            if client is None:
                client = _default_session()
            if self._rate_limiter is not None:
                self._try_throttle(ctx)
            cancel = None
            if self._timeout > 0:
                ctx, cancel = context.with_timeout(ctx, self._timeout)
            try:
                retry = self._retry_fn(self._max_retries)
                plain = type(retry) is WithRetry
                while True:
                    req, resp, err = self._attempt(client, retry, ctx)
                    # Go: a body of known length, none counting as 0
                    if self._body_stream is None and not metrics.is_noop(metrics.RequestSize):
                        metrics.RequestSize.observe(ctx, self._verb, self._metrics_host(), len(req.body or b""))
                    retry.after(ctx, self, resp, err)
                    try:
                        if (
                            plain
                            and err is None
                            and (resp is None or (resp.status_code != 429 and resp.status_code < 500))
                        ):
                            pass  # WithRetry.is_next_retry's answer: no error, and no answer that asks for a retry
                        elif retry.is_next_retry(ctx, self, req, resp, err, _retryable_for_request):
                            continue
                        if resp is not None:
                            exchange = getattr(resp, "kpy_exchange", None)  # what _http.watch_context stops
                            try:
                                out = fn(ctx, resp, req)
                            finally:
                                if exchange is not None:
                                    exchange.release()
                    finally:
                        _http.drain_and_close(resp)
                    if err is not None:
                        raise _as_raisable(retry.wrap_previous_error(err)) from None
                    return out
            finally:
                if cancel is not None:
                    cancel()
        finally:
            if not metrics.is_noop(metrics.RequestLatency):
                latency = time.monotonic() - start
                metrics.RequestLatency.observe(caller, self._verb, self._final_url_template(), latency)

    def do(self, ctx: context.Context | None = None) -> Result:
        """Send the request; the Result holds the decoded answer or the error (raised by its accessors)."""
        ctx = ctx if ctx is not None else context.background()
        if self._body_stream is None and log.isEnabledFor(_V8):  # checked here: one call, not two, per request
            log_body(log, "Request Body", self._body_bytes or b"")
        try:
            result = self._request(ctx, self._transform_response)
        except Exception as err:  # noqa: BLE001 - Go returns it inside the Result
            return Result(err=err)
        if (result._err is None or result._body) and not metrics.is_noop(metrics.ResponseSize):
            metrics.ResponseSize.observe(ctx, self._verb, self._metrics_host(), len(result._body or b""))
        return result

    def do_raw(self, ctx: context.Context | None = None) -> bytes:
        """Send the request and return the raw body; a non-2xx answer raises a StatusError."""
        ctx = ctx if ctx is not None else context.background()
        out: dict[str, Any] = {"body": b"", "err": None}
        if self._body_stream is None and log.isEnabledFor(_V8):  # checked here: one call, not two, per request
            log_body(log, "Request Body", self._body_bytes or b"")

        def fn(c: Any, resp: Any, req: Any) -> None:
            try:
                out["body"] = _read_body(resp, c)
            except Exception as err:  # noqa: BLE001
                out["err"] = err
                return
            log_body(log, "Response Body", out["body"])
            if resp.status_code < 200 or resp.status_code > 206:
                out["err"] = self._transform_unstructured_response_error(resp, req, out["body"])

        self._request(ctx, fn)
        if out["err"] is None or out["body"]:
            metrics.ResponseSize.observe(ctx, self._verb, self._metrics_host(), len(out["body"]))
        if out["err"] is not None:
            raise out["err"]
        body: bytes = out["body"]
        return body

    def stream(self, ctx: context.Context | None = None) -> io.BufferedReader:
        """Send the request and return the body as a binary stream: ``read1``, ``readline`` and iteration give what
        has arrived (a followed log's lines as they come); the body's end or ctx's reads as EOF. Close it when done,
        from any thread (a read waiting in another thread then reads the end)."""
        ctx = ctx if ctx is not None else context.background()
        if self._body_stream is None and log.isEnabledFor(_V8):  # checked here: one call, not two, per request
            log_body(log, "Request Body", self._body_bytes or b"")
        if self._err is not None:
            raise self._err
        self._try_throttle(ctx)
        client = self._http_client()
        retry = self._retry_fn(self._max_retries)
        url = self.url()
        while True:
            retry.before(ctx, self)
            req = self._new_http_request()
            resp, err = _send(client, req, ctx)
            retry.after(ctx, self, resp, err)
            if err is not None:
                raise err
            if 200 <= resp.status_code < 300:
                handle_warnings(ctx, _http.header_values(resp, "Warning"), self._warning_handler)
                return _StreamReader(_StreamBody(resp, ctx))
            try:
                if retry.is_next_retry(ctx, self, req, resp, None, never_retry_error):
                    continue
                result = self._transform_response(ctx, resp, req)
                e = result._error()
                if e is not None:
                    raise e
                body = result._body.decode("utf-8", "replace")
                raise _UnexpectedStatusError(f"{result._status_code} while accessing {url}: {body}")
            finally:
                _http.close_response(resp)

    def watch(self, ctx: context.Context | None = None) -> _watch.Interface:
        """Start a watch; returns a watch.Interface whose result_chan() ends when the stream or ctx ends."""
        from kubernetes_py.apimachinery import watch as watchpkg

        ctx = ctx if ctx is not None else context.background()
        if self._body_stream is None and log.isEnabledFor(_V8):  # checked here: one call, not two, per request
            log_body(log, "Request Body", self._body_bytes or b"")
        if self._err is not None:
            raise self._err
        client = self._http_client()

        def is_retryable(request: Any, err: Optional[BaseException]) -> bool:
            return net.is_probable_eof(err) or net.is_timeout(err)

        retry = self._retry_fn(self._max_retries)
        url = self.url()
        while True:
            req, resp, err = self._attempt(client, retry, ctx)
            retry.after(ctx, self, resp, err)
            if err is None and resp.status_code == 200:
                return self._new_stream_watcher(ctx, resp)
            transform_err: Optional[BaseException] = None
            try:
                if retry.is_next_retry(ctx, self, req, resp, err, is_retryable):
                    continue
                if resp is not None:
                    result = self._transform_response(ctx, resp, req)
                    transform_err = result._error() or _UnexpectedStatusError(
                        f"for request {url}, got status: {resp.status_code}"
                    )
            finally:
                _http.drain_and_close(resp)
            if is_retryable(req, err):
                return watchpkg.new_empty_watch()
            if err is None:
                err = transform_err
            raise _as_raisable(retry.wrap_previous_error(err)) from None

    def _new_stream_watcher(self, ctx: context.Context, resp: Any) -> _watch.Interface:
        from kubernetes_py.apimachinery import watch as watchpkg
        from kubernetes_py.apimachinery.api import errors
        from kubernetes_py.apimachinery.runtime.serializer import streaming
        from kubernetes_py.rest import watch as restwatch

        content_type = resp.headers.get("Content-Type", "")
        try:
            media_type, params = _gomime.parse_media_type(content_type)
        except ValueError as err:
            log.debug("Unexpected content type from the server contentType=%s err=%s", content_type, err)
            media_type, params = "", {}
        try:
            object_decoder, streaming_serializer, framer = self._content_config.negotiator.stream_decoder(
                media_type, params
            )
        except Exception:
            resp.close()
            raise
        handle_warnings(ctx, _http.header_values(resp, "Warning"), self._warning_handler)
        body = _StreamBody(resp, ctx)
        frame_reader = framer.new_frame_reader(body)
        event_decoder = streaming.new_decoder(frame_reader, streaming_serializer)
        return watchpkg.new_stream_watcher(
            restwatch.new_decoder(event_decoder, object_decoder),
            errors.new_client_error_reporter(500, self._verb, "ClientWatchDecoding"),
        )

    # ----- responses -----
    def _transform_response(self, ctx: context.Context, resp: Any, req: Any) -> Result:
        try:
            body = _read_body(resp, ctx)
        except Exception as err:  # noqa: BLE001
            log.error("Unexpected error when reading response body: %s", err)
            wrapped = _ReadBodyError(
                f"unexpected error when reading response body. Please retry. Original error: {err}"
            )
            wrapped.__cause__ = err
            return Result(err=wrapped)
        if log.isEnabledFor(_V8):
            log_body(log, "Response Body", body)

        code = resp.status_code
        content_type = _http.header_value(resp, "Content-Type") or self._content_config.content_type
        decoder = None
        negotiator = self._content_config.negotiator
        cached = self._client._content.decoders.get(content_type) if content_type else None
        if cached is not None and cached[0] is negotiator:
            decoder = cached[1]
        elif content_type:
            try:
                media_type, params = _gomime.parse_media_type(content_type)
            except ValueError as err:
                from kubernetes_py.apimachinery.api import errors

                return Result(err=errors.new_internal_error(err))
            try:
                decoder = negotiator.decoder(media_type, params)
            except Exception:  # noqa: BLE001 - no decoder: an unstructured answer
                if code != 101 and (code < 200 or code > 206):
                    return Result(err=self._transform_unstructured_response_error(resp, req, body))
                return Result(
                    body=body,
                    content_type=content_type,
                    status_code=code,
                    warnings=self._handle_warnings(ctx, resp),
                )
            decoders = self._client._content.decoders
            if len(decoders) < 64:  # a server answers in few content types
                decoders[content_type] = (negotiator, decoder)

        if code != 101 and (code < 200 or code > 206):
            retry_after, _ = retry_after_seconds(resp)
            failure = self._new_unstructured_response_error(
                body, _is_text_response(resp), code, req.method, retry_after
            )
            return Result(
                body=body,
                content_type=content_type,
                status_code=code,
                decoder=decoder,
                err=failure,
                warnings=self._handle_warnings(ctx, resp),
            )
        warnings = _http.header_values(resp, "Warning")
        return Result(
            body=body,
            content_type=content_type,
            status_code=code,
            decoder=decoder,
            warnings=handle_warnings(ctx, warnings, self._warning_handler) if warnings else [],
        )

    def _handle_warnings(self, ctx: context.Context, resp: Any) -> list[Any]:
        values = _http.header_values(resp, "Warning")
        return handle_warnings(ctx, values, self._warning_handler) if values else []

    def _transform_unstructured_response_error(self, resp: Any, req: Any, body: Optional[bytes]) -> BaseException:
        retry_after, _ = retry_after_seconds(resp)
        return self._new_unstructured_response_error(
            body or b"", _is_text_response(resp), resp.status_code, req.method, retry_after
        )

    def _new_unstructured_response_error(
        self, body: bytes, is_text: bool, status_code: int, method: str, retry_after: int
    ) -> BaseException:
        from kubernetes_py.apimachinery.api import errors
        from kubernetes_py.apimachinery.runtime import schema

        body = body[:MAX_UNSTRUCTURED_RESPONSE_TEXT_BYTES]
        message = body.decode("utf-8", "replace").strip() if is_text else "unknown"
        group_resource = schema.GroupResource()
        if self._resource:
            group_resource = schema.GroupResource(
                group=self._content_config.group_version.group, resource=self._resource
            )
        return errors.new_generic_server_response(
            status_code, method, group_resource, self._resource_name, message, retry_after, True
        )

    # client-go's unexported methods under their Go names, for tests written against them.
    transform_response = _transform_response
    transform_unstructured_response_error = _transform_unstructured_response_error
    new_unstructured_response_error = _new_unstructured_response_error
    final_url_template = _final_url_template
    try_throttle = _try_throttle
    try_throttle_with_info = _try_throttle_with_info
    request_preflight_check = _preflight_check
    set_param = _set_param

    def new_http_request(self, ctx: context.Context | None = None) -> _http.HTTPRequest:
        """Go's newHTTPRequest: the HTTP request of one attempt (method, URL, headers, body)."""
        return self._new_http_request()

    def request(self, ctx: context.Context | None, fn: Callable[[Any, Any], None]) -> None:
        """Go's request(ctx, fn): send with retries, fn(HTTP request, response) called on the answer that ends
        them; the error that ends them raised."""
        self._request(ctx if ctx is not None else context.background(), lambda c, resp, req: fn(req, resp))


class _RateLimiterError(Exception):
    """The rate limiter failed for another reason than the context ending."""


class _ReadBodyError(Exception):
    """The response body could not be read to its end."""


def _as_raisable(err: Optional[BaseException]) -> BaseException:
    if err is None:
        return RuntimeError("request failed without an error")
    return err


def _retryable_for_request(req: Any, err: BaseException) -> bool:
    # Connection resets and lost connections are retried for GET only: other verbs are not idempotent.
    if req.method != "GET":
        return False
    return net.is_connection_reset(err) or net.is_probable_eof(err) or net.is_http2_connection_lost(err)


def _send(client: Any, req: _http.HTTPRequest, ctx: context.Context) -> tuple[Any, Optional[BaseException]]:
    try:
        return _http.send(client, req, ctx), None
    except Exception as err:  # noqa: BLE001 - Go's client.Do error
        return None, err


def _read_body(resp: Any, ctx: context.Context) -> bytes:
    try:
        body: bytes = resp.content
        return body
    except Exception as err:
        failure = _http.body_error(resp, ctx, err)
        if failure is not None:
            raise failure from err
        raise


def _is_text_response(resp: Any) -> bool:
    content_type = resp.headers.get("Content-Type", "")
    if not content_type:
        return True
    try:
        media, _ = _gomime.parse_media_type(content_type)
    except ValueError:
        return False
    return media.startswith("text/")


@functools.lru_cache(maxsize=512)
def _canonical_header_key(key: str) -> str:
    # Go's textproto.CanonicalMIMEHeaderKey for ordinary token keys: "content-type" -> "Content-Type".
    if not key or any(c in key for c in " \t\r\n:"):
        return key
    return "-".join(part[:1].upper() + part[1:].lower() for part in key.split("-"))


_session_lock = threading.Lock()
_session: Any = None


def _default_session() -> Any:
    """Go's http.DefaultClient: a shared plain requests.Session."""
    global _session
    with _session_lock:
        if _session is None:
            import requests

            _session = requests.Session()
        return _session


def new_request(c: Any) -> Request:
    """A request for the given RESTClient (Go's NewRequest)."""
    return Request(c)
