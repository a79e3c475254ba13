"""client-go tools/cache thread_safe_store_test.go."""

from __future__ import annotations

import threading

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache


def test_delete_removes_empty_sets_from_index():
    store = cache.new_thread_safe_store({"testIndexer": lambda obj: [obj]}, {})
    store.add("testKey", "testKey")
    assert len(store._index.indices["testIndexer"]["testKey"]) == 1
    store.delete("testKey")
    assert "testKey" not in store._index.indices["testIndexer"]


def test_add_keeps_non_empty_set_post_delete_from_index():
    store = cache.new_thread_safe_store({"testIndexer": lambda obj: ["testIndex"]}, {})
    store.add("retain", "retain")
    store.add("delete", "delete")
    assert len(store._index.indices["testIndexer"]["testIndex"]) == 2
    store.delete("delete")
    assert store._index.indices["testIndexer"]["testIndex"] == {"retain"}


def test_indexing_functions_with_multiple_values():
    store = cache.new_thread_safe_store({"testIndexer": lambda obj: obj.split(",")}, {})

    def values(key):
        return sorted(store._index.indices["testIndexer"].get(key, ()))

    store.add("key1", "foo")
    store.add("key2", "bar")
    assert (values("foo"), values("bar")) == (["key1"], ["key2"])
    store.update("key2", "foo,bar")
    assert (values("foo"), values("bar")) == (["key1", "key2"], ["key2"])
    store.update("key1", "foo,bar")
    assert (values("foo"), values("bar")) == (["key1", "key2"], ["key1", "key2"])
    store.add("key3", "foo,bar,baz")
    assert (values("foo"), values("bar"), values("baz")) == (
        ["key1", "key2", "key3"],
        ["key1", "key2", "key3"],
        ["key3"],
    )
    store.update("key1", "foo")
    assert (values("foo"), values("bar"), values("baz")) == (["key1", "key2", "key3"], ["key2", "key3"], ["key3"])
    store.update("key2", "bar")
    assert (values("foo"), values("bar"), values("baz")) == (["key1", "key3"], ["key2", "key3"], ["key3"])
    store.delete("key1")
    assert (values("foo"), values("bar"), values("baz")) == (["key3"], ["key2", "key3"], ["key3"])
    store.delete("key3")
    assert (values("foo"), values("bar"), values("baz")) == ([], ["key2"], [])


def om(rv):
    return metav1.ObjectMeta(resourceVersion=rv)


def test_rv_initial_state():
    assert cache.new_thread_safe_store({}, {}).last_store_sync_resource_version() == ""


def test_rv_add_update_and_delete():
    store = cache.new_thread_safe_store({}, {})
    store.add("key1", om("10"))
    assert store.last_store_sync_resource_version() == "10"
    store.add("key3", om("10"))
    assert store.last_store_sync_resource_version() == "10"
    store.add("key4", om("20"))
    assert store.last_store_sync_resource_version() == "20"
    store.delete_with_object("key4", om("30"))
    assert store.last_store_sync_resource_version() == "30"
    store.add("key5", "just a string")
    assert store.last_store_sync_resource_version() == "30"
    store.add("key6", om("40"))
    assert store.last_store_sync_resource_version() == "40"
    store.delete("key6")
    assert store.last_store_sync_resource_version() == "40"
    store.transaction(
        cache.ThreadSafeStoreTransaction(cache.Transaction(om("40"), cache.TransactionTypeUpdate), "key9"),
        cache.ThreadSafeStoreTransaction(cache.Transaction(om("30"), cache.TransactionTypeUpdate), "key10"),
        cache.ThreadSafeStoreTransaction(cache.Transaction(om("50"), cache.TransactionTypeUpdate), "key11"),
    )
    assert store.last_store_sync_resource_version() == "50"
    assert sorted(store.list_keys()) == ["key1", "key10", "key11", "key3", "key5", "key9"]


def test_rv_replace():
    store = cache.new_thread_safe_store({}, {})
    store.add("key1", om("10"))
    store.replace({"key3": om("40"), "key2": om("30")}, "50")
    assert store.last_store_sync_resource_version() == "50"
    assert sorted(store.list_keys()) == ["key2", "key3"]


def test_rv_delete():
    store = cache.new_thread_safe_store({}, {})
    store.add("key1", om("10"))
    store.delete_with_object("key1", om("20"))
    assert store.last_store_sync_resource_version() == "20"
    assert store.get("key1") == (None, False)


def test_concurrent_writers_keep_index_consistent(fast_thread_switching):
    """Invariant: after concurrent add/update/delete, each index set holds exactly the keys whose object yields it."""
    store = cache.new_thread_safe_store({"mod": lambda obj: [str(obj % 7)]}, {})
    errors = []

    def writer(w):
        try:
            for i in range(2000):
                key = f"k{(w * 31 + i) % 300}"
                if i % 5 == 4:
                    store.delete(key)
                else:
                    store.update(key, i)
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(w,), name=f"writer {w}") for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    expected = {}
    for key in store.list_keys():
        obj, ok = store.get(key)
        assert ok
        expected.setdefault(str(obj % 7), set()).add(key)
    assert store._index.indices["mod"] == expected


def test_rv_is_empty_without_atomic_fifo():
    from kubernetes_py import features
    from kubernetes_py.features.testing import set_feature_during_test

    store = cache.new_thread_safe_store({}, {})
    store.add("key1", om("10"))
    with set_feature_during_test(features.AtomicFIFO, False):
        assert store.last_store_sync_resource_version() == ""
    assert store.last_store_sync_resource_version() == "10"
