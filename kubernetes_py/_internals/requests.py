"""requests' private parts of a Response: whether its body was read, and a body given at construction.

requests has no public way to ask whether a streamed body was consumed (``_content_consumed``), which decides
whether a small unread body is drained so the connection can be reused; nor to build a Response whose body is
already read (``_content``), as a cached response is. (transport.http_transport.Response, which skips
requests.Response.__init__ and sets its attributes itself, depends on their list: the test checks it too.)"""

from __future__ import annotations

from typing import Any

import requests


def content_consumed(resp: Any) -> bool:
    """Whether the body was read (True for a response that is not a requests.Response, which has none to read)."""
    return getattr(resp, "_content_consumed", True)


def set_content(resp: requests.Response, body: bytes) -> None:
    """Give a Response its whole body, as read."""
    resp._content = body
    resp._content_consumed = True
