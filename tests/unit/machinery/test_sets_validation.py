"""util.sets (cases from set_test.go), util.errors aggregates, util.validation and field errors."""

import pytest

from kubernetes_py.apimachinery.util import errors as utilerrors
from kubernetes_py.apimachinery.util import sets, validation
from kubernetes_py.apimachinery.util.validation import field


def test_string_set_basics():
    s = sets.String()
    s2 = sets.String()
    assert len(s) == 0 and s.len() == 0
    s.insert("a", "b", "c")
    assert len(s) == 3 and s.has("a") and not s.has("d")
    assert s.has_all("a", "b") and not s.has_all("a", "d") and s.has_any("d", "a") and not s.has_any("d")
    s.delete("a")
    assert not s.has("a")
    s.insert("a")
    s2.insert("a", "b", "d")
    assert s.difference(s2).list() == ["c"] and s2.difference(s).list() == ["d"]
    assert s.symmetric_difference(s2).list() == ["c", "d"]
    assert s.union(s2).list() == ["a", "b", "c", "d"] and s.intersection(s2).list() == ["a", "b"]
    assert type(s.union(s2)) is sets.String
    assert s.is_superset(sets.new_string("a", "b")) and not s.is_superset(s2)
    assert s.equal(sets.new_string("c", "b", "a")) and not s.equal(s2)
    assert sorted(s.unsorted_list()) == ["a", "b", "c"]
    assert s.clone() == s and s.clone() is not s


def test_generic_set_and_helpers():
    s = sets.new(3, 1, 2)
    assert s.list() == [1, 2, 3] and sets.list(s) == [1, 2, 3]
    assert sets.key_set({"x": 1, "y": 2}) == {"x", "y"}
    assert sets.string_key_set({"b": 0, "a": 0}).list() == ["a", "b"]
    item, ok = sets.new("only").pop_any()
    assert (item, ok) == ("only", True)
    assert sets.new().pop_any() == (None, False)
    assert sets.new_int(1).insert(2).delete(1).list() == [2]
    assert sets.new_int64(5).has(5) and sets.new_int32(7).has(7) and sets.new_byte(1).has(1)
    assert sets.new(1, 2).clear() == set()
    assert repr(sets.new_string("b", "a")) == "String(['a', 'b'])"


def test_aggregate_messages():
    assert utilerrors.new_aggregate([]) is None
    assert utilerrors.new_aggregate([None]) is None
    one = utilerrors.new_aggregate([ValueError("a")])
    assert str(one) == "a"
    two = utilerrors.new_aggregate([ValueError("a"), ValueError("b"), ValueError("a")])
    assert str(two) == "[a, b]"
    same = utilerrors.new_aggregate([ValueError("a"), ValueError("a")])
    assert str(same) == "a"
    nested = utilerrors.new_aggregate([two, ValueError("c")])
    assert str(nested) == "[a, b, c]"
    assert str(utilerrors.flatten(nested)) == "[a, b, c]" and len(utilerrors.flatten(nested).errors()) == 4
    assert utilerrors.reduce(one).args == ("a",) and utilerrors.reduce(None) is None
    kept = utilerrors.filter_out(two, lambda e: str(e) == "a")
    assert str(kept) == "b"
    counted = utilerrors.create_aggregate_from_message_count_map({"x": 1, "y": 3})
    assert str(counted) == "[x, y (repeated 3 times)]"


@pytest.mark.parametrize(
    "key, ok",
    [
        ("a", True),
        ("A_b.c-d", True),
        ("example.com/name", True),
        ("", False),
        ("a/b/c", False),
        ("/a", False),
        ("-a", False),
        ("a" * 63, True),
        ("a" * 64, False),
        ("Example.com/a", False),
        ("a/", False),
    ],
)
def test_is_qualified_name(key, ok):
    assert (validation.is_qualified_name(key) == []) is ok


def test_label_key_messages():
    assert validation.is_qualified_name("a/b/c") == [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
        "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
        "'example.com/MyName')"
    ]
    assert validation.is_qualified_name("/a") == ["prefix part must be non-empty"]
    assert validation.is_qualified_name("a" * 64)[0] == "name part must be no more than 63 bytes"


@pytest.mark.parametrize(
    "value, ok",
    [
        ("", True),
        ("a", True),
        ("a-b_c.d", True),
        ("-a", False),
        ("a b", False),
        ("a" * 63, True),
        ("a" * 64, False),
        ("a\n", False),
    ],
)
def test_is_valid_label_value(value, ok):
    assert (validation.is_valid_label_value(value) == []) is ok


def test_dns_names():
    assert validation.is_dns1123_label("my-name") == []
    assert validation.is_dns1123_label("a.b") == ["must not contain dots"]
    assert validation.is_dns1123_subdomain("a.b-c") == [] and validation.is_dns1123_subdomain("A") != []
    assert validation.is_dns1035_label("1abc") != [] and validation.is_dns1035_label("abc-1") == []
    assert validation.is_valid_percent("25%") == [] and validation.is_valid_percent("25") != []
    assert validation.is_c_identifier("_a1") == [] and validation.is_valid_port_num(0) == [
        "must be between 1 and 65535, inclusive"
    ]


def test_field_paths_and_errors():
    p = field.new_path("spec", "containers").index(0).child("ports").key("http")
    assert str(p) == "spec.containers[0].ports[http]"
    assert str(p.root()) == "spec"
    assert str(field.invalid(p, 5, "bad")) == "spec.containers[0].ports[http]: Invalid value: 5: bad"
    assert str(field.invalid(None, True, "")) == "<nil>: Invalid value: true"
    assert str(field.required(field.new_path("a"), "")) == "a: Required value"
    assert str(field.forbidden(field.new_path("a"), "no")) == "a: Forbidden: no"
    assert str(field.not_found(field.new_path("a"), "x")) == 'a: Not found: "x"'
    assert str(field.duplicate(field.new_path("a"), {"b": 1, "a": "<"})) == (
        'a: Duplicate value: {"a":"\\u003c","b":1}'
    )
    assert str(field.too_long(field.new_path("a"), "xx", 1)) == "a: Too long: may not be more than 1 byte"
    assert str(field.too_many(field.new_path("a"), -1, 2)) == "a: Too many: must have at most 2 items"
    assert str(field.too_many(field.new_path("a"), 5, 1)) == "a: Too many: 5: must have at most 1 item"
    assert str(field.type_invalid(field.new_path("a"), 1.5, "x")) == "a: Invalid value: 1.5: x"
    assert str(field.internal_error(field.new_path("a"), ValueError("z"))) == "a: Internal error: z"
    errs = field.ErrorList([field.required(field.new_path("a"), ""), field.required(field.new_path("a"), "")])
    assert str(errs.to_aggregate()) == "a: Required value"
    assert field.ErrorList().to_aggregate() is None
    only_required = errs.filter(field.new_error_type_matcher(field.ErrorTypeRequired))
    assert only_required == []
