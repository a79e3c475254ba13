"""Informer identity and metrics: client-go's identity_test.go ported; the RealFIFO's queued items and processing
latency, the store's resource version, a factory's informer names (with_informer_name), and the prometheus_client
provider with component-base's families."""

from __future__ import annotations

import threading
import time

import prometheus_client
import pytest

from kubernetes_py import informers
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import informer_metrics
from kubernetes_py.tools.cache import prometheus as informer_prometheus

PODS = GroupVersionResource("", "v1", "pods")
CONFIGMAPS = GroupVersionResource("", "v1", "configmaps")


@pytest.fixture(autouse=True)
def _names():
    cache.reset_informer_names_for_testing()
    yield
    cache.reset_informer_names_for_testing()


# identity_test.go


@pytest.mark.parametrize(
    "setup,name,ok",
    [
        (lambda: None, "my-informer", True),
        (lambda: cache.new_informer_name("my-informer"), "my-informer", False),
        (lambda: None, "", False),
        (lambda: cache.new_informer_name("informer-1"), "informer-2", True),
        (lambda: cache.new_informer_name("my-informer").release(), "my-informer", True),
    ],
)
def test_new_informer_name(setup, name, ok):
    setup()
    if ok:
        assert cache.new_informer_name(name).name() == name
    else:
        with pytest.raises(ValueError):
            cache.new_informer_name(name)


def test_new_informer_name_errors():
    cache.new_informer_name("x")
    with pytest.raises(ValueError, match='^informer name "x" is already registered$'):
        cache.new_informer_name("x")
    with pytest.raises(ValueError, match="^informer name cannot be empty$"):
        cache.new_informer_name("")


def test_with_resource():
    n = cache.new_informer_name("my-informer")
    first = n.with_resource(PODS)
    assert first.reserved() and (first.name(), first.group_version_resource()) == ("my-informer", PODS)
    assert not n.with_resource(PODS).reserved()  # the same resource again
    assert n.with_resource(CONFIGMAPS).reserved()
    nil = cache.InformerName.with_resource(None, PODS)
    assert not nil.reserved() and nil.name() == "" and nil.group_version_resource() == PODS
    assert not cache.InformerNameAndResource().reserved()


def test_release():
    n = cache.new_informer_name("my-informer")
    identity = n.with_resource(PODS)
    assert identity.reserved()
    n.release()
    assert not identity.reserved()
    assert not n.with_resource(CONFIGMAPS).reserved()  # a released name reserves nothing more
    n2 = cache.new_informer_name("my-informer")
    assert n2.with_resource(PODS).reserved()
    cache.InformerName.release(None)  # nil receiver


# recording provider


class Gauge:
    def __init__(self):
        self.values: list[float] = []

    def set(self, v: float) -> None:
        self.values.append(v)

    def observe(self, v: float) -> None:
        self.values.append(v)


class Provider:
    def __init__(self):
        self.made: list[tuple[str, str]] = []
        self.queued, self.latency, self.rv = Gauge(), Gauge(), Gauge()

    def new_queued_item_metric(self, id):
        self.made.append(("queued", id.name()))
        return self.queued

    def new_processing_latency_metric(self, id):
        self.made.append(("latency", id.name()))
        return self.latency

    def new_store_resource_version_metric(self, id):
        self.made.append(("rv", id.name()))
        return self.rv


def _pod(name: str, rv: str = "") -> corev1.Pod:
    return corev1.Pod(metadata=metav1.ObjectMeta(namespace="ns", name=name, resourceVersion=rv))


def _fifo(identifier, provider) -> cache.RealFIFO:
    return cache.new_real_fifo_with_options(
        cache.RealFIFOOptions(atomic_events=True, identifier=identifier, metrics_provider=provider)
    )


def test_real_fifo_metrics():
    provider = Provider()
    f = _fifo(cache.new_informer_name("inf").with_resource(PODS), provider)
    assert provider.made == [("queued", "inf"), ("latency", "inf")]
    assert f.name() == "inf"
    f.add(_pod("a"))
    f.update(_pod("a"))
    f.delete(_pod("b"))
    assert provider.queued.values == [1.0, 2.0, 3.0]
    seen = []
    f.pop(lambda deltas, initial: seen.append(len(provider.queued.values)))
    assert provider.queued.values[-1] == 2.0 and seen == [4]  # set after popping, before processing
    assert len(provider.latency.values) == 1 and provider.latency.values[0] >= 0
    f.replace([_pod("c")], "5")
    f.resync()
    assert provider.queued.values[-2:] == [3.0, 4.0]
    f.pop_batch(lambda deltas, initial: None, lambda deltas, initial: None)
    assert provider.queued.values[-1] == 2.0 and len(provider.latency.values) == 2  # a and b in one batch
    with pytest.raises(ValueError):  # a failed process is timed too
        f.pop(lambda deltas, initial: (_ for _ in ()).throw(ValueError("boom")))
    assert len(provider.latency.values) == 3


