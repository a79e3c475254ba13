"""client-go's transport tests (transport_test.go, round_trippers_test.go, token_source_test.go), ported case by case
over an in-memory delegate that records the request it was given (Go's testRoundTripper)."""

from __future__ import annotations

import base64
import logging
import re
import threading
import time

import pytest
import requests
from requests import PreparedRequest, Response

from kubernetes_py import context, features, transport
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.transport import tls

from ._pki import PKI


class FakeRoundTripper:
    """Go's testRoundTripper: remembers the request, answers resp (or raises err)."""

    def __init__(self, resp: Response | None = None, err: Exception | None = None):
        self.request: PreparedRequest | None = None
        self.resp = resp
        self.err = err

    def send(self, request, **kwargs):
        self.request = request
        if self.err is not None:
            raise self.err
        return self.resp

    def close(self):
        pass


def _header_lists(req: PreparedRequest) -> dict[str, list[str]]:
    h = req.headers
    if not hasattr(h, "getlist"):
        return {k: [v] for k, v in h.items()}
    return {k: h.getlist(k) for k in h.keys()}


# --- round_trippers_test.go ----------------------------------------------------------------------------


def test_bearer_auth_round_tripper():  # TestBearerAuthRoundTripper
    rt = FakeRoundTripper()
    req = PreparedRequest()
    transport.new_bearer_auth_round_tripper("test", rt).round_trip(req)
    assert rt.request is not None and rt.request is not req
    assert rt.request.headers["Authorization"] == "Bearer test"
    assert req.headers is None  # the caller's request is untouched


