"""The generic fake typed client (client-go gentype/fake.go): every verb becomes an action recorded on a
testing.Fake and answered by its reactors (in the fake clientset: the object tracker).

Where Go returns ``(emptyResult, err)`` these raise; when a reactor answers nothing (None), the call returns
a new empty object, as Go returns its empty result.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py import testing
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery import types
from kubernetes_py import context

__all__ = [
    "FakeClient",
    "FakeClientWithList",
    "FakeClientWithApply",
    "FakeClientWithListAndApply",
    "new_fake_client",
    "new_fake_client_with_list",
    "new_fake_client_with_apply",
    "new_fake_client_with_list_and_apply",
    "to_pointer_slice",
    "from_pointer_slice",
]


def _copy_list_meta(dst: Any, src: Any) -> None:
    dst.metadata.CopyFrom(src.metadata)


def _get_items(lst: Any) -> list[Any]:
    return list(lst.items)


def _set_items(lst: Any, items: list[Any]) -> None:
    del lst.items[:]
    lst.items.extend(items)


def to_pointer_slice(src: Optional[list[Any]]) -> Optional[list[Any]]:
    """Go's ToPointerSlice: the same elements (Python holds references already)."""
    return None if src is None else list(src)


def from_pointer_slice(src: Optional[list[Any]]) -> Optional[list[Any]]:
    return None if src is None else list(src)


class FakeClient:
    """A fake client of one resource, namespaced or not (``namespace`` "")."""

    def __init__(
        self,
        fake: Any,
        namespace: str,
        resource: GroupVersionResource,
        kind: GroupVersionKind,
        empty_object_creator: Callable[[], Any],
    ):
        self.fake, self._ns, self._resource, self._kind = fake, namespace, resource, kind
        self._new_object = empty_object_creator

    def __repr__(self) -> str:
        return f"{type(self).__name__}(resource={self._resource}, namespace={self._ns!r})"

    def _invoke(self, action: Any) -> Any:
        empty = self._new_object()
        obj = self.fake.invokes(action, empty)
        return empty if obj is None else obj

    def get(self, ctx: context.Context | None, name: str, options: Any = None) -> Any:
        return self._invoke(testing.new_get_action_with_options(self._resource, self._ns, name, options))

    def watch(self, ctx: context.Context | None, opts: Any = None) -> Any:
        """A watch from the fake's watch reactors (options are recorded with watch=true)."""
        copied = metav1.ListOptions()
        if opts is not None:
            copied.CopyFrom(opts)
        copied.watch = True
        return self.fake.invokes_watch(testing.new_watch_action_with_options(self._resource, self._ns, copied))

    def create(self, ctx: context.Context | None, obj: Any, opts: Any = None) -> Any:
        return self._invoke(testing.new_create_action_with_options(self._resource, self._ns, obj, opts))

    def update(self, ctx: context.Context | None, obj: Any, opts: Any = None) -> Any:
        return self._invoke(testing.new_update_action_with_options(self._resource, self._ns, obj, opts))

    def update_status(self, ctx: context.Context | None, obj: Any, opts: Any = None) -> Any:
        return self._invoke(
            testing.new_update_subresource_action_with_options(self._resource, "status", self._ns, obj, opts)
        )

    def delete(self, ctx: context.Context | None, name: str, opts: Any = None) -> None:
        self.fake.invokes(
            testing.new_delete_action_with_options(self._resource, self._ns, name, opts), self._new_object()
        )

    def patch(
        self, ctx: context.Context | None, name: str, pt: str, data: bytes, opts: Any = None, *subresources: str
    ) -> Any:
        return self._invoke(
            testing.new_patch_subresource_action_with_options(
                self._resource, self._ns, name, pt, data, opts, *subresources
            )
        )

    def namespace(self) -> str:
        return self._ns

    get_namespace = namespace

    def kind(self) -> GroupVersionKind:
        return self._kind

    def resource(self) -> GroupVersionResource:
        return self._resource


