"""client-go rest/request_test.go: TestRetryableConditions (which answers and errors are retried, by verb and by
Do, DoRaw, Stream and Watch) and TestRequestConcurrencyWithRetry."""

from __future__ import annotations

import errno
import socket
import threading

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake

from ._request_calls import NoSleepBackOff, do, do_raw, stream, watch
from kubernetes_py.rest.with_retry import retry_after_response_with_code_and_delay

V1 = schema.GroupVersion(version="v1")
ALL_VERBS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def _content() -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


METHODS = {"Do": do, "DoRaw": do_raw, "Stream": stream, "Watch": watch}
ALWAYS = dict.fromkeys(METHODS, True)
NEVER = dict.fromkeys(METHODS, False)
EXCEPT_STREAM = {"Do": True, "DoRaw": True, "Watch": True, "Stream": False}

CASES = [
    ("{429, Retry-After}", ALL_VERBS, lambda: retry_after_response_with_code_and_delay(429, "0"), ALWAYS),
    ("{503, Retry-After}", ALL_VERBS, lambda: retry_after_response_with_code_and_delay(503, "0"), ALWAYS),
    ("5xx, but no Retry-After", ALL_VERBS, lambda: fake.new_response(500), NEVER),
    ("429 but no Retry-After", ALL_VERBS, lambda: fake.new_response(429), NEVER),
    (
        "connection reset error",
        ["GET"],
        lambda: ConnectionResetError(errno.ECONNRESET, "connection reset"),
        EXCEPT_STREAM,
    ),
    ("EOF error", ["GET"], lambda: EOFError("EOF"), EXCEPT_STREAM),
    ("unexpected EOF error", ["GET"], lambda: EOFError("unexpected EOF"), EXCEPT_STREAM),
    (
        "broken connection error",
        ["GET"],
        lambda: RuntimeError("http: can't write HTTP request on broken connection"),
        EXCEPT_STREAM,
    ),
    (
        "GOAWAY error",
        ["GET"],
        lambda: RuntimeError("http2: server sent GOAWAY and closed the connection"),
        EXCEPT_STREAM,
    ),
    ("connection reset by peer error", ["GET"], lambda: RuntimeError("connection reset by peer"), EXCEPT_STREAM),
    (
        "use of closed network connection error",
        ["GET"],
        lambda: RuntimeError("use of closed network connection"),
        EXCEPT_STREAM,
    ),
    ("connection refused error", ["GET", "POST"], lambda: ConnectionRefusedError(errno.ECONNREFUSED, "refused"), NEVER),
    (
        "EOF error on POST",
        ["POST"],
        lambda: EOFError("EOF"),
        {"Do": False, "DoRaw": False, "Watch": True, "Stream": False},  # Watch: GET only in practice
    ),
    (
        "timeout error",
        ["GET"],
        lambda: socket.timeout("i/o timeout"),
        {"Do": False, "DoRaw": False, "Watch": True, "Stream": False},
    ),
    ("OK, never retry", ALL_VERBS, lambda: fake.new_response(200), NEVER),
    ("{3xx, Retry-After}", ALL_VERBS, lambda: fake.new_response(301, b"", {"Retry-After": "0"}), NEVER),
]

PARAMS = [
    pytest.param(answer, method, verb, expected, id=f"{name}/{method}/{verb}")
    for name, verbs, answer, expectation in CASES
    for method, expected in expectation.items()
    for verb in verbs
]


@pytest.mark.parametrize("answer,method,verb,retry_expected", PARAMS)
def test_retryable_conditions(answer, method, verb, retry_expected):
    """TestRetryableConditions: max retries 2, so a retried request is tried three times, another once."""
    attempts = [0]

    def rt(req):
        attempts[0] += 1
        got = answer()
        if isinstance(got, BaseException):
            raise got
        return got

    r = rest.new_request_with_client("http://localhost:123/apis", "", _content(), fake.create_http_client(rt))
    r.verb(verb).max_retries(2)
    r._backoff = NoSleepBackOff()
    METHODS[method](r)
    assert attempts[0] == (3 if retry_expected else 1)


def test_request_concurrency_with_retry():
    """TestRequestConcurrencyWithRetry: one Request done from 20 threads at once, each with its own ten attempts."""
    lock = threading.Lock()
    attempts = [0]

    def rt(req):
        with lock:
            attempts[0] += 1
        return fake.new_response(500, b"", {"Retry-After": "1"})

    r = rest.new_request_with_client("http://localhost", "", _content(), fake.create_http_client(rt))
    r.verb("POST").max_retries(9)
    r._backoff = NoSleepBackOff()
    start = threading.Event()

    def do():
        start.wait(10)
        r.do(context.background())

    threads = [threading.Thread(target=do, name=f"test request {i}") for i in range(20)]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert attempts[0] == 20 * 10
