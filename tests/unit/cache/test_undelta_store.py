"""client-go tools/cache undelta_store_test.go, and store_test's UndeltaStore case."""

from __future__ import annotations

import dataclasses
from typing import Any

from kubernetes_py.tools import cache

from .test_store import do_test_store, store_key_func


@dataclasses.dataclass(frozen=True)
class UndeltaObject:
    name: str
    val: Any


def key_func(obj):
    return obj.name


class Recorder:
    def __init__(self):
        self.calls = 0
        self.got = None

    def __call__(self, items):
        self.calls += 1
        self.got = items


def test_update_calls_push():
    push = Recorder()
    u = cache.new_undelta_store(push, key_func)
    u.add(UndeltaObject("a", 2))
    u.update(UndeltaObject("a", 1))
    assert push.calls == 2
    assert push.got == [UndeltaObject("a", 1)]


def test_delete_calls_push():
    push = Recorder()
    u = cache.new_undelta_store(push, key_func)
    u.add(UndeltaObject("a", 2))
    u.delete(UndeltaObject("a", ""))
    assert push.calls == 2
    assert push.got == []


def test_reads_do_not_call_push():
    push = Recorder()
    u = cache.new_undelta_store(push, key_func)
    u.list()
    u.get(UndeltaObject("a", ""))
    u.list_keys()
    assert push.calls == 0


def test_replace_calls_push():
    push = Recorder()
    u = cache.new_undelta_store(push, key_func)
    u.replace([UndeltaObject("a", 1)], "0")
    assert push.calls == 1
    assert push.got == [UndeltaObject("a", 1)]


def test_undelta_store_is_a_store():
    do_test_store(cache.new_undelta_store(lambda items: None, store_key_func))
