"""client-go tools/cache heap_test.go."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import pytest

from kubernetes_py.tools import cache


@dataclasses.dataclass(frozen=True)
class HeapObject:
    name: str
    val: Any


def key_func(obj):
    return obj.name


def compare_ints(a, b):
    return a.val < b.val


def new_heap():
    return cache.new_heap(key_func, compare_ints)


def pop_val(h):
    return h.pop().val


def test_heap_basic():
    h = new_heap()
    amount = 500

    def down():
        for i in range(amount, 0, -1):
            h.add(HeapObject("a" + chr(i), i))

    def up():
        for u in range(amount):
            h.add(HeapObject("b" + chr(u), u + 1))

    threads = [threading.Thread(target=down, name="adder a"), threading.Thread(target=up, name="adder b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    popped = [pop_val(h) for _ in range(amount * 2)]
    assert popped == sorted(popped)


def test_add():
    h = new_heap()
    h.add(HeapObject("foo", 10))
    h.add(HeapObject("bar", 1))
    h.add(HeapObject("baz", 11))
    h.add(HeapObject("zab", 30))
    h.add(HeapObject("foo", 13))  # updates foo
    assert pop_val(h) == 1
    assert pop_val(h) == 11
    with pytest.raises(LookupError, match="^object not found$"):
        h.delete(HeapObject("baz", 11))  # already popped: nothing deleted
    h.add(HeapObject("foo", 14))
    assert pop_val(h) == 14
    assert pop_val(h) == 30


def test_bulk_add():
    h = new_heap()
    amount = 500
    t = threading.Thread(
        target=lambda: h.bulk_add([HeapObject("a" + chr(i), i) for i in range(amount, 0, -1)]), name="bulk adder"
    )
    t.start()
    popped = [pop_val(h) for _ in range(amount)]
    t.join(10)
    assert popped == list(range(1, amount + 1))


def test_empty_pop():
    h = new_heap()
    timer = threading.Timer(0.1, h.close)
    timer.start()
    with pytest.raises(RuntimeError, match="^heap is closed$"):
        h.pop()
    timer.join()


def test_add_if_not_present():
    h = new_heap()
    h.add_if_not_present(HeapObject("foo", 10))
    h.add_if_not_present(HeapObject("bar", 1))
    h.add_if_not_present(HeapObject("baz", 11))
    h.add_if_not_present(HeapObject("zab", 30))
    h.add_if_not_present(HeapObject("foo", 13))  # not added
    assert len(h._data.items) == 4
    assert h._data.items["foo"].obj.val == 10
    assert pop_val(h) == 1
    assert pop_val(h) == 10
    h.add_if_not_present(HeapObject("bar", 14))
    assert pop_val(h) == 11
    assert pop_val(h) == 14


def test_delete():
    h = new_heap()
    for name, val in [("foo", 10), ("bar", 1), ("bal", 31), ("baz", 11)]:
        h.add(HeapObject(name, val))
    h.delete(HeapObject("bar", 200))  # the head; by key only
    assert pop_val(h) == 10
    h.add(HeapObject("zab", 30))
    h.add(HeapObject("faz", 30))
    n = len(h._data)
    with pytest.raises(LookupError):
        h.delete(HeapObject("non-existent", 10))
    assert len(h._data) == n
    h.delete(HeapObject("bal", 31))  # the tail
    h.delete(HeapObject("zab", 30))
    assert pop_val(h) == 11
    assert pop_val(h) == 30
    assert len(h._data) == 0


def test_update():
    h = new_heap()
    for name, val in [("foo", 10), ("bar", 1), ("bal", 31), ("baz", 11)]:
        h.add(HeapObject(name, val))
    h.update(HeapObject("baz", 0))
    assert h._data.queue[0] == "baz" and h._data.items["baz"].index == 0
    assert pop_val(h) == 0
    h.update(HeapObject("bar", 100))
    assert h._data.queue[0] == "foo" and h._data.items["foo"].index == 0


def test_get_and_get_by_key():
    h = new_heap()
    for name, val in [("foo", 10), ("bar", 1), ("bal", 31), ("baz", 11)]:
        h.add(HeapObject(name, val))
    obj, exists = h.get(HeapObject("baz", 0))
    assert exists and obj.val == 11
    assert h.get(HeapObject("non-existing", 0)) == (None, False)
    obj, exists = h.get_by_key("baz")
    assert exists and obj.val == 11
    assert h.get_by_key("non-existing") == (None, False)


def test_close():
    h = new_heap()
    h.add(HeapObject("foo", 10))
    assert not h.is_closed()
    h.close()
    assert h.is_closed()


def test_list_and_list_keys():
    h = new_heap()
    assert h.list() == [] and h.list_keys() == []
    items = {"foo": 10, "bar": 1, "bal": 30, "baz": 11, "faz": 30}
    for k, v in items.items():
        h.add(HeapObject(k, v))
    assert {o.name: o.val for o in h.list()} == items
    assert sorted(h.list_keys()) == sorted(items)


def test_add_after_close():
    h = new_heap()
    h.close()
    for call in (
        lambda: h.add(HeapObject("test", 1)),
        lambda: h.add_if_not_present(HeapObject("test", 1)),
        lambda: h.bulk_add([HeapObject("test", 1)]),
    ):
        with pytest.raises(RuntimeError, match="^heap is closed$"):
            call()


def test_positions_stay_consistent_under_random_operations():
    """Invariant: every item's index is its position, and the queue is a heap, after any sequence of operations."""
    import random

    rnd = random.Random(7)
    h = new_heap()
    for _ in range(2000):
        op = rnd.random()
        name = f"k{rnd.randrange(60)}"
        if op < 0.5:
            h.add(HeapObject(name, rnd.randrange(100)))
        elif op < 0.7:
            try:
                h.delete(HeapObject(name, 0))
            except LookupError:
                pass
        elif op < 0.8 and h.list_keys():
            h.pop()
        else:
            h.add_if_not_present(HeapObject(name, rnd.randrange(100)))
        d = h._data
        assert all(d.items[k].index == i for i, k in enumerate(d.queue))
        assert len(d.items) == len(d.queue)
        vals = [d.items[k].obj.val for k in d.queue]
        assert all(vals[(i - 1) // 2] <= vals[i] for i in range(1, len(vals)))
