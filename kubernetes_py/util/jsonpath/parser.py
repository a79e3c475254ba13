"""The JSONPath template parser (client-go util/jsonpath parser.go): text with ``{...}`` actions.

Go's parser calls itself for each token; this one runs the same steps in a loop (each step returns the next).
"""

from __future__ import annotations

import re
from typing import Any, Callable, List, Optional

from kubernetes_py._go.strconv import GoNumError, _go_is_print, go_atoi

from .node import (
    ListNode,
    NodeRecursive,
    ParamsEntry,
    new_array,
    new_bool,
    new_field,
    new_filter,
    new_float,
    new_identifier,
    new_int,
    new_list,
    new_recursive,
    new_text,
    new_union,
    new_wildcard,
)

__all__ = ["ErrSyntax", "Parser", "new_parser", "parse", "unquote_extend"]

_EOF = ""
_LEFT_DELIM = "{"
_RIGHT_DELIM = "}"


class _SyntaxError(ValueError):
    pass


ErrSyntax = _SyntaxError("invalid syntax")
"""Go's ErrSyntax: what unquote_extend raises for a badly quoted string."""

_DICT_KEY_REX = re.compile(r"^'([^']*)'$")
_SLICE_OPERATOR_REX = re.compile(r"^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$")
_FILTER_REX = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$")

_Step = Optional[Callable[[], Any]]  # a parsing step: it returns the next step, None at the end


class Parser:
    """Parses a template into ``root``, a ListNode of text and action lists."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: ListNode = new_list()
        self._input = ""
        self._pos = 0
        self._start = 0
        self._width = 0
        self._cur: ListNode = self.root

    def parse(self, text: str) -> None:
        """Parse ``text``; raises ValueError with Go's message when it is not a valid template."""
        self._input = text
        self.root = new_list()
        self._pos = 0
        self._start = 0
        step: _Step = self._parse_text_root
        while step is not None:
            step = step()

    # scanning

    def _consume_text(self) -> str:
        value = self._input[self._start : self._pos]
        self._start = self._pos
        return value

    def _next(self) -> str:
        if self._pos >= len(self._input):
            self._width = 0
            return _EOF
        r = self._input[self._pos]
        self._width = 1
        self._pos += 1
        return r

    def _peek(self) -> str:
        r = self._next()
        self._backup()
        return r

    def _backup(self) -> None:
        self._pos -= self._width

    # steps

    def _parse_text_root(self) -> _Step:
        self._cur = self.root
        while True:
            if self._input.startswith(_LEFT_DELIM, self._pos):
                if self._pos > self._start:
                    self._cur.append(new_text(self._consume_text()))
                return self._parse_left_delim
            if self._next() == _EOF:
                break
        if self._pos > self._start:
            self._cur.append(new_text(self._consume_text()))
        return None

    def _parse_left_delim(self) -> _Step:
        self._pos += len(_LEFT_DELIM)
        self._consume_text()
        node = new_list()
        self._cur.append(node)
        self._cur = node
        return self._parse_inside_action

    def _parse_inside_action(self) -> _Step:
        rest = self._input[self._pos :]
        if rest.startswith(_RIGHT_DELIM):
            return self._parse_right_delim
        if rest.startswith("[?("):
            return self._parse_filter
        if rest.startswith(".."):
            return self._parse_recursive
        r = self._next()
        if r == _EOF or r in "\r\n":
            raise ValueError("unclosed action")
        if r == " " or r in "@$":
            self._consume_text()
            return self._parse_inside_action
        if r == "[":
            return self._parse_array
        if r in "\"'":
            return lambda: self._parse_quote(r)
        if r == ".":
            return self._parse_field
        if r in "+-" or r.isdecimal():
            self._backup()
            return self._parse_number
        if _is_alpha_numeric(r):
            self._backup()
            return self._parse_identifier
        raise ValueError(f"unrecognized character in action: {_go_unicode(r)}")

    def _parse_right_delim(self) -> _Step:
        self._pos += len(_RIGHT_DELIM)
        self._consume_text()
        return self._parse_text_root

    def _parse_identifier(self) -> _Step:
        while True:
            r = self._next()
            if _is_terminator(r):
                self._backup()
                break
        value = self._consume_text()
        if value in ("true", "false"):
            self._cur.append(new_bool(value == "true"))
        else:
            self._cur.append(new_identifier(value))
        return self._parse_inside_action

    def _parse_recursive(self) -> _Step:
        if self._cur.nodes and self._cur.nodes[-1].type() == NodeRecursive:
            raise ValueError("invalid multiple recursive descent")
        self._pos += len("..")
        self._consume_text()
        self._cur.append(new_recursive())
        if _is_alpha_numeric(self._peek()):
            return self._parse_field
        return self._parse_inside_action

    def _parse_number(self) -> _Step:
        if self._peek() in ("+", "-"):
            self._next()
        while True:
            r = self._next()
            if r != "." and not r.isdecimal():
                self._backup()
                break
        value = self._consume_text()
        try:
            self._cur.append(new_int(go_atoi(value)))
            return self._parse_inside_action
        except GoNumError:
            pass
        try:
            number = _go_parse_float(value)
        except ValueError:
            raise ValueError(f"cannot parse number {value}") from None
        self._cur.append(new_float(number))
        return self._parse_inside_action

    def _parse_array(self) -> _Step:
        while True:
            r = self._next()
            if r == _EOF or r == "\n":
                raise ValueError("unterminated array")
            if r == "]":
                break
        text = self._consume_text()[1:-1]
        if text == "*":
            text = ":"
        strs = text.split(",")
        if len(strs) > 1:
            union = [_parse_action("union", f"[{s.strip(' ')}]").root for s in strs]
            self._cur.append(new_union(union))
            return self._parse_inside_action
        m = _DICT_KEY_REX.match(text)
        if m is not None:
            for node in _parse_action("arraydict", f".{m.group(1)}").root.nodes:
                self._cur.append(node)
            return self._parse_inside_action
        m = _SLICE_OPERATOR_REX.match(text)
        if m is None:
            raise ValueError(f"invalid array index {text}")
        values = [m.group(1) or "", m.group(2) or "", m.group(3) or ""]
        params = [ParamsEntry(), ParamsEntry(), ParamsEntry()]
        for i in range(3):
            if values[i] != "":
                if i > 0:
                    values[i] = values[i][1:]
                if i > 0 and values[i] == "":
                    params[i].known = False
                else:
                    params[i].known = True
                    try:
                        params[i].value = go_atoi(values[i])
                    except GoNumError:
                        raise ValueError(f"array index {values[i]} is not a number") from None
            elif i == 1:
                params[i].known = True
                params[i].value = params[0].value + 1
                params[i].derived = True
            else:
                params[i].known = False
                params[i].value = 0
        self._cur.append(new_array((params[0], params[1], params[2])))
        return self._parse_inside_action

    def _parse_filter(self) -> _Step:
        self._pos += len("[?(")
        self._consume_text()
        begin = end = False
        pair = ""
        while True:
            r = self._next()
            if r == _EOF or r == "\n":
                raise ValueError("unterminated filter")
            if r in "\"'":
                if not begin:
                    begin, pair = True, r
                    continue
                if self._input[self._pos - 2] != "\\" and r == pair:
                    end = True
            elif r == ")":
                if begin == end:
                    break
        if self._next() != "]":
            raise ValueError("unclosed array expect ]")
        text = self._consume_text()[:-2]
        m = _FILTER_REX.match(text)
        if m is None:
            self._cur.append(new_filter(_parse_action("text", text).root, new_list(), "exists"))
        else:
            left = _parse_action("left", m.group(1)).root
            right = _parse_action("right", m.group(3)).root
            self._cur.append(new_filter(left, right, m.group(2)))
        return self._parse_inside_action

    def _parse_quote(self, end: str) -> _Step:
        while True:
            r = self._next()
            if r == _EOF or r == "\n":
                raise ValueError("unterminated quoted string")
            if r == end and self._input[self._pos - 2] != "\\":
                break
        value = self._consume_text()
        try:
            s = unquote_extend(value)
        except ValueError as err:
            raise ValueError(f"unquote string {value} error {err}") from None
        self._cur.append(new_text(s))
        return self._parse_inside_action

    def _parse_field(self) -> _Step:
        self._consume_text()
        while self._advance():
            pass
        value = self._consume_text()
        if value == "*":
            self._cur.append(new_wildcard())
        else:
            self._cur.append(new_field(value.replace("\\", "")))
        return self._parse_inside_action

    def _advance(self) -> bool:
        r = self._next()
        if r == "\\":
            self._next()
        elif _is_terminator(r):
            self._backup()
            return False
        return True


