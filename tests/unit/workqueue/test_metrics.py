"""client-go's util/workqueue/metrics_test.go, plus the retries metric and set_provider."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py.apimachinery.watch import Chan
from kubernetes_py.util import workqueue
from kubernetes_py.util.workqueue import metrics as wqmetrics
from kubernetes_py.util.workqueue import queue as wqqueue
from kubernetes_py.utils.clock import testing as testingclock


class TestMetrics:
    """Go's testMetrics: counts the queue's calls; update_unfinished_work sends on a channel."""

    def __init__(self, update_called: Chan):
        self.added = self.gotten = self.finished = 0
        self.update_called = update_called

    def add(self, item):
        self.added += 1

    def get(self, item):
        self.gotten += 1

    def done(self, item):
        self.finished += 1

    def update_unfinished_work(self):
        self.update_called.send(None)


TestMetrics.__test__ = False


def wait_for_waiters(c):
    deadline = time.monotonic() + 10
    while not c.has_waiters():  # the update thread has not made its ticker yet
        assert time.monotonic() < deadline
        time.sleep(0.001)


def test_metric_shutdown():
    ch = Chan()
    m = TestMetrics(ch)
    c = testingclock.new_fake_clock(time.time())
    q = wqqueue._new_queue(c, workqueue.default_queue(), m, 0.001)
    wait_for_waiters(c)
    c.step(0.001)
    ch.recv(timeout=10)
    q.shut_down()
    c.step(3600.0)
    with pytest.raises(TimeoutError):
        ch.recv(timeout=0.05)  # no update after shut_down


class TestMetric:
    def __init__(self):
        self.inc_ = self.dec_ = 0
        self.set_ = 0.0
        self.observed_value = 0.0
        self.observed_count = 0
        self.notify_ch = None
        self.lock = threading.Lock()

    def inc(self):
        with self.lock:
            self.inc_ += 1
        self._notify()

    def dec(self):
        with self.lock:
            self.dec_ += 1
        self._notify()

    def set(self, value):
        with self.lock:
            self.set_ = value
        self._notify()

    def observe(self, value):
        with self.lock:
            self.observed_value = value
            self.observed_count += 1
        self._notify()

    def _notify(self):
        if self.notify_ch is not None:
            self.notify_ch.send(None)

    def gauge_value(self):
        with self.lock:
            return self.set_ if self.set_ != 0 else float(self.inc_ - self.dec_)


TestMetric.__test__ = False


class TestMetricsProvider:
    def __init__(self):
        self.depth, self.adds, self.latency, self.duration = TestMetric(), TestMetric(), TestMetric(), TestMetric()
        self.unfinished, self.longest, self.retries = TestMetric(), TestMetric(), TestMetric()
        self.names = []

    def new_depth_metric(self, name):
        self.names.append(("depth", name))
        return self.depth

    def new_adds_metric(self, name):
        return self.adds

    def new_latency_metric(self, name):
        return self.latency

    def new_work_duration_metric(self, name):
        return self.duration

    def new_unfinished_work_seconds_metric(self, name):
        return self.unfinished

    def new_longest_running_processor_seconds_metric(self, name):
        return self.longest

    def new_retries_metric(self, name):
        self.names.append(("retries", name))
        return self.retries


TestMetricsProvider.__test__ = False


def test_metrics():
    mp = TestMetricsProvider()
    c = testingclock.new_fake_clock(0.0)
    config = workqueue.QueueConfig(name="test", clock=c, metrics_provider=mp)
    q = wqqueue._new_queue_with_config(config, 0.001)
    try:
        wait_for_waiters(c)
        q.add("foo")
        assert mp.adds.gauge_value() == 1.0
        assert mp.depth.gauge_value() == 1.0

        c.step(50e-6)
        i, _ = q.get()
        assert i == "foo"
        assert mp.latency.observed_value == 5e-05
        assert mp.latency.observed_count == 1

        # added back while processing; more adds of the same item collapse
        for _ in range(5):
            q.add(i)
        assert mp.adds.gauge_value() == 2.0
        assert mp.depth.gauge_value() == 1.0  # one thing remains queued

        c.step(25e-6)
        q.done(i)
        assert mp.duration.observed_value == 2.5e-05
        assert mp.duration.observed_count == 1
        assert mp.depth.gauge_value() == 1.0

        i, _ = q.get()
        assert i == "foo"
        assert mp.latency.observed_value == 2.5e-05
        assert mp.latency.observed_count == 2

        # channels, so the gauges are read only after the update thread set them
        ch, longest_ch = Chan(1), Chan(1)
        mp.unfinished.notify_ch = ch
        mp.longest.notify_ch = longest_ch
        c.step(0.001)
        ch.recv(timeout=10)
        mp.unfinished.notify_ch = None
        assert mp.unfinished.gauge_value() == 0.001
        longest_ch.recv(timeout=10)
        mp.longest.notify_ch = None
        assert mp.longest.gauge_value() == 0.001

        q.done(i)
        assert mp.duration.observed_value == 0.001
        assert mp.duration.observed_count == 2
    finally:
        q.shut_down()


def test_retries_metric_counts_add_after_of_named_delaying_queues():
    mp = TestMetricsProvider()
    c = testingclock.new_fake_clock(0.0)
    q = workqueue.new_typed_rate_limiting_queue_with_config(
        workqueue.new_typed_item_exponential_failure_rate_limiter(0.001, 1.0),
        workqueue.TypedRateLimitingQueueConfig(name="retrying", clock=c, metrics_provider=mp),
    )
    try:
        q.add_rate_limited("a")
        q.add_after("b", 0)
        q.add("c")  # not a retry
        assert mp.retries.inc_ == 2
        assert ("retries", "retrying") in mp.names and ("depth", "retrying") in mp.names
    finally:
        q.shut_down()


def test_unnamed_queues_record_nothing():
    mp = TestMetricsProvider()
    q = workqueue.new_typed_delaying_queue_with_config(workqueue.TypedDelayingQueueConfig(metrics_provider=mp))
    q.add("x")
    q.add_after("y", 0)
    q.shut_down()
    assert mp.names == [] and mp.adds.inc_ == 0 and mp.retries.inc_ == 0


def test_set_provider_only_first_call_counts(monkeypatch):
    monkeypatch.setattr(wqmetrics, "_provider_set", False)
    monkeypatch.setattr(wqmetrics, "_global_provider", wqmetrics._NoopMetricsProvider())
    first, second = TestMetricsProvider(), TestMetricsProvider()
    workqueue.set_provider(first)
    workqueue.set_provider(second)
    q = workqueue.new_named("global")
    try:
        q.add("x")
        assert first.adds.inc_ == 1 and second.adds.inc_ == 0
    finally:
        q.shut_down()


def test_real_clock_update_thread_sets_unfinished_work():
    mp = TestMetricsProvider()
    ch = Chan(1000)  # never blocks the update thread
    mp.longest.notify_ch = ch
    q = wqqueue._new_queue_with_config(workqueue.QueueConfig(name="real", metrics_provider=mp), 0.01)
    try:
        q.add("slow")
        q.get()
        ch.recv(timeout=10)
        ch.recv(timeout=10)
        mp.longest.notify_ch = None
        assert mp.longest.gauge_value() > 0
    finally:
        q.shut_down()