@pytest.mark.parametrize("user,password", [("user", "pass"), ("user", "")], ids=["basic", "no pass"])
def test_basic_auth_round_tripper(user, password):  # TestBasicAuthRoundTripper
    rt = FakeRoundTripper()
    req = PreparedRequest()
    transport.new_basic_auth_round_tripper(user, password, rt).round_trip(req)
    assert rt.request is not None and rt.request is not req
    scheme, _, encoded = rt.request.headers["Authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"{user}:{password}"


def test_user_agent_round_tripper():  # TestUserAgentRoundTripper
    rt = FakeRoundTripper()
    req = requests.Request("GET", "http://h/", headers={"User-Agent": "other"}).prepare()
    transport.new_user_agent_round_tripper("test", rt).round_trip(req)
    assert rt.request is req  # an agent already set: the request is passed on as it is
    assert rt.request.headers["User-Agent"] == "other"

    req = PreparedRequest()
    transport.new_user_agent_round_tripper("test", rt).round_trip(req)
    assert rt.request is not None and rt.request is not req
    assert rt.request.headers["User-Agent"] == "test"


@pytest.mark.parametrize(
    "config,expected",
    [
        (
            transport.ImpersonationConfig(
                user_name="user",
                uid="uid-a",
                groups=["one", "two"],
                extra={"first": ["A", "a"], "second": ["B", "b"]},
            ),
            {
                "Impersonate-User": ["user"],
                "Impersonate-Uid": ["uid-a"],
                "Impersonate-Group": ["one", "two"],
                "Impersonate-Extra-First": ["A", "a"],
                "Impersonate-Extra-Second": ["B", "b"],
            },
        ),
        (
            transport.ImpersonationConfig(
                user_name="user", groups=["one", "two"], extra={"first": ["A", "a"], "second": ["B", "b"]}
            ),
            {
                "Impersonate-User": ["user"],
                "Impersonate-Group": ["one", "two"],
                "Impersonate-Extra-First": ["A", "a"],
                "Impersonate-Extra-Second": ["B", "b"],
            },
        ),
        (
            transport.ImpersonationConfig(user_name="user", uid="uid-a"),
            {"Impersonate-User": ["user"], "Impersonate-Uid": ["uid-a"]},
        ),
        (
            transport.ImpersonationConfig(user_name="user", extra={"test.example.com/thing.thing": ["A", "a"]}),
            {"Impersonate-User": ["user"], "Impersonate-Extra-Test.example.com%2fthing.thing": ["A", "a"]},
        ),
        (
            transport.ImpersonationConfig(
                user_name="user", extra={"test.example.com/thing.thing%20another.thing": ["A", "a"]}
            ),
            {
                "Impersonate-User": ["user"],
                "Impersonate-Extra-Test.example.com%2fthing.thing%2520another.thing": ["A", "a"],
            },
        ),
    ],
    ids=["all", "username, groups and extra", "username and uid", "escape handling", "double escape handling"],
)
def test_impersonation_round_tripper(config, expected):  # TestImpersonationRoundTripper
    rt = FakeRoundTripper()
    req = requests.Request("GET", "http://h/").prepare()
    transport.new_impersonating_round_tripper(config, rt).round_trip(req)
    assert _header_lists(rt.request) == expected


def test_impersonation_round_tripper_leaves_an_impersonating_request_alone():
    rt = FakeRoundTripper()
    req = requests.Request("GET", "http://h/", headers={"Impersonate-User": "someone"}).prepare()
    transport.new_impersonating_round_tripper(
        transport.ImpersonationConfig(user_name="user", groups=["g"]), rt
    ).round_trip(req)
    assert rt.request is req and _header_lists(req) == {"Impersonate-User": ["someone"]}


@pytest.mark.parametrize(
    "extra,expected_extra",
    [
        (
            {"one": ["alpha", "bravo"], "two": ["charlie", "delta"]},
            {"one": ["alpha", "bravo"], "two": ["charlie", "delta"]},
        ),
        (
            {"one": ["alpha", "bravo"], "example.com/two": ["charlie", "delta"]},
            {"one": ["alpha", "bravo"], "example.com%2ftwo": ["charlie", "delta"]},
        ),
        (
            {"one": ["alpha", "bravo"], "example.com/two%20three": ["charlie", "delta"]},
            {"one": ["alpha", "bravo"], "example.com%2ftwo%2520three": ["charlie", "delta"]},
        ),
    ],
    ids=["allfields", "escaped extra", "double escaped extra"],
)
def test_auth_proxy_round_tripper(extra, expected_extra):  # TestAuthProxyRoundTripper
    uid = "7db46926-e803-4337-9a29-f9c1fab7d34a"
    rt = FakeRoundTripper()
    req = PreparedRequest()
    transport.new_auth_proxy_round_tripper("user", uid, ["groupA", "groupB"], extra, rt).round_trip(req)
    assert rt.request is not None and rt.request is not req
    h = _header_lists(rt.request)
    assert h["X-Remote-User"] == ["user"]
    assert h["X-Remote-Uid"] == [uid]
    assert h["X-Remote-Group"] == ["groupA", "groupB"]
    prefix = "x-remote-extra-"
    assert {k[len(prefix) :].lower(): v for k, v in h.items() if k.lower().startswith(prefix)} == expected_extra


@pytest.mark.parametrize(
    "key",
    [
        "alphabetical",
        "alph4num3r1c",
        "percent%20encoded",
        "almost%zzpercent%xxencoded",
        "example.com/percent%20encoded",
        "example.com/ᛒᚥᛏᛖᚥᚢとロビン",
        "abc123!#$+.-_*\\^`~|'",
        "@=:",
    ],
)
def test_header_escape_round_trip(key):  # TestHeaderEscapeRoundTrip: url.PathUnescape(headerKeyEscape(k)) == k
    from urllib.parse import unquote

    assert unquote(transport.header_key_escape(key), errors="strict") == key


# TestDebuggingRoundTripper: Go's text and JSON loggers become one Python logger and our key=value rendering.

_RAW_URL = "https://127.0.0.1:12345/api/v1/pods?limit=500"
_REQ_HEADERS = '{"Authorization":["bearer <masked>"],"X-Test-Request":["test"]}'
_RES_HEADERS = '{"X-Test-Response":["a","b"]}'


def _debug_response() -> Response:
    res = Response()
    res.status_code = 200
    res.reason = "OK"
    res.headers = requests.structures.CaseInsensitiveDict()
    res.raw = type("Raw", (), {"headers": requests.structures.CaseInsensitiveDict()})()
    from urllib3 import HTTPHeaderDict

    h = HTTPHeaderDict()
    h.add("X-Test-Response", "a")
    h.add("X-Test-Response", "b")
    res.raw.headers = h
    return res


_V0 = transport.verbosity_level(0)


@pytest.mark.parametrize(
    "levels,v,expected",
    [
        ([transport.DebugJustURL], 0, [rf'"Request" verb="GET" url="{re.escape(_RAW_URL)}"']),
        ([transport.DebugRequestHeaders], 0, [rf'"Request" headers={re.escape(_REQ_HEADERS)}']),
        ([transport.DebugResponseHeaders], 0, [rf'"Response" headers={re.escape(_RES_HEADERS)}']),
        (
            [transport.DebugURLTiming],
            0,
            [rf'"Response" verb="GET" url="{re.escape(_RAW_URL)}" status="200 OK" milliseconds=\d+'],
        ),
        ([transport.DebugResponseStatus], 0, [r'"Response" status="200 OK" milliseconds=\d+']),
        ([transport.DebugCurlCommand], 0, [r'"Request" curlCommand="curl -v -XGET .*']),
        (
            [transport.DebugURLTiming, transport.DebugResponseStatus],
            0,
            [rf'"Response" verb="GET" url="{re.escape(_RAW_URL)}" status="200 OK" milliseconds=\d+'],
        ),
        ([transport.DebugByContext], 5, []),
        (
            [transport.DebugByContext, transport.DebugURLTiming],
            5,
            [rf'"Response" verb="GET" url="{re.escape(_RAW_URL)}" status="200 OK" milliseconds=\d+'],
        ),
        (
            [transport.DebugByContext],
            6,
            [rf'"Response" verb="GET" url="{re.escape(_RAW_URL)}" status="200 OK" milliseconds=\d+'],
        ),
        (
            [transport.DebugByContext],
            7,
            [
                rf'"Request" verb="GET" url="{re.escape(_RAW_URL)}" headers={re.escape(_REQ_HEADERS)}',
                r'"Response" status="200 OK" milliseconds=\d+',
            ],
        ),
        (
            [transport.DebugByContext],
            8,
            [
                rf'"Request" verb="GET" url="{re.escape(_RAW_URL)}" headers={re.escape(_REQ_HEADERS)}',
                rf'"Response" status="200 OK" headers={re.escape(_RES_HEADERS)} milliseconds=\d+',
            ],
        ),
        (
            [transport.DebugByContext],
            9,
            [
                r'"Request" curlCommand="curl -v -XGET .*',
                rf'"Response" verb="GET" url="{re.escape(_RAW_URL)}" status="200 OK" '
                rf"headers={re.escape(_RES_HEADERS)} milliseconds=\d+",
            ],
        ),
    ],
)
def test_debugging_round_tripper(caplog, levels, v, expected):  # TestDebuggingRoundTripper
    caplog.set_level(transport.verbosity_level(v), logger="kubernetes_py.transport")
    req = requests.Request(
        "GET", _RAW_URL, headers={"Authorization": "bearer secretauthtoken", "X-Test-Request": "test"}
    ).prepare()
    rt = FakeRoundTripper(resp=_debug_response())
    if levels == [transport.DebugByContext]:
        transport.debug_wrappers(rt).round_trip(req)
    else:
        transport.new_debugging_round_tripper(rt, *levels).round_trip(req)
    records = [r for r in caplog.records if r.name == "kubernetes_py.transport"]
    lines = [r.getMessage() for r in records]
    assert len(lines) == len(expected), lines
    for line, pattern in zip(lines, expected):
        assert re.fullmatch(pattern, line, re.S), line
    # Explicit levels log at klog's V(0); by context, at the verbosity that enabled them.
    assert all(r.levelno == (transport.verbosity_level(v) if v >= 6 else logging.INFO) for r in records)
    assert all("secretauthtoken" not in line for line in lines)


def test_verbosity_zero_is_above_debug():
    assert logging.INFO >= _V0 > logging.DEBUG


# --- transport_test.go -----------------------------------------------------------------------------------


class _ChainRoundTripper:
    def __init__(self, rt, value: str):
        self.rt, self.value = rt, value

    def send(self, request, **kwargs):
        resp = self.rt.send(request, **kwargs)
        if resp is not None:
            resp.headers["Value"] = resp.headers.get("Value", "") + self.value
        return resp

    def close(self):
        pass


def _chain(value: str):
    return lambda rt: _ChainRoundTripper(rt, value)


_RESP1, _RESP2 = Response(), Response()


def _wrapper_resp1(rt):
    return FakeRoundTripper(resp=_RESP1)


def _wrapper_resp2(rt):
    return FakeRoundTripper(resp=_RESP2)


@pytest.mark.parametrize(
    "fns,want_nil,want",
    [
        ([], True, None),
        ([None, None], True, None),
        ([None], False, lambda r: r is not _RESP1 and r is not _RESP2 and "Value" not in r.headers),  # wraps nothing
        ([None, _wrapper_resp1], False, lambda r: r is _RESP1),
        ([_wrapper_resp1, None], False, lambda r: r is _RESP1),
        ([None, _wrapper_resp1, None], False, lambda r: r is _RESP1),
        ([None, _wrapper_resp1, _wrapper_resp2], False, lambda r: r is _RESP2),
        ([_wrapper_resp1, _wrapper_resp2], False, lambda r: r is _RESP2),
        ([_wrapper_resp2, _wrapper_resp1], False, lambda r: r is _RESP1),
        ([_chain("1")], False, lambda r: r.headers["Value"] == "1"),
        ([_chain("1"), _chain("2")], False, lambda r: r.headers["Value"] == "12"),
        ([_chain("2"), _chain("1")], False, lambda r: r.headers["Value"] == "21"),
        ([_chain("1"), _chain("2"), _chain("3")], False, lambda r: r.headers["Value"] == "123"),
    ],
)
def test_wrappers(fns, want_nil, want):  # TestWrappers
    got = transport.wrappers(*fns)
    assert (got is None) == want_nil
    if got is None:
        return
    nested = got(FakeRoundTripper(resp=Response()))
    resp = nested.send(PreparedRequest())
    assert want is None or want(resp)


@pytest.mark.parametrize("open_", [True, False], ids=["open context calls the nested one", "closed context errs"])
def test_context_canceller_round_trip(open_):  # Test_contextCanceller_RoundTrip
    req = PreparedRequest()
    rt = FakeRoundTripper(resp=Response())
    ctx = context.background()
    if not open_:
        ctx, cancel = context.with_cancel(ctx)
        cancel()
    err_testing = RuntimeError("testing")
    b = transport.context_canceller(ctx, err_testing)(rt)
    if open_:
        assert b.round_trip(req) is rt.resp
        assert rt.request is req
    else:
        with pytest.raises(RuntimeError) as e:
            b.round_trip(req)
        assert e.value is err_testing
        assert rt.request is None


@pytest.mark.parametrize("gate,trusts_system", [(False, True), (True, False)])
def test_root_cert_pool_empty_data(gate, trusts_system):  # TestRootCertPoolEmptyData
    with set_feature_during_test(features.ClientsAllowCARotation, gate):
        ctx = tls.new_ssl_context(False, b"", None, None)
    system = tls.new_ssl_context(False, None, None, None).get_ca_certs()
    assert ctx.get_ca_certs() == (system if trusts_system else [])
    assert ctx.verify_mode.name == "CERT_REQUIRED"


def test_empty_ca_file_trusts_nothing_with_ca_rotation(tmp_path):  # TestEmptyCAFileRotationLifecycle, first step
    empty = tmp_path / "ca.crt"
    empty.write_bytes(b"")
    with set_feature_during_test(features.ClientsAllowCARotation, True):
        c = transport.Config(tls=transport.TLSConfig(ca_file=str(empty)))
        ctx = transport.tls_config_for(c)
    assert ctx is not None and ctx.get_ca_certs() == []
    assert c.tls.reload_ca_files is True


def test_reload_ca_files_needs_the_gate(tmp_path):
    ca = tmp_path / "ca.crt"
    ca.write_bytes(b"")
    with set_feature_during_test(features.ClientsAllowCARotation, False):
        c = transport.Config(tls=transport.TLSConfig(ca_file=str(ca)))
        transport.tls_config_for(c)
        assert c.tls.reload_ca_files is False
        with pytest.raises(ValueError, match="^ReloadCAFiles=true requires ClientsAllowCARotation to be enabled$"):
            transport.tls_config_for(transport.Config(tls=transport.TLSConfig(ca_file=str(ca), reload_ca_files=True)))


@pytest.fixture(scope="module")
def go_pki(tmp_path_factory) -> PKI:
    return PKI(tmp_path_factory.mktemp("pki"))


def _base(rt):
    while not isinstance(rt, transport.HTTPTransport):
        rt = rt.delegate
    return rt


def test_new(go_pki):  # TestNew: which configs are refused, which give a TLS base transport
    ca, crt, key = go_pki.read("ca.crt"), go_pki.read("alice.crt"), go_pki.read("alice.key")
    tlsc = transport.TLSConfig
    ok = {
        "default transport": transport.Config(),
        "insecure": transport.Config(tls=tlsc(insecure=True)),
        "server name": transport.Config(tls=tlsc(server_name="foo")),
        "ca transport": transport.Config(tls=tlsc(ca_data=ca)),
        "ca data overriding bad ca file transport": transport.Config(tls=tlsc(ca_data=ca, ca_file="invalid file")),
        "cert transport": transport.Config(tls=tlsc(ca_data=ca, cert_data=crt, key_data=key)),
        "key data overriding bad file cert transport": transport.Config(
            tls=tlsc(ca_data=ca, cert_data=crt, key_data=key, key_file="invalid file")
        ),
        "callback returns nothing": transport.Config(
            tls=tlsc(ca_data=ca, get_cert_holder=transport.GetCertHolder(lambda: None))
        ),
        "non-nil dial holder+internal": transport.Config(dial_holder=transport.DialHolder(lambda ctx, n, a: None)),
        "non-nil cert holder+internal": transport.Config(
            tls=tlsc(get_cert_holder=transport.GetCertHolder(lambda: None))
        ),
    }
    for name, cfg in ok.items():
        assert isinstance(_base(transport.new(cfg)), transport.HTTPTransport), name
    refused = {
        "bad ca file transport": (transport.Config(tls=tlsc(ca_file="invalid file")), FileNotFoundError),
        "bad ca data transport": (transport.Config(tls=tlsc(ca_data=ca.rstrip() + b"this is not valid")), ValueError),
        "bad cert data transport": (
            transport.Config(tls=tlsc(ca_data=ca, cert_data=crt, key_data=b"bad key data")),
            ValueError,
        ),
        "bad file cert transport": (
            transport.Config(tls=tlsc(ca_data=ca, cert_data=crt, key_file="invalid file")),
            FileNotFoundError,
        ),
        "non-nil dial holder and nil internal": (transport.Config(dial_holder=transport.DialHolder(None)), ValueError),
        "non-nil cert holder and nil internal": (
            transport.Config(tls=tlsc(get_cert_holder=transport.GetCertHolder(None))),
            ValueError,
        ),
    }
    for name, (cfg, exc) in refused.items():
        with pytest.raises(exc):
            transport.new(cfg)
    # A missing file fails with Go's os error text.
    with pytest.raises(FileNotFoundError) as e:
        transport.new(refused["bad ca file transport"][0])
    assert str(e.value) == "open invalid file: no such file or directory"
    # "default transport" and "nil holders": configs without TLS settings share one plain base transport.
    assert _base(transport.new(transport.Config())) is _base(transport.new(transport.Config(dial_holder=None)))
    assert transport.tls_config_for(transport.Config()) is None


# --- token_source_test.go ----------------------------------------------------------------------------------


class _TestTokenSource:
    def __init__(self, tok=None, err=None):
        self.tok, self.err, self.calls = tok, err, 0

    def token(self):
        self.calls += 1
        if self.err is not None:
            raise self.err
        return self.tok


_START = 1_000_000.0
_TOK_A = transport.Token(access_token="a", expiry=_START + 600)
_TOK_B = transport.Token(access_token="b", expiry=_START + 1200)


@pytest.mark.parametrize(
    "tok,ts_tok,ts_err,wait,want_tok,want_err,want_calls",
    [
        (_TOK_A, None, None, 0, _TOK_A, False, 0),
        (_TOK_A, None, None, 8 * 60, _TOK_A, False, 0),
        (None, _TOK_A, None, 0, _TOK_A, False, 1),
        (_TOK_A, _TOK_B, None, 10 * 60, _TOK_B, False, 1),
        (None, None, RuntimeError("error"), 0, None, True, 1),
    ],
    ids=[
        "valid token returned from cache",
        "valid token returned from cache 1 minute before scheduled refresh",
        "new token created when cache is empty",
        "new token created 1 minute after scheduled refresh",
        "error on create token returns error",
    ],
)
def test_caching_token_source(tok, ts_tok, ts_err, wait, want_tok, want_err, want_calls):  # TestCachingTokenSource
    tts = _TestTokenSource(ts_tok, ts_err)
    ts = transport.CachingTokenSource(tts, leeway=60.0, now=lambda: _START + wait, tok=tok)
    if want_err:
        with pytest.raises(RuntimeError, match="^error$"):
            ts.token()
    else:
        assert ts.token() is want_tok
    assert tts.calls == want_calls


def test_caching_token_source_race():  # TestCachingTokenSourceRace: 50 threads at once, one call to the base
    for _ in range(5):
        tts = _TestTokenSource(transport.Token(access_token="a", expiry=time.time() + 3600_000))
        ts = transport.CachingTokenSource(tts, leeway=60.0)
        errors: list[Exception] = []
        barrier = threading.Barrier(50)

        def get() -> None:
            barrier.wait(5)
            try:
                ts.token()
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)

        threads = [threading.Thread(target=get, name=f"token getter {i}") for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert not any(t.is_alive() for t in threads)
        assert errors == []
        assert tts.calls == 1


class _TestTransport:
    """token_source_test.go's testTransport: 401 for "Bearer bad", else no response."""

    def send(self, request, **kwargs):
        if request.headers["Authorization"] == "Bearer bad":
            r = Response()
            r.status_code = 401
            return r
        return None

    def close(self):
        pass


_GOOD = transport.Token(access_token="good", expiry=time.time() + 3600_000)
_BAD = transport.Token(access_token="bad", expiry=time.time() + 3600_000)


@pytest.mark.parametrize(
    "header,token,cached,want_calls,want_caching",
    [
        ({"Authorization": "Bearer TOKEN"}, _GOOD, None, 0, False),
        (None, _GOOD, None, 1, True),
        (None, _GOOD, _GOOD, 0, True),
        (None, _BAD, None, 1, True),
        (None, _BAD, _BAD, 0, False),
    ],
    ids=[
        "skip oauth rt if has authorization header",
        "authorized on newly acquired good token",
        "authorized on cached good token",
        "unauthorized on newly acquired bad token",
        "unauthorized on cached bad token",
    ],
)
def test_token_source_transport_round_trip(header, token, cached, want_calls, want_caching):
    # TestTokenSourceTransportRoundTrip
    tts = _TestTokenSource(token)
    cts = transport.new_cached_token_source(tts)
    cts.tok = cached
    rt = transport.resettable_token_source_wrap_transport(cts)(_TestTransport())
    rt.round_trip(requests.Request("GET", "http://h/", headers=header).prepare())
    assert tts.calls == want_calls
    assert (cts.tok is not None) == want_caching


# --- ca_rotation_test.go ----------------------------------------------------------------------------------


def _roots(ctx) -> list:
    return [c["subject"] for c in ctx.get_ca_certs()]


@pytest.mark.parametrize(
    "setup_ca,update_ca,override,expect_rotation",
    [
        ("ca.crt", "ca.crt", "", False),
        ("ca.crt", "otherca.crt", "", True),
        ("ca.crt", b"panda", "", False),
        ("ca.crt", None, "/nonexistent/ca.crt", False),
        ("ca.crt", b"", "", False),
        (b"", "ca.crt", "", True),
    ],
    ids=[
        "no change",
        "CA changed",
        "CA changed to invalid",
        "file error",
        "empty file content",
        "initially empty CA file updated to valid CA",
    ],
)
def test_check_ca_file_and_rotate(go_pki, tmp_path, monkeypatch, setup_ca, update_ca, override, expect_rotation):
    # TestCheckCAFileAndRotate: the base transport's roots after one refresh period
    def content(x):
        return x if isinstance(x, bytes) else go_pki.read(x)

    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(content(setup_ca))
    t = transport.HTTPTransport(ca_data=content(setup_ca), ca_file=override or str(ca_file), reload_ca_files=True)
    before = t.ssl_context()
    setup_roots = _roots(before)
    if update_ca is not None:
        ca_file.write_bytes(content(update_ca))
    monkeypatch.setattr(tls, "CA_REFRESH_SECONDS", 0.0)
    after = t.ssl_context()
    if expect_rotation:
        assert after is not before
        assert _roots(after) == _roots(tls.new_ssl_context(False, content(update_ca), None, None))
    else:
        assert after is before and _roots(after) == setup_roots
    t.close()


class _CAReloadsRecorder:
    def __init__(self):
        self.calls: list[tuple[str, str]] = []

    def increment(self, result: str, reason: str) -> None:
        self.calls.append((result, reason))


def test_ca_rotation_metrics_emitted(go_pki, tmp_path, monkeypatch):  # TestCARotationMetricsEmitted
    from kubernetes_py.tools import metrics

    recorder = _CAReloadsRecorder()
    monkeypatch.setattr(metrics, "TransportCAReloads", recorder)
    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    t = transport.HTTPTransport(ca_data=go_pki.read("ca.crt"), ca_file=str(ca_file), reload_ca_files=True)
    monkeypatch.setattr(tls, "CA_REFRESH_SECONDS", 0.0)
    steps = [
        (lambda: None, ("success", "unchanged")),
        (lambda: ca_file.write_bytes(go_pki.read("otherca.crt")), ("success", "updated")),
        (lambda: ca_file.write_bytes(b""), ("failure", "empty")),
        (lambda: ca_file.write_bytes(b"not-a-cert"), ("failure", "ca_parse_error")),
        (lambda: ca_file.unlink(), ("failure", "read_error")),
    ]
    for setup, want in steps:
        recorder.calls = []
        setup()
        t.ssl_context()
        assert recorder.calls == [want]
    t.close()


@pytest.mark.parametrize("gate", [True, False], ids=["TestCARotationConnectionBehavior", "_Disabled"])
def test_ca_rotation_connection_behavior(go_pki, tmp_path, monkeypatch, gate):
    # A server with a new CA is refused until the client's CA file names that CA, and then only with the gate on.
    from pytest_httpserver import HTTPServer

    from kubernetes_py import rest

    monkeypatch.setattr(tls, "CA_REFRESH_SECONDS", 0.0)
    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    with set_feature_during_test(features.ClientsAllowCARotation, gate):
        client = rest.HTTPClient(transport.new(transport.Config(tls=transport.TLSConfig(ca_file=str(ca_file)))))
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=go_pki.server_context())
    other = HTTPServer(host="127.0.0.1", port=0, ssl_context=go_pki.server_context(cert="otherserver"))
    server.start()
    other.start()
    try:
        server.expect_request("/").respond_with_data("ok")
        other.expect_request("/").respond_with_data("ok")
        assert client.get(server.url_for("/")).text == "ok"
        with pytest.raises(requests.exceptions.SSLError):
            client.get(other.url_for("/"))
        ca_file.write_bytes(go_pki.read("otherca.crt"))
        if gate:
            assert client.get(other.url_for("/")).text == "ok"
            with pytest.raises(requests.exceptions.SSLError):
                client.get(server.url_for("/"))  # the old CA is no longer trusted (a new connection)
        else:
            for _ in range(3):
                with pytest.raises(requests.exceptions.SSLError):
                    client.get(other.url_for("/"))
    finally:
        server.stop()
        other.stop()
        client.close()


