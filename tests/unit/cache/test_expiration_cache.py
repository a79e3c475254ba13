"""client-go tools/cache expiration_cache_test.go."""

from __future__ import annotations

import dataclasses

import pytest

from kubernetes_py._go.chan import Chan
from kubernetes_py.tools import cache
from kubernetes_py.utils.clock import RealClock
from kubernetes_py.utils.clock.testing import FakeClock


@dataclasses.dataclass(frozen=True)
class StoreObject:
    id: str
    val: str


def key_func(obj):
    return obj.id


def entry_key(entry):
    return entry.obj.id


def recv(ch):
    value, ok = ch.recv(timeout=5)
    assert ok, "timed out waiting on delete"
    return value


def test_ttl_expiration_basic():
    obj = StoreObject("foo", "bar")
    deleted = Chan(1)
    store = cache.new_fake_expiration_store(
        key_func, deleted, cache.FakeExpirationPolicy(never_expire=set(), retrieve_key_func=entry_key), RealClock()
    )
    store.add(obj)
    assert store.get(obj) == (None, False)
    assert recv(deleted) == "foo"


def test_re_add_expired_item():
    deleted = Chan(1)
    policy = cache.FakeExpirationPolicy(never_expire=set(), retrieve_key_func=entry_key)
    store = cache.new_fake_expiration_store(key_func, deleted, policy, RealClock())
    store.add(StoreObject("foo", "bar"))
    assert store.get(StoreObject("foo", "bar")) == (None, False)  # expires it
    store.add(StoreObject("foo", "different_bar"))
    assert recv(deleted) == "foo"
    policy.never_expire = {"foo"}
    assert store.get_by_key("foo") == (StoreObject("foo", "different_bar"), True)


def test_ttl_list():
    objs = [StoreObject("foo", "bar"), StoreObject("foo1", "bar1"), StoreObject("foo2", "bar2")]
    deleted = Chan(len(objs))
    store = cache.new_fake_expiration_store(
        key_func, deleted, cache.FakeExpirationPolicy(never_expire={"foo1"}, retrieve_key_func=entry_key), RealClock()
    )
    for obj in objs:
        store.add(obj)
    assert store.list() == [objs[1]]
    assert {recv(deleted), recv(deleted)} == {"foo", "foo2"}
    assert store.list_keys() == ["foo1"]


def test_ttl_policy():
    now = 1_257_894_000.0
    ttl = 30.0
    policy = cache.TTLPolicy(ttl, FakeClock(now))
    entry = cache.TimestampedEntry(StoreObject("foo", "bar"), now - ttl, "foo")
    assert not policy.is_expired(entry), "entries exactly on the ttl do not expire"
    entry.timestamp = now
    assert not policy.is_expired(entry)
    entry.timestamp = now - (ttl + 1)
    assert policy.is_expired(entry)
    for policy.ttl in (0, -1):
        assert not policy.is_expired(entry), "only a ttl > 0 expires entries"


def test_ttl_store_with_fake_clock():
    clock = FakeClock(100.0)
    store = cache.ExpirationCache(cache.new_thread_safe_store({}, {}), key_func, clock, cache.TTLPolicy(10.0, clock))
    store.add(StoreObject("a", "1"))
    clock.step(5)
    store.replace([StoreObject("b", "2"), StoreObject("c", "3")], "7")
    assert sorted(o.id for o in store.list()) == ["b", "c"]
    assert store.last_store_sync_resource_version() == "7"
    clock.step(10.5)
    assert store.get_by_key("b") == (None, False)
    store.update(StoreObject("c", "4"))
    assert store.get(StoreObject("c", "")) == (StoreObject("c", "4"), True)
    store.delete(StoreObject("c", ""))
    assert store.list() == [] and store.list_keys() == []
    with pytest.raises(cache.KeyError):
        store.add(None)


def test_new_ttl_store():
    store = cache.new_ttl_store(key_func, 60.0)
    store.add(StoreObject("a", "1"))
    assert store.get_by_key("a") == (StoreObject("a", "1"), True)
