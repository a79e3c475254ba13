"""An in-memory discovery cache (client-go discovery/cached/memory/memcache.go).

The first call fills the cache (groups, then every group version's resources, or everything at once from
aggregated discovery); later calls answer from it until ``invalidate()``. A group version whose fetch failed
with a transient error (5xx, 429, connection refused/reset, a cancelled context) is fetched again on demand.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Optional

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.runtime.schema import parse_group_version
from kubernetes_py.discovery import discovery_client as _dc
from kubernetes_py.discovery.discovery_client import _ctx, _raise_if_done
from kubernetes_py.discovery.cached._delegating import DelegatingCachedClient
from kubernetes_py.openapi import cached as cachedopenapi

__all__ = ["ErrCacheNotFound", "new_mem_cache_client", "new_mem_cache_client_with_context"]

log = logging.getLogger("kubernetes_py.discovery")


class ErrCacheNotFound(LookupError):
    """The cache holds nothing for the group version asked for (Go's sentinel error; ``except ErrCacheNotFound``)."""

    def __init__(self, msg: str = "not found"):
        super().__init__(msg)


class EmptyResponseError(Exception):
    """A group version answered with no resources; ``resource_list`` is that (empty) answer."""

    def __init__(self, gv: str, resource_list: Any = None):
        self.gv = gv
        self.resource_list = resource_list
        super().__init__(f"received empty response for: {gv}")


def _is_transient_connection_error(err: BaseException) -> bool:
    import errno

    import requests

    seen = set()
    e: Optional[BaseException] = err
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, (ConnectionRefusedError, ConnectionResetError)):
            return True
        if isinstance(e, OSError) and e.errno in (errno.ECONNREFUSED, errno.ECONNRESET):
            return True
        if isinstance(e, requests.ConnectionError) and e.args and isinstance(e.args[0], BaseException):
            e = e.args[0]
            continue
        e = e.__cause__ or e.__context__
    return False


def _is_transient_error(err: BaseException) -> bool:
    from kubernetes_py.apimachinery.api import errors

    if isinstance(err, (_context.Canceled, _context.DeadlineExceeded)):
        return True
    if _is_transient_connection_error(err):
        return True
    status = getattr(err, "status", None)
    if callable(status):
        status = status()
    code = getattr(status, "code", None)
    if isinstance(code, int) and code >= 500:
        return True
    return errors.is_too_many_requests(err)


class _CacheEntry:
    __slots__ = ("resource_list", "err")

    def __init__(self, resource_list: Any, err: Optional[BaseException]):
        self.resource_list = resource_list
        self.err = err


