"""encoding/json's decoder (decode.go) as apimachinery's util/json and sigs.k8s.io/json read JSON into interface{}:
integers stay int64 (a float64 beyond), invalid UTF-8 inside a string becomes U+FFFD, one per bad byte, and so does an
escaped surrogate without its pair; values nest up to 10,000 levels and the next is refused with "invalid character
'{' exceeded max depth". Python's json module raises UnicodeDecodeError for the first and RecursionError long before
the second, so ``loads`` decodes the bytes Go's way first, and parses a document too deep for the json module with a
loop of its own. ``go_json_kind`` names a value's JSON kind as *UnmarshalTypeError does."""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # not in typeshed
from json.scanner import NUMBER_RE
from typing import Any, Callable, NoReturn, Optional, cast

import kubernetes_py._go.strconv  # noqa: F401 - registers the "kubernetes_py.go-utf8" error handler go_text uses
from kubernetes_py._go.json.scanner import MAX_NESTING_DEPTH

__all__ = [
    "GoSyntaxError",
    "JSONDecodeError",
    "describe_json_error",
    "go_json_int",
    "go_json_kind",
    "go_text",
    "loads",
    "loads_preserving_ints",
    "unmarshal",
]

JSONDecodeError = json.JSONDecodeError


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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON literal {name}")


def unmarshal(data: Any) -> Any:
    """Decode JSON as apimachinery's json.Unmarshal into interface{} does (integers stay int64)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data).decode("utf-8")
    return json.loads(data, parse_int=go_json_int, parse_constant=_reject_constant)


_LONE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPES = re.compile(
    r"(\\\\)|(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


def _keep_pairs(m: re.Match[str]) -> str:
    return m.group(0) if m.group(1) or m.group(2) else "\\ufffd"


def go_text(data: Any) -> str:
    """The JSON text Go's decoder reads from ``data`` (bytes or str): invalid UTF-8 bytes and escaped lone
    surrogates as U+FFFD."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = str(data, "utf-8")
        except UnicodeDecodeError:
            text = str(data, "utf-8", "kubernetes_py.go-utf8")
    if _LONE_HINT.search(text):
        text = _SURROGATE_ESCAPES.sub(_keep_pairs, text)
    return text


class GoSyntaxError(json.JSONDecodeError):
    """A syntax error with Go's text (``msg``, also its str), e.g. "invalid character '[' exceeded max depth"."""

    def __init__(self, msg: str, doc: str, pos: int):
        super().__init__(msg, doc, pos)
        self.args = (msg,)


_Parse = Callable[[str], Any]
_PairsHook = Callable[[list[tuple[str, Any]]], Any]


def loads(
    data: Any,
    parse_int: Optional[_Parse] = None,
    object_pairs_hook: Optional[_PairsHook] = None,
    parse_float: Optional[_Parse] = None,
    parse_constant: Optional[_Parse] = None,
) -> Any:
    """json.loads of the text Go reads from ``data`` (see go_text), nesting included up to Go's limit.

    Raises json.JSONDecodeError (GoSyntaxError for the depth limit)."""
    text = go_text(data)
    try:
        return json.loads(
            text,
            parse_int=parse_int,
            object_pairs_hook=object_pairs_hook,
            parse_float=parse_float,
            parse_constant=parse_constant,
        )
    except RecursionError:
        return _loads_deep(
            text, parse_int or int, object_pairs_hook, parse_float or float, parse_constant or _PY_CONSTANTS.__getitem__
        )


def loads_preserving_ints(data: Any) -> Any:
    """Parse JSON the way apimachinery's json.Unmarshal into interface{} does: integers that fit int64
    stay ints, other numbers are floats."""
    return loads(data, parse_int=go_json_int)


_WS = re.compile(r"[ \t\n\r]*")
_CONSTANTS = {"null": None, "true": True, "false": False}
_PY_CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def _loads_deep(
    text: str,
    parse_int: _Parse,
    object_pairs_hook: Optional[_PairsHook],
    parse_float: _Parse = float,
    parse_constant: _Parse = _PY_CONSTANTS.__getitem__,
) -> Any:
    """What json.loads returns for ``text``, by a loop (no recursion), refusing Go's depth limit."""
    n = len(text)
    ws = cast(Callable[[str, int], "re.Match[str]"], _WS.match)  # it always matches, maybe empty
    stack: list[list[Any]] = []  # [is_object, items, key]

    def fail(msg: str, pos: int) -> NoReturn:
        raise json.JSONDecodeError(msg, text, pos)

    def read_key(i: int) -> int:
        if i >= n or text[i] != '"':
            fail("Expecting property name enclosed in double quotes", i)
        key, i = scanstring(text, i + 1)
        i = ws(text, i).end()
        if i >= n or text[i] != ":":
            fail("Expecting ':' delimiter", i)
        stack[-1][2] = key
        return ws(text, i + 1).end()

    i = ws(text, 0).end()
    while True:
        if i >= n:
            fail("Expecting value", i)
        c = text[i]
        if c in "{[":
            if len(stack) >= MAX_NESTING_DEPTH:
                raise GoSyntaxError(f"invalid character '{c}' exceeded max depth", text, i)
            j = ws(text, i + 1).end()
            if j < n and text[j] == ("}" if c == "{" else "]"):
                value = (object_pairs_hook([]) if object_pairs_hook else {}) if c == "{" else []
                i = j + 1
            else:
                stack.append([c == "{", [], None])
                i = read_key(j) if c == "{" else j
                continue
        elif c == '"':
            value, i = scanstring(text, i + 1)
        else:
            m = NUMBER_RE.match(text, i)
            if m is not None and m.end() > i:
                integer, frac, exp = m.groups()
                value = parse_float(integer + (frac or "") + (exp or "")) if frac or exp else parse_int(integer)
                i = m.end()
            else:
                for word in (*_CONSTANTS, *_PY_CONSTANTS):
                    if text.startswith(word, i):
                        value = _CONSTANTS[word] if word in _CONSTANTS else parse_constant(word)
                        i += len(word)
                        break
                else:
                    fail("Expecting value", i)
        while True:  # hand the value to its container; close the containers that end here
            if not stack:
                i = ws(text, i).end()
                if i != n:
                    fail("Extra data", i)
                return value
            frame = stack[-1]
            frame[1].append((frame[2], value) if frame[0] else value)
            i = ws(text, i).end()
            if i < n and text[i] == ",":
                i = ws(text, i + 1).end()
                if frame[0]:
                    i = read_key(i)
                break
            if i < n and text[i] == ("}" if frame[0] else "]"):
                i += 1
                stack.pop()
                if frame[0]:
                    value = object_pairs_hook(frame[1]) if object_pairs_hook else dict(frame[1])
                else:
                    value = frame[1]
                continue
            fail("Expecting ',' delimiter", i)


def describe_json_error(err: json.JSONDecodeError) -> str:
    if isinstance(err, GoSyntaxError):
        return err.msg
    return f"{err.msg} at line {err.lineno} column {err.colno} (char {err.pos})"
