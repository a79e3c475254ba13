"""Header-setting round trippers: exact headers on the wire (pytest-httpserver)."""

from __future__ import annotations

import base64

import pytest
import requests
from werkzeug import Response

from kubernetes_py import rest, transport
from kubernetes_py.transport import round_trippers


def _echo(server):
    def handler(req):
        lines = [f"{k}: {v}" for k, v in req.headers.items() if k not in ("Host",)]
        return Response("\n".join(lines))

    server.expect_request("/echo").respond_with_handler(handler)
    return server.url_for("/echo")


def _headers(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in text.splitlines()]


def test_exact_headers_for_a_full_config(raw_server):
    url = raw_server.url("/echo")
    cfg = rest.Config(
        host=raw_server.url(),
        bearer_token="s3cr3t",
        user_agent="kubectl/v1.37.1",
        impersonate=rest.ImpersonationConfig(
            user_name="jane",
            uid="1234",
            groups=["dev", "ops"],
            extra={"scopes": ["view", "edit"], "example.com/team": ["a b"]},
        ),
    )
    r = rest.http_client_for(cfg).get(url)
    assert r.status_code == 200
    assert raw_server.requests[0][0] == "GET /echo HTTP/1.1"
    assert raw_server.headers(0) == [
        ("Host", f"127.0.0.1:{raw_server.port}"),
        ("Impersonate-User", "jane"),
        ("Impersonate-Uid", "1234"),
        ("Impersonate-Group", "dev"),
        ("Impersonate-Group", "ops"),
        ("Impersonate-Extra-Scopes", "view"),
        ("Impersonate-Extra-Scopes", "edit"),
        ("Impersonate-Extra-Example.com%2fteam", "a b"),
        ("User-Agent", "kubectl/v1.37.1"),
        ("Authorization", "Bearer s3cr3t"),
        ("Accept-Encoding", "gzip"),
    ]


def test_basic_auth_and_no_default_user_agent_from_requests(httpserver):
    url = _echo(httpserver)
    r = rest.http_client_for(rest.Config(username="admin", password="p@ss:word")).get(url)
    h = dict(_headers(r.text))
    assert h["Authorization"] == "Basic " + base64.b64encode(b"admin:p@ss:word").decode()
    assert not h.get("User-Agent", "").startswith("python-requests")


def test_request_headers_win_over_config(httpserver):
    url = _echo(httpserver)
    cfg = rest.Config(
        bearer_token="config-token",
        user_agent="config-agent",
        impersonate=rest.ImpersonationConfig(user_name="config-user", groups=["g"]),
    )
    r = rest.http_client_for(cfg).get(
        url, headers={"Authorization": "Bearer mine", "User-Agent": "mine/1", "Impersonate-User": "me"}
    )
    h = _headers(r.text)
    assert ("Authorization", "Bearer mine") in h and ("User-Agent", "mine/1") in h
    assert ("Impersonate-User", "me") in h and ("Impersonate-Group", "g") not in h


def test_wrappers_do_not_change_the_callers_request(httpserver):
    url = _echo(httpserver)
    s = rest.http_client_for(rest.Config(bearer_token="t"))
    prepared = requests.Request("GET", url).prepare()
    s.send(prepared)
    assert "Authorization" not in prepared.headers


def test_basic_and_token_together_is_an_error():
    with pytest.raises(ValueError, match="^username/password or bearer token may be set, but not both$"):
        rest.transport_for(rest.Config(username="a", password="b", bearer_token="c"))


def test_token_file_is_reread_after_a_minute(httpserver, tmp_path):
    url = _echo(httpserver)
    tok = tmp_path / "token"
    tok.write_text("first\n")
    clock = {"now": 1_000_000.0}
    rt = rest.transport_for(rest.Config(bearer_token_file=str(tok)))
    assert isinstance(rt, round_trippers.BearerAuthRoundTripper)
    rt._source.now = rt._source.base.now = lambda: clock["now"]
    rt._source.reset_token_older_than(float("inf"))
    s = rest.HTTPClient(rt)
    assert dict(_headers(s.get(url).text))["Authorization"] == "Bearer first"
    tok.write_text("second")
    clock["now"] += 49  # within the minute minus 10 s leeway: cached
    assert dict(_headers(s.get(url).text))["Authorization"] == "Bearer first"
    clock["now"] += 2
    assert dict(_headers(s.get(url).text))["Authorization"] == "Bearer second"
    tok.unlink()  # unreadable: keep the last good token
    clock["now"] += 120
    assert dict(_headers(s.get(url).text))["Authorization"] == "Bearer second"


def test_token_file_errors_at_construction(tmp_path):
    missing = tmp_path / "missing"
    with pytest.raises(OSError) as e:
        rest.transport_for(rest.Config(bearer_token_file=str(missing)))
    # Go's fmt.Errorf("failed to read token file %q: %v") around os.ReadFile's error.
    assert str(e.value) == f'failed to read token file "{missing}": open {missing}: no such file or directory'
    empty = tmp_path / "empty"
    empty.write_text("  \n")
    with pytest.raises(ValueError, match=f'^read empty token from file "{empty}"$'):
        rest.transport_for(rest.Config(bearer_token_file=str(empty)))
    # An explicit token with a token file: the file wins once readable, the token is the fallback.
    rt = rest.transport_for(rest.Config(bearer_token="explicit", bearer_token_file=str(missing)))
    assert isinstance(rt, round_trippers.BearerAuthRoundTripper)


