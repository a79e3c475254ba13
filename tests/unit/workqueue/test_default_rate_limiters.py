"""client-go's util/workqueue/default_rate_limiters_test.go: the exact delay sequences."""

from __future__ import annotations

from kubernetes_py._go.rate import Limiter
from kubernetes_py.util import workqueue
from kubernetes_py.utils.clock import testing as testingclock

MS = 0.001


def test_item_exponential_failure_rate_limiter():
    limiter = workqueue.new_item_exponential_failure_rate_limiter(1 * MS, 1.0)
    assert [limiter.when("one") for _ in range(5)] == [0.001, 0.002, 0.004, 0.008, 0.016]
    assert limiter.num_requeues("one") == 5
    assert [limiter.when("two") for _ in range(2)] == [0.001, 0.002]
    assert limiter.num_requeues("two") == 2
    limiter.forget("one")
    assert limiter.num_requeues("one") == 0
    assert limiter.when("one") == 0.001


def test_item_exponential_failure_rate_limiter_over_flow():
    limiter = workqueue.new_item_exponential_failure_rate_limiter(1 * MS, 1000.0)
    for _ in range(5):
        limiter.when("one")
    assert limiter.when("one") == 0.032
    for _ in range(1000):
        limiter.when("overflow1")
    assert limiter.when("overflow1") == 1000.0

    limiter = workqueue.new_item_exponential_failure_rate_limiter(60.0, 1000 * 3600.0)
    for _ in range(2):
        limiter.when("two")
    assert limiter.when("two") == 240.0
    for _ in range(1000):
        limiter.when("overflow2")
    assert limiter.when("overflow2") == 1000 * 3600.0


def test_item_exponential_failure_rate_limiter_caps_at_max_delay():
    limiter = workqueue.new_typed_item_exponential_failure_rate_limiter(0.005, 0.05)
    assert [limiter.when("k") for _ in range(6)] == [0.005, 0.01, 0.02, 0.04, 0.05, 0.05]


def test_item_fast_slow_rate_limiter():
    limiter = workqueue.new_item_fast_slow_rate_limiter(5 * MS, 10.0, 3)
    assert [limiter.when("one") for _ in range(5)] == [0.005, 0.005, 0.005, 10.0, 10.0]
    assert limiter.num_requeues("one") == 5
    assert [limiter.when("two") for _ in range(2)] == [0.005, 0.005]
    assert limiter.num_requeues("two") == 2
    limiter.forget("one")
    assert limiter.num_requeues("one") == 0
    assert limiter.when("one") == 0.005


def test_max_of_rate_limiter():
    limiter = workqueue.new_max_of_rate_limiter(
        workqueue.new_item_fast_slow_rate_limiter(5 * MS, 3.0, 3),
        workqueue.new_item_exponential_failure_rate_limiter(1 * MS, 1.0),
    )
    assert [limiter.when("one") for _ in range(5)] == [0.005, 0.005, 0.005, 3.0, 3.0]
    assert limiter.num_requeues("one") == 5
    assert [limiter.when("two") for _ in range(2)] == [0.005, 0.005]
    assert limiter.num_requeues("two") == 2
    limiter.forget("one")
    assert limiter.num_requeues("one") == 0
    assert limiter.when("one") == 0.005


class StepRateLimiter:
    """baseDelay for the first threshold calls (whatever the item), maxDelay after (Go's test helper)."""

    def __init__(self, base_delay, max_delay, threshold):
        self.count = 0
        self.base_delay, self.max_delay, self.threshold = base_delay, max_delay, threshold

    def when(self, item):
        self.count += 1
        return self.base_delay if self.count <= self.threshold else self.max_delay

    def num_requeues(self, item):
        return 0

    def forget(self, item):
        pass


def test_with_max_wait_rate_limiter():
    limiter = workqueue.new_with_max_wait_rate_limiter(StepRateLimiter(5 * MS, 1000.0, 100), 500.0)
    assert [limiter.when(i) for i in range(100)] == [0.005] * 100
    assert [limiter.when(i) for i in range(100, 200)] == [500.0] * 100


def test_bucket_rate_limiter_burst_then_qps():
    clock = testingclock.FakeClock(0.0)
    limiter = workqueue.BucketRateLimiter(Limiter(10.0, 3), clock)
    # three tokens in the bucket, then one every 100 ms: each reservation waits behind the previous ones
    assert [limiter.when("x") for _ in range(5)] == [0.0, 0.0, 0.0, 0.1, 0.2]
    clock.step(1.0)
    assert limiter.when("y") == 0.0
    assert limiter.num_requeues("x") == 0
    limiter.forget("x")


def test_default_controller_rate_limiter():
    clock = testingclock.FakeClock(0.0)
    limiter = workqueue.default_typed_controller_rate_limiter(clock)
    # per item: 5 ms doubling; overall: 100 free tokens, then 10 per second
    assert [limiter.when("a") for _ in range(4)] == [0.005, 0.01, 0.02, 0.04]
    for i in range(96):
        assert limiter.when(f"k{i}") == 0.005
    assert limiter.when("late") == 0.1  # the bucket is empty: 100 ms for the next token
    assert limiter.num_requeues("a") == 4
    limiter.forget("a")
    assert limiter.num_requeues("a") == 0
    assert workqueue.default_controller_rate_limiter().when("z") == 0.005
    assert workqueue.default_item_based_rate_limiter().when("z") == 0.001