def test_unreserved_identity_publishes_nothing():
    provider = Provider()
    n = cache.new_informer_name("inf")
    n.with_resource(PODS)
    for identifier in (n.with_resource(PODS), None, cache.InformerName.with_resource(None, PODS)):
        f = _fifo(identifier, provider)
        f.add(_pod("a"))
        f.pop(lambda deltas, initial: None)
    assert provider.made == [] and provider.queued.values == []


def test_store_resource_version_metric():
    provider = Provider()
    store = cache.new_indexer(
        cache.meta_namespace_key_func,
        {},
        cache.with_store_metrics(cache.new_informer_name("s").with_resource(PODS), provider),
    )
    assert provider.made == [("rv", "s")]
    store.add(_pod("a", "10"))
    store.update(_pod("a", "11"))
    store.delete(_pod("a", "12"))
    store.replace([_pod("b", "13")], "20")
    store.replace([], "")
    store.bookmark("1234567890123456789")  # the last 15 digits
    store.add(_pod("c", "not-a-number"))  # not recorded
    store.transaction(cache.Transaction(object=_pod("d", "30"), type=cache.TransactionTypeAdd))
    assert provider.rv.values == [10.0, 11.0, 12.0, 20.0, 0.0, 567890123456789.0, 30.0]
    assert informer_metrics.parse_rv_for_metrics_with_truncation("-5") == -5
    plain = cache.new_store(
        cache.meta_namespace_key_func, cache.with_store_metrics(cache.InformerName.with_resource(None, PODS), provider)
    )
    plain.add(_pod("x", "99"))
    assert provider.rv.values[-1] == 30.0


def test_thread_safe_store_option():
    provider = Provider()
    ts = cache.new_thread_safe_store(
        {}, {}, cache.with_thread_safe_store_metrics(cache.new_informer_name("t").with_resource(PODS), provider)
    )
    ts.add("k", _pod("k", "7"))
    assert provider.rv.values == [7.0]


def test_factory_informer_name_and_prometheus_families(monkeypatch):
    registry = prometheus_client.CollectorRegistry()
    provider = informer_prometheus.PrometheusInformerMetricsProvider(registry)
    assert list(registry.collect()) == []  # registered when the first informer's metrics are made
    monkeypatch.setattr(informer_metrics, "global_informer_metrics_provider", provider)
    client = fake.new_simple_clientset(
        _pod("a", "1"), corev1.ConfigMap(metadata=metav1.ObjectMeta(namespace="ns", name="c", resourceVersion="2"))
    )
    name = cache.new_informer_name("test-factory")
    factory = informers.new_shared_informer_factory_with_options(client, 0, informers.with_informer_name(name))
    assert factory.informer_name() is name
    factory.core().v1().pods().informer()
    factory.core().v1().config_maps().informer()
    # an informer of its own for pods under the same name is a duplicate: it publishes nothing
    informers.core.v1.new_pod_informer_with_options(
        client, "", informers.internalinterfaces.InformerOptions(informer_name=name)
    )
    stop = threading.Event()
    factory.start(stop)
    try:
        deadline = time.monotonic() + 5
        while not all(
            i.has_synced()
            for i in (factory.core().v1().pods().informer(), factory.core().v1().config_maps().informer())
        ):
            assert time.monotonic() < deadline, "the informers did not sync within 5 s"
            time.sleep(0.01)
        assert factory.wait_for_cache_sync(stop) == {corev1.Pod: True, corev1.ConfigMap: True}
        families = {f.name: f for f in registry.collect()}
        assert set(families) == {
            "informer_queued_items",
            "informer_processing_latency_seconds",
            "informer_store_resource_version",
        }
        rv = {s.labels["resource"]: s for s in families["informer_store_resource_version"].samples}
        assert rv["pods"].labels == {"name": "test-factory", "group": "", "version": "v1", "resource": "pods"}
        assert rv["configmaps"].labels["resource"] == "configmaps" and len(rv) == 2
        assert rv["pods"].value >= 1 and rv["configmaps"].value >= 2  # the fake tracker's resource versions
        counts = {
            s.labels["resource"]: s.value
            for s in families["informer_processing_latency_seconds"].samples
            if s.name.endswith("_count")
        }
        assert set(counts) == {"pods", "configmaps"} and min(counts.values()) >= 1
    finally:
        stop.set()
        factory.shutdown()
    assert not name.with_resource(GroupVersionResource("apps", "v1", "deployments")).reserved()  # released
    cache.new_informer_name("test-factory")


def test_with_store_metrics_defaulting():
    """store_test.go TestWithStoreMetricsDefaulting: no provider given means the global one."""
    name = cache.new_informer_name("test-informer")
    identity = name.with_resource(GroupVersionResource("apps", "v1", "deployments"))
    s = cache.new_store(cache.meta_namespace_key_func, cache.with_store_metrics(identity, None))
    assert s.metrics is informer_metrics.global_informer_metrics_provider and s.identifier is identity
    name.release()