class MemCacheClient(DelegatingCachedClient):
    """A CachedDiscoveryInterface that keeps discovery results in memory (Go's unexported memCacheClient)."""

    def __init__(self, delegate: Any):
        self._delegate = delegate
        self._lock = threading.RLock()
        self._group_to_server_resources: Optional[dict[str, _CacheEntry]] = {}
        self._group_list: Any = None
        self._cache_valid = False
        self._received_aggregated_discovery = False
        self._openapi_client: Optional[cachedopenapi.Client] = None

    def __repr__(self) -> str:
        return f"memory.MemCacheClient(delegate={self._delegate!r}, fresh={self._cache_valid})"

    def server_resources_for_group_version_with_context(self, ctx: _context.Context | None, group_version: str) -> Any:
        ctx = _ctx(ctx)
        with self._lock:
            if not self._cache_valid:
                self._refresh_locked(ctx)
            entries = self._group_to_server_resources
            cached = entries.get(group_version) if entries is not None else None
            if entries is None or cached is None:
                raise ErrCacheNotFound()
            if cached.err is not None and _is_transient_error(cached.err):
                resources, err = self._fetch(ctx, group_version)
                if err is not None and not isinstance(err, EmptyResponseError):
                    log.error("Couldn't get resource list for %s: %s", group_version, err)
                cached = _CacheEntry(resources, err)
                entries[group_version] = cached
            if cached.err is not None:
                raise cached.err
            return cached.resource_list

    def groups_and_maybe_resources(self) -> tuple[Any, Optional[dict[Any, Any]], Optional[dict[Any, Any]]]:
        return self.groups_and_maybe_resources_with_context(None)

    def groups_and_maybe_resources_with_context(
        self, ctx: _context.Context | None
    ) -> tuple[Any, Optional[dict[Any, Any]], Optional[dict[Any, Any]]]:
        ctx = _ctx(ctx)
        _raise_if_done(ctx)
        with self._lock:
            if not self._cache_valid:
                self._refresh_locked(ctx)
            resources_map = None
            failed = None
            if self._received_aggregated_discovery and self._group_to_server_resources:
                resources_map, failed = {}, {}
                for gv, entry in self._group_to_server_resources.items():
                    try:
                        group_version = parse_group_version(gv)
                    except ValueError as err:
                        raise ValueError(f"failed to parse group version ({gv}): {err}") from err
                    if entry.err is not None:
                        failed[group_version] = entry.err
                    else:
                        resources_map[group_version] = entry.resource_list
            return self._group_list, resources_map, failed if failed is not None else {}

    def server_groups_with_context(self, ctx: _context.Context | None) -> Any:
        groups, _, _ = self.groups_and_maybe_resources_with_context(ctx)
        return groups

    def open_api_schema(self) -> bytes:
        return self._delegate.open_api_schema()

    def open_api_v3(self) -> cachedopenapi.Client:
        return self.open_api_v3_with_context(None)

    def open_api_v3_with_context(self, ctx: _context.Context | None) -> cachedopenapi.Client:
        """One caching OpenAPI v3 client over the delegate's, until invalidate()."""
        with self._lock:
            if self._openapi_client is None:
                self._openapi_client = cachedopenapi.new_client_with_context(
                    _dc._call(self._delegate, "open_api_v3", _ctx(ctx))
                )
            return self._openapi_client

    def fresh(self) -> bool:
        """Whether the cache holds data fetched since the last invalidate()."""
        with self._lock:
            return self._cache_valid

    def invalidate(self) -> None:
        """Drop everything cached (and invalidate a caching delegate); the next call fetches again."""
        self.invalidate_with_context(None)

    def invalidate_with_context(self, ctx: _context.Context | None) -> None:
        """Drop everything cached (and invalidate a caching delegate); the next call fetches again."""
        with self._lock:
            self._cache_valid = False
            self._group_to_server_resources = None
            self._group_list = None
            self._openapi_client = None
            self._received_aggregated_discovery = False
            self._invalidate_delegate(ctx)

    def _refresh_locked(self, ctx: _context.Context | None) -> None:
        if _dc._is_aggregated_client(self._delegate):
            gl, resources, failed = _dc._call(self._delegate, "groups_and_maybe_resources", ctx)
            if resources is not None:
                self._group_to_server_resources = {str(gv): _CacheEntry(rl, None) for gv, rl in resources.items()}
                for gv, err in (failed or {}).items():
                    self._group_to_server_resources[str(gv)] = _CacheEntry(None, err)
                self._group_list = gl
                self._received_aggregated_discovery = True
                self._cache_valid = True
                return
        else:
            gl = _dc._call(self._delegate, "server_groups", ctx)
        if gl is None or not len(gl.groups):
            log.error("Couldn't get current server API group list: no groups")
            return
        results: dict[str, _CacheEntry] = {}
        lock = threading.Lock()

        def fetch(gv: str) -> None:
            resources, err = self._fetch(ctx, gv)
            if err is not None and not isinstance(err, EmptyResponseError):
                log.error("Couldn't get resource list for %s: %s", gv, err)
            with lock:
                results[gv] = _CacheEntry(resources, err)

        threads = [
            threading.Thread(target=fetch, args=(v.groupVersion,), daemon=True, name=f"memcache {v.groupVersion}")
            for g in gl.groups
            for v in g.versions
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self._group_to_server_resources, self._group_list = results, gl
        self._cache_valid = True

    def _fetch(self, ctx: _context.Context | None, group_version: str) -> tuple[Any, Optional[BaseException]]:
        try:
            r = _dc._call(self._delegate, "server_resources_for_group_version", ctx, group_version)
        except Exception as err:  # noqa: BLE001 - cached per group version, as Go does
            return None, err
        if not len(r.resources):
            return r, EmptyResponseError(group_version, r)
        return r, None


def new_mem_cache_client(delegate: Any) -> MemCacheClient:
    """A discovery client caching the delegate's answers in memory until invalidate()."""
    return MemCacheClient(delegate)


def new_mem_cache_client_with_context(delegate: Any) -> MemCacheClient:
    return MemCacheClient(delegate)
