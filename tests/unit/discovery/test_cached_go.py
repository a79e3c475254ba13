"""client-go discovery/cached tests, test by test (Go names in the docstrings): disk/cached_discovery_test.go,
disk/round_tripper_test.go and memory/memcache_test.go.

Not ported: TestOpenAPIDiskCache, TestOpenAPIMemCache and TestOpenAPIMemCacheWithContext (client-go's openapi
package and the OpenAPIV3() clients are not in kubernetes_py); BenchmarkDiskCache (a benchmark)."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest
import requests
from requests.adapters import BaseAdapter

from kubernetes_py import context, discovery
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.discovery.cached import disk, memory
from kubernetes_py.discovery.cached.disk import cached_discovery, round_tripper
from kubernetes_py.discovery.cached.memory import memcache
from kubernetes_py.rest import fake as restfake

from . import gotests as g
from .gotests import STALE, agg_list, group, reply, res, serve, version


# ----- disk/cached_discovery_test.go -----


class FakeDiscoveryClient:
    """cached_discovery_test.go's fakeDiscoveryClient: counts calls, serves one group "a" with a widget."""

    def __init__(self):
        self.group_calls = 0
        self.resource_calls = 0
        self.version_calls = 0
        self.open_api_calls = 0
        self.server_resources_handler = None

    def rest_client(self):
        return restfake.RESTClient()

    def server_groups(self):
        self.group_calls += 1
        return self._server_groups()

    @staticmethod
    def _server_groups():
        gv = metav1.GroupVersionForDiscovery(groupVersion="a/v1", version="v1")
        return metav1.APIGroupList(groups=[metav1.APIGroup(name="a", versions=[gv], preferredVersion=gv)])

    def server_resources_for_group_version(self, group_version):
        self.resource_calls += 1
        if group_version == "a/v1":
            return metav1.APIResourceList(resources=[metav1.APIResource(name="widgets", kind="Widget")])
        raise errors.new_not_found(GroupResource(), "")

    def server_groups_and_resources(self):
        self.resource_calls += 1
        groups = list(self._server_groups().groups)
        if self.server_resources_handler is not None:
            return groups, self.server_resources_handler()
        return groups, []

    def server_preferred_resources(self):
        self.resource_calls += 1
        return None

    def server_preferred_namespaced_resources(self):
        self.resource_calls += 1
        return None

    def server_version(self):
        self.version_calls += 1
        return Info()

    def open_api_schema(self):
        self.open_api_calls += 1
        return b""

    def with_legacy(self):
        raise NotImplementedError("unimplemented")


def _new_cdc(c, directory, ttl):
    """Go's newCachedDiscoveryClient(discovery.ToDiscoveryInterfaceWithContext(&c), d, ttl)."""
    return cached_discovery._new_cached_discovery_client(
        discovery.to_discovery_interface_with_context(c), directory, ttl
    )


def test_cached_discovery_client_fresh(tmp_path):
    """TestCachedDiscoveryClient_Fresh."""
    d = str(tmp_path)
    c = FakeDiscoveryClient()
    cdc = _new_cdc(c, d, 60.0)
    assert cdc.fresh(), "should be fresh after creation"

    cdc.server_groups()
    assert cdc.fresh(), "should be fresh after groups call without cache"
    assert c.group_calls == 1
    cdc.server_groups()
    assert cdc.fresh(), "should be fresh after another groups call"
    assert c.group_calls == 1

    cdc.server_groups_and_resources()
    assert cdc.fresh(), "should be fresh after resources call"
    assert c.resource_calls == 1
    cdc.server_groups_and_resources()
    assert cdc.fresh(), "should be fresh after another resources call"
    assert c.resource_calls == 1

    cdc = _new_cdc(c, d, 60.0)
    cdc.server_groups()
    assert not cdc.fresh(), "should NOT be fresh after recreation with existing groups cache"
    assert c.group_calls == 1
    cdc.server_groups_and_resources()
    assert not cdc.fresh(), "should NOT be fresh after recreation with existing resources cache"
    assert c.resource_calls == 1

    cdc.invalidate()
    assert cdc.fresh(), "should be fresh after cache invalidation"
    cdc.server_groups_and_resources()
    assert cdc.fresh(), "should ignore existing resources cache after invalidation"
    assert c.resource_calls == 2


