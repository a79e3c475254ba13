"""client-go tools/cache store_test.go and object-names_test.go, and the key functions."""

from __future__ import annotations

import dataclasses
import random

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache

from .fifo_util import FIFOStore


@dataclasses.dataclass(frozen=True)
class StoreObject:
    id: str
    val: str


def store_key_func(obj):
    return obj.id


def store_index_func(obj):
    return [obj.val]


def store_indexers():
    return {"by_val": store_index_func}


def do_test_store(store):
    store.add(StoreObject("foo", "bar"))
    item, ok = store.get(StoreObject("foo", ""))
    assert ok and item.val == "bar"
    store.update(StoreObject("foo", "baz"))
    item, ok = store.get(StoreObject("foo", ""))
    assert ok and item.val == "baz"
    store.delete(StoreObject("foo", ""))
    assert store.get(StoreObject("foo", "")) == (None, False)

    store.add(StoreObject("a", "b"))
    store.add(StoreObject("c", "d"))
    store.add(StoreObject("e", "e"))
    found = [item.val for item in store.list()]
    assert sorted(found) == ["b", "d", "e"]

    store.replace([StoreObject("foo", "foo"), StoreObject("bar", "bar")], "0")
    assert sorted(item.val for item in store.list()) == ["bar", "foo"]


def do_test_index(indexer):
    expected = {"b": {"a", "c"}, "f": {"e"}, "h": {"g"}}
    indexer.add(StoreObject("a", "b"))
    indexer.add(StoreObject("c", "b"))
    indexer.add(StoreObject("e", "f"))
    indexer.add(StoreObject("g", "h"))
    for k, v in expected.items():
        found = {item.id for item in indexer.index("by_val", StoreObject("", k))}
        assert found == v


def test_cache():
    do_test_store(cache.new_store(store_key_func))


def test_cache_with_transformer():
    called = []

    def transform(obj):
        called.append(obj)
        if not isinstance(obj, StoreObject):
            raise ValueError("wrong object type")
        return obj

    do_test_store(cache.new_store(store_key_func, cache.with_transformer(transform)))
    assert called


def test_cache_transformer_error_is_wrapped():
    def transform(obj):
        raise ValueError("nope")

    store = cache.new_store(store_key_func, cache.with_transformer(transform))
    with pytest.raises(cache.TransformError, match="^transforming: nope$") as info:
        store.add(StoreObject("a", "b"))
    assert isinstance(info.value.__cause__, ValueError)
    with pytest.raises(cache.TransformError):
        store.replace([StoreObject("a", "b")], "1")
    assert store.list() == []


def test_fifo_cache():
    do_test_store(FIFOStore(cache.new_fifo(store_key_func)))


def test_undelta_store():
    do_test_store(cache.new_undelta_store(lambda objs: None, store_key_func))


def test_index():
    do_test_index(cache.new_indexer(store_key_func, store_indexers()))


def test_key_error():
    err = ValueError("error")
    key_err = cache.KeyError(100, err)
    assert key_err.unwrap() is err
    assert key_err.__cause__ is err
    nested = cache.KeyError(100, key_err)
    assert nested.unwrap().unwrap() is err
    assert str(key_err) == "couldn't create key for object 100: error"


def test_store_raises_key_error():
    def key_func(obj):
        raise ValueError("no key")

    store = cache.new_store(key_func)
    for op in (store.add, store.update, store.delete, store.get):
        with pytest.raises(cache.KeyError) as info:
            op("x")
        assert info.value.obj == "x"
        assert str(info.value.err) == "no key"
    with pytest.raises(cache.KeyError):
        store.replace(["x"], "")


@pytest.mark.parametrize(
    "objs,successful",
    [
        ([1, 2], None),
        ([3, 4], []),
        ([1, 3, 2, 4], [0, 2]),
    ],
)
def test_cache_transaction_should_index_errors(objs, successful):
    def key_func(obj):
        if obj in (1, 2):
            return str(obj)
        raise ValueError("test error")

    store = cache.new_store(key_func)
    txns = [cache.Transaction(object=o, type=cache.TransactionTypeAdd) for o in objs]
    if successful is None:
        store.transaction(*txns)
        assert sorted(store.list_keys()) == ["1", "2"]
        return
    with pytest.raises(cache.TransactionError) as info:
        store.transaction(*txns)
    assert info.value.successful_indices == successful
    assert info.value.total_transactions == len(objs)
    assert len(info.value.errors) == len(objs) - len(successful)
    assert str(info.value).startswith(f"failed to execute ({len(objs) - len(successful)}/{len(objs)}) transactions")
    assert sorted(store.list_keys()) == sorted(str(objs[i]) for i in successful)


def test_transaction_update_and_delete():
    store = cache.new_indexer(store_key_func, store_indexers())
    store.transaction(
        cache.Transaction(StoreObject("a", "x"), cache.TransactionTypeAdd),
        cache.Transaction(StoreObject("b", "x"), cache.TransactionTypeAdd),
        cache.Transaction(StoreObject("a", "y"), cache.TransactionTypeUpdate),
        cache.Transaction(StoreObject("b", ""), cache.TransactionTypeDelete),
    )
    assert store.list() == [StoreObject("a", "y")]
    assert store.index_keys("by_val", "y") == ["a"]
    assert store.index_keys("by_val", "x") == []


