"""runtime.Scheme: which Go kinds map to which API types (k8s.io/apimachinery/pkg/runtime/scheme.go).

Types are the API message classes (``corev1.Pod``); a kind's name is the class name, as Go uses the
struct name. Conversion between different types is not available (client-go's schemes register none
for external types): converting to another version of the same type just copies and re-labels.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind
from kubernetes_py.apimachinery.util import naming

from .error import APIVersionInternal, MissingKindError, MissingVersionError, NotRegisteredError, type_string
from .interfaces import GroupVersioner, Object, Unstructured, is_message, is_unstructured

FieldLabelConversionFunc = Callable[[str, str], "tuple[str, str]"]


def _callsite_name() -> str:
    """Where the scheme was created (Go's NewScheme names it so): "path/to/file.py:LINE"."""
    return naming.get_name_from_callsite("/kubernetes_py/apimachinery/runtime/scheme.py")


class ConversionError(ValueError):
    """No conversion is registered between two types."""


def default_meta_v1_field_selector_conversion(label: str, value: str) -> tuple[str, str]:
    """The field selectors every kind supports: metadata.name and metadata.namespace."""
    if label in ("metadata.name", "metadata.namespace"):
        return label, value
    raise ValueError(f'"{label}" is not a known field selector: only "metadata.name", "metadata.namespace"')


class Scheme:
    """Maps group/version/kinds to API types and back, creates objects, applies defaulters."""

    def __init__(self, name: Optional[str] = None):
        self._lock = threading.RLock()
        self._gvk_to_type: dict[GroupVersionKind, type[Object]] = {}
        self._type_to_gvk: dict[type[Object], list[GroupVersionKind]] = {}
        self._unversioned_types: dict[type[Object], GroupVersionKind] = {}
        self._unversioned_kinds: dict[str, type[Object]] = {}
        self._field_label_conversion_funcs: dict[GroupVersionKind, FieldLabelConversionFunc] = {}
        self._defaulter_funcs: dict[type, Callable[[Any], None]] = {}
        self._version_priority: dict[str, list[str]] = {}
        self._observed_versions: list[GroupVersion] = []
        self._scheme_name = name if name is not None else _callsite_name()

    def name(self) -> str:
        """The scheme's name, used in error messages."""
        return self._scheme_name

    # registration

    def add_unversioned_types(self, version: GroupVersion, *types: type[Object]) -> None:
        """Register types that belong to no version (Status, APIVersions...) under ``version``."""
        with self._lock:
            self._add_observed_version(version)
            self.add_known_types(version, *types)
            for t in types:
                gvk = version.with_kind(t.__name__)
                self._unversioned_types[t] = gvk
                old = self._unversioned_kinds.get(gvk.kind)
                if old is not None and old is not t:
                    raise ValueError(
                        f"{type_string(old)} has already been registered as unversioned kind "
                        f'"{gvk}" - kind name must be unique in scheme "{self._scheme_name}"'
                    )
                self._unversioned_kinds[gvk.kind] = t

    def add_known_types(self, gv: GroupVersion, *types: type[Object]) -> None:
        """Register each type under ``gv`` with its class name as the kind."""
        with self._lock:
            self._add_observed_version(gv)
            for t in types:
                _check_type(t)
                self.add_known_type_with_name(gv.with_kind(t.__name__), t)

    def add_known_type_with_name(self, gvk: GroupVersionKind, t: type[Object]) -> None:
        """Register a type under a kind name other than its class name."""
        _check_type(t)
        with self._lock:
            self._add_observed_version(gvk.group_version())
            if not gvk.version:
                raise ValueError(f"version is required on all types: {gvk} {type_string(t)}")
            old = self._gvk_to_type.get(gvk)
            if old is not None and old is not t:
                raise ValueError(
                    f"Double registration of different types for {gvk}: old={old.__module__}."
                    f'{old.__name__}, new={t.__module__}.{t.__name__} in scheme "{self._scheme_name}"'
                )
            self._gvk_to_type[gvk] = t
            kinds = self._type_to_gvk.setdefault(t, [])
            if gvk not in kinds:
                kinds.append(gvk)

    def add_type_defaulting_func(self, src_type: type, fn: Callable[[Any], None]) -> None:
        with self._lock:
            self._defaulter_funcs[src_type] = fn

    def default(self, src: Object) -> None:
        """Apply the defaulting function registered for the object's type, if any."""
        fn = self._defaulter_funcs.get(type(src))
        if fn is not None:
            fn(src)

    def add_field_label_conversion_func(self, gvk: GroupVersionKind, fn: FieldLabelConversionFunc) -> None:
        with self._lock:
            self._field_label_conversion_funcs[gvk] = fn

    def convert_field_label(self, gvk: GroupVersionKind, label: str, value: str) -> tuple[str, str]:
        fn = self._field_label_conversion_funcs.get(gvk)
        if fn is None:
            return default_meta_v1_field_selector_conversion(label, value)
        return fn(label, value)

    # lookups

    def known_types(self, gv: GroupVersion) -> dict[str, type[Object]]:
        """Kind name -> type for every kind registered in ``gv``."""
        with self._lock:
            return {gvk.kind: t for gvk, t in self._gvk_to_type.items() if gvk.group_version() == gv}

    def versions_for_group_kind(self, gk: GroupKind) -> list[GroupVersion]:
        with self._lock:
            available = [gvk.group_version() for gvk in self._gvk_to_type if gvk.group_kind() == gk]
            return [v for v in self.prioritized_versions_for_group(gk.group) for a in available if a == v]

    def all_known_types(self) -> dict[GroupVersionKind, type[Object]]:
        with self._lock:
            return dict(self._gvk_to_type)

    def object_kinds(self, obj: Object) -> tuple[list[GroupVersionKind], bool]:
        """All kinds the object's type is registered as, and whether it is unversioned.

        Unstructured objects report their own apiVersion/kind.
        """
        if is_unstructured(obj):
            gvk = obj.get_object_kind().group_version_kind()
            if not gvk.kind:
                raise MissingKindError("unstructured object has no kind")
            if not gvk.version:
                raise MissingVersionError("unstructured object has no version")
            return [gvk], False
        t = type(obj)
        with self._lock:
            gvks = self._type_to_gvk.get(t)
            if gvks is None:
                raise NotRegisteredError(self._scheme_name, t=t)
            return list(gvks), t in self._unversioned_types

    def recognizes(self, gvk: GroupVersionKind) -> bool:
        return gvk in self._gvk_to_type

    def is_unversioned(self, obj: Object) -> tuple[bool, bool]:
        """(unversioned, registered)."""
        t = type(obj)
        if t not in self._type_to_gvk:
            return False, False
        return t in self._unversioned_types, True

    def new(self, kind: GroupVersionKind) -> Object:
        """A new, empty object of the type registered for ``kind``."""
        t = self._gvk_to_type.get(kind)
        if t is not None:
            return t()
        t = self._unversioned_kinds.get(kind.kind)
        if t is not None:
            return t()
        raise NotRegisteredError(self._scheme_name, gvk=kind)

    def to_open_api_definition_name(self, group_version_kind: GroupVersionKind) -> str:
        """The OpenAPI definition name of the type registered for a kind ("io.k8s.api.core.v1.Pod"): from
        the type's Go package path, or reversed group, version and kind for an Unstructured type."""
        if group_version_kind.version == "":
            raise ValueError(f"version is required on all types: {group_version_kind}")
        example = self.new(group_version_kind)
        namer = getattr(example, "open_api_model_name", None)
        if callable(namer):
            name: str = namer()
            return name
        if is_unstructured(example):
            if group_version_kind.group == "" or group_version_kind.kind == "":
                raise ValueError(
                    "unable to convert GroupVersionKind with empty fields to unstructured type to an "
                    f"OpenAPI definition name: {group_version_kind}"
                )
            return (
                _reverse_parts(group_version_kind.group)
                + "."
                + group_version_kind.version
                + "."
                + group_version_kind.kind
            )
        if not is_message(example):
            raise TypeError(f"{type_string(example)} is neither an API message nor unstructured")
        from kubernetes_py._schema import gotypes

        go_name = gotypes.load().for_message(example.DESCRIPTOR.full_name).name
        parts = go_name.split("/")
        if "." in parts[0]:
            parts[0] = _reverse_parts(parts[0])
        return ".".join(parts)

    def type_for_kind(self, kind: GroupVersionKind) -> Optional[type[Object]]:
        """The type registered for ``kind`` (or the unversioned kind's type), or None."""
        return self._gvk_to_type.get(kind) or self._unversioned_kinds.get(kind.kind)

    # conversion

    def convert(self, in_obj: Object, out_obj: Object, context: object = None) -> None:
        """Copy ``in_obj`` into ``out_obj``: between typed and unstructured forms, or between equal types."""
        from .converter import DefaultUnstructuredConverter

        if is_unstructured(out_obj):
            if is_unstructured(in_obj):
                out_obj.set_unstructured_content(in_obj.unstructured_content())
                return
            content = DefaultUnstructuredConverter.to_unstructured(in_obj)
            gvks, _ = self.object_kinds(in_obj)
            out_obj.set_unstructured_content(content)
            out_obj.get_object_kind().set_group_version_kind(gvks[0])
            return
        if is_unstructured(in_obj):
            gvk = in_obj.get_object_kind().group_version_kind()
            DefaultUnstructuredConverter.from_unstructured(in_obj.unstructured_content(), out_obj)
            if hasattr(out_obj, "get_object_kind"):
                out_obj.get_object_kind().set_group_version_kind(gvk)
            self.default(out_obj)
            return
        if type(in_obj) is type(out_obj) and is_message(in_obj) and is_message(out_obj):
            out_obj.CopyFrom(in_obj)
            return
        raise ConversionError(f"converting ({type_string(in_obj)}) to ({type_string(out_obj)}): unknown conversion")

    def convert_to_version(self, in_obj: Object, target: GroupVersioner) -> Object:
        """A copy of the object labelled with the kind ``target`` (a GroupVersioner) picks for it."""
        return self._convert_to_version(True, in_obj, target)

    def unsafe_convert_to_version(self, in_obj: Object, target: GroupVersioner) -> Object:
        """Like convert_to_version, but may relabel and return the object itself."""
        return self._convert_to_version(False, in_obj, target)

    def _convert_to_version(self, copy: bool, in_obj: Object, target: GroupVersioner) -> Object:
        if is_unstructured(in_obj):
            in_obj = self._unstructured_to_typed(in_obj)
        t = type(in_obj)
        kinds = self._type_to_gvk.get(t)
        if not kinds:
            raise NotRegisteredError(self._scheme_name, t=t)
        gvk, ok = target.kind_for_group_version_kinds(kinds)
        if not ok:
            unversioned = self._unversioned_types.get(t)
            if unversioned is not None:
                gvk, ok = target.kind_for_group_version_kinds([unversioned])
                return _copy_and_set_target_kind(copy, in_obj, gvk if ok else unversioned)
            raise NotRegisteredError(self._scheme_name, t=t, target=target)
        if gvk in kinds:
            return _copy_and_set_target_kind(copy, in_obj, gvk)
        unversioned = self._unversioned_types.get(t)
        if unversioned is not None:
            g2, ok = target.kind_for_group_version_kinds([unversioned])
            return _copy_and_set_target_kind(copy, in_obj, g2 if ok else unversioned)
        out = self.new(gvk)
        self.convert(in_obj, out)
        out.get_object_kind().set_group_version_kind(gvk)
        return out

    def _unstructured_to_typed(self, in_obj: Unstructured) -> Object:
        gvks, _ = self.object_kinds(in_obj)
        typed = self.new(gvks[0])
        from .converter import DefaultUnstructuredConverter

        DefaultUnstructuredConverter.from_unstructured(in_obj.unstructured_content(), typed)
        return typed

    # versions

    def set_version_priority(self, *versions: GroupVersion) -> None:
        """Order the versions of one group, most preferred first."""
        groups: set[str] = set()
        order: list[str] = []
        for version in versions:
            if not version.version or version.version == APIVersionInternal:
                raise ValueError(f"internal versions cannot be prioritized: {version}")
            groups.add(version.group)
            order.append(version.version)
        if len(groups) != 1:
            raise ValueError(f"must register versions for exactly one group: {', '.join(sorted(groups))}")
        with self._lock:
            self._version_priority[groups.pop()] = order

    def prioritized_versions_for_group(self, group: str) -> list[GroupVersion]:
        with self._lock:
            ret = [GroupVersion(group=group, version=v) for v in self._version_priority.get(group, [])]
            for observed in self._observed_versions:
                if observed.group == group and observed not in ret:
                    ret.append(observed)
            return ret

    def prioritized_versions_all_groups(self) -> list[GroupVersion]:
        with self._lock:
            ret = [GroupVersion(group=g, version=v) for g, vs in self._version_priority.items() for v in vs]
            for observed in self._observed_versions:
                if observed not in ret:
                    ret.append(observed)
            return ret

    def preferred_version_all_groups(self) -> list[GroupVersion]:
        with self._lock:
            ret = [GroupVersion(group=g, version=vs[0]) for g, vs in self._version_priority.items() if vs]
            for observed in self._observed_versions:
                if not any(existing.group == observed.group for existing in ret):
                    ret.append(observed)
            return ret

    def is_group_registered(self, group: str) -> bool:
        return any(v.group == group for v in self._observed_versions)

    def is_version_registered(self, version: GroupVersion) -> bool:
        return version in self._observed_versions

    def _add_observed_version(self, version: GroupVersion) -> None:
        if not version.version or version.version == APIVersionInternal:
            return
        if version not in self._observed_versions:
            self._observed_versions.append(version)

    def __repr__(self) -> str:
        return f"<Scheme {self._scheme_name!r}: {len(self._gvk_to_type)} kinds>"


def _check_type(t: object) -> None:
    if not isinstance(t, type):
        raise TypeError(f"All types must be classes of API objects, not {type(t).__name__} instances")


def _copy_and_set_target_kind(copy: bool, obj: Object, kind: GroupVersionKind) -> Object:
    if copy:
        obj = obj.deep_copy_object()
    _set_target_kind(obj, kind)
    return obj


def _set_target_kind(obj: Object, kind: GroupVersionKind) -> None:
    if kind.version == APIVersionInternal:
        obj.get_object_kind().set_group_version_kind(GroupVersionKind())
        return
    obj.get_object_kind().set_group_version_kind(kind)


def _reverse_parts(dot_separated_name: str) -> str:
    return ".".join(reversed(dot_separated_name.split(".")))


def new_scheme(name: Optional[str] = None) -> Scheme:
    """A new, empty Scheme (Go's NewScheme)."""
    return Scheme(name if name is not None else _callsite_name())
