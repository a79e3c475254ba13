"""client-go's REST client metrics on prometheus_client (the ``prometheus`` extra), with the names, labels,
buckets and help texts of k8s.io/component-base/metrics/prometheus/restclient.

    from kubernetes_py.tools.metrics import prometheus as restclient_prometheus
    restclient_prometheus.register()   # Go does this in component-base's init()

As there, the families are added to the registry when the first metric is recorded (metrics.ensure_registered),
and rest_client_dns_resolution_duration_seconds and rest_client_exec_plugin_policy_call_total are recorded but not
registered.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Optional, Sequence

import prometheus_client

from kubernetes_py.tools import metrics
from kubernetes_py import context

__all__ = ["register"]

_LATENCY_BUCKETS = (0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)
_RESOLVER_BUCKETS = (0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
_SIZE_BUCKETS = (64, 256, 512, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216)
_ROTATION_BUCKETS = (600, 1800, 3600, 14400, 86400, 604800, 2592000, 7776000, 15552000, 31104000, 124416000)


def _histogram(
    name: str, documentation: str, labels: Sequence[str] = (), *, buckets: Sequence[float]
) -> prometheus_client.Histogram:
    """A family not registered yet (register() adds them all when the first metric is recorded)."""
    return prometheus_client.Histogram(name, documentation, labels, buckets=buckets, registry=None)


def _counter(name: str, documentation: str, labels: Sequence[str] = ()) -> prometheus_client.Counter:
    return prometheus_client.Counter(name, documentation, labels, registry=None)


def _gauge(name: str, documentation: str) -> prometheus_client.Gauge:
    return prometheus_client.Gauge(name, documentation, registry=None)


def _host(url: Any) -> str:
    return str(url.netloc)


class _Latency:
    def __init__(self, m: prometheus_client.Histogram):
        self.m = m

    def observe(self, ctx: context.Context | None, verb: str, url: Any, latency: float) -> None:
        metrics.ensure_registered()
        self.m.labels(verb, _host(url)).observe(latency)


class _ResolverLatency:
    def __init__(self, m: prometheus_client.Histogram):
        self.m = m

    def observe(self, ctx: context.Context | None, host: str, latency: float) -> None:
        metrics.ensure_registered()
        self.m.labels(host).observe(latency)


class _Size:
    def __init__(self, m: prometheus_client.Histogram):
        self.m = m

    def observe(self, ctx: context.Context | None, verb: str, host: str, size: float) -> None:
        metrics.ensure_registered()
        self.m.labels(verb, host).observe(size)


class _Result:
    def __init__(self, m: prometheus_client.Counter):
        self.m = m

    def increment(self, ctx: context.Context | None, code: str, method: str, host: str) -> None:
        metrics.ensure_registered()
        self.m.labels(code, method, host).inc()


class _Retry:
    def __init__(self, m: prometheus_client.Counter):
        self.m = m

    def increment_retry(self, ctx: context.Context | None, code: str, method: str, host: str) -> None:
        metrics.ensure_registered()
        self.m.labels(code, method, host).inc()


class _ExpiryToTTL:
    """Keeps the expiry; the TTL gauge reads it at scrape time (+Inf with none)."""

    def __init__(self) -> None:
        self.e: Optional[datetime.datetime] = None

    def set(self, expiry: Optional[datetime.datetime]) -> None:
        metrics.ensure_registered()
        self.e = expiry

    def ttl(self) -> float:
        if self.e is None:
            return math.inf
        return (self.e - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


class _Rotation:
    def __init__(self, m: prometheus_client.Histogram):
        self.m = m

    def observe(self, duration: float) -> None:
        metrics.ensure_registered()
        self.m.observe(duration)


class _Calls:
    def __init__(self, m: prometheus_client.Counter):
        self.m = m

    def increment(self, code: int, call_status: str) -> None:
        metrics.ensure_registered()
        self.m.labels(str(code), call_status).inc()


class _Policy:
    def __init__(self, m: prometheus_client.Counter):
        self.m = m

    def increment(self, status: str) -> None:
        metrics.ensure_registered()
        self.m.labels(status).inc()


class _TransportCache:
    def __init__(self, m: prometheus_client.Gauge):
        self.m = m

    def observe(self, value: int) -> None:
        metrics.ensure_registered()
        self.m.set(float(value))


class _LabelledIncrement:
    def __init__(self, m: Any):
        self.m = m

    def increment(self, *labels: str) -> None:
        metrics.ensure_registered()
        (self.m.labels(*labels) if labels else self.m).inc()


def register(registry: Optional[prometheus_client.CollectorRegistry] = None) -> None:
    """Install the REST client metrics, registered in ``registry`` (the default registry when None) when the
    first one is recorded. Only the first registration of tools.metrics counts."""
    if registry is None:
        registry = prometheus_client.REGISTRY
    request_latency = _histogram(
        "rest_client_request_duration_seconds",
        "Request latency in seconds. Broken down by verb, and host.",
        ["verb", "host"],
        buckets=_LATENCY_BUCKETS,
    )
    resolver_latency = _histogram(
        "rest_client_dns_resolution_duration_seconds",
        "DNS resolver latency in seconds. Broken down by host.",
        ["host"],
        buckets=_RESOLVER_BUCKETS,
    )
    request_size = _histogram(
        "rest_client_request_size_bytes",
        "Request size in bytes. Broken down by verb and host.",
        ["verb", "host"],
        buckets=_SIZE_BUCKETS,
    )
    response_size = _histogram(
        "rest_client_response_size_bytes",
        "Response size in bytes. Broken down by verb and host.",
        ["verb", "host"],
        buckets=_SIZE_BUCKETS,
    )
    rate_limiter_latency = _histogram(
        "rest_client_rate_limiter_duration_seconds",
        "Client side rate limiter latency in seconds. Broken down by verb, and host.",
        ["verb", "host"],
        buckets=_LATENCY_BUCKETS,
    )
    request_result = _counter(
        "rest_client_requests",
        "Number of HTTP requests, partitioned by status code, method, and host.",
        ["code", "method", "host"],
    )
    request_retry = _counter(
        "rest_client_request_retries",
        "Number of request retries, partitioned by status code, verb, and host.",
        ["code", "verb", "host"],
    )
    ttl = _ExpiryToTTL()
    exec_plugin_cert_ttl = _gauge(
        "rest_client_exec_plugin_ttl_seconds",
        "Gauge of the shortest TTL (time-to-live) of the client certificate(s) managed by the auth exec plugin. "
        "The value is in seconds until certificate expiry (negative if already expired). If auth exec plugins "
        "are unused or manage no TLS certificates, the value will be +INF.",
    )
    exec_plugin_cert_ttl.set_function(ttl.ttl)
    exec_plugin_cert_rotation = _histogram(
        "rest_client_exec_plugin_certificate_rotation_age",
        "Histogram of the number of seconds the last auth exec plugin client certificate lived before being "
        "rotated. If auth exec plugin client certificates are unused, histogram will contain no data.",
        buckets=_ROTATION_BUCKETS,
    )
    exec_plugin_calls = _counter(
        "rest_client_exec_plugin_call",
        "Number of calls to an exec plugin, partitioned by the type of event encountered (no_error, "
        "plugin_execution_error, plugin_not_found_error, client_internal_error) and an optional exit code. The "
        "exit code will be set to 0 if and only if the plugin call was successful.",
        ["code", "call_status"],
    )
    exec_plugin_policy_calls = _counter(
        "rest_client_exec_plugin_policy_call",
        "Number of comparisons of an exec plugin to the plugin policy and allowlist (if any), partitioned by "
        "whether or not the policy permits the plugin",
        ["status"],
    )
    transport_cache_entries = _gauge(
        "rest_client_transport_cache_entries", "Number of transport entries in the internal cache."
    )
    transport_cache_calls = _counter(
        "rest_client_transport_create_calls",
        "Number of calls to get a new transport, partitioned by the result of the operation hit: obtained from "
        "the cache, miss: created and added to the cache, miss-gc: recreated and added back to the cache after "
        "being garbage collected, uncacheable: created and not cached",
        ["result"],
    )
    transport_ca_reloads = _counter(
        "rest_client_transport_ca_reload",
        "Number of times a CA reload is attempted, partitioned by the result and reason for the reload attempt",
        ["result", "reason"],
    )
    transport_cert_rotation_gc_calls = _counter(
        "rest_client_transport_cert_rotation_gc_calls",
        "Number of times a cert rotation goroutine cancel func is called via GC cleanup of the associated transport",
    )
    transport_cache_gc_calls = _counter(
        "rest_client_transport_cache_gc_calls",
        "Number of times a GC cleanup attempts to delete a transport cache entry, partitioned by the result: "
        "deleted, skipped",
        ["result"],
    )

    def register_families() -> None:
        for collector in (
            request_latency,
            request_size,
            response_size,
            rate_limiter_latency,
            request_result,
            request_retry,
            exec_plugin_cert_ttl,
            exec_plugin_cert_rotation,
            exec_plugin_calls,
            transport_cache_entries,
            transport_cache_calls,
            transport_ca_reloads,
            transport_cert_rotation_gc_calls,
            transport_cache_gc_calls,
        ):
            registry.register(collector)

    metrics.register(
        metrics.RegisterOpts(
            client_cert_expiry=ttl,
            client_cert_rotation_age=_Rotation(exec_plugin_cert_rotation),
            request_latency=_Latency(request_latency),
            resolver_latency=_ResolverLatency(resolver_latency),
            request_size=_Size(request_size),
            response_size=_Size(response_size),
            rate_limiter_latency=_Latency(rate_limiter_latency),
            request_result=_Result(request_result),
            request_retry=_Retry(request_retry),
            exec_plugin_calls=_Calls(exec_plugin_calls),
            exec_plugin_policy_calls=_Policy(exec_plugin_policy_calls),
            transport_cache_entries=_TransportCache(transport_cache_entries),
            transport_create_calls=_LabelledIncrement(transport_cache_calls),
            transport_ca_reloads=_LabelledIncrement(transport_ca_reloads),
            transport_cert_rotation_gc_calls=_LabelledIncrement(transport_cert_rotation_gc_calls),
            transport_cache_gc_calls=_LabelledIncrement(transport_cache_gc_calls),
            register_fn=register_families,
        )
    )
