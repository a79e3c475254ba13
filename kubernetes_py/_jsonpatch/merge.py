"""RFC 7386 JSON merge patch as gopkg.in/evanphx/json-patch.v4 applies it (MergePatch, MergeMergePatches)."""

from __future__ import annotations

import json
from typing import Any, Optional


from kubernetes_py._go.json import JSONSyntaxError, check_valid
from ._lazy import Node, PartialArray, PartialDoc, marshal_ary, marshal_doc, split_array, split_object, json_kind

__all__ = [
    "MergePatchError",
    "ErrBadJSONDoc",
    "ErrBadJSONPatch",
    "ErrBadMergeTypes",
    "merge_patch",
    "merge_merge_patches",
    "create_merge_patch",
]


class MergePatchError(ValueError):
    """An error of the merge patch functions."""


ErrBadJSONDoc = MergePatchError("Invalid JSON Document")
ErrBadJSONPatch = MergePatchError("Invalid JSON Patch")


def _merge(cur: Node, patch: Node, merge_merge: bool) -> Node:
    try:
        cur_doc = cur.into_doc()
    except ValueError:
        _prune_nulls(patch)
        return patch
    try:
        patch_doc = patch.into_doc()
    except ValueError:
        return patch
    _merge_docs(cur_doc, patch_doc, merge_merge)
    return cur


def _merge_docs(doc: PartialDoc, patch: PartialDoc, merge_merge: bool) -> None:
    for k, v in patch.items():
        if v is None:
            if merge_merge:
                doc[k] = None
            else:
                doc.pop(k, None)
            continue
        cur = doc.get(k)
        if cur is None:
            if not merge_merge:
                _prune_nulls(v)
            doc[k] = v
        else:
            doc[k] = _merge(cur, v, merge_merge)


def _prune_nulls(n: Node) -> None:
    try:
        _prune_doc_nulls(n.into_doc())
    except ValueError:
        try:
            _prune_ary_nulls(n.into_ary())
        except ValueError:
            pass


def _prune_doc_nulls(doc: PartialDoc) -> PartialDoc:
    for k in list(doc):
        v = doc[k]
        if v is None:
            del doc[k]
        else:
            _prune_nulls(v)
    return doc


def _prune_ary_nulls(ary: PartialArray) -> PartialArray:
    # json-patch v4 prunes inside the elements but keeps null elements themselves.
    for v in ary:
        if v is not None:
            _prune_nulls(v)
    return ary


def _parse_doc(text: str) -> tuple[Optional[PartialDoc], Optional[BaseException], bool]:
    """(members, error, is_syntax_error) of json.Unmarshal into a partialDoc."""
    try:
        check_valid(text)
    except JSONSyntaxError as err:
        return None, err, True
    kind = json_kind(text)
    if kind == "null":
        return None, None, False
    if kind != "object":
        return None, ValueError(kind), False
    return {k: Node.of(v) for k, v in split_object(text).items()}, None, False


def _do_merge_patch(doc_data: Any, patch_data: Any, merge_merge: bool) -> bytes:
    doc_text = doc_data.decode("utf-8") if isinstance(doc_data, (bytes, bytearray)) else str(doc_data)
    patch_text = patch_data.decode("utf-8") if isinstance(patch_data, (bytes, bytearray)) else str(patch_data)
    doc, doc_err, doc_syntax = _parse_doc(doc_text)
    patch, patch_err, patch_syntax = _parse_doc(patch_text)
    if doc_syntax:
        raise ErrBadJSONDoc
    if patch_syntax:
        raise ErrBadJSONPatch
    if doc_err is None and doc is None:
        raise ErrBadJSONDoc
    if patch_err is None and patch is None:
        raise ErrBadJSONPatch
    # From here a document is None exactly when it has an error.
    if doc is None or patch is None:
        if patch is not None:
            result = patch if merge_merge else _prune_doc_nulls(patch)
            return marshal_doc(result).encode("utf-8")
        if json_kind(patch_text) != "array":
            raise ErrBadJSONPatch
        patch_ary = [Node.of(v) for v in split_array(patch_text)]
        return marshal_ary(_prune_ary_nulls(patch_ary)).encode("utf-8")
    _merge_docs(doc, patch, merge_merge)
    return marshal_doc(doc).encode("utf-8")


