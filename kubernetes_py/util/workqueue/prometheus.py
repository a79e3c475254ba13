"""A MetricsProvider on prometheus_client (the ``prometheus`` extra), with the names and help texts of
k8s.io/component-base/metrics/prometheus/workqueue: ``workqueue_depth``, ``workqueue_adds_total``,
``workqueue_queue_duration_seconds``, ``workqueue_work_duration_seconds``, ``workqueue_unfinished_work_seconds``,
``workqueue_longest_running_processor_seconds``, ``workqueue_retries_total``, each labelled by the queue's ``name``.

    from kubernetes_py.util.workqueue import prometheus as workqueue_prometheus
    workqueue_prometheus.register()   # before the queues are created; Go does this in an init()
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Optional, TypeVar

import prometheus_client

from . import metrics as _metrics

__all__ = ["PrometheusMetricsProvider", "register"]

_M = TypeVar("_M", bound=prometheus_client.metrics.MetricWrapperBase)
_BUCKETS = tuple(10e-9 * 10**i for i in range(10))  # Go's ExponentialBuckets(10e-9, 10, 10)


class PrometheusMetricsProvider:
    """Makes each queue's metrics as children (label ``name``) of seven metric families registered in registry."""

    def __init__(self, registry: Optional[prometheus_client.CollectorRegistry] = None) -> None:
        if registry is None:
            registry = prometheus_client.REGISTRY

        def family(cls: type[_M], name: str, documentation: str, **kwargs: Any) -> _M:
            return cls(name, documentation, ["name"], subsystem="workqueue", registry=registry, **kwargs)

        self.depth = family(prometheus_client.Gauge, "depth", "Current depth of workqueue")
        self.adds = family(prometheus_client.Counter, "adds_total", "Total number of adds handled by workqueue")
        self.latency = family(
            prometheus_client.Histogram,
            "queue_duration_seconds",
            "How long in seconds an item stays in workqueue before being requested.",
            buckets=_BUCKETS,
        )
        self.work_duration = family(
            prometheus_client.Histogram,
            "work_duration_seconds",
            "How long in seconds processing an item from workqueue takes.",
            buckets=_BUCKETS,
        )
        self.unfinished = family(
            prometheus_client.Gauge,
            "unfinished_work_seconds",
            "How many seconds of work has done that is in progress and hasn't been observed by work_duration. "
            "Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate "
            "at which this increases.",
        )
        self.longest_running_processor = family(
            prometheus_client.Gauge,
            "longest_running_processor_seconds",
            "How many seconds has the longest running processor for workqueue been running.",
        )
        self.retries = family(
            prometheus_client.Counter, "retries_total", "Total number of retries handled by workqueue"
        )

    def new_depth_metric(self, name: str) -> _metrics.GaugeMetric:
        return self.depth.labels(name=name)

    def new_adds_metric(self, name: str) -> _metrics.CounterMetric:
        return self.adds.labels(name=name)

    def new_latency_metric(self, name: str) -> _metrics.HistogramMetric:
        return self.latency.labels(name=name)

    def new_work_duration_metric(self, name: str) -> _metrics.HistogramMetric:
        return self.work_duration.labels(name=name)

    def new_unfinished_work_seconds_metric(self, name: str) -> _metrics.SettableGaugeMetric:
        return self.unfinished.labels(name=name)

    def new_longest_running_processor_seconds_metric(self, name: str) -> _metrics.SettableGaugeMetric:
        return self.longest_running_processor.labels(name=name)

    def new_retries_metric(self, name: str) -> _metrics.CounterMetric:
        return self.retries.labels(name=name)


_registered: "weakref.WeakKeyDictionary[prometheus_client.CollectorRegistry, PrometheusMetricsProvider]" = (
    weakref.WeakKeyDictionary()
)
_registered_lock = threading.Lock()


def register(registry: Optional[prometheus_client.CollectorRegistry] = None) -> PrometheusMetricsProvider:
    """Register the workqueue metrics in registry (the default registry when None), once however often this is
    called, and make them the provider of every queue created afterwards (set_provider: only the first provider
    set counts)."""
    if registry is None:
        registry = prometheus_client.REGISTRY
    with _registered_lock:
        provider = _registered.get(registry)
        if provider is None:
            provider = _registered[registry] = PrometheusMetricsProvider(registry)
    _metrics.set_provider(provider)
    return provider
