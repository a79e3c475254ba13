"""Field selectors: ``=``/``==``/``!=`` terms ANDed together, with ``\\`` escaping of ``\\``, ``,`` and ``=``."""

from __future__ import annotations

import abc
import dataclasses
from typing import Callable, Iterable, Mapping, Optional, Protocol

from kubernetes_py.apimachinery import selection
from kubernetes_py.apimachinery.fields.fields import FieldsLike, as_fields

TransformFunc = Callable[[str, str], "tuple[str, str]"]
"""``fn(field, value) -> (new_field, new_value)``; raise to reject the term."""


@dataclasses.dataclass(frozen=True)
class Requirement:
    """One term of a field selector."""

    operator: str
    field: str
    value: str


class Requirements(list[Requirement]):
    pass


class Selector(Protocol):
    """A field selector (Go's ``fields.Selector`` interface)."""

    @abc.abstractmethod
    def matches(self, fields: FieldsLike) -> bool: ...

    @abc.abstractmethod
    def empty(self) -> bool: ...

    @abc.abstractmethod
    def requires_exact_match(self, field: str) -> tuple[str, bool]: ...

    @abc.abstractmethod
    def transform(self, fn: TransformFunc) -> "Selector": ...

    @abc.abstractmethod
    def requirements(self) -> Requirements: ...

    def deep_copy_selector(self) -> "Selector":
        return self  # selectors are immutable here

    def __repr__(self) -> str:
        return f"fields.Selector({str(self)!r})"


class _NothingSelector(Selector):
    def matches(self, fields: FieldsLike) -> bool:
        return False

    def empty(self) -> bool:
        return False

    def requires_exact_match(self, field: str) -> tuple[str, bool]:
        return "", False

    def transform(self, fn: TransformFunc) -> Selector:
        return self

    def requirements(self) -> Requirements:
        return Requirements()

    def __str__(self) -> str:
        return ""


class _Term(Selector):
    """One ``field<op>value`` term; the subclasses are Go's hasTerm and notHasTerm."""

    __slots__ = ("field", "value")
    op: selection.Operator = ""

    def __init__(self, field: str, value: str):
        self.field = field
        self.value = value

    def empty(self) -> bool:
        return False

    def transform(self, fn: TransformFunc) -> Selector:
        field, value = fn(self.field, self.value)
        if not field and not value:
            return everything()
        return type(self)(field, value)

    def requirements(self) -> Requirements:
        return Requirements([Requirement(operator=self.op, field=self.field, value=self.value)])

    def __str__(self) -> str:
        return f"{self.field}{self.op}{escape_value(self.value)}"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.field, self.value) == (other.field, other.value)

    def __hash__(self) -> int:
        return hash((self.op, self.field, self.value))


class _HasTerm(_Term):
    __slots__ = ()
    op = selection.Equals

    def matches(self, fields: FieldsLike) -> bool:
        return as_fields(fields).get(self.field) == self.value

    def requires_exact_match(self, field: str) -> tuple[str, bool]:
        if self.field == field:
            return self.value, True
        return "", False


class _NotHasTerm(_Term):
    __slots__ = ()
    op = selection.NotEquals

    def matches(self, fields: FieldsLike) -> bool:
        return as_fields(fields).get(self.field) != self.value

    def requires_exact_match(self, field: str) -> tuple[str, bool]:
        return "", False


class _AndTerm(Selector):
    __slots__ = ("terms",)

    def __init__(self, terms: Iterable[Selector] = ()):
        self.terms = tuple(terms)

    def matches(self, fields: FieldsLike) -> bool:
        view = as_fields(fields)
        return all(t.matches(view) for t in self.terms)

    def empty(self) -> bool:
        return all(t.empty() for t in self.terms)

    def requires_exact_match(self, field: str) -> tuple[str, bool]:
        for t in self.terms:
            value, found = t.requires_exact_match(field)
            if found:
                return value, True
        return "", False

    def transform(self, fn: TransformFunc) -> Selector:
        kept = []
        for t in self.terms:
            n = t.transform(fn)
            if not n.empty():
                kept.append(n)
        return _AndTerm(kept)

    def requirements(self) -> Requirements:
        reqs = Requirements()
        for t in self.terms:
            reqs.extend(t.requirements())
        return reqs

    def __str__(self) -> str:
        return ",".join(str(t) for t in self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _AndTerm) and self.terms == other.terms

    def __hash__(self) -> int:
        return hash(self.terms)


