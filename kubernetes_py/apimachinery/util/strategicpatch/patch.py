"""Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch/patch.go).

Documents are decoded JSON values (dict / list / str / int / float / bool / None, integers kept as int64
as apimachinery's json.Unmarshal does); patches are written as Go's json.Marshal writes them (keys sorted).
Like Go, the functions that take maps may change the maps and lists they are given.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

from kubernetes_py._go.fmt import go_sprint as sprint
from kubernetes_py._go.json import JSONDecodeError, marshal, unmarshal
from kubernetes_py._go.reflect import go_equal, go_type, type_name
from kubernetes_py.apimachinery.util import mergepatch
from kubernetes_py.apimachinery.util.mergepatch import PreconditionFunc

from ._goslice import Slice
from ._gosort import slice_stable, sort_by_string
from .errors import StrategicPatchError
from .meta import LookupPatchMeta, PatchMeta, new_patch_meta_from_struct

__all__ = [
    "DiffOptions",
    "MergeOptions",
    "JSONMap",
    "create_two_way_merge_patch",
    "create_two_way_merge_patch_using_lookup_patch_meta",
    "create_two_way_merge_map_patch",
    "create_two_way_merge_map_patch_using_lookup_patch_meta",
    "strategic_merge_patch",
    "strategic_merge_patch_using_lookup_patch_meta",
    "strategic_merge_map_patch",
    "strategic_merge_map_patch_using_lookup_patch_meta",
    "merge_strategic_merge_map_patch_using_lookup_patch_meta",
    "create_three_way_merge_patch",
    "merging_maps_have_conflicts",
    "item_added_to_modified_slice",
    "item_removed_from_modified_slice",
    "item_matches_original_and_modified_slice",
    "create_delete_directive",
]

JSONMap = dict

directiveMarker = "$patch"
deleteDirective = "delete"
replaceDirective = "replace"
mergeDirective = "merge"
retainKeysStrategy = "retainKeys"
deleteFromPrimitiveListDirectivePrefix = "$deleteFromPrimitiveList"
retainKeysDirective = "$" + retainKeysStrategy
setElementOrderDirectivePrefix = "$setElementOrder"

_MAP = "map[string]interface {}"
_SLICE = "[]interface {}"


@dataclasses.dataclass
class DiffOptions:
    """How diff_maps computes a patch."""

    set_element_order: bool = False
    ignore_changes_and_additions: bool = False
    ignore_deletions: bool = False
    build_retain_keys_directive: bool = False


@dataclasses.dataclass
class MergeOptions:
    """How merge_map applies a patch."""

    merge_parallel_list: bool = False
    ignore_unmatched_nulls: bool = False


def _decode_object(data: Optional[bytes]) -> dict[Any, Any]:
    """json.Unmarshal into a map: anything but a JSON object (or null) is ErrBadJSONDoc."""
    try:
        value = unmarshal(data)
    except (JSONDecodeError, ValueError, UnicodeDecodeError):
        raise mergepatch.ErrBadJSONDoc from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise mergepatch.ErrBadJSONDoc
    return value


def _decode_optional(data: Optional[bytes]) -> dict[Any, Any]:
    return _decode_object(data) if data else {}


# --- two-way patches -----------------------------------------------------------------------------------------


def create_two_way_merge_patch(original: bytes, modified: bytes, data_struct: Any, *fns: PreconditionFunc) -> bytes:
    """The patch that turns ``original`` into ``modified`` (JSON documents of ``data_struct``'s type)."""
    schema = new_patch_meta_from_struct(data_struct)
    return create_two_way_merge_patch_using_lookup_patch_meta(original, modified, schema, *fns)


def create_two_way_merge_patch_using_lookup_patch_meta(
    original: bytes, modified: bytes, schema: LookupPatchMeta, *fns: PreconditionFunc
) -> bytes:
    original_map = _decode_optional(original)
    modified_map = _decode_optional(modified)
    patch_map = create_two_way_merge_map_patch_using_lookup_patch_meta(original_map, modified_map, schema, *fns)
    return marshal(patch_map)


def create_two_way_merge_map_patch(
    original: dict[Any, Any], modified: dict[Any, Any], data_struct: Any, *fns: PreconditionFunc
) -> dict[Any, Any]:
    schema = new_patch_meta_from_struct(data_struct)
    return create_two_way_merge_map_patch_using_lookup_patch_meta(original, modified, schema, *fns)


def create_two_way_merge_map_patch_using_lookup_patch_meta(
    original: dict[Any, Any], modified: dict[Any, Any], schema: LookupPatchMeta, *fns: PreconditionFunc
) -> dict[Any, Any]:
    patch_map = _diff_maps(original, modified, schema, DiffOptions(set_element_order=True))
    for fn in fns:
        if not fn(patch_map):
            raise mergepatch.new_err_precondition_failed(patch_map)
    return patch_map


def _diff_maps(
    original: Optional[dict[Any, Any]],
    modified: Optional[dict[Any, Any]],
    schema: LookupPatchMeta,
    options: DiffOptions,
) -> dict[Any, Any]:
    original = original if original is not None else {}
    modified = modified if modified is not None else {}
    patch: dict[Any, Any] = {}
    retain_keys: list[Any] = []
    for key, modified_value in modified.items():
        if options.build_retain_keys_directive and modified_value is not None:
            retain_keys.append(key)
        if key not in original:
            if not options.ignore_changes_and_additions:
                patch[key] = modified_value
            continue
        original_value = original[key]
        if _handle_directive_marker(key, original_value, modified_value, patch):
            continue
        if go_type(original_value) != go_type(modified_value):
            if not options.ignore_changes_and_additions:
                patch[key] = modified_value
            continue
        if isinstance(original_value, dict):
            _handle_map_diff(key, original_value, modified_value, patch, schema, options)
        elif isinstance(original_value, list):
            _handle_slice_diff(key, original_value, modified_value, patch, schema, options)
        else:
            _replace_patch_field_if_not_equal(key, original_value, modified_value, patch, options)
    _update_patch_if_missing(original, modified, patch, options)
    if retain_keys and (patch or _has_additional_new_field(original, modified)):
        patch[retainKeysDirective] = _sort_scalars(retain_keys)
    return patch


def _handle_directive_marker(key: str, original_value: Any, modified_value: Any, patch: dict[Any, Any]) -> bool:
    if key != directiveMarker:
        return False
    if not isinstance(original_value, str) or not isinstance(modified_value, str):
        raise StrategicPatchError(f"invalid value for special key: {directiveMarker}")
    if modified_value != original_value:
        patch[directiveMarker] = modified_value
    return True


def _field_meta(
    lookup: Callable[[str], tuple[LookupPatchMeta, PatchMeta]], key: str, original_value: Any, modified_value: Any
) -> Optional[tuple[LookupPatchMeta, PatchMeta, bool, str]]:
    """The field's schema, metadata, retainKeys flag and strategy; None when its metadata cannot be looked up but
    the values are equal anyway (no patch needed, as Go decides)."""
    try:
        subschema, patch_meta = lookup(key)
    except Exception:
        if _deep_equal(original_value, modified_value):
            return None
        raise
    retain_keys, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
    return subschema, patch_meta, retain_keys, strategy


def _handle_map_diff(
    key: str,
    original_value: dict[Any, Any],
    modified_value: dict[Any, Any],
    patch: dict[Any, Any],
    schema: LookupPatchMeta,
    options: DiffOptions,
) -> None:
    meta = _field_meta(schema.lookup_patch_metadata_for_struct, key, original_value, modified_value)
    if meta is None:
        return
    subschema, _, retain_keys, strategy = meta
    options = dataclasses.replace(options, build_retain_keys_directive=retain_keys)
    if strategy == replaceDirective:
        if not options.ignore_changes_and_additions:
            patch[key] = modified_value
        return
    patch_value = _diff_maps(original_value, modified_value, subschema, options)
    if patch_value:
        patch[key] = patch_value


def _handle_slice_diff(
    key: str,
    original_value: list[Any],
    modified_value: list[Any],
    patch: dict[Any, Any],
    schema: LookupPatchMeta,
    options: DiffOptions,
) -> None:
    meta = _field_meta(schema.lookup_patch_metadata_for_slice, key, original_value, modified_value)
    if meta is None:
        return
    subschema, patch_meta, retain_keys, strategy = meta
    if strategy == mergeDirective:
        options = dataclasses.replace(options, build_retain_keys_directive=retain_keys)
        add_list, deletion_list, set_order_list = _diff_lists(
            original_value, modified_value, subschema, patch_meta.get_patch_merge_key(), options
        )
        if add_list:
            patch[key] = add_list
        if deletion_list:
            patch[f"{deleteFromPrimitiveListDirectivePrefix}/{key}"] = deletion_list
        if set_order_list:
            patch[f"{setElementOrderDirectivePrefix}/{key}"] = set_order_list
    else:
        _replace_patch_field_if_not_equal(key, original_value, modified_value, patch, options)


def _deep_equal(a: Any, b: Any) -> bool:
    """reflect.DeepEqual of decoded JSON values (int64 1 and float64 1 differ)."""
    if go_type(a) != go_type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_deep_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_deep_equal(x, y) for x, y in zip(a, b))
    equal: bool = a == b
    return equal


