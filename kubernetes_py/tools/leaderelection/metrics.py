"""Leader election's metrics hooks (leaderelection/metrics.go): a provider set once, a metric per elector."""

from __future__ import annotations

import threading
from typing import Optional, Protocol

__all__ = ["LeaderMetric", "MetricsProvider", "set_provider"]


class LeaderMetric(Protocol):
    """The leadership gauge of one elector: on/off per lease name, and a count of slow-path renewals."""

    def on(self, name: str) -> None: ...

    def off(self, name: str) -> None: ...

    def slowpath_exercised(self, name: str) -> None: ...


class MetricsProvider(Protocol):
    def new_leader_metric(self) -> LeaderMetric: ...


class _LeaderMetricsAdapter(Protocol):
    """What an elector reports to (Go's leaderMetricsAdapter)."""

    def leader_on(self, name: str) -> None: ...

    def leader_off(self, name: str) -> None: ...

    def slowpath_exercised(self, name: str) -> None: ...


class _NoMetrics:
    def leader_on(self, name: str) -> None:
        pass

    def leader_off(self, name: str) -> None:
        pass

    def slowpath_exercised(self, name: str) -> None:
        pass


class _DefaultLeaderMetrics:
    def __init__(self, leader: LeaderMetric):
        self.leader = leader

    def leader_on(self, name: str) -> None:
        self.leader.on(name)

    def leader_off(self, name: str) -> None:
        self.leader.off(name)

    def slowpath_exercised(self, name: str) -> None:
        self.leader.slowpath_exercised(name)


class _LeaderMetricsFactory:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._provider: Optional[MetricsProvider] = None
        self._set = False

    def set_provider(self, provider: MetricsProvider) -> None:
        with self._lock:
            if not self._set:  # only the first call counts (Go's sync.Once)
                self._set = True
                self._provider = provider

    def new_leader_metrics(self) -> _LeaderMetricsAdapter:
        with self._lock:
            provider = self._provider
        if provider is None:
            return _NoMetrics()
        return _DefaultLeaderMetrics(provider.new_leader_metric())


_global_metrics_factory = _LeaderMetricsFactory()


def set_provider(metrics_provider: MetricsProvider) -> None:
    """Set the provider of leader election metrics; only the first call has an effect."""
    _global_metrics_factory.set_provider(metrics_provider)
