"""Field selectors: cases ported from apimachinery/pkg/fields/selector_test.go."""

import pytest

from kubernetes_py.apimachinery import fields, selection
from kubernetes_py.apimachinery.fields.selector import _split_term, _split_terms


@pytest.mark.parametrize(
    "text, terms",
    [
        ("a", ["a"]),
        ("a=avalue,b=bvalue", ["a=avalue", "b=bvalue"]),
        ("", []),
        ("a=a,", ["a=a", ""]),
        (",a=a", ["", "a=a"]),
        ("k=\\,,k2=v2", ["k=\\,", "k2=v2"]),
        ("k=\\\\,k2=v2", ["k=\\\\", "k2=v2"]),
        ("k=\\\\\\,,k2=v2", ["k=\\\\\\,", "k2=v2"]),
        ("k=\\a\\b\\", ["k=\\a\\b\\"]),
        ("k=\\", ["k=\\"]),
        ("함=수,목=록", ["함=수", "목=록"]),
    ],
)
def test_split_terms(text, terms):
    assert _split_terms(text) == terms


@pytest.mark.parametrize(
    "term, expected",
    [
        ("a=value", ("a", "=", "value")),
        ("b==value", ("b", "==", "value")),
        ("c!=value", ("c", "!=", "value")),
        ("", None),
        ("a", None),
        ("k=\\,", ("k", "=", "\\,")),
        ("함=수", ("함", "=", "수")),
    ],
)
def test_split_term(term, expected):
    assert _split_term(term) == expected


@pytest.mark.parametrize(
    "raw, escaped",
    [("", ""), ("a", "a"), ("=", "\\="), (",", "\\,"), ("\\", "\\\\"), ("\\=\\,\\", "\\\\\\=\\\\\\,\\\\")],
)
def test_escape_round_trip(raw, escaped):
    assert fields.escape_value(raw) == escaped
    assert fields.unescape_value(escaped) == raw


@pytest.mark.parametrize(
    "bad, message",
    [
        ("\\", "invalid field selector: invalid escape sequence: \\"),
        ("\\\\\\", "invalid field selector: invalid escape sequence: \\"),
        ("\\a", "invalid field selector: invalid escape sequence: \\a"),
    ],
)
def test_invalid_escapes(bad, message):
    with pytest.raises(fields.InvalidEscapeSequence) as err:
        fields.unescape_value(bad)
    assert str(err.value) == message


def test_unescaped_rune_message_prints_code_point():
    with pytest.raises(fields.UnescapedRune) as err:
        fields.unescape_value("a,b")
    assert str(err.value) == "invalid field selector: unescaped character in value: 44"


@pytest.mark.parametrize("text", ["x=a,y=b,z=c", "", "x!=a,y=b", "x=a||y\\=b", "x=a\\=\\=b"])
def test_good_selectors_round_trip(text):
    assert str(fields.parse_selector(text)) == text


@pytest.mark.parametrize("text", ["x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"])
def test_bad_selectors(text):
    with pytest.raises(ValueError):
        fields.parse_selector(text)


def test_bad_selector_message():
    with pytest.raises(ValueError) as err:
        fields.parse_selector("x=a,b")
    assert str(err.value) == "invalid selector: 'x=a,b'; can't understand 'b'"


@pytest.mark.parametrize(
    "text, fset, matched",
    [
        ("", {"x": "y"}, True),
        ("x=y", {"x": "y"}, True),
        ("x=y,z=w", {"x": "y", "z": "w"}, True),
        ("x!=y,z!=w", {"x": "z", "z": "a"}, True),
        ("x=z", {}, False),
        ("x=y", {"x": "z"}, False),
        ("x=y,z=w", {"x": "w", "z": "w"}, False),
        ("x!=y,z!=w", {"x": "z", "z": "w"}, False),
        ("x=", {}, True),
        ("x!=", {}, False),
        ("foo=bar,foobar=bar,baz=blah", {"foo": "bar", "baz": "blah"}, False),
    ],
)
def test_matches(text, fset, matched):
    assert fields.parse_selector(text).matches(fields.Set(fset)) is matched
    assert fields.parse_selector(text).matches(fset) is matched


def test_deterministic_parse_and_requirements():
    assert str(fields.parse_selector("x=a,a=x")) == str(fields.parse_selector("a=x,x=a")) == "a=x,x=a"
    reqs = fields.parse_selector("b!=2,a==1").requirements()
    assert reqs == [
        fields.Requirement(operator=selection.Equals, field="a", value="1"),
        fields.Requirement(operator=selection.NotEquals, field="b", value="2"),
    ]


def test_requires_exact_match():
    assert fields.one_term_equal_selector("metadata.name", "web").requires_exact_match("metadata.name") == ("web", True)
    assert fields.one_term_not_equal_selector("x", "y").requires_exact_match("x") == ("", False)
    sel = fields.and_selectors(fields.one_term_equal_selector("a", "1"), fields.one_term_equal_selector("b", "2"))
    assert sel.requires_exact_match("b") == ("2", True) and sel.requires_exact_match("c") == ("", False)
    assert fields.everything().requires_exact_match("a") == ("", False)


def test_transform():
    def rename(field, value):
        if field == "drop":
            return "", ""
        if field == "bad":
            raise ValueError("field label not supported: bad")
        return "spec." + field, value.upper()

    sel = fields.parse_and_transform_selector("a=x,drop=y,b!=z", rename)
    assert str(sel) == "spec.a=X,spec.b!=Z"
    with pytest.raises(ValueError, match="field label not supported: bad"):
        fields.parse_selector("bad=1").transform(rename)
    assert fields.parse_selector("drop=1").transform(rename).empty()


def test_everything_nothing_and_set():
    assert fields.everything().empty() and fields.everything().matches({"x": "y"}) and str(fields.everything()) == ""
    assert not fields.nothing().empty() and not fields.nothing().matches({})
    assert fields.and_selectors().empty()
    s = fields.Set({"b": "2", "a": "1"})
    assert str(s) == "a=1,b=2" and s.has("a") and s.get("z") == ""
    assert str(s.as_selector()) == "a=1,b=2"
    assert str(fields.selector_from_set({"a": "x,y"})) == "a=x\\,y"
    assert fields.selector_from_set(None).empty()