def _replace_patch_field_if_not_equal(
    key: str, original: Any, modified: Any, patch: dict[Any, Any], options: DiffOptions
) -> None:
    if options.ignore_changes_and_additions:
        return
    if _deep_equal(original, modified):
        return
    patch[key] = modified


def _update_patch_if_missing(
    original: dict[Any, Any], modified: dict[Any, Any], patch: dict[Any, Any], options: DiffOptions
) -> None:
    if options.ignore_deletions:
        return
    for key in original:
        if key not in modified:
            patch[key] = None


def _validate_merge_key_in_lists(merge_key: str, *lists: list[Any]) -> None:
    for items in lists:
        for item in items:
            if not isinstance(item, dict):
                raise mergepatch.err_bad_arg_type(_MAP, item)
            if merge_key not in item:
                raise mergepatch.err_no_merge_key(item, merge_key)


def _normalize_element_order(
    patch: list[Any], server_only: list[Any], patch_order: list[Any], server_order: list[Any], merge_key: str, kind: str
) -> list[Any]:
    patch = _normalize_slice_order(patch, patch_order, merge_key, kind)
    server_only = _normalize_slice_order(server_only, server_order, merge_key, kind)
    return _merge_sorted_slice(server_only, patch, server_order, merge_key, kind)


def _merge_sorted_slice(
    left: list[Any], right: list[Any], server_order: list[Any], merge_key: str, kind: str
) -> list[Any]:
    def less(l_item: Any, r_item: Any) -> tuple[bool, bool]:
        li = _index(server_order, l_item, merge_key, kind)
        ri = _index(server_order, r_item, merge_key, kind)
        if li >= 0 and ri >= 0:
            return li < ri, True
        return False, False

    out = []
    i = j = 0
    for _ in range(len(left) + len(right)):
        if i >= len(left) and j < len(right):
            out.append(right[j])
            j += 1
        elif j >= len(right) and i < len(left):
            out.append(left[i])
            i += 1
        else:
            is_less, found_both = less(left[i], right[j])
            if found_both and is_less:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
    return out


def _index(items: list[Any], value: Any, merge_key: str, kind: str) -> int:
    if kind == "map":

        def get(item: Any) -> Any:
            return item.get(merge_key) if isinstance(item, dict) else None
    else:

        def get(item: Any) -> Any:
            return item

    wanted = get(value)
    for i, v in enumerate(items):
        if go_equal(wanted, get(v)):
            return i
    return -1


