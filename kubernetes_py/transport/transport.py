"""transport.new: the base transport (shared between equal TLS configs, as client-go's cache does) plus wrappers."""

from __future__ import annotations

import copy
import ssl
import threading
import weakref
from typing import Any, Callable, Optional

from kubernetes_py import features
from kubernetes_py.tools import metrics

from . import tls as _tls
from .config import Certificate, Config
from .http_transport import HTTPTransport
from .proxy import environment_proxy_settings, normalize_proxy_url
from .round_trippers import http_wrappers_for_config


class _TLSTransportCache:
    """Base transports by TLS settings, so clients built from equal configs share connection pools (Go's tlsCache).

    With the ClientsAllowTLSCacheGC gate on (the default) entries are weak: a transport no client holds any more is
    dropped, reported as TransportCacheGCCalls "deleted" ("skipped" when its key was meanwhile given another
    transport); with it off they are kept for good in ``strong_transports``. A config without TLS settings, dialer
    or proxy gets the shared default transport, which is not an entry (Go's http.DefaultTransport). Transports are
    built under the lock, as Go's are, so one key never gets two. The lock is reentrant: a weak entry's callback
    may run in whatever thread drops the last reference, this one included.
    """

    def __init__(self) -> None:
        self.mu = threading.RLock()
        self.transports: dict[tuple[Any, ...], "weakref.ref[HTTPTransport]"] = {}
        self.strong_transports: dict[tuple[Any, ...], HTTPTransport] = {}
        # Every live weak entry, also one whose key was given another transport: a weakref that is itself
        # collected never calls back, and Go's cleanup belongs to the transport, not to the map.
        self._refs: set["weakref.ref[HTTPTransport]"] = set()

    def __len__(self) -> int:
        with self.mu:
            return self._len_locked()

    def _len_locked(self) -> int:
        if not features.feature_gates().enabled(features.ClientsAllowTLSCacheGC):
            return len(self.strong_transports)
        return len(self.transports)

    def _get_locked(self, key: tuple[Any, ...]) -> tuple[Optional[HTTPTransport], bool]:
        """(the transport, whether the key has an entry): (None, True) when its transport was collected."""
        if not features.feature_gates().enabled(features.ClientsAllowTLSCacheGC):
            rt = self.strong_transports.get(key)
            return rt, rt is not None
        ref = self.transports.get(key)
        if ref is None:
            return None, False
        return ref(), True

    def _set_locked(self, key: tuple[Any, ...], rt: HTTPTransport) -> None:
        if not features.feature_gates().enabled(features.ClientsAllowTLSCacheGC):
            self.strong_transports[key] = rt
            return
        # The metrics in use now, so that a later swap of the globals does not change where this entry reports.
        gc_calls, entries = metrics.TransportCacheGCCalls, metrics.TransportCacheEntries

        def collected(ref: "weakref.ref[HTTPTransport]") -> None:
            with self.mu:
                self._refs.discard(ref)
                if self.transports.get(key) is not ref:
                    gc_calls.increment("skipped")
                    return
                del self.transports[key]
                gc_calls.increment("deleted")
                entries.observe(len(self.transports))

        ref = weakref.ref(rt, collected)
        self._refs.add(ref)
        self.transports[key] = ref

    def get(self, config: Config) -> HTTPTransport:
        key = tls_config_key(config)
        if key is None:
            metrics.TransportCreateCalls.increment("uncacheable")
            return _new_base_transport(config)
        with self.mu:
            try:
                rt, found = self._get_locked(key)
                if rt is not None:
                    metrics.TransportCreateCalls.increment("hit")
                    return rt
                metrics.TransportCreateCalls.increment("miss-gc" if found else "miss")
                if _uses_default_transport(config):
                    return _default_transport(key, config)
                rt = _new_base_transport(config)
                self._set_locked(key, rt)
                return rt
            finally:
                metrics.TransportCacheEntries.observe(self._len_locked())


_default_transports: dict[tuple[Any, ...], HTTPTransport] = {}


def _uses_default_transport(config: Config) -> bool:
    """Go returns http.DefaultTransport for a config without TLS settings, dialer or proxy function."""
    return (
        config.proxy is None
        and config.dial_holder is None
        and not config.disable_compression
        and not _tls.needs_tls_context(config)
    )


def _default_transport(key: tuple[Any, ...], config: Config) -> HTTPTransport:
    """The process's default transport (one per proxy environment, as the key holds it); called under the lock."""
    rt = _default_transports.get(key)
    if rt is None:
        rt = _default_transports[key] = _new_base_transport(config)
    return rt