def test_new_cached_discovery_client_ttl(tmp_path):
    """TestNewCachedDiscoveryClient_TTL (Go sleeps a second past a 1 ns TTL; any sleep is past it)."""
    c = FakeDiscoveryClient()
    cdc = _new_cdc(c, str(tmp_path), 1e-9)
    cdc.server_groups()
    assert c.group_calls == 1
    time.sleep(0.02)
    cdc.server_groups()
    assert c.group_calls == 2


def test_new_cached_discovery_client_path_perm(tmp_path):
    """TestNewCachedDiscoveryClient_PathPerm: directories 0750, files 0660 (the directory does not exist yet)."""
    d = str(tmp_path / "cache")
    cdc = _new_cdc(FakeDiscoveryClient(), d, 1e-9)
    cdc.server_groups()
    seen = []
    for root, dirs, files in os.walk(d):
        seen.append((os.path.relpath(root, d), oct(os.stat(root).st_mode & 0o777)))
        seen.extend((f, oct(os.stat(os.path.join(root, f)).st_mode & 0o777)) for f in files)
    assert seen == [(".", "0o750"), ("servergroups.json", "0o660")]


def _num_files_found(directory, filename):
    return sum(files.count(filename) for _, _, files in os.walk(directory))


UNAGGREGATED_CASES = [
    (
        "1 version at /api, 1 group at /apis",
        [g.api_group("extensions", ("extensions/v1beta1", ""))],
        ["", "extensions"],
        ["v1", "extensions/v1beta1"],
    ),
    (
        "1 version at /api, 2 groups/1 version at /apis",
        [g.api_group("apps", ("apps/v1", "")), g.api_group("extensions", ("extensions/v1beta1", ""))],
        ["", "apps", "extensions"],
        ["v1", "apps/v1", "extensions/v1beta1"],
    ),
    (
        "1 version at /api, 2 groups/2 versions at /apis",
        [
            g.api_group("batch", ("batch/v1", "")),
            g.api_group("batch", ("batch/v1beta1", "")),
            g.api_group("extensions", ("extensions/v1beta1", "")),
            g.api_group("extensions", ("extensions/v1alpha1", "")),
        ],
        ["", "batch", "extensions"],
        ["v1", "batch/v1", "batch/v1beta1", "extensions/v1beta1", "extensions/v1alpha1"],
    ),
]


def _group_versions_from_groups(groups):
    return [v.groupVersion for grp in groups.groups for v in grp.versions]


@pytest.mark.parametrize(("name", "apis", "names", "gvs"), UNAGGREGATED_CASES)
def test_cached_discovery_client_unaggregated_server_groups(httpserver, tmp_path, name, apis, names, gvs):
    """TestCachedDiscoveryClientUnaggregatedServerGroups."""
    disco_cache, http_cache = str(tmp_path / "disco"), str(tmp_path / "http")
    config = serve(httpserver, g.by_path({"/api": g.api_versions("v1"), "/apis": {"groups": apis}}))
    client = disk.new_cached_discovery_client_for_config(config, disco_cache, http_cache, 1e-9)
    api_group_list = client.server_groups()
    assert _num_files_found(disco_cache, "servergroups.json") == 1
    assert {grp.name for grp in api_group_list.groups} == set(names)
    assert set(_group_versions_from_groups(api_group_list)) == set(gvs)


def _apps(ver, *kinds, stale=False):
    return version(ver, *[res(k.lower() + "s", ("apps", ver, k)) for k in kinds], freshness=STALE if stale else "")


def _batch(ver, *kinds, stale=False):
    return version(ver, *[res(k.lower() + "s", ("batch", ver, k)) for k in kinds], freshness=STALE if stale else "")


POD = res("pods", ("", "v1", "Pod"))
SERVICE = res("services", ("", "v1", "Service"))
CORE_POD = agg_list(group("", version("v1", POD)))
CORE_POD_SERVICE = agg_list(group("", version("v1", POD, SERVICE)))

AGGREGATED_GROUPS_CASES = [
    (
        "1 group/1 version at /api, 1 group/1 version at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["v1", "apps/v1"],
    ),
    (
        "1 group/1 version at /api, 1 group/2 versions at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v2", "Deployment"), _apps("v1", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1", "apps/v2"],
        ["v1", "apps/v2"],
    ),
    (
        "/api returns nothing, 2 groups at /apis",
        agg_list(),
        agg_list(
            group("apps", _apps("v1", "Deployment", "StatefulSet")),
            group("batch", _batch("v1", "Job", "CronJob"), _batch("v1beta1", "Job", "CronJob")),
        ),
        ["apps", "batch"],
        ["apps/v1", "batch/v1", "batch/v1beta1"],
        ["apps/v1", "batch/v1"],
    ),
]