def test_object_names():
    rnd = random.Random(1)
    chars = "abcdefghi/"
    for _ in range(100):
        encoded = "".join(rnd.choice(chars) for _ in range(10))
        parts = encoded.split("/")
        if len(parts) > 2:
            with pytest.raises(ValueError, match="^unexpected key format: "):
                cache.parse_object_name(encoded)
            continue
        on = cache.parse_object_name(encoded)
        if len(parts) == 2:
            assert on == cache.ObjectName(namespace=parts[0], name=parts[1])
        else:
            assert on == cache.ObjectName(name=encoded)
        recoded = str(on)
        if encoded[0] == "/":
            recoded = "/" + recoded
        assert recoded == encoded


def test_object_name_helpers():
    on = cache.new_object_name("ns", "n")
    assert on.parts() == ("ns", "n")
    assert on.as_namespaced_name() == types.NamespacedName(namespace="ns", name="n")
    assert cache.namespaced_name_as_object_name(types.NamespacedName("a", "b")) == cache.ObjectName("a", "b")
    assert str(cache.ObjectName("", "n")) == "n"
    pod = corev1.Pod(metadata=metav1.ObjectMeta(namespace="ns", name="p"))
    assert cache.object_to_name(pod) == cache.ObjectName("ns", "p")
    assert cache.meta_object_to_name(pod) == cache.ObjectName("ns", "p")
    assert cache.deletion_handling_object_to_name(cache.DeletedFinalStateUnknown("a/b", None)) == cache.ObjectName(
        "a", "b"
    )
    with pytest.raises(ValueError, match="^object has no meta: object does not implement the Object interfaces$"):
        cache.object_to_name(42)


def test_meta_namespace_key_func():
    pod = corev1.Pod(metadata=metav1.ObjectMeta(namespace="ns", name="p"))
    node = corev1.Node(metadata=metav1.ObjectMeta(name="n1"))
    assert cache.meta_namespace_key_func(pod) == "ns/p"
    assert cache.meta_namespace_key_func(node) == "n1"
    assert cache.meta_namespace_key_func(metav1.ObjectMeta(namespace="a", name="b")) == "a/b"
    assert cache.meta_namespace_key_func(cache.ExplicitKey("x/y")) == "x/y"
    with pytest.raises(ValueError, match="^object has no meta: "):
        cache.meta_namespace_key_func("x/y")
    assert cache.deletion_handling_meta_namespace_key_func(cache.DeletedFinalStateUnknown("t/k", pod)) == "t/k"
    assert cache.deletion_handling_meta_namespace_key_func(pod) == "ns/p"


def test_meta_namespace_key_func_unstructured():
    from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured

    u = Unstructured({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "a", "name": "cm"}})
    assert cache.meta_namespace_key_func(u) == "a/cm"
    assert cache.meta_namespace_index_func(u) == ["a"]


@pytest.mark.parametrize(
    "key,expected",
    [
        ("name", ("", "name")),
        ("ns/name", ("ns", "name")),
        ("", ("", "")),
        ("/name", ("", "name")),
    ],
)
def test_split_meta_namespace_key(key, expected):
    assert cache.split_meta_namespace_key(key) == expected


def test_split_meta_namespace_key_error():
    with pytest.raises(ValueError, match='^unexpected key format: "a/b/c"$'):
        cache.split_meta_namespace_key("a/b/c")


def test_store_resource_version():
    store = cache.new_store(cache.meta_namespace_key_func)
    assert store.last_store_sync_resource_version() == ""
    store.add(corev1.Pod(metadata=metav1.ObjectMeta(name="a", resourceVersion="10")))
    assert store.last_store_sync_resource_version() == "10"
    store.delete(corev1.Pod(metadata=metav1.ObjectMeta(name="a", resourceVersion="11")))
    assert store.last_store_sync_resource_version() == "11"
    store.bookmark("12")
    assert store.last_store_sync_resource_version() == "12"
    store.replace([], "13")
    assert store.last_store_sync_resource_version() == "13"
    store.resync()


def test_fake_custom_store():
    calls = []
    fake = cache.FakeCustomStore(
        add_func=lambda obj: calls.append(("add", obj)),
        get_by_key_func=lambda key: (key.upper(), True),
        replace_func=lambda items, rv: calls.append(("replace", items, rv)),
    )
    fake.add(1)
    fake.replace([2], "9")
    fake.update(3)
    fake.delete(4)
    fake.resync()
    fake.bookmark("5")
    assert calls == [("add", 1), ("replace", [2], "9")]
    assert fake.get_by_key("a") == ("A", True)
    assert (fake.get(1), fake.list(), fake.list_keys(), fake.last_store_sync_resource_version()) == (
        (None, False),
        [],
        [],
        "",
    )