# --- cache_test.go --------------------------------------------------------------------------------------


def test_tls_config_key(go_pki, tmp_path):  # TestTLSConfigKey (ClientsAllowCARotation on)
    from kubernetes_py.transport.transport import tls_config_key

    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    with set_feature_during_test(features.ClientsAllowCARotation, True):
        identical = {
            "empty": transport.Config(),
            "basic": transport.Config(username="bob", password="password"),
            "bearer": transport.Config(bearer_token="token"),
            "user agent": transport.Config(user_agent="useragent"),
            "transport": transport.Config(transport=requests.adapters.HTTPAdapter()),
            "wrap transport": transport.Config(wrap_transport=lambda rt: None),
        }
        keys = {name: tls_config_key(c) for name, c in identical.items()}
        assert None not in keys.values()
        assert len(set(keys.values())) == 1, keys

        tlsc = transport.TLSConfig
        get_cert = transport.GetCertHolder(lambda: None)
        unique = {
            "proxy": transport.Config(proxy=lambda req: None),
            "no tls": transport.Config(),
            "dialer": transport.Config(dial_holder=transport.DialHolder(lambda ctx, n, a: None)),
            "dialer2": transport.Config(dial_holder=transport.DialHolder(lambda ctx, n, a: None)),
            "insecure": transport.Config(tls=tlsc(insecure=True)),
            "cadata 1": transport.Config(tls=tlsc(ca_data=b"\x01")),
            "cadata 2": transport.Config(tls=tlsc(ca_data=b"\x02")),
            "with only ca file": transport.Config(tls=tlsc(ca_file=str(ca_file))),
            "with both ca file and ca data": transport.Config(
                tls=tlsc(ca_file=str(ca_file), ca_data=go_pki.read("ca.crt"))
            ),
            "cert 1, key 1": transport.Config(tls=tlsc(cert_data=b"\x01", key_data=b"\x01")),
            "cert 1, key 1, servername 1": transport.Config(
                tls=tlsc(cert_data=b"\x01", key_data=b"\x01", server_name="1")
            ),
            "cert 1, key 1, servername 2": transport.Config(
                tls=tlsc(cert_data=b"\x01", key_data=b"\x01", server_name="2")
            ),
            "cert 1, key 2": transport.Config(tls=tlsc(cert_data=b"\x01", key_data=b"\x02")),
            "cert 2, key 1": transport.Config(tls=tlsc(cert_data=b"\x02", key_data=b"\x01")),
            "cert 2, key 2": transport.Config(tls=tlsc(cert_data=b"\x02", key_data=b"\x02")),
            "cadata 1, cert 1, key 1": transport.Config(tls=tlsc(ca_data=b"\x01", cert_data=b"\x01", key_data=b"\x01")),
            "getCert1": transport.Config(tls=tlsc(key_data=b"\x01", get_cert_holder=get_cert)),
            "getCert2": transport.Config(
                tls=tlsc(key_data=b"\x01", get_cert_holder=transport.GetCertHolder(lambda: None))
            ),
            "getCert1, key 2": transport.Config(tls=tlsc(key_data=b"\x02", get_cert_holder=get_cert)),
            "http2, http1.1": transport.Config(tls=tlsc(next_protos=["h2", "http/1.1"])),
            "http1.1-only": transport.Config(tls=tlsc(next_protos=["http/1.1"])),
        }
        keys = {name: tls_config_key(c) for name, c in unique.items()}
    assert keys.pop("proxy") is None  # a proxy function cannot be compared: not cached
    assert None not in keys.values()
    assert len(set(keys.values())) == len(keys)
    # The same config always gives the same key, and the caller's config is not changed by reading its files.
    assert tls_config_key(unique["with only ca file"]) == keys["with only ca file"]
    assert unique["with only ca file"].tls.ca_data is None and not unique["with only ca file"].tls.reload_ca_files


