"""client-go tools/cache fifo_test.go (and store_test's FIFO case); plus producers/consumer under load."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py.tools import cache

from .fifo_util import fifo_object_key_func, mk_fifo_obj, pop


def new_fifo():
    return cache.new_fifo(fifo_object_key_func)


def fifo_list(f):
    with f._lock:
        return list(f._items.values())


def fifo_get(f, obj):
    with f._lock:
        key = f._key(obj)
        return (f._items[key], True) if key in f._items else (None, False)


def start_popper(f, got):
    def run():
        while True:
            obj = pop(f)
            if obj is None:
                return
            got.append(obj)

    t = threading.Thread(target=run, name="popper")
    t.start()
    return t


def wait_for(cond, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not cond() and time.monotonic() < deadline:
        time.sleep(0.005)


def test_basic():
    f = new_fifo()
    amount = 500

    def producer(prefix, conv):
        for i in range(amount):
            f.add(mk_fifo_obj(prefix + chr(i), conv(i + 1)))

    threads = [
        threading.Thread(target=producer, args=("a", int), name="producer a"),
        threading.Thread(target=producer, args=("b", float), name="producer b"),
    ]
    for t in threads:
        t.start()
    last_int, last_float = 0, 0.0
    for _ in range(amount * 2):
        val = pop(f).val
        if isinstance(val, int):
            assert val > last_int
            last_int = val
        else:
            assert val > last_float
            last_float = val
    for t in threads:
        t.join(10)


def test_add_update():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("foo", 15))
    assert fifo_list(f) == [mk_fifo_obj("foo", 15)]
    assert list(f._items) == ["foo"]
    got = []
    t = start_popper(f, got)
    wait_for(lambda: got)
    time.sleep(0.05)
    assert [o.val for o in got] == [15]
    assert fifo_get(f, mk_fifo_obj("foo", "")) == (None, False)
    f.close()
    t.join(5)


def test_add_replace():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.replace([mk_fifo_obj("foo", 15)], "15")
    got = []
    t = start_popper(f, got)
    wait_for(lambda: got)
    time.sleep(0.05)
    assert [o.val for o in got] == [15]
    assert fifo_get(f, mk_fifo_obj("foo", "")) == (None, False)
    f.close()
    t.join(5)


def test_detect_line_jumpers():
    f = new_fifo()
    for name, val in [("foo", 10), ("bar", 1), ("foo", 11), ("foo", 13), ("zab", 30)]:
        f.add(mk_fifo_obj(name, val))
    assert pop(f).val == 13
    f.add(mk_fifo_obj("foo", 14))
    assert [pop(f).val for _ in range(3)] == [1, 30, 14]


def test_delete_skips_queued_key():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 1))
    f.add(mk_fifo_obj("bar", 2))
    f.delete(mk_fifo_obj("foo", 0))
    assert pop(f).val == 2
    f.close()
    assert pop(f) is None


def test_resync_requeues_items_not_queued():
    f = new_fifo()
    f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "1")
    f.resync()
    assert list(f._queue) == ["a", "b"]
    f._queue.clear()
    f.resync()
    assert list(f._queue) == ["a", "b"]


@pytest.mark.parametrize(
    "actions,expected",
    [
        ([], False),
        ([lambda f: f.add(mk_fifo_obj("a", 1))], True),
        ([lambda f: f.replace([], "0")], True),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0")], False),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0"), pop], False),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0"), pop, pop], True),
    ],
)
def test_has_synced(actions, expected):
    f = new_fifo()
    for action in actions:
        action(f)
    assert f.has_synced() is expected
    assert f.has_synced_checker().done().is_set() is expected
    assert f.name() == "FIFO"


def test_pop_should_unblock_when_closed():
    f = new_fifo()
    raised = []

    def popper():
        try:
            f.pop(lambda obj, initial: None)
        except cache.FIFOClosedError as err:
            raised.append(err)

    threads = [threading.Thread(target=popper, name=f"popper {i}") for i in range(10)]
    for t in threads:
        t.start()
    time.sleep(0.01)
    f.close()
    for t in threads:
        t.join(0.5)
        assert not t.is_alive(), "timed out waiting for pop to return after close"
    assert raised == [cache.ErrFIFOClosed] * 10
    assert f.is_closed()


def test_key_error():
    f = cache.new_fifo(lambda obj: obj["name"])
    with pytest.raises(cache.KeyError):
        f.add({})
    with pytest.raises(cache.KeyError):
        f.replace([{}], "1")


def test_many_producers_one_consumer(fast_thread_switching):
    """Invariants: every key is delivered, each time with a value no older than the previous delivery's."""
    f = new_fifo()
    producers, keys_per_producer, updates = 4, 50, 40
    last = {}
    errors = []

    def consume():
        while True:
            obj = pop(f)
            if obj is None:
                return
            if obj.val < last.get(obj.name, -1):
                errors.append(f"{obj.name} went back from {last[obj.name]} to {obj.val}")
            last[obj.name] = obj.val

    def produce(p):
        for u in range(updates):
            for k in range(keys_per_producer):
                f.add(mk_fifo_obj(f"p{p}-k{k}", u))

    consumer = threading.Thread(target=consume, name="consumer")
    consumer.start()
    threads = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(producers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    wait_for(
        lambda: len(last) == producers * keys_per_producer and all(v == updates - 1 for v in last.values()), timeout=30
    )
    f.close()
    consumer.join(5)
    assert not errors
    assert len(last) == producers * keys_per_producer
    assert all(v == updates - 1 for v in last.values())
