"""Port of k8s.io/client-go/util/testing's FakeHandler: an HTTP handler that records the last request it served.

``FakeHandler`` answers every request with ``status_code`` and ``response_body`` (JSON content type) and keeps the
request (``request_received``) and its body (``request_body``). Serve it with pytest-httpserver:
``httpserver.expect_request("/foo/bar").respond_with_handler(handler)``; any callable taking a werkzeug request works.
``validate_request`` then reports through ``t.errorf``/``t.logf`` (a ``TestInterface``, printf-style formats) what
differs from the expected path, query, method and body. Not meant for concurrent requests: one request per handler.
"""

from __future__ import annotations

import threading
import urllib.parse
from typing import Any, Callable, Dict, List, Optional, Protocol

__all__ = ["FakeHandler", "LogInterface", "TestInterface"]


class LogInterface(Protocol):
    """Where FakeHandler logs what it served (a test's logf)."""

    def logf(self, format: str, *args: Any) -> None: ...


class TestInterface(LogInterface, Protocol):
    """What validation reports to: errorf and logf, printf-style."""

    def errorf(self, format: str, *args: Any) -> None: ...


class FakeHandler:
    """Records the last request served; see the module docstring."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        status_code: int = 0,
        response_body: str = "",
        t: Optional[LogInterface] = None,
        skip_request_fn: Optional[Callable[[str, urllib.parse.SplitResult], bool]] = None,
    ) -> None:
        self.request_received: Any = None
        self.request_body = ""
        self.status_code = status_code
        self.response_body = response_body
        self.t = t
        self.skip_request_fn = skip_request_fn
        self._lock = threading.Lock()
        self._request_count = 0
        self._has_been_checked = False

    def set_response_body(self, response_body: str) -> None:
        with self._lock:
            self.response_body = response_body

    def __call__(self, request: Any) -> Any:
        """Serve a werkzeug request (pytest-httpserver's respond_with_handler)."""
        from werkzeug import Response

        with self._lock:
            url = urllib.parse.urlsplit(request.url)
            response = Response(self.response_body, status=self.status_code or 200, content_type="application/json")
            if self.skip_request_fn is not None and self.skip_request_fn(request.method, url):
                return response
            self._request_count += 1
            if self._has_been_checked:
                raise RuntimeError("got request after having been validated")
            self.request_received = request
            self.request_body = request.get_data().decode("utf-8", "replace")
            if self.t is not None:
                self.t.logf("request body: %s", self.request_body)
            return response

    def validate_request_count(self, t: TestInterface, count: int) -> bool:
        """Whether exactly ``count`` requests were served (an error reported otherwise); no request may come after."""
        with self._lock:
            ok = True
            if self._request_count != count:
                ok = False
                t.errorf(
                    "Expected %d call, but got %d. Only the last call is recorded and checked.",
                    count,
                    self._request_count,
                )
            self._has_been_checked = True
            return ok

    def validate_request(self, t: TestInterface, expected_path: str, expected_method: str, body: Optional[str]) -> None:
        """Report each way the last request differs from the expected path (and its query), method and body (body
        None: not checked)."""
        with self._lock:
            if self._request_count != 1:
                t.logf("Expected 1 call, but got %s. Only the last call is recorded and checked.", self._request_count)
            self._has_been_checked = True
            expect_url = urllib.parse.urlsplit(expected_path)
            received = self.request_received
            if received is None:
                t.errorf("Unexpected nil request received for %s", expected_path)
                return
            url = urllib.parse.urlsplit(received.url)
            if url.path != expect_url.path:
                t.errorf(
                    "Unexpected request path for request %r, received: %r, expected: %r",
                    received,
                    url.path,
                    expect_url.path,
                )
            expected_query, query = _query(expect_url.query), _query(url.query)
            if expected_query != query:
                t.errorf("Unexpected query for request %r, received: %r, expected: %r", received, query, expected_query)
            if received.method != expected_method:
                t.errorf("Unexpected method: %r, expected: %r", received.method, expected_method)
            if body is not None and body != self.request_body:
                t.errorf("Received body:\n%s\n Doesn't match expected body:\n%s", self.request_body, body)


def _query(raw: str) -> Dict[str, List[str]]:
    """Go's url.Values of a query string (empty values kept)."""
    return urllib.parse.parse_qs(raw, keep_blank_values=True)