def test_tls_config_key_ca_rotation_disabled(go_pki, tmp_path):  # TestTLSConfigKeyCARotationDisabled
    from kubernetes_py.transport.transport import tls_config_key

    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    with set_feature_during_test(features.ClientsAllowCARotation, False):
        config1 = transport.Config(tls=transport.TLSConfig(ca_file=str(ca_file)))
        config2 = transport.Config(tls=transport.TLSConfig(ca_data=go_pki.read("ca.crt")))
        tls.load_tls_files(config1)
        tls.load_tls_files(config2)
        key1, key2 = tls_config_key(config1), tls_config_key(config2)
        assert key1 is not None and key1 == key2
        assert config1.tls.reload_ca_files is False
        # Without loading first too: the CA named by file and given as data share one base transport.
        a = transport.new(transport.Config(tls=transport.TLSConfig(ca_file=str(ca_file))))
        b = transport.new(transport.Config(tls=transport.TLSConfig(ca_data=go_pki.read("ca.crt"))))
        assert _base(a) is _base(b)
        # With the file not reloaded, a client made after the file changed gets a transport with the new CA.
        ca_file.write_bytes(go_pki.read("otherca.crt"))
        c = transport.new(transport.Config(tls=transport.TLSConfig(ca_file=str(ca_file))))
        assert _base(c) is not _base(a)
        assert _roots(_base(c).ssl_context()) == [((("commonName", "otherca"),),)]


