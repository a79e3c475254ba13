"""JSON text as Go's encoding/json writes it, and JSON parsing as apimachinery's util/json reads it.

Go's decoder (sigs.k8s.io/json, a fork of encoding/json) reads any bytes: invalid UTF-8 inside a string
becomes U+FFFD, one per bad byte, and so does an escaped surrogate without its pair; it nests values up to
10,000 levels and refuses the next with "invalid character '{' exceeded max depth". Python's json module
raises UnicodeDecodeError for the first and RecursionError long before the second, so ``loads`` decodes
the bytes Go's way first, and parses a document too deep for the json module with a loop of its own.
``dumps`` writes such deep values with a loop too, and writes float64 values as Go's encoder does (plain digits from
1e-6 to 1e21, ``3`` for 3.0, ``1e-7`` below and ``1e+21`` from there on), where Python writes ``3.0`` or ``1e-07``.
Numbers read from embedded raw JSON (RawFloat) keep Python's text, the shortest one that reads back as the number:
Go writes raw JSON with the digits it was given.
"""
from __future__ import annotations

import json
import re
import secrets
from json.decoder import scanstring
from json.scanner import NUMBER_RE
from typing import Any, Callable, Optional

from kubernetes_py._go.json import go_json_escape_html, go_json_float, go_json_int
from kubernetes_py._go.strconv import go_string

MAX_NESTING_DEPTH = 10000  # encoding/json's maxNestingDepth


_LONE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPES = re.compile(
    r"(\\\\)|(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _keep_pairs(m: re.Match) -> str:
    return m.group(0) if m.group(1) or m.group(2) else "\\ufffd"


def go_text(data) -> str:
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


def loads(data, parse_int: Optional[Callable] = None, object_pairs_hook: Optional[Callable] = None,
          parse_float: Optional[Callable] = None, parse_constant: Optional[Callable] = None) -> Any:
    """json.loads of the text Go reads from ``data`` (see go_text), nesting included up to Go's limit.

    Raises json.JSONDecodeError (GoSyntaxError for the depth limit)."""
    text = go_text(data)
    try:
        return json.loads(text, parse_int=parse_int, object_pairs_hook=object_pairs_hook, parse_float=parse_float,
                          parse_constant=parse_constant)
    except RecursionError:
        return _loads_deep(text, parse_int or int, object_pairs_hook, parse_float or float,
                           parse_constant or _PY_CONSTANTS.__getitem__)


def loads_preserving_ints(data) -> Any:
    """Parse JSON the way apimachinery's json.Unmarshal into interface{} does: integers that fit int64
    stay ints, other numbers are floats."""
    return loads(data, parse_int=go_json_int)


_WS = re.compile(r"[ \t\n\r]*")
_CONSTANTS = {"null": None, "true": True, "false": False}
_PY_CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def _loads_deep(text: str, parse_int: Callable, object_pairs_hook: Optional[Callable],
                parse_float: Callable = float, parse_constant: Callable = _PY_CONSTANTS.__getitem__) -> Any:
    """What json.loads returns for ``text``, by a loop (no recursion), refusing Go's depth limit."""
    n = len(text)
    ws = _WS.match
    stack: list = []  # [is_object, items, key]

    def fail(msg: str, pos: int):
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


class RawFloat(float):
    """A number of embedded raw JSON (RawExtension, FieldsV1, apiextensions JSON), which ``dumps`` writes as
    Python reads it (the digits of the kept text, for what Go's encoder wrote), not as a float64 value."""

    __slots__ = ()


# A float64 is written as a string that holds its Go text between two marks, which are then removed: the json
# module writes every float with repr, and has no hook for numbers. The marks cannot occur in a value's strings
# (a private-use character followed by a token drawn per process).
_MARK = "\ue000" + secrets.token_hex(8)
_MARKED = re.compile('"' + _MARK + '([^"]*)' + _MARK + '"')


def _is_go_float(x) -> bool:
    return isinstance(x, float) and x.__class__ is not RawFloat and x - x == 0  # finite: json raises for the rest


def _has_go_float(value: Any) -> bool:
    stack = [value]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif _is_go_float(x):
            return True
    return False


def _mark_go_floats(value: Any) -> Any:
    """A copy of ``value`` (its containers) with each float64 replaced by its marked Go text."""
    root = [value]
    stack: list = [(root, 0)]
    while stack:
        container, key = stack.pop()
        x = container[key]
        if isinstance(x, dict):
            container[key] = copy = dict(x)
            stack.extend((copy, k) for k in copy)
        elif isinstance(x, (list, tuple)):
            container[key] = copy = list(x)
            stack.extend((copy, i) for i in range(len(copy)))
        elif _is_go_float(x):
            container[key] = _MARK + go_json_float(x) + _MARK
    return root[0]


def dumps(value: Any, sort_keys: bool = False, indent: bool = False) -> bytes:
    """Compact (or two-space indented) JSON with Go's escaping of <, > and &, UTF-8 kept as is, floats in Go's
    text."""
    marked = _has_go_float(value)
    if marked:
        value = _mark_go_floats(value)
    try:
        if indent:
            text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys, allow_nan=False,
                              default=_default)
        else:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys,
                              allow_nan=False, default=_default)
    except RecursionError:
        text = dumps_deep(value, sort_keys=sort_keys, indent=2 if indent else None)
    if marked:
        text = _MARKED.sub(r"\1", text)
    return go_json_escape_html(text).encode("utf-8")