def _extract_to_delete_items(items: list[Any]) -> tuple[list[Any], list[Any]]:
    non_delete, to_delete = [], []
    for v in items:
        if not isinstance(v, dict):
            raise mergepatch.err_bad_arg_type(_MAP, v)
        if directiveMarker in v and v[directiveMarker] == deleteDirective:
            to_delete.append(v)
        else:
            non_delete.append(v)
    return non_delete, to_delete


def _normalize_slice_order(to_sort: list[Any], order: list[Any], merge_key: str, kind: str) -> list[Any]:
    to_delete: list[Any] = []
    if kind == "map":
        _validate_merge_key_in_lists(merge_key, to_sort, order)
        to_sort, to_delete = _extract_to_delete_items(to_sort)

    def less(a: Any, b: Any) -> bool:
        ia = _index(order, a, merge_key, kind)
        if ia >= 0:
            ib = _index(order, b, merge_key, kind)
            if ib >= 0:
                return ia < ib
        return True

    slice_stable(to_sort, less)
    return to_sort + to_delete


def _diff_lists(
    original: list[Any], modified: list[Any], schema: LookupPatchMeta, merge_key: str, options: DiffOptions
) -> tuple[Optional[list[Any]], Optional[list[Any]], Optional[list[Any]]]:
    if not original:
        if not modified or options.ignore_changes_and_additions:
            return None, None, None
        return modified, None, None
    kind = _slice_element_kind(original, modified)
    set_order_list = None
    delete_list: Optional[list[Any]]
    if kind == "map":
        patch_list, delete_list = _diff_lists_of_maps(original, modified, schema, merge_key, options)
        patch_list = _normalize_slice_order(patch_list, modified, merge_key, kind)
        order_same = _is_order_same(original, modified, merge_key)
        patch_list = patch_list + delete_list
        delete_list = None
        if options.set_element_order and (
            (not options.ignore_changes_and_additions and (patch_list or not order_same))
            or (not options.ignore_deletions and patch_list)
        ):
            set_order_list = [{merge_key: v[merge_key]} for v in modified]
    elif kind == "slice":
        raise mergepatch.ErrNoListOfLists
    else:
        patch_list, delete_list = _diff_lists_of_scalars(original, modified, options)
        patch_list = _normalize_slice_order(patch_list, modified, merge_key, kind)
        if options.set_element_order and (
            (not options.ignore_deletions and delete_list)
            or (not options.ignore_changes_and_additions and not _deep_equal(original, modified))
        ):
            set_order_list = modified
    return patch_list, delete_list, set_order_list


def _is_order_same(original: list[Any], modified: list[Any], merge_key: str) -> bool:
    if len(original) != len(modified):
        return False
    for i, modified_item in enumerate(modified):
        if not _merge_key_value_equal(original[i], modified_item, merge_key):
            return False
    return True


def _diff_lists_of_scalars(
    original: list[Any], modified: list[Any], options: DiffOptions
) -> tuple[list[Any], list[Any]]:
    original_scalars = _sort_scalars(original)
    modified_scalars = _sort_scalars(list(modified))
    oi = mi = 0
    add_list, deletion_list = [], []
    while True:
        o_in, m_in = oi < len(original_scalars), mi < len(modified_scalars)
        if not o_in and not m_in:
            break
        o_val = original_scalars[oi] if o_in else None
        m_val = modified_scalars[mi] if m_in else None
        o_str = sprint(o_val) if o_in else ""
        m_str = sprint(m_val) if m_in else ""
        o_v, m_v = _compare_list_values_at_index(o_in, m_in, o_str, m_str)
        if o_v is None and m_v is None:
            oi += 1
            mi += 1
        elif o_v is not None and m_v is None:
            if not options.ignore_deletions:
                deletion_list.append(o_val)
            oi += 1
        elif o_v is None and m_v is not None:
            if not options.ignore_changes_and_additions:
                add_list.append(m_val)
            mi += 1
        else:  # pragma: no cover - _compare_list_values_at_index never returns two values
            raise StrategicPatchError(f"Unexpected returned value from compareListValuesAtIndex: {o_v} and {m_v}")
    return add_list, _deduplicate_scalars(deletion_list)


def _compare_list_values_at_index(in1: bool, in2: bool, v1: str, v2: str) -> tuple[Optional[str], Optional[str]]:
    both = in1 and in2
    if both and v1 == v2:
        return None, None
    if not in1 or (both and v1 > v2):
        return None, v2
    if not in2 or (both and v1 < v2):
        return v1, None
    return None, None  # pragma: no cover


def _diff_lists_of_maps(
    original: list[Any], modified: list[Any], schema: LookupPatchMeta, merge_key: str, options: DiffOptions
) -> tuple[list[Any], list[Any]]:
    patch: list[Any] = []
    deletion_list: list[Any] = []
    original_sorted = _sort_merge_lists_by_name_array(original, schema, merge_key, False)
    modified_sorted = _sort_merge_lists_by_name_array(modified, schema, merge_key, False)
    oi = mi = 0
    while True:
        o_in, m_in = oi < len(original_sorted), mi < len(modified_sorted)
        both = o_in and m_in
        if not o_in and not m_in:
            break
        o_str = m_str = ""
        o_key = m_key = None
        o_elem = m_elem = None
        if o_in:
            o_elem, o_key = _get_map_and_merge_key_value_by_index(oi, merge_key, original_sorted)
            o_str = sprint(o_key)
        if m_in:
            m_elem, m_key = _get_map_and_merge_key_value_by_index(mi, merge_key, modified_sorted)
            m_str = sprint(m_key)
        if both and o_str == m_str:
            patch_value = _diff_maps(o_elem, m_elem, schema, options)
            if patch_value:
                patch_value[merge_key] = m_key
                patch.append(patch_value)
            oi += 1
            mi += 1
        elif not o_in or (both and o_str > m_str):
            if not options.ignore_changes_and_additions:
                patch.append(m_elem)
            mi += 1
        else:
            if not options.ignore_deletions:
                deletion_list.append(create_delete_directive(merge_key, o_key))
            oi += 1
    return patch, deletion_list


