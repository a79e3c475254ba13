"""client-go rest/request_test.go's request-building tests, case for case (names of the Go tests in each docstring)."""

from __future__ import annotations

import urllib.parse

import pytest

from kubernetes_py import rest


def _req(base: str = "", api_path: str = "", **content) -> rest.Request:
    return rest.new_request_with_client(base, api_path, rest.ClientContentConfig(**content), None)


def test_new_request_sets_accept():
    """TestNewRequestSetsAccept."""
    assert _req("/path/").verb("get")._headers == {"Accept": ["application/json, */*"]}
    assert _req("/path/", content_type="application/other").verb("get")._headers == {
        "Accept": ["application/other, */*"]
    }


def test_request_with_error_wont_change():
    """TestRequestWithErrorWontChange: after an error every setter returns the request unchanged."""
    r = _req("http://h", "/api/v1").name("")
    before = (r.url(), dict(r._headers), r._params, r._timeout, r._body_bytes, str(r._err))
    changed = (
        r.param("foo", "bar")
        .abs_path("/abs")
        .prefix("test")
        .suffix("testing")
        .namespace("new")
        .resource("foos")
        .name("bars")
        .body(b"foo")
        .timeout(0.001)
    )
    assert changed is r
    assert (r.url(), dict(r._headers), r._params, r._timeout, r._body_bytes, str(r._err)) == before


def test_request_paths_without_a_host():
    """TestRequestPreservesBaseTrailingSlash, TestRequestAbsPathPreservesTrailingSlash, TestRequestAbsPathJoins,
    TestRequestSetsNamespace, TestRequestOrdersNamespaceInPath, TestRequestOrdersSubResource: a base without scheme
    and host gives a URL that is only a path, as Go's url.URL.String() writes it."""
    r = _req()
    r._path_prefix = "/path/"  # as Go's test sets it (NewRequest cleans a trailing slash away)
    assert r.url() == "/path/"
    assert _req().abs_path("/foo/").url() == "/foo/"
    assert _req().abs_path("foo/bar", "baz").url() == "foo/bar/baz"
    r = _req("/")
    r._path_prefix = ""  # Go's test leaves it empty, under a base path "/"
    r.namespace("foo")
    assert r._namespace == "foo"
    assert r.url() == "namespaces/foo"
    assert _req("", "/test/").name("bar").resource("baz").namespace("foo").url() == "/test/namespaces/foo/baz/bar"
    r = _req("", "/test/").name("bar").resource("baz").namespace("foo").suffix("test").sub_resource("a", "b")
    assert r.url() == "/test/namespaces/foo/baz/bar/a/b/test"


@pytest.mark.parametrize(
    "setter",
    [
        lambda r: r.name("bar").name("baz"),
        lambda r: r.namespace("bar").namespace("baz"),
        lambda r: r.resource("bar").resource("baz"),
        lambda r: r.sub_resource("bar").sub_resource("baz"),
    ],
)
def test_request_set_twice_error(setter):
    """TestRequestSetTwiceError."""
    assert setter(_req())._err is not None


@pytest.mark.parametrize("segment", [".", "..", "test/segment", "test%2bsegment"])
@pytest.mark.parametrize("setter", ["namespace", "resource", "name", "sub_resource"])
def test_invalid_segments(segment, setter):
    """TestInvalidSegments."""
    r = _req()
    getattr(r, setter)(segment)
    assert r._err is not None


def test_request_param():
    """TestRequestParam."""
    r = _req().param("foo", "a")
    assert r._params == {"foo": ["a"]}
    r.param("bar", "1")
    r.param("bar", "2")
    assert r._params == {"foo": ["a"], "bar": ["1", "2"]}


def test_request_error_getter_raises_the_builder_error():
    """TestRequestError: Error() is the builder's error itself."""
    r = _req().body(["test"])
    with pytest.raises(Exception) as info:
        r.error()
    assert info.value is r._err


def test_request_uri():
    """TestRequestURI, TestRequestURIContext: the URI's path replaces the prefix (the base path in front, ".."
    resolved) and its query replaces the parameters."""
    for base, uri, prefix in [
        ("/", "/test?foo=b&a=b&c=1&c=2", "/test"),
        ("/context", "/test?foo=b&a=b&c=1&c=2", "/context/test"),
        ("/context", "../test?foo=b&a=b&c=1&c=2", "/test"),
    ]:
        r = _req(base).param("foo", "a").param("bar", "b")
        r.prefix("other")
        r.request_uri(uri)
        assert r._path_prefix == prefix
        assert r._params == {"a": ["b"], "foo": ["b"], "c": ["1", "2"]}


def test_request_body_errors(tmp_path):
    """TestRequestBody: an unknown type, a file that cannot be read and an object that cannot be encoded set the
    error and leave the body unset."""
    for body in (["test"], str(tmp_path / "gone"), object()):
        r = _req().body(body)
        assert r._err is not None
        assert r._body_bytes is None and r._body_stream is None


