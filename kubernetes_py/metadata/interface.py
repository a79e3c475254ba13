"""The metadata client's interfaces (client-go metadata/interface.go), as typing Protocols for annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Protocol, runtime_checkable

from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py import context

if TYPE_CHECKING:
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1
    from kubernetes_py.apimachinery import watch

__all__ = ["Getter", "Interface", "ResourceInterface"]


@runtime_checkable
class ResourceInterface(Protocol):
    """The verbs of one resource; objects come back as metav1.PartialObjectMetadata(List)."""

    def delete(
        self, ctx: context.Context | None, name: str, opts: Optional[Any] = None, *subresources: str
    ) -> None: ...
    def delete_collection(
        self, ctx: context.Context | None, opts: Optional[Any] = None, list_options: Optional[Any] = None
    ) -> None: ...
    def get(
        self, ctx: context.Context | None, name: str, opts: Optional[Any] = None, *subresources: str
    ) -> metav1.PartialObjectMetadata: ...
    def list(self, ctx: context.Context | None, opts: Optional[Any] = None) -> metav1.PartialObjectMetadataList: ...
    def watch(self, ctx: context.Context | None, opts: Optional[Any] = None) -> watch.Interface: ...
    def patch(
        self,
        ctx: context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[Any] = None,
        *subresources: str,
    ) -> metav1.PartialObjectMetadata: ...


@runtime_checkable
class Getter(ResourceInterface, Protocol):
    def namespace(self, ns: str) -> ResourceInterface: ...


@runtime_checkable
class Interface(Protocol):
    def resource(self, resource: GroupVersionResource) -> Getter: ...
