"""Part of k8s.io/apimachinery/pkg/apis/meta/internalversion: ``List``, the list of any objects that the pager
builds from several pages."""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py.apimachinery.apis.meta import v1 as metav1


class List:
    """A list of runtime objects of any kind, with the ListMeta of the list it was built from."""

    __slots__ = ("apiVersion", "kind", "metadata", "items")

    def __init__(self, items: Optional[list[Any]] = None, metadata: Optional[metav1.ListMeta] = None):
        self.apiVersion = ""
        self.kind = ""
        self.metadata = metadata if metadata is not None else metav1.ListMeta()
        self.items: list[Any] = items if items is not None else []

    def get_list_meta(self) -> metav1.ListMeta:
        return self.metadata

    def get_resource_version(self) -> str:
        return self.metadata.resourceVersion

    def set_resource_version(self, version: str) -> None:
        self.metadata.resourceVersion = version

    def get_self_link(self) -> str:
        return self.metadata.selfLink

    def set_self_link(self, link: str) -> None:
        self.metadata.selfLink = link

    def get_continue(self) -> str:
        value: str = getattr(self.metadata, "continue")
        return value

    def get_remaining_item_count(self) -> Optional[int]:
        return self.metadata.remainingItemCount if self.metadata.HasField("remainingItemCount") else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, List):
            return NotImplemented
        return (self.apiVersion, self.kind, self.metadata, self.items) == (
            other.apiVersion,
            other.kind,
            other.metadata,
            other.items,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"List(resourceVersion={self.metadata.resourceVersion!r}, items={len(self.items)})"


__all__ = ["List"]
