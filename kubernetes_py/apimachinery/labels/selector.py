"""Label selectors: requirements, the selector grammar, and the selectors built from sets."""

from __future__ import annotations

import abc
import re
from typing import Any, Iterable, Mapping, Optional, Protocol, Sequence

from kubernetes_py.apimachinery import selection
from kubernetes_py.apimachinery.labels.labels import LabelsLike, as_labels
from kubernetes_py.apimachinery.util import sets
from kubernetes_py.apimachinery.util.errors import Aggregate
from kubernetes_py.apimachinery.util.validation import is_label_key, is_valid_label_value
from kubernetes_py.apimachinery.util.validation import field
from kubernetes_py.apimachinery.util.validation.field.path import Path, PathOption, child_of, to_path

_UNARY_OPERATORS = [selection.Exists, selection.DoesNotExist]
_BINARY_OPERATORS = [
    selection.In,
    selection.NotIn,
    selection.Equals,
    selection.DoubleEquals,
    selection.NotEquals,
    selection.GreaterThan,
    selection.LessThan,
]
_VALID_REQUIREMENT_OPERATORS = _BINARY_OPERATORS + _UNARY_OPERATORS

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _parse_int64(text: str) -> Optional[int]:
    """Go's ``strconv.ParseInt(s, 10, 64)``: optional sign, ASCII digits only, in int64 range; else None."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not all("0" <= c <= "9" for c in digits):
        return None
    value = int(text)
    if value < _INT64_MIN or value > _INT64_MAX:
        return None
    return value


def validate_label_key(key: str, path: Optional[Path]) -> Optional[field.Error]:
    errs = is_label_key(key)
    if errs:
        return field.invalid(path, key, "; ".join(errs))
    return None


def validate_label_value(key: str, value: str, path: Optional[Path]) -> Optional[field.Error]:
    errs = is_valid_label_value(value)
    if errs:
        key_path = Path(index=key, parent=path)
        return field.invalid(key_path, value, "; ".join(errs))
    return None


class Requirement:
    """One ``key op values`` term of a label selector. Build it with ``new_requirement`` (which validates)."""

    __slots__ = ("_key", "_operator", "_str_values")

    def __init__(self, key: str, operator: str, values: Sequence[str]):
        self._key = key
        self._operator = operator
        self._str_values = tuple(values)

    def key(self) -> str:
        return self._key

    def operator(self) -> str:
        return self._operator

    def values(self) -> sets.String:
        return sets.new_string(*self._str_values)

    def values_unsorted(self) -> list[str]:
        return list(self._str_values)

    def _has_value(self, value: str) -> bool:
        return value in self._str_values

    def matches(self, labels: LabelsLike) -> bool:
        """Whether the labels satisfy this requirement."""
        ls = as_labels(labels)
        op = self._operator
        if op in (selection.In, selection.Equals, selection.DoubleEquals):
            val, exists = ls.lookup(self._key)
            return exists and self._has_value(val)
        if op in (selection.NotIn, selection.NotEquals):
            val, exists = ls.lookup(self._key)
            return not exists or not self._has_value(val)
        if op == selection.Exists:
            return ls.has(self._key)
        if op == selection.DoesNotExist:
            return not ls.has(self._key)
        if op in (selection.GreaterThan, selection.LessThan):
            val, exists = ls.lookup(self._key)
            if not exists:
                return False
            label_value = _parse_int64(val)
            if label_value is None or len(self._str_values) != 1:
                return False
            required = _parse_int64(self._str_values[0])
            if required is None:
                return False
            if op == selection.GreaterThan:
                return label_value > required
            return label_value < required
        return False

    def equal(self, other: "Requirement") -> bool:
        return (self._key, self._operator, self._str_values) == (other._key, other._operator, other._str_values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Requirement):
            return NotImplemented
        return self.equal(other)

    def __hash__(self) -> int:
        return hash((self._key, self._operator, self._str_values))

    def __str__(self) -> str:
        op = self._operator
        out = "!" + self._key if op == selection.DoesNotExist else self._key
        symbol = {
            selection.Equals: "=",
            selection.DoubleEquals: "==",
            selection.NotEquals: "!=",
            selection.In: " in ",
            selection.NotIn: " notin ",
            selection.GreaterThan: ">",
            selection.LessThan: "<",
        }.get(op)
        if op in (selection.Exists, selection.DoesNotExist):
            return out
        if symbol is not None:
            out += symbol
        if len(self._str_values) == 1:
            values = self._str_values[0]
        else:
            values = ",".join(sorted(self._str_values))
        if op in (selection.In, selection.NotIn):
            return f"{out}({values})"
        return out + values

    def __repr__(self) -> str:
        return f"Requirement({str(self)!r})"


def new_requirement(key: str, op: str, vals: Optional[Iterable[str]], *opts: PathOption) -> Requirement:
    """A validated Requirement; raises ``util.errors.Aggregate`` of field errors, as Go's NewRequirement returns.

    ``opts`` may include ``field.with_path(p)`` to report errors under ``p``.
    """
    vals_list = None if vals is None else list(vals)
    vals_seq = vals_list or []
    if _valid_requirement(key, op, vals_seq):
        return Requirement(key, op, vals_seq)
    # Something is wrong: build Go's field errors (paths included) for the message.
    all_errs = field.ErrorList()
    path = to_path(*opts)
    err = validate_label_key(key, child_of(path, "key"))
    if err is not None:
        all_errs.append(err)
    value_path = child_of(path, "values")
    shown = vals_list  # Go prints a nil slice as null and an empty one as []
    if op in (selection.In, selection.NotIn):
        if not vals_seq:
            all_errs.append(field.invalid(value_path, shown, "for 'in', 'notin' operators, values set can't be empty"))
    elif op in (selection.Equals, selection.DoubleEquals, selection.NotEquals):
        if len(vals_seq) != 1:
            all_errs.append(field.invalid(value_path, shown, "exact-match compatibility requires one single value"))
    elif op in (selection.Exists, selection.DoesNotExist):
        if vals_seq:
            all_errs.append(field.invalid(value_path, shown, "values set must be empty for exists and does not exist"))
    elif op in (selection.GreaterThan, selection.LessThan):
        if len(vals_seq) != 1:
            all_errs.append(field.invalid(value_path, shown, "for 'Gt', 'Lt' operators, exactly one value is required"))
        for i, v in enumerate(vals_seq):
            if _parse_int64(v) is None:
                all_errs.append(
                    field.invalid(value_path.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer")
                )
    else:
        all_errs.append(
            field.not_supported(child_of(path, "operator"), _OperatorValue(op), _VALID_REQUIREMENT_OPERATORS)
        )
    for i, v in enumerate(vals_seq):
        err = validate_label_value(key, v, value_path.index(i))
        if err is not None:
            all_errs.append(err)
    agg = all_errs.to_aggregate()
    if agg is not None:
        raise agg
    return Requirement(key, op, vals_seq)


def _valid_requirement(key: str, op: str, vals: list[Any]) -> bool:
    """The no-error case of new_requirement, checked without building any error paths."""
    if op in (selection.In, selection.NotIn):
        if not vals:
            return False
    elif op in (selection.Equals, selection.DoubleEquals, selection.NotEquals):
        if len(vals) != 1:
            return False
    elif op in (selection.Exists, selection.DoesNotExist):
        if vals:
            return False
    elif op in (selection.GreaterThan, selection.LessThan):
        if len(vals) != 1 or _parse_int64(vals[0]) is None:
            return False
    else:
        return False
    return not is_label_key(key) and not any(is_valid_label_value(v) for v in vals)


class _OperatorValue(str):
    """An operator shown as a bad value: Go marshals its named string type as JSON, not with %q."""


class Requirements(list[Any]):
    """A list of requirements; ``str()`` joins them with ``", "``."""

    def __str__(self) -> str:
        return ", ".join(str(r) for r in self)


class Selector(Protocol):
    """A label selector (Go's ``labels.Selector`` interface)."""

    @abc.abstractmethod
    def matches(self, labels: LabelsLike) -> bool:
        """Whether the labels (a ``Labels`` or any mapping) satisfy the selector."""

    @abc.abstractmethod
    def empty(self) -> bool:
        """True when the selector matches everything."""

    @abc.abstractmethod
    def add(self, *requirements: Requirement) -> "Selector":
        """A new selector with the requirements added."""

    @abc.abstractmethod
    def requirements(self) -> tuple[Requirements, bool]:
        """``(requirements, selectable)``; ``selectable`` is False for a selector that matches nothing."""

    @abc.abstractmethod
    def requires_exact_match(self, label: str) -> tuple[str, bool]:
        """``(value, True)`` when the selector only matches objects with ``label`` equal to one value."""

    def deep_copy_selector(self) -> "Selector":
        return self  # selectors are immutable here


class InternalSelector(Selector):
    """The selector ``parse`` builds: requirements ANDed, kept sorted by key."""

    __slots__ = ("_reqs",)

    def __init__(self, requirements: Iterable[Requirement] = ()):
        self._reqs = tuple(requirements)

    def matches(self, labels: LabelsLike) -> bool:
        labels = as_labels(labels)
        return all(r.matches(labels) for r in self._reqs)

    def empty(self) -> bool:
        return len(self._reqs) == 0

    def add(self, *requirements: Requirement) -> "Selector":
        return InternalSelector(_sort_by_key(list(self._reqs) + list(requirements)))

    def requirements(self) -> tuple[Requirements, bool]:
        return Requirements(self._reqs), True

    def requires_exact_match(self, label: str) -> tuple[str, bool]:
        for r in self._reqs:
            if r._key == label:
                if r._operator in (selection.Equals, selection.DoubleEquals, selection.In) and len(r._str_values) == 1:
                    return r._str_values[0], True
                return "", False
        return "", False

    def __str__(self) -> str:
        return ",".join(str(r) for r in self._reqs)

    def __repr__(self) -> str:
        return f"labels.Selector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InternalSelector):
            return NotImplemented
        return self._reqs == other._reqs

    def __hash__(self) -> int:
        return hash(self._reqs)


class _NothingSelector(Selector):
    def matches(self, labels: LabelsLike) -> bool:
        return False

    def empty(self) -> bool:
        return False

    def add(self, *requirements: Requirement) -> "Selector":
        return self

    def requirements(self) -> tuple[Requirements, bool]:
        return Requirements(), False

    def requires_exact_match(self, label: str) -> tuple[str, bool]:
        return "", False

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "labels.nothing()"


class ValidatedSetSelector(Selector):
    """A selector over a label set that is already known to be valid: exact matches only, cheap to build."""

    __slots__ = ("_set",)

    def __init__(self, label_set: Mapping[str, str]):
        self._set = dict(label_set)

    def matches(self, labels: LabelsLike) -> bool:
        labels = as_labels(labels)
        for k, v in self._set.items():
            val, exists = labels.lookup(k)
            if not exists or v != val:
                return False
        return True

    def empty(self) -> bool:
        return len(self._set) == 0

    def __str__(self) -> str:
        return ",".join(f"{k}={self._set[k]}" for k in sorted(self._set))

    def add(self, *requirements: Requirement) -> "Selector":
        return self._to_full_selector().add(*requirements)

    def requirements(self) -> tuple[Requirements, bool]:
        return self._to_full_selector().requirements()

    def requires_exact_match(self, label: str) -> tuple[str, bool]:
        if label in self._set:
            return self._set[label], True
        return "", False

    def deep_copy_selector(self) -> "Selector":
        return ValidatedSetSelector(self._set)

    def _to_full_selector(self) -> Selector:
        return selector_from_validated_set(self._set)

    def __repr__(self) -> str:
        return f"labels.ValidatedSetSelector({str(self)!r})"


_EVERYTHING = InternalSelector()
_NOTHING = _NothingSelector()


def everything() -> Selector:
    """A selector that matches all labels."""
    return _EVERYTHING


def nothing() -> Selector:
    """A selector that matches no labels."""
    return _NOTHING


def matches_nothing(selector: Selector) -> bool:
    return selector is _NOTHING


def new_selector() -> Selector:
    """An empty selector to ``add`` requirements to."""
    return InternalSelector()


def _sort_by_key(reqs: list[Requirement]) -> list[Requirement]:
    # Go uses sort.Sort, which is not stable; requirements with equal keys keep a stable order here.
    return sorted(reqs, key=lambda r: r._key)


# ----------------------------------------------------------------------------------------------------------------
# Lexer and parser of the selector grammar.

ErrorToken = 0
EndOfStringToken = 1
ClosedParToken = 2
CommaToken = 3
DoesNotExistToken = 4
DoubleEqualsToken = 5
EqualsToken = 6
GreaterThanToken = 7
IdentifierToken = 8
InToken = 9
LessThanToken = 10
NotEqualsToken = 11
NotInToken = 12
OpenParToken = 13

_STRING_TO_TOKEN = {
    ")": ClosedParToken,
    ",": CommaToken,
    "!": DoesNotExistToken,
    "==": DoubleEqualsToken,
    "=": EqualsToken,
    ">": GreaterThanToken,
    "in": InToken,
    "<": LessThanToken,
    "!=": NotEqualsToken,
    "notin": NotInToken,
    "(": OpenParToken,
}
_WHITESPACE = " \t\r\n"
_SPECIAL = "=!(),><"


_IDENTIFIER_RUN = re.compile(r"[^=!(),>< \t\r\n\x00]*")


class _Lexer:
    """Go's label selector lexer. Go reads bytes and treats a 0 byte as the end of the input (consuming it), so
    a NUL inside the text ends the current token and is skipped."""

    def __init__(self, s: str):
        self.s = s
        self.pos = 0

    def _skip_nul(self) -> None:
        if self.pos < len(self.s) and self.s[self.pos] == "\0":
            self.pos += 1

    def lex(self) -> tuple[int, str]:
        s, n = self.s, len(self.s)
        pos = self.pos
        while pos < n and s[pos] in _WHITESPACE:
            pos += 1
        if pos >= n:
            self.pos = pos
            return EndOfStringToken, ""
        ch = s[pos]
        if ch == "\0":
            self.pos = pos + 1
            return EndOfStringToken, ""
        if ch in _SPECIAL:
            # Every special character is a token alone; "==" and "!=" are the only longer ones.
            two = s[pos : pos + 2]
            literal = two if two in ("==", "!=") else ch
            self.pos = pos + len(literal)
            self._skip_nul()
            return _STRING_TO_TOKEN[literal], literal
        match = _IDENTIFIER_RUN.match(s, pos)
        end = match.end() if match else pos  # the pattern matches the empty string: there is always a match
        literal = s[pos:end]
        self.pos = end
        self._skip_nul()
        return _STRING_TO_TOKEN.get(literal, IdentifierToken), literal


_KEY_AND_OPERATOR = 0
_VALUES = 1


class _Parser:
    def __init__(self, text: str, path: Optional[Path]):
        self.lexer = _Lexer(text)
        self.items: list[tuple[int, str]] = []
        self.position = 0
        self.path = path

    def _scan(self) -> None:
        while True:
            tok, lit = self.lexer.lex()
            self.items.append((tok, lit))
            if tok == EndOfStringToken:
                break

    @staticmethod
    def _in_context(tok: int, context: int) -> int:
        if context == _VALUES and tok in (InToken, NotInToken):
            return IdentifierToken
        return tok

    def _lookahead(self, context: int) -> tuple[int, str]:
        tok, lit = self.items[self.position]
        return self._in_context(tok, context), lit

    def _consume(self, context: int) -> tuple[int, str]:
        self.position += 1
        tok, lit = self.items[self.position - 1]
        return self._in_context(tok, context), lit

    def parse(self) -> list[Requirement]:
        self._scan()
        requirements: list[Requirement] = []
        while True:
            tok, lit = self._lookahead(_VALUES)
            if tok in (IdentifierToken, DoesNotExistToken):
                try:
                    r = self._parse_requirement()
                except (ValueError, Aggregate) as err:
                    raise ValueError(f"unable to parse requirement: {err}") from err
                requirements.append(r)
                t, lit = self._consume(_VALUES)
                if t == EndOfStringToken:
                    return requirements
                if t == CommaToken:
                    t2, l2 = self._lookahead(_VALUES)
                    if t2 not in (IdentifierToken, DoesNotExistToken):
                        raise ValueError(f"found '{l2}', expected: identifier after ','")
                else:
                    raise ValueError(f"found '{lit}', expected: ',' or 'end of string'")
            elif tok == EndOfStringToken:
                return requirements
            else:
                raise ValueError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def _parse_requirement(self) -> Requirement:
        key, operator = self._parse_key_and_infer_operator()
        if operator in (selection.Exists, selection.DoesNotExist):
            return new_requirement(key, operator, [], field.with_path(self.path))
        operator = self._parse_operator()
        if operator in (selection.In, selection.NotIn):
            values = self._parse_values()
        else:
            values = self._parse_exact_value()
        return new_requirement(key, operator, values.list(), field.with_path(self.path))

    def _parse_key_and_infer_operator(self) -> tuple[str, str]:
        operator = ""
        tok, literal = self._consume(_VALUES)
        if tok == DoesNotExistToken:
            operator = selection.DoesNotExist
            tok, literal = self._consume(_VALUES)
        if tok != IdentifierToken:
            raise ValueError(f"found '{literal}', expected: identifier")
        err = validate_label_key(literal, self.path)
        if err is not None:
            raise ValueError(str(err))
        t, _ = self._lookahead(_VALUES)
        if t in (EndOfStringToken, CommaToken) and operator != selection.DoesNotExist:
            operator = selection.Exists
        return literal, operator

    def _parse_operator(self) -> str:
        tok, lit = self._consume(_KEY_AND_OPERATOR)
        op = {
            InToken: selection.In,
            EqualsToken: selection.Equals,
            DoubleEqualsToken: selection.DoubleEquals,
            GreaterThanToken: selection.GreaterThan,
            LessThanToken: selection.LessThan,
            NotInToken: selection.NotIn,
            NotEqualsToken: selection.NotEquals,
        }.get(tok)
        if op is None:
            raise ValueError(f"found '{lit}', expected: {', '.join(_BINARY_OPERATORS)}")
        return op

    def _parse_values(self) -> sets.String:
        tok, lit = self._consume(_VALUES)
        if tok != OpenParToken:
            raise ValueError(f"found '{lit}' expected: '('")
        tok, lit = self._lookahead(_VALUES)
        if tok in (IdentifierToken, CommaToken):
            s = self._parse_identifiers_list()
            tok, _ = self._consume(_VALUES)
            if tok != ClosedParToken:
                raise ValueError(f"found '{lit}', expected: ')'")
            return s
        if tok == ClosedParToken:
            self._consume(_VALUES)
            return sets.new_string("")
        raise ValueError(f"found '{lit}', expected: ',', ')' or identifier")

    def _parse_identifiers_list(self) -> sets.String:
        s = sets.new_string()
        while True:
            tok, lit = self._consume(_VALUES)
            if tok == IdentifierToken:
                s.insert(lit)
                tok2, lit2 = self._lookahead(_VALUES)
                if tok2 == CommaToken:
                    continue
                if tok2 == ClosedParToken:
                    return s
                raise ValueError(f"found '{lit2}', expected: ',' or ')'")
            if tok == CommaToken:
                if len(s) == 0:
                    s.insert("")
                tok2, _ = self._lookahead(_VALUES)
                if tok2 == ClosedParToken:
                    s.insert("")
                    return s
                if tok2 == CommaToken:
                    s.insert("")
                continue
            raise ValueError(f"found '{lit}', expected: ',', or identifier")

    def _parse_exact_value(self) -> sets.String:
        s = sets.new_string()
        tok, _ = self._lookahead(_VALUES)
        if tok in (EndOfStringToken, CommaToken):
            s.insert("")
            return s
        tok, lit = self._consume(_VALUES)
        if tok == IdentifierToken:
            s.insert(lit)
            return s
        raise ValueError(f"found '{lit}', expected: identifier")


def _parse(selector: str, path: Optional[Path]) -> list[Requirement]:
    if not isinstance(selector, str):
        raise TypeError(f"a label selector must be a str, got {type(selector).__name__}")
    return _sort_by_key(_Parser(selector, path).parse())


def parse(selector: str, *opts: PathOption) -> Selector:
    """Parse a label selector string (``app=web,tier in (a,b),!canary``); raises ValueError with Go's message."""
    return InternalSelector(_parse(selector, to_path(*opts)))


def parse_to_requirements(selector: str, *opts: PathOption) -> list[Requirement]:
    return _parse(selector, to_path(*opts))


def selector_from_set(ls: Optional[Mapping[str, str]]) -> Selector:
    """A selector requiring every label of the set (no validation, as in Go)."""
    return selector_from_validated_set(ls)


def validated_selector_from_set(ls: Optional[Mapping[str, str]]) -> Selector:
    """Like selector_from_set, but raises when a key or value is not a valid label."""
    if not ls:
        return InternalSelector()
    reqs = [new_requirement(k, selection.Equals, [v]) for k, v in ls.items()]
    return InternalSelector(_sort_by_key(reqs))


def selector_from_validated_set(ls: Optional[Mapping[str, str]]) -> Selector:
    if not ls:
        return InternalSelector()
    return InternalSelector(_sort_by_key([Requirement(k, selection.Equals, [v]) for k, v in ls.items()]))
