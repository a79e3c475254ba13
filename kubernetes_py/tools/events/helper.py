"""The field selector of events about an object, for each events API version (tools/events/helper.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.runtime.schema import GroupVersion

__all__ = ["get_field_selector"]

_mapping = {
    GroupVersion("events.k8s.io", "v1"): "regarding",
    GroupVersion("events.k8s.io", "v1beta1"): "regarding",
    GroupVersion("", "v1"): "involvedObject",
}


def get_field_selector(
    events_group_version: GroupVersion, regarding_group_version_kind: Any, regarding_name: str, regarding_uid: str
) -> Any:
    """A selector of the events (of ``events_group_version``) about the object; empty parts are left out.
    Raises ValueError for an unknown events version."""
    prefix = _mapping.get(events_group_version)
    if prefix is None:
        raise ValueError(f"unknown version {events_group_version}")
    field = fields.Set()
    if regarding_name:
        field[prefix + ".name"] = regarding_name
    if regarding_group_version_kind.kind:
        field[prefix + ".kind"] = regarding_group_version_kind.kind
    regarding_group_version = regarding_group_version_kind.group_version()
    if not regarding_group_version.empty():
        field[prefix + ".apiVersion"] = str(regarding_group_version)
    if regarding_uid:
        field[prefix + ".uid"] = regarding_uid
    return field.as_selector()
