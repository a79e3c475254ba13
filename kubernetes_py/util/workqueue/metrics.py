"""The metrics a work queue reports, and the provider that makes them (client-go's workqueue/metrics.go).

A queue gets its metrics from the provider given in its config, else from the global one set once by
``set_provider`` (no-op by default). Unnamed queues, and queues whose provider is the no-op one, record nothing.
``kubernetes_py.util.workqueue.prometheus`` is a provider for prometheus_client.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Dict, Optional, Protocol, runtime_checkable

if TYPE_CHECKING:
    from kubernetes_py.utils.clock import PassiveClock

__all__ = [
    "CounterMetric",
    "GaugeMetric",
    "HistogramMetric",
    "MetricsProvider",
    "SettableGaugeMetric",
    "SummaryMetric",
    "set_provider",
]


@runtime_checkable
class GaugeMetric(Protocol):
    """A value that goes up and down."""

    def inc(self) -> None: ...

    def dec(self) -> None: ...


@runtime_checkable
class SettableGaugeMetric(Protocol):
    def set(self, value: float) -> None: ...


@runtime_checkable
class CounterMetric(Protocol):
    """A value that only goes up."""

    def inc(self) -> None: ...


@runtime_checkable
class SummaryMetric(Protocol):
    def observe(self, value: float) -> None: ...


@runtime_checkable
class HistogramMetric(Protocol):
    def observe(self, value: float) -> None: ...


@runtime_checkable
class MetricsProvider(Protocol):
    """Makes the metrics of the queue called ``name``."""

    def new_depth_metric(self, name: str) -> GaugeMetric: ...

    def new_adds_metric(self, name: str) -> CounterMetric: ...

    def new_latency_metric(self, name: str) -> HistogramMetric: ...

    def new_work_duration_metric(self, name: str) -> HistogramMetric: ...

    def new_unfinished_work_seconds_metric(self, name: str) -> SettableGaugeMetric: ...

    def new_longest_running_processor_seconds_metric(self, name: str) -> SettableGaugeMetric: ...

    def new_retries_metric(self, name: str) -> CounterMetric: ...


class _NoopMetric:
    def inc(self) -> None:
        pass

    def dec(self) -> None:
        pass

    def set(self, value: float) -> None:
        pass

    def observe(self, value: float) -> None:
        pass


_NOOP = _NoopMetric()


class _NoopMetricsProvider:
    def new_depth_metric(self, name: str) -> GaugeMetric:
        return _NOOP

    def new_adds_metric(self, name: str) -> CounterMetric:
        return _NOOP

    def new_latency_metric(self, name: str) -> HistogramMetric:
        return _NOOP

    def new_work_duration_metric(self, name: str) -> HistogramMetric:
        return _NOOP

    def new_unfinished_work_seconds_metric(self, name: str) -> SettableGaugeMetric:
        return _NOOP

    def new_longest_running_processor_seconds_metric(self, name: str) -> SettableGaugeMetric:
        return _NOOP

    def new_retries_metric(self, name: str) -> CounterMetric:
        return _NOOP


_global_provider: MetricsProvider = _NoopMetricsProvider()
_set_once = threading.Lock()
_provider_set = False


def set_provider(metrics_provider: MetricsProvider) -> None:
    """Set the provider of every work queue created from now on. Only the first call has an effect."""
    global _global_provider, _provider_set
    with _set_once:
        if _provider_set:
            return
        _provider_set = True
        _global_provider = metrics_provider


def _global_metrics_provider() -> MetricsProvider:
    return _global_provider


class _DefaultQueueMetrics:
    """What a named queue records. Called with the queue's lock held (so no lock of its own)."""

    __slots__ = (
        "clock",
        "depth",
        "adds",
        "latency",
        "work_duration",
        "add_times",
        "processing_start_times",
        "unfinished_work_seconds",
        "longest_running_processor",
    )

    def __init__(self, mp: MetricsProvider, name: str, clock: PassiveClock) -> None:
        self.clock = clock
        self.depth = mp.new_depth_metric(name)
        self.adds = mp.new_adds_metric(name)
        self.latency = mp.new_latency_metric(name)
        self.work_duration = mp.new_work_duration_metric(name)
        self.unfinished_work_seconds = mp.new_unfinished_work_seconds_metric(name)
        self.longest_running_processor = mp.new_longest_running_processor_seconds_metric(name)
        self.add_times: Dict[Any, float] = {}
        self.processing_start_times: Dict[Any, float] = {}

    def add(self, item: Any) -> None:
        self.adds.inc()
        self.depth.inc()
        if item not in self.add_times:
            self.add_times[item] = self.clock.now()

    def get(self, item: Any) -> None:
        self.depth.dec()
        self.processing_start_times[item] = self.clock.now()
        start = self.add_times.pop(item, None)
        if start is not None:
            self.latency.observe(self.clock.since(start))

    def done(self, item: Any) -> None:
        start = self.processing_start_times.pop(item, None)
        if start is not None:
            self.work_duration.observe(self.clock.since(start))

    def update_unfinished_work(self) -> None:
        total = 0.0
        oldest = 0.0
        for t in self.processing_start_times.values():
            age = self.clock.since(t)
            total += age
            if age > oldest:
                oldest = age
        self.unfinished_work_seconds.set(total)
        self.longest_running_processor.set(oldest)


def _new_queue_metrics(mp: MetricsProvider, name: str, clock: PassiveClock) -> Optional[_DefaultQueueMetrics]:
    """None stands for Go's noMetrics: the queue skips every call and starts no update thread."""
    if not name or isinstance(mp, _NoopMetricsProvider):
        return None
    return _DefaultQueueMetrics(mp, name, clock)


class _DefaultRetryMetrics:
    __slots__ = ("retries",)

    def __init__(self, retries: CounterMetric) -> None:
        self.retries = retries

    def retry(self) -> None:
        self.retries.inc()


def _new_retry_metrics(name: str, provider: Optional[MetricsProvider]) -> Optional[_DefaultRetryMetrics]:
    if not name:
        return None
    if provider is None:
        provider = _global_provider
    return _DefaultRetryMetrics(provider.new_retries_metric(name))
