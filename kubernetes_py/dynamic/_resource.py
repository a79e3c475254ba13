"""What the dynamic and the metadata clients' per-resource clients share (client-go writes it twice, in
dynamic/simple.go and metadata/metadata.go): the resource and namespace they address, the URL of an object, and
its options as query parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

from .scheme import dynamic_parameter_codec, versionV1

if TYPE_CHECKING:
    from kubernetes_py import rest

_C = TypeVar("_C")
_Self = TypeVar("_Self", bound="ResourceAddress[Any]")


def ctx_or_background(ctx: _context.Context | None) -> _context.Context:
    """The context of a call, context.background() for None."""
    return ctx if ctx is not None else _context.background()


class _Parent(Protocol):
    """The dynamic or metadata client a resource client belongs to: it holds the REST client."""

    @property
    def _client(self) -> rest.Interface: ...


class ResourceAddress(Generic[_C]):
    """A client of one resource, cluster-wide or in one namespace, made by its parent client ``_C`` (the fakes'
    resource clients too)."""

    _KIND = "resource client"

    def __init__(self, client: _C, namespace: str, resource: GroupVersionResource):
        self._client = client
        self._namespace = namespace
        self._resource = resource

    def __repr__(self) -> str:
        return f"{self._KIND}({self._resource}, namespace={self._namespace!r})"

    def namespace(self: _Self, ns: str) -> _Self:
        return type(self)(self._client, ns, self._resource)


class ResourceClientBase(ResourceAddress[_Parent]):
    """A client of one resource over its parent's REST client."""

    @property
    def _rest(self) -> rest.Interface:
        return self._client._client

    def _make_url_segments(self, name: str) -> list[str]:
        """/api/v1[/namespaces/ns]/resource[/name], or /apis/group/version/...: the segments of abs_path."""
        r = self._resource
        url = ["api"] if not r.group else ["apis", r.group]
        url.append(r.version)
        if self._namespace:
            url.extend(["namespaces", self._namespace])
        url.append(r.resource)
        if name:
            url.append(name)
        return url

    def _at(self, req: rest.Request, name: str, subresources: tuple[str, ...], opts: Any) -> rest.Request:
        """``req`` for the object ``name`` (the collection for "") or its subresource, with the options message
        ``opts`` as v1 query parameters."""
        return req.abs_path(*self._make_url_segments(name), *subresources).specifically_versioned_params(
            opts, dynamic_parameter_codec(), versionV1
        )


def required_name(name: str) -> str:
    """``name``; ValueError when it is empty (the clients' "name is required")."""
    if not name:
        raise ValueError("name is required")
    return name


_RC = TypeVar("_RC", bound=ResourceClientBase)


class ClientBase(Generic[_RC]):
    """The dynamic or metadata client over a REST client: ``resource(gvr)`` is the client of one resource,
    cluster-wide until ``.namespace(ns)``."""

    _NAME = "client"
    _resource_client: type[_RC]  # the package's resource client class

    def __init__(self, client: rest.Interface):
        self._client = client

    def __repr__(self) -> str:
        return f"{self._NAME}({self._client!r})"

    def resource(self, resource: GroupVersionResource) -> _RC:
        return self._resource_client(self, "", resource)


def config_with(in_config: rest.Config, content_type: str, accept: str, serializer: Any) -> rest.Config:
    """A copy of ``in_config`` speaking ``content_type`` (accepting ``accept``) through ``serializer``, with the
    default user agent when it has none: what the dynamic and metadata clients' config_for make."""
    from kubernetes_py import rest

    config = rest.copy_config(in_config)
    config.content_type = content_type
    config.accept_content_types = accept
    config.negotiated_serializer = serializer
    if not config.user_agent:
        config.user_agent = rest.default_kubernetes_user_agent()
    return config
