"""jsonmergepatch and json-patch's CreateMergePatch: the test tables of apimachinery's
jsonmergepatch/patch_test.go."""

from __future__ import annotations

import json
import pathlib

import pytest

from kubernetes_py import _jsonpatch
from kubernetes_py._go.json import marshal
from kubernetes_py.apimachinery.util import jsonmergepatch, mergepatch
from kubernetes_py.apimachinery.util.jsonmergepatch import _keep_or_delete_null_in_obj

CASES = json.loads((pathlib.Path(__file__).parent / "testdata" / "jsonmergepatch_cases.json").read_text())


def _j(doc):
    return None if doc is None else marshal(doc)


@pytest.mark.parametrize("case", CASES["filter_null"], ids=lambda c: c["description"])
def test_keep_or_delete_null_in_obj(case):
    assert _keep_or_delete_null_in_obj(case["originalObj"], True) == case["expectedWithNull"]
    assert _keep_or_delete_null_in_obj(case["originalObj"], False) == case["expectedWithoutNull"]


@pytest.mark.parametrize("case", CASES["three_way"], ids=lambda c: c["description"])
def test_create_three_way_json_merge_patch(case):
    current = _j(case.get("current"))
    patch = jsonmergepatch.create_three_way_json_merge_patch(
        _j(case.get("original")), _j(case.get("modified")), current
    )
    assert patch == _j(case["threeWay"])
    assert _jsonpatch.merge_patch(current, patch) == _j(case["result"])


def test_deletions_win_and_preconditions():
    # Go answers the same (hack/oracle/cmd/patch): the deletion of "a" is kept although current changed it.
    assert (
        jsonmergepatch.create_three_way_json_merge_patch(b'{"a": {"b": 1}}', b'{"a": null}', b'{"a": {"b": 2}}')
        == b'{"a":null}'
    )
    with pytest.raises(ValueError, match=r"^precondition failed for: map\[kind:B\]$"):
        jsonmergepatch.create_three_way_json_merge_patch(
            b'{"kind":"A"}', b'{"kind":"B"}', b'{"kind":"A"}', mergepatch.require_key_unchanged("kind")
        )


def test_create_merge_patch():
    assert (
        _jsonpatch.create_merge_patch(
            b'{"a": 1.50, "b": [1], "c": {"d": 1}, "e": null}', b'{"a": 1.5, "b": [2], "c": {}, "f": 1e3}'
        )
        == b'{"b":[2],"c":{"d":null},"e":null,"f":1000}'
    )
    assert _jsonpatch.create_merge_patch(b'[{"a": 1}, null]', b'[{"a": 2}, {"b": 1}]') == b'[{"a":2},{"b":1}]'
    with pytest.raises(_jsonpatch.MergePatchError) as err:
        _jsonpatch.create_merge_patch(b"[1]", b"{}")
    assert err.value is _jsonpatch.ErrBadMergeTypes and str(err.value) == "Mismatched JSON Documents"
    with pytest.raises(_jsonpatch.MergePatchError) as err:
        _jsonpatch.create_merge_patch(b"[{}]", b"[{}, {}]")
    assert err.value is _jsonpatch.ErrBadJSONDoc
