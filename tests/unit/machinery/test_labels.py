"""Label selectors: cases ported from apimachinery/pkg/labels/selector_test.go and labels_test.go."""

import pytest

from kubernetes_py.apimachinery import labels, selection
from kubernetes_py.apimachinery.util.errors import Aggregate
from kubernetes_py.apimachinery.util.validation import field


@pytest.mark.parametrize(
    "text", ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"]
)
def test_good_selectors_round_trip(text):
    assert str(labels.parse(text)) == text.replace(" ", "")


@pytest.mark.parametrize(
    "text",
    [
        "x=a||y=b",
        "x==a==b",
        "!x=a",
        "x<a",
        "x,,y",
        ",x,y",
        "x nott in (y)",
        "a in (xyz),",
        "a in (xyz)b notin ()",
        "a in (xyz abc)",
        "a notin(",
        "a (",
        "(",
    ],
)
def test_bad_selectors_raise(text):
    with pytest.raises(ValueError):
        labels.parse(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "x=a||y=b",
            'unable to parse requirement: values[0][x]: Invalid value: "a||y": a valid label must be an '
            "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
        ("x==a==b", "found '==', expected: ',' or 'end of string'"),
        ("!x=a", "found '=', expected: ',' or 'end of string'"),
        ("(", "found '(', expected: !, identifier, or 'end of string'"),
        ("x,,y", "found ',', expected: identifier after ','"),
        ("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"),
        ("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"),
        (
            "x<a",
            'unable to parse requirement: values[0]: Invalid value: "a": '
            "for 'Gt', 'Lt' operators, the value must be an integer",
        ),
        (
            "Bad_Key_=1",
            'unable to parse requirement: <nil>: Invalid value: "Bad_Key_": name part must consist of '
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ),
        ("x=a b", "found 'b', expected: ',' or 'end of string'"),
        (
            "x=a|",
            'unable to parse requirement: values[0][x]: Invalid value: "a|": a valid label must be an empty string '
            "or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
        ("x=!", "unable to parse requirement: found '!', expected: identifier"),
        ("x=<>", "unable to parse requirement: found '<', expected: identifier"),
        ("x ~ y", "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt"),
        ("x in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
    ],
)
def test_parse_error_text_matches_go(text, expected):
    with pytest.raises(ValueError) as err:
        labels.parse(text)
    assert str(err.value) == expected


def test_regex_error_example_text():
    # Go's RegexError writes "'a', " per example joined by " or ", giving the doubled space seen above.
    from kubernetes_py.apimachinery.util.validation import regex_error

    assert regex_error("m", "r", "a", "b") == "m (e.g. 'a',  or 'b', regex used for validation is 'r')"


def test_deterministic_parse():
    assert str(labels.parse("x=a,a=x")) == str(labels.parse("a=x,x=a")) == "a=x,x=a"


@pytest.mark.parametrize(
    "text, lset, matched",
    [
        ("", {"x": "y"}, True),
        ("x=y", {"x": "y"}, True),
        ("x=y,z=w", {"x": "y", "z": "w"}, True),
        ("x!=y,z!=w", {"x": "z", "z": "a"}, True),
        ("notin=in", {"notin": "in"}, True),
        ("x", {"x": "z"}, True),
        ("!x", {"y": "z"}, True),
        ("x>1", {"x": "2"}, True),
        ("x<1", {"x": "0"}, True),
        ("x=z", {}, False),
        ("x=y", {"x": "z"}, False),
        ("x=y,z=w", {"x": "w", "z": "w"}, False),
        ("x!=y,z!=w", {"x": "z", "z": "w"}, False),
        ("x", {"y": "z"}, False),
        ("!x", {"x": "z"}, False),
        ("x>1", {"x": "0"}, False),
        ("x<1", {"x": "2"}, False),
        ("x>1", {"x": "abc"}, False),
        ("x>1", {}, False),
        ("x in (a,b)", {"x": "b"}, True),
        ("x notin (a,b)", {"x": "c"}, True),
        ("x notin (a,b)", {}, True),
        ("x in (a,b)", {}, False),
        ("x in ()", {"x": ""}, True),
        ("foo=bar,foobar=bar,baz=blah", {"foo": "bar", "baz": "blah"}, False),
    ],
)
def test_selector_matches(text, lset, matched):
    assert labels.parse(text).matches(labels.Set(lset)) is matched
    assert labels.parse(text).matches(lset) is matched  # plain mappings are accepted too


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\rx", "x"),
        (
            "this-is-another-dns.domain.com/key-with-dash in (so,what)",
            "this-is-another-dns.domain.com/key-with-dash in (so,what)",
        ),
        ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"),
        ("foo  in\t (abc)", "foo in (abc)"),
        ("x in (abc,)", "x in (,abc)"),
        ("x in (abc,abc)", "x in (abc)"),
        ("x in ()", "x in ()"),
        ("x in (a,,a,,a,,a,,)", "x in (,a)"),
        ("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()"),
        ("x,y in (a)", "x,y in (a)"),
        ("x notin ( )", "x notin ()"),
        ("x notin (, a)", "x notin (,a)"),
        ("a ", "a"),
        ("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)"),
        ("x=a,y!=b,z in (h,i,j)", "x=a,y!=b,z in (h,i,j)"),
        ("x==a", "x==a"),
    ],
)
def test_set_selector_parser(text, expected):
    assert str(labels.parse(text)) == expected


