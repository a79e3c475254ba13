"""k8s.io/apimachinery/pkg/util/managedfields/internal: the FieldManager and the chain of managers that the
API server (and client-go's field-managed fake) runs an update or an apply through.

The default chain, outermost first: versionCheck (an apply's kind must be the endpoint's) -> lastAppliedUpdater
and lastAppliedManager (kubectl's last-applied annotation) -> skipNonApplied (an object applied to for the first
time gets a "before-first-apply" manager for what it already had) -> capManagers (at most 10 update managers,
the oldest merged into "ancient-changes") -> buildManagerInfo (the manager identifier: JSON of manager,
operation, API version, subresource) -> managedFieldsUpdater (timestamps) -> stripMeta (apiVersion, kind and
identity metadata are never owned) -> structuredMerge (the structured-merge-diff Updater).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, Sequence, TypeVar

from kubernetes_py._go.json import go_json_string
from kubernetes_py._go.strconv import go_quote
from kubernetes_py._smd import fieldpath, typed
from kubernetes_py._smd.fieldpath import ManagedFields, Set, VersionedSet
from kubernetes_py._smd.merge import Conflicts, Updater
from kubernetes_py.apimachinery.api import errors, meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.interfaces import (
    Object,
    ObjectConvertor,
    ObjectCreater,
    ObjectDefaulter,
    Unstructured,
)
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind, parse_group_version

__all__ = [
    "FieldManager",
    "Manager",
    "Managed",
    "TypeConverter",
    "new_field_manager",
    "new_default_field_manager",
    "new_structured_merge_manager",
    "new_crd_structured_merge_manager",
    "new_strip_meta_manager",
    "new_managed_fields_updater",
    "new_build_manager_info_manager",
    "new_cap_managers_manager",
    "new_skip_non_applied_manager",
    "new_probabilistic_skip_non_applied_manager",
    "new_last_applied_manager",
    "new_last_applied_updater",
    "new_version_check_manager",
    "new_empty_managed",
    "new_managed",
    "decode_managed_fields",
    "encode_object_managed_fields",
    "remove_object_managed_fields",
    "build_manager_identifier",
    "fields_to_set",
    "set_to_fields",
    "new_conflict_error",
    "sort_encoded_managed_fields",
    "new_scheme_type_converter",
    "new_deduced_type_converter",
    "new_no_corresponding_type_error",
    "set_last_applied",
    "LastAppliedConfigAnnotation",
    "DefaultMaxUpdateManagers",
    "DefaultTrackOnCreateProbability",
]

log = logging.getLogger(__name__)

DefaultMaxUpdateManagers = 10
DefaultTrackOnCreateProbability = 1.0
LastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration"
_TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10)

_OPERATION_APPLY = "Apply"
_OPERATION_UPDATE = "Update"

if TYPE_CHECKING:
    from typing_extensions import TypeGuard

_T = TypeVar("_T")


def _is_unstructured(obj: object) -> TypeGuard[Unstructured]:
    return hasattr(obj, "unstructured_content")


def _gvk(obj: Object) -> GroupVersionKind:
    return obj.get_object_kind().group_version_kind()


def _now() -> metav1.Time:
    return metav1.now()


# --- Managed: the decoded managed fields and their timestamps ---


ManagerTimes = dict[str, Optional[metav1.Time]]
"""The time of each manager's last change (None when its entry has none)."""


class Managed:
    """Managed fields by manager identifier, and the time of each manager's last change."""

    def __init__(self, fields: ManagedFields, times: ManagerTimes):
        self._fields, self._times = fields, times

    def fields(self) -> ManagedFields:
        return self._fields

    def times(self) -> ManagerTimes:
        return self._times


def new_empty_managed() -> Managed:
    return Managed({}, {})


def new_managed(fields: ManagedFields, times: ManagerTimes) -> Managed:
    return Managed(fields, times)


class Manager(Protocol):
    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]: ...

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]: ...


# --- encoding (fields.go, managedfields.go) ---


def fields_to_set(fields: Any) -> Set:
    """The set a FieldsV1 encodes."""
    s = Set()
    s.from_json(fields.Raw if hasattr(fields, "Raw") else fields)
    return s


def set_to_fields(s: Set) -> metav1.FieldsV1:
    return metav1.FieldsV1(Raw=s.to_json())


def remove_object_managed_fields(obj: Object) -> None:
    meta.accessor(obj).set_managed_fields(None)


def encode_object_managed_fields(obj: Optional[Object], managed: Managed) -> None:
    try:
        encoded = _encode_managed_fields(managed)
    except ValueError as err:
        raise ValueError(f"failed to convert back managed fields to API: {err}") from None
    meta.accessor(obj).set_managed_fields(encoded)