_URI = "http://localhost/some/base/url/path"
_SLASH = "http://localhost/"
_B = "http://localhost/some/base/url/path"
_NS5 = "/namespaces/namespaces/namespaces/namespaces/namespaces"


@pytest.mark.parametrize(
    "base,build,full,final",
    [
        (
            _URI,
            lambda r: r.verb("POST").prefix("api", "v1").resource("r1").namespace("ns").name("nm").param("p0", "v0"),
            _B + "/api/v1/namespaces/ns/r1/nm?p0=v0",
            _B + "/api/v1/namespaces/%7Bnamespace%7D/r1/%7Bname%7D?p0=%7Bvalue%7D",
        ),
        (
            _URI,
            lambda r: r.verb("POST").prefix("pre1", "v1").resource("r1").namespace("ns").name("nm").param("p0", "v0"),
            _B + "/pre1/v1/namespaces/ns/r1/nm?p0=v0",
            "http://localhost/%7Bprefix%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/api/v1/namespaces/ns/r1/name1"),
            _B + "/api/v1/namespaces/ns/r1/name1",
            _B + "/api/v1/namespaces/%7Bnamespace%7D/r1/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/g1/v1/namespaces/ns/r1/name1"),
            _B + "/apis/g1/v1/namespaces/ns/r1/name1",
            _B + "/apis/g1/v1/namespaces/%7Bnamespace%7D/r1/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/api/v1/namespaces/ns/r1"),
            _B + "/api/v1/namespaces/ns/r1",
            _B + "/api/v1/namespaces/%7Bnamespace%7D/r1",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/g1/v1/namespaces/ns/r1"),
            _B + "/apis/g1/v1/namespaces/ns/r1",
            _B + "/apis/g1/v1/namespaces/%7Bnamespace%7D/r1",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/api/v1/r1/name1"),
            _B + "/api/v1/r1/name1",
            _B + "/api/v1/r1/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/g1/v1/r1/name1"),
            _B + "/apis/g1/v1/r1/name1",
            _B + "/apis/g1/v1/r1/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis" + _NS5 + "/namespaces/finalize"),
            _B + "/apis" + _NS5 + "/namespaces/finalize",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bnamespace%7D/namespaces/%7Bname%7D/finalize",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis" + _NS5 + "/namespaces"),
            _B + "/apis" + _NS5 + "/namespaces",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bnamespace%7D/namespaces/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis" + _NS5 + "/finalize"),
            _B + "/apis" + _NS5 + "/finalize",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bnamespace%7D/namespaces/finalize",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis" + _NS5 + "/status"),
            _B + "/apis" + _NS5 + "/status",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bnamespace%7D/namespaces/status",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis" + _NS5),
            _B + "/apis" + _NS5,
            _B + "/apis/namespaces/namespaces/namespaces/%7Bnamespace%7D/namespaces",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/namespaces/namespaces/namespaces/namespaces/finalize"),
            _B + "/apis/namespaces/namespaces/namespaces/namespaces/finalize",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bname%7D/finalize",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/namespaces/namespaces/namespaces/namespaces/status"),
            _B + "/apis/namespaces/namespaces/namespaces/namespaces/status",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bname%7D/status",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/namespaces/namespaces/namespaces/namespaces"),
            _B + "/apis/namespaces/namespaces/namespaces/namespaces",
            _B + "/apis/namespaces/namespaces/namespaces/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/apis/namespaces/namespaces/namespaces"),
            _B + "/apis/namespaces/namespaces/namespaces",
            _B + "/apis/namespaces/namespaces/namespaces",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/pre1" + _NS5 + "/namespaces/finalize"),
            _B + "/pre1" + _NS5 + "/namespaces/finalize",
            "http://localhost/%7Bprefix%7D",
        ),
        (
            _SLASH,
            lambda r: r.verb("DELETE").prefix("/api/v1/namespaces/ns/r2/name1"),
            "http://localhost/api/v1/namespaces/ns/r2/name1",
            "http://localhost/api/v1/namespaces/%7Bnamespace%7D/r2/%7Bname%7D",
        ),
        (
            _URI,
            lambda r: r.verb("DELETE").prefix("/api/v1/namespaces/ns/r3/name1"),
            _B + "/api/v1/namespaces/ns/r3/name1",
            _B + "/api/v1/namespaces/%7Bnamespace%7D/r3/%7Bname%7D",
        ),
        (_SLASH, lambda r: r.verb("DELETE").prefix("/"), "http://localhost/", "http://localhost/"),
        (_SLASH, lambda r: r.verb("DELETE").prefix("/version"), "http://localhost/version", "http://localhost/version"),
    ],
)
def test_url_template(base, build, full, final):
    """TestURLTemplate: the URL and the template the metrics report, the request unchanged by making it."""
    r = build(_req(base, "", group_version=rest.ClientContentConfig().group_version))
    assert r.url() == full
    u = r._final_url_template()  # its path unescaped; Go's URL.String() escapes the braces
    assert urllib.parse.urlunsplit(u._replace(path=urllib.parse.quote(u.path, safe="/"))) == final
    assert r.url() == full