def _get_map_and_merge_key_value_by_index(
    index: int, merge_key: str, list_of_maps: list[Any]
) -> tuple[dict[Any, Any], Any]:
    m = list_of_maps[index]
    if not isinstance(m, dict):
        raise mergepatch.err_bad_arg_type(_MAP, m)
    if merge_key not in m:
        raise mergepatch.err_no_merge_key(m, merge_key)
    return m, m[merge_key]


# --- applying patches ----------------------------------------------------------------------------------------


def strategic_merge_patch(original: bytes, patch: bytes, data_struct: Any) -> bytes:
    """Apply a strategic merge patch to a JSON document of ``data_struct``'s type; returns the JSON result."""
    schema = new_patch_meta_from_struct(data_struct)
    return strategic_merge_patch_using_lookup_patch_meta(original, patch, schema)


def strategic_merge_patch_using_lookup_patch_meta(original: bytes, patch: bytes, schema: LookupPatchMeta) -> bytes:
    original_map = _handle_unmarshal(original)
    patch_map = _handle_unmarshal(patch)
    return marshal(strategic_merge_map_patch_using_lookup_patch_meta(original_map, patch_map, schema))


def _handle_unmarshal(data: Optional[bytes]) -> dict[Any, Any]:
    return _decode_object(b"{}" if data is None else data)


def strategic_merge_map_patch(original: dict[Any, Any], patch: dict[Any, Any], data_struct: Any) -> dict[Any, Any]:
    """Apply a decoded strategic merge patch to a decoded document (not supported for Unstructured)."""
    schema = new_patch_meta_from_struct(data_struct)
    from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

    if isinstance(data_struct, unstructured.Unstructured):
        raise mergepatch.ErrUnsupportedStrategicMergePatchFormat
    return strategic_merge_map_patch_using_lookup_patch_meta(original, patch, schema)


def strategic_merge_map_patch_using_lookup_patch_meta(
    original: dict[Any, Any], patch: dict[Any, Any], schema: LookupPatchMeta
) -> dict[Any, Any]:
    return _merge_map(original, patch, schema, MergeOptions(merge_parallel_list=True, ignore_unmatched_nulls=True))


def merge_strategic_merge_map_patch_using_lookup_patch_meta(
    schema: LookupPatchMeta, *patches: dict[Any, Any]
) -> dict[Any, Any]:
    """Merge several patches into one (parallel lists and nulls kept)."""
    merged: dict[Any, Any] = {}
    for patch in patches:
        merged = _merge_map(merged, patch, schema, MergeOptions())
    return merged


def _handle_directive_in_merge_map(directive: Any, patch: dict[Any, Any]) -> dict[Any, Any]:
    if isinstance(directive, str) and directive == replaceDirective:
        del patch[directiveMarker]
        return patch
    if isinstance(directive, str) and directive == deleteDirective:
        return {}
    raise mergepatch.err_bad_patch_type(directive, patch)


def _contains_directive_marker(item: Any) -> bool:
    return isinstance(item, dict) and directiveMarker in item


def _merge_key_value_equal(left: Any, right: Any, merge_key: str) -> bool:
    if not merge_key:
        return go_equal(left, right)
    if not isinstance(left, dict):
        raise mergepatch.err_bad_arg_type(_MAP, left)
    if not isinstance(right, dict):
        raise mergepatch.err_bad_arg_type(_MAP, right)
    if merge_key not in left:
        raise mergepatch.err_no_merge_key(left, merge_key)
    if merge_key not in right:
        raise mergepatch.err_no_merge_key(right, merge_key)
    return go_equal(left[merge_key], right[merge_key])


def _extract_key(s: str, prefix: str) -> str:
    parts = s.split("/", 1)
    if len(parts) <= 1 or parts[0] != prefix:
        if prefix == deleteFromPrimitiveListDirectivePrefix:
            raise mergepatch.ErrBadPatchFormatForPrimitiveList
        if prefix == setElementOrderDirectivePrefix:
            raise mergepatch.ErrBadPatchFormatForSetElementOrderList
        raise StrategicPatchError(f'fail to find unknown prefix "{prefix}" in {s}\n')
    return parts[1]


def _validate_patch_with_set_order_list(patch_list: Any, set_order_list: Any, merge_key: str) -> None:
    if not isinstance(set_order_list, list) or not isinstance(patch_list, list):
        raise mergepatch.ErrBadPatchFormatForSetElementOrderList
    if not set_order_list or not patch_list:
        return
    non_delete = _extract_to_delete_items(patch_list)[0] if merge_key else patch_list
    pi = si = 0
    while pi < len(non_delete) and si < len(set_order_list):
        if _contains_directive_marker(non_delete[pi]):
            pi += 1
            continue
        if _merge_key_value_equal(non_delete[pi], set_order_list[si], merge_key):
            pi += 1
        si += 1
    if pi < len(non_delete) and si >= len(set_order_list):
        raise StrategicPatchError(
            f"The order in patch list:\n{sprint(patch_list)}\n doesn't match "
            f"{setElementOrderDirectivePrefix} list:\n{sprint(set_order_list)}\n"
        )


def _preprocess_deletion_list_for_merging(
    key: str, original: dict[Any, Any], patch_val: Any, merge_deletion_list: bool
) -> tuple[bool, bool, str]:
    if key.startswith(deleteFromPrimitiveListDirectivePrefix):
        if not merge_deletion_list:
            original[key] = patch_val
            return True, False, ""
        return False, True, _extract_key(key, deleteFromPrimitiveListDirectivePrefix)
    return False, False, ""