_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def raw_json_text(value: Any) -> bytes:
    """The bytes kept for embedded raw JSON (RawExtension, FieldsV1...) read as ``value``: compact, as Go
    writes it (HTML characters escaped), keys in their order."""
    try:
        text = _COMPACT(value)
    except RecursionError:
        text = dumps_deep(value)
    return go_json_escape_html(text).encode("utf-8")


def _default(value):
    """Strings protobuf hands back as bytes (not valid UTF-8) are written as Go writes them."""
    if isinstance(value, (bytes, bytearray)):
        return go_string(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps_deep(value: Any, sort_keys: bool = False, indent: Optional[int] = None) -> str:
    """json.dumps(value, ensure_ascii=False, allow_nan=False) with the separators of ``indent`` (None: compact),
    by a loop: for values nested deeper than the json module recurses. Raises ValueError for a value nested
    deeper than Go's limit or that is not JSON."""
    one = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=_default).encode
    item_sep, key_sep = (",", ":") if indent is None else (",", ": ")
    out: list[str] = []
    # The work list holds values to write and literal text (in a 1-tuple) to write between them.
    work: list = [(value, 0)]
    while work:
        entry = work.pop()
        if len(entry) == 1:
            out.append(entry[0])
            continue
        item, depth = entry
        if depth > MAX_NESTING_DEPTH:
            raise ValueError(f"json: value nested deeper than {MAX_NESTING_DEPTH} levels")
        if isinstance(item, dict) and item:
            keys = sorted(item) if sort_keys else list(item)
            pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
            end = "" if indent is None else "\n" + " " * (indent * depth)
            parts: list = [(("{" + pad),)]
            for idx, k in enumerate(keys):
                if idx:
                    parts.append(((item_sep + pad),))
                parts.append((one(k if isinstance(k, str) else _key_text(k)) + key_sep,))
                parts.append((item[k], depth + 1))
            parts.append(((end + "}"),))
            work.extend(reversed(parts))
        elif isinstance(item, (list, tuple)) and item:
            pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
            end = "" if indent is None else "\n" + " " * (indent * depth)
            parts = [(("[" + pad),)]
            for idx, v in enumerate(item):
                if idx:
                    parts.append(((item_sep + pad),))
                parts.append((v, depth + 1))
            parts.append(((end + "]"),))
            work.extend(reversed(parts))
        else:
            out.append(one(item))
    return "".join(out)


def _key_text(k) -> str:
    if isinstance(k, (bytes, bytearray)):
        return go_string(k)
    return json.dumps(k) if not isinstance(k, str) else k


class JSONSyntaxError(ValueError):
    """Malformed JSON, with the position of the problem."""


def describe_json_error(err: json.JSONDecodeError) -> str:
    if isinstance(err, GoSyntaxError):
        return err.msg
    return f"{err.msg} at line {err.lineno} column {err.colno} (char {err.pos})"