@pytest.mark.parametrize(
    "key,escaped",
    [
        ("alphabetical", "alphabetical"),
        ("alph4num3r1c", "alph4num3r1c"),
        ("percent%20encoded", "percent%2520encoded"),
        ("almost%zzpercent%xxencoded", "almost%25zzpercent%25xxencoded"),
        ("example.com/percent%20encoded", "example.com%2Fpercent%2520encoded"),
        (
            "example.com/ᛒᚥᛏᛖᚥᚢとロビン",
            "example.com%2F%E1%9B%92%E1%9A%A5%E1%9B%8F%E1%9B%96%E1%9A%A5%E1%9A%A2%E3%81%A8%E3%83%AD%E3%83%93%E3%83%B3",
        ),
        ("abc123!#$+.-_*\\^`~|'", "abc123!#$+.-_*%5C^`~|'"),
        ("@=:", "%40%3D%3A"),
    ],
)
def test_header_key_escape(key, escaped):
    assert transport.header_key_escape(key) == escaped
    assert bytes.fromhex("") == b""
    from urllib.parse import unquote

    assert unquote(escaped) == key


@pytest.mark.parametrize(
    "key,value,expected",
    [
        ("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Basic <masked>"),
        ("Authorization", "basic", "basic"),
        ("Authorization", "Basic", "Basic"),
        ("Authorization", "Bearer cn389ncoiwuencr", "Bearer <masked>"),
        ("Authorization", "Bearer", "Bearer"),
        ("Authorization", "bearer", "bearer"),
        ("Authorization", "bearer ", "bearer"),
        ("Authorization", "Negotiate cn389ncoiwuencr", "Negotiate <masked>"),
        ("ABC", "Negotiate cn389ncoiwuencr", "Negotiate cn389ncoiwuencr"),
        ("ABC", "abc", "abc"),
        ("Authorization", "Something cn389ncoiwuencr", "<masked>"),
        ("Authorization", "", ""),
        ("authorization", "Bearer x", "Bearer <masked>"),
        ("Proxy-Authorization", "Basic abc", "Basic <masked>"),
    ],
)
def test_mask_value(key, value, expected):
    assert transport.mask_value(key, value) == expected


def test_auth_proxy_headers_replace_existing(raw_server):
    url = raw_server.url("/echo")
    base = rest.HTTPClient(
        transport.new_auth_proxy_round_tripper(
            "user", "uid-1", ["g1", "g2"], {"a/b": ["x"]}, transport.new(transport.Config())
        )
    )
    base.get(url, headers={"X-Remote-User": "evil", "X-Remote-Extra-Foo": "bar"})
    h = raw_server.headers(0)
    assert ("X-Remote-User", "user") in h and ("X-Remote-User", "evil") not in h
    assert ("X-Remote-Uid", "uid-1") in h
    assert [v for k, v in h if k == "X-Remote-Group"] == ["g1", "g2"]
    assert ("X-Remote-Extra-A%2fb", "x") in h
    assert not any(k == "X-Remote-Extra-Foo" for k, _ in h)


def test_wrap_transport_sits_below_auth(httpserver):
    url = _echo(httpserver)
    seen = []

    class Spy(transport.RoundTripper):
        def round_trip(self, request, **kw):
            seen.append(request.headers.get("Authorization"))
            return self.delegate.send(request, **kw)

    cfg = rest.Config(bearer_token="tkn")
    cfg.wrap(Spy)
    rest.http_client_for(cfg).get(url)
    assert seen == ["Bearer tkn"]


def test_wrappers_composition():
    order = []
    f = transport.wrappers(lambda rt: order.append("a") or rt, None, lambda rt: order.append("b") or rt)
    f("rt")
    assert order == ["a", "b"]
    g = lambda rt: rt  # noqa: E731
    assert transport.wrappers(None, g) is g
    assert transport.wrappers() is None


def test_http_client_timeout_and_repr():
    c = rest.http_client_for(rest.Config(bearer_token="very-secret", timeout=2.5))
    assert c.timeout == 2.5
    assert "very-secret" not in repr(c) and "very-secret" not in repr(c.transport)
    assert "very-secret" not in repr(rest.transport_config_for(rest.Config(bearer_token="very-secret")))


def test_compression_is_requested_unless_disabled(raw_server):
    rest.http_client_for(rest.Config()).get(raw_server.url("/a"))
    rest.http_client_for(rest.Config(disable_compression=True)).get(raw_server.url("/b"))
    rest.http_client_for(rest.Config()).get(raw_server.url("/c"), headers={"Range": "bytes=0-1"})
    assert ("Accept-Encoding", "gzip") in raw_server.headers(0)
    assert [k for k, _ in raw_server.headers(1)] == ["Host", "User-Agent"]
    assert not any(k == "Accept-Encoding" for k, _ in raw_server.headers(2))


def test_gzip_answers_are_decompressed(httpserver):
    import gzip

    httpserver.expect_request("/z").respond_with_data(
        gzip.compress(b'{"kind":"Status"}'), headers={"Content-Encoding": "gzip"}
    )
    assert rest.http_client_for(rest.Config()).get(httpserver.url_for("/z")).content == b'{"kind":"Status"}'


def test_context_canceller(httpserver):
    from kubernetes_py import context

    httpserver.expect_request("/x").respond_with_data("ok")
    ctx, cancel = context.with_cancel(context.background())
    wrap = transport.context_canceller(ctx, RuntimeError("the leader election was lost"))
    client = rest.HTTPClient(wrap(transport.new(transport.Config())))
    assert client.get(httpserver.url_for("/x")).text == "ok"
    cancel()
    with pytest.raises(RuntimeError, match="^the leader election was lost$"):
        client.get(httpserver.url_for("/x"))