def decode_managed_fields(encoded: Sequence[metav1.ManagedFieldsEntry]) -> Managed:
    """Managed fields from ManagedFieldsEntry objects; ValueError for an entry that is not valid."""
    fields: ManagedFields = {}
    times: ManagerTimes = {}
    for i, entry in enumerate(encoded):
        if entry.operation not in (_OPERATION_APPLY, _OPERATION_UPDATE):
            raise ValueError("operation must be `Apply` or `Update`")
        if not entry.apiVersion:
            raise ValueError("apiVersion must not be empty")
        if entry.fieldsType == "":
            raise ValueError(f"missing fieldsType in managed fields entry {i}")
        if entry.fieldsType != "FieldsV1":
            raise ValueError(f"invalid fieldsType {go_quote(entry.fieldsType)} in managed fields entry {i}")
        manager = build_manager_identifier(entry)
        try:
            raw = entry.fieldsV1.Raw if entry.HasField("fieldsV1") else b"{}"
            s = fields_to_set(raw)
        except ValueError as err:
            raise ValueError(f"error decoding versioned set from {entry}: error decoding set: {err}") from None
        fields[manager] = VersionedSet(s, entry.apiVersion, entry.operation == _OPERATION_APPLY)
        times[manager] = _copy_time(entry.time) if entry.HasField("time") else None
    return Managed(fields, times)


def _copy_time(t: metav1.Time) -> metav1.Time:
    c = type(t)()
    c.CopyFrom(t)
    return c


def build_manager_identifier(entry: metav1.ManagedFieldsEntry) -> str:
    """The JSON of an entry's manager, operation, API version (not for Apply) and subresource: the key its
    fields are kept under."""
    parts = [("manager", entry.manager), ("operation", entry.operation)]
    if entry.operation != _OPERATION_APPLY:
        parts.append(("apiVersion", entry.apiVersion))
    parts.append(("subresource", entry.subresource))
    return "{" + ",".join(f'"{k}":{go_json_string(v)}' for k, v in parts if v) + "}"


def _entry_from_identifier(manager: str) -> metav1.ManagedFieldsEntry:
    doc = json.loads(manager)
    if not isinstance(doc, dict):
        raise ValueError(f"json: cannot unmarshal {type(doc).__name__} into Go value of type v1.ManagedFieldsEntry")
    return metav1.ManagedFieldsEntry(
        manager=doc.get("manager", ""),
        operation=doc.get("operation", ""),
        apiVersion=doc.get("apiVersion", ""),
        subresource=doc.get("subresource", ""),
    )


def _encode_managed_fields(managed: Managed) -> Optional[list[metav1.ManagedFieldsEntry]]:
    if not managed.fields():
        return None
    out = []
    for manager, versioned_set in managed.fields().items():
        try:
            entry = _entry_from_identifier(manager)
        except ValueError as err:
            raise ValueError(
                f"error encoding versioned set for {manager}: error unmarshalling manager identifier {manager}: {err}"
            ) from None
        entry.apiVersion = versioned_set.api_version()
        if versioned_set.applied():
            entry.operation = _OPERATION_APPLY
        entry.fieldsType = "FieldsV1"
        entry.fieldsV1.CopyFrom(set_to_fields(versioned_set.set()))
        t = managed.times().get(manager)
        if t is not None:
            entry.time.CopyFrom(t)
        out.append(entry)
    return sort_encoded_managed_fields(out)


def sort_encoded_managed_fields(
    entries: Optional[list[metav1.ManagedFieldsEntry]],
) -> Optional[list[metav1.ManagedFieldsEntry]]:
    """Entries in the order the API server keeps them: Apply before Update, then by time in whole seconds
    (none first), manager, API version and subresource."""
    if entries is None:
        return None
    return sorted(
        entries,
        key=lambda e: (
            e.operation,
            e.time.seconds if e.HasField("time") else 0,
            e.manager,
            e.apiVersion,
            e.subresource,
        ),
    )


def _print_manager(manager: str) -> str:
    """How a conflict names a manager identifier: "name", with its subresource, and for an update the API
    version (and time, when the identifier has one); a text that is not an identifier is quoted whole."""
    try:
        doc = json.loads(manager)
        if not isinstance(doc, dict) or any(
            not isinstance(doc.get(k, ""), str) for k in ("manager", "operation", "apiVersion", "subresource")
        ):
            raise ValueError
        when = _rfc3339_utc(doc["time"]) if doc.get("time") is not None else None
    except ValueError:
        return go_quote(manager)
    text = go_quote(doc.get("manager", ""))
    if doc.get("subresource"):
        text = f"{text} with subresource {go_quote(doc['subresource'])}"
    if doc.get("operation") == _OPERATION_UPDATE:
        if when is None:
            return f"{text} using {doc.get('apiVersion', '')}"
        return f"{text} using {doc.get('apiVersion', '')} at {when}"
    return text


def _rfc3339_utc(value: Any) -> str:
    """A metav1.Time's JSON text as Go's Time.UTC().Format(time.RFC3339) writes it (ValueError if not a time)."""
    from kubernetes_py._go import time as gotime

    if not isinstance(value, str):
        raise ValueError("time is not a string")
    return gotime.format_rfc3339(gotime.parse_rfc3339(value)[0])


