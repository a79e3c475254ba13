"""k8s.io/client-go/tools/metrics: the hooks client-go's REST client, transports and exec credential plugin report
through, and their registration.

Each hook is a module attribute holding a no-op until ``register(RegisterOpts(...))`` replaces it (only the first
call counts, as Go's sync.Once). Callers read the attribute at the time of the call
(``metrics.RequestLatency.observe(ctx, verb, url, latency)``), never a copy taken at import.
``kubernetes_py.tools.metrics.prometheus`` registers client-go's metric families (component-base's names) on
prometheus_client.

Arguments: ``ctx`` a Context (or None), ``url`` a urllib.parse.SplitResult (its netloc is Go's Host), durations
and latencies float seconds, ``expiry`` an aware datetime or None.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, Callable, Optional, Protocol
from kubernetes_py import context

__all__ = [
    "CallsMetric",
    "DurationMetric",
    "ExpiryMetric",
    "LatencyMetric",
    "PolicyCallsMetric",
    "RegisterOpts",
    "ResolverLatencyMetric",
    "ResultMetric",
    "RetryMetric",
    "SizeMetric",
    "TransportCAReloadsMetric",
    "TransportCacheGCCallsMetric",
    "TransportCacheMetric",
    "TransportCertRotationGCCallsMetric",
    "TransportCreateCallsMetric",
    "ensure_registered",
    "register",
    "is_noop",
]


class DurationMetric(Protocol):
    def observe(self, duration: float) -> None: ...


class ExpiryMetric(Protocol):
    def set(self, expiry: Any) -> None: ...


class LatencyMetric(Protocol):
    def observe(self, ctx: context.Context | None, verb: str, url: Any, latency: float) -> None: ...


class ResolverLatencyMetric(Protocol):
    def observe(self, ctx: context.Context | None, host: str, latency: float) -> None: ...


class SizeMetric(Protocol):
    def observe(self, ctx: context.Context | None, verb: str, host: str, size: float) -> None: ...


class ResultMetric(Protocol):
    def increment(self, ctx: context.Context | None, code: str, method: str, host: str) -> None: ...


class CallsMetric(Protocol):
    def increment(self, exit_code: int, call_status: str) -> None: ...


class PolicyCallsMetric(Protocol):
    def increment(self, status: str) -> None: ...


class RetryMetric(Protocol):
    def increment_retry(self, ctx: context.Context | None, code: str, method: str, host: str) -> None: ...


class TransportCacheMetric(Protocol):
    def observe(self, value: int) -> None: ...


class TransportCreateCallsMetric(Protocol):
    def increment(self, result: str) -> None: ...


class TransportCAReloadsMetric(Protocol):
    def increment(self, result: str, reason: str) -> None: ...


class TransportCertRotationGCCallsMetric(Protocol):
    def increment(self) -> None: ...


class TransportCacheGCCallsMetric(Protocol):
    def increment(self, result: str) -> None: ...


class _Noop:
    """Every hook's no-op: accepts any call of any hook method."""

    def observe(self, *args: Any) -> None:
        pass

    def set(self, *args: Any) -> None:
        pass

    def increment(self, *args: Any) -> None:
        pass

    def increment_retry(self, *args: Any) -> None:
        pass


ClientCertExpiry: ExpiryMetric = _Noop()
"""The expiry of the client certificate an exec plugin returned."""
ClientCertRotationAge: DurationMetric = _Noop()
"""How long an exec plugin's client certificate lived before it was rotated."""
RequestLatency: LatencyMetric = _Noop()
ResolverLatency: ResolverLatencyMetric = _Noop()
RequestSize: SizeMetric = _Noop()
ResponseSize: SizeMetric = _Noop()
RateLimiterLatency: LatencyMetric = _Noop()
RequestResult: ResultMetric = _Noop()
ExecPluginCalls: CallsMetric = _Noop()
ExecPluginPolicyCalls: PolicyCallsMetric = _Noop()
RequestRetry: RetryMetric = _Noop()
TransportCacheEntries: TransportCacheMetric = _Noop()
TransportCreateCalls: TransportCreateCallsMetric = _Noop()
TransportCAReloads: TransportCAReloadsMetric = _Noop()
TransportCertRotationGCCalls: TransportCertRotationGCCallsMetric = _Noop()
TransportCacheGCCalls: TransportCacheGCCallsMetric = _Noop()


