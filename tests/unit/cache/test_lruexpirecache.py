"""k8s.io/apimachinery/pkg/util/cache lruexpirecache_test.go (the mutation cache's LRU)."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.util.cache import new_lru_expire_cache, new_lru_expire_cache_with_clock
from kubernetes_py.utils.clock.testing import FakeClock

HOURS = 10 * 3600.0


def filled(*keys):
    c = new_lru_expire_cache(4)
    for k in keys:
        c.add(k, k[-1], HOURS)
    return c


def test_simple_get():
    c = new_lru_expire_cache(10)
    c.add("long-lived", "12345", HOURS)
    assert c.keys() == ["long-lived"]
    assert c.get("long-lived") == ("12345", True)


def test_simple_remove_and_remove_all():
    c = new_lru_expire_cache(10)
    c.add("long-lived", "12345", HOURS)
    c.add("other-long-lived", "12345", HOURS)
    c.remove("long-lived")
    assert c.keys() == ["other-long-lived"]
    assert c.get("long-lived") == (None, False)
    c.add("long-lived", "12345", HOURS)
    c.remove_all(lambda k: k == "long-lived")
    assert c.keys() == ["other-long-lived"]


def test_expired_get():
    clock = FakeClock(1000.0)
    c = new_lru_expire_cache_with_clock(10, clock)
    c.add("short-lived", "12345", 0.001)
    clock.step(0.002)
    assert c.keys() == []
    assert c.get("short-lived") == (None, False)


def test_lru_overflow():
    c = filled("elem1", "elem2", "elem3", "elem4", "elem5")
    assert c.keys() == ["elem2", "elem3", "elem4", "elem5"]
    assert c.get("elem1") == (None, False)
    assert c.get("elem5") == ("5", True)


def test_add_and_get_bring_to_front():
    c = filled("elem1", "elem2", "elem3", "elem4")
    c.add("elem1", "1-new", HOURS)
    c.add("elem5", "5", HOURS)
    assert c.keys() == ["elem3", "elem4", "elem1", "elem5"]
    assert c.get("elem1") == ("1-new", True)
    c = filled("elem1", "elem2", "elem3", "elem4")
    c.get("elem1")
    c.add("elem5", "5", HOURS)
    assert c.keys() == ["elem3", "elem4", "elem1", "elem5"]
    assert c.get("elem2") == (None, False)


def test_max_size_must_be_positive():
    with pytest.raises(ValueError, match="maxSize must be > 0"):
        new_lru_expire_cache(0)
