"""Reflector metrics hooks (client-go tools/cache/reflector_metrics.go).

client-go v0.37 keeps the interfaces and the one-time provider setter, and its reflector records nothing through
them; the same holds here.
"""

from __future__ import annotations

import threading
from typing import Callable, Protocol

__all__ = [
    "CounterMetric",
    "GaugeMetric",
    "HistogramMetric",
    "MetricsProvider",
    "SummaryMetric",
    "set_reflector_metrics_provider",
]


class GaugeMetric(Protocol):
    def set(self, value: float) -> None: ...


class CounterMetric(Protocol):
    def inc(self) -> None: ...


class SummaryMetric(Protocol):
    def observe(self, value: float) -> None: ...


class HistogramMetric(Protocol):
    def observe(self, value: float) -> None: ...


class MetricsProvider(Protocol):
    def new_lists_metric(self, name: str) -> CounterMetric: ...

    def new_list_duration_metric(self, name: str) -> SummaryMetric: ...

    def new_items_in_list_metric(self, name: str) -> SummaryMetric: ...

    def new_watches_metric(self, name: str) -> CounterMetric: ...

    def new_short_watches_metric(self, name: str) -> CounterMetric: ...

    def new_watch_duration_metric(self, name: str) -> SummaryMetric: ...

    def new_items_in_watch_metric(self, name: str) -> SummaryMetric: ...

    def new_last_resource_version_metric(self, name: str) -> GaugeMetric: ...


class _NoopMetric:
    def inc(self) -> None:
        pass

    def dec(self) -> None:
        pass

    def observe(self, value: float) -> None:
        pass

    def set(self, value: float) -> None:
        pass


class _NoopMetricsProvider:
    def __getattr__(self, name: str) -> Callable[[str], _NoopMetric]:
        if name.startswith("new_") and name.endswith("_metric"):
            return lambda metric_name: _NoopMetric()
        raise AttributeError(name)


_lock = threading.Lock()
_provider_set = False
metrics_provider: MetricsProvider = _NoopMetricsProvider()


def set_reflector_metrics_provider(provider: MetricsProvider) -> None:
    """Sets the metrics provider; only the first call counts (Go's sync.Once)."""
    global _provider_set, metrics_provider
    with _lock:
        if not _provider_set:
            _provider_set = True
            metrics_provider = provider
