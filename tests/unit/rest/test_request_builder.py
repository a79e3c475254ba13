"""Request building: paths, parameters, headers, validation errors (client-go rest/request_test.go cases)."""

from __future__ import annotations

import io

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery.runtime import schema


def _req(base: str = "http://localhost:8080", api_path: str = "", **content) -> rest.Request:
    return rest.new_request_with_client(base, api_path, rest.ClientContentConfig(**content), None)


def _client(base: str = "http://localhost:8080", api_path: str = "/api/v1") -> rest.RESTClient:
    return rest.new_rest_client(base, api_path, rest.ClientContentConfig(), None, None)


def _err(r: rest.Request) -> str:
    with pytest.raises(Exception) as info:
        r.error()
    return str(info.value)


def test_accept_header_follows_content_type():
    assert _req().verb("GET")._headers == {"Accept": ["application/json, */*"]}
    assert _req(content_type="application/other")._headers == {"Accept": ["application/other, */*"]}
    r = _req(accept_content_types="application/vnd.kubernetes.protobuf,application/json")
    assert r._headers == {"Accept": ["application/vnd.kubernetes.protobuf,application/json"]}


def test_use_protobuf_as_default_only_when_content_type_was_defaulted():
    r = _req().use_protobuf_as_default()
    assert r._headers["Accept"] == ["application/vnd.kubernetes.protobuf,application/json"]
    assert r._content_config.content_type == "application/vnd.kubernetes.protobuf"
    r = _req(content_type="application/json").use_protobuf_as_default()
    assert r._headers["Accept"] == ["application/json, */*"]
    assert _req().use_protobuf_as_default_if_preferred(False)._headers["Accept"] == ["application/json, */*"]


def test_full_path_order_namespace_resource_name_subresource_suffix():
    r = _client().get().name("bar").resource("Baz").namespace("foo").suffix("test").sub_resource("a", "b")
    assert r.url() == "http://localhost:8080/api/v1/namespaces/foo/baz/bar/a/b/test"


def test_base_path_and_prefix():
    c = _client("https://h:6443/proxy/path?x=1#frag", "/apis/apps/v1")
    assert (
        c.get().prefix("watch").resource("deployments").url()
        == "https://h:6443/proxy/path/apis/apps/v1/watch/deployments"
    )


def test_trailing_slash_of_the_prefix_is_preserved_when_nothing_follows():
    assert _req(api_path="/path/").url() == "http://localhost:8080/path"
    r = rest.new_request_with_client("http://h", "", rest.ClientContentConfig(), None).abs_path("/foo/")
    assert r.url() == "http://h/foo/"
    assert _req().abs_path("foo/bar", "baz").url() == "http://localhost:8080/foo/bar/baz"


@pytest.mark.parametrize(
    "config_prefix,resource_prefix,abs_path,wants",
    [
        ("/", "", "", "/"),
        ("", "", "/", "/"),
        ("", "", "/api", "/api"),
        ("", "", "/api/", "/api/"),
        ("", "/foo", "/bar/foo", "/bar/foo"),
        ("", "/api/foo/123", "/bar/foo", "/bar/foo"),
        ("/p1", "", "", "/p1"),
        ("/p1", "", "/", "/p1/"),
        ("/p1", "", "/api", "/p1/api"),
        ("/p1", "/r1", "/apis", "/p1/apis"),
        ("/p1/api/p2", "", "/", "/p1/api/p2/"),
        ("/p1/api/p2", "", "/api/", "/p1/api/p2/api/"),
        ("/p1/api/p2", "/api/r1", "/api/", "/p1/api/p2/api/"),
    ],
)
def test_abs_path(config_prefix, resource_prefix, abs_path, wants):
    r = (
        rest.new_request_with_client(
            "http://localhost:123" + config_prefix,
            "",
            rest.ClientContentConfig(group_version=schema.GroupVersion(group="test")),
            None,
        )
        .verb("POST")
        .prefix(resource_prefix)
        .abs_path(abs_path)
    )
    assert r._path_prefix == wants


def test_abs_path_then_resource_and_name():
    r = _client().get().abs_path("/apis/batch/v1").namespace("ns").resource("jobs").name("j")
    assert r.url() == "http://localhost:8080/apis/batch/v1/namespaces/ns/jobs/j"


