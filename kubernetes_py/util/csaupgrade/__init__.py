"""Port of k8s.io/client-go/util/csaupgrade: move the fields a client-side-apply manager owns to a server-side-apply
manager, so that an object managed with ``kubectl apply`` can be managed with server-side apply from then on.

``upgrade_managed_fields(obj, {"kubectl-client-side-apply"}, "kubectl")`` rewrites ``obj``'s managed fields in place;
``upgrade_managed_fields_patch`` gives the JSON patch that does the same on the server (None when nothing changes).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, TypeVar

from kubernetes_py._go.json import encode as _gojson
from kubernetes_py._smd.fieldpath import Set as FieldSet
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter

__all__ = [
    "Option",
    "find_fields_owners",
    "subresource",
    "upgrade_managed_fields",
    "upgrade_managed_fields_patch",
]

T = TypeVar("T")


class _Options:
    def __init__(self) -> None:
        self.subresource = ""


Option = Callable[[_Options], None]


def subresource(s: str) -> Option:
    """Upgrade the managers of subresource ``s`` (e.g. "status") rather than of the main resource."""

    def apply(opts: _Options) -> None:
        opts.subresource = s

    return apply


def find_fields_owners(
    managed_fields: Iterable[metav1.ManagedFieldsEntry], operation: str, fields: FieldSet
) -> List[metav1.ManagedFieldsEntry]:
    """The entries of ``operation`` that own every path of ``fields`` (entries whose fields do not decode are
    skipped)."""
    result = []
    for entry in managed_fields:
        if entry.operation != operation:
            continue
        try:
            field_set = _decode_managed_fields_entry_set(entry)
        except ValueError:
            continue
        if fields.difference(field_set).empty():
            result.append(entry)
    return result


def upgrade_managed_fields(obj: Any, csa_manager_names: Iterable[str], ssa_manager_name: str, *opts: Option) -> None:
    """Merge the Update entries of each CSA manager into ``ssa_manager_name``'s Apply entry (converting the newest
    CSA entry into it when there is none), in place. Not reversible: which fields the CSA managers owned is lost."""
    o = _options(opts)
    accessor = meta.accessor(obj)
    filtered = _optional_list(accessor.get_managed_fields())
    for csa_manager_name in csa_manager_names:
        filtered = _upgraded_managed_fields(filtered, csa_manager_name, ssa_manager_name, o)
    accessor.set_managed_fields(filtered)


def upgrade_managed_fields_patch(
    obj: Any, csa_manager_names: Iterable[str], ssa_manager_name: str, *opts: Option
) -> Optional[bytes]:
    """A JSON patch replacing the object's managed fields with what upgrade_managed_fields makes of them, and its
    resourceVersion with the one it has (so a concurrent change conflicts); None when there is nothing to change."""
    o = _options(opts)
    accessor = meta.accessor(obj)
    managed_fields = _optional_list(accessor.get_managed_fields())
    filtered = _optional_list(accessor.get_managed_fields())
    for csa_manager_name in csa_manager_names:
        filtered = _upgraded_managed_fields(filtered, csa_manager_name, ssa_manager_name, o)
    if managed_fields == filtered:
        return None
    convert = DefaultUnstructuredConverter.to_unstructured
    # a ManagedFieldsEntry is a message but not a runtime.Object (no TypeMeta); the converter takes any message
    value = None if filtered is None else [convert(e) for e in filtered]  # type: ignore[arg-type]
    patch = [
        {"op": "replace", "path": "/metadata/managedFields", "value": value},
        {"op": "replace", "path": "/metadata/resourceVersion", "value": accessor.get_resource_version()},
    ]
    return _gojson.dumps(patch)


def _options(opts: Sequence[Option]) -> _Options:
    o = _Options()
    for opt in opts:
        opt(o)
    return o


def _optional_list(entries: Optional[Iterable[metav1.ManagedFieldsEntry]]) -> Optional[List[metav1.ManagedFieldsEntry]]:
    return None if entries is None else list(entries)


def _copy(entry: metav1.ManagedFieldsEntry) -> metav1.ManagedFieldsEntry:
    out = metav1.ManagedFieldsEntry()
    out.CopyFrom(entry)
    return out


def _upgraded_managed_fields(
    managed_fields: Optional[List[metav1.ManagedFieldsEntry]], csa_manager_name: str, ssa_manager_name: str, o: _Options
) -> Optional[List[metav1.ManagedFieldsEntry]]:
    if managed_fields is None:
        return None
    managed_fields = [_copy(e) for e in managed_fields]
    apply_, update = metav1.ManagedFieldsOperationApply, metav1.ManagedFieldsOperationUpdate

    def is_csa(e: metav1.ManagedFieldsEntry) -> bool:
        return e.manager == csa_manager_name and e.operation == update and e.subresource == o.subresource

    replace_index, exists = _find_first_index(
        managed_fields,
        lambda e: e.manager == ssa_manager_name and e.operation == apply_ and e.subresource == o.subresource,
    )
    if not exists:
        # No SSA manager: the newest matching CSA entry (entries are sorted newest first) becomes it.
        replace_index, exists = _find_first_index(managed_fields, is_csa)
        if not exists:
            return managed_fields
        managed_fields[replace_index].operation = apply_
        managed_fields[replace_index].manager = ssa_manager_name
    _union_manager_into_index(managed_fields, replace_index, csa_manager_name, o)
    filtered = [e for e in managed_fields if not is_csa(e)]
    return filtered or None


def _union_manager_into_index(
    entries: List[metav1.ManagedFieldsEntry], target_index: int, csa_manager_name: str, o: _Options
) -> None:
    """Union into the entry at target_index the fields of the CSA manager's Update entry of the same apiVersion."""
    ssa_manager = entries[target_index]
    csa_index, csa_exists = _find_first_index(
        entries,
        lambda e: (
            e.manager == csa_manager_name
            and e.operation == metav1.ManagedFieldsOperationUpdate
            and e.subresource == o.subresource
            and e.apiVersion == ssa_manager.apiVersion
        ),
    )
    try:
        combined = _decode_managed_fields_entry_set(ssa_manager)
    except ValueError as err:
        raise ValueError(f"failed to convert fields to set: {err}") from err
    if csa_exists:
        try:
            csa_field_set = _decode_managed_fields_entry_set(entries[csa_index])
        except ValueError as err:
            raise ValueError(f"failed to convert fields to set: {err}") from err
        combined = combined.union(csa_field_set)
    entries[target_index].fieldsV1.Raw = combined.to_json()


def _find_first_index(collection: Sequence[T], predicate: Callable[[T], bool]) -> Tuple[int, bool]:
    for idx, entry in enumerate(collection):
        if predicate(entry):
            return idx, True
    return -1, False


def _decode_managed_fields_entry_set(entry: metav1.ManagedFieldsEntry) -> FieldSet:
    s = FieldSet()
    s.from_json(entry.fieldsV1.Raw if entry.HasField("fieldsV1") else b"")
    return s
