"""The metadata client's interfaces (client-go metadata/interface.go), as typing Protocols for annotations."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.dynamic.interface import _ReadDeletePatch

__all__ = ["Getter", "Interface", "ResourceInterface"]


@runtime_checkable
class ResourceInterface(_ReadDeletePatch[metav1.PartialObjectMetadata, metav1.PartialObjectMetadataList], Protocol):
    """The verbs of one resource; objects come back as metav1.PartialObjectMetadata(List)."""


@runtime_checkable
class Getter(ResourceInterface, Protocol):
    def namespace(self, ns: str) -> ResourceInterface: ...


@runtime_checkable
class Interface(Protocol):
    def resource(self, resource: GroupVersionResource) -> Getter: ...
