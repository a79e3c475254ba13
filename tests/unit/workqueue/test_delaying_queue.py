"""client-go's util/workqueue/delaying_queue_test.go, on a FakeClock."""

from __future__ import annotations

import random
import threading
import time

from kubernetes_py.util import workqueue
from kubernetes_py.utils.clock import testing as testingclock


def wait_for_added(q, depth: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while q.len() != depth:
        assert time.monotonic() < deadline, f"queue length {q.len()}, want {depth}"
        time.sleep(0.001)


def wait_for_timer(clock, waiters: int, timeout: float = 10.0) -> None:
    """Wait until the waiting thread has set its timer (the heartbeat is one waiter, the timer another)."""
    deadline = time.monotonic() + timeout
    while clock.waiters() < waiters:
        assert time.monotonic() < deadline, "the waiting thread set no timer"
        time.sleep(0.001)


def stays_empty(q, seconds: float = 0.03) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if q.len() > 0:
            return False
        time.sleep(0.001)
    return True


def new_fake_queue():
    fake_clock = testingclock.new_fake_clock(time.time())
    return fake_clock, workqueue.new_delaying_queue_with_config(workqueue.DelayingQueueConfig(clock=fake_clock))


def test_simple_queue():
    fake_clock, q = new_fake_queue()
    try:
        q.add_after("foo", 0.050)
        wait_for_timer(fake_clock, 2)
        assert q.len() == 0
        fake_clock.step(0.060)
        wait_for_added(q, 1)
        item, _ = q.get()
        q.done(item)
        fake_clock.step(10.0)  # past the next heartbeat
        assert stays_empty(q)
    finally:
        q.shut_down()


def test_deduping():
    fake_clock, q = new_fake_queue()
    try:
        q.add_after("foo", 0.050)
        q.add_after("foo", 0.070)
        assert q.len() == 0
        fake_clock.step(0.060)  # past the first: it is added
        wait_for_added(q, 1)
        item, _ = q.get()
        q.done(item)
        fake_clock.step(0.020)  # past the second: nothing more
        assert stays_empty(q)

        # again, but this time the earlier one comes second and wins
        q.add_after("foo", 0.050)
        q.add_after("foo", 0.030)
        assert q.len() == 0
        fake_clock.step(0.040)
        wait_for_added(q, 1)
        item, _ = q.get()
        q.done(item)
        fake_clock.step(0.020)
        assert stays_empty(q)
    finally:
        q.shut_down()


def test_add_two_fire_early():
    fake_clock, q = new_fake_queue()
    try:
        q.add_after("foo", 1.0)
        q.add_after("bar", 0.050)
        assert q.len() == 0
        fake_clock.step(0.060)
        wait_for_added(q, 1)
        item, _ = q.get()
        assert item == "bar"
        q.add_after("baz", 2.0)
        fake_clock.step(1.0)
        wait_for_added(q, 1)
        item, _ = q.get()
        assert item == "foo"
        fake_clock.step(2.0)
        wait_for_added(q, 1)
        item, _ = q.get()
        assert item == "baz"
    finally:
        q.shut_down()


def test_copy_shifting():
    fake_clock, q = new_fake_queue()
    try:
        q.add_after("foo", 1.0)
        q.add_after("bar", 0.500)
        q.add_after("baz", 0.250)
        assert q.len() == 0
        fake_clock.step(2.0)
        wait_for_added(q, 3)
        assert [q.get()[0] for _ in range(3)] == ["baz", "bar", "foo"]
    finally:
        q.shut_down()


def test_many_items_in_due_order():
    # Go's BenchmarkDelayingQueue_AddAfter as a check: random delays, every item comes out, in due order.
    fake_clock, q = new_fake_queue()
    try:
        rng = random.Random(7)
        delays = {str(n): rng.uniform(0.001, 600.0) for n in range(500)}
        for data, d in delays.items():
            q.add_after(data, d)
        fake_clock.step(660.0)
        wait_for_added(q, 500)
        got = [q.get()[0] for _ in range(500)]
        assert got == sorted(delays, key=delays.get)
    finally:
        q.shut_down()


def test_step_by_step_each_item_when_due():
    fake_clock, q = new_fake_queue()
    try:
        for i in range(1, 6):
            q.add_after(i, i * 0.010)
        for i in range(1, 6):
            wait_for_timer(fake_clock, 2)
            fake_clock.step(0.010)
            wait_for_added(q, 1)
            assert q.get() == (i, False)
            q.done(i)
        assert stays_empty(q)
    finally:
        q.shut_down()


def test_add_after_non_positive_adds_now_and_shut_down_drops_waiting():
    fake_clock, q = new_fake_queue()
    q.add_after("now", 0)
    q.add_after("neg", -1.0)
    assert q.len() == 2
    q.add_after("later", 1.0)
    q.shut_down()
    q.shut_down()  # more than once is fine
    fake_clock.step(2.0)
    assert q.len() == 2
    q.add_after("ignored", 0)
    assert q.len() == 2
    assert q.get() == ("now", False)


def test_real_clock_add_after():
    q = workqueue.new_typed_delaying_queue()
    try:
        start = time.monotonic()
        q.add_after("b", 0.06)
        q.add_after("a", 0.03)
        assert q.get() == ("a", False)
        assert q.get() == ("b", False)
        elapsed = time.monotonic() - start
        assert 0.06 <= elapsed < 5.0
    finally:
        q.shut_down()


def test_shut_down_with_drain_stops_the_waiting_thread():
    q = workqueue.new_typed_delaying_queue_with_config(workqueue.TypedDelayingQueueConfig(name="drained"))
    q.add("x")
    item, _ = q.get()
    q.add_after("y", 60.0)
    t = threading.Thread(target=q.shut_down_with_drain, name="drain", daemon=True)
    t.start()
    time.sleep(0.02)
    assert t.is_alive()
    q.done(item)
    t.join(10)
    assert not t.is_alive()
    assert q.get() == (None, True)
    q.shut_down()


def test_force_shut_down_after_drain():
    q = workqueue.new_typed_delaying_queue()
    q.add("x")
    q.get()
    t = threading.Thread(target=q.shut_down_with_drain, name="drain", daemon=True)
    t.start()
    while not q.shutting_down():
        time.sleep(0.001)
    q.shut_down()  # releases the drain although x is never done
    t.join(10)
    assert not t.is_alive()