def test_parsed_requirements():
    sel = labels.parse("x notin (abc,,def),bar,z in (),w")
    reqs, selectable = sel.requirements()
    assert selectable is True
    assert [(r.key(), r.operator(), r.values_unsorted()) for r in reqs] == [
        ("bar", selection.Exists, []),
        ("w", selection.Exists, []),
        ("x", selection.NotIn, ["", "abc", "def"]),
        ("z", selection.In, [""]),
    ]
    assert str(reqs) == "bar, w, x notin (,abc,def), z in ()"
    assert reqs[2].values().list() == ["", "abc", "def"]


def _errors(exc):
    return [(e.type, e.field, e.bad_value) for e in exc.errors()]


@pytest.mark.parametrize(
    "key, op, vals, want",
    [
        ("x1", selection.In, [], [(field.ErrorTypeInvalid, "values", [])]),
        ("x3", selection.In, ["foo"], None),
        ("x5", selection.Equals, ["bar", "foo"], [(field.ErrorTypeInvalid, "values", ["bar", "foo"])]),
        ("x6", selection.Exists, [], None),
        ("x8", selection.Exists, ["foo"], [(field.ErrorTypeInvalid, "values", ["foo"])]),
        ("x11", selection.GreaterThan, ["1"], None),
        ("x13", selection.GreaterThan, [], [(field.ErrorTypeInvalid, "values", [])]),
        ("x14", selection.GreaterThan, ["bar"], [(field.ErrorTypeInvalid, "values[0]", "bar")]),
        ("a" * 254, selection.Exists, [], [(field.ErrorTypeInvalid, "key", "a" * 254)]),
        ("x16", selection.Equals, ["a" * 254], [(field.ErrorTypeInvalid, "values[0][x16]", "a" * 254)]),
        ("x17", selection.Equals, ["a b"], [(field.ErrorTypeInvalid, "values[0][x17]", "a b")]),
        ("x18", "unsupportedOp", [], [(field.ErrorTypeNotSupported, "operator", "unsupportedOp")]),
    ],
)
def test_requirement_constructor(key, op, vals, want):
    if want is None:
        r = labels.new_requirement(key, op, vals)
        assert (r.key(), r.operator(), r.values_unsorted()) == (key, op, vals)
        return
    with pytest.raises(Aggregate) as err:
        labels.new_requirement(key, op, vals)
    assert _errors(err.value) == want


def test_requirement_error_messages():
    with pytest.raises(Aggregate) as err:
        labels.new_requirement("x18", "unsupportedOp", [])
    assert str(err.value) == (
        'operator: Unsupported value: "unsupportedOp": supported values: "in", "notin", "=", '
        '"==", "!=", "gt", "lt", "exists", "!"'
    )
    with pytest.raises(Aggregate) as err:
        labels.new_requirement("x", selection.In, None)
    assert str(err.value) == "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"
    with pytest.raises(Aggregate) as err:
        labels.new_requirement("x", selection.GreaterThan, ["a", "b"], field.with_path(field.new_path("spec")))
    assert str(err.value) == (
        "[spec.values: Invalid value: [\"a\",\"b\"]: for 'Gt', 'Lt' operators, exactly one value is required, "
        "spec.values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer, "
        "spec.values[1]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer]"
    )


