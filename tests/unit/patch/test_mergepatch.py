"""mergepatch: HasConflicts (apimachinery util_test.go), preconditions and error texts."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.util import mergepatch


@pytest.mark.parametrize(
    "a,b,want",
    [
        ("hello", "hello", False),
        ("hello", "hell", True),
        ("hello", None, True),
        ("hello", 1, True),
        ("hello", 1.0, True),
        ("hello", False, True),
        (1, 1, False),
        (None, None, False),
        (False, False, False),
        (3.0, 3.0, False),
        ("hello", [], True),
        ([1], [], True),
        ([], [], False),
        ([1], [1], False),
        ({}, [1], True),
        ({}, {"a": 1}, False),
        ({"a": 1}, {"a": 1}, False),
        ({"a": 1}, {"a": 2}, True),
        ({"a": 1}, {"b": 2}, False),
        ({"a": [1]}, {"a": [1]}, False),
        ({"a": [1]}, {"a": []}, True),
        ({"a": [1]}, {"a": 1}, True),
        ({"a": 1, "b": 2}, {"a": 1, "b": 0}, True),
        ({"a": 1, "b": 2}, {"a": 1, "b": 2}, False),
        ({"a": 1, "b": 2}, {"a": 1, "b": 0, "c": 3}, True),
        ({"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}, False),
        ({"a": [1, 2]}, {"a": [1, 0]}, True),
        ({"a": [1, 2]}, {"a": [1, 2]}, False),
        (0, 0.0, True),
        (0, "0", True),
        (0, None, True),
        (0, False, True),
        ("true", True, True),
        ("null", None, True),
    ],
)
def test_has_conflicts(a, b, want):
    assert mergepatch.has_conflicts(a, b) is want
    assert mergepatch.has_conflicts(b, a) is want


def test_has_conflicts_unknown_type():
    with pytest.raises(mergepatch.MergePatchError, match=r"^unknown type: set$"):
        mergepatch.has_conflicts({1}, {1})


def test_preconditions():
    assert mergepatch.require_key_unchanged("kind")({"spec": {}}) is True
    assert mergepatch.require_key_unchanged("kind")({"kind": "Pod"}) is False
    assert mergepatch.require_key_unchanged("kind")("not a map") is True
    assert mergepatch.require_metadata_key_unchanged("name")({"metadata": {"labels": {}}}) is True
    assert mergepatch.require_metadata_key_unchanged("name")({"metadata": {"name": "x"}}) is False
    assert mergepatch.require_metadata_key_unchanged("name")({"metadata": "x"}) is True


def test_error_texts():
    assert (
        str(mergepatch.err_no_merge_key({"b": [1, None], "a": 1.5}, "name"))
        == "map: map[a:1.5 b:[1 <nil>]] does not contain declared merge key: name"
    )
    assert (
        str(mergepatch.err_bad_arg_type("map[string]interface {}", [1]))
        == "expected a map[string]interface {}, but received a []interface {}"
    )
    assert str(mergepatch.err_bad_arg_kind("struct", None)) == "expected a struct, but received a nil"
    assert (
        str(mergepatch.err_bad_patch_type("bogus", {"$patch": "bogus"}))
        == "unknown patch type: bogus in map: map[$patch:bogus]"
    )
    assert (
        str(mergepatch.err_bad_patch_type(1, {"$patch": 1})) == "unknown patch type: %!s(int64=1) in map: map[$patch:1]"
    )
    conflict = mergepatch.new_err_conflict("a: 1\n", "a: 2\n")
    assert mergepatch.is_conflict(conflict) and not mergepatch.is_precondition_failed(conflict)
    assert str(conflict) == "patch:\na: 1\n\nconflicts with changes made from original to current:\na: 2\n\n"
    assert mergepatch.to_yaml_or_error({"b": "2", "a": None, "c": ["x"]}) == 'a: null\nb: "2"\nc:\n- x\n'
