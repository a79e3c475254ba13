"""The prometheus_client adapter: client-go's metric names (component-base's workqueue metrics), labelled by queue."""

from __future__ import annotations

import pytest

prometheus_client = pytest.importorskip("prometheus_client")

from kubernetes_py.util import workqueue  # noqa: E402
from kubernetes_py.util.workqueue import metrics as wqmetrics  # noqa: E402
from kubernetes_py.util.workqueue import prometheus as wqprometheus  # noqa: E402
from kubernetes_py.utils.clock import testing as testingclock  # noqa: E402


def value(registry, metric, **labels):
    return registry.get_sample_value(metric, labels)


def test_metric_names_and_values():
    registry = prometheus_client.CollectorRegistry()
    provider = wqprometheus.PrometheusMetricsProvider(registry)
    c = testingclock.FakeClock(0.0)
    q = workqueue.new_typed_rate_limiting_queue_with_config(
        workqueue.default_typed_controller_rate_limiter(c),
        workqueue.TypedRateLimitingQueueConfig(name="foos", clock=c, metrics_provider=provider),
    )
    try:
        q.add("a")
        q.add("b")
        assert value(registry, "workqueue_adds_total", name="foos") == 2.0
        assert value(registry, "workqueue_depth", name="foos") == 2.0
        c.step(0.5)
        key, _ = q.get()
        assert value(registry, "workqueue_depth", name="foos") == 1.0
        assert value(registry, "workqueue_queue_duration_seconds_count", name="foos") == 1.0
        assert value(registry, "workqueue_queue_duration_seconds_sum", name="foos") == 0.5
        assert value(registry, "workqueue_queue_duration_seconds_bucket", name="foos", le="1.0") == 1.0
        assert value(registry, "workqueue_queue_duration_seconds_bucket", name="foos", le="0.1") == 0.0
        c.step(0.25)
        q.add_rate_limited(key)
        q.done(key)
        assert value(registry, "workqueue_work_duration_seconds_sum", name="foos") == 0.25
        assert value(registry, "workqueue_retries_total", name="foos") == 1.0
        names = {m.name for m in registry.collect()}
        assert names == {
            "workqueue_depth",
            "workqueue_adds",
            "workqueue_queue_duration_seconds",
            "workqueue_work_duration_seconds",
            "workqueue_unfinished_work_seconds",
            "workqueue_longest_running_processor_seconds",
            "workqueue_retries",
        }
        assert value(registry, "workqueue_unfinished_work_seconds", name="foos") == 0.0
        assert value(registry, "workqueue_longest_running_processor_seconds", name="foos") == 0.0
        text = prometheus_client.generate_latest(registry).decode()
        assert 'workqueue_adds_total{name="foos"} 2.0' in text
        assert "# HELP workqueue_depth Current depth of workqueue" in text
    finally:
        q.shut_down()


def test_register_sets_the_global_provider(monkeypatch):
    monkeypatch.setattr(wqmetrics, "_provider_set", False)
    monkeypatch.setattr(wqmetrics, "_global_provider", wqmetrics._NoopMetricsProvider())
    registry = prometheus_client.CollectorRegistry()
    provider = wqprometheus.register(registry)
    assert wqprometheus.register(registry) is provider  # registered once
    q = workqueue.new_named("bars")
    try:
        q.add("x")
        assert value(registry, "workqueue_adds_total", name="bars") == 1.0
    finally:
        q.shut_down()
