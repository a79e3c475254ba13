"""client-go tools/cache mutation_cache_test.go."""

from __future__ import annotations

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache


def pod(name, uid, rv):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, uid=uid, resourceVersion=rv))


def new_cache(ttl=60.0, include_adds=False, indexers=None):
    store = cache.new_store(cache.meta_namespace_key_func)
    indexer = cache.new_indexer(cache.meta_namespace_key_func, indexers or {})
    return store, cache.new_integer_resource_version_mutation_cache(None, store, indexer, ttl, include_adds)


@pytest.mark.parametrize(
    "mutation_rv,store_rv,want_cleared",
    [
        ("2", "2", True),
        ("2", "3", True),
        ("2", "1", False),
    ],
    ids=["equal-rv-clears", "newer-store-clears", "older-store-keeps"],
)
def test_on_add_or_update(mutation_rv, store_rv, want_cleared):
    store, mc = new_cache()
    mc.mutation(pod("pod", "uid-1", mutation_rv))
    mc.on_add_or_update(pod("pod", "uid-1", store_rv))
    store.add(pod("pod", "uid-1", "1"))
    got, exists = mc.get_by_key("pod")
    assert exists
    assert got.metadata.resourceVersion == ("1" if want_cleared else mutation_rv)


@pytest.mark.parametrize(
    "delete_uid,delete_rv,want_exists",
    [
        ("uid-1", "1", False),
        ("uid-2", "3", False),
        ("uid-other", "1", True),
    ],
    ids=["old-rv-same-UID", "new-rv-different-UID", "old-rv-different-uid"],
)
def test_on_delete(delete_uid, delete_rv, want_exists):
    store, mc = new_cache(include_adds=True)
    store.add(pod("pod", "uid-1", "2"))
    mc.mutation(pod("pod", "uid-1", "3"))
    deleted = pod("pod", delete_uid, delete_rv)
    store.delete(deleted)
    mc.on_delete(deleted)
    _, exists = mc.get_by_key("pod")
    assert exists is want_exists


def test_update_concurrent_delete():
    store, mc = new_cache(ttl=3600.0, include_adds=True)
    store.add(pod("pod", "uid-1", "1"))
    updated = pod("pod", "uid-1", "2")
    store.update(updated)
    store.delete(updated)
    mc.on_add_or_update(updated)
    mc.on_delete(updated)
    mc.mutation(updated)  # stale: the tombstone says so
    assert mc.get_by_key("pod") == (None, False)
    assert mc._mutation_cache.keys() == ["pod"]


def test_update_concurrent_recreate():
    store, mc = new_cache(ttl=3600.0, include_adds=True)
    store.add(pod("pod", "uid-1", "1"))
    updated = pod("pod", "uid-1", "2")
    store.update(updated)
    store.delete(updated)
    replacement = pod("pod", "uid-2", "3")
    store.add(replacement)
    mc.on_add_or_update(updated)
    mc.on_delete(updated)
    mc.on_add_or_update(replacement)
    mc.mutation(updated)  # stale: the store has a newer object
    assert mc.get_by_key("pod") == (replacement, True)
    assert mc._mutation_cache.keys() == []


def test_on_delete_clears_stale_mutation():
    _, mc = new_cache(include_adds=True, indexers={"by-name": lambda obj: [obj.metadata.name]})
    mc.mutation(pod("pod", "uid-1", "2"))
    assert len(mc.by_index("by-name", "pod")) == 1
    mc.on_delete(pod("pod", "uid-1", "1"))
    assert mc.by_index("by-name", "pod") == []


def test_by_index_prefers_newer_mutation_and_needs_an_indexer():
    store = cache.new_store(cache.meta_namespace_key_func)
    indexer = cache.new_indexer(cache.meta_namespace_key_func, {"by-name": lambda obj: [obj.metadata.name]})
    mc = cache.new_integer_resource_version_mutation_cache(None, store, indexer, 60.0, False)
    indexer.add(pod("pod", "uid-1", "1"))
    mc.mutation(pod("pod", "uid-1", "5"))
    assert [p.metadata.resourceVersion for p in mc.by_index("by-name", "pod")] == ["5"]
    no_indexer = cache.new_integer_resource_version_mutation_cache(None, store, None, 60.0, False)
    with pytest.raises(ValueError, match="^no indexer has been provided to the mutation cache$"):
        no_indexer.by_index("by-name", "pod")


def test_get_by_key_without_include_adds_ignores_mutation_only_objects():
    _, mc = new_cache(include_adds=False)
    mc.mutation(pod("pod", "uid-1", "2"))
    assert mc.get_by_key("pod") == (None, False)


def test_options_defaults():
    store = cache.new_store(cache.meta_namespace_key_func)
    mc = cache.new_integer_resource_version_mutation_cache_with_options(None, store, cache.MutationCacheOptions())
    assert (mc._ttl, mc._mutation_cache._max_size) == (300.0, 100)
