"""rest.fake: canned answers through real Requests."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.rest import fake


def test_fake_client_answers_and_records_the_request():
    c = fake.RESTClient(
        group_version=schema.GroupVersion("apps", "v1"),
        versioned_api_path="/apis/apps/v1",
        resp=fake.new_response(200, b"payload", {"Content-Type": "text/plain"}),
    )
    body = c.get().namespace("ns").resource("deployments").name("d").param("pretty", "true").do_raw()
    assert body == b"payload"
    assert c.req.method == "GET"
    assert c.req.url == "https://localhost/apis/apps/v1/namespaces/ns/deployments/d?pretty=true"
    assert c.req.headers["Accept"] == "application/json, */*"
    assert c.api_version() == schema.GroupVersion("apps", "v1")
    assert c.get_rate_limiter() is None


def test_fake_client_raises_err_without_recording():
    c = fake.RESTClient(err=ConnectionError("no route"))
    with pytest.raises(ConnectionError, match="no route"):
        c.post().abs_path("/x").body(b"{}").do_raw()
    assert c.req is None


def test_fake_patch_sets_content_type_and_body():
    c = fake.RESTClient(resp=fake.new_response(200, b"{}"))
    c.patch("application/json-patch+json").abs_path("/x").body(b"[]").do_raw()
    assert c.req.method == "PATCH"
    assert c.req.headers["Content-Type"] == "application/json-patch+json"
    assert c.req.body == b"[]"


def test_repeated_warning_headers_reach_the_handler_separately():
    seen = []

    class Handler:
        def handle_warning_header(self, code, agent, text):
            seen.append(text)

    resp = fake.new_response(200, b"l1\nl2\n", {"Warning": ['299 - "a"', "bad", '299 - "b"']})
    with fake.RESTClient(resp=resp).get().abs_path("/x").warning_handler(Handler()).stream() as s:
        assert list(s) == [b"l1\n", b"l2\n"]
    assert seen == ["a", "b"]


def test_create_http_client_round_trips():
    calls = []

    def rt(req):
        calls.append((req.method, req.url))
        return fake.new_response(204)

    s = fake.create_http_client(rt)
    assert s.get("http://example.invalid/a").status_code == 204
    assert calls == [("GET", "http://example.invalid/a")]
