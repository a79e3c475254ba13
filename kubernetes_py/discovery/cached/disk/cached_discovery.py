"""A discovery client caching on disk, sharing kubectl's layout (client-go discovery/cached/disk/cached_discovery.go).

Layout under the cache directory (kubectl uses ``~/.kube/cache/discovery/<host_port>``):
``servergroups.json`` (an APIGroupList) and ``<group>/<version>/serverresources.json`` (an APIResourceList;
the core group is ``v1/serverresources.json``), JSON with apiVersion/kind, directories made 0750, files 0660,
written atomically through a temporary file in the same directory. A file older than the TTL (by mtime) is
refetched. After ``invalidate()`` only files this client wrote itself are trusted.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import time
from typing import Any, Optional

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.discovery import discovery_client as _dc
from kubernetes_py.discovery.discovery_client import _ctx
from kubernetes_py.discovery.cached import memory
from kubernetes_py.discovery.cached._delegating import DelegatingCachedClient
from kubernetes_py.openapi import cached as cachedopenapi
from kubernetes_py import context as _context

__all__ = ["CachedDiscoveryClient", "compute_discover_cache_dir", "new_cached_discovery_client_for_config"]

log = logging.getLogger("kubernetes_py.discovery")

_DIR_MODE = 0o750
_FILE_MODE = 0o660


class _CacheError(Exception):
    pass


class CachedDiscoveryClient(DelegatingCachedClient):
    """A CachedDiscoveryInterface whose answers live in files for ``ttl`` seconds."""

    def __init__(self, delegate: Any, cache_directory: str, ttl: float):
        self._delegate = delegate
        self._cache_directory = cache_directory
        self._ttl = float(ttl)
        self._mutex = threading.Lock()
        self._our_files: set[str] = set()
        self._invalidated = False
        self._fresh = True
        self._openapi_client: Optional[cachedopenapi.Client] = None

    def __repr__(self) -> str:
        return f"disk.CachedDiscoveryClient(cache_directory={self._cache_directory!r}, ttl={self._ttl})"

    # ----- cached answers -----
    def server_resources_for_group_version_with_context(self, ctx: _context.Context | None, group_version: str) -> Any:
        filename = os.path.join(self._cache_directory, group_version, "serverresources.json")
        cached = self._read_cached(filename, metav1.APIResourceList)
        if cached is not None:
            log.debug("Returning cached discovery info from %s", filename)
            return cached
        live = _dc._call(self._delegate, "server_resources_for_group_version", _ctx(ctx), group_version)
        if live is None or not len(live.resources):
            log.debug("skipped caching discovery info, no resources found")
            return live
        self._write_logged(filename, live)
        return live

    def server_groups_with_context(self, ctx: _context.Context | None) -> Any:
        filename = os.path.join(self._cache_directory, "servergroups.json")
        cached = self._read_cached(filename, metav1.APIGroupList)
        if cached is not None:
            log.debug("Returning cached discovery info from %s", filename)
            return cached
        live = _dc._call(self._delegate, "server_groups", _ctx(ctx))
        if live is None or not len(live.groups):
            log.debug("Skipped caching discovery info, no groups found")
            return live
        self._write_logged(filename, live)
        return live

    def open_api_schema(self) -> bytes:
        return self.open_api_schema_with_context(None)

    def open_api_v3(self) -> cachedopenapi.Client:
        return self.open_api_v3_with_context(None)

    def open_api_v3_with_context(self, ctx: _context.Context | None) -> cachedopenapi.Client:
        """One caching OpenAPI v3 client over the delegate's (whose HTTP cache serves documents from disk),
        until invalidate()."""
        with self._mutex:
            if self._openapi_client is None:
                self._openapi_client = cachedopenapi.new_client_with_context(
                    _dc._call(self._delegate, "open_api_v3", _ctx(ctx))
                )
            return self._openapi_client

    def fresh(self) -> bool:
        """True while every answer came from the server or from files this client wrote."""
        with self._mutex:
            return self._fresh

    def invalidate_with_context(self, ctx: _context.Context | None) -> None:
        """Distrust every file not written by this client from now on, and invalidate the delegate."""
        with self._mutex:
            self._our_files = set()
            self._fresh = True
            self._invalidated = True
            self._openapi_client = None
        self._invalidate_delegate(ctx)

    # ----- files -----
    def _read_cached(self, filename: str, cls: type) -> Any:
        try:
            data = self._get_cached_file(filename)
        except (OSError, _CacheError):
            return None
        from kubernetes_py.kubernetes import scheme

        cached = cls()
        try:
            runtime.decode_into(scheme.Codecs.universal_decoder(), data, cached)
        except Exception as err:  # noqa: BLE001 - an unreadable cache file is refetched, as in Go
            log.debug("Ignoring unreadable cache file %s: %s", filename, err)
            return None
        return cached

    def _get_cached_file(self, filename: str) -> bytes:
        with self._mutex:
            our_file = filename in self._our_files
            if self._invalidated and not our_file:
                raise _CacheError("cache invalidated")
        with open(filename, "rb") as f:
            mtime = os.fstat(f.fileno()).st_mtime
            if time.time() > mtime + self._ttl:
                raise _CacheError("cache expired")
            data = f.read()
        with self._mutex:
            self._fresh = self._fresh and our_file
        return data

    def _write_logged(self, filename: str, obj: Any) -> None:
        try:
            self._write_cached_file(filename, obj)
        except OSError as err:
            log.info("Failed to write cache %s: %s", filename, err)

    def _write_cached_file(self, filename: str, obj: Any) -> None:
        from kubernetes_py.kubernetes import scheme

        directory = os.path.dirname(filename)
        os.makedirs(directory, mode=_DIR_MODE, exist_ok=True)
        data = runtime.encode(scheme.Codecs.legacy_codec(), obj)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=os.path.basename(filename) + ".")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, _FILE_MODE)
            with self._mutex:
                os.replace(tmp, filename)
                self._our_files.add(filename)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)


_OVERLY_CAUTIOUS_ILLEGAL_FILE_CHARACTERS = re.compile(r"[^(\w/.)]")


def compute_discover_cache_dir(parent_dir: str, host: str) -> str:
    """The per-server cache directory kubectl uses (k8s.io/cli-runtime's computeDiscoverCacheDir):
    the host without its scheme, every character other than word characters, ``/``, ``.``, ``(`` and ``)``
    replaced by ``_`` (``https://127.0.0.1:6443`` -> ``<parent>/127.0.0.1_6443``)."""
    schemeless = host.replace("https://", "", 1).replace("http://", "", 1)
    safe = _OVERLY_CAUTIOUS_ILLEGAL_FILE_CHARACTERS.sub("_", schemeless)
    return os.path.join(parent_dir, safe)


def new_cached_discovery_client_for_config(
    config: Any, discovery_cache_dir: str, http_cache_dir: str, ttl: float
) -> CachedDiscoveryClient:
    """A disk-cached discovery client for a rest.Config; ``ttl`` in seconds (kubectl uses 6 hours).

    A non-empty ``http_cache_dir`` (kubectl: ``~/.kube/cache/http``) adds kubectl's HTTP response cache
    under the discovery client's transport (see round_tripper.py)."""
    if http_cache_dir:
        from kubernetes_py import rest

        from .round_tripper import new_cache_round_tripper

        config = rest.copy_config(config)
        config.wrap(lambda rt: new_cache_round_tripper(http_cache_dir, rt))
    discovery_client = _dc.new_discovery_client_for_config(config)
    return _new_cached_discovery_client(
        memory.new_mem_cache_client_with_context(discovery_client), discovery_cache_dir, ttl
    )


def _new_cached_discovery_client(delegate: Any, cache_directory: str, ttl: float) -> CachedDiscoveryClient:
    return CachedDiscoveryClient(delegate, cache_directory, ttl)
