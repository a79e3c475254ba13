"""The dynamic client's interfaces (client-go dynamic/interface.go), as typing Protocols for annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, TypeVar, runtime_checkable

from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py import context

from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredList

if TYPE_CHECKING:
    from kubernetes_py.apimachinery import watch
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

__all__ = [
    "APIPathResolverFunc",
    "Interface",
    "NamespaceableResourceInterface",
    "ResourceInterface",
    "legacy_api_path_resolver_func",
]

APIPathResolverFunc = Callable[[GroupVersionKind], str]
"""Converts a group version (the kind is optional) to its API path."""


def legacy_api_path_resolver_func(kind: GroupVersionKind) -> str:
    """ "/api" for the legacy core group, "/apis" for every other."""
    return "/api" if not kind.group else "/apis"


_T = TypeVar("_T", covariant=True)
_TList = TypeVar("_TList", covariant=True)


class _ReadDeletePatch(Protocol[_T, _TList]):
    """The verbs the dynamic and the metadata clients share, over their object and list types."""

    def delete(
        self, ctx: context.Context | None, name: str, opts: Optional[metav1.DeleteOptions] = None, *subresources: str
    ) -> None: ...
    def delete_collection(
        self,
        ctx: context.Context | None,
        opts: Optional[metav1.DeleteOptions] = None,
        list_options: Optional[metav1.ListOptions] = None,
    ) -> None: ...
    def get(
        self, ctx: context.Context | None, name: str, opts: Optional[metav1.GetOptions] = None, *subresources: str
    ) -> _T: ...
    def list(self, ctx: context.Context | None, opts: Optional[metav1.ListOptions] = None) -> _TList: ...
    def watch(self, ctx: context.Context | None, opts: Optional[metav1.ListOptions] = None) -> watch.Interface: ...
    def patch(
        self,
        ctx: context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
        *subresources: str,
    ) -> _T: ...


@runtime_checkable
class ResourceInterface(_ReadDeletePatch[Unstructured, UnstructuredList], Protocol):
    """Every verb on one resource (in one namespace, or cluster-wide); objects are unstructured.Unstructured."""

    def create(
        self,
        ctx: context.Context | None,
        obj: Unstructured,
        opts: Optional[metav1.CreateOptions] = None,
        *subresources: str,
    ) -> Unstructured: ...
    def update(
        self,
        ctx: context.Context | None,
        obj: Unstructured,
        opts: Optional[metav1.UpdateOptions] = None,
        *subresources: str,
    ) -> Unstructured: ...
    def update_status(
        self, ctx: context.Context | None, obj: Unstructured, opts: Optional[metav1.UpdateOptions] = None
    ) -> Unstructured: ...
    def apply(
        self,
        ctx: context.Context | None,
        name: str,
        obj: Any,
        opts: Optional[metav1.ApplyOptions] = None,
        *subresources: str,
    ) -> Unstructured: ...
    def apply_status(
        self, ctx: context.Context | None, name: str, obj: Unstructured, opts: Optional[metav1.ApplyOptions] = None
    ) -> Unstructured: ...


@runtime_checkable
class NamespaceableResourceInterface(ResourceInterface, Protocol):
    def namespace(self, ns: str) -> ResourceInterface: ...


@runtime_checkable
class Interface(Protocol):
    def resource(self, resource: GroupVersionResource) -> NamespaceableResourceInterface: ...
