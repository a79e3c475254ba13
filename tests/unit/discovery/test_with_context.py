"""discovery's To...WithContext adapters (client-go discovery_client.go): a client with only the plain methods
is seen through the *_with_context ones of one interface, and nothing else of it shows through."""

from __future__ import annotations

import pytest

from kubernetes_py import context, discovery
from kubernetes_py.apimachinery.apis.meta import v1 as metav1


class Plain:
    def __init__(self):
        self.calls = []

    def rest_client(self):
        return "rest"

    def server_groups(self):
        self.calls.append("server_groups")
        return metav1.APIGroupList()

    def server_resources_for_group_version(self, gv):
        self.calls.append(("server_resources_for_group_version", gv))
        return metav1.APIResourceList(groupVersion=gv)

    def server_version(self):
        self.calls.append("server_version")

    def groups_and_maybe_resources(self):
        self.calls.append("groups_and_maybe_resources")

    def fresh(self):
        return True

    def invalidate(self):
        self.calls.append("invalidate")

    def with_legacy(self):
        self.calls.append("with_legacy")
        return Plain()


def test_plain_methods_through_with_context_ones():
    p = Plain()
    d = discovery.to_discovery_interface_with_context(p)
    ctx, cancel = context.with_cancel(context.background())
    cancel()  # the adapters do not look at the context, as Go's wrappers
    assert d.server_groups_with_context(ctx) == metav1.APIGroupList()
    assert d.server_resources_for_group_version_with_context(ctx, "apps/v1").groupVersion == "apps/v1"
    assert d.rest_client() == "rest"
    legacy = d.with_legacy_with_context(ctx)
    assert hasattr(legacy, "server_groups_with_context") and not isinstance(legacy, Plain)
    assert p.calls == ["server_groups", ("server_resources_for_group_version", "apps/v1"), "with_legacy"]
    # only the DiscoveryInterface shows through: not the aggregated or cached methods, nor the plain ones
    for name in ("groups_and_maybe_resources_with_context", "fresh_with_context", "server_groups"):
        assert not hasattr(d, name)


def test_each_interface_shows_its_own_methods():
    p = Plain()
    assert hasattr(
        discovery.to_aggregated_discovery_interface_with_context(p), "groups_and_maybe_resources_with_context"
    )
    cached = discovery.to_cached_discovery_interface_with_context(p)
    assert cached.fresh_with_context(None) is True
    cached.invalidate_with_context(None)
    assert p.calls == ["invalidate"]
    groups = discovery.to_server_groups_interface_with_context(p)
    assert not hasattr(groups, "server_version_with_context")
    assert discovery.to_server_version_interface_with_context(p).server_version_with_context(None) is None


def test_none_stays_none_and_a_full_client_is_returned_as_is(httpserver):
    assert discovery.to_discovery_interface_with_context(None) is None
    from kubernetes_py import rest

    client = discovery.new_discovery_client_for_config(rest.Config(host=httpserver.url_for("/")))
    for to in (
        discovery.to_discovery_interface_with_context,
        discovery.to_aggregated_discovery_interface_with_context,
        discovery.to_server_resources_interface_with_context,
    ):
        assert to(client) is client


def test_a_cached_client_through_the_memory_cache_is_not_invalidated_by_a_plain_wrapper():
    """Go's memory cache invalidates a CachedDiscoveryInterface delegate; a DiscoveryInterface wrapper is not one."""
    from kubernetes_py.discovery.cached import memory

    p = Plain()
    mc = memory.new_mem_cache_client(discovery.to_discovery_interface_with_context(p))
    mc.invalidate()
    assert "invalidate" not in p.calls
    with pytest.raises(memory.ErrCacheNotFound):  # no groups at all: nothing cached for any group version
        mc.server_resources_for_group_version("apps/v1")
