"""An InformerMetricsProvider on prometheus_client (the ``prometheus`` extra), with the names, labels, buckets and
help texts of k8s.io/component-base/metrics/prometheus/clientgo/fifo: ``informer_queued_items``,
``informer_processing_latency_seconds`` and ``informer_store_resource_version``, labelled by the informer's
``name``, ``group``, ``version`` and ``resource``.

    from kubernetes_py.tools.cache import prometheus as informer_prometheus
    informer_prometheus.register()   # before the informers are created; Go does this in an init()

Only informers with a reserved identity publish (a factory made with ``informers.with_informer_name``); as in
component-base, the families join the registry when the first informer's metrics are made, and a metric stops
publishing once its identity is released.
"""

from __future__ import annotations

import threading
from typing import Any, Optional

import prometheus_client

from .identity import InformerNameAndResource
from .informer_metrics import set_informer_metrics_provider

__all__ = ["PrometheusInformerMetricsProvider", "register"]

_LATENCY_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_LABELS = ("name", "group", "version", "resource")


class _Reserved:
    """Sets or observes only while the identity is reserved."""

    def __init__(self, id: InformerNameAndResource, child: Any):
        self._id = id
        self._child = child

    def set(self, value: float) -> None:
        if self._id.reserved():
            self._child.set(value)

    def observe(self, value: float) -> None:
        if self._id.reserved():
            self._child.observe(value)


class PrometheusInformerMetricsProvider:
    """The three informer metric families, registered in ``registry`` (the default one when None) on first use."""

    def __init__(self, registry: Optional[prometheus_client.CollectorRegistry] = None) -> None:
        self._registry = registry if registry is not None else prometheus_client.REGISTRY
        self._once = threading.Lock()
        self._registered = False
        self.queued_items = prometheus_client.Gauge(
            "queued_items",
            "Number of items currently queued in the FIFO.",
            _LABELS,
            subsystem="informer",
            registry=None,
        )
        self.processing_latency = prometheus_client.Histogram(
            "processing_latency_seconds",
            "Time taken to process events after popping from the queue.",
            _LABELS,
            subsystem="informer",
            buckets=_LATENCY_BUCKETS,
            registry=None,
        )
        self.store_resource_version = prometheus_client.Gauge(
            "store_resource_version",
            "The 15 least significant digits of the resource version of the store.",
            _LABELS,
            subsystem="informer",
            registry=None,
        )

    def _register(self) -> None:
        with self._once:
            if not self._registered:
                self._registered = True
                for c in (self.queued_items, self.processing_latency, self.store_resource_version):
                    self._registry.register(c)

    @staticmethod
    def _labels(id: InformerNameAndResource) -> tuple[str, str, str, str]:
        gvr = id.group_version_resource()
        return id.name(), gvr.group, gvr.version, gvr.resource

    def new_queued_item_metric(self, id: InformerNameAndResource) -> _Reserved:
        self._register()
        return _Reserved(id, self.queued_items.labels(*self._labels(id)))

    def new_processing_latency_metric(self, id: InformerNameAndResource) -> _Reserved:
        self._register()
        return _Reserved(id, self.processing_latency.labels(*self._labels(id)))

    def new_store_resource_version_metric(self, id: InformerNameAndResource) -> _Reserved:
        self._register()
        return _Reserved(id, self.store_resource_version.labels(*self._labels(id)))


def register(registry: Optional[prometheus_client.CollectorRegistry] = None) -> PrometheusInformerMetricsProvider:
    """Make a provider on ``registry`` the informer metrics provider (only the first provider set counts, as
    cache.set_informer_metrics_provider)."""
    provider = PrometheusInformerMetricsProvider(registry)
    set_informer_metrics_provider(provider)
    return provider
