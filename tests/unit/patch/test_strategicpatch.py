"""Strategic merge patch: the test tables of apimachinery's strategicpatch/patch_test.go (MergeItem schema),
run through the struct-tag patch metadata, plus typed-object cases and Go's error texts."""

from __future__ import annotations

import json
import pathlib

import pytest
import yaml

from kubernetes_py._go.json import marshal
from kubernetes_py._schema.gotypes import GoField, GoType, TypeExpr
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.util import mergepatch, strategicpatch
from kubernetes_py.apimachinery.util.strategicpatch.patch import _sort_merge_lists_by_name

CASES = json.loads((pathlib.Path(__file__).parent / "testdata" / "strategicpatch_cases.json").read_text())


def _f(name: str, json_name: str, type_: str, strategy: str = "", merge_key: str = "") -> GoField:
    kind = (
        "slice"
        if type_.startswith("[]")
        else "map"
        if type_.startswith("map[")
        else ("pointer" if type_.startswith("*") else "struct" if "." in type_ else type_)
    )
    return GoField(
        name=name,
        json=json_name,
        type=type_,
        kind=kind,
        json_options=("omitempty",),
        patch_strategy=strategy,
        patch_merge_key=merge_key,
    )


# The MergeItem / RetainKeysMergeItem structs of the Go test, described as gotypes.json would.
_MI, _RK = "test.MergeItem", "test.RetainKeysMergeItem"
TEST_TYPES = {
    _MI: GoType(
        name=_MI,
        kind="struct",
        fields=(
            _f("Name", "name", "string"),
            _f("Value", "value", "string"),
            _f("Other", "other", "string"),
            _f("MergingList", "mergingList", f"[]{_MI}", "merge", "name"),
            _f("NonMergingList", "nonMergingList", f"[]{_MI}"),
            _f("MergingIntList", "mergingIntList", "[]int", "merge"),
            _f("NonMergingIntList", "nonMergingIntList", "[]int"),
            _f("MergeItemPtr", "mergeItemPtr", f"*{_MI}", "merge", "name"),
            _f("SimpleMap", "simpleMap", "map[string]string"),
            _f("ReplacingItem", "replacingItem", "k8s.io/apimachinery/pkg/runtime.RawExtension", "replace"),
            _f("JSONItem", "jsonItem", "test.JSONItem"),
            _f("RetainKeysMap", "retainKeysMap", _RK, "retainKeys"),
            _f("RetainKeysMergingList", "retainKeysMergingList", f"[]{_MI}", "merge,retainKeys", "name"),
        ),
    ),
    _RK: GoType(
        name=_RK,
        kind="struct",
        fields=(
            _f("Name", "name", "string"),
            _f("Value", "value", "string"),
            _f("Other", "other", "string"),
            _f("SimpleMap", "simpleMap", "map[string]string"),
            _f("MergingIntList", "mergingIntList", "[]int", "merge"),
            _f("MergingList", "mergingList", f"[]{_MI}", "merge", "name"),
            _f("NonMergingList", "nonMergingList", f"[]{_MI}"),
        ),
    ),
    "test.JSONItem": GoType(name="test.JSONItem", kind="struct", fields=(_f("Raw", "Raw", "[]byte"),)),
    "k8s.io/apimachinery/pkg/runtime.RawExtension": GoType(
        name="k8s.io/apimachinery/pkg/runtime.RawExtension",
        kind="struct",
        fields=(
            GoField(name="Raw", json="-", type="[]byte", kind="bytes"),
            GoField(name="Object", json="-", type="k8s.io/apimachinery/pkg/runtime.Object", kind="interface"),
        ),
    ),
}
SCHEMA = strategicpatch.PatchMetaFromStruct(TypeExpr("named", name=_MI), TEST_TYPES)


def _json(doc):
    return None if doc is None else marshal(doc)


def _sorted(doc):
    return None if doc is None else _sort_merge_lists_by_name(marshal(doc), SCHEMA)


def _yaml_json(text):
    return None if text is None else marshal(yaml.safe_load(text) or {})


@pytest.mark.parametrize("case", CASES["sort"], ids=lambda c: c["description"])
def test_sort_merge_lists(case):
    assert _sort_merge_lists_by_name(_json(case["original"]), SCHEMA) == _json(case["sorted"])


def _check_two_way(original, two_way, modified, expected_result, expected_error=""):
    patch = strategicpatch.create_two_way_merge_patch_using_lookup_patch_meta(original, modified, SCHEMA)
    assert patch == two_way
    _check_apply(original, patch, expected_result, expected_error)


