"""encoding/json's scanner (scanner.go): the syntax check ``check_valid`` with ``*SyntaxError``'s texts
(``invalid character 'x' looking for beginning of value``, ``unexpected end of JSON input``...) and the nesting
limit."""

from __future__ import annotations

__all__ = ["JSONSyntaxError", "MAX_NESTING_DEPTH", "check_valid"]

MAX_NESTING_DEPTH = 10000  # encoding/json's maxNestingDepth

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
    escapes = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
    if c in escapes:
        return f"'{escapes[c]}'"
    if ord(c) < 0x20 or ord(c) == 0x7F:
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
