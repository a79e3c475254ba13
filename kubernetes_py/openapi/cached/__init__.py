"""Port of k8s.io/client-go/openapi/cached: an OpenAPI v3 client that asks its delegate once for the paths and
once per group version and content type for a document, then answers from memory (errors included, as Go)."""

from __future__ import annotations

import threading
from typing import Any, Optional

from kubernetes_py import context as _context
from kubernetes_py import openapi

__all__ = ["Client", "new_client", "new_client_with_context"]


def _raise_if_done(ctx: _context.Context | None) -> None:
    err = ctx.err() if ctx is not None else None
    if err is not None:
        raise err


class _GroupVersion:
    """A group version whose documents are fetched once per content type."""

    def __init__(self, delegate: openapi.GroupVersionWithContext):
        self._delegate = delegate
        self._lock = threading.Lock()
        self._docs: dict[str, tuple[Optional[bytes], Optional[Exception]]] = {}

    def schema(self, content_type: str) -> bytes:
        return self.schema_with_context(None, content_type)

    def schema_with_context(self, ctx: _context.Context | None, content_type: str) -> bytes:
        """The same bytes object (or the same error) for every call with this content type."""
        _raise_if_done(ctx)
        with self._lock:
            if content_type not in self._docs:
                try:
                    self._docs[content_type] = (self._delegate.schema_with_context(ctx, content_type), None)
                except Exception as err:  # noqa: BLE001 - kept and raised again, as Go keeps the error
                    self._docs[content_type] = (None, err)
            data, failure = self._docs[content_type]
        if failure is not None:
            raise failure
        assert data is not None
        return data

    def server_relative_url(self) -> str:
        return self._delegate.server_relative_url()


class Client:
    """Go's cached.Client: the delegate's paths are asked for once (the first call's answer or error stays)."""

    def __init__(self, delegate: openapi.ClientWithContext):
        self._delegate = delegate
        self._once = threading.Lock()
        self._done = False
        self._result: dict[str, _GroupVersion] = {}
        self._err: Optional[Exception] = None

    def paths(self) -> dict[str, _GroupVersion]:
        """A new dict of the cached group versions (the entries are the same objects each call)."""
        return dict(self.paths_with_context(None))

    def paths_with_context(self, ctx: _context.Context | None) -> dict[str, _GroupVersion]:
        """The same dict each call."""
        _raise_if_done(ctx)
        with self._once:
            if not self._done:
                self._done = True
                try:
                    uncached = self._delegate.paths_with_context(ctx)
                    self._result = {k: _GroupVersion(v) for k, v in uncached.items()}
                except Exception as err:  # noqa: BLE001 - kept, as Go's sync.Once keeps it
                    self._err = err
        if self._err is not None:
            raise self._err
        return self._result


def new_client(other: Any) -> Client:
    """A caching client over an openapi.Client (one with paths() only is adapted)."""
    delegate = openapi.to_client_with_context(other)
    assert delegate is not None
    return Client(delegate)


def new_client_with_context(other: openapi.ClientWithContext) -> Client:
    return Client(other)
