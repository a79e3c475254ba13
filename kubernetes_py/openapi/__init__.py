"""Port of k8s.io/client-go/openapi: the OpenAPI v3 documents a server publishes, one per group version.

``client.paths()`` asks ``/openapi/v3`` for the discovery document and gives ``{path: GroupVersion}``
(``"api/v1"``, ``"apis/apps/v1"``...); ``gv.schema(content_type)`` fetches that document, as JSON
(``"application/json"``) or protobuf (``ContentTypeOpenAPIV3PB``), as the server's bytes (no model is built).
Each call asks the server again; ``openapi.cached`` keeps the answers. The typeconverter of client-go (managed
fields from the documents) is not ported.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import TYPE_CHECKING, Any, Mapping, Optional, Protocol

from kubernetes_py import context as _context

if TYPE_CHECKING:
    from kubernetes_py import rest

__all__ = [
    "Client",
    "ClientWithContext",
    "ContentTypeOpenAPIV3PB",
    "GroupVersion",
    "GroupVersionWithContext",
    "new_client",
    "new_client_with_context",
    "to_client_with_context",
    "to_group_version_with_context",
]

ContentTypeOpenAPIV3PB = "application/com.github.proto-openapi.spec.v3@v1.0+protobuf"


def _ctx(ctx: _context.Context | None) -> _context.Context:
    return ctx if ctx is not None else _context.background()


class GroupVersion(Protocol):
    def schema(self, content_type: str) -> bytes: ...
    def server_relative_url(self) -> str: ...


class GroupVersionWithContext(Protocol):
    def schema_with_context(self, ctx: _context.Context | None, content_type: str) -> bytes: ...
    def server_relative_url(self) -> str: ...


class Client(Protocol):
    def paths(self) -> Mapping[str, GroupVersion]: ...


class ClientWithContext(Protocol):
    def paths_with_context(self, ctx: _context.Context | None) -> Mapping[str, GroupVersionWithContext]: ...


class _GroupVersionWrapper:
    """A GroupVersion with only ``schema`` seen through ``schema_with_context`` (the context is not used)."""

    def __init__(self, gv: GroupVersion):
        self._gv = gv

    def schema(self, content_type: str) -> bytes:
        return self._gv.schema(content_type)

    def schema_with_context(self, ctx: _context.Context | None, content_type: str) -> bytes:
        return self._gv.schema(content_type)

    def server_relative_url(self) -> str:
        return self._gv.server_relative_url()


def to_group_version_with_context(gv: Optional[Any]) -> Optional[GroupVersionWithContext]:
    """Go's ToGroupVersionWithContext: ``gv`` itself when it has schema_with_context (None stays None)."""
    if gv is None or hasattr(gv, "schema_with_context"):
        return gv
    return _GroupVersionWrapper(gv)


class _ClientWrapper:
    def __init__(self, delegate: Client):
        self._delegate = delegate

    def paths_with_context(self, ctx: _context.Context | None) -> dict[str, GroupVersionWithContext]:
        out: dict[str, GroupVersionWithContext] = {}
        for key, entry in self._delegate.paths().items():
            wrapped = to_group_version_with_context(entry)
            assert wrapped is not None
            out[key] = wrapped
        return out


def to_client_with_context(c: Optional[Any]) -> Optional[ClientWithContext]:
    """Go's ToClientWithContext: ``c`` itself when it has paths_with_context (None stays None)."""
    if c is None or hasattr(c, "paths_with_context"):
        return c
    return _ClientWrapper(c)


class _GroupVersion:
    """One entry of the discovery document: fetches its document at its server-relative URL."""

    def __init__(self, client: _Client, server_relative_url: str, use_client_prefix: bool):
        self._client = client
        self._server_relative_url = server_relative_url
        self._use_client_prefix = use_client_prefix

    def __repr__(self) -> str:
        return f"openapi.GroupVersion({self._server_relative_url!r})"

    def schema(self, content_type: str) -> bytes:
        return self.schema_with_context(None, content_type)

    def schema_with_context(self, ctx: _context.Context | None, content_type: str) -> bytes:
        """The document in ``content_type``, as the server sent it (a new bytes object each call)."""
        rc = self._client._rest_client
        if not self._use_client_prefix:
            req = rc.get().request_uri(self._server_relative_url).set_header("Accept", content_type)
            return req.do(_ctx(ctx)).raw()
        locator = urllib.parse.urlsplit(self._server_relative_url)
        req = rc.get().abs_path(locator.path).set_header("Accept", content_type)
        for k, values in urllib.parse.parse_qs(locator.query, keep_blank_values=True).items():
            for v in values:
                req.param(k, v)
        return req.do(_ctx(ctx)).raw()

    def server_relative_url(self) -> str:
        return self._server_relative_url


class _Client:
    def __init__(self, rest_client: rest.Interface):
        self._rest_client = rest_client

    def __repr__(self) -> str:
        return "openapi.Client()"

    def paths(self) -> dict[str, _GroupVersion]:
        return self.paths_with_context(None)

    def paths_with_context(self, ctx: _context.Context | None) -> dict[str, _GroupVersion]:
        """``{path: GroupVersion}`` from GET /openapi/v3. A URL rooted at /openapi/v3 keeps the client's own path
        prefix (a rest.Config host with a path); any other URL is taken as the server gives it."""
        data = self._rest_client.get().abs_path("/openapi/v3").do(_ctx(ctx)).raw()
        try:
            disco = json.loads(data)
        except ValueError as err:
            raise ValueError(f"invalid OpenAPI v3 discovery document: {err}") from None
        root_prefix = urllib.parse.urlsplit(self._rest_client.get().abs_path("/").url()).path.removesuffix("/")
        result = {}
        for k, v in ((disco or {}).get("paths") or {}).items():
            url = (v or {}).get("serverRelativeURL", "")
            if root_prefix and url.startswith(root_prefix):
                url = url[len(root_prefix) :]
            result[k] = _GroupVersion(self, url, url.startswith("/openapi/v3"))
        return result


def new_client(rest_client: rest.Interface) -> Client:
    """An OpenAPI v3 client over a REST client (a discovery client's rest_client())."""
    return _Client(rest_client)


def new_client_with_context(rest_client: rest.Interface) -> ClientWithContext:
    return _Client(rest_client)