def test_request_uri_replaces_path_and_params():
    r = _req("http://h/").param("foo", "a").param("bar", "b").prefix("other")
    r.request_uri("/test?foo=b&a=b&c=1&c=2")
    assert r._path_prefix == "/test"
    assert r._params == {"foo": ["b"], "a": ["b"], "c": ["1", "2"]}
    r = _req("http://h/context").prefix("other").request_uri("../test?foo=b")
    assert r._path_prefix == "/test"
    assert _req("http://h/context").prefix("o").request_uri("/test")._path_prefix == "/context/test"


def test_params_accumulate_and_are_sorted_and_escaped():
    r = _client().get().resource("pods").param("foo", "a").param("bar", "1").param("bar", "2")
    assert r._params == {"foo": ["a"], "bar": ["1", "2"]}
    r.param("labelSelector", "app in (a, b),tier!=x/y").param("timeout", "42")
    assert r.url() == (
        "http://localhost:8080/api/v1/pods?bar=1&bar=2&foo=a"
        "&labelSelector=app+in+%28a%2C+b%29%2Ctier%21%3Dx%2Fy&timeout=42"
    )


@pytest.mark.parametrize("seconds,text", [(10, "10s"), (1.5, "1.5s"), (0.25, "250ms"), (90, "1m30s"), (3600, "1h0m0s")])
def test_timeout_adds_go_duration_param(seconds, text):
    assert (
        _client().get().resource("pods").timeout(seconds).url() == f"http://localhost:8080/api/v1/pods?timeout={text}"
    )


def test_empty_namespace_is_not_in_path():
    assert _client().get().namespace("").resource("pods").url() == "http://localhost:8080/api/v1/pods"


def test_path_is_escaped_like_go():
    r = _client().get().resource("configmaps").name("a b:c@d!e")
    assert r.url() == "http://localhost:8080/api/v1/configmaps/a%20b:c@d%21e"


@pytest.mark.parametrize(
    "setter,first,second,message",
    [
        ("name", "bar", "baz", 'resource name already set to "bar", cannot change to "baz"'),
        ("namespace", "bar", "baz", 'namespace already set to "bar", cannot change to "baz"'),
        ("resource", "bar", "baz", 'resource already set to "bar", cannot change to "baz"'),
        ("sub_resource", "bar", "baz", 'subresource already set to "bar", cannot change to "baz"'),
    ],
)
def test_setting_twice_is_an_error(setter, first, second, message):
    r = _req()
    getattr(getattr(r, setter)(first), setter)(second)
    assert _err(r) == message


@pytest.mark.parametrize(
    "segment,msgs",
    [
        (".", "[may not be '.']"),
        ("..", "[may not be '..']"),
        ("test/segment", "[may not contain '/']"),
        ("test%2bsegment", "[may not contain '%']"),
        ("a/%b", "[may not contain '/' may not contain '%']"),
    ],
)
@pytest.mark.parametrize(
    "setter,what",
    [("namespace", "namespace"), ("resource", "resource"), ("name", "resource name"), ("sub_resource", "subresource")],
)
def test_invalid_segments(segment, msgs, setter, what):
    r = getattr(_req(), setter)(segment)
    assert _err(r) == f'invalid {what} "{segment}": {msgs}'


def test_empty_name_is_an_error():
    assert _err(_req().name("")) == "resource name may not be empty"


def test_first_error_wins_and_later_setters_do_nothing():
    r = _req().name("").namespace("x/y").resource("pods").param("a", "b").timeout(5)
    assert _err(r) == "resource name may not be empty"
    assert r._params is None and r._timeout == 0 and r._resource == ""


def test_path_segment_validators():
    assert rest.is_valid_path_segment_name("ok") == []
    assert rest.is_valid_path_segment_prefix("..") == []
    assert rest.validate_path_segment_name("a/b", True) == ["may not contain '/'"]


def test_set_header_replaces_values_case_insensitively():
    r = _req().set_header("x-test", "a", "b").set_header("X-Test", "c")
    assert r._headers["X-Test"] == ["c"]
    r.set_header("accept")
    assert "Accept" not in r._headers