def _apply_retain_keys_directive(original: dict[Any, Any], patch: dict[Any, Any], options: MergeOptions) -> None:
    if retainKeysDirective not in patch:
        return
    retain_keys_in_patch = patch.pop(retainKeysDirective)
    if not options.merge_parallel_list:
        if retainKeysDirective in original:
            if not _deep_equal(original[retainKeysDirective], retain_keys_in_patch):
                raise StrategicPatchError(
                    f"{sprint(original[retainKeysDirective])} and {sprint(retain_keys_in_patch)} are not deep "
                    f"equal: this may happen when calculating the 3-way diff patch"
                )
        else:
            original[retainKeysDirective] = retain_keys_in_patch
        return
    if not isinstance(retain_keys_in_patch, list):
        raise mergepatch.ErrBadPatchFormatForRetainKeys
    keep = retain_keys_in_patch
    for k, v in patch.items():
        if (
            v is None
            or k.startswith(deleteFromPrimitiveListDirectivePrefix)
            or k.startswith(setElementOrderDirectivePrefix)
        ):
            continue
        if not any(go_equal(k, r) for r in keep if not isinstance(r, (dict, list))):
            raise mergepatch.ErrBadPatchFormatForRetainKeys
    for k in list(original):
        if not any(go_equal(k, r) for r in keep if not isinstance(r, (dict, list))):
            del original[k]


def _merge_patch_into_original(
    original: dict[Any, Any], patch: dict[Any, Any], schema: LookupPatchMeta, options: MergeOptions
) -> None:
    for key in [k for k in patch if k.startswith(setElementOrderDirectivePrefix)]:
        if key not in patch:
            continue
        set_element_order_in_patch = patch[key]
        if not options.merge_parallel_list:
            if key in original:
                if not _deep_equal(original[key], set_element_order_in_patch):
                    raise mergepatch.ErrBadPatchFormatForSetElementOrderList
            else:
                original[key] = set_element_order_in_patch
        del patch[key]

        if not isinstance(set_element_order_in_patch, list):
            raise mergepatch.err_bad_arg_type(_SLICE, set_element_order_in_patch)
        original_key = _extract_key(key, setElementOrderDirectivePrefix)
        found_original, found_patch = original_key in original, original_key in patch
        original_list, patch_list = original.get(original_key), patch.get(original_key)
        original_field_value: list[Any] = []
        patch_field_value: list[Any] = []
        if found_original:
            if not isinstance(original_list, list):
                raise mergepatch.err_bad_arg_type(_SLICE, original_list)
            original_field_value = original_list
        if found_patch:
            if not isinstance(patch_list, list):
                raise mergepatch.err_bad_arg_type(_SLICE, patch_list)
            patch_field_value = patch_list
        subschema, patch_meta = schema.lookup_patch_metadata_for_slice(original_key)
        _, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
        merge_key = patch_meta.get_patch_merge_key()
        _validate_patch_with_set_order_list(
            patch_field_value if found_patch else [], set_element_order_in_patch, merge_key
        )
        if found_original and not found_patch:
            merged = original_field_value
        elif not found_original and found_patch:
            v, keep = _remove_directives(patch_field_value)
            if not keep:  # pragma: no cover - a list is always kept
                continue
            merged = v
        elif found_original and found_patch:
            merged, original_field_value = _merge_slice_handler_aliased(
                original_list, patch_list, subschema, strategy, merge_key, False, options
            )
        else:
            continue
        if not merge_key:
            patch_items, server_only_items = _partition_primitives_by_present_in_list(
                merged, set_element_order_in_patch
            )
        else:
            patch_items, server_only_items = _partition_maps_by_present_in_list(
                merged, set_element_order_in_patch, merge_key
            )
        kind = _slice_element_kind(original_field_value, patch_field_value)
        original[original_key] = _normalize_element_order(
            patch_items, server_only_items, set_element_order_in_patch, original_field_value, merge_key, kind
        )
        patch.pop(original_key, None)


def _partition_primitives_by_present_in_list(
    original: list[Any], partition_by: list[Any]
) -> tuple[list[Any], list[Any]]:
    patch, server_only = [], []
    for v in original:
        if any(go_equal(v, p) for p in partition_by):
            patch.append(v)
        else:
            server_only.append(v)
    return patch, server_only


def _partition_maps_by_present_in_list(
    original: list[Any], partition_by: list[Any], merge_key: str
) -> tuple[list[Any], list[Any]]:
    patch: list[Any] = []
    server_only: list[Any] = []
    for v in original:
        if not isinstance(v, dict):
            raise mergepatch.err_bad_arg_type(_MAP, v)
        if merge_key not in v:
            raise mergepatch.err_no_merge_key(v, merge_key)
        _, _, found = _find_map_in_slice_based_on_key_value(partition_by, merge_key, v[merge_key])
        (patch if found else server_only).append(v)
    return patch, server_only


def _patch_value(patch_v: Any, options: MergeOptions) -> tuple[Any, bool]:
    """The patch's value as stored where the original has none (or one of another type): its nulls dropped when
    unmatched nulls are ignored, its directives removed; False when nothing is left to store."""
    if options.ignore_unmatched_nulls:
        _discard_null_values_from_patch(patch_v)
    return _remove_directives(patch_v)


def _remove_directives(obj: Any) -> tuple[Any, bool]:
    if obj is None:
        return obj, True
    if isinstance(obj, dict):
        if directiveMarker in obj:
            return None, False
        for k in list(obj):
            value, keep = _remove_directives(obj[k])
            if keep:
                obj[k] = value
            else:
                del obj[k]
        return obj, True
    if isinstance(obj, list):
        out = []
        for v in obj:
            value, keep = _remove_directives(v)
            if keep:
                out.append(value)
        return out, True
    return obj, True