class _Recorder:
    def __init__(self):
        self.calls: list = []
        self._lock = threading.Lock()

    def increment(self, *args) -> None:
        with self._lock:
            self.calls.append(args[0] if len(args) == 1 else args)

    def observe(self, value) -> None:
        with self._lock:
            self.calls.append(value)

    def reset(self) -> list:
        with self._lock:
            calls, self.calls = self.calls, []
        return calls


@pytest.fixture
def cache_metrics(monkeypatch):
    """installFakeMetrics: (create calls, cache GC calls, cache entries)."""
    from kubernetes_py.tools import metrics

    create, gc_calls, entries = _Recorder(), _Recorder(), _Recorder()
    monkeypatch.setattr(metrics, "TransportCreateCalls", create)
    monkeypatch.setattr(metrics, "TransportCacheGCCalls", gc_calls)
    monkeypatch.setattr(metrics, "TransportCacheEntries", entries)
    return create, gc_calls, entries


def _poll_cache_len(cache, want: int) -> None:
    import gc

    deadline = time.monotonic() + 5
    while len(cache) != want and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.01)
    assert len(cache) == want


@pytest.mark.parametrize(
    "which,expect_reload",
    [("only ca file", True), ("ca file and ca data", False), ("only ca data", False), ("no TLS config", None)],
)
def test_tls_transport_cache_ca_rotation(go_pki, tmp_path, cache_metrics, which, expect_reload):
    # TestTLSTransportCacheCARotation
    from kubernetes_py.transport.transport import new_tls_cache

    create, _, _ = cache_metrics
    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    tlsc = {
        "only ca file": transport.TLSConfig(ca_file=str(ca_file)),
        "ca file and ca data": transport.TLSConfig(ca_file=str(ca_file), ca_data=go_pki.read("ca.crt")),
        "only ca data": transport.TLSConfig(ca_data=go_pki.read("ca.crt")),
        "no TLS config": transport.TLSConfig(),
    }[which]
    with set_feature_during_test(features.ClientsAllowCARotation, True):
        cache = new_tls_cache()
        rt = cache.get(transport.Config(tls=tlsc))
        assert create.reset() == ["miss"]
        rt2 = cache.get(transport.Config(tls=tlsc))
    assert rt2 is rt
    if expect_reload is None:  # the default transport: never an entry, every get a miss
        assert create.reset() == ["miss"]
        assert len(cache) == 0
        return
    assert create.reset() == ["hit"]
    assert rt._reload_ca is expect_reload
    assert len(cache) == 1


