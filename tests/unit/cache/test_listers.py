"""client-go tools/cache listers_test.go, and the generic lister."""

from __future__ import annotations

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource
from kubernetes_py.tools import cache


def must_create_store(num_objects, num_matching, matching_labels):
    store = cache.new_store(lambda obj: obj.get_name())
    for i in range(num_objects):
        store.add(
            metav1.PartialObjectMetadata(
                metadata=metav1.ObjectMeta(name=f"obj-{i}", labels=matching_labels if i < num_matching else {})
            )
        )
    return store


@pytest.mark.parametrize(
    "num_objects,num_matching,matching_labels,selector,expected",
    [
        (10000, 1000, {"match": "true"}, labels.selector_from_set({"match": "true"}), 1000),
        (10000, 0, {}, labels.everything(), 10000),
        (10000, 0, {"nomatch": "true"}, labels.selector_from_set({"match": "true"}), 0),
    ],
    ids=["subset match", "all match", "no match"],
)
def test_list_all(num_objects, num_matching, matching_labels, selector, expected):
    store = must_create_store(num_objects, num_matching, matching_labels)
    got = []
    cache.list_all(store, selector, got.append)
    assert len(got) == expected


def test_list_all_nothing():
    store = must_create_store(10, 10, {"a": "b"})
    got = []
    cache.list_all(store, labels.nothing(), got.append)
    assert got == []


def pod(ns, name, **lbls):
    return corev1.Pod(metadata=metav1.ObjectMeta(namespace=ns, name=name, labels=lbls))


@pytest.mark.parametrize(
    "indexers", [{cache.NamespaceIndex: cache.meta_namespace_index_func}, {}], ids=["with namespace index", "without"]
)
def test_list_all_by_namespace(indexers):
    indexer = cache.new_indexer(cache.meta_namespace_key_func, indexers)
    for p in (pod("a", "p1", app="x"), pod("a", "p2", app="y"), pod("b", "p3", app="x"), pod("", "n1", app="x")):
        indexer.add(p)

    def names(ns, selector):
        got = []
        cache.list_all_by_namespace(indexer, ns, selector, got.append)
        return sorted(o.metadata.name for o in got)

    assert names("a", labels.everything()) == ["p1", "p2"]
    assert names("a", labels.selector_from_set({"app": "x"})) == ["p1"]
    assert names(metav1.NamespaceAll, labels.selector_from_set({"app": "x"})) == ["n1", "p1", "p3"]
    assert names("c", labels.everything()) == []
    assert names("a", labels.nothing()) == []


def test_generic_lister():
    indexer = cache.new_indexer(cache.meta_namespace_key_func, {cache.NamespaceIndex: cache.meta_namespace_index_func})
    indexer.add(pod("a", "p1", app="x"))
    indexer.add(pod("b", "p2", app="y"))
    indexer.add(corev1.Node(metadata=metav1.ObjectMeta(name="n1")))
    lister = cache.new_generic_lister(indexer, GroupResource(resource="pods"))
    assert len(lister.list(labels.everything())) == 3
    assert [o.metadata.name for o in lister.list(labels.selector_from_set({"app": "y"}))] == ["p2"]
    assert lister.get("n1").metadata.name == "n1"
    assert lister.by_namespace("a").get("p1").metadata.name == "p1"
    assert [o.metadata.name for o in lister.by_namespace("b").list(labels.everything())] == ["p2"]
    with pytest.raises(errors.StatusError, match='^pods "p9" not found$') as info:
        lister.by_namespace("a").get("p9")
    assert errors.is_not_found(info.value)
    with pytest.raises(errors.StatusError, match='^pods "a/p9" not found$'):
        lister.get("a/p9")