def _merge_map(
    original: Optional[dict[Any, Any]], patch: dict[Any, Any], schema: LookupPatchMeta, options: MergeOptions
) -> dict[Any, Any]:
    if directiveMarker in patch:
        return _handle_directive_in_merge_map(patch[directiveMarker], patch)
    if original is None:
        original = {}
    _apply_retain_keys_directive(original, patch, options)
    _merge_patch_into_original(original, patch, schema, options)

    for k, patch_v in list(patch.items()):
        skip, is_delete_list, no_prefix_key = _preprocess_deletion_list_for_merging(
            k, original, patch_v, options.merge_parallel_list
        )
        if skip:
            continue
        if no_prefix_key:
            k = no_prefix_key
        if patch_v is None:
            original.pop(k, None)
            if options.ignore_unmatched_nulls:
                continue
        if k not in original:
            if not is_delete_list:
                value, keep = _patch_value(patch_v, options)
                if keep:
                    original[k] = value
            continue
        if go_type(original[k]) != go_type(patch_v):
            if not is_delete_list:
                value, keep = _patch_value(patch_v, options)
                if keep:
                    original[k] = value
                else:
                    del original[k]
            continue
        if isinstance(original[k], dict):
            subschema, patch_meta = schema.lookup_patch_metadata_for_struct(k)
            _, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
            original[k] = _merge_map_handler(original[k], patch_v, subschema, strategy, options)
        elif isinstance(original[k], list):
            subschema, patch_meta = schema.lookup_patch_metadata_for_slice(k)
            _, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
            original[k] = _merge_slice_handler(
                original[k], patch_v, subschema, strategy, patch_meta.get_patch_merge_key(), is_delete_list, options
            )
        else:
            value, keep = _remove_directives(patch_v)
            if keep:
                original[k] = value
            else:
                del original[k]
    return original


def _discard_null_values_from_patch(patch_v: Any) -> None:
    if isinstance(patch_v, dict):
        for k in list(patch_v):
            if patch_v[k] is None:
                del patch_v[k]
            else:
                _discard_null_values_from_patch(patch_v[k])
    elif isinstance(patch_v, list):
        for v in patch_v:
            _discard_null_values_from_patch(v)


def _merge_map_handler(
    original: Any, patch: Any, schema: LookupPatchMeta, strategy: str, options: MergeOptions
) -> dict[Any, Any]:
    if not isinstance(original, dict):
        raise mergepatch.err_bad_arg_type(_MAP, original)
    if not isinstance(patch, dict):
        raise mergepatch.err_bad_arg_type(_MAP, patch)
    if strategy != replaceDirective:
        return _merge_map(original, patch, schema, options)
    return patch


def _merge_slice_handler(
    original: Any,
    patch: Any,
    schema: LookupPatchMeta,
    strategy: str,
    merge_key: str,
    is_delete_list: bool,
    options: MergeOptions,
) -> list[Any]:
    return _merge_slice_handler_aliased(original, patch, schema, strategy, merge_key, is_delete_list, options)[0]


def _merge_slice_handler_aliased(
    original: Any,
    patch: Any,
    schema: LookupPatchMeta,
    strategy: str,
    merge_key: str,
    is_delete_list: bool,
    options: MergeOptions,
) -> tuple[list[Any], list[Any]]:
    """The merged list, and what the caller's ``original`` slice holds afterwards (see _goslice)."""
    if not isinstance(original, list):
        raise mergepatch.err_bad_arg_type(_SLICE, original)
    if not isinstance(patch, list):
        raise mergepatch.err_bad_arg_type(_SLICE, patch)
    if strategy == mergeDirective or is_delete_list:
        header = Slice.decoded(original)
        merged = _merge_slice(header, patch, schema, merge_key, options, is_delete_list)
        return merged, header.buf[: len(original)]
    return patch, original


def _merge_slice(
    original_header: Slice,
    patch: list[Any],
    schema: LookupPatchMeta,
    merge_key: str,
    options: MergeOptions,
    is_delete_list: bool,
) -> list[Any]:
    original = original_header.items()
    if not original and not patch:
        return original
    kind = _slice_element_kind(original, patch)
    if kind != "map":
        if options.merge_parallel_list and is_delete_list:
            return _delete_from_slice(original, patch)
        both = original_header.append(*patch)
        merged = _deduplicate_scalars_in_place(both)
        header = original_header
    else:
        if merge_key == "":
            raise StrategicPatchError(f"cannot merge lists without merge key for {schema.name()}")
        header, patch_rest = _merge_slice_with_special_elements(original_header, patch, merge_key)
        merged = _merge_slice_without_special_elements(header, patch_rest, merge_key, schema, options)
        patch = patch_rest if patch_rest is not None else []
    # Go orders by its ``original`` slice, whose backing array the append and de-duplication above may
    # have written into: read it back as it is now.
    original = header.buf[: header.length]
    if not merge_key:
        patch_items, server_only_items = _partition_primitives_by_present_in_list(merged, patch)
    else:
        patch_items, server_only_items = _partition_maps_by_present_in_list(merged, patch, merge_key)
    return _normalize_element_order(patch_items, server_only_items, patch, original, merge_key, kind)


def _merge_slice_with_special_elements(
    original: Slice, patch: list[Any], merge_key: str
) -> tuple[Slice, Optional[list[Any]]]:
    without_special = []
    replace = False
    for v in patch:
        if directiveMarker not in v:
            without_special.append(v)
            continue
        patch_type = v[directiveMarker]
        if isinstance(patch_type, str) and patch_type == deleteDirective:
            if merge_key not in v:
                raise mergepatch.err_no_merge_key(v, merge_key)
            original = _delete_matching_entries(original, merge_key, v[merge_key])
        elif isinstance(patch_type, str) and patch_type == replaceDirective:
            replace = True
        elif isinstance(patch_type, str) and patch_type == mergeDirective:
            raise StrategicPatchError("merging lists cannot yet be specified in the patch")
        else:
            raise mergepatch.err_bad_patch_type(patch_type, v)
    if replace:
        return Slice(without_special, len(without_special)), None
    return original, without_special


