"""urllib3's private parts: an HTTPHeaderDict's storage, and the socket under a response of another session.

* ``header_container(headers)``: the dict an HTTPHeaderDict keeps ({lowercased name: [name, value, ...]}).
  Filling it directly is the transport's way of building a response's headers: ``add()`` checks each argument's
  type, a tenth of a request's CPU.
* ``headers_with_storage(container)``: an HTTPHeaderDict over a storage built elsewhere (the transport's response
  parser), without its ``__init__``.
* ``copy_headers(headers)``: a copy of an HTTPHeaderDict (or a plain dict of str names) made by copying that
  storage, as ``HTTPHeaderDict(headers)`` would make it value for value, without its per-name calls.
* ``header_value(headers, lower_name, default)``: ``headers.get(name, default)`` from that storage (the name given
  lowercased), without the Mapping machinery's three calls.
* ``response_socket(raw)``: the socket under a urllib3 HTTPResponse, for cutting a response that a session other
  than the client's own transport opened (a context cancelled): through the public ``connection`` while the
  response holds its connection, else through http.client's response (urllib3's ``_fp``), whose socket file
  keeps the socket (``_sock``).
"""

from __future__ import annotations

from typing import Any, MutableMapping, Optional

from urllib3 import HTTPHeaderDict


def header_container(headers: HTTPHeaderDict) -> MutableMapping[str, list[str]]:
    return headers._container


_new_headers = HTTPHeaderDict.__new__


def headers_with_storage(container: dict[str, list[str]]) -> HTTPHeaderDict:
    out = _new_headers(HTTPHeaderDict)
    out._container = container
    return out


def copy_headers(headers: Any) -> HTTPHeaderDict:
    out = _new_headers(HTTPHeaderDict)
    out._container = {}
    if type(headers) is HTTPHeaderDict:
        out._container = {k: list(v) for k, v in headers._container.items()}
    elif type(headers) is dict:
        container = out._container
        for name, value in headers.items():
            if type(name) is not str:
                out.add(name, value)
                continue
            entry = container.get(name.lower())
            if entry is None:
                container[name.lower()] = [name, value]
            else:
                entry.append(value)
    else:
        out.extend(headers)
    return out


def header_value(headers: HTTPHeaderDict, lower_name: str, default: Any = None) -> Any:
    entry = headers._container.get(lower_name)
    if entry is None:
        return default
    return entry[1] if len(entry) == 2 else ", ".join(entry[1:])


def response_socket(raw: Any) -> Optional[Any]:
    """The socket under a urllib3 response, or None when it has none (any other object, a closed response)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock
