"""util/testing: fake_handler_test.go ported test by test (the handler served by pytest-httpserver)."""

from __future__ import annotations

from typing import Any, List

import re

import pytest
import requests

from kubernetes_py.util.testing import FakeHandler


class FakeError:
    """fake_handler_test.go's fakeError: records the format of each error."""

    def __init__(self) -> None:
        self.errors: List[str] = []
        self.logs: List[str] = []

    def errorf(self, format: str, *args: Any) -> None:
        self.errors.append(format)

    def logf(self, format: str, *args: Any) -> None:
        self.logs.append(format % args)


class RaisingT:
    """A test that fails on any error, as Go's *testing.T passed to ValidateRequest."""

    def errorf(self, format: str, *args: Any) -> None:
        pytest.fail(format % args)

    def logf(self, format: str, *args: Any) -> None:
        pass


def serve(httpserver, handler: FakeHandler):
    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return httpserver.url_for("")


def test_fake_handler_path(httpserver):
    handler = FakeHandler(status_code=200)
    url = serve(httpserver, handler)
    resp = requests.request("GET", url.rstrip("/") + "/foo/bar", data="somebody", timeout=5)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    handler.validate_request(RaisingT(), "/foo/bar", "GET", "somebody")


def test_fake_handler_path_no_body(httpserver):
    handler = FakeHandler(status_code=200)
    url = serve(httpserver, handler)
    requests.request("GET", url.rstrip("/") + "/foo/bar", timeout=5)
    handler.validate_request(RaisingT(), "/foo/bar", "GET", None)


@pytest.mark.parametrize(
    "method,path,sent_body,expected_body,error",
    [
        ("GET", "/foo/baz", None, None, "Unexpected request path for request %r, received: %r, expected: %r"),
        ("PUT", "/foo/bar", None, None, "Unexpected method: %r, expected: %r"),
        ("GET", "/foo/bar", "somebody", "otherbody", "Received body:\n%s\n Doesn't match expected body:\n%s"),
        ("GET", "/foo/bar", None, "somebody", "Received body:\n%s\n Doesn't match expected body:\n%s"),
        ("GET", "/foo/bar?a=1", None, None, "Unexpected query for request %r, received: %r, expected: %r"),
    ],
    ids=["TestFakeHandlerWrongPath", "TestFakeHandlerWrongMethod", "TestFakeHandlerWrongBody", "TestFakeHandlerNilBody",
         "wrong query"],
)  # fmt: skip
def test_fake_handler_wrong(httpserver, method, path, sent_body, expected_body, error):
    handler = FakeHandler(status_code=200)
    url = serve(httpserver, handler)
    requests.request(method, url.rstrip("/") + path, data=sent_body, timeout=5)
    fake_t = FakeError()
    handler.validate_request(fake_t, "/foo/bar", "GET", expected_body)
    assert fake_t.errors == [error]


def test_request_count_skip_and_no_request_after_validation(httpserver):
    handler = FakeHandler(status_code=201, response_body='{"a":1}', skip_request_fn=lambda verb, u: u.path == "/skip")
    url = serve(httpserver, handler).rstrip("/")
    assert requests.get(url + "/skip", timeout=5).text == '{"a":1}'
    handler.set_response_body('{"b":2}')
    resp = requests.post(url + "/x", data="body", timeout=5)
    assert (resp.status_code, resp.text) == (201, '{"b":2}')
    fake_t = FakeError()
    assert not handler.validate_request_count(fake_t, 2)
    assert fake_t.errors == ["Expected %d call, but got %d. Only the last call is recorded and checked."]
    assert handler.validate_request_count(fake_t, 1)
    assert requests.get(url + "/skip", timeout=5).status_code == 201  # skipped requests are still served
    assert requests.get(url + "/late", timeout=5).status_code == 500  # the handler raised
    with pytest.raises(RuntimeError, match="^got request after having been validated$"):
        handler(type("R", (), {"url": "http://x/late", "method": "GET"})())


def test_nothing_received():
    fake_t = FakeError()
    FakeHandler(status_code=200).validate_request(fake_t, "/foo", "GET", None)
    assert fake_t.errors == ["Unexpected nil request received for %s"]
    assert fake_t.logs == ["Expected 1 call, but got 0. Only the last call is recorded and checked."]