def _agg_server(corev1, apis):
    routes = {
        "/api": reply(corev1, content_type=discovery.AcceptV2),
        "/apis": reply(apis, content_type=discovery.AcceptV2),
    }
    return g.by_path(routes)


@pytest.mark.parametrize(("name", "corev1", "apis", "names", "gvs", "preferred"), AGGREGATED_GROUPS_CASES)
def test_cached_discovery_client_aggregated_server_groups(
    httpserver, tmp_path, name, corev1, apis, names, gvs, preferred
):
    """TestCachedDiscoveryClientAggregatedServerGroups."""
    disco_cache, http_cache = str(tmp_path / "disco"), str(tmp_path / "http")
    config = serve(httpserver, _agg_server(corev1, apis))
    client = disk.new_cached_discovery_client_for_config(config, disco_cache, http_cache, 1e-9)
    api_group_list = client.server_groups()
    assert _num_files_found(disco_cache, "servergroups.json") == 1
    assert {grp.name for grp in api_group_list.groups} == set(names)
    assert set(_group_versions_from_groups(api_group_list)) == set(gvs)
    assert {grp.preferredVersion.groupVersion for grp in api_group_list.groups} == set(preferred)


# ----- disk/round_tripper_test.go -----


class _TestRoundTripper(BaseAdapter):
    """round_trippers_test.go's testRoundTripper: records the request, answers the response set on it."""

    def __init__(self):
        super().__init__()
        self.request = None
        self.response = None
        self.err = None

    def send(self, request, **kwargs):
        self.request = request
        if self.err is not None:
            raise self.err
        return self.response

    def close(self):
        pass


def _get(url="http://localhost/"):
    return requests.Request("GET", url).prepare()


def test_cache_round_tripper(tmp_path):
    """TestCacheRoundTripper: the second GET, answered 304, reads the first response's body from the cache."""
    rt = _TestRoundTripper()
    cache = round_tripper.new_cache_round_tripper(str(tmp_path), rt)
    rt.response = restfake.new_response(200, b"Content", {"ETag": '"123456"'})
    assert cache.round_trip(_get()).content == b"Content"

    rt.response = restfake.new_response(304, b"Other Content")
    assert cache.round_trip(_get()).content == b"Content"
    assert rt.request.headers["If-None-Match"] == '"123456"'


def test_cache_round_tripper_path_perm(tmp_path):
    """TestCacheRoundTripperPathPerm: directories 0750, files 0660."""
    cache_dir = str(tmp_path / "cache-rt")
    rt = _TestRoundTripper()
    cache = round_tripper.new_cache_round_tripper(cache_dir, rt)
    rt.response = restfake.new_response(200, b"Content", {"ETag": '"123456"'})
    assert cache.round_trip(_get()).content == b"Content"
    modes = set()
    for root, _, files in os.walk(cache_dir):
        modes.add(("dir", os.stat(root).st_mode & 0o777))
        modes.update(("file", os.stat(os.path.join(root, f)).st_mode & 0o777) for f in files)
    assert modes == {("dir", 0o750), ("file", 0o660)}


def test_sum_disk_cache_no_such_key(tmp_path):
    """TestSumDiskCache/NoSuchKey."""
    c = round_tripper._SumDiskCache(str(tmp_path))
    assert c.get("testing") == (b"", False)


def test_sum_disk_cache_empty_file(tmp_path):
    """TestSumDiskCache/EmptyFile."""
    c = round_tripper._SumDiskCache(str(tmp_path))
    (tmp_path / round_tripper._sanitize("testing")).write_bytes(b"")
    assert c.get("testing") == (b"", False)


def test_sum_disk_cache_invalid_checksum(tmp_path):
    """TestSumDiskCache/InvalidChecksum."""
    c = round_tripper._SumDiskCache(str(tmp_path))
    (tmp_path / round_tripper._sanitize("testing")).write_bytes(hashlib.sha256(b"testing").digest() + b"testink")
    assert c.get("testing") == (b"", False)


def test_sum_disk_cache_overwrite_existing_key(tmp_path):
    """TestSumDiskCache/OverwriteExistingKey."""
    c = round_tripper._SumDiskCache(str(tmp_path))
    c.set("testing", b"cool value!")
    assert c.get("testing") == (b"cool value!", True)
    c.set("testing", b"I'm different!")
    assert c.get("testing") == (b"I'm different!", True)