def test_to_string():
    r = labels.new_requirement
    sel = labels.new_selector().add(
        r("x", selection.In, ["def", "abc"]), r("y", selection.NotIn, ["jkl"]), r("z", selection.Exists, [])
    )
    assert str(sel) == "x in (abc,def),y notin (jkl),z"
    sel = labels.new_selector().add(
        r("z", selection.DoesNotExist, []),
        r("y", selection.NotEquals, ["jkl"]),
        r("x", selection.NotIn, ["abc", "def"]),
    )
    assert str(sel) == "x notin (abc,def),y!=jkl,!z"
    sel = labels.new_selector().add(r("x", selection.GreaterThan, ["2"]), r("y", selection.LessThan, ["8"]))
    assert str(sel) == "x>2,y<8"


def test_add_returns_new_sorted_selector():
    base = labels.parse("b=1")
    added = base.add(labels.new_requirement("a", selection.Equals, ["2"]))
    assert str(base) == "b=1"
    assert str(added) == "a=2,b=1"
    assert labels.nothing().add(labels.new_requirement("a", selection.Exists, [])) is labels.nothing()


@pytest.mark.parametrize(
    "sel, label, expected",
    [
        ("key in (value)", "key", ("value", True)),
        ("key in (value,value2)", "key", ("", False)),
        ("key in (value,value1),key2 in (value2)", "key2", ("value2", True)),
        ("key=value", "key", ("value", True)),
        ("key==value", "key", ("value", True)),
        ("key!=value", "key", ("", False)),
        ("other=x", "key", ("", False)),
    ],
)
def test_requires_exact_match(sel, label, expected):
    assert labels.parse(sel).requires_exact_match(label) == expected


def test_everything_nothing_and_sets():
    assert labels.everything().matches({"x": "y"}) and labels.everything().empty()
    assert not labels.nothing().matches({}) and not labels.nothing().empty()
    assert labels.matches_nothing(labels.nothing()) and not labels.matches_nothing(labels.everything())
    assert labels.nothing().requirements() == ([], False)
    s = labels.Set({"foo": "bar", "baz": "blah"})
    assert str(s) == "baz=blah,foo=bar"
    assert s.has("foo") and not s.has("x") and s.get("x") == "" and s.lookup("foo") == ("bar", True)
    assert str(s.as_selector()) == "baz=blah,foo=bar"
    assert s.as_selector().matches({"foo": "bar", "baz": "blah", "extra": "1"})
    assert labels.selector_from_set(None).empty()
    assert labels.selector_from_validated_set({"a": "b"}).matches({"a": "b"})
    with pytest.raises(Aggregate):
        labels.validated_selector_from_set({"a b": "c"})
    v = labels.ValidatedSetSelector({"b": "2", "a": "1"})
    assert str(v) == "a=1,b=2" and v.requires_exact_match("a") == ("1", True)
    assert v.matches({"a": "1", "b": "2"}) and not v.matches({"a": "1"})
    assert str(v.add(labels.new_requirement("c", selection.Exists, []))) == "a=1,b=2,c"


def test_label_helpers():
    assert labels.format_labels({}) == "<none>"
    assert labels.format_labels({"b": "1", "a": "2"}) == "a=2,b=1"
    assert labels.conflicts({"a": "1"}, {"a": "2", "b": "1"})
    assert not labels.conflicts({"a": "1"}, {"a": "1", "b": "1"})
    assert not labels.conflicts({}, {"a": "1"})
    assert labels.merge({"a": "1", "b": "1"}, {"b": "2"}) == {"a": "1", "b": "2"}
    assert isinstance(labels.merge({}, {}), labels.Set)
    assert labels.equals({"a": "1"}, {"a": "1"}) and not labels.equals({"a": "1"}, {"a": "2"})
    assert labels.convert_selector_to_labels_map("a=1, b = 2") == {"a": "1", "b": "2"}
    with pytest.raises(ValueError, match=r"^invalid selector: \[a b c\]$"):
        labels.convert_selector_to_labels_map(
            "a=b=c".replace("=", "=", 1).replace("b=c", "b c").replace(" ", "=", 0).replace("a=b c", "a b c")
        )
    with pytest.raises(field.Error):
        labels.convert_selector_to_labels_map("a=b c")
