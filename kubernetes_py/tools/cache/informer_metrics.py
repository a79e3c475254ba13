"""Informer metrics hooks (client-go tools/cache/informer_metrics.go): the FIFO's queued items and processing
latency, and the store's resource version, for informers with a reserved identity (identity.py).

``set_informer_metrics_provider`` sets the global provider once (Go's sync.Once); an informer may also be given
one. ``kubernetes_py.tools.cache.prometheus`` is a provider on prometheus_client with component-base's names.
"""

from __future__ import annotations

import threading
from typing import Any, Optional, Protocol

from .identity import InformerNameAndResource
from .reflector_metrics import GaugeMetric, HistogramMetric

__all__ = ["InformerMetricsProvider", "set_informer_metrics_provider"]
# fifo_metrics, store_metrics and parse_rv_for_metrics_with_truncation are for the queue and the store only


class InformerMetricsProvider(Protocol):
    """Makes the metrics of one informer identity; each metric should publish only while ``id.reserved()``."""

    def new_queued_item_metric(self, id: InformerNameAndResource) -> GaugeMetric: ...

    def new_processing_latency_metric(self, id: InformerNameAndResource) -> HistogramMetric: ...

    def new_store_resource_version_metric(self, id: InformerNameAndResource) -> GaugeMetric: ...


class _NoopInformerMetricsProvider:
    def new_queued_item_metric(self, id: InformerNameAndResource) -> Any:
        return None

    def new_processing_latency_metric(self, id: InformerNameAndResource) -> Any:
        return None

    def new_store_resource_version_metric(self, id: InformerNameAndResource) -> Any:
        return None


_NOOP = _NoopInformerMetricsProvider()
_lock = threading.Lock()
_set = False
global_informer_metrics_provider: InformerMetricsProvider = _NOOP


def set_informer_metrics_provider(metrics_provider: InformerMetricsProvider) -> None:
    """Set the provider of informers created afterwards; only the first call counts."""
    global _set, global_informer_metrics_provider
    with _lock:
        if not _set:
            _set = True
            global_informer_metrics_provider = metrics_provider


def fifo_metrics(
    identifier: Optional[InformerNameAndResource], provider: Optional[InformerMetricsProvider]
) -> tuple[Optional[GaugeMetric], Optional[HistogramMetric]]:
    """(queued items, processing latency) of a FIFO; None for each metric not published (no reserved identity,
    or the no-op provider), so the queue skips the work."""
    if identifier is None or not identifier.reserved():
        return None, None
    provider = provider if provider is not None else global_informer_metrics_provider
    return provider.new_queued_item_metric(identifier), provider.new_processing_latency_metric(identifier)


def store_metrics(
    identifier: Optional[InformerNameAndResource], provider: Optional[InformerMetricsProvider]
) -> Optional[GaugeMetric]:
    """The store resource version metric of a store, or None as fifo_metrics."""
    if identifier is None or not identifier.reserved():
        return None
    provider = provider if provider is not None else global_informer_metrics_provider
    return provider.new_store_resource_version_metric(identifier)


def parse_rv_for_metrics_with_truncation(rv: str) -> Optional[int]:
    """The last 15 digits of a resource version as an integer (0 for ""); None when they are not a number."""
    if not rv:
        return 0
    digits = rv[-15:]
    if not (digits.isascii() and (digits.isdigit() or (digits[0] in "+-" and digits[1:].isdigit()))):
        return None
    return int(digits)
