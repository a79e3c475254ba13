"""Label sets: the ``Labels`` interface, ``Set`` and helpers over label maps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional, Protocol, Union, runtime_checkable

from kubernetes_py.apimachinery.util.validation.field.path import Path, PathOption, to_path

if TYPE_CHECKING:
    from kubernetes_py.apimachinery.labels.selector import Selector


@runtime_checkable
class Labels(Protocol):
    """What a selector needs from a set of labels."""

    def has(self, label: str) -> bool: ...

    def get(self, label: str) -> str: ...

    def lookup(self, label: str) -> tuple[str, bool]: ...


class Set(dict[str, str]):
    """A label map (Go's ``labels.Set``): a dict that is also a ``Labels``."""

    def __str__(self) -> str:
        return ",".join(sorted(f"{k}={v}" for k, v in self.items()))

    def has(self, label: str) -> bool:
        return label in self

    def get(self, label: str, default: str = "") -> str:  # type: ignore[override]  # Go returns "" when missing
        return dict.get(self, label, default)

    def lookup(self, label: str) -> tuple[str, bool]:
        if label in self:
            return self[label], True
        return "", False

    def as_selector(self) -> Selector:
        from kubernetes_py.apimachinery.labels.selector import selector_from_set

        return selector_from_set(self)

    def as_validated_selector(self) -> Selector:
        from kubernetes_py.apimachinery.labels.selector import validated_selector_from_set

        return validated_selector_from_set(self)

    def as_selector_pre_validated(self) -> Selector:
        from kubernetes_py.apimachinery.labels.selector import selector_from_validated_set

        return selector_from_validated_set(self)


class _MappingLabels:
    """A read-only ``Labels`` view of any mapping (a dict, a protobuf map field), without copying it."""

    __slots__ = ("_m",)

    def __init__(self, m: Mapping[str, str]):
        self._m = m

    def has(self, label: str) -> bool:
        return label in self._m

    def get(self, label: str) -> str:
        return self._m[label] if label in self._m else ""

    def lookup(self, label: str) -> tuple[str, bool]:
        if label in self._m:
            return self._m[label], True
        return "", False


_EMPTY = _MappingLabels({})


LabelsLike = Union[Labels, Mapping[str, str], None]
"""What the selectors match: a ``Labels`` implementation or any mapping (None has no labels)."""


def as_labels(labels: LabelsLike) -> Labels:
    """Accept a ``Labels`` implementation or any mapping (a protobuf map field, a dict) as labels."""
    if labels is None:
        return _EMPTY
    if isinstance(labels, (Set, _MappingLabels)):
        return labels
    if isinstance(labels, Mapping):
        return _MappingLabels(labels)
    if isinstance(labels, Labels):
        return labels
    raise TypeError(f"expected labels as a mapping or labels.Labels, got {type(labels).__name__}")


def format_labels(label_map: Optional[Mapping[str, str]]) -> str:
    """``k=v`` pairs sorted and joined by commas, or ``<none>`` when there are none."""
    text = str(Set(label_map or {}))
    return text or "<none>"


def conflicts(labels1: Mapping[str, str], labels2: Mapping[str, str]) -> bool:
    """True when some key is in both maps with different values."""
    small, big = (labels2, labels1) if len(labels2) < len(labels1) else (labels1, labels2)
    return any(k in big and big[k] != v for k, v in small.items())


def merge(labels1: Mapping[str, str], labels2: Mapping[str, str]) -> Set:
    """A new Set with the labels of both; the second map wins on a conflict."""
    merged = Set(labels1 or {})
    merged.update(labels2 or {})
    return merged


def equals(labels1: Mapping[str, str], labels2: Mapping[str, str]) -> bool:
    return dict(labels1 or {}) == dict(labels2 or {})


def convert_selector_to_labels_map(selector: str, *opts: PathOption) -> Set:
    """Read ``k1=v1,k2=v2`` into a Set, validating keys and values; raises ValueError or field.Error."""
    from kubernetes_py.apimachinery.labels.selector import validate_label_key, validate_label_value

    labels_map = Set()
    if not selector:
        return labels_map
    path: Optional[Path] = to_path(*opts)
    for label in selector.split(","):
        parts = label.split("=")
        if len(parts) != 2:
            raise ValueError(f"invalid selector: [{' '.join(parts)}]")
        key = parts[0].strip()
        err = validate_label_key(key, path)
        if err is not None:
            raise err
        value = parts[1].strip()
        err = validate_label_value(key, value, path)
        if err is not None:
            raise err
        labels_map[key] = value
    return labels_map