def test_tls_transport_cache_ca_rotation_disabled(go_pki, tmp_path):  # TestTLSTransportCacheCARotationDisabled
    from kubernetes_py.transport.transport import new_tls_cache

    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    with set_feature_during_test(features.ClientsAllowCARotation, False):
        rt = new_tls_cache().get(transport.Config(tls=transport.TLSConfig(ca_file=str(ca_file))))
    assert rt._reload_ca is False


def test_empty_ca_file_rotation_lifecycle(go_pki, tmp_path, monkeypatch):  # TestEmptyCAFileRotationLifecycle
    from kubernetes_py.transport.transport import new_tls_cache

    empty = tmp_path / "ca.crt"
    empty.write_bytes(b"")
    with set_feature_during_test(features.ClientsAllowCARotation, True):
        rt = new_tls_cache().get(transport.Config(tls=transport.TLSConfig(ca_file=str(empty))))
    assert rt._reload_ca is True
    assert rt.ssl_context().get_ca_certs() == []  # trusts nothing, not the system's roots
    empty.write_bytes(go_pki.read("ca.crt"))
    monkeypatch.setattr(tls, "CA_REFRESH_SECONDS", 0.0)
    assert _roots(rt.ssl_context()) == [((("commonName", "ca"),),)]


def test_cache_hold_after_ca_rotation(go_pki, tmp_path, monkeypatch, cache_metrics):  # TestCacheHoldAfterCARotation
    from kubernetes_py.transport.transport import new_tls_cache

    _, gc_calls, _ = cache_metrics
    ca_file = tmp_path / "ca.crt"
    ca_file.write_bytes(go_pki.read("ca.crt"))
    with set_feature_during_test(features.ClientsAllowTLSCacheGC, True):
        with set_feature_during_test(features.ClientsAllowCARotation, True):
            cache = new_tls_cache()
            rt = cache.get(transport.Config(tls=transport.TLSConfig(server_name="reload-test", ca_file=str(ca_file))))
        assert len(cache) == 1
        original = rt.ssl_context()
        ca_file.write_bytes(go_pki.read("otherca.crt"))
        monkeypatch.setattr(tls, "CA_REFRESH_SECONDS", 0.0)
        assert rt.ssl_context() is not original
        _poll_cache_len(cache, 1)  # the entry lives while its transport does, whatever it now trusts
        del rt, original
        _poll_cache_len(cache, 0)
    assert gc_calls.reset() == ["deleted"]