_NOTHING = _NothingSelector()


def nothing() -> Selector:
    """A selector that matches no fields."""
    return _NOTHING


def everything() -> Selector:
    """A selector that matches all fields."""
    return _AndTerm()


def selector_from_set(ls: Optional[Mapping[str, str]]) -> Selector:
    """A selector requiring every field of the set (terms in key order; Go's order is random)."""
    if ls is None:
        return everything()
    items = [_HasTerm(k, ls[k]) for k in sorted(ls)]
    if len(items) == 1:
        return items[0]
    return _AndTerm(items)


def escape_value(s: str) -> str:
    """Escape ``\\``, ``,`` and ``=`` with a backslash so the value can be put in a selector."""
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


class InvalidEscapeSequence(ValueError):
    """A backslash followed by something other than ``\\``, ``,`` or ``=``."""

    def __init__(self, sequence: str):
        self.sequence = sequence
        super().__init__(f"invalid field selector: invalid escape sequence: {sequence}")


class UnescapedRune(ValueError):
    """A ``,`` or ``=`` in a value without a backslash; the message shows the code point as Go prints a rune."""

    def __init__(self, r: str):
        self.r = r
        super().__init__(f"invalid field selector: unescaped character in value: {ord(r)}")


def unescape_value(s: str) -> str:
    """Undo escape_value; raises InvalidEscapeSequence or UnescapedRune."""
    if not any(c in s for c in "\\,="):
        return s
    out = []
    in_slash = False
    for c in s:
        if in_slash:
            if c in "\\,=":
                out.append(c)
            else:
                raise InvalidEscapeSequence("\\" + c)
            in_slash = False
            continue
        if c == "\\":
            in_slash = True
        elif c in ",=":
            raise UnescapedRune(c)
        else:
            out.append(c)
    if in_slash:
        raise InvalidEscapeSequence("\\")
    return "".join(out)


def _split_terms(field_selector: str) -> list[str]:
    if not field_selector:
        return []
    terms = []
    start = 0
    in_slash = False
    for i, c in enumerate(field_selector):
        if in_slash:
            in_slash = False
        elif c == "\\":
            in_slash = True
        elif c == ",":
            terms.append(field_selector[start:i])
            start = i + 1
    terms.append(field_selector[start:])
    return terms


_TERM_OPERATORS = ("!=", "==", "=")


def _split_term(term: str) -> Optional[tuple[str, str, str]]:
    for i in range(len(term)):
        for op in _TERM_OPERATORS:
            if term.startswith(op, i):
                return term[:i], op, term[i + len(op) :]
    return None


def _identity(field: str, value: str) -> tuple[str, str]:
    return field, value


def _parse_selector(selector: str, fn: TransformFunc) -> Selector:
    if not isinstance(selector, str):
        raise TypeError(f"a field selector must be a str, got {type(selector).__name__}")
    items: list[Selector] = []
    for part in sorted(_split_terms(selector)):
        if part == "":
            continue
        split = _split_term(part)
        if split is None:
            raise ValueError(f"invalid selector: '{selector}'; can't understand '{part}'")
        lhs, op, rhs = split
        value = unescape_value(rhs)
        if op == "!=":
            items.append(_NotHasTerm(lhs, value))
        else:
            items.append(_HasTerm(lhs, value))
    if len(items) == 1:
        return items[0].transform(fn)
    return _AndTerm(items).transform(fn)


def parse_selector(selector: str) -> Selector:
    """Parse a field selector; raises ValueError (or its subclasses InvalidEscapeSequence, UnescapedRune)."""
    return _parse_selector(selector, _identity)


def parse_selector_or_die(selector: str) -> Selector:
    return parse_selector(selector)


def parse_and_transform_selector(selector: str, fn: TransformFunc) -> Selector:
    """Parse, then pass each term through ``fn`` (a term that becomes ``("", "")`` is dropped)."""
    return _parse_selector(selector, fn)


def one_term_equal_selector(k: str, v: str) -> Selector:
    return _HasTerm(k, v)


def one_term_not_equal_selector(k: str, v: str) -> Selector:
    return _NotHasTerm(k, v)


def and_selectors(*selectors: Selector) -> Selector:
    return _AndTerm(selectors)
