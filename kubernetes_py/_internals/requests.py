"""requests' private parts of a Response: whether its body was read, and a body given at construction; and a
PreparedRequest's headers as this library keeps them.

requests has no public way to ask whether a streamed body was consumed (``_content_consumed``), which decides
whether a small unread body is drained so the connection can be reused; nor to build a Response whose body is
already read (``_content``), as a cached response is. (transport.http_transport.Response, which skips
requests.Response.__init__ and sets its attributes itself, depends on their list: the test checks it too.)
A PreparedRequest's headers are typed as requests' CaseInsensitiveDict; the transport keeps urllib3's HTTPHeaderDict
there instead, which holds repeated values (``set_request_headers``)."""

from __future__ import annotations

from typing import Any

import requests
from urllib3 import HTTPHeaderDict


def content_consumed(resp: Any) -> bool:
    """Whether the body was read (True for a response that is not a requests.Response, which has none to read)."""
    return bool(getattr(resp, "_content_consumed", True))


def set_content(resp: requests.Response, body: bytes) -> None:
    """Give a Response its whole body, as read."""
    vars(resp).update(_content=body, _content_consumed=True)


def set_request_headers(req: requests.PreparedRequest, headers: HTTPHeaderDict) -> None:
    """Give a PreparedRequest urllib3 headers (requests sends any mapping it holds there)."""
    req.__dict__["headers"] = headers
