"""Memory and disk discovery caches: what is fetched when, kubectl's file layout, modes and TTL."""

from __future__ import annotations

import json
import os
import stat
import time

import pytest

from kubernetes_py import discovery
from kubernetes_py.discovery.cached import disk, memory

from .fixtures import FakeAPIServer, serve


def _discovery(httpserver, **kw):
    server = FakeAPIServer(**kw)
    return discovery.new_discovery_client_for_config(serve(httpserver, server)), server


def test_memcache_fetches_once_until_invalidated(httpserver):
    d, server = _discovery(httpserver)
    mc = memory.new_mem_cache_client(d)
    assert not mc.fresh()
    assert [g.name for g in mc.server_groups().groups] == ["", "apps", "autoscaling"]
    assert mc.fresh()
    first = len(server.requests)
    assert sorted(server.paths()) == [
        "/api",
        "/api/v1",
        "/apis",
        "/apis/apps/v1",
        "/apis/autoscaling/v1",
        "/apis/autoscaling/v2",
    ]
    assert [r.name for r in mc.server_resources_for_group_version("apps/v1").resources] == ["deployments"]
    groups, resources = mc.server_groups_and_resources()
    assert [r.groupVersion for r in resources] == ["v1", "apps/v1", "autoscaling/v2", "autoscaling/v1"]
    assert len(server.requests) == first  # all answered from memory
    with pytest.raises(memory.ErrCacheNotFound, match="^not found$"):
        mc.server_resources_for_group_version("batch/v1")
    mc.invalidate()
    assert not mc.fresh()
    mc.server_groups()
    assert len(server.requests) == 2 * first


def test_memcache_with_aggregated_discovery_makes_two_requests(httpserver):
    d, server = _discovery(httpserver, aggregated=True)
    mc = memory.new_mem_cache_client(d)
    groups, resources_by_gv, failed = mc.groups_and_maybe_resources()
    assert server.paths() == ["/api", "/apis"]
    assert sorted(str(gv) for gv in resources_by_gv) == ["apps/v1", "autoscaling/v2", "v1"]
    assert [str(gv) for gv in failed] == ["autoscaling/v1"]
    with pytest.raises(discovery.StaleGroupVersionError):
        mc.server_resources_for_group_version("autoscaling/v1")
    assert server.paths() == ["/api", "/apis"]


def test_memcache_refetches_group_versions_that_failed_transiently(httpserver):
    d, server = _discovery(httpserver, fail={"/apis/apps/v1": 503})
    mc = memory.new_mem_cache_client(d)
    mc.server_groups()
    assert server.paths().count("/apis/apps/v1") == 1
    del server.fail["/apis/apps/v1"]
    assert [r.name for r in mc.server_resources_for_group_version("apps/v1").resources] == ["deployments"]
    assert server.paths().count("/apis/apps/v1") == 2
    mc.server_resources_for_group_version("apps/v1")
    assert server.paths().count("/apis/apps/v1") == 2


def test_memcache_does_not_refetch_permanent_failures(httpserver):
    d, server = _discovery(httpserver, fail={"/apis/apps/v1": 403})
    mc = memory.new_mem_cache_client(d)
    mc.server_groups()
    for _ in range(2):
        with pytest.raises(Exception, match="/apis/apps/v1 failed"):
            mc.server_resources_for_group_version("apps/v1")
    assert server.paths().count("/apis/apps/v1") == 1


def _cached(httpserver, tmp_path, ttl=600.0, **kw):
    server = FakeAPIServer(**kw)
    config = serve(httpserver, server)
    cache_dir = disk.compute_discover_cache_dir(str(tmp_path / "discovery"), config.host)
    return disk.new_cached_discovery_client_for_config(config, cache_dir, "", ttl), server, cache_dir


def test_compute_discover_cache_dir_matches_kubectl():
    assert (
        disk.compute_discover_cache_dir("/home/u/.kube/cache/discovery", "https://127.0.0.1:6443")
        == "/home/u/.kube/cache/discovery/127.0.0.1_6443"
    )
    assert (
        disk.compute_discover_cache_dir("/c", "http://my-host.example.com:8080/prefix")
        == "/c/my_host.example.com_8080/prefix"
    )


def test_disk_cache_layout_modes_and_contents(httpserver, tmp_path):
    old_umask = os.umask(0o022)
    try:
        client, server, cache_dir = _cached(httpserver, tmp_path)
        client.server_groups_and_resources()
    finally:
        os.umask(old_umask)
    files = sorted(
        os.path.relpath(os.path.join(root, f), cache_dir) for root, _, names in os.walk(cache_dir) for f in names
    )
    assert files == [
        "apps/v1/serverresources.json",
        "autoscaling/v1/serverresources.json",
        "autoscaling/v2/serverresources.json",
        "servergroups.json",
        "v1/serverresources.json",
    ]
    assert stat.S_IMODE(os.stat(os.path.join(cache_dir, "servergroups.json")).st_mode) == 0o660
    assert stat.S_IMODE(os.stat(os.path.join(cache_dir, "apps", "v1")).st_mode) == 0o750 & ~0o022
    groups = json.loads((tmp_path / cache_dir / "servergroups.json").read_bytes())
    assert (groups["kind"], groups["apiVersion"]) == ("APIGroupList", "v1")
    assert [g["name"] for g in groups["groups"]] == ["", "apps", "autoscaling"]
    apps = json.loads(open(os.path.join(cache_dir, "apps/v1/serverresources.json"), "rb").read())
    assert (apps["kind"], apps["apiVersion"], apps["groupVersion"]) == ("APIResourceList", "v1", "apps/v1")
    assert apps["resources"][0]["name"] == "deployments" and apps["resources"][0]["verbs"] == ["get", "list"]