def is_noop(hook: Any) -> bool:
    """Whether a hook is still the no-op (callers skip the work of computing what they would report)."""
    return type(hook) is _Noop


@dataclasses.dataclass
class RegisterOpts:
    """The hooks to install (None keeps the no-op), and ``register_fn``: run once by ensure_registered, by the
    first metric observed (component-base registers its families there)."""

    client_cert_expiry: Optional[ExpiryMetric] = None
    client_cert_rotation_age: Optional[DurationMetric] = None
    request_latency: Optional[LatencyMetric] = None
    resolver_latency: Optional[ResolverLatencyMetric] = None
    request_size: Optional[SizeMetric] = None
    response_size: Optional[SizeMetric] = None
    rate_limiter_latency: Optional[LatencyMetric] = None
    request_result: Optional[ResultMetric] = None
    exec_plugin_calls: Optional[CallsMetric] = None
    exec_plugin_policy_calls: Optional[PolicyCallsMetric] = None
    request_retry: Optional[RetryMetric] = None
    transport_cache_entries: Optional[TransportCacheMetric] = None
    transport_create_calls: Optional[TransportCreateCallsMetric] = None
    transport_ca_reloads: Optional[TransportCAReloadsMetric] = None
    transport_cert_rotation_gc_calls: Optional[TransportCertRotationGCCallsMetric] = None
    transport_cache_gc_calls: Optional[TransportCacheGCCallsMetric] = None
    register_fn: Optional[Callable[[], None]] = None


_register_lock = threading.Lock()
_registered = False
_ensure_lock = threading.Lock()
_ensure_registered_fn: Optional[Callable[[], None]] = None
_ensured = False

_FIELDS = {  # each hook and the RegisterOpts field that sets it
    "ClientCertExpiry": "client_cert_expiry",
    "ClientCertRotationAge": "client_cert_rotation_age",
    "RequestLatency": "request_latency",
    "ResolverLatency": "resolver_latency",
    "RequestSize": "request_size",
    "ResponseSize": "response_size",
    "RateLimiterLatency": "rate_limiter_latency",
    "RequestResult": "request_result",
    "ExecPluginCalls": "exec_plugin_calls",
    "ExecPluginPolicyCalls": "exec_plugin_policy_calls",
    "RequestRetry": "request_retry",
    "TransportCacheEntries": "transport_cache_entries",
    "TransportCreateCalls": "transport_create_calls",
    "TransportCAReloads": "transport_ca_reloads",
    "TransportCertRotationGCCalls": "transport_cert_rotation_gc_calls",
    "TransportCacheGCCalls": "transport_cache_gc_calls",
}
_HOOKS = tuple(_FIELDS)
__all__ += list(_HOOKS)


def register(opts: RegisterOpts) -> None:
    """Install the hooks of ``opts``; only the first call has an effect."""
    global _registered, _ensure_registered_fn
    with _register_lock:
        if _registered:
            return
        _registered = True
        for hook, field in _FIELDS.items():
            value = getattr(opts, field)
            if value is not None:
                globals()[hook] = value
        if opts.register_fn is not None:
            _ensure_registered_fn = opts.register_fn


def ensure_registered() -> None:
    """Run the registered ``register_fn`` once (adapters call this before they record)."""
    global _ensured
    fn = _ensure_registered_fn
    if fn is None:
        return
    with _ensure_lock:
        if _ensured:
            return
        _ensured = True
        fn()
