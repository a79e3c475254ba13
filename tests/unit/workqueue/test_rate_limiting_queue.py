"""client-go's util/workqueue/rate_limiting_queue_test.go."""

from __future__ import annotations

import time

from kubernetes_py.util import workqueue
from kubernetes_py.utils.clock import testing as testingclock


class RecordingDelayingQueue:
    """A delaying queue that records add_after calls instead of waiting (Go's test reads the waiting channel)."""

    def __init__(self):
        self.inner = workqueue.new()
        self.waits = []

    def add_after(self, item, duration):
        self.waits.append((item, duration))

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_rate_limiting_queue():
    limiter = workqueue.new_item_exponential_failure_rate_limiter(0.001, 1.0)
    dq = RecordingDelayingQueue()
    queue = workqueue.new_rate_limiting_queue_with_delaying_interface(dq, limiter)

    queue.add_rate_limited("one")
    assert dq.waits.pop() == ("one", 0.001)
    queue.add_rate_limited("one")
    assert dq.waits.pop() == ("one", 0.002)
    assert queue.num_requeues("one") == 2

    queue.add_rate_limited("two")
    assert dq.waits.pop() == ("two", 0.001)
    queue.add_rate_limited("two")
    assert dq.waits.pop() == ("two", 0.002)

    queue.forget("one")
    assert queue.num_requeues("one") == 0
    queue.add_rate_limited("one")
    assert dq.waits.pop() == ("one", 0.001)


def _wait_len(q, n, timeout=10.0):
    deadline = time.monotonic() + timeout
    while q.len() != n:
        assert time.monotonic() < deadline
        time.sleep(0.001)


def test_rate_limiting_queue_on_fake_clock():
    clock = testingclock.FakeClock(0.0)
    queue = workqueue.new_typed_rate_limiting_queue_with_config(
        workqueue.new_typed_item_exponential_failure_rate_limiter(0.001, 1.0),
        workqueue.TypedRateLimitingQueueConfig(clock=clock),
    )
    try:
        queue.add_rate_limited("one")
        queue.add_rate_limited("one")  # 2 ms, but the earlier 1 ms wait wins
        assert queue.len() == 0
        clock.step(0.001)
        _wait_len(queue, 1)
        key, shutdown = queue.get()
        assert (key, shutdown) == ("one", False)
        assert queue.num_requeues(key) == 2
        queue.forget(key)
        queue.done(key)
        assert queue.num_requeues("one") == 0
    finally:
        queue.shut_down()
    assert queue.shutting_down()
    assert queue.get() == (None, True)


def test_worker_loop_as_users_write_it():
    queue = workqueue.new_typed_rate_limiting_queue_with_config(
        workqueue.default_typed_controller_rate_limiter(), workqueue.TypedRateLimitingQueueConfig(name="foos")
    )
    attempts = {}

    def sync_handler(key):
        attempts[key] = attempts.get(key, 0) + 1
        if attempts[key] < 3:
            raise RuntimeError("not yet")

    def process_next_work_item():
        key, shutdown = queue.get()
        if shutdown:
            return False
        try:
            sync_handler(key)
            queue.forget(key)
        except RuntimeError:
            queue.add_rate_limited(key)
        finally:
            queue.done(key)
        return True

    queue.add("ns/a")
    queue.add("ns/b")
    for _ in range(6):
        assert process_next_work_item()
    assert attempts == {"ns/a": 3, "ns/b": 3}
    assert queue.num_requeues("ns/a") == 0
    queue.shut_down()
    assert not process_next_work_item()


def test_untyped_constructors():
    for q in (
        workqueue.new_rate_limiting_queue(workqueue.default_controller_rate_limiter()),
        workqueue.new_named_rate_limiting_queue(workqueue.default_controller_rate_limiter(), "named"),
        workqueue.new_rate_limiting_queue_with_config(
            workqueue.default_controller_rate_limiter(), workqueue.RateLimitingQueueConfig()
        ),
        workqueue.new_typed_rate_limiting_queue(workqueue.default_typed_controller_rate_limiter()),
    ):
        q.add_after("x", 0)
        assert q.get() == ("x", False)
        q.done("x")
        q.shut_down()


def test_queues_are_context_managers_and_satisfy_their_interfaces():
    with workqueue.new_typed_rate_limiting_queue(workqueue.default_typed_controller_rate_limiter()) as q:
        assert isinstance(q, workqueue.TypedRateLimitingInterface)
        assert isinstance(q, workqueue.TypedDelayingInterface) and isinstance(q, workqueue.TypedInterface)
    assert q.shutting_down()
    with workqueue.new_typed_delaying_queue() as d:
        assert isinstance(d, workqueue.DelayingInterface)
        assert not isinstance(d, workqueue.RateLimitingInterface)
    assert d.shutting_down()
    with workqueue.new_typed() as plain:
        assert isinstance(plain, workqueue.Interface)
    assert plain.shutting_down()
    assert isinstance(workqueue.default_controller_rate_limiter(), workqueue.RateLimiter)
