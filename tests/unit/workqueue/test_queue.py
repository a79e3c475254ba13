"""client-go's util/workqueue/queue_test.go."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

from kubernetes_py.util import workqueue


class TraceQueue:
    """A Queue that records which items were touched (Go's traceQueue)."""

    def __init__(self, inner):
        self.inner = inner
        self.touched = set()

    def touch(self, item):
        self.inner.touch(item)
        self.touched.add(item)

    def push(self, item):
        self.inner.push(item)

    def len(self):
        return self.inner.len()

    def pop(self):
        return self.inner.pop()


def _start(fn, *args, name="test worker"):
    t = threading.Thread(target=fn, args=args, name=name, daemon=True)
    t.start()
    return t


def _join_all(threads, timeout=30.0):
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
        assert not t.is_alive(), f"{t.name} did not finish"


@pytest.mark.parametrize("shut_down", ["shut_down", "shut_down_with_drain"])
def test_basic(shut_down):
    q = workqueue.new()
    errors = []

    def produce(i):
        for _ in range(50):
            q.add(i)
            time.sleep(0.001)

    def consume(i):
        while True:
            item, quit = q.get()
            if item == "added after shutdown!":
                errors.append("got an item added after shutdown")
            if quit:
                return
            time.sleep(0.003)
            q.done(item)

    producers = [_start(produce, i, name=f"producer {i}") for i in range(50)]
    consumers = [_start(consume, i, name=f"consumer {i}") for i in range(10)]
    _join_all(producers)
    getattr(q, shut_down)()
    q.add("added after shutdown!")
    _join_all(consumers)
    assert q.len() == 0
    assert errors == []


@pytest.mark.parametrize("shut_down", ["shut_down", "shut_down_with_drain"])
def test_add_while_processing(shut_down):
    q = workqueue.new()

    def consume():
        # Every worker re-adds every item up to two times: the dirty-while-processing case.
        counters = {}
        while True:
            item, quit = q.get()
            if quit:
                return
            counters[item] = counters.get(item, 0) + 1
            if counters[item] < 2:
                q.add(item)
            q.done(item)

    producers = [_start(q.add, i, name=f"producer {i}") for i in range(50)]
    consumers = [_start(consume, name=f"consumer {i}") for i in range(10)]
    _join_all(producers)
    getattr(q, shut_down)()
    _join_all(consumers)
    assert q.len() == 0


def test_len():
    q = workqueue.new()
    q.add("foo")
    assert q.len() == 1
    q.add("bar")
    assert q.len() == 2
    q.add("foo")  # does not grow the queue
    assert q.len() == 2
    assert len(q) == 2


def test_reinsert():
    q = workqueue.new()
    q.add("foo")
    i, _ = q.get()
    assert i == "foo"
    q.add(i)  # back while processing
    q.done(i)
    i, _ = q.get()  # it is queued again
    assert i == "foo"
    q.done(i)
    assert q.len() == 0


def test_collapse():
    tq = TraceQueue(workqueue.default_queue())
    q = workqueue.new_with_config(workqueue.QueueConfig(name="", queue=tq))
    q.add("bar")
    q.add("bar")
    i, _ = q.get()
    assert i == "bar"
    q.done(i)
    assert q.len() == 0
    assert "bar" in tq.touched


def test_collapse_while_processing():
    tq = TraceQueue(workqueue.default_queue())
    q = workqueue.new_with_config(workqueue.QueueConfig(name="", queue=tq))
    q.add("foo")
    i, _ = q.get()
    assert i == "foo"
    q.add("foo")
    q.add("foo")
    got = []

    def other_worker():
        item, _ = q.get()
        got.append(item)
        q.done(item)

    t = _start(other_worker)
    time.sleep(0.1)  # a head start, so the worker is really blocked in get
    assert t.is_alive(), "the worker must be blocked until foo is done"
    q.done("foo")
    _join_all([t], 10)
    assert got == ["foo"]
    assert q.len() == 0
    assert "foo" not in tq.touched


def test_queue_drainage_using_shut_down_with_drain():
    q = workqueue.new()
    q.add("foo")
    q.add("bar")
    first, _ = q.get()
    second, _ = q.get()
    t = _start(q.shut_down_with_drain, name="drain")
    # shut_down_with_drain was called before the items are done: it must wait for them.
    shutting_down = False
    while not shutting_down:
        _, shutting_down = q.get()
    time.sleep(0.05)
    assert t.is_alive()
    q.done(first)
    q.done(second)
    _join_all([t], 10)


def test_no_queue_drainage_using_shut_down():
    q = workqueue.new()
    q.add("foo")
    q.add("bar")
    q.get()
    q.get()
    t = _start(q.shut_down, name="shut down")
    _join_all([t], 10)  # shut_down does not wait for the items in flight


def test_force_queue_shutdown_using_shut_down():
    q = workqueue.new()
    q.add("foo")
    q.add("bar")
    q.get()
    q.get()
    t = _start(q.shut_down_with_drain, name="drain")
    shutting_down = False
    while not shutting_down:
        _, shutting_down = q.get()
    q.shut_down()  # forces the drain to stop waiting
    _join_all([t], 10)


def test_queue_drainage_using_shut_down_with_drain_with_dirty_item():
    q = workqueue.new()
    q.add("foo")
    gotten, _ = q.get()
    q.add("foo")
    t = _start(q.shut_down_with_drain, name="drain")
    shutting_down = False
    while not shutting_down:
        _, shutting_down = q.get()
    q.done(gotten)
    # done put foo back in the queue, so get hands it out although the queue is shutting down
    again, shutting_down = q.get()
    assert not shutting_down
    q.done(again)
    _, shutting_down = q.get()
    assert shutting_down
    _join_all([t], 10)


def test_garbage_collection():
    class BigObject:
        def __init__(self):
            self.data = b"hello"

    q = workqueue.new()
    c = BigObject()
    ref = weakref.ref(c)
    q.add(c)
    o, _ = q.get()
    q.done(o)
    del c, o
    gc.collect()
    assert ref() is None, "the queue kept a processed item alive"


def test_get_blocks_until_add_and_shut_down_wakes_every_getter():
    q = workqueue.new_typed()
    results = []
    lock = threading.Lock()

    def getter():
        r = q.get()
        with lock:
            results.append(r)

    getters = [_start(getter, name=f"getter {i}") for i in range(5)]
    time.sleep(0.05)
    q.add("one")
    deadline = time.monotonic() + 5
    while len(results) < 1 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert results == [("one", False)]
    q.shut_down()
    _join_all(getters, 10)
    assert results.count((None, True)) == 4 and len(results) == 5
    assert q.shutting_down()
    q.add("ignored")
    assert q.len() == 0


def test_typed_class_is_callable_like_new_typed():
    q = workqueue.Typed()
    q.add(1)
    assert q.get() == (1, False)
    q.done(1)
    q.shut_down()
    assert q.get() == (None, True)
    assert workqueue.new_named("x").len() == 0
    assert workqueue.new_typed_with_config(workqueue.TypedQueueConfig()).shutting_down() is False