def _check_apply(original, patch, expected, expected_error=""):
    if expected_error:
        with pytest.raises(Exception) as err:
            strategicpatch.strategic_merge_patch_using_lookup_patch_meta(original, patch, SCHEMA)
        assert expected_error in str(err.value)
        return
    assert strategicpatch.strategic_merge_patch_using_lookup_patch_meta(original, patch, SCHEMA) == expected


def _check_three_way(description, original, modified, current, three_way, result, expected_error=""):
    try:
        patch = strategicpatch.create_three_way_merge_patch(original, modified, current, SCHEMA, False)
    except mergepatch.ErrConflict:
        assert "conflict" in description
        if result:
            patch = strategicpatch.create_three_way_merge_patch(original, modified, current, SCHEMA, True)
            assert patch == three_way
            _check_apply(current, patch, result, expected_error)
        return
    assert "conflict" not in description and result
    assert patch == three_way
    _check_apply(current, patch, result, expected_error)


@pytest.mark.parametrize("case", CASES["create"], ids=lambda c: c["description"])
def test_two_way_and_three_way(case):
    result = case.get("twoWayResult") or case["modified"]
    _check_two_way(
        _sorted(case.get("original")), _sorted(case.get("twoWay")), _sorted(case["modified"]), _sorted(result)
    )
    _check_three_way(
        case["description"],
        _sorted(case.get("original")),
        _sorted(case["modified"]),
        _sorted(case.get("current")),
        _sorted(case["threeWay"]),
        _sorted(case.get("result")),
    )


@pytest.mark.parametrize("case", CASES["raw"], ids=lambda c: c["description"])
def test_raw_cases(case):
    result = case.get("TwoWayResult") or case["Modified"]
    error = case.get("ExpectedError", "")
    _check_two_way(
        _yaml_json(case["Original"]),
        _yaml_json(case["TwoWay"]),
        _yaml_json(case["Modified"]),
        _yaml_json(result),
        error,
    )
    _check_three_way(
        case["description"],
        _yaml_json(case["Original"]),
        _yaml_json(case["Modified"]),
        _yaml_json(case["Current"]),
        _yaml_json(case["ThreeWay"]),
        _yaml_json(case.get("Result")),
        error,
    )


@pytest.mark.parametrize("case", CASES["custom"], ids=lambda c: c["description"])
def test_custom_patches(case):
    result = case.get("twoWayResult") or case["modified"]
    _check_apply(_sorted(case.get("original")), _sorted(case.get("twoWay")), _sorted(result))


@pytest.mark.parametrize("case", CASES["custom_raw"], ids=lambda c: c["description"])
def test_custom_raw_patches(case):
    result = case.get("TwoWayResult") or case.get("Modified")
    _check_apply(
        _yaml_json(case["Original"]), _yaml_json(case["TwoWay"]), _yaml_json(result), case.get("ExpectedError", "")
    )


def test_bad_documents_and_structs():
    with pytest.raises(mergepatch.MergePatchError) as err:
        strategicpatch.strategic_merge_patch_using_lookup_patch_meta(b"<THIS IS NOT JSON>", b"{}", SCHEMA)
    assert err.value is mergepatch.ErrBadJSONDoc
    with pytest.raises(mergepatch.MergePatchError) as err:
        strategicpatch.strategic_merge_patch_using_lookup_patch_meta(b"{}", b"<THIS IS NOT JSON>", SCHEMA)
    assert err.value is mergepatch.ErrBadJSONDoc
    with pytest.raises(mergepatch.MergePatchError, match=r"^expected a struct, but received a nil$"):
        strategicpatch.strategic_merge_patch(b"{}", b"{}", None)
    with pytest.raises(mergepatch.MergePatchError, match=r"^expected a struct, but received a map$"):
        strategicpatch.new_patch_meta_from_struct({})


def test_typed_pod_two_way_patch_uses_struct_tags():
    original = {
        "metadata": {"name": "p", "labels": {"a": "1"}},
        "spec": {
            "containers": [{"name": "c1", "image": "i1"}, {"name": "c2", "image": "i2"}],
            "tolerations": [{"key": "k"}],
        },
    }
    modified = {
        "metadata": {"name": "p", "labels": {"b": "2"}, "finalizers": ["f"]},
        "spec": {"containers": [{"name": "c2", "image": "i3"}]},
    }
    patch = strategicpatch.create_two_way_merge_patch(marshal(original), marshal(modified), corev1.Pod())
    assert json.loads(patch) == {
        "metadata": {"labels": {"a": None, "b": "2"}, "finalizers": ["f"]},
        "spec": {
            "$setElementOrder/containers": [{"name": "c2"}],
            "containers": [{"image": "i3", "name": "c2"}, {"$patch": "delete", "name": "c1"}],
            "tolerations": None,
        },
    }
    assert json.loads(strategicpatch.strategic_merge_patch(marshal(original), patch, corev1.Pod)) == modified