def new_conflict_error(conflicts: Conflicts) -> errors.StatusError:
    """The 409 an apply with conflicts answers: "Apply failed with 1 conflict: conflict with "m": .a.b"."""
    causes = [
        metav1.StatusCause(
            reason=metav1.CauseTypeFieldManagerConflict,
            message=f"conflict with {_print_manager(c.manager)}",
            field=str(c.path),
        )
        for c in conflicts
    ]
    return errors.new_apply_conflict(causes, _conflict_message(conflicts.conflicts))


def _conflict_message(conflicts: list[Any]) -> str:
    if len(conflicts) == 1:
        return (
            f"Apply failed with 1 conflict: conflict with {_print_manager(conflicts[0].manager)}: {conflicts[0].path}"
        )
    by_manager: dict[Any, Any] = {}
    for c in conflicts:
        by_manager.setdefault(c.manager, []).append(c.path)
    messages = []
    for manager in sorted(by_manager):
        messages.append(f"conflicts with {_print_manager(manager)}:")
        messages.extend(f"- {p}" for p in by_manager[manager])
    return f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(messages)


# --- type converters (typeconverter.go, runtimetypeconverter.go) ---


class TypeConverter(Protocol):
    def object_to_typed(self, obj: Any, *opts: int) -> typed.TypedValue: ...

    def typed_to_object(self, value: typed.TypedValue) -> Any: ...


class _NoCorrespondingTypeError(Exception):
    def __init__(self, gvk: GroupVersionKind):
        self.gvk = gvk
        super().__init__(f"no corresponding type for {gvk}")


def new_no_corresponding_type_error(gvk: GroupVersionKind) -> Exception:
    return _NoCorrespondingTypeError(gvk)


def _value_to_object(value: Any) -> Any:
    from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

    if isinstance(value, dict):
        return unstructured.Unstructured(value)
    raise ValueError(f"failed to convert value to unstructured for type {type(value).__name__}")


def _object_to_typed(t: typed.ParseableType, obj: Any, opts: tuple[Any, ...]) -> typed.TypedValue:
    if _is_unstructured(obj):
        return t.from_unstructured(obj.unstructured_content(), *opts)
    return t.from_structured(obj, *opts)


class _SchemeTypeConverter:
    def __init__(self, scheme: Any, parser: typed.Parser):
        self._scheme, self._parser = scheme, parser

    def object_to_typed(self, obj: Any, *opts: int) -> typed.TypedValue:
        name = self._scheme.to_open_api_definition_name(_gvk(obj))
        return _object_to_typed(self._parser.type(name), obj, opts)

    def typed_to_object(self, value: typed.TypedValue) -> Any:
        return _value_to_object(value.as_value())


def new_scheme_type_converter(scheme: Any, parser: typed.Parser) -> TypeConverter:
    """A TypeConverter finding each object's type in ``parser`` by its kind's OpenAPI definition name."""
    return _SchemeTypeConverter(scheme, parser)


class _DeducedTypeConverter:
    def object_to_typed(self, obj: Any, *opts: int) -> typed.TypedValue:
        return _object_to_typed(typed.DeducedParseableType, obj, opts)

    def typed_to_object(self, value: typed.TypedValue) -> Any:
        return _value_to_object(value.as_value())


def new_deduced_type_converter() -> TypeConverter:
    """A TypeConverter that deduces types from the values: maps are granular, lists atomic."""
    return _DeducedTypeConverter()


def _group_version_of_typed_value(obj: typed.TypedValue) -> Optional[GroupVersion]:
    val = obj.as_value()
    if not isinstance(val, dict) or not isinstance(val.get("apiVersion"), str):
        return None
    try:
        return parse_group_version(val["apiVersion"])
    except ValueError:
        return None


class _VersionConverter:
    """Converts typed values between versions through the object converter (Go's versionConverter)."""

    def __init__(self, type_converter: TypeConverter, object_convertor: ObjectConvertor, hub_getter: Any):
        self._tc, self._oc, self._hub_getter = type_converter, object_convertor, hub_getter

    def convert(self, obj: typed.TypedValue, version: str) -> typed.TypedValue:
        group_version = parse_group_version(version)
        if _group_version_of_typed_value(obj) == group_version:
            return obj
        to_convert = self._tc.typed_to_object(obj)
        from_version = _gvk(to_convert).group_version()
        internal = self._oc.convert_to_version(to_convert, self._hub_getter(from_version))
        converted = self._oc.convert_to_version(internal, group_version)
        return self._tc.object_to_typed(converted)

    def is_missing_version_error(self, err: BaseException) -> bool:
        from kubernetes_py.apimachinery.runtime import is_not_registered_error

        return is_not_registered_error(err) or isinstance(err, _NoCorrespondingTypeError)