def merge_patch(doc_data: Any, patch_data: Any) -> bytes:
    """Apply a JSON merge patch to a JSON document (both objects); returns the merged document."""
    return _do_merge_patch(doc_data, patch_data, False)


def merge_merge_patches(patch1_data: Any, patch2_data: Any) -> bytes:
    """Merge two merge patches into one (nulls kept, so deletions survive)."""
    return _do_merge_patch(patch1_data, patch2_data, True)


ErrBadMergeTypes = MergePatchError("Mismatched JSON Documents")


def _resembles_json_array(data: bytes) -> bool:
    text = data.strip()
    return text.startswith(b"[") and text.endswith(b"]")


def _std_unmarshal(data: bytes) -> Any:
    """encoding/json into interface{}: every number is a float64."""
    check_valid(data.decode("utf-8"))
    return json.loads(data, parse_int=float)


def _matches_value(av: Any, bv: Any) -> bool:
    if type(av) is not type(bv):
        return False
    if isinstance(av, dict):
        if len(av) != len(bv):
            return False
        return all((k in av) == (k in bv) and _matches_value(av.get(k), bv[k]) for k in bv)
    if isinstance(av, list):
        return len(av) == len(bv) and all(_matches_value(x, y) for x, y in zip(av, bv))
    return bool(av == bv)


def _get_diff(a: dict[Any, Any], b: dict[Any, Any]) -> dict[Any, Any]:
    into: dict[Any, Any] = {}
    for key, bv in b.items():
        if key not in a:
            into[key] = bv
            continue
        av = a[key]
        if type(av) is not type(bv):
            into[key] = bv
        elif isinstance(av, dict):
            dst = _get_diff(av, bv)
            if dst:
                into[key] = dst
        elif av is None:
            pass
        elif not _matches_value(av, bv):
            into[key] = bv
    for key in a:
        if key not in b:
            into[key] = None
    return into


def _object_merge_patch(original: bytes, modified: bytes) -> dict[Any, Any]:
    try:
        original_doc, modified_doc = _std_unmarshal(original), _std_unmarshal(modified)
    except (ValueError, UnicodeDecodeError):
        raise ErrBadJSONDoc from None
    if original_doc is None:
        original_doc = {}
    if modified_doc is None:
        modified_doc = {}
    if not isinstance(original_doc, dict) or not isinstance(modified_doc, dict):
        raise ErrBadJSONDoc
    return _get_diff(original_doc, modified_doc)


def create_merge_patch(original_json: bytes, modified_json: bytes) -> bytes:
    """The merge patch that turns ``original_json`` into ``modified_json`` (two objects, or two arrays of
    objects diffed element by element)."""
    from kubernetes_py._go.json import marshal

    original_array, modified_array = _resembles_json_array(original_json), _resembles_json_array(modified_json)
    if original_array and modified_array:
        try:
            originals, modifieds = _std_unmarshal(original_json), _std_unmarshal(modified_json)
        except (ValueError, UnicodeDecodeError):
            raise ErrBadJSONDoc from None
        if len(originals) != len(modifieds):
            raise ErrBadJSONDoc
        result = []
        for o, m in zip(originals, modifieds):
            o, m = {} if o is None else o, {} if m is None else m
            if not isinstance(o, dict) or not isinstance(m, dict):
                raise ErrBadJSONDoc
            result.append(_get_diff(o, m))
        return marshal(result)
    if not original_array and not modified_array:
        return marshal(_object_merge_patch(original_json, modified_json))
    raise ErrBadMergeTypes
