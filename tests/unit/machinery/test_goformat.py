"""The shared Go-text helpers of kubernetes_py._go (json, fmt): encoding/json output, %v and %T of decoded values."""

import pytest

from kubernetes_py._go.json import encode as gojson
from kubernetes_py._go.fmt import go_sprint, go_type_name
from kubernetes_py._go.json import go_json, go_json_escape_html, go_json_int, go_json_kind, go_json_string, marshal
from kubernetes_py._go.reflect import type_name


def test_escape_html_only_touches_go_escaped_characters():
    assert go_json_escape_html('{"a":"<b> & c\u2028d\u2029"}') == '{"a":"\\u003cb\\u003e \\u0026 c\\u2028d\\u2029"}'
    text = '{"plain":"ünï"}'
    assert go_json_escape_html(text) is text


def test_json_string():
    assert go_json_string('say "hi"\n<x>\x01é') == '"say \\"hi\\"\\n\\u003cx\\u003e\\u0001é"'


@pytest.mark.parametrize(
    "value, text",
    [
        ({"b": [1, True, None], "a": "x&y"}, '{"a":"x\\u0026y","b":[1,true,null]}'),
        ({"f": 1e16, "g": [1.2345e-05, -0.0, 2.0]}, '{"f":10000000000000000,"g":[0.000012345,-0,2]}'),
        ({2: "b", 10: "a"}, '{"2":"b","10":"a"}'),
        ((1, "t"), '[1,"t"]'),
        ({}, "{}"),
    ],
)
def test_go_json(value, text):
    assert go_json(value) == text
    assert marshal(value) == text.encode()


def test_fast_and_slow_paths_write_the_same_text():
    value = {"z": [1, -2, "a<b", {"k": None, "é": False}], "a": {"n": 9223372036854775807}}
    assert gojson._needs_go_formatting(value) is False
    assert go_json(value) == gojson._go_json(value)


def test_go_json_rejects_what_json_cannot_hold():
    with pytest.raises(TypeError, match=r"^json: unsupported type: set$"):
        go_json({"a": {1}})
    with pytest.raises(ValueError, match=r"^json: unsupported value: NaN$"):
        go_json([float("nan")])
    with pytest.raises(ValueError, match=r"^json: unsupported value: \+Inf$"):
        go_json(float("inf"))


def test_go_json_int_keeps_int64_and_widens_beyond():
    assert go_json_int("9223372036854775807") == 9223372036854775807
    assert go_json_int("-9223372036854775808") == -9223372036854775808
    assert go_json_int("9223372036854775808") == 9.223372036854775808e18
    assert isinstance(go_json_int("9223372036854775808"), float)


def test_go_sprint():
    assert go_sprint({"b": [1, 2.5, None], "a": {"x": True}}) == "map[a:map[x:true] b:[1 2.5 <nil>]]"
    assert go_sprint(1e21) == "1e+21"
    assert go_sprint(123456.0) == "123456"
    assert go_sprint(1234567.0) == "1.234567e+06"
    assert go_sprint("text") == "text"


def test_type_names_differ_only_for_nil():
    values = [True, 1, 1.5, "s", {}, []]
    assert [go_type_name(v) for v in values] == [
        "bool",
        "int64",
        "float64",
        "string",
        "map[string]interface {}",
        "[]interface {}",
    ]
    assert [type_name(v) for v in values] == [go_type_name(v) for v in values]
    assert go_type_name(None) == "<nil>"  # %T of nil
    assert type_name(None) == "%!s(<nil>)"  # %s of a nil reflect.Type


def test_go_json_kind():
    assert [go_json_kind(v) for v in (True, 1, 1.5, "s", [], {}, None)] == [
        "bool",
        "number",
        "number",
        "string",
        "array",
        "object",
        "null",
    ]


def test_go_pointer_type_name():
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1
    from kubernetes_py._go.fmt import go_pointer_type_name

    class Plain:
        pass

    assert go_pointer_type_name(metav1.PartialObjectMetadata()) == "*v1.PartialObjectMetadata"
    assert go_pointer_type_name(corev1.Pod()) == "*v1.Pod"
    assert go_pointer_type_name(Plain()) == "*test_goformat.Plain"
