"""A leader election MetricsProvider on prometheus_client (the ``prometheus`` extra), with the names and help texts
of k8s.io/component-base/metrics/prometheus/clientgo/leaderelection: ``leader_election_master_status`` (1 while
leading, 0 otherwise) and ``leader_election_slowpath_total``, labelled by the elector's ``name``.

    from kubernetes_py.tools.leaderelection import prometheus as leaderelection_prometheus
    leaderelection_prometheus.register()   # before the electors are created; Go does this in an init()
"""

from __future__ import annotations

from typing import Optional

import prometheus_client

from . import metrics as _metrics

__all__ = ["PrometheusMetricsProvider", "register"]


class _LeaderAdapter:
    def __init__(self, gauge: prometheus_client.Gauge, counter: prometheus_client.Counter):
        self._gauge = gauge
        self._counter = counter

    def on(self, name: str) -> None:
        self._gauge.labels(name=name).set(1.0)

    def off(self, name: str) -> None:
        self._gauge.labels(name=name).set(0.0)

    def slowpath_exercised(self, name: str) -> None:
        self._counter.labels(name=name).inc()


class PrometheusMetricsProvider:
    """Registers the two metric families in ``registry`` (the default registry when None)."""

    def __init__(self, registry: Optional[prometheus_client.CollectorRegistry] = None) -> None:
        if registry is None:
            registry = prometheus_client.REGISTRY
        self.gauge = prometheus_client.Gauge(
            "leader_election_master_status",
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates "
            "master. 'name' is the string used to identify the lease. Please make sure to group by name.",
            ["name"],
            registry=registry,
        )
        self.counter = prometheus_client.Counter(
            "leader_election_slowpath_total",
            "Total number of slow path exercised in renewing leader leases. 'name' is the string used to identify "
            "the lease. Please make sure to group by name.",
            ["name"],
            registry=registry,
        )

    def new_leader_metric(self) -> _metrics.LeaderMetric:
        return _LeaderAdapter(self.gauge, self.counter)


def register(registry: Optional[prometheus_client.CollectorRegistry] = None) -> PrometheusMetricsProvider:
    """Make this the leader election metrics provider (only the first provider set counts, as in client-go)."""
    provider = PrometheusMetricsProvider(registry)
    _metrics.set_provider(provider)
    return provider