def test_sum_disk_cache_delete_key(tmp_path):
    """TestSumDiskCache/DeleteKey."""
    c = round_tripper._SumDiskCache(str(tmp_path))
    c.set("testing", b"coolValue")
    assert c.get("testing") == (b"coolValue", True)
    c.delete("testing")
    assert c.get("testing") == (b"", False)
    c.delete("testing")  # deleting a missing key is a no-op


def test_sanitize_is_the_hex_sha256_of_the_key():
    assert round_tripper._sanitize("testing") == hashlib.sha256(b"testing").hexdigest()


# ----- memory/memcache_test.go -----


class FakeDiscovery:
    """memcache_test.go's fakeDiscovery: only server_groups and server_resources_for_group_version."""

    def __init__(self, group_list=None, group_list_err=None, resource_map=None):
        self.lock = threading.Lock()
        self.group_list = group_list
        self.group_list_err = group_list_err
        self.resource_map = resource_map or {}  # group version -> (list, error)

    def server_resources_for_group_version(self, group_version):
        with self.lock:
            if group_version not in self.resource_map:
                raise RuntimeError("doesn't exist")
            rl, err = self.resource_map[group_version]
        if err is not None:
            raise err
        return rl

    def server_groups(self):
        with self.lock:
            if self.group_list is None:
                raise RuntimeError("doesn't exist")
            if self.group_list_err is not None:
                raise self.group_list_err
            return self.group_list


class FakeDiscoveryWithContext:
    """memcache_test.go's fakeDiscoveryWithContext: only the *_with_context methods may be called."""

    def __init__(self, fake):
        self.fake_discovery = fake
        self.server_groups_with_context_post_callback = None

    def server_resources_for_group_version(self, group_version):
        raise AssertionError("server_resources_for_group_version should not have been called")

    def server_groups(self):
        raise AssertionError("server_groups should not have been called")

    def server_resources_for_group_version_with_context(self, ctx, group_version):
        err = ctx.err()
        if err is not None:
            raise err
        return self.fake_discovery.server_resources_for_group_version(group_version)

    def server_groups_with_context(self, ctx):
        try:
            err = ctx.err()
            if err is not None:
                raise err
            return self.fake_discovery.server_groups()
        finally:
            if self.server_groups_with_context_post_callback is not None:
                self.server_groups_with_context_post_callback()


def _dwarfplanets(gv):
    return metav1.APIResourceList(
        groupVersion=gv,
        resources=[
            metav1.APIResource(
                name="dwarfplanets", singularName="dwarfplanet", namespaced=True, kind="DwarfPlanet", shortNames=["dp"]
            )
        ],
    )


def _groups(*names):
    return metav1.APIGroupList(
        groups=[
            metav1.APIGroup(
                name=n, versions=[metav1.GroupVersionForDiscovery(groupVersion=f"{n}/v8beta1", version="v8beta1")]
            )
            for n in names
        ]
    )


def _new_fake():
    return FakeDiscovery(
        group_list=_groups("astronomy"), resource_map={"astronomy/v8beta1": (_dwarfplanets("astronomy/v8beta1"), None)}
    )


@pytest.mark.parametrize("with_context", [False, True], ids=["DiscoveryInterface", "DiscoveryInterfaceWithContext"])
def test_client(with_context):
    """TestClient."""
    fake = _new_fake()
    delegate = FakeDiscoveryWithContext(fake) if with_context else fake
    c = memory.new_mem_cache_client(delegate)
    assert not c.fresh()
    assert c.server_groups() == fake.group_list
    assert c.fresh()
    c.invalidate()
    assert not c.fresh()

    assert c.server_groups() == fake.group_list
    assert c.fresh()
    assert c.server_resources_for_group_version("astronomy/v8beta1") == fake.resource_map["astronomy/v8beta1"][0]

    stars = metav1.APIResourceList(
        groupVersion="astronomy/v8beta1",
        resources=[
            metav1.APIResource(name="stars", singularName="star", namespaced=True, kind="Star", shortNames=["s"])
        ],
    )
    with fake.lock:
        fake.resource_map = {"astronomy/v8beta1": (stars, None)}
    c.invalidate()
    assert c.server_resources_for_group_version("astronomy/v8beta1") == stars