def _delete_matching_entries(original: Slice, merge_key: str, merge_value: Any) -> Slice:
    while True:
        _, index, found = _find_map_in_slice_based_on_key_value(original.items(), merge_key, merge_value)
        if not found:
            return original
        original = original.delete_at(index)


def _merge_slice_without_special_elements(
    original: Slice, patch: Optional[list[Any]], merge_key: str, schema: LookupPatchMeta, options: MergeOptions
) -> list[Any]:
    for v in patch or ():
        if merge_key not in v:
            raise mergepatch.err_no_merge_key(v, merge_key)
        original_map, index, found = _find_map_in_slice_based_on_key_value(original.items(), merge_key, v[merge_key])
        if found:
            original.buf[index] = _merge_map(original_map, v, schema, options)
        else:
            original = original.append(v)
    return original.items()


def _delete_from_slice(current: list[Any], to_delete: list[Any]) -> list[Any]:
    return [v for v in current if not any(go_equal(v, d) for d in to_delete)]


def _find_map_in_slice_based_on_key_value(
    items: list[Any], key: str, value: Any
) -> tuple[Optional[dict[Any, Any]], int, bool]:
    for i, v in enumerate(items):
        if not isinstance(v, dict):
            raise StrategicPatchError(f"value for key {i} is not a map")
        if key in v and go_equal(v[key], value):
            return v, i, True
    return None, 0, False


def _sort_merge_lists_by_name_map(s: dict[Any, Any], schema: LookupPatchMeta) -> dict[Any, Any]:
    out = {}
    for k, v in s.items():
        if k == retainKeysDirective:
            if not isinstance(v, list):
                raise mergepatch.ErrBadPatchFormatForRetainKeys
            v = _sort_scalars(v)
        elif k.startswith(deleteFromPrimitiveListDirectivePrefix):
            if not isinstance(v, list):
                raise mergepatch.ErrBadPatchFormatForPrimitiveList
            v = _sort_scalars(v)
        elif k.startswith(setElementOrderDirectivePrefix):
            if not isinstance(v, list):
                raise mergepatch.ErrBadPatchFormatForSetElementOrderList
        elif k != directiveMarker:
            if isinstance(v, dict):
                subschema, _ = schema.lookup_patch_metadata_for_struct(k)
                v = _sort_merge_lists_by_name_map(v, subschema)
            elif isinstance(v, list):
                subschema, patch_meta = schema.lookup_patch_metadata_for_slice(k)
                _, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
                if strategy == mergeDirective:
                    v = _sort_merge_lists_by_name_array(v, subschema, patch_meta.get_patch_merge_key(), True)
        out[k] = v
    return out


def _sort_merge_lists_by_name_array(s: list[Any], schema: LookupPatchMeta, merge_key: str, recurse: bool) -> list[Any]:
    if not s:
        return s
    if _slice_element_kind(s) != "map":
        return _deduplicate_and_sort_scalars(s)
    out = [_sort_merge_lists_by_name_map(elem, schema) if recurse else elem for elem in s]
    sort_by_string(out, lambda m: sprint(m.get(merge_key)))
    return out


def _deduplicate_and_sort_scalars(s: list[Any]) -> list[Any]:
    """De-duplicate and sort in the caller's list, as Go does in the slice's backing array: the first
    (de-duplicated) part of ``s`` ends up sorted, and that part is returned."""
    unique = _deduplicate_scalars_in_place(Slice(s, len(s)))
    _sort_scalars(unique)
    s[: len(unique)] = unique
    return unique


def _sort_scalars(s: list[Any]) -> list[Any]:
    """sort.Sort of scalars by their %v text, in place (as Go sorts the caller's slice); returns the list."""
    sort_by_string(s, sprint)
    return s


def _deduplicate_scalars(s: list[Any]) -> list[Any]:
    """Go's in-place de-duplication: a duplicate is replaced by the last element (so order changes)."""
    return _deduplicate_scalars_in_place(Slice(list(s), len(s)))


def _deduplicate_scalars_in_place(header: Slice) -> list[Any]:
    s = header.buf
    length = header.length - 1
    i = 0
    while i < length:
        j = i + 1
        while j <= length:
            if go_equal(s[i], s[j]):
                s[j] = s[length]
                length -= 1
                j -= 1
            j += 1
        i += 1
    return s[: length + 1]


def _slice_element_kind(*slices: list[Any]) -> str:
    """The reflect kind of the elements of the slices (which must all have one type)."""
    prev = None
    for s in slices:
        for v in s:
            current = go_type(v)
            if prev is None:
                prev = current
                if isinstance(v, list):
                    raise mergepatch.ErrNoListOfLists
            elif prev != current:
                raise StrategicPatchError(f"list element types are not identical: {sprint([list(x) for x in slices])}")
    if prev is None:
        raise StrategicPatchError("no elements in any of the given slices")
    return {_MAP: "map", _SLICE: "slice", "nil": "invalid"}.get(prev, prev)


# --- three-way patches and conflicts --------------------------------------------------------------------------


def merging_maps_have_conflicts(left: dict[Any, Any], right: dict[Any, Any], schema: LookupPatchMeta) -> bool:
    """Whether two patches change the same fields in different ways."""
    return _merging_map_fields_have_conflicts(left, right, schema, "", "")


def _merging_map_fields_have_conflicts(
    left: Any, right: Any, schema: LookupPatchMeta, strategy: str, merge_key: str
) -> bool:
    if isinstance(left, dict):
        if not isinstance(right, dict):
            return True
        ok_left, ok_right = directiveMarker in left, directiveMarker in right
        if ok_left or ok_right:
            if ok_left != ok_right:
                return True
            if not go_equal(left[directiveMarker], right[directiveMarker]):
                return True
        if strategy == replaceDirective:
            return False
        return _maps_have_conflicts(left, right, schema)
    if isinstance(left, list):
        if not isinstance(right, list):
            return True
        return _slices_have_conflicts(left, right, schema, strategy, merge_key)
    if left is None or isinstance(left, (str, float, bool, int)):
        return not _deep_equal(left, right)
    raise StrategicPatchError(f"unknown type: {type_name(left)}")  # pragma: no cover