def _new_version_converter(tc: TypeConverter, oc: ObjectConvertor, hub: GroupVersion) -> _VersionConverter:
    return _VersionConverter(tc, oc, lambda from_version: GroupVersion(from_version.group, hub.version))


def _new_crd_version_converter(tc: TypeConverter, oc: ObjectConvertor, hub: GroupVersion) -> _VersionConverter:
    return _VersionConverter(tc, oc, lambda from_version: hub)


# --- the managers ---


def _object_gvknn(obj: Object) -> str:
    name = namespace = "<unknown>"
    try:
        accessor = meta.accessor(obj)
        name, namespace = accessor.get_name(), accessor.get_namespace()
    except (TypeError, ValueError):
        pass
    return f"{namespace}/{name}; {_gvk(obj)}"


class _StructuredMergeManager:
    def __init__(
        self,
        type_converter: TypeConverter,
        object_converter: ObjectConvertor,
        object_defaulter: ObjectDefaulter,
        gv: GroupVersion,
        hub: GroupVersion,
        converter: _VersionConverter,
        reset_fields: Optional[dict[Any, Any]],
    ):
        self._tc, self._oc, self._defaulter = type_converter, object_converter, object_defaulter
        self._gv, self._hub = gv, hub
        self._updater = Updater(converter, ignore_filter=reset_fields)

    def _to_versioned(self, obj: Any) -> Any:
        return self._oc.convert_to_version(obj, self._gv)

    def _to_unversioned(self, obj: Any) -> Any:
        return self._oc.convert_to_version(obj, self._hub)

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        new_versioned = _step(
            f"failed to convert new object ({{obj}}) to proper version ({self._gv})",
            new_obj,
            self._to_versioned,
            new_obj,
        )
        live_versioned = _step(
            "failed to convert live object ({obj}) to proper version", live_obj, self._to_versioned, live_obj
        )
        new_typed = _step(
            "failed to convert new object ({obj}) to smd typed",
            new_versioned,
            self._tc.object_to_typed,
            new_versioned,
            typed.AllowDuplicates,
        )
        live_typed = _step(
            "failed to convert live object ({obj}) to smd typed",
            live_versioned,
            self._tc.object_to_typed,
            live_versioned,
            typed.AllowDuplicates,
        )
        _, managed_fields = _step(
            "failed to update ManagedFields ({obj})",
            new_versioned,
            self._updater.update,
            live_typed,
            new_typed,
            str(self._gv),
            managed.fields(),
            manager,
        )
        return new_obj, Managed(managed_fields, managed.times())

    def apply(
        self, live_obj: Object, patch_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        patch_version = _gvk(patch_obj).group_version()
        if patch_version != self._gv:
            raise errors.new_bad_request(
                "Incorrect version specified in apply patch. Specified patch version: "
                f"{patch_version}, expected: {self._gv}"
            )
        if _has_managed_fields(patch_obj):
            raise errors.new_bad_request("metadata.managedFields must be nil")
        live_versioned = _step(
            "failed to convert live object ({obj}) to proper version", live_obj, self._to_versioned, live_obj
        )
        patch_typed = _step(
            "failed to create typed patch object ({obj})", patch_obj, self._tc.object_to_typed, patch_obj
        )
        live_typed = _step(
            "failed to create typed live object ({obj})",
            live_versioned,
            self._tc.object_to_typed,
            live_versioned,
            typed.AllowDuplicates,
        )
        new_typed, managed_fields = self._updater.apply(
            live_typed, patch_typed, str(self._gv), managed.fields(), manager, force
        )
        managed = Managed(managed_fields, managed.times())
        if new_typed is None:
            return None, managed
        new_obj = _step(
            "failed to convert new typed object ({obj}) to object", patch_obj, self._tc.typed_to_object, new_typed
        )
        new_versioned = _step(
            "failed to convert new object ({obj}) to proper version", patch_obj, self._to_versioned, new_obj
        )
        self._defaulter.default(new_versioned)
        new_unversioned = _step(
            "failed to convert to unversioned ({obj})", patch_obj, self._to_unversioned, new_versioned
        )
        return new_unversioned, managed


def _step(what: str, subject: Any, f: Callable[..., _T], *args: Any) -> _T:
    """``f(*args)``; whatever it raises becomes ValueError("<what>: <err>"), ``{obj}`` in ``what`` replaced by the
    subject's "namespace/name; gvk" (Go wraps each step's error so)."""
    try:
        return f(*args)
    except Exception as err:  # noqa: BLE001 - Go wraps whatever error the step returns
        raise ValueError(what.replace("{obj}", _object_gvknn(subject)) + f": {err}") from None


def _has_managed_fields(obj: Object) -> bool:
    """Go's ``GetManagedFields() != nil``: an Unstructured with the key at all, a typed object with entries."""
    if _is_unstructured(obj):
        md = obj.unstructured_content().get("metadata")
        return isinstance(md, dict) and isinstance(md.get("managedFields"), list)
    return len(meta.accessor(obj).get_managed_fields() or ()) > 0


def new_structured_merge_manager(
    type_converter: TypeConverter,
    object_converter: ObjectConvertor,
    object_defaulter: ObjectDefaulter,
    gv: GroupVersion,
    hub: GroupVersion,
    reset_fields: Optional[dict[Any, Any]] = None,
) -> Manager:
    if type_converter is None:
        raise ValueError("typeconverter must not be nil")
    return _StructuredMergeManager(
        type_converter,
        object_converter,
        object_defaulter,
        gv,
        hub,
        _new_version_converter(type_converter, object_converter, hub),
        reset_fields,
    )


def new_crd_structured_merge_manager(
    type_converter: TypeConverter,
    object_converter: ObjectConvertor,
    object_defaulter: ObjectDefaulter,
    gv: GroupVersion,
    hub: GroupVersion,
    reset_fields: Optional[dict[Any, Any]] = None,
) -> Manager:
    return _StructuredMergeManager(
        type_converter,
        object_converter,
        object_defaulter,
        gv,
        hub,
        _new_crd_version_converter(type_converter, object_converter, hub),
        reset_fields,
    )


class _StripMetaManager:
    def __init__(self, field_manager: Manager):
        self._fm = field_manager
        self._strip_set = fieldpath.new_set(
            *(
                fieldpath.make_path(*p)
                for p in (
                    ("apiVersion",),
                    ("kind",),
                    ("metadata",),
                    ("metadata", "name"),
                    ("metadata", "namespace"),
                    ("metadata", "creationTimestamp"),
                    ("metadata", "selfLink"),
                    ("metadata", "uid"),
                    ("metadata", "clusterName"),
                    ("metadata", "generation"),
                    ("metadata", "managedFields"),
                    ("metadata", "resourceVersion"),
                )
            )
        )

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        new_obj, managed = self._fm.update(live_obj, new_obj, managed, manager)
        self._strip_fields(managed.fields(), manager)
        return new_obj, managed

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        new_obj, managed = self._fm.apply(live_obj, applied_obj, managed, manager, force)
        self._strip_fields(managed.fields(), manager)
        return new_obj, managed

    def _strip_fields(self, managed: dict[Any, Any], manager: str) -> None:
        vs = managed.get(manager)
        if vs is None:
            return
        new = vs.set().difference(self._strip_set)
        if new.empty():
            del managed[manager]
        else:
            managed[manager] = VersionedSet(new, vs.api_version(), vs.applied())


def new_strip_meta_manager(field_manager: Manager) -> Manager:
    return _StripMetaManager(field_manager)


class _ManagedFieldsUpdater:
    def __init__(self, field_manager: Manager):
        self._fm = field_manager

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        current = "current-operation"
        obj, managed = self._fm.update(live_obj, new_obj, managed, current)
        fields = managed.fields()
        vs = fields.pop(current, None)
        if vs is not None:
            previous = fields.get(manager)
            if previous is not None:
                fields[manager] = VersionedSet(vs.set().union(previous.set()), vs.api_version(), vs.applied())
            else:
                fields[manager] = vs
            managed.times()[manager] = _now()
        return obj, managed

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        obj, managed = self._fm.apply(live_obj, applied_obj, managed, manager, force)
        if obj is not None:
            managed.times()[manager] = _now()
        else:
            obj = live_obj.deep_copy_object()
            remove_object_managed_fields(obj)
        return obj, managed


def new_managed_fields_updater(field_manager: Manager) -> Manager:
    return _ManagedFieldsUpdater(field_manager)


class _BuildManagerInfoManager:
    def __init__(self, field_manager: Manager, gv: GroupVersion, subresource: str):
        self._fm, self._gv, self._subresource = field_manager, gv, subresource

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        return self._fm.update(live_obj, new_obj, managed, self._build(manager, _OPERATION_UPDATE))

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        return self._fm.apply(live_obj, applied_obj, managed, self._build(manager, _OPERATION_APPLY), force)

    def _build(self, prefix: str, operation: str) -> str:
        return build_manager_identifier(
            metav1.ManagedFieldsEntry(
                manager=prefix or "unknown",
                operation=operation,
                apiVersion=str(self._gv),
                subresource=self._subresource,
            )
        )


def new_build_manager_info_manager(field_manager: Manager, gv: GroupVersion, subresource: str) -> Manager:
    return _BuildManagerInfoManager(field_manager, gv, subresource)


class _CapManagersManager:
    def __init__(self, field_manager: Manager, max_update_managers: int):
        self._fm, self._max = field_manager, max_update_managers
        self._old_updates_manager_name = "ancient-changes"

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        obj, managed = self._fm.update(live_obj, new_obj, managed, manager)
        try:
            return obj, self._cap_update_managers(managed)
        except ValueError as err:
            raise ValueError(f"failed to cap update managers: {err}") from None

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        return self._fm.apply(live_obj, applied_obj, managed, manager, force)

    def _cap_update_managers(self, managed: Managed) -> Managed:
        fields, times = managed.fields(), managed.times()
        updaters = [m for m, vs in fields.items() if not vs.applied()]
        if len(updaters) <= self._max:
            return managed

        def seconds(m: str) -> int:
            t = times.get(m)
            return t.seconds if t is not None else 0

        updaters.sort(key=lambda m: (seconds(m), m))
        version_to_first: dict[Any, Any] = {}
        length = len(updaters)
        for manager in updaters:
            if length <= self._max:
                break
            vs = fields[manager]
            t = times.get(manager)
            version = vs.api_version()
            bucket = build_manager_identifier(
                metav1.ManagedFieldsEntry(
                    manager=self._old_updates_manager_name, operation=_OPERATION_UPDATE, apiVersion=version
                )
            )
            first = version_to_first.get(version)
            if first is not None:
                if bucket not in fields:
                    fields[bucket] = fields.pop(first)
                fields[bucket] = VersionedSet(vs.set().union(fields[bucket].set()), vs.api_version(), vs.applied())
                del fields[manager]
                length -= 1
                times[bucket] = t
            else:
                version_to_first[version] = manager
        return managed


def new_cap_managers_manager(field_manager: Manager, max_update_managers: int) -> Manager:
    return _CapManagersManager(field_manager, max_update_managers)


class _SkipNonAppliedManager:
    def __init__(self, field_manager: Manager, object_creater: ObjectCreater, probability: float):
        self._fm, self._creater, self._probability = field_manager, object_creater, probability
        self._before_apply_manager_name = "before-first-apply"

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        try:
            accessor = meta.accessor(live_obj)
        except (TypeError, ValueError):
            return new_obj, managed
        if not managed.fields():
            if not accessor.get_uid():
                if self._probability <= random.random():
                    return new_obj, managed
            else:
                return new_obj, managed
        return self._fm.update(live_obj, new_obj, managed, manager)

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        if not managed.fields():
            gvk = _gvk(applied_obj)
            try:
                empty = self._creater.new(gvk)
            except Exception as err:  # noqa: BLE001 - Go wraps whatever error the step returns
                raise ValueError(f"failed to create empty object of type {gvk}: {err}") from None
            if _is_unstructured(empty):
                empty.get_object_kind().set_group_version_kind(gvk)
            try:
                live_obj, managed = self._fm.update(empty, live_obj, managed, self._before_apply_manager_name)
            except Exception as err:  # noqa: BLE001 - Go wraps whatever error the step returns
                raise ValueError(f"failed to create manager for existing fields: {err}") from None
        return self._fm.apply(live_obj, applied_obj, managed, manager, force)


def new_skip_non_applied_manager(field_manager: Manager, object_creater: ObjectCreater) -> Manager:
    return _SkipNonAppliedManager(field_manager, object_creater, 0.0)


def new_probabilistic_skip_non_applied_manager(
    field_manager: Manager, object_creater: ObjectCreater, p: float
) -> Manager:
    return _SkipNonAppliedManager(field_manager, object_creater, p)


class _LastAppliedManager:
    def __init__(
        self, field_manager: Manager, type_converter: TypeConverter, object_converter: ObjectConvertor, gv: GroupVersion
    ):
        self._fm, self._tc, self._oc, self._gv = field_manager, type_converter, object_converter, gv

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        return self._fm.update(live_obj, new_obj, managed, manager)

    def apply(
        self, live_obj: Object, new_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        try:
            return self._fm.apply(live_obj, new_obj, managed, manager, force)
        except Conflicts as conflicts:
            if manager != "kubectl":
                raise
            try:
                allowed = self._allowed_conflicts_from_last_applied(live_obj)
            except ValueError:
                raise conflicts from None
            if not conflicts.to_set().difference(allowed).empty():
                raise Conflicts([c for c in conflicts if not allowed.has(c.path)]) from None
        return self._fm.apply(live_obj, new_obj, managed, manager, True)

    def _allowed_conflicts_from_last_applied(self, live_obj: Object) -> Set:
        from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

        annotations = meta.accessor(live_obj).get_annotations()
        last_applied = (annotations or {}).get(LastAppliedConfigAnnotation, "")
        if not last_applied:
            raise ValueError("no last applied annotation")
        try:
            live_versioned = self._oc.convert_to_version(live_obj, self._gv)
        except Exception as err:  # noqa: BLE001 - Go wraps whatever error the step returns
            raise ValueError(f"failed to convert live obj to versioned: {err}") from None
        try:
            live_typed = self._tc.object_to_typed(live_versioned)
        except Exception as err:  # noqa: BLE001 - Go wraps whatever error the step returns
            raise ValueError(f"failed to convert live obj to typed: {err}") from None
        try:
            content = json.loads(last_applied)
            if not isinstance(content, dict):
                raise ValueError("not an object")
        except ValueError as err:
            raise ValueError(f"failed to decode last applied obj: {err} in '{last_applied}'") from None
        last_obj = unstructured.Unstructured(content)
        if last_obj.get_api_version() != str(self._gv):
            raise ValueError(
                f"expected version of last applied to match live object '{self._gv}', but got "
                f"'{last_obj.get_api_version()}': <nil>"
            )
        try:
            last_typed = self._tc.object_to_typed(last_obj)
            last_set = last_typed.to_field_set()
            comparison = last_typed.compare(live_typed)
        except Exception as err:  # noqa: BLE001 - Go wraps whatever error the step returns
            raise ValueError(f"failed to compare last applied object and live object: {err}") from None
        return last_set.difference(comparison.modified).difference(comparison.added).difference(comparison.removed)


def new_last_applied_manager(
    field_manager: Manager, type_converter: TypeConverter, object_converter: ObjectConvertor, gv: GroupVersion
) -> Manager:
    return _LastAppliedManager(field_manager, type_converter, object_converter, gv)


def set_last_applied(obj: Optional[Object], value: str) -> None:
    """Set kubectl's last-applied annotation, unless that makes the annotations too large (then drop it)."""
    accessor = meta.accessor(obj)
    annotations = dict(accessor.get_annotations() or {})
    annotations[LastAppliedConfigAnnotation] = value
    if sum(len(k) + len(v) for k, v in annotations.items()) > _TOTAL_ANNOTATION_SIZE_LIMIT_B:
        del annotations[LastAppliedConfigAnnotation]
    accessor.set_annotations(annotations)


class _LastAppliedUpdater:
    def __init__(self, field_manager: Manager):
        self._fm = field_manager

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        return self._fm.update(live_obj, new_obj, managed, manager)

    def apply(
        self, live_obj: Object, new_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        applied, managed = self._fm.apply(live_obj, new_obj, managed, manager, force)
        if manager == "kubectl" and _has_last_applied(applied):
            set_last_applied(applied, _build_last_applied(new_obj))
        return applied, managed


def _has_last_applied(obj: Optional[Object]) -> bool:
    return bool((meta.accessor(obj).get_annotations() or {}).get(LastAppliedConfigAnnotation))


def _build_last_applied(obj: Object) -> str:
    from kubernetes_py._go.json import marshal
    from kubernetes_py.apimachinery import runtime

    obj = obj.deep_copy_object()
    accessor = meta.accessor(obj)
    annotations = accessor.get_annotations()
    if annotations or _has_annotations_map(obj):
        annotations = dict(annotations or {})
        annotations.pop(LastAppliedConfigAnnotation, None)
        accessor.set_annotations(annotations)
    else:  # Go's nil map: the annotations field goes away
        accessor.set_annotations(None)
    content = (
        obj.unstructured_content()
        if _is_unstructured(obj)
        else runtime.DefaultUnstructuredConverter.to_unstructured(obj)
    )
    return marshal(content).decode("utf-8") + "\n"


def _has_annotations_map(obj: Object) -> bool:
    """An Unstructured whose metadata has an annotations map, even an empty one (Go's non-nil map)."""
    if not _is_unstructured(obj):
        return False
    md = obj.unstructured_content().get("metadata")
    return isinstance(md, dict) and isinstance(md.get("annotations"), dict)


def new_last_applied_updater(field_manager: Manager) -> Manager:
    return _LastAppliedUpdater(field_manager)


class _VersionCheckManager:
    def __init__(self, field_manager: Manager, gvk: GroupVersionKind):
        self._fm, self._gvk = field_manager, gvk

    def update(self, live_obj: Object, new_obj: Object, managed: Managed, manager: str) -> tuple[Object, Managed]:
        return self._fm.update(live_obj, new_obj, managed, manager)

    def apply(
        self, live_obj: Object, applied_obj: Object, managed: Managed, manager: str, force: bool
    ) -> tuple[Optional[Object], Managed]:
        gvk = _gvk(applied_obj)
        if gvk != self._gvk:
            raise errors.new_bad_request(f"invalid object type: {gvk}")
        return self._fm.apply(live_obj, applied_obj, managed, manager, force)


def new_version_check_manager(field_manager: Manager, gvk: GroupVersionKind) -> Manager:
    return _VersionCheckManager(field_manager, gvk)


# --- FieldManager ---


class _AtMostEvery:
    """Runs a function at most once per interval (Go's AtMostEvery), for rate-limited logging."""

    def __init__(self, interval: float):
        self._interval, self._last, self._lock = interval, 0.0, threading.Lock()

    def do(self, fn: Any) -> bool:
        with self._lock:
            now = time.monotonic()
            if self._last and now - self._last < self._interval:
                return False
            self._last = now
        fn()
        return True


_at_most_every_second = _AtMostEvery(1.0)


def _is_reset_managed_fields(obj: Object) -> bool:
    """The request resets the managed fields: a present but empty list, or one empty entry."""
    entries = meta.accessor(obj).get_managed_fields() or []
    if not entries:
        if _is_unstructured(obj):
            md = obj.unstructured_content().get("metadata")
            return isinstance(md, dict) and isinstance(md.get("managedFields"), list)
        return False
    if len(entries) == 1:
        empty: bool = entries[0] == metav1.ManagedFieldsEntry()
        return empty
    return False


def _decode_or_empty(entries: list[Any]) -> Managed:
    try:
        return decode_managed_fields(entries)
    except ValueError:
        return new_empty_managed()


def _decode_live_or_new(live_obj: Object, new_obj: Object, ignore_managed_fields_from_request: bool) -> Managed:
    live = meta.accessor(live_obj)
    if ignore_managed_fields_from_request:
        return _decode_or_empty(live.get_managed_fields() or [])
    new = meta.accessor(new_obj)
    if _is_reset_managed_fields(new_obj):
        return new_empty_managed()
    try:
        managed = decode_managed_fields(new.get_managed_fields() or [])
    except ValueError:
        managed = None
    if managed is None or not managed.fields():
        return _decode_or_empty(live.get_managed_fields() or [])
    return managed


class FieldManager:
    """Decodes, manages and re-encodes the managed fields of updates and applies (Go's FieldManager)."""

    def __init__(self, field_manager: Manager, subresource: str):
        self._fm, self._subresource = field_manager, subresource

    def update(self, live_obj: Object, new_obj: Object, manager: str) -> Any:
        """``new_obj`` with managed fields recording ``manager``'s change from ``live_obj``."""
        try:
            managed = _decode_live_or_new(live_obj, new_obj, self._subresource != "")
        except (TypeError, ValueError):
            return new_obj
        remove_object_managed_fields(new_obj)
        obj, managed = self._fm.update(live_obj, new_obj, managed, manager)
        try:
            encode_object_managed_fields(obj, managed)
        except ValueError as err:
            raise ValueError(f"failed to encode managed fields: {err}") from None
        return obj

    def update_no_errors(self, live_obj: Object, new_obj: Object, manager: str) -> Any:
        """Like update, but on failure keep the live object's managed fields on ``new_obj``."""
        try:
            return self.update(live_obj, new_obj, manager)
        except Exception as err:  # noqa: BLE001 - Go logs every error here and keeps the live managed fields
            failure = err
            live, new = meta.accessor(live_obj), meta.accessor(new_obj)
            _at_most_every_second.do(
                lambda: log.error(
                    "[SHOULD NOT HAPPEN] failed to update managedFields (restored previous managedFields from live "
                    "object): %s versionKind=%s namespace=%s name=%s",
                    failure,
                    _gvk(new_obj),
                    new.get_namespace(),
                    new.get_name(),
                )
            )
            new.set_managed_fields(live.get_managed_fields())
            return new_obj

    def apply(self, live_obj: Object, applied_obj: Object, manager: str, force: bool) -> Any:
        """The live object with ``applied_obj`` applied by ``manager``; a 409 StatusError on conflicts."""
        try:
            accessor = meta.accessor(live_obj)
        except (TypeError, ValueError) as err:
            raise ValueError(f"couldn't get accessor: {err}") from None
        try:
            managed = decode_managed_fields(accessor.get_managed_fields() or [])
        except ValueError as err:
            raise ValueError(f"failed to decode managed fields: {err}") from None
        try:
            obj, managed = self._fm.apply(live_obj, applied_obj, managed, manager, force)
        except Conflicts as conflicts:
            raise new_conflict_error(conflicts) from None
        try:
            encode_object_managed_fields(obj, managed)
        except ValueError as err:
            raise ValueError(f"failed to encode managed fields: {err}") from None
        return obj


def new_field_manager(f: Manager, subresource: str) -> FieldManager:
    return FieldManager(f, subresource)


def new_default_field_manager(
    f: Manager,
    type_converter: TypeConverter,
    object_converter: ObjectConvertor,
    object_creater: ObjectCreater,
    kind: GroupVersionKind,
    subresource: str,
) -> FieldManager:
    """``f`` wrapped in the default chain of managers (see the module docstring)."""
    gv = kind.group_version()
    return FieldManager(
        _VersionCheckManager(
            _LastAppliedUpdater(
                _LastAppliedManager(
                    _SkipNonAppliedManager(
                        _CapManagersManager(
                            _BuildManagerInfoManager(_ManagedFieldsUpdater(_StripMetaManager(f)), gv, subresource),
                            DefaultMaxUpdateManagers,
                        ),
                        object_creater,
                        DefaultTrackOnCreateProbability,
                    ),
                    type_converter,
                    object_converter,
                    gv,
                )
            ),
            kind,
        ),
        subresource,
    )