def test_body_from_file_bytes_stream_and_unknown(tmp_path):
    f = tmp_path / "body.json"
    f.write_bytes(b'{"a":1}')
    assert _req().body(str(f))._body_bytes == b'{"a":1}'
    assert _req().body(b"raw")._body_bytes == b"raw"
    stream = io.BytesIO(b"streamed")
    r = _req().body(stream)
    assert r._body_stream is stream and r._body_bytes is None
    assert _req().body(None)._body_bytes is None
    assert _err(_req().body(["test"])) == "unknown type used for body: ['test']"
    missing = tmp_path / "missing"
    assert "No such file or directory" in _err(_req().body(str(missing)))


def test_max_retries_is_never_negative():
    assert _req().max_retries(-3)._max_retries == 0
    assert _req()._max_retries == 10


@pytest.mark.parametrize(
    "verb,name,message",
    [
        ("POST", "", "an empty namespace may not be set during creation"),
        ("GET", "n", "an empty namespace may not be set when a resource name is provided"),
        ("PUT", "n", "an empty namespace may not be set when a resource name is provided"),
        ("DELETE", "n", "an empty namespace may not be set when a resource name is provided"),
    ],
)
def test_preflight_check(verb, name, message):
    r = _client().verb(verb).namespace("").resource("pods")
    if name:
        r.name(name)
    with pytest.raises(Exception) as info:
        r._preflight_check()
    assert str(info.value) == message


def test_preflight_check_passes():
    _client().get().namespace("").resource("pods")._preflight_check()
    _client().post().namespace("ns").resource("pods")._preflight_check()
    _client().verb("PATCH").namespace("").resource("pods").name("x")._preflight_check()


def test_client_verbs_and_patch_content_type():
    c = _client()
    assert [c.get()._verb, c.post()._verb, c.put()._verb, c.delete()._verb] == ["GET", "POST", "PUT", "DELETE"]
    p = c.patch("application/merge-patch+json")
    assert p._verb == "PATCH" and p._headers["Content-Type"] == ["application/merge-patch+json"]


def test_client_api_version_and_rate_limiter():
    gv = schema.GroupVersion(group="apps", version="v1")
    limiter = object()
    c = rest.new_rest_client("http://h", "/apis/apps/v1", rest.ClientContentConfig(group_version=gv), limiter, None)
    assert c.api_version() == gv
    assert c.get_rate_limiter() is limiter
    assert c.get()._rate_limiter is limiter


def test_cbor_is_scrubbed_to_json():
    c = rest.new_rest_client(
        "http://h",
        "/api/v1",
        rest.ClientContentConfig(
            content_type="application/cbor", accept_content_types="application/cbor;q=0.9,application/json"
        ),
        None,
        None,
    )
    r = c.get()
    assert r._content_config.content_type == "application/json"
    assert r._headers["Accept"] == ["application/json;q=0.9,application/json"]


def test_body_dict_is_compact_json():
    r = _req().body({"metadata": {"labels": {"a": "é"}}})
    assert r._body_bytes == '{"metadata":{"labels":{"a":"é"}}}'.encode()
    assert r._headers["Content-Type"] == ["application/json"]
    p = _client().patch("application/merge-patch+json").body({"spec": None})
    assert p._body_bytes == b'{"spec":null}'
    assert p._headers["Content-Type"] == ["application/merge-patch+json"]
    assert _err(_req().body({"x": object()})).startswith("cannot encode the body as JSON: ")


def test_body_dict_is_written_as_go_json_marshal_writes_a_map():
    # Keys sorted, float64 in Go's digits (1 for 1.0, exponent only below 1e-6 and from 1e21), <, > and & escaped.
    r = _req().body({"b": 1.0, "a": 1e21, "d": 1e-7, "c": "<x&y>", "e": 0.000001, "f": [2.5, None, True]})
    assert r._body_bytes == (
        b'{"a":1e+21,"b":1,"c":"\\u003cx\\u0026y\\u003e","d":1e-7,"e":0.000001,"f":[2.5,null,true]}'
    )
    assert _err(_req().body({"x": float("nan")})).startswith("cannot encode the body as JSON: ")
