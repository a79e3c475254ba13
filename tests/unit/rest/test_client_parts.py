"""Server URL defaulting, User-Agent, back-off managers and retry bookkeeping (client-go's unit cases)."""

from __future__ import annotations

import re
import time

import pytest
from requests.structures import CaseInsensitiveDict

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.rest import user_agent
from kubernetes_py.rest.with_retry import WithRetry
from kubernetes_py.util import flowcontrol

V1 = schema.GroupVersion(version="v1")


@pytest.mark.parametrize(
    "host,api_path,url",
    [
        ("127.0.0.1", "", "http://127.0.0.1/v1"),
        ("127.0.0.1:8080", "", "http://127.0.0.1:8080/v1"),
        ("foo.bar.com", "", "http://foo.bar.com/v1"),
        ("http://host/prefix", "", "http://host/prefix/v1"),
        ("http://host", "", "http://host/v1"),
        ("http://host", "/", "http://host/v1"),
        ("http://host", "/other", "http://host/other/v1"),
    ],
)
def test_default_server_url(host, api_path, url):
    u, versioned = rest.default_server_url(host, api_path, V1, False)
    assert f"{u.scheme}://{u.netloc}" + (u.path.rstrip("/") + versioned) == url


def test_default_server_url_errors_and_tls():
    with pytest.raises(ValueError) as info:
        rest.default_server_url("host/server", "", V1, False)
    assert str(info.value) == 'host must be a URL or a host:port pair: "host/server"'
    with pytest.raises(ValueError) as info:
        rest.default_server_url("", "", V1, False)
    assert str(info.value) == "host must be a URL or a host:port pair"
    assert rest.default_server_url("h:6443", "", V1, True)[0].scheme == "https"


def test_default_versioned_api_path():
    assert rest.default_versioned_api_path("/api", V1) == "/api/v1"
    assert rest.default_versioned_api_path("apis", schema.GroupVersion("apps", "v1")) == "/apis/apps/v1"
    assert rest.default_versioned_api_path("", schema.GroupVersion()) == "/"


def test_default_server_url_for_config():
    c = rest.Config(host="", api_path="/api", group_version=V1)
    u, p = rest.default_server_url_for(c)
    assert (u.scheme, u.netloc, p) == ("http", "localhost", "/api/v1")
    c = rest.Config(host="h:6443", api_path="/apis", insecure=True)
    u, p = rest.default_server_url_for(c)
    assert (u.scheme, u.netloc, p) == ("https", "h:6443", "/apis")
    c = rest.Config(host="h", ca_data=b"pem")
    assert rest.default_server_url_for(c)[0].scheme == "https"


def test_user_agent_format_and_adjusters():
    assert re.fullmatch(
        r"[^/ ]+/(v[0-9][^ ]*|unknown) \([a-z0-9]+/[a-z0-9_]+\) kubernetes/unknown",
        rest.default_kubernetes_user_agent(),
    )
    assert (
        user_agent.build_user_agent("kubectl", "v1.37.1", "linux", "amd64", "abc1234")
        == "kubectl/v1.37.1 (linux/amd64) kubernetes/abc1234"
    )
    assert user_agent.adjust_version("v1.37.1-beta.0+dirty") == "v1.37.1"
    assert user_agent.adjust_version("") == "unknown"
    assert user_agent.adjust_commit("0123456789abcdef") == "0123456"
    assert user_agent.adjust_commit("") == "unknown"
    assert user_agent.adjust_command("/usr/local/bin/controller") == "controller"
    assert user_agent.adjust_command("") == "unknown"


def test_set_kubernetes_defaults_and_add_user_agent():
    c = rest.Config()
    rest.set_kubernetes_defaults(c)
    assert c.user_agent == rest.default_kubernetes_user_agent()
    c = rest.Config(user_agent="mine")
    rest.set_kubernetes_defaults(c)
    assert c.user_agent == "mine"
    assert (
        rest.add_user_agent(rest.Config(), "leader-election").user_agent
        == rest.default_kubernetes_user_agent() + "/leader-election"
    )


def test_url_backoff_is_per_host():
    b = rest.URLBackoff(flowcontrol.new_back_off(1, 60))
    b.update_backoff("http://100.200.300.400:8080", None, 500)
    b.update_backoff("http://1.2.3.4:8080", None, 500)
    assert b.calculate_backoff("http://1.2.3.4:100") == 0


def test_url_backoff_grows_on_429_and_5xx_and_resets_otherwise():
    b = rest.URLBackoff(flowcontrol.new_back_off(1, 60))
    expected = [0, 1, 2, 4, 8, 0, 1, 2]
    codes = [429, 500, 501, 502, 300, 500, 501, 502]
    for sec, code in zip(expected, codes):
        got = b.calculate_backoff("http://1.2.3.4:100")
        assert sec <= got <= sec + 5
        b.update_backoff("http://1.2.3.4:100/responseCodeForFuncTest", None, code)
    assert b.calculate_backoff("http://1.2.3.4:100") > 0


