"""client-go rest/url_utils_test.go, urlbackoff_test.go and warnings_test.go, case for case (names of the Go tests in
each docstring)."""

from __future__ import annotations

import time
import urllib.parse

import pytest

from kubernetes_py import context, rest
from kubernetes_py._go import path as gopath
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.util import flowcontrol

V1 = schema.GroupVersion(version="v1")


@pytest.mark.parametrize(
    "host,api_path,url,err",
    [
        ("127.0.0.1", "", "http://127.0.0.1/v1", False),
        ("127.0.0.1:8080", "", "http://127.0.0.1:8080/v1", False),
        ("foo.bar.com", "", "http://foo.bar.com/v1", False),
        ("http://host/prefix", "", "http://host/prefix/v1", False),
        ("http://host", "", "http://host/v1", False),
        ("http://host", "/", "http://host/v1", False),
        ("http://host", "/other", "http://host/other/v1", False),
        ("host/server", "", "", True),
    ],
)
def test_validates_host_parameter(host, api_path, url, err):
    """TestValidatesHostParameter."""
    if err:
        with pytest.raises(ValueError):
            rest.default_server_url(host, api_path, V1, False)
        return
    u, versioned_api_path = rest.default_server_url(host, api_path, V1, False)
    assert urllib.parse.urlunsplit(u._replace(path=gopath.join(u.path, versioned_api_path))) == url


def test_url_backoff_functionality_collisions():
    """TestURLBackoffFunctionalityCollisions: back-off is kept per host and port."""
    b = rest.URLBackoff(flowcontrol.new_back_off(1, 60))
    b.update_backoff("http://100.200.300.400:8080", None, 500)
    b.update_backoff("http://1.2.3.4:8080", None, 500)
    assert b.calculate_backoff("http://1.2.3.4:100") == 0


def test_url_backoff_functionality():
    """TestURLBackoffFunctionality: 429 and 5xx double the wait, anything below 300 or 300 itself resets it."""
    b = rest.URLBackoff(flowcontrol.new_back_off(1, 60))
    seconds = [0, 1, 2, 4, 8, 0, 1, 2]
    codes = [429, 500, 501, 502, 300, 500, 501, 502]
    for sec, code in zip(seconds, codes):
        got = b.calculate_backoff("http://1.2.3.4:100")
        assert sec <= got <= sec + 5
        b.update_backoff("http://1.2.3.4:100/responseCodeForFuncTest", None, code)
    assert b.calculate_backoff("http://1.2.3.4:100") != 0


class _MockBackoffManager:
    """mocks_test.go's MockBackoffManager: records each call and answers CalculateBackoff with one second."""

    def __init__(self):
        self.calls = []

    def update_backoff(self, actual_url, err, response_code):
        self.calls.append(("UpdateBackoff", actual_url, err, response_code))

    def calculate_backoff(self, actual_url):
        self.calls.append(("CalculateBackoff", actual_url))
        return 1.0

    def sleep(self, d):
        self.calls.append(("Sleep", d))


def test_backoff_manager_nop_context():
    """TestBackoffManagerNopContext: the context-free manager gets each call without the context."""
    mock = _MockBackoffManager()
    err = ValueError("fake error")
    wrapper = rest.backoffManagerNopContext(mock)
    ctx = context.background()
    wrapper.sleep_with_context(ctx, 42.0)
    assert wrapper.calculate_backoff_with_context(ctx, "") == 1.0
    wrapper.update_backoff_with_context(ctx, "", err, 404)
    assert mock.calls == [("Sleep", 42.0), ("CalculateBackoff", ""), ("UpdateBackoff", "", err, 404)]


def test_no_backoff():
    """TestNoBackoff: no wait, and a cancelled context makes even a ten-minute sleep return at once."""
    backoff = rest.NoBackoff()
    assert backoff.calculate_backoff(None) == 0
    assert backoff.calculate_backoff_with_context(context.background(), None) == 0
    start = time.monotonic()
    backoff.sleep(0)
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    backoff.sleep_with_context(ctx, 600)
    assert time.monotonic() - start < 5


class _Handler:
    def __init__(self):
        self.messages = []

    def handle_warning_header(self, code, agent, text):
        self.messages.append(text)


class _HandlerWithContext:
    def handle_warning_header_with_context(self, ctx, code, agent, text):
        pass


@pytest.fixture
def restore_default_handler():
    handler = rest.get_default_warning_handler()
    yield
    rest.set_default_warning_handler_with_context(handler)


def test_default_warning_handler(restore_default_handler):
    """TestDefaultWarningHandler: WarningLogger by default; a context-free handler is wrapped, None clears."""
    assert type(rest.get_default_warning_handler()) is rest.WarningLogger
    handler = _Handler()
    rest.set_default_warning_handler(handler)
    rest.get_default_warning_handler().handle_warning_header_with_context(context.background(), 0, "", "message")
    assert handler.messages == ["message"]
    rest.set_default_warning_handler(None)
    assert rest.get_default_warning_handler() is None
    with_ctx = _HandlerWithContext()
    rest.set_default_warning_handler_with_context(with_ctx)
    assert rest.get_default_warning_handler() is with_ctx
    rest.set_default_warning_handler_with_context(None)
    assert rest.get_default_warning_handler() is None