def test_cache_gc_disabled_no_eviction(cache_metrics):  # TestCacheGCDisabledNoEviction
    import gc

    from kubernetes_py.transport.transport import new_tls_cache

    create, gc_calls, entries = cache_metrics
    with set_feature_during_test(features.ClientsAllowTLSCacheGC, False):
        cache = new_tls_cache()
        rt = cache.get(transport.Config(tls=transport.TLSConfig(server_name="gc-disabled-test")))
        assert create.reset() == ["miss"]
        assert cache.get(transport.Config(tls=transport.TLSConfig(server_name="gc-disabled-test"))) is rt
        assert create.reset() == ["hit"]
        assert len(cache) == 1 and cache.transports == {}
        del rt
        gc.collect()
        assert len(cache) == 1
    assert gc_calls.reset() == []
    assert entries.reset() == [1, 1]


def test_cache_revive_after_drop(cache_metrics):  # TestCacheReviveAfterDrop
    from kubernetes_py.transport.transport import new_tls_cache

    create, _, _ = cache_metrics
    with set_feature_during_test(features.ClientsAllowTLSCacheGC, True):
        cache = new_tls_cache()
        config = transport.Config(tls=transport.TLSConfig(server_name="keep-alive-test"))
        rt1 = cache.get(config)
        assert len(cache) == 1
        create.reset()
        assert cache.get(config) is rt1
        assert create.reset() == ["hit"]
        assert len(cache) == 1 and cache.strong_transports == {}
        del rt1
        _poll_cache_len(cache, 0)
        # A get after the entry went: a plain miss, and a new entry.
        rt3 = cache.get(config)
        assert create.reset() == ["miss"] and len(cache) == 1
        del rt3


