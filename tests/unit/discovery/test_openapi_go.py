"""client-go's OpenAPI v3 tests: discovery_client_test.go's TestGetOpenAPISchemaV3, memcache_test.go's
TestOpenAPIMemCache and TestOpenAPIMemCacheWithContext, cached_discovery_test.go's TestOpenAPIDiskCache, against
a fake OpenAPI v3 server as client-go's util/testing one (kube-openapi's handler3: a discovery document of hashed
URLs, documents served immutable with an ETag, a request count per path).

The server sends stand-in bytes for the protobuf content type (Go's converts the documents with gnostic, which
kubernetes_py does not have): the client's part, the Accept header and the bytes handed back, is what is checked."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, discovery, openapi, rest
from kubernetes_py.discovery.cached import disk, memory

JSON = "application/json"
CONTENT_TYPES = [JSON, openapi.ContentTypeOpenAPIV3PB]
PB_RETURNED = "application/com.github.proto-openapi.spec.v3.v1.0+protobuf"

SPECS = {
    "api/v1": {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.37.1"}, "paths": {"/api/v1/": {}}},
    "apis/apps/v1": {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.37.1"}, "paths": {}},
    "apis/batch/v1": {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.37.1"},
        "components": {"schemas": {"io.k8s.api.batch.v1.Job": {"type": "object"}}},
    },
}


class FakeOpenAPIV3Server:
    """Serves /openapi/v3 and one document per group version; ``request_counters`` counts requests per path."""

    def __init__(self, httpserver):
        self.served_documents = {gv: json.dumps(spec).encode() for gv, spec in SPECS.items()}
        self.request_counters: Counter[str] = Counter()
        self.accepts: list[tuple[str, str]] = []
        httpserver.clear_all_handlers()
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self)
        self.url = httpserver.url_for("/").rstrip("/")

    @staticmethod
    def _hash(data: bytes) -> str:
        return hashlib.sha512(data).hexdigest().upper()

    @staticmethod
    def pb(data: bytes) -> bytes:
        return b"PB:" + data

    def __call__(self, request):
        self.request_counters[request.path] += 1
        self.accepts.append((request.path, request.headers.get("Accept", "")))
        if request.path == "/openapi/v3":
            paths = {
                gv: {"serverRelativeURL": f"/openapi/v3/{gv}?hash={self._hash(doc)}"}
                for gv, doc in self.served_documents.items()
            }
            return Response(json.dumps({"paths": paths}), content_type=JSON)
        gv = request.path.removeprefix("/openapi/v3/")
        doc = self.served_documents.get(gv)
        if doc is None:
            return Response("not found", status=404)
        headers = {"Etag": '"' + self._hash(doc) + '"'}
        if request.args.get("hash") == self._hash(doc):
            headers.update(
                {"Vary": "Accept", "Cache-Control": "public, immutable", "Expires": "Thu, 01 Jan 2099 00:00:00 GMT"}
            )
        accept = request.headers.get("Accept", "")
        if accept == openapi.ContentTypeOpenAPIV3PB:
            # handler3 answers the deprecated media type (an "@" Go's mime parser rejects) with the dotted one
            return Response(self.pb(doc), content_type=PB_RETURNED, headers=headers)
        return Response(doc, content_type=JSON, headers=headers)

    def expected(self, gv: str, content_type: str) -> bytes:
        doc = self.served_documents[gv]
        return self.pb(doc) if content_type == openapi.ContentTypeOpenAPIV3PB else doc


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_get_open_api_schema_v3(httpserver, content_type):
    """TestGetOpenAPISchemaV3: every path's document in each content type; fetched again on each call."""
    server = FakeOpenAPIV3Server(httpserver)
    client = discovery.new_discovery_client_for_config_or_die(rest.Config(host=server.url))
    paths = client.open_api_v3().paths()
    assert sorted(paths) == sorted(SPECS)
    for k, v in paths.items():
        actual = v.schema(content_type)
        assert actual == server.expected(k, content_type)
        if content_type == JSON:
            assert json.loads(actual) == SPECS[k]
        actual_again = v.schema(content_type)
        assert actual_again is not actual, "expected schema not to be cached"
        assert server.request_counters["/openapi/v3/" + k] == 2
    assert {a for p, a in server.accepts if p != "/openapi/v3"} == {content_type}


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_open_api_mem_cache(httpserver, content_type):
    """TestOpenAPIMemCache: the memory cache's OpenAPI client answers from memory (the same group versions and
    the same bytes) until invalidate(), after which a new client fetches equal documents anew."""
    server = FakeOpenAPIV3Server(httpserver)
    client = memory.new_mem_cache_client(discovery.new_discovery_client_for_config_or_die(rest.Config(host=server.url)))
    openapi_client = client.open_api_v3()
    paths = openapi_client.paths()
    for k, v in paths.items():
        original = v.schema(content_type)
        paths_again = openapi_client.paths()  # the original client is not affected by invalidate() below
        schema_again = paths_again[k].schema(content_type)
        assert paths[k] is paths_again[k]
        assert original is schema_again

        client.invalidate()
        paths_again = client.open_api_v3().paths()
        schema_again = paths_again[k].schema(content_type)
        assert paths[k] is not paths_again[k]
        assert original is not schema_again
        assert original == schema_again == server.expected(k, content_type)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_open_api_mem_cache_with_context(httpserver, content_type):
    """TestOpenAPIMemCacheWithContext: with the *_with_context calls the paths dict itself is cached."""
    server = FakeOpenAPIV3Server(httpserver)
    ctx = context.background()
    client = memory.new_mem_cache_client_with_context(
        discovery.new_discovery_client_for_config_or_die(rest.Config(host=server.url))
    )
    openapi_client = client.open_api_v3_with_context(ctx)
    paths = openapi_client.paths_with_context(ctx)
    for k, v in paths.items():
        original = v.schema_with_context(ctx, content_type)
        paths_again = openapi_client.paths_with_context(ctx)
        schema_again = paths_again[k].schema_with_context(ctx, content_type)
        assert paths is paths_again
        assert original is schema_again

        client.invalidate_with_context(ctx)
        paths_again = client.open_api_v3_with_context(ctx).paths_with_context(ctx)
        schema_again = paths_again[k].schema_with_context(ctx, content_type)
        assert paths is not paths_again
        assert original is not schema_again
        assert original == schema_again


def test_open_api_disk_cache(httpserver, tmp_path):
    """TestOpenAPIDiskCache: the paths are fetched once per client; a document is fetched once, then served from
    memory, and after invalidate() from the HTTP cache on disk (its hashed URL is immutable)."""
    server = FakeOpenAPIV3Server(httpserver)
    client = disk.new_cached_discovery_client_for_config(
        rest.Config(host=server.url), str(tmp_path / "disco"), str(tmp_path / "http"), 1e-9
    )
    openapi_client = client.open_api_v3()
    openapi_client.paths()
    assert server.request_counters["/openapi/v3"] == 1
    paths = openapi_client.paths()  # the same client: from memory
    assert server.request_counters["/openapi/v3"] == 1
    assert paths

    for content_type in CONTENT_TYPES:
        server.request_counters.clear()
        for k, v in paths.items():
            path = "/openapi/v3/" + k
            assert v.schema(content_type) == server.expected(k, content_type)
            assert server.request_counters[path] == 1
            v.schema(content_type)  # from memory
            assert server.request_counters[path] == 1

            client.invalidate()
            new_paths = client.open_api_v3().paths()
            assert new_paths[k].schema(content_type) == server.expected(k, content_type)  # from disk
            assert server.request_counters[path] == 1