def test_no_backoff_sleep_with_a_done_context_returns_at_once():
    b = rest.NoBackoff()
    assert b.calculate_backoff(None) == 0 and b.calculate_backoff_with_context(None, None) == 0
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    start = time.monotonic()
    b.sleep_with_context(ctx, 600)
    assert time.monotonic() - start < 1


def test_back_off_env_configures_url_backoff(monkeypatch):
    monkeypatch.setenv("KUBE_CLIENT_BACKOFF_BASE", "2")
    monkeypatch.setenv("KUBE_CLIENT_BACKOFF_DURATION", "30")
    r = rest.new_rest_client("http://h", "/api/v1", rest.ClientContentConfig(), None, None).get()
    assert isinstance(r._backoff, rest.URLBackoff)
    monkeypatch.setenv("KUBE_CLIENT_BACKOFF_BASE", "x")
    r = rest.new_rest_client("http://h", "/api/v1", rest.ClientContentConfig(), None, None).get()
    assert isinstance(r._backoff, rest.NoBackoff)


class _Resp:
    def __init__(self, code, headers=None):
        self.status_code = code
        self.headers = CaseInsensitiveDict(headers or {})


class _Req:
    _body_stream = None


class _HTTPReq:
    method = "GET"


def _retry_after(w: WithRetry):
    ra = w.retry_after
    return None if ra is None else (ra.attempt, ra.wait, ra.reason)


def test_is_next_retry_cases():
    fake = RuntimeError("fake error")
    w = WithRetry(2)
    assert w.is_next_retry(None, _Req(), _HTTPReq(), None, None, None) is False
    assert _retry_after(w) is None

    w = WithRetry(0)
    assert w.is_next_retry(None, _Req(), _HTTPReq(), _Resp(500, {"Retry-After": "1"}), None, None) is False
    assert _retry_after(w) == (1, 0.0, "")

    w = WithRetry(3)
    assert w.is_next_retry(None, _Req(), _HTTPReq(), None, fake, lambda r, e: e is fake) is True
    assert _retry_after(w) == (
        1,
        1.0,
        "retries: 1, retry-after: 1s - retry-reason: due to retryable error, error: fake error",
    )

    w = WithRetry(3)
    assert w.is_next_retry(None, _Req(), _HTTPReq(), None, fake, lambda r, e: False) is False

    w = WithRetry(3)
    resp = _Resp(429, {"Retry-After": "2", "X-Kubernetes-PF-FlowSchema-UID": "fs-uid"})
    assert w.is_next_retry(None, _Req(), _HTTPReq(), resp, None, None) is True
    assert _retry_after(w) == (
        1,
        2.0,
        'retries: 1, retry-after: 2s - retry-reason: due to server-side throttling, FlowSchema UID: "fs-uid"',
    )

    w = WithRetry(3)
    assert w.is_next_retry(None, _Req(), _HTTPReq(), _Resp(503, {"Retry-After": "3"}), None, None) is True
    assert _retry_after(w) == (1, 3.0, "retries: 1, retry-after: 3s - retry-reason: 503")

    w = WithRetry(3)
    for code, header in [(200, "1"), (404, "1"), (500, ""), (500, "1.5")]:
        assert w.is_next_retry(None, _Req(), _HTTPReq(), _Resp(code, {"Retry-After": header}), None, None) is False

    streamed = _Req()
    streamed._body_stream = object()
    assert WithRetry(3).is_next_retry(None, streamed, _HTTPReq(), _Resp(429, {"Retry-After": "1"}), None, None) is False


def test_wrap_previous_error():
    w = WithRetry(3)
    assert w.wrap_previous_error(None) is None
    current = RuntimeError("EOF")
    assert w.wrap_previous_error(current) is current
    w._previous_err = RuntimeError("EOF")
    assert w.wrap_previous_error(current) is current
    w._previous_err = RuntimeError("unknown error")
    wrapped = w.wrap_previous_error(current)
    assert str(wrapped) == "EOF - error from a previous attempt: unknown error"
    assert wrapped.unwrap() is current


def test_retry_wait_is_tracked_across_attempts():
    w = WithRetry(3)
    err1, err2 = RuntimeError("first"), RuntimeError("second")
    w.is_next_retry(None, _Req(), _HTTPReq(), None, err1, lambda r, e: True)
    w.is_next_retry(None, _Req(), _HTTPReq(), None, err2, lambda r, e: True)
    assert str(w.wrap_previous_error(err2)) == "second - error from a previous attempt: first"