def test_disk_cache_is_read_by_a_new_client_within_ttl_and_refetched_after(httpserver, tmp_path):
    client, server, cache_dir = _cached(httpserver, tmp_path)
    client.server_groups_and_resources()
    assert client.fresh()
    fetched = len(server.requests)

    second, server2, _ = _cached(httpserver, tmp_path)
    assert [r.groupVersion for r in second.server_groups_and_resources()[1]] == [
        "v1",
        "apps/v1",
        "autoscaling/v2",
        "autoscaling/v1",
    ]
    assert not second.fresh()  # answered from files another client wrote
    assert len(server.requests) == fetched and server2.requests == []

    # age the files beyond the TTL: the next client goes to the server again
    past = time.time() - 700
    for root, _, names in os.walk(cache_dir):
        for f in names:
            os.utime(os.path.join(root, f), (past, past))
    third, server3, _ = _cached(httpserver, tmp_path)
    third.server_groups()
    assert server3.paths()[:2] == ["/api", "/apis"]
    assert third.fresh()


def test_disk_cache_invalidate_distrusts_foreign_files(httpserver, tmp_path):
    client, _, cache_dir = _cached(httpserver, tmp_path)
    client.server_groups()
    other, server, _ = _cached(httpserver, tmp_path)
    other.server_groups()
    assert server.requests == []
    other.invalidate()
    other.server_groups()
    assert server.paths()[:2] == ["/api", "/apis"]
    assert other.fresh()


def test_http_cache_stores_kubectl_format_and_revalidates_with_etag(httpserver, tmp_path):
    import hashlib

    from werkzeug.wrappers import Response

    from kubernetes_py import rest

    seen = []

    def handler(request):
        seen.append((request.path, request.headers.get("If-None-Match")))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            json.dumps({"kind": "APIVersions", "versions": ["v1"]}),
            content_type="application/json",
            headers={"ETag": '"v1"', "Date": "Sun, 22 Nov 2026 02:00:00 GMT"},
        )

    import re as _re

    httpserver.clear_all_handlers()
    httpserver.expect_request(_re.compile(".*")).respond_with_handler(handler)
    config = rest.Config(host=httpserver.url_for("/").rstrip("/"))
    http_dir = tmp_path / "http"
    d = discovery.new_discovery_client_for_config(config)
    wrapped = rest.copy_config(config)
    wrapped.wrap(lambda rt: disk.new_cache_round_tripper(str(http_dir), rt))
    client = discovery.new_discovery_client_for_config(wrapped)
    url = httpserver.url_for("/api") + "?timeout=32s"
    for _ in range(2):
        assert (
            client.rest_client().get().abs_path("/api").do(None).raw() == b'{"kind": "APIVersions", "versions": ["v1"]}'
        )
    assert seen == [("/api", None), ("/api", '"v1"')]
    stored = (http_dir / hashlib.sha256(url.encode()).hexdigest()).read_bytes()
    dump = stored[32:]
    assert stored[:32] == hashlib.sha256(dump).digest()
    head = dump.split(b"\r\n\r\n")[0].split(b"\r\n")
    # Go's DumpResponse: status line, Content-Length, then the other headers sorted by canonical key
    assert head[:2] == [b"HTTP/1.1 200 OK", b"Content-Length: 43"]
    assert head[2:] == sorted(head[2:])
    assert b"Content-Type: application/json" in head and b'Etag: "v1"' in head
    assert b"X-From-Cache: 1" in head  # stored again after the 304, as Go does
    assert dump.endswith(b"\r\n\r\n" + b'{"kind": "APIVersions", "versions": ["v1"]}')
    assert stat.S_IMODE(os.stat(http_dir / hashlib.sha256(url.encode()).hexdigest()).st_mode) == 0o660
    assert d is not None


def test_clients_satisfy_client_gos_interfaces(tmp_path):
    from kubernetes_py import rest

    d = discovery.new_discovery_client_for_config(rest.Config(host="http://127.0.0.1:1"))
    mc = memory.new_mem_cache_client(d)
    dc = disk.new_cached_discovery_client_for_config(rest.Config(host="http://127.0.0.1:1"), str(tmp_path), "", 1)
    assert isinstance(d, discovery.AggregatedDiscoveryInterface) and not isinstance(
        d, discovery.CachedDiscoveryInterface
    )
    assert isinstance(mc, discovery.CachedDiscoveryInterface) and isinstance(mc, discovery.AggregatedDiscoveryInterface)
    assert isinstance(dc, discovery.CachedDiscoveryInterface) and not isinstance(
        dc, discovery.AggregatedDiscoveryInterface
    )
