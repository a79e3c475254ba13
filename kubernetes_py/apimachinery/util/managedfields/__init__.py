"""k8s.io/apimachinery/pkg/util/managedfields: the field manager behind server-side apply (managed fields,
apply with conflicts), and the type converters it reads objects with."""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py._smd import typed
from kubernetes_py.apimachinery.runtime.interfaces import ObjectConvertor, ObjectCreater, ObjectDefaulter
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind

from . import internal
from .internal import FieldManager, TypeConverter

__all__ = [
    "FieldManager",
    "TypeConverter",
    "new_default_field_manager",
    "new_default_crd_field_manager",
    "validate_managed_fields",
    "new_deduced_type_converter",
    "new_scheme_type_converter",
]


def new_default_field_manager(
    type_converter: TypeConverter,
    object_converter: ObjectConvertor,
    object_defaulter: ObjectDefaulter,
    object_creater: ObjectCreater,
    kind: GroupVersionKind,
    hub: GroupVersion,
    subresource: str = "",
    reset_fields: Optional[dict[Any, Any]] = None,
) -> FieldManager:
    """The API server's field manager for ``kind`` (built-in types: versions converted through ``hub``'s
    version of each group)."""
    try:
        f = internal.new_structured_merge_manager(
            type_converter, object_converter, object_defaulter, kind.group_version(), hub, reset_fields
        )
    except ValueError as err:
        raise ValueError(f"failed to create field manager: {err}") from None
    return internal.new_default_field_manager(f, type_converter, object_converter, object_creater, kind, subresource)


def new_default_crd_field_manager(
    type_converter: TypeConverter,
    object_converter: ObjectConvertor,
    object_defaulter: ObjectDefaulter,
    object_creater: ObjectCreater,
    kind: GroupVersionKind,
    hub: GroupVersion,
    subresource: str = "",
    reset_fields: Optional[dict[Any, Any]] = None,
) -> FieldManager:
    """The field manager for a custom resource (every version converted through ``hub``)."""
    f = internal.new_crd_structured_merge_manager(
        type_converter, object_converter, object_defaulter, kind.group_version(), hub, reset_fields
    )
    return internal.new_default_field_manager(f, type_converter, object_converter, object_creater, kind, subresource)


def validate_managed_fields(encoded_managed_fields: list[Any]) -> None:
    """Raise ValueError when the ManagedFieldsEntry list does not decode."""
    internal.decode_managed_fields(encoded_managed_fields)


def new_deduced_type_converter() -> TypeConverter:
    """A TypeConverter for objects without a schema: maps granular, lists atomic."""
    return internal.new_deduced_type_converter()


def new_scheme_type_converter(scheme: Any, parser: typed.Parser) -> TypeConverter:
    """A TypeConverter finding an object's type in ``parser`` by the scheme's OpenAPI definition name of its
    kind."""
    return internal.new_scheme_type_converter(scheme, parser)