def test_cache_stale_eviction_skipped(cache_metrics):  # TestCacheStaleEvictionSkipped
    import gc
    import weakref

    from kubernetes_py.transport.transport import new_tls_cache, tls_config_key

    _, gc_calls, _ = cache_metrics
    with set_feature_during_test(features.ClientsAllowTLSCacheGC, True):
        cache = new_tls_cache()
        cfg = transport.Config(tls=transport.TLSConfig(server_name="stale-test"))
        rt1 = cache.get(cfg)
        assert len(cache) == 1
        replacement = transport.HTTPTransport()
        with cache.mu:
            cache.transports[tls_config_key(cfg)] = weakref.ref(replacement)
        gc_calls.reset()
        del rt1
        deadline = time.monotonic() + 5
        while not gc_calls.calls and time.monotonic() < deadline:
            gc.collect()
            time.sleep(0.01)
        assert gc_calls.reset() == ["skipped"]
        assert len(cache) == 1
        del replacement


def test_cache_leak(cache_metrics):  # TestCacheLeak, with 40 dialers instead of 1,000
    from concurrent.futures import ThreadPoolExecutor

    from kubernetes_py.transport.transport import tls_cache

    _, gc_calls, entries = cache_metrics
    with set_feature_during_test(features.ClientsAllowTLSCacheGC, True):
        _poll_cache_len(tls_cache, len(tls_cache))
        start = len(tls_cache)
        rt1 = transport.new(transport.Config(tls=transport.TLSConfig(server_name="leak-1")))
        rt2 = transport.new(transport.Config(tls=transport.TLSConfig(server_name="leak-2")))
        rt3 = transport.new(transport.Config(tls=transport.TLSConfig(server_name="leak-1")))
        assert len(tls_cache) == start + 2
        assert _base(rt1) is _base(rt3)
        n = 40
        holders = [transport.DialHolder(lambda ctx, network, address: None) for _ in range(n)]
        jobs = [dh for i, dh in enumerate(holders) for _ in range(i % 7 + 1)]
        with ThreadPoolExecutor(8, thread_name_prefix="cache leak") as pool:
            rts = list(pool.map(lambda dh: transport.new(transport.Config(dial_holder=dh)), jobs))
        assert len(tls_cache) == start + n + 2
        gc_calls.reset()
        entries.reset()
        del rts, pool
        _poll_cache_len(tls_cache, start + 2)
        assert gc_calls.reset() == ["deleted"] * n
        observed = entries.reset()
        assert len(observed) == n and observed[-1] == start + 2
        del rt1, rt2, rt3
        _poll_cache_len(tls_cache, start)
        assert gc_calls.reset() == ["deleted", "deleted"]