def new_tls_cache() -> _TLSTransportCache:
    """An empty transport cache (Go's newTLSCache); transport.new uses the process's one, ``tls_cache``."""
    return _TLSTransportCache()


def tls_config_key(c: Config) -> Optional[tuple[Any, ...]]:
    """The cache key of c's base transport, or None when c cannot share one (a proxy function): Go's tlsConfigKey.

    As in Go, the named files are read first (on a copy: c is left as it is) and the key holds a file's path only
    when that file is re-read (CA rotation, certificate files), else the data: two configs naming the same CA by
    file and by data share a transport when the CA file is not reloaded. Dial and certificate-callback holders
    count by identity: clients of one exec authenticator share a transport.
    """
    c = _shallow_tls_copy(c)
    _tls.load_tls_files(c)
    if c.proxy is not None and not isinstance(c.proxy, str):
        return None
    t = c.tls
    env_proxy = environment_proxy_settings() if c.proxy is None else None
    if t.reload_tls_files:
        cert: tuple[Any, ...] = ("", "", t.cert_file, t.key_file)
    else:
        cert = (bytes(t.cert_data or b""), bytes(t.key_data or b""), "", "")
    ca: tuple[Any, ...] = (b"", t.ca_file) if t.reload_ca_files else (bytes(t.ca_data or b""), "")
    return (
        env_proxy,
        t.insecure,
        *ca,
        *cert,
        t.server_name,
        ",".join(t.next_protos or ()),
        c.disable_compression,
        c.proxy,
        t.get_cert_holder,
        c.dial_holder,
    )


tls_cache = _TLSTransportCache()


def _new_base_transport(config: Config) -> HTTPTransport:
    if isinstance(config.proxy, str) and config.proxy:
        normalize_proxy_url(config.proxy)  # reject unusable proxy URLs up front
    c = _shallow_tls_copy(config)  # tls_config_for fills c.tls from files: never touch the caller's config
    static_cert = None
    cert_source: Optional[Callable[[], Optional[Certificate]]] = None
    insecure, ca_data, server_name, next_protos = c.tls.insecure, None, c.tls.server_name, c.tls.next_protos
    if _tls.needs_tls_context(c):
        # Validates everything and reads the files once, as Go's TLSConfigFor does.
        _tls.tls_config_for(c, call_cert_callback=False)
        ca_data = c.tls.ca_data
        if c.tls.reload_tls_files:
            cert_source = _tls.CachingCertificateLoader(c.tls.cert_file, c.tls.key_file)
        elif c.has_cert_auth():
            static_cert = _tls.x509_key_pair(c.tls.cert_data or b"", c.tls.key_data or b"")
        elif c.tls.get_cert_holder is not None:
            cert_source = c.tls.get_cert_holder.get_cert
    return HTTPTransport(
        insecure=insecure,
        ca_data=ca_data,
        ca_file=c.tls.ca_file,
        reload_ca_files=c.tls.reload_ca_files,
        server_name=server_name,
        next_protos=next_protos,
        static_cert=static_cert,
        cert_source=cert_source,
        proxy=c.proxy,
        disable_compression=c.disable_compression,
        dial=c.dial_holder.dial if c.dial_holder is not None else None,
    )


def _shallow_tls_copy(config: Config) -> Config:
    c = copy.copy(config)
    c.tls = copy.copy(config.tls)
    return c


def new(config: Config) -> Any:
    """The round tripper (a requests adapter) for config: Go's transport.New."""
    metrics.ensure_registered()
    if config.transport is not None and (
        config.has_ca() or config.has_cert_auth() or config.has_cert_callback() or config.tls.insecure
    ):
        raise ValueError("using a custom transport with TLS certificate options or the insecure flag is not allowed")
    if not _valid_holders(config):
        raise ValueError("misconfigured holder for dialer or cert callback")
    rt = config.transport if config.transport is not None else tls_cache.get(config)
    return http_wrappers_for_config(config, rt)


def _valid_holders(config: Config) -> bool:
    if config.tls.get_cert_holder is not None and config.tls.get_cert_holder.get_cert is None:
        return False
    if config.dial_holder is not None and config.dial_holder.dial is None:
        return False
    return True


def tls_config_for(config: Config) -> Optional[ssl.SSLContext]:
    """The ssl.SSLContext for config, or None when it sets no TLS options (Go's transport.TLSConfigFor)."""
    return _tls.tls_config_for(config)
