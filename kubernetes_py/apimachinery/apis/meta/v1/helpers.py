"""Hand-written metav1 helpers (Go's helpers.go, controller_ref.go, time.go...), re-exported by the package.

Label selectors convert between the API form (``metav1.LabelSelector``) and ``labels.Selector``; the
annotation/label helpers and controller references work on any object with ObjectMeta accessors.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Protocol, Union


from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery import fields, labels, selection
from kubernetes_py.apimachinery.apis.meta.v1.generated import (
    APIGroupList,
    DeleteOptions,
    GroupVersion,
    ListOptions,
    ObjectMeta,
    OwnerReference,
    Preconditions,
    LabelSelector,
    LabelSelectorRequirement,
)
from kubernetes_py.apimachinery.apis.meta.v1.time import (
    Duration,
    MicroTime,
    Time,
    date,
    date_micro,
    new_duration,
    new_micro_time,
    _is_zero_parts,
    new_time,
    now,
    now_micro,
    unix,
)
from kubernetes_py.apimachinery.runtime._special import RawJSONCodec, TextCodec, register
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind


class _WithObjectMeta(Protocol):
    """An API object: its ObjectMeta is ``metadata``."""

    @property
    def metadata(self) -> ObjectMeta: ...


class _Owned(Protocol):
    """What the controller-reference helpers read of an object (part of Go's metav1.Object)."""

    def get_owner_references(self) -> Optional[Iterable[OwnerReference]]: ...


class _WithSystemFields(Protocol):
    """What has_object_meta_system_field_values reads (part of Go's metav1.Object)."""

    def get_creation_timestamp(self) -> Time: ...

    def get_uid(self) -> str: ...


class _Owner(Protocol):
    """What new_controller_ref and is_controlled_by read of the owner (part of Go's metav1.Object)."""

    def get_name(self) -> str: ...

    def get_uid(self) -> str: ...


# Go's LabelSelectorOperator values (also generated as constants of this package).
_OP_IN, _OP_NOT_IN, _OP_EXISTS, _OP_DOES_NOT_EXIST = "In", "NotIn", "Exists", "DoesNotExist"


def label_selector_as_selector(ps: Optional[LabelSelector]) -> labels.Selector:
    """A labels.Selector for an API LabelSelector: None selects nothing, an empty one everything.

    Raises ValueError for an unknown operator, or the util.errors.Aggregate of an invalid requirement.
    """
    if ps is None:
        return labels.nothing()
    if len(ps.matchLabels) + len(ps.matchExpressions) == 0:
        return labels.everything()
    requirements = []
    for k in sorted(ps.matchLabels):  # Go ranges over a map; the selector sorts by key anyway
        requirements.append(labels.new_requirement(k, selection.Equals, [ps.matchLabels[k]]))
    for expr in ps.matchExpressions:
        op = {
            _OP_IN: selection.In,
            _OP_NOT_IN: selection.NotIn,
            _OP_EXISTS: selection.Exists,
            _OP_DOES_NOT_EXIST: selection.DoesNotExist,
        }.get(expr.operator)
        if op is None:
            raise ValueError(f"{go_quote(expr.operator)} is not a valid label selector operator")
        # Go copies the values with append([]string(nil), ...): no values is a nil slice (shown as null).
        requirements.append(labels.new_requirement(expr.key, op, list(expr.values) or None))
    return labels.new_selector().add(*requirements)


def label_selector_as_map(ps: Optional[LabelSelector]) -> Optional[dict[str, str]]:
    """The matchLabels form of a selector (None for None); raises ValueError for expressions that need more."""
    if ps is None:
        return None
    selector = dict(ps.matchLabels)
    for expr in ps.matchExpressions:
        if expr.operator == _OP_IN:
            if len(expr.values) != 1:
                raise ValueError(
                    f"operator {go_quote(expr.operator)} without a single value cannot be converted "
                    f"into the old label selector format"
                )
            selector[expr.key] = expr.values[0]
        elif expr.operator in (_OP_NOT_IN, _OP_EXISTS, _OP_DOES_NOT_EXIST):
            raise ValueError(
                f"operator {go_quote(expr.operator)} cannot be converted into the old label selector format"
            )
        else:
            raise ValueError(f"{go_quote(expr.operator)} is not a valid selector operator")
    return selector


def parse_to_label_selector(selector: str) -> LabelSelector:
    """Parse a selector string into an API LabelSelector; raises ValueError as Go returns its error."""
    try:
        reqs = labels.parse_to_requirements(selector)
    except ValueError as err:
        raise ValueError(f'couldn\'t parse the selector string "{selector}": {err}') from err
    match_labels: dict[str, str] = {}
    expressions = []
    for req in reqs:
        op = req.operator()
        if op in (selection.Equals, selection.DoubleEquals):
            values = req.values()
            if len(values) != 1:
                raise ValueError("equals operator must have exactly one value")
            match_labels[req.key()] = next(iter(values))
            continue
        api_op = {
            selection.In: _OP_IN,
            selection.NotIn: _OP_NOT_IN,
            selection.Exists: _OP_EXISTS,
            selection.DoesNotExist: _OP_DOES_NOT_EXIST,
        }.get(op)
        if api_op is None:
            if op in (selection.GreaterThan, selection.LessThan):
                raise ValueError(f"{go_quote(op)} isn't supported in label selectors")
            raise ValueError(f"{go_quote(op)} is not a valid label selector operator")
        expressions.append(LabelSelectorRequirement(key=req.key(), operator=api_op, values=req.values().list()))
    return LabelSelector(matchLabels=match_labels, matchExpressions=expressions)


def set_as_label_selector(ls: Optional[Mapping[str, str]]) -> Optional[LabelSelector]:
    """A LabelSelector matching exactly these labels (None for None)."""
    if ls is None:
        return None
    return LabelSelector(matchLabels=dict(ls))


def format_label_selector(label_selector: Optional[LabelSelector]) -> str:
    """The selector as text, ``<none>`` when it selects everything, ``<error>`` when it is invalid."""
    try:
        selector = label_selector_as_selector(label_selector)
    except Exception:  # noqa: BLE001 - Go prints "<error>" for any conversion error
        return "<error>"
    return str(selector) or "<none>"


def extract_group_versions(group_list: APIGroupList) -> list[str]:
    return [gv.groupVersion for g in group_list.groups for gv in g.versions]


_MetaHolder = Union[ObjectMeta, _WithObjectMeta]


def _object_meta(obj: _MetaHolder) -> ObjectMeta:
    """ObjectMeta itself, or the metadata of an object that has one."""
    if isinstance(obj, ObjectMeta):
        return obj
    return obj.metadata


def has_annotation(obj: _MetaHolder, ann: str) -> bool:
    return ann in _object_meta(obj).annotations


def set_meta_data_annotation(obj: _MetaHolder, ann: str, value: str) -> None:
    _object_meta(obj).annotations[ann] = value


def has_label(obj: _MetaHolder, label: str) -> bool:
    return label in _object_meta(obj).labels


def set_meta_data_label(obj: _MetaHolder, label: str, value: str) -> None:
    _object_meta(obj).labels[label] = value


def single_object(meta: ObjectMeta) -> ListOptions:
    """ListOptions that select one object by name, at its resource version."""
    return ListOptions(
        fieldSelector=str(fields.one_term_equal_selector("metadata.name", meta.name)),
        resourceVersion=meta.resourceVersion,
    )


def new_delete_options(grace: int) -> DeleteOptions:
    return DeleteOptions(gracePeriodSeconds=grace)


def new_precondition_delete_options(uid: str) -> DeleteOptions:
    return DeleteOptions(preconditions=Preconditions(uid=uid))


def new_uid_preconditions(uid: str) -> Preconditions:
    return Preconditions(uid=uid)


def new_rv_deletion_precondition(rv: str) -> DeleteOptions:
    return DeleteOptions(preconditions=Preconditions(resourceVersion=rv))


def has_object_meta_system_field_values(meta: _WithSystemFields) -> bool:
    return not _is_zero_parts(meta.get_creation_timestamp()) or len(meta.get_uid()) != 0


def _is_controller(ref: OwnerReference) -> bool:
    return ref.HasField("controller") and ref.controller


def get_controller_of_no_copy(controllee: _Owned) -> Optional[OwnerReference]:
    """The owner reference marked as controller (the object's own entry, not a copy), or None."""
    for ref in controllee.get_owner_references() or ():  # an unstructured object without any gives None (Go's nil)
        if _is_controller(ref):
            return ref
    return None


def get_controller_of(controllee: _Owned) -> Optional[OwnerReference]:
    """A copy of the controlling owner reference, or None."""
    ref = get_controller_of_no_copy(controllee)
    if ref is None:
        return None
    copy = OwnerReference()
    copy.CopyFrom(ref)
    return copy


def is_controlled_by(obj: _Owned, owner: _Owner) -> bool:
    """Whether ``obj``'s controller reference points at ``owner`` (compared by UID)."""
    ref = get_controller_of_no_copy(obj)
    if ref is None:
        return False
    return ref.uid == owner.get_uid()


def new_controller_ref(owner: _Owner, gvk: GroupVersionKind) -> OwnerReference:
    """An OwnerReference making ``owner`` (of kind ``gvk``) the controller, with blockOwnerDeletion set."""
    return OwnerReference(
        apiVersion=str(gvk.group_version()),
        kind=gvk.kind,
        name=owner.get_name(),
        uid=owner.get_uid(),
        blockOwnerDeletion=True,
        controller=True,
    )


__all__ = [
    "Duration",
    "MicroTime",
    "Time",
    "date",
    "date_micro",
    "extract_group_versions",
    "format_label_selector",
    "get_controller_of",
    "get_controller_of_no_copy",
    "has_annotation",
    "has_label",
    "has_object_meta_system_field_values",
    "is_controlled_by",
    "label_selector_as_map",
    "label_selector_as_selector",
    "new_controller_ref",
    "new_delete_options",
    "new_duration",
    "new_micro_time",
    "new_precondition_delete_options",
    "new_rv_deletion_precondition",
    "new_time",
    "new_uid_preconditions",
    "now",
    "now_micro",
    "parse_to_label_selector",
    "set_as_label_selector",
    "set_meta_data_annotation",
    "set_meta_data_label",
    "single_object",
    "unix",
]


# ---------------------------------------------------------------------------------------------
# JSON and protobuf of FieldsV1 (raw JSON) and GroupVersion ("group/version" text), as Go's MarshalJSON


class _GroupVersionCodec(TextCodec):
    go_name = "k8s.io/apimachinery/pkg/apis/meta/v1.GroupVersion"
    zero_fields = ("group", "version")

    def parse(self, text: str) -> dict[str, str]:
        if text.count("/") > 1:
            raise ValueError(f"unexpected GroupVersion string: {text}")
        if "/" in text:
            group, version = text.split("/", 1)
            return {"group": group, "version": version}
        return {"group": "", "version": text}

    def encode(self, m: GroupVersion) -> str:
        return f"{m.group}/{m.version}" if m.group else m.version


register(RawJSONCodec("k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1", "Raw", "*v1.FieldsV1"))
register(_GroupVersionCodec())
