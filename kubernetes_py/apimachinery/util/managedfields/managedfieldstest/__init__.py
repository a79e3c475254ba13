"""k8s.io/apimachinery/pkg/util/managedfields/managedfieldstest: a field manager that keeps its own live
object, for testing what updates and applies do to managed fields without a store or a server.

Objects are Unstructured and are never converted (the object convertor hands them back as they are), as in Go.
"""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

from .. import internal
from ..internal import FieldManager, TypeConverter

__all__ = [
    "TestFieldManager",
    "new_test_field_manager",
    "new_test_field_manager_subresource",
    "new_fake_field_manager",
    "FakeObjectCreater",
    "FakeObjectConvertor",
    "FakeObjectDefaulter",
]


def _unstructured() -> Any:
    from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

    return unstructured


class FakeObjectCreater:
    """Creates an empty Unstructured of the kind asked for."""

    def new(self, gvk: GroupVersionKind) -> Any:
        u = _unstructured().Unstructured({})
        u.set_api_version(str(gvk.group_version()))
        u.set_kind(gvk.kind)
        return u


class FakeObjectConvertor:
    """Converts nothing: every object is returned as it is."""

    def convert(self, in_obj: Any, out: Any, context: Any = None) -> None:
        pass

    def convert_to_version(self, in_obj: Any, target: Any) -> Any:
        return in_obj

    def convert_field_label(self, gvk: GroupVersionKind, label: str, value: str) -> tuple[str, str]:
        raise ValueError("not implemented")


class FakeObjectDefaulter:
    def default(self, obj: Any) -> None:
        pass


class TestFieldManager:
    """A field manager with the live object it tracks (Go's TestFieldManager)."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        type_converter: TypeConverter,
        gvk: GroupVersionKind,
        subresource: str = "",
        chain_field_manager: Optional[Any] = None,
    ):
        f = internal.new_structured_merge_manager(
            type_converter, FakeObjectConvertor(), FakeObjectDefaulter(), gvk.group_version(), gvk.group_version(), None
        )
        live = _unstructured().Unstructured({})
        live.set_kind(gvk.kind)
        live.set_api_version(str(gvk.group_version()))
        f = internal.new_version_check_manager(
            internal.new_last_applied_updater(
                internal.new_last_applied_manager(
                    internal.new_probabilistic_skip_non_applied_manager(
                        internal.new_build_manager_info_manager(
                            internal.new_managed_fields_updater(internal.new_strip_meta_manager(f)),
                            gvk.group_version(),
                            subresource,
                        ),
                        FakeObjectCreater(),
                        internal.DefaultTrackOnCreateProbability,
                    ),
                    type_converter,
                    FakeObjectConvertor(),
                    gvk.group_version(),
                )
            ),
            gvk,
        )
        if chain_field_manager is not None:
            f = chain_field_manager(f)
        self._field_manager = internal.new_field_manager(f, subresource)
        self._api_version = str(gvk.group_version())
        self._empty = live
        self._live = live.deep_copy_object()

    def api_version(self) -> str:
        return self._api_version

    def reset(self) -> None:
        self._live = self._empty.deep_copy_object()

    def live(self) -> Any:
        return self._live.deep_copy_object()

    def apply(self, obj: Any, manager: str, force: bool) -> None:
        self._live = self._field_manager.apply(self._live, obj, manager, force)

    def update(self, obj: Any, manager: str) -> None:
        self._live = self._field_manager.update(self._live, obj, manager)

    def update_no_errors(self, obj: Any, manager: str) -> None:
        self._live = self._field_manager.update_no_errors(self._live, obj, manager)

    def managed_fields(self) -> list[Any]:
        return list(meta.accessor(self._live).get_managed_fields() or [])


def new_test_field_manager(type_converter: TypeConverter, gvk: GroupVersionKind) -> TestFieldManager:
    return TestFieldManager(type_converter, gvk, "")


def new_test_field_manager_subresource(
    type_converter: TypeConverter, gvk: GroupVersionKind, subresource: str
) -> TestFieldManager:
    return TestFieldManager(type_converter, gvk, subresource)


def new_fake_field_manager(type_converter: TypeConverter, gvk: GroupVersionKind) -> FieldManager:
    """A real FieldManager that converts nothing (main resource only)."""
    from .. import new_default_field_manager

    return new_default_field_manager(
        type_converter,
        FakeObjectConvertor(),
        FakeObjectDefaulter(),
        FakeObjectCreater(),
        gvk,
        gvk.group_version(),
        "",
        None,
    )