def test_typed_deployment_retain_keys_strategy():
    # DeploymentSpec.strategy has patchStrategy retainKeys: switching type drops rollingUpdate.
    original = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}
    modified = {"spec": {"strategy": {"type": "Recreate"}}}
    patch = strategicpatch.create_two_way_merge_patch(marshal(original), marshal(modified), appsv1.Deployment())
    assert patch == b'{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}'
    current = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}, "replicas": 2}}
    assert (
        strategicpatch.strategic_merge_patch(marshal(current), patch, appsv1.Deployment())
        == b'{"spec":{"replicas":2,"strategy":{"type":"Recreate"}}}'
    )


def test_unknown_field_error_text():
    with pytest.raises(strategicpatch.StrategicPatchError) as err:
        strategicpatch.strategic_merge_patch(b'{"spec":{"x":{"a":1}}}', b'{"spec":{"x":{"a":2}}}', corev1.Pod())
    assert str(err.value) == 'unable to find api field in struct PodSpec for the json field "x"'


def test_merge_list_without_merge_key_error():
    with pytest.raises(mergepatch.MergePatchError) as err:
        strategicpatch.strategic_merge_patch(
            b'{"spec":{"containers":[{"name":"a"}]}}', b'{"spec":{"containers":[{"image":"x"}]}}', corev1.Pod()
        )
    assert str(err.value) == "map: map[image:x] does not contain declared merge key: name"


def test_three_way_conflict_message():
    original, modified, current = (
        b'{"metadata":{"labels":{"a":"1"}}}',
        b'{"metadata":{"labels":{"a":"2"}}}',
        b'{"metadata":{"labels":{"a":"3"}}}',
    )
    schema = strategicpatch.new_patch_meta_from_struct(corev1.Pod())
    with pytest.raises(mergepatch.ErrConflict) as err:
        strategicpatch.create_three_way_merge_patch(original, modified, current, schema, False)
    assert str(err.value) == (
        'patch:\nmetadata:\n  labels:\n    a: "2"\n\nconflicts with changes made from '
        'original to current:\nmetadata:\n  labels:\n    a: "3"\n\n'
    )
    assert (
        strategicpatch.create_three_way_merge_patch(original, modified, current, schema, True)
        == b'{"metadata":{"labels":{"a":"2"}}}'
    )


def test_precondition_failed():
    with pytest.raises(mergepatch.ErrPreconditionFailed) as err:
        strategicpatch.create_two_way_merge_patch(
            b'{"kind":"A"}', b'{"kind":"B"}', corev1.Pod(), mergepatch.require_key_unchanged("kind")
        )
    assert str(err.value) == "precondition failed for: map[kind:B]"


def test_go_sort_orders_like_sort_sort():
    import random

    from kubernetes_py.apimachinery.util.strategicpatch._gosort import go_sort, sort_by_string

    r = random.Random(3)
    for n in (0, 1, 5, 13, 50, 51, 200, 1000):
        data = [r.randrange(n // 3 + 1) for _ in range(n)]
        go_sort(data, lambda a, b: a < b)
        assert data == sorted(data)
    # With Go's "<=" comparator equal keys come out in pdqsort's order, which is not the input order.
    items = [{"k": f"E{i % 4}", "i": i} for i in range(15)]
    sort_by_string(items, lambda m: m["k"])
    assert [m["i"] for m in items] == [8, 0, 4, 12, 9, 13, 5, 1, 10, 14, 2, 6, 3, 7, 11]  # Go 1.26 sort.Sort


def test_long_list_with_duplicate_merge_keys_matches_go():
    # Go's answer (hack/oracle/cmd/patch): with 15 and 14 env vars sharing 4 names, how duplicates pair up
    # depends on the order pdqsort leaves them in.
    original = {
        "spec": {"containers": [{"name": "c", "env": [{"name": f"E{i % 4}", "value": f"v{i}"} for i in range(15)]}]}
    }
    modified = {
        "spec": {
            "containers": [{"name": "c", "env": [{"name": f"E{(i * 7) % 4}", "value": f"w{i}"} for i in range(14)]}]
        }
    }
    patch = strategicpatch.create_two_way_merge_patch(marshal(original), marshal(modified), corev1.Pod())
    env = json.loads(patch)["spec"]["containers"][0]["env"]
    assert [e.get("value", e.get("$patch")) for e in env] == [
        "w8",
        "w0",
        "w4",
        "w12",
        "w13",
        "w1",
        "w5",
        "w9",
        "w2",
        "w10",
        "w6",
        "w7",
        "w11",
        "w3",
        "delete",
        "delete",
    ]