def test_retry_after_cancellation():
    """TestRetryAfterCancellation: the context is canceled in the middle of the refresh; the canceled group
    version is fetched again with a live context."""
    fake = FakeDiscoveryWithContext(_new_fake())
    ctx = context.background()
    cancel_ctx, cancel = context.with_cancel(ctx)
    try:
        c = memory.new_mem_cache_client_with_context(fake)
        fake.server_groups_with_context_post_callback = cancel
        with pytest.raises(context.Canceled):
            c.server_resources_for_group_version_with_context(cancel_ctx, "astronomy/v8beta1")
        r = c.server_resources_for_group_version_with_context(ctx, "astronomy/v8beta1")
        assert r == fake.fake_discovery.resource_map["astronomy/v8beta1"][0]
        assert c.fresh_with_context(ctx)
    finally:
        cancel()


def test_server_groups_fails():
    """TestServerGroupsFails."""
    fake = _new_fake()
    fake.group_list_err = RuntimeError("some error")
    c = memory.new_mem_cache_client(fake)
    assert not c.fresh()
    with pytest.raises(RuntimeError, match="^some error$"):
        c.server_groups()
    assert not c.fresh()
    with fake.lock:
        fake.group_list_err = None
    assert c.server_resources_for_group_version("astronomy/v8beta1") == fake.resource_map["astronomy/v8beta1"][0]
    assert c.fresh()


def _two_groups(first_error):
    return FakeDiscovery(
        group_list=_groups("astronomy", "astronomy2"),
        resource_map={
            "astronomy/v8beta1": (None, first_error),
            "astronomy2/v8beta1": (_dwarfplanets("astronomy2/v8beta1"), None),
        },
    )


def test_partial_permanent_failure():
    """TestPartialPermanentFailure: a permanent error stays until invalidate()."""
    fake = _two_groups(RuntimeError("some permanent error"))
    c = memory.new_mem_cache_client(fake)
    assert not c.fresh()
    assert c.server_resources_for_group_version("astronomy2/v8beta1") == fake.resource_map["astronomy2/v8beta1"][0]
    with pytest.raises(RuntimeError, match="^some permanent error$"):
        c.server_resources_for_group_version("astronomy/v8beta1")
    with fake.lock:
        fake.resource_map["astronomy/v8beta1"] = (_dwarfplanets("astronomy/v8beta1"), None)
    with pytest.raises(RuntimeError, match="^some permanent error$"):  # not retried
        c.server_resources_for_group_version("astronomy/v8beta1")
    c.invalidate()
    assert c.server_resources_for_group_version("astronomy/v8beta1") == fake.resource_map["astronomy/v8beta1"][0]


def test_partial_retryable_failure():
    """TestPartialRetryableFailure: a 503 is retried without invalidate(), and the answer is then kept."""
    unavailable = errors.StatusError(
        metav1.Status(message="Some retryable error", code=503, reason=metav1.StatusReasonServiceUnavailable)
    )
    fake = _two_groups(unavailable)
    c = memory.new_mem_cache_client(fake)
    assert not c.fresh()
    assert c.server_resources_for_group_version("astronomy2/v8beta1") == fake.resource_map["astronomy2/v8beta1"][0]
    with pytest.raises(errors.StatusError, match="^Some retryable error$"):
        c.server_resources_for_group_version("astronomy/v8beta1")
    fixed = _dwarfplanets("astronomy/v8beta1")
    with fake.lock:
        fake.resource_map["astronomy/v8beta1"] = (fixed, None)
    assert c.server_resources_for_group_version("astronomy/v8beta1") == fixed
    with fake.lock:
        fake.resource_map["astronomy/v8beta1"] = (fixed, RuntimeError("some permanent error"))
    assert c.server_resources_for_group_version("astronomy/v8beta1") == fixed  # cached, not fetched again


@pytest.mark.parametrize(("name", "apis", "names", "gvs"), UNAGGREGATED_CASES)
def test_mem_cache_groups_and_maybe_resources(httpserver, name, apis, names, gvs):
    """TestMemCacheGroupsAndMaybeResources: unaggregated discovery never gives resources."""
    config = serve(httpserver, g.by_path({"/api": g.api_versions("v1"), "/apis": {"groups": apis}}))
    mem_client = memcache.MemCacheClient(discovery.new_discovery_client_for_config_or_die(config))
    assert not mem_client.fresh()
    api_group_list, resources_map, failed_gvs = mem_client.groups_and_maybe_resources()
    assert resources_map is None
    assert not failed_gvs
    assert not mem_client._received_aggregated_discovery
    assert mem_client.fresh()
    assert {grp.name for grp in api_group_list.groups} == set(names)
    assert set(_group_versions_from_groups(api_group_list)) == set(gvs)
    mem_client.invalidate()
    assert not mem_client.fresh()
    api_group_list, resources_map, _ = mem_client.groups_and_maybe_resources()
    assert resources_map is None
    assert not mem_client._received_aggregated_discovery
    assert {grp.name for grp in api_group_list.groups} == set(names)