def _maps_have_conflicts(left: dict[Any, Any], right: dict[Any, Any], schema: LookupPatchMeta) -> bool:
    for key, left_value in left.items():
        if key in (directiveMarker, retainKeysDirective) or key not in right:
            continue
        subschema = schema  # Go passes a nil schema for a scalar, whose comparison does not read it
        strategy, merge_key = "", ""
        if isinstance(left_value, list):
            subschema, patch_meta = schema.lookup_patch_metadata_for_slice(key)
            _, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
            merge_key = patch_meta.get_patch_merge_key()
        elif isinstance(left_value, dict):
            subschema, patch_meta = schema.lookup_patch_metadata_for_struct(key)
            _, strategy = _extract_retain_keys_patch_strategy(patch_meta.get_patch_strategies())
            merge_key = patch_meta.get_patch_merge_key()
        if _merging_map_fields_have_conflicts(left_value, right[key], subschema, strategy, merge_key):
            return True
    return False


def _slices_have_conflicts(
    left: list[Any], right: list[Any], schema: LookupPatchMeta, strategy: str, merge_key: str
) -> bool:
    kind = _slice_element_kind(left, right)
    if strategy == mergeDirective:
        if kind != "map":
            return False
        left_map = _slice_of_maps_to_map_of_maps(left, merge_key)
        right_map = _slice_of_maps_to_map_of_maps(right, merge_key)
        return _maps_of_maps_have_conflicts(left_map, right_map, schema)
    if len(left) != len(right):
        return True
    if kind != "map":
        left = _deduplicate_and_sort_scalars(left)
        right = _deduplicate_and_sort_scalars(right)
    return any(_merging_map_fields_have_conflicts(a, b, schema, "", "") for a, b in zip(left, right))


def _slice_of_maps_to_map_of_maps(items: list[Any], merge_key: str) -> dict[Any, Any]:
    result = {}
    for value in items:
        if not isinstance(value, dict):
            raise StrategicPatchError(f"invalid element type in merging list:{sprint(items)}")
        if merge_key not in value:
            raise StrategicPatchError(f"cannot find merge key `{merge_key}` in merging list element:{sprint(value)}")
        mv = value[merge_key]
        result[mv if isinstance(mv, str) else f"%!s({type_name(mv)}={sprint(mv)})"] = value
    return result


def _maps_of_maps_have_conflicts(left: dict[Any, Any], right: dict[Any, Any], schema: LookupPatchMeta) -> bool:
    return any(
        key in right and _merging_map_fields_have_conflicts(value, right[key], schema, "", "")
        for key, value in left.items()
    )


def create_three_way_merge_patch(
    original: bytes, modified: bytes, current: bytes, schema: LookupPatchMeta, overwrite: bool, *fns: PreconditionFunc
) -> bytes:
    """The patch that turns ``current`` into ``modified``, deleting only what ``original`` had and ``modified``
    dropped; with ``overwrite`` False it raises ErrConflict when that would undo changes made in ``current``."""
    original_map = _decode_optional(original)
    modified_map = _decode_optional(modified)
    current_map = _decode_optional(current)
    delta_map = _diff_maps(
        current_map, modified_map, schema, DiffOptions(ignore_deletions=True, set_element_order=True)
    )
    deletions_map = _diff_maps(
        original_map, modified_map, schema, DiffOptions(set_element_order=True, ignore_changes_and_additions=True)
    )
    patch_map = _merge_map(deletions_map, delta_map, schema, MergeOptions())
    for fn in fns:
        if not fn(patch_map):
            raise mergepatch.new_err_precondition_failed(patch_map)
    if not overwrite:
        changed_map = _diff_maps(original_map, current_map, schema, DiffOptions())
        if merging_maps_have_conflicts(patch_map, changed_map, schema):
            raise mergepatch.new_err_conflict(
                mergepatch.to_yaml_or_error(patch_map), mergepatch.to_yaml_or_error(changed_map)
            )
    return marshal(patch_map)


def item_added_to_modified_slice(original: str, modified: str) -> bool:
    return original > modified


def item_removed_from_modified_slice(original: str, modified: str) -> bool:
    return original < modified


def item_matches_original_and_modified_slice(original: str, modified: str) -> bool:
    return original == modified


def create_delete_directive(merge_key: str, merge_key_value: Any) -> dict[Any, Any]:
    return {merge_key: merge_key_value, directiveMarker: deleteDirective}


def _extract_retain_keys_patch_strategy(strategies: list[str]) -> tuple[bool, str]:
    if len(strategies) == 0:
        return False, ""
    if len(strategies) == 1:
        if strategies[0] == retainKeysStrategy:
            return True, ""
        return False, strategies[0]
    if len(strategies) == 2:
        if strategies[0] == retainKeysStrategy:
            return True, strategies[1]
        if strategies[1] == retainKeysStrategy:
            return True, strategies[0]
    raise StrategicPatchError(f"unexpected patch strategy: [{' '.join(strategies)}]")


def _has_additional_new_field(original: dict[Any, Any], modified: dict[Any, Any]) -> bool:
    return any(v is not None and k not in modified for k, v in original.items())


def _sort_merge_lists_by_name(map_json: bytes, schema: LookupPatchMeta) -> bytes:
    """The JSON document with every merging list sorted by merge key (and scalar lists sorted)."""
    try:
        m = unmarshal(map_json)
    except (JSONDecodeError, ValueError):
        raise mergepatch.ErrBadJSONDoc from None
    return marshal(_sort_merge_lists_by_name_map(m if m is not None else {}, schema))
