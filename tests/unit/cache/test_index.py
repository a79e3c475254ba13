"""client-go tools/cache index_test.go, and the Indexer's other methods."""

from __future__ import annotations

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache


def pod(name, namespace="", labels=None, annotations=None):
    return corev1.Pod(
        metadata=metav1.ObjectMeta(name=name, namespace=namespace, labels=labels or {}, annotations=annotations or {})
    )


def index_func(obj):
    return [obj.metadata.labels.get("foo", "")]


def users_index_func(obj):
    return obj.metadata.annotations.get("users", "").split(",")


def test_get_index_func_values():
    index = cache.new_indexer(cache.meta_namespace_key_func, {"testmodes": index_func})
    index.add(pod("one", labels={"foo": "bar"}))
    index.add(pod("two", labels={"foo": "bar"}))
    index.add(pod("tre", labels={"foo": "biz"}))
    assert sorted(index.list_index_func_values("testmodes")) == ["bar", "biz"]


def test_multi_index_keys():
    index = cache.new_indexer(cache.meta_namespace_key_func, {"byUser": users_index_func})
    pod1 = pod("one", annotations={"users": "ernie,bert"})
    pod2 = pod("two", annotations={"users": "bert,oscar"})
    pod3 = pod("tre", annotations={"users": "ernie,elmo"})
    index.add(pod1)
    index.add(pod2)
    index.add(pod3)
    expected = {"ernie": {"one", "tre"}, "bert": {"one", "two"}, "elmo": {"tre"}, "oscar": {"two"}, "elmo1": set()}
    for k, v in expected.items():
        assert {p.metadata.name for p in index.by_index("byUser", k)} == v

    index.delete(pod3)
    assert [p.metadata.name for p in index.by_index("byUser", "ernie")] == ["one"]
    assert index.by_index("byUser", "elmo") == []

    copy_of_pod2 = pod2.deep_copy()
    copy_of_pod2.metadata.annotations["users"] = "oscar"
    index.update(copy_of_pod2)
    assert [p.metadata.name for p in index.by_index("byUser", "bert")] == ["one"]


def test_index_and_index_keys():
    index = cache.new_indexer(
        cache.meta_namespace_key_func,
        {cache.NamespaceIndex: cache.meta_namespace_index_func, "byUser": users_index_func},
    )
    index.add(pod("a", "ns1", annotations={"users": "x,y"}))
    index.add(pod("b", "ns1", annotations={"users": "y"}))
    index.add(pod("c", "ns2", annotations={"users": "z"}))
    assert index.index_keys(cache.NamespaceIndex, "ns1") == ["ns1/a", "ns1/b"]
    assert index.index_keys(cache.NamespaceIndex, "nope") == []
    # index() dedups keys reached through several of the object's values
    assert sorted(p.metadata.name for p in index.index("byUser", pod("q", annotations={"users": "x,y"}))) == ["a", "b"]
    assert [p.metadata.name for p in index.index(cache.NamespaceIndex, metav1.ObjectMeta(namespace="ns2"))] == ["c"]
    for call in (
        lambda: index.index("missing", pod("x")),
        lambda: index.index_keys("missing", "v"),
        lambda: index.by_index("missing", "v"),
    ):
        with pytest.raises(ValueError, match="^Index with name missing does not exist$"):
            call()
    assert index.list_index_func_values("missing") == []


def test_add_indexers_indexes_existing_items():
    index = cache.new_indexer(cache.meta_namespace_key_func, {})
    index.add(pod("a", "ns1"))
    index.add(pod("b", "ns2"))
    index.add_indexers({cache.NamespaceIndex: cache.meta_namespace_index_func})
    assert index.index_keys(cache.NamespaceIndex, "ns2") == ["ns2/b"]
    assert set(index.get_indexers()) == {cache.NamespaceIndex}
    with pytest.raises(ValueError, match=r"^indexer conflict: map\[namespace:\{\}\]$"):
        index.add_indexers({cache.NamespaceIndex: cache.meta_namespace_index_func, "other": index_func})


def test_replace_rebuilds_indexes():
    index = cache.new_indexer(cache.meta_namespace_key_func, {cache.NamespaceIndex: cache.meta_namespace_index_func})
    index.add(pod("a", "ns1"))
    index.replace([pod("b", "ns2")], "7")
    assert index.index_keys(cache.NamespaceIndex, "ns1") == []
    assert index.index_keys(cache.NamespaceIndex, "ns2") == ["ns2/b"]
    assert index.list_index_func_values(cache.NamespaceIndex) == ["ns2"]


def test_index_func_error_panics():
    def bad(obj):
        raise ValueError("boom")

    index = cache.new_indexer(cache.meta_namespace_key_func, {"bad": bad})
    with pytest.raises(RuntimeError, match='^unable to calculate an index entry for key "a" on index "bad": boom$'):
        index.add(pod("a"))


def test_index_func_to_key_func_adapter():
    key_func = cache.index_func_to_key_func_adapter(users_index_func)
    assert key_func(pod("a", annotations={"users": "x"})) == "x"
    with pytest.raises(ValueError, match=r"^too many keys: \[x y\]$"):
        key_func(pod("a", annotations={"users": "x,y"}))
    with pytest.raises(ValueError, match="^unexpected empty indexKeys$"):
        cache.index_func_to_key_func_adapter(lambda obj: [])(pod("a"))


def test_meta_namespace_index_func():
    assert cache.meta_namespace_index_func(pod("a", "ns")) == ["ns"]
    with pytest.raises(ValueError, match="^object has no meta: "):
        cache.meta_namespace_index_func(1)


def test_typed_indexers_to_indexers():
    untyped = cache.typed_indexers_to_indexers({"name": lambda obj: [obj.metadata.name]})
    assert list(untyped) == ["name"]
    assert untyped["name"](pod("pod")) == ["pod"]
