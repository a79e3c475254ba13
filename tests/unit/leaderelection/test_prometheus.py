"""The leader election metrics (metrics.go) through the prometheus_client provider: the gauge is 0 for a new
elector, 1 once it leads, 0 after it loses the lease; the slow path counter counts renewals through a read."""

from __future__ import annotations

import pytest

prometheus_client = pytest.importorskip("prometheus_client")

from kubernetes_py import context  # noqa: E402
from kubernetes_py.apimachinery.api import errors  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.kubernetes import fake  # noqa: E402
from kubernetes_py.tools import leaderelection  # noqa: E402
from kubernetes_py.tools.leaderelection import metrics, prometheus  # noqa: E402
from kubernetes_py.tools.leaderelection import resourcelock as rl  # noqa: E402
from kubernetes_py.tools.leaderelection.leaderelection import LeaderElector  # noqa: E402

CTX = context.background()


def _value(registry, name, lease="ctl"):
    return registry.get_sample_value(name, {"name": lease})


def test_provider_families_and_elector_transitions():
    registry = prometheus_client.CollectorRegistry()
    provider = prometheus.PrometheusMetricsProvider(registry)
    state = {"obj": None}

    def get(action):
        if state["obj"] is None:
            return True, None, errors.new_not_found(action.get_resource().group_resource(), action.get_name())
        return True, state["obj"], None

    def write(action):
        state["obj"] = action.get_object()
        return True, state["obj"], None

    c = fake.Clientset(None)
    c.add_reactor("get", "leases", get)
    c.add_reactor("create", "leases", write)
    c.add_reactor("update", "leases", write)
    lock = rl.LeaseLock(
        lease_meta=metav1.ObjectMeta(namespace="ns", name="l"),
        client=c.coordination_v1(),
        lock_config=rl.ResourceLockConfig(identity="me"),
    )
    config = leaderelection.LeaderElectionConfig(
        lock=lock, lease_duration=15, renew_deadline=10, retry_period=2, name="ctl"
    )
    le = LeaderElector(config=config, metrics=metrics._DefaultLeaderMetrics(provider.new_leader_metric()))
    le._metrics.leader_off("ctl")
    assert _value(registry, "leader_election_master_status") == 0.0
    assert le._try_acquire_or_renew(CTX)  # created: no slow path
    le._metrics.leader_on("ctl")
    assert _value(registry, "leader_election_master_status") == 1.0
    le._observed_time = None  # our lease looks expired to us: the renewal reads the lock first
    assert le._try_acquire_or_renew(CTX)
    assert _value(registry, "leader_election_slowpath_total") == 1.0
    assert le._try_acquire_or_renew(CTX)  # fast path
    assert _value(registry, "leader_election_slowpath_total") == 1.0
    assert "Gauge of if the reporting system is master" in prometheus_client.generate_latest(registry).decode()


def test_without_a_provider_metrics_are_no_ops():
    assert isinstance(metrics._LeaderMetricsFactory().new_leader_metrics(), metrics._NoMetrics)


def test_only_the_first_provider_counts():
    factory = metrics._LeaderMetricsFactory()
    first = prometheus.PrometheusMetricsProvider(prometheus_client.CollectorRegistry())
    factory.set_provider(first)
    factory.set_provider(prometheus.PrometheusMetricsProvider(prometheus_client.CollectorRegistry()))
    adapter = factory.new_leader_metrics()
    adapter.leader_on("x")
    assert first.gauge.labels(name="x")._value.get() == 1.0
