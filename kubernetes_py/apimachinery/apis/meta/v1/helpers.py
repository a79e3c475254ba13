"""Hand-written metav1 helpers (Go's helpers.go, controller_ref.go, time.go...), re-exported by the package.

Label selectors convert between the API form (``metav1.LabelSelector``) and ``labels.Selector``; the
annotation/label helpers and controller references work on any object with ObjectMeta accessors.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from kubernetes_py._go.strconv import go_quote
from kubernetes_py._schema import message_class
from kubernetes_py.apimachinery import fields, labels, selection
from kubernetes_py.apimachinery.apis.meta.v1.time import (
    Duration,
    MicroTime,
    Time,
    date,
    date_micro,
    new_duration,
    new_micro_time,
    new_time,
    now,
    now_micro,
    unix,
)
from kubernetes_py.apimachinery.runtime._special import Fallback, RawJSONCodec, SpecialCodec, register
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

_META = "k8s.io.apimachinery.pkg.apis.meta.v1."
LabelSelector = message_class(_META + "LabelSelector")
LabelSelectorRequirement = message_class(_META + "LabelSelectorRequirement")
OwnerReference = message_class(_META + "OwnerReference")
ListOptions = message_class(_META + "ListOptions")
DeleteOptions = message_class(_META + "DeleteOptions")
Preconditions = message_class(_META + "Preconditions")

# Go's LabelSelectorOperator values (also generated as constants of this package).
_OP_IN, _OP_NOT_IN, _OP_EXISTS, _OP_DOES_NOT_EXIST = "In", "NotIn", "Exists", "DoesNotExist"


def label_selector_as_selector(ps) -> labels.Selector:
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


def label_selector_as_map(ps) -> Optional[dict[Any, Any]]:
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


def parse_to_label_selector(selector: str):
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


def set_as_label_selector(ls: Optional[Mapping[str, str]]):
    """A LabelSelector matching exactly these labels (None for None)."""
    if ls is None:
        return None
    return LabelSelector(matchLabels=dict(ls))


def format_label_selector(label_selector) -> str:
    """The selector as text, ``<none>`` when it selects everything, ``<error>`` when it is invalid."""
    try:
        selector = label_selector_as_selector(label_selector)
    except Exception:  # noqa: BLE001 - Go prints "<error>" for any conversion error
        return "<error>"
    return str(selector) or "<none>"


def extract_group_versions(group_list) -> list[str]:
    return [gv.groupVersion for g in group_list.groups for gv in g.versions]


def _object_meta(obj):
    """ObjectMeta itself, or the metadata of an object that has one."""
    if obj.DESCRIPTOR.full_name == _META + "ObjectMeta":
        return obj
    return obj.metadata


def has_annotation(obj, ann: str) -> bool:
    return ann in _object_meta(obj).annotations


def set_meta_data_annotation(obj, ann: str, value: str) -> None:
    _object_meta(obj).annotations[ann] = value


def has_label(obj, label: str) -> bool:
    return label in _object_meta(obj).labels


def set_meta_data_label(obj, label: str, value: str) -> None:
    _object_meta(obj).labels[label] = value


def single_object(meta):
    """ListOptions that select one object by name, at its resource version."""
    return ListOptions(
        fieldSelector=str(fields.one_term_equal_selector("metadata.name", meta.name)),
        resourceVersion=meta.resourceVersion,
    )


def new_delete_options(grace: int):
    return DeleteOptions(gracePeriodSeconds=grace)


def new_precondition_delete_options(uid: str):
    return DeleteOptions(preconditions=Preconditions(uid=uid))


def new_uid_preconditions(uid: str):
    return Preconditions(uid=uid)


def new_rv_deletion_precondition(rv: str):
    return DeleteOptions(preconditions=Preconditions(resourceVersion=rv))


def has_object_meta_system_field_values(meta) -> bool:
    return not meta.get_creation_timestamp().is_zero() or len(meta.get_uid()) != 0


def _is_controller(ref) -> bool:
    return ref.HasField("controller") and ref.controller


def get_controller_of_no_copy(controllee) -> Optional[Any]:
    """The owner reference marked as controller (the object's own entry, not a copy), or None."""
    for ref in controllee.get_owner_references():
        if _is_controller(ref):
            return ref
    return None


def get_controller_of(controllee) -> Optional[Any]:
    """A copy of the controlling owner reference, or None."""
    ref = get_controller_of_no_copy(controllee)
    if ref is None:
        return None
    copy = OwnerReference()
    copy.CopyFrom(ref)
    return copy


def is_controlled_by(obj, owner) -> bool:
    """Whether ``obj``'s controller reference points at ``owner`` (compared by UID)."""
    ref = get_controller_of_no_copy(obj)
    if ref is None:
        return False
    return ref.uid == owner.get_uid()


def new_controller_ref(owner, gvk: GroupVersionKind):
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


class _GroupVersionCodec(SpecialCodec):
    go_name = "k8s.io/apimachinery/pkg/apis/meta/v1.GroupVersion"
    zero_fields = ("group", "version")

    @staticmethod
    def _split(text: str) -> dict[Any, Any]:
        if text.count("/") > 1:
            raise ValueError(f"unexpected GroupVersion string: {text}")
        if "/" in text:
            group, version = text.split("/", 1)
            return {"group": group, "version": version}
        return {"group": "", "version": text}

    def fast(self, v):
        if v.__class__ is str:
            try:
                return self._split(v)
            except ValueError:
                raise Fallback from None
        if v is None:
            return None
        raise Fallback

    def check(self, checker, v):
        if v.__class__ is not str:
            raise checker.type_error(v, "string")
        return self._split(v)

    def encode(self, m):
        return f"{m.group}/{m.version}" if m.group else m.version


register(RawJSONCodec("k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1", "Raw", "*v1.FieldsV1"))
register(_GroupVersionCodec())
