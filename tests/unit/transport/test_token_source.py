"""Token sources and the token-source round trippers."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from kubernetes_py import rest, transport


class CountingSource(transport.TokenSource):
    def __init__(self, lifetime=None, now=lambda: 0.0, fail_after=None):
        self.n = 0
        self.lifetime = lifetime
        self.now = now
        self.fail_after = fail_after

    def token(self):
        self.n += 1
        if self.fail_after is not None and self.n > self.fail_after:
            raise RuntimeError("source broke")
        exp = None if self.lifetime is None else self.now() + self.lifetime
        return transport.Token(access_token=f"tok-{self.n}", expiry=exp)


def test_caching_token_source_leeway_and_errors():
    clock = {"t": 1000.0}
    base = CountingSource(lifetime=60, now=lambda: clock["t"], fail_after=2)
    ts = transport.CachingTokenSource(base, leeway=10, now=lambda: clock["t"])
    assert ts.token().access_token == "tok-1"
    clock["t"] += 49
    assert ts.token().access_token == "tok-1"
    clock["t"] += 2  # within the leeway of the expiry: refreshed
    assert ts.token().access_token == "tok-2"
    clock["t"] += 100  # the source fails now: the last token is kept
    assert ts.token().access_token == "tok-2"
    ts.reset_token_older_than(clock["t"] + 1)
    with pytest.raises(RuntimeError, match="source broke"):
        ts.token()


def test_reset_only_drops_tokens_older_than_the_mark():
    clock = {"t": 5.0}
    ts = transport.new_cached_token_source(CountingSource(lifetime=3600, now=lambda: clock["t"]))
    ts.now = lambda: clock["t"]
    ts.token()
    ts.reset_token_older_than(5.0)  # obtained at 5.0: not older
    assert ts.token().access_token == "tok-1"
    ts.reset_token_older_than(6.0)
    assert ts.token().access_token == "tok-2"


def test_token_type_and_validity():
    assert transport.Token(access_token="a", token_type="bearer").type() == "Bearer"
    assert transport.Token(access_token="a").type() == "Bearer"
    assert transport.Token(access_token="a", token_type="MAC").type() == "MAC"
    assert not transport.Token(access_token="").valid()
    assert transport.Token(access_token="a").valid()
    assert not transport.Token(access_token="a", expiry=0.0).valid()
    assert "secret" not in repr(transport.Token(access_token="secret"))


def test_resettable_token_source_transport_resets_after_401(httpserver):
    answers = iter([200, 401, 200])
    httpserver.expect_request("/api").respond_with_handler(
        lambda req: Response(req.headers["Authorization"], status=next(answers))
    )
    ts = transport.new_cached_token_source(CountingSource(lifetime=3600, now=time.time))
    rt = transport.resettable_token_source_wrap_transport(ts)(transport.new(transport.Config()))
    client = rest.HTTPClient(rt)
    url = httpserver.url_for("/api")
    assert client.get(url).text == "Bearer tok-1"
    assert client.get(url).status_code == 401
    assert client.get(url).text == "Bearer tok-2"


def test_token_source_transport_keeps_explicit_authorization(httpserver):
    httpserver.expect_request("/api").respond_with_handler(lambda req: Response(req.headers["Authorization"]))
    src = CountingSource()
    client = rest.HTTPClient(transport.token_source_wrap_transport(src)(transport.new(transport.Config())))
    assert client.get(httpserver.url_for("/api"), headers={"Authorization": "Basic x"}).text == "Basic x"
    assert src.n == 0
    assert client.get(httpserver.url_for("/api")).text == "Bearer tok-1"


def test_a_token_without_expiry_is_never_served_from_the_cache():
    """Go's cachingTokenSource compares the zero Expiry with now: always stale."""
    src = CountingSource()
    ts = transport.new_cached_token_source(src)
    assert [ts.token().access_token for _ in range(3)] == ["tok-1", "tok-2", "tok-3"]
    assert src.n == 3