AGG_MEMCACHE_CASES = [
    (
        "1 group/1 resources at /api, 1 group/1 resources at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["/v1/Pod", "apps/v1/Deployment"],
        [],
    ),
    (
        "1 group/1 resources at /api, 1 group/2 versions/1 resources/1 stale GV at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"), _apps("v2", "Deployment", stale=True))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["/v1/Pod", "apps/v1/Deployment"],
        ["apps/v2"],
    ),
    (
        "1 group/2 resources at /api, 1 group/2 resources at /apis",
        CORE_POD_SERVICE,
        agg_list(group("apps", _apps("v1", "Deployment", "StatefulSet"))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["/v1/Pod", "/v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet"],
        [],
    ),
    (
        "1 group/2 resources at /api, 2 group/2 resources/1 stale GV at /apis",
        CORE_POD_SERVICE,
        agg_list(
            group(
                "apps",
                _apps("v1", "Deployment", "StatefulSet"),
                _apps("v1beta1", "Deployment", "StatefulSet", stale=True),
            ),
            group("batch", _batch("v1", "Job", "CronJob")),
        ),
        ["", "apps", "batch"],
        ["v1", "apps/v1", "batch/v1"],
        ["/v1/Pod", "/v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet", "batch/v1/Job", "batch/v1/CronJob"],
        ["apps/v1beta1"],
    ),
    (
        "/api returns nothing, 2 groups/2 resources/2 stale GV at /apis",
        agg_list(),
        agg_list(
            group(
                "apps",
                _apps("v1", "Deployment", "StatefulSet", stale=True),
                _apps("v1beta1", "Deployment", "StatefulSet"),
            ),
            group("batch", _batch("v1", "Job", "CronJob"), _batch("v1beta1", "Job", stale=True)),
        ),
        ["apps", "batch"],
        ["apps/v1beta1", "batch/v1"],
        ["apps/v1beta1/Deployment", "apps/v1beta1/StatefulSet", "batch/v1/Job", "batch/v1/CronJob"],
        ["apps/v1", "batch/v1beta1"],
    ),
]


@pytest.mark.parametrize(("name", "corev1", "apis", "names", "gvs", "gvks", "failed"), AGG_MEMCACHE_CASES)
def test_aggregated_mem_cache_groups_and_maybe_resources(httpserver, name, corev1, apis, names, gvs, gvks, failed):
    """TestAggregatedMemCacheGroupsAndMaybeResources."""
    config = serve(httpserver, _agg_server(corev1, apis))
    mem_client = memcache.MemCacheClient(discovery.new_discovery_client_for_config_or_die(config))
    assert not mem_client.fresh()
    api_group_list, resources_map, failed_gvs = mem_client.groups_and_maybe_resources()
    assert mem_client._received_aggregated_discovery
    assert mem_client.fresh()
    assert {grp.name for grp in api_group_list.groups} == set(names)
    assert set(_group_versions_from_groups(api_group_list)) == set(gvs)
    assert set(g.group_version_kinds(list(resources_map.values()))) == set(gvks)
    assert {str(gv) for gv in failed_gvs} == set(failed)
    mem_client.invalidate()
    assert not mem_client.fresh()
    api_group_list, _, _ = mem_client.groups_and_maybe_resources()
    assert {grp.name for grp in api_group_list.groups} == set(names)


@pytest.mark.parametrize(("name", "corev1", "apis", "names", "gvs", "preferred"), AGGREGATED_GROUPS_CASES)
def test_mem_cache_aggregated_server_groups(httpserver, name, corev1, apis, names, gvs, preferred):
    """TestMemCacheAggregatedServerGroups."""
    config = serve(httpserver, _agg_server(corev1, apis))
    mem_cache = memory.new_mem_cache_client(discovery.new_discovery_client_for_config_or_die(config))
    api_group_list = mem_cache.server_groups()
    assert {grp.name for grp in api_group_list.groups} == set(names)
    assert set(_group_versions_from_groups(api_group_list)) == set(gvs)
    assert {grp.preferredVersion.groupVersion for grp in api_group_list.groups} == set(preferred)
