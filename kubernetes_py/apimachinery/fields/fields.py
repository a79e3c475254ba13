"""Field sets: the ``Fields`` interface and ``Set``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Protocol, Union, runtime_checkable

if TYPE_CHECKING:
    from kubernetes_py.apimachinery.fields.selector import Selector


@runtime_checkable
class Fields(Protocol):
    """What a field selector needs from an object's fields."""

    def has(self, field: str) -> bool: ...

    def get(self, field: str) -> str: ...


class Set(dict[str, str]):
    """A map of field paths to values (Go's ``fields.Set``)."""

    def __str__(self) -> str:
        return ",".join(sorted(f"{k}={v}" for k, v in self.items()))

    def has(self, field: str) -> bool:
        return field in self

    def get(self, field: str, default: str = "") -> str:  # type: ignore[override]  # Go returns "" when missing
        return dict.get(self, field, default)

    def as_selector(self) -> Selector:
        from kubernetes_py.apimachinery.fields.selector import selector_from_set

        return selector_from_set(self)


FieldsLike = Union[Fields, Mapping[str, str], None]
"""What the selectors match: a ``Fields`` implementation or any mapping (None has no fields)."""


def as_fields(fields: FieldsLike) -> Fields:
    """Accept a ``Fields`` implementation or any mapping."""
    if isinstance(fields, Set):
        return fields
    if fields is None:
        return Set()
    if isinstance(fields, Mapping):
        return Set(fields)
    if isinstance(fields, Fields):
        return fields
    raise TypeError(f"expected fields as a mapping or fields.Fields, got {type(fields).__name__}")
