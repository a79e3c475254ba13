"""client-go openapi/groupversion_test.go's TestGroupVersion: a client whose host has a path prefix reaches a
document whether the discovery document's URL includes that prefix or not; and the cached client's answers."""

from __future__ import annotations

import re

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import openapi, rest
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.kubernetes import scheme
from kubernetes_py.openapi import cached

DOC = b'{"openapi":"3.0.0","info":{"title":"Kubernetes","version":"unversioned"}}'


@pytest.mark.parametrize(
    ("prefix", "server_returns_prefix"),
    [("", False), ("/test-endpoint", False), ("/test-endpoint", True)],
    ids=["no prefix", "prefix not in discovery", "prefix in discovery"],
)
def test_group_version(httpserver, prefix, server_returns_prefix):
    """TestGroupVersion."""
    seen = []

    def handler(request):
        seen.append((request.path, request.query_string.decode()))
        if request.path == prefix + "/openapi/v3/apis/apps/v1" and request.query_string == b"hash=014fbff9a07c":
            return Response(DOC, content_type="application/json")
        if request.path == prefix + "/openapi/v3":
            url = (prefix if server_returns_prefix else "") + "/openapi/v3/apis/apps/v1?hash=014fbff9a07c"
            return Response(
                b'{"paths":{"apis/apps/v1":{"serverRelativeURL":"%s"}}}' % url.encode(), content_type="application/json"
            )
        return Response(status=404)

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    config = rest.Config(host=httpserver.url_for("/").rstrip("/") + prefix)
    config.negotiated_serializer = scheme.Codecs
    config.group_version = appsv1.SchemeGroupVersion
    c = rest.rest_client_for(config)
    paths = openapi.new_client(c).paths()
    assert paths["apis/apps/v1"].schema("application/json") == DOC
    assert seen == [(prefix + "/openapi/v3", ""), (prefix + "/openapi/v3/apis/apps/v1", "hash=014fbff9a07c")]


class _CountingClient:
    """An openapi.Client with only paths() (the plain interface), counting its calls."""

    class _GV:
        def __init__(self, outer):
            self.outer = outer

        def schema(self, content_type):
            self.outer.schemas += 1
            if content_type == "bad":
                raise ValueError("no such content type")
            return content_type.encode()

        def server_relative_url(self):
            return "/openapi/v3/x"

    def __init__(self):
        self.paths_calls = 0
        self.schemas = 0

    def paths(self):
        self.paths_calls += 1
        return {"x": self._GV(self)}


def test_cached_client_asks_once_and_keeps_errors():
    """openapi/cached: the paths once, each document once per content type; an error is kept as Go keeps it."""
    delegate = _CountingClient()
    c = cached.new_client(delegate)
    first, second = c.paths(), c.paths()
    assert first is not second and first["x"] is second["x"] and delegate.paths_calls == 1
    assert c.paths_with_context(None) is c.paths_with_context(None)
    gv = first["x"]
    assert gv.schema("application/json") is gv.schema("application/json") and delegate.schemas == 1
    for _ in range(2):
        with pytest.raises(ValueError, match="^no such content type$"):
            gv.schema("bad")
    assert delegate.schemas == 2
    assert gv.server_relative_url() == "/openapi/v3/x"
