"""urllib3's private parts: an HTTPHeaderDict's storage, and the socket under a response of another session.

* ``header_container(headers)``: the dict an HTTPHeaderDict keeps ({lowercased name: [name, value, ...]}).
  Filling it directly is the transport's way of building a response's headers: ``add()`` checks each argument's
  type, a tenth of a request's CPU.
* ``response_socket(raw)``: the socket under a urllib3 HTTPResponse, for cutting a response that a session other
  than the client's own transport opened (a context cancelled): through the public ``connection`` while the
  response holds its connection, else through http.client's response (urllib3's ``_fp``), whose socket file
  keeps the socket (``_sock``).
"""
from __future__ import annotations

from typing import Any, Optional

from urllib3 import HTTPHeaderDict


def header_container(headers: HTTPHeaderDict) -> dict:
    return headers._container  # type: ignore[attr-defined]


def response_socket(raw: Any) -> Optional[Any]:
    """The socket under a urllib3 response, or None when it has none (any other object, a closed response)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock
