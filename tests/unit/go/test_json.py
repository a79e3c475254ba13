"""encoding/json's syntax check (checkValid) and its *json.SyntaxError, named JSONSyntaxError so that it does not
shadow Python's builtin SyntaxError."""

import builtins

import pytest

from kubernetes_py import _jsonpatch
from kubernetes_py._go import json as gojson


@pytest.mark.parametrize(
    "text,message,offset",
    [
        ("", "unexpected end of JSON input", 0),
        ("{", "unexpected end of JSON input", 1),
        ("x", "invalid character 'x' looking for beginning of value", 1),
        ('{"a" 1}', "invalid character '1' after object key", 6),
        ("[1,]", "invalid character ']' looking for beginning of value", 4),
        ("1 2", "invalid character '2' after top-level value", 3),
    ],
)
def test_check_valid_raises_go_syntax_errors(text, message, offset):
    with pytest.raises(gojson.JSONSyntaxError) as err:
        gojson.check_valid(text)
    assert (str(err.value), err.value.offset) == (message, offset)


def test_json_syntax_error_is_its_own_name():
    assert _jsonpatch.JSONSyntaxError is gojson.JSONSyntaxError
    assert not hasattr(_jsonpatch, "SyntaxError")
    assert not issubclass(gojson.JSONSyntaxError, builtins.SyntaxError)
    gojson.check_valid('{"a": [1, 2.5e3, "x", null, true]}')
