"""tools/metrics: register installs hooks once, ensure_registered runs the registration function once, and the
prometheus_client adapter records under component-base's restclient names, labels and buckets."""

from __future__ import annotations

import datetime
import threading
import urllib.parse

import pytest

from kubernetes_py.tools import metrics

HOOK_STATE = list(metrics._HOOKS) + ["_registered", "_ensure_registered_fn", "_ensured"]


@pytest.fixture(autouse=True)
def fresh_metrics(monkeypatch):
    """Each test registers from scratch (register is once per process, as in Go)."""
    for name in HOOK_STATE:
        monkeypatch.setattr(metrics, name, getattr(metrics, name))
    monkeypatch.setattr(metrics, "_registered", False)
    monkeypatch.setattr(metrics, "_ensure_registered_fn", None)
    monkeypatch.setattr(metrics, "_ensured", False)


class Recorder:
    def __init__(self):
        self.calls = []

    def observe(self, *args):
        self.calls.append(("observe", args))

    def increment(self, *args):
        self.calls.append(("increment", args))


def test_defaults_are_no_ops():
    url = urllib.parse.urlsplit("https://h:6443/api")
    metrics.RequestLatency.observe(None, "GET", url, 0.1)
    metrics.RequestResult.increment(None, "200", "GET", "h")
    metrics.RequestRetry.increment_retry(None, "500", "GET", "h")
    metrics.ClientCertExpiry.set(None)
    metrics.TransportCertRotationGCCalls.increment()
    metrics.ensure_registered()


def test_register_only_first_call_and_keeps_unset_hooks():
    first, second = Recorder(), Recorder()
    noop_size = metrics.RequestSize
    metrics.register(metrics.RegisterOpts(request_latency=first, transport_create_calls=first))
    metrics.register(metrics.RegisterOpts(request_latency=second))
    assert metrics.RequestLatency is first and metrics.TransportCreateCalls is first
    assert metrics.RequestSize is noop_size


def test_ensure_registered_runs_once_across_threads():
    runs = []
    gate = threading.Event()

    def register_fn():
        gate.wait(1)
        runs.append(threading.current_thread().name)

    metrics.register(metrics.RegisterOpts(register_fn=register_fn))
    threads = [threading.Thread(target=metrics.ensure_registered, name=f"t{i}") for i in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert len(runs) == 1


def test_prometheus_adapter_names_labels_and_lazy_registration():
    prometheus_client = pytest.importorskip("prometheus_client")
    from kubernetes_py.tools.metrics import prometheus

    registry = prometheus_client.CollectorRegistry()
    prometheus.register(registry)
    assert registry.get_sample_value("rest_client_transport_cache_entries") is None  # not yet registered
    url = urllib.parse.urlsplit("https://10.0.0.1:6443/api/v1/pods?limit=5")
    metrics.RequestLatency.observe(None, "GET", url, 0.03)
    metrics.RateLimiterLatency.observe(None, "GET", url, 0.0)
    metrics.RequestSize.observe(None, "POST", "10.0.0.1:6443", 300.0)
    metrics.ResponseSize.observe(None, "GET", "10.0.0.1:6443", 70000.0)
    metrics.RequestResult.increment(None, "200", "GET", "10.0.0.1:6443")
    metrics.RequestResult.increment(None, "200", "GET", "10.0.0.1:6443")
    metrics.RequestRetry.increment_retry(None, "429", "GET", "10.0.0.1:6443")
    metrics.ExecPluginCalls.increment(0, "no_error")
    metrics.TransportCacheEntries.observe(3)
    metrics.TransportCreateCalls.increment("miss")
    metrics.TransportCAReloads.increment("success", "ca_changed")
    metrics.TransportCertRotationGCCalls.increment()
    metrics.TransportCacheGCCalls.increment("deleted")
    metrics.ClientCertRotationAge.observe(4000.0)
    metrics.ResolverLatency.observe(None, "10.0.0.1", 0.001)
    h = {"verb": "GET", "host": "10.0.0.1:6443"}
    v = registry.get_sample_value
    assert v("rest_client_request_duration_seconds_bucket", {**h, "le": "0.025"}) == 0.0
    assert v("rest_client_request_duration_seconds_bucket", {**h, "le": "0.1"}) == 1.0
    assert v("rest_client_rate_limiter_duration_seconds_count", h) == 1.0
    assert v("rest_client_request_size_bytes_bucket", {"verb": "POST", "host": "10.0.0.1:6443", "le": "512.0"}) == 1
    assert v("rest_client_response_size_bytes_bucket", {**h, "le": "65536.0"}) == 0.0
    assert v("rest_client_requests_total", {"code": "200", "method": "GET", "host": "10.0.0.1:6443"}) == 2.0
    assert v("rest_client_request_retries_total", {"code": "429", "verb": "GET", "host": "10.0.0.1:6443"}) == 1.0
    assert v("rest_client_exec_plugin_call_total", {"code": "0", "call_status": "no_error"}) == 1.0
    assert v("rest_client_transport_cache_entries") == 3.0
    assert v("rest_client_transport_create_calls_total", {"result": "miss"}) == 1.0
    assert v("rest_client_transport_ca_reload_total", {"result": "success", "reason": "ca_changed"}) == 1.0
    assert v("rest_client_transport_cert_rotation_gc_calls_total") == 1.0
    assert v("rest_client_transport_cache_gc_calls_total", {"result": "deleted"}) == 1.0
    assert v("rest_client_exec_plugin_certificate_rotation_age_bucket", {"le": "14400.0"}) == 1.0
    assert v("rest_client_exec_plugin_ttl_seconds") == float("inf")
    metrics.ClientCertExpiry.set(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1))
    assert 3590 < v("rest_client_exec_plugin_ttl_seconds") <= 3600
    # As in component-base, the resolver latency is recorded but not registered.
    assert v("rest_client_dns_resolution_duration_seconds_count", {"host": "10.0.0.1"}) is None
