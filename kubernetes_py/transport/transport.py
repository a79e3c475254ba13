"""transport.new: the base transport (shared between equal TLS configs, as client-go's cache does) plus wrappers."""

from __future__ import annotations

import copy
import ssl
import threading
import weakref
from typing import Any, Callable, Optional

from kubernetes_py.tools import metrics

from . import tls as _tls
from .config import Certificate, Config
from .http_transport import HTTPTransport
from .proxy import environment_proxy_settings, normalize_proxy_url
from .round_trippers import http_wrappers_for_config


class _TLSTransportCache:
    """Base transports by TLS settings, so clients built from equal configs share connection pools.

    Entries are weak: a transport no client uses any more is dropped (Go's ClientsAllowTLSCacheGC).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._transports: "weakref.WeakValueDictionary[tuple[Any, ...], HTTPTransport]" = weakref.WeakValueDictionary()

    def __len__(self) -> int:
        with self._lock:
            return len(self._transports)

    def get(self, config: Config) -> HTTPTransport:
        key = tls_config_key(config)
        if key is None:
            metrics.TransportCreateCalls.increment("uncacheable")
            return _new_base_transport(config)
        with self._lock:
            rt = self._transports.get(key)
            if rt is not None:
                metrics.TransportCreateCalls.increment("hit")
                metrics.TransportCacheEntries.observe(len(self._transports))
                return rt
        rt = _new_base_transport(config)
        with self._lock:
            existing = self._transports.get(key)
            if existing is not None:
                rt = existing
            else:
                self._transports[key] = rt
            metrics.TransportCreateCalls.increment("miss")
            metrics.TransportCacheEntries.observe(len(self._transports))
        return rt


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
