"""What the dynamic and the metadata clients' per-resource clients share (client-go writes it twice, in
dynamic/simple.go and metadata/metadata.go): the resource and namespace they address and the URL of an object."""

from __future__ import annotations

from typing import Any, TypeVar

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

_Self = TypeVar("_Self", bound="ResourceClientBase")


def ctx_or_background(ctx: _context.Context | None) -> _context.Context:
    """The context of a call, context.background() for None."""
    return ctx if ctx is not None else _context.background()


class ResourceClientBase:
    """A client of one resource, cluster-wide or in one namespace, over its parent's REST client."""

    _KIND = "resource client"

    def __init__(self, client: Any, namespace: str, resource: GroupVersionResource):
        self._client = client
        self._namespace = namespace
        self._resource = resource

    def __repr__(self) -> str:
        return f"{self._KIND}({self._resource}, namespace={self._namespace!r})"

    def namespace(self: _Self, ns: str) -> _Self:
        return type(self)(self._client, ns, self._resource)

    @property
    def _rest(self) -> Any:
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
