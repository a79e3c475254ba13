"""Go's ``encoding/json`` where texts depend on it: ``Marshal``'s output for decoded values (``go_json``: keys
sorted, HTML characters escaped, floats in Go's digits), the JSON kinds its errors name, how
apimachinery's util/json decodes integers, and the syntax check (``check_valid``) with ``*SyntaxError``'s texts
(``invalid character 'x' looking for beginning of value``, ``unexpected end of JSON input``...); ``marshal`` and
``unmarshal`` of the values apimachinery's util/json decodes into ``interface{}``: dict (``map[string]interface {}``),
list (``[]interface {}``), str, bool, int (int64), float (float64) and None (nil)."""
from __future__ import annotations

import json
import math
from typing import Any

from kubernetes_py._go.strconv import _exponent, _fixed, _shortest_digits, go_format_float

__all__ = ["JSONDecodeError", "JSONSyntaxError", "check_valid", "go_json", "go_json_escape_html", "go_json_float",
           "go_json_int", "go_json_kind", "go_json_string", "marshal", "unmarshal"]

JSONDecodeError = json.JSONDecodeError

_WS = " \t\r\n"


class JSONSyntaxError(ValueError):  # Go's *json.SyntaxError, named apart from the builtin
    """A JSON syntax error with Go's message; ``offset`` is where Go's scanner stopped."""

    def __init__(self, msg: str, offset: int):
        super().__init__(msg)
        self.offset = offset


def _quote_char(c: str) -> str:
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    escapes = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f",
               "\v": "\\v"}
    if c in escapes:
        return f"'{escapes[c]}'"
    if ord(c) < 0x20 or ord(c) == 0x7f:
        return f"'\\x{ord(c):02x}'"
    return f"'{c}'"


class _Scanner:
    def __init__(self, text: str):
        self.s, self.i = text, 0

    def fail(self, context: str) -> None:
        if self.i >= len(self.s):
            raise JSONSyntaxError("unexpected end of JSON input", len(self.s))
        raise JSONSyntaxError(f"invalid character {_quote_char(self.s[self.i])} {context}", self.i + 1)

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in _WS:
            self.i += 1

    def value(self) -> None:
        self.ws()
        c = self.peek()
        if c == "{":
            self.i += 1
            self.obj()
        elif c == "[":
            self.i += 1
            self.ary()
        elif c == '"':
            self.i += 1
            self.string()
        elif c == "-" or c.isdigit() and c.isascii():
            self.number()
        elif c in ("t", "f", "n"):
            self.literal({"t": "true", "f": "false", "n": "null"}[c])
        else:
            self.fail("looking for beginning of value")

    def obj(self) -> None:
        self.ws()
        if self.peek() == "}":
            self.i += 1
            return
        while True:
            self.ws()
            if self.peek() != '"':
                self.fail("looking for beginning of object key string")
            self.i += 1
            self.string()
            self.ws()
            if self.peek() != ":":
                self.fail("after object key")
            self.i += 1
            self.value()
            if self.closed("}", "after object key:value pair"):
                return

    def ary(self) -> None:
        self.ws()
        if self.peek() == "]":
            self.i += 1
            return
        while True:
            self.value()
            if self.closed("]", "after array element"):
                return

    def closed(self, close: str, context: str) -> bool:
        """After a member of an object or array: "," reads on (False), ``close`` ends the container (True)."""
        self.ws()
        c = self.peek()
        if c == ",":
            self.i += 1
            return False
        if c != close:
            self.fail(context)
        self.i += 1
        return True

    def string(self) -> None:
        while True:
            c = self.peek()
            if c == "":
                self.fail("in string literal")
            if c == '"':
                self.i += 1
                return
            if c == "\\":
                self.i += 1
                e = self.peek()
                if e == "u":
                    self.i += 1
                    for _ in range(4):
                        if self.peek() == "" or self.peek() not in "0123456789abcdefABCDEF":
                            self.fail("in \\u hexadecimal character escape")
                        self.i += 1
                    continue
                if e == "" or e not in '"\\/bfnrt':
                    self.fail("in string escape code")
                self.i += 1
                continue
            if ord(c) < 0x20:
                self.fail("in string literal")
            self.i += 1

    def digits(self) -> None:
        while self.peek().isascii() and self.peek().isdigit():
            self.i += 1

    def number(self) -> None:
        if self.peek() == "-":
            self.i += 1
            if not (self.peek().isascii() and self.peek().isdigit()):
                self.fail("in numeric literal")
        if self.peek() == "0":
            self.i += 1
        else:
            self.digits()
        if self.peek() == ".":
            self.i += 1
            if not (self.peek().isascii() and self.peek().isdigit()):
                self.fail("after decimal point in numeric literal")
            self.digits()
        if self.peek() in ("e", "E") and self.peek():
            self.i += 1
            if self.peek() in ("+", "-") and self.peek():
                self.i += 1
            if not (self.peek().isascii() and self.peek().isdigit()):
                self.fail("in exponent of numeric literal")
            self.digits()

    def literal(self, word: str) -> None:
        for expected in word:
            if self.peek() != expected:
                self.fail(f"in literal {word} (expecting {_quote_char(expected)})")
            self.i += 1