def new_parser(name: str) -> Parser:
    return Parser(name)


def parse(name: str, text: str) -> Parser:
    """A parser holding the tree of ``text``; raises ValueError when it does not parse."""
    p = Parser(name)
    p.parse(text)
    return p


def _parse_action(name: str, text: str) -> Parser:
    """The parser of one action's text, its root the action's list."""
    p = parse(name, f"{_LEFT_DELIM}{text}{_RIGHT_DELIM}")
    first = p.root.nodes[0]
    assert isinstance(first, ListNode)
    p.root = first
    return p


def _is_terminator(r: str) -> bool:
    return r == _EOF or r in " \t\r\n.,[]$@{}"


def _is_alpha_numeric(r: str) -> bool:
    return r == "_" or (r != _EOF and (r.isalpha() or r.isdecimal()))


def _go_unicode(r: str) -> str:
    """Go's %#U of a rune."""
    text = f"U+{ord(r):04X}"
    return f"{text} '{r}'" if _go_is_print(r) else text


_FLOAT_REX = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$")


def _go_parse_float(s: str) -> float:
    """strconv.ParseFloat(s, 64) for the digits and dots a number token holds."""
    if not _FLOAT_REX.match(s):
        raise ValueError(f'strconv.ParseFloat: parsing "{s}": invalid syntax')
    return float(s)


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def unquote_extend(s: str) -> str:
    """strconv.Unquote that also takes single-quoted strings of any length; raises ErrSyntax."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in "\"'":
        raise ErrSyntax
    quote, body = s[0], s[1:-1]
    if "\\" not in body and quote not in body:
        return body
    out: List[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == quote:
            raise ErrSyntax
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(body):
            raise ErrSyntax
        e = body[i + 1]
        i += 2
        if e in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[e])
        elif e in "'\"":
            if e != quote:
                raise ErrSyntax
            out.append(e)
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i : i + n]
            if len(digits) < n or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
                raise ErrSyntax
            i += n
            code = int(digits, 16)
            if e == "x":
                out.append(bytes([code]).decode("latin-1") if code < 0x80 else chr(0xDC00 + code))
            elif code > 0x10FFFF or 0xD800 <= code < 0xE000:
                raise ErrSyntax
            else:
                out.append(chr(code))
        elif "0" <= e <= "7":
            digits = body[i - 1 : i + 2]
            if len(digits) < 3 or not all("0" <= ch <= "7" for ch in digits):
                raise ErrSyntax
            code = int(digits, 8)
            if code > 255:
                raise ErrSyntax
            i += 2
            out.append(chr(code) if code < 0x80 else chr(0xDC00 + code))
        else:
            raise ErrSyntax
    return "".join(out)