class _AlsoFakeLister(FakeClient):
    _new_list: Callable[[], Any]
    _copy_list_meta: Callable[[Any, Any], None]
    _get_items: Callable[[Any], list[Any]]
    _set_items: Callable[[Any, list[Any]], None]

    def __init__(
        self,
        fake: Any,
        namespace: str,
        resource: GroupVersionResource,
        kind: GroupVersionKind,
        empty_object_creator: Callable[[], Any],
        empty_list_creator: Callable[[], Any],
        list_meta_copier: Callable[[Any, Any], None] = _copy_list_meta,
        item_getter: Callable[[Any], list[Any]] = _get_items,
        item_setter: Callable[[Any, list[Any]], None] = _set_items,
    ):
        super().__init__(fake, namespace, resource, kind, empty_object_creator)
        self._new_list, self._copy_list_meta = empty_list_creator, list_meta_copier
        self._get_items, self._set_items = item_getter, item_setter

    def list(self, ctx: context.Context | None, opts: Any = None) -> Any:
        """The reactors' list, narrowed to the items whose labels match ``opts.labelSelector``."""
        opts = opts if opts is not None else metav1.ListOptions()
        empty = self._new_list()
        obj = self.fake.invokes(testing.new_list_action_with_options(self._resource, self._kind, self._ns, opts), empty)
        if obj is None:
            return empty
        label, _, _ = testing.extract_from_list_options(opts)
        out = self._new_list()
        self._copy_list_meta(out, obj)
        items = []
        for item in self._get_items(obj):
            try:
                item_meta = meta.accessor(item)
            except Exception:  # no ObjectMeta: nothing can match  # noqa: BLE001
                continue
            if label.matches(labels.Set(dict(item_meta.get_labels() or {}))):
                items.append(item)
        self._set_items(out, items)
        return out

    def delete_collection(self, ctx: context.Context | None, opts: Any = None, list_opts: Any = None) -> None:
        list_opts = list_opts if list_opts is not None else metav1.ListOptions()
        self.fake.invokes(
            testing.new_delete_collection_action_with_options(self._resource, self._ns, opts, list_opts),
            self._new_list(),
        )


class _AlsoFakeApplier(FakeClient):
    def apply(self, ctx: context.Context | None, configuration: Any, opts: Any = None) -> Any:
        """An apply patch action carrying the configuration's JSON."""
        return self._apply(configuration, opts, ())

    def apply_status(self, ctx: context.Context | None, configuration: Any, opts: Any = None) -> Any:
        return self._apply(configuration, opts, ("status",))

    def _apply(self, configuration: Any, opts: Any, subresources: tuple[str, ...]) -> Any:
        from kubernetes_py.gentype.type import _applied_name, to_patch_options
        from kubernetes_py.util import apply

        if configuration is None:
            raise ValueError("configuration provided to Apply must not be nil")
        data = apply.marshal_apply_configuration(configuration)
        name = _applied_name(configuration)
        if name is None:
            raise ValueError("configuration.Name must be provided to Apply")
        patch_opts = to_patch_options(opts if opts is not None else metav1.ApplyOptions())
        return self._invoke(
            testing.new_patch_subresource_action_with_options(
                self._resource, self._ns, name, types.ApplyPatchType, data, patch_opts, *subresources
            )
        )


class FakeClientWithList(_AlsoFakeLister):
    """A FakeClient with list and delete_collection."""


class FakeClientWithApply(_AlsoFakeApplier):
    """A FakeClient with apply and apply_status."""


class FakeClientWithListAndApply(_AlsoFakeLister, _AlsoFakeApplier):
    """A FakeClient with list, delete_collection, apply and apply_status."""


# Go's NewFakeClient* constructors: the classes take the same arguments.
new_fake_client = FakeClient
new_fake_client_with_list = FakeClientWithList
new_fake_client_with_apply = FakeClientWithApply
new_fake_client_with_list_and_apply = FakeClientWithListAndApply