def check_valid(text: str) -> None:
    """Raise JSONSyntaxError with Go's message when ``text`` is not one JSON value."""
    scanner = _Scanner(text)
    scanner.value()
    scanner.ws()
    if scanner.i < len(text):
        scanner.fail("after top-level value")


def go_json_escape_html(text: str) -> str:
    """Escape, in JSON text written by Python's encoder with ``ensure_ascii=False``, what Go's encoding/json
    escapes besides: <, > and & (HTML safety) and U+2028/U+2029. Those characters only occur inside strings."""
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return text


def go_json_string(s: str) -> str:
    """encoding/json's text for a string: non-ASCII kept as is, HTML characters escaped."""
    return go_json_escape_html(json.dumps(s, ensure_ascii=False))


_PLAIN_JSON_TYPES = (str, int, bool, type(None))


def _needs_go_formatting(value: Any) -> bool:
    # True where Python's C encoder would not write Go's text: a float (Go's digits differ), a key that is not
    # a string, or a type outside the decoded-JSON ones (the slow path names it in its error).
    cls = type(value)
    if cls in _PLAIN_JSON_TYPES:
        return False
    if cls is dict:
        return any(type(k) is not str or _needs_go_formatting(v) for k, v in value.items())
    if cls is list or cls is tuple:
        return any(_needs_go_formatting(v) for v in value)
    return True


def go_json(value: Any) -> str:
    """Compact JSON the way Go's ``json.Marshal`` writes a decoded value (map keys sorted, HTML characters
    escaped, floats in Go's digits); a value outside JSON raises TypeError with Go's message."""
    if not _needs_go_formatting(value):
        # For these values the C encoder writes Go's text once the HTML characters are escaped.
        return go_json_escape_html(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
    return _go_json(value)


def _go_json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_json_float(value)
    if isinstance(value, str):
        return go_json_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json_string(str(k))}:{_go_json(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_go_json(v) for v in value) + "]"
    raise TypeError(f"json: unsupported type: {type(value).__name__}")


def go_json_int(text: str) -> Any:
    """A JSON integer as apimachinery's util/json decodes it into interface{}: an int when it fits int64,
    otherwise a float64."""
    value = int(text)
    if -(1 << 63) <= value < (1 << 63):
        return value
    return float(text)


def go_json_kind(value: Any) -> str:
    """The JSON kind encoding/json names in an UnmarshalTypeError ("bool", "number", "string", "array",
    "object", "null")."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object"


def go_json_float(f: float) -> str:
    """encoding/json's text for a float64: plain digits, exponent form only below 1e-6 or from 1e21 on."""
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"json: unsupported value: {go_format_float(f)}")
    if f == 0:
        return "0" if math.copysign(1, f) > 0 else "-0"
    negative, digits, exp = _shortest_digits(f)
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        return _exponent(negative, digits, exp, 1)
    return _fixed(negative, digits, exp)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON literal {name}")


def unmarshal(data: Any) -> Any:
    """Decode JSON as apimachinery's json.Unmarshal into interface{} does (integers stay int64)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data).decode("utf-8")
    return json.loads(data, parse_int=go_json_int, parse_constant=_reject_constant)


def marshal(value: Any) -> bytes:
    """Go's json.Marshal of a decoded value, as bytes (keys sorted, <>& escaped)."""
    return go_json(value).encode("utf-8")
