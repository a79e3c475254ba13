"""Aggregate: one exception carrying a list of errors, with Go's message rules."""

from __future__ import annotations

from typing import Callable, Iterable, Optional

Matcher = Callable[[BaseException], bool]


class MessageCountMap(dict[str, int]):
    """Error message -> how many times it occurred."""


class Aggregate(Exception):
    """Several errors reported as one. The message is the single error's message, or ``[a, b]`` with duplicate
    messages dropped, as Go's aggregate prints it."""

    def __init__(self, errs: Iterable[BaseException]):
        self._errs = list(errs)
        super().__init__(self._message())

    def errors(self) -> list[BaseException]:
        return list(self._errs)

    def _visit(self, f: Callable[[BaseException], bool]) -> bool:
        for err in self._errs:
            if isinstance(err, Aggregate):
                if err._visit(f):
                    return True
            elif f(err):
                return True
        return False

    def _message(self) -> str:
        if not self._errs:
            return ""
        if len(self._errs) == 1:
            return str(self._errs[0])
        seen: list[str] = []

        def collect(err: BaseException) -> bool:
            msg = str(err)
            if msg not in seen:
                seen.append(msg)
            return False

        self._visit(collect)
        if len(seen) == 1:
            return seen[0]
        return "[" + ", ".join(seen) + "]"

    def is_(self, target: BaseException) -> bool:
        """Go's ``errors.Is`` over the aggregated errors: identity or equality with any of them."""
        return self._visit(lambda err: err is target or err == target)

    def __str__(self) -> str:
        return self._message()

    def __repr__(self) -> str:
        return f"Aggregate({self._errs!r})"


def new_aggregate(errlist: Optional[Iterable[Optional[BaseException]]]) -> Optional[Aggregate]:
    """An Aggregate of the non-None errors, or None when there are none."""
    errs = [e for e in (errlist or []) if e is not None]
    if not errs:
        return None
    return Aggregate(errs)


def filter_out(err: Optional[BaseException], *fns: Matcher) -> Optional[BaseException]:
    """Drop the errors any matcher accepts; aggregates are filtered element by element."""
    if err is None:
        return None
    if isinstance(err, Aggregate):
        return new_aggregate(_filter_errors(err.errors(), fns))
    if any(fn(err) for fn in fns):
        return None
    return err


def _filter_errors(errs: list[BaseException], fns: tuple[Matcher, ...]) -> list[BaseException]:
    result = []
    for err in errs:
        kept = filter_out(err, *fns)
        if kept is not None:
            result.append(kept)
    return result


def flatten(agg: Optional[Aggregate]) -> Optional[Aggregate]:
    """Nested aggregates become one flat aggregate."""
    result: list[BaseException] = []
    if agg is None:
        return None
    for err in agg.errors():
        if isinstance(err, Aggregate):
            inner = flatten(err)
            if inner is not None:
                result.extend(inner.errors())
        elif err is not None:
            result.append(err)
    return new_aggregate(result)


def create_aggregate_from_message_count_map(m: Optional[dict[str, int]]) -> Optional[Aggregate]:
    """One error per message, with ``(repeated N times)`` when it occurred more than once."""
    if m is None:
        return None
    result = []
    for msg, count in m.items():
        text = msg if count <= 1 else f"{msg} (repeated {count} times)"
        result.append(Exception(text))
    return new_aggregate(result)


def reduce(err: Optional[BaseException]) -> Optional[BaseException]:
    """An aggregate of exactly one error becomes that error; an empty aggregate becomes None."""
    if isinstance(err, Aggregate):
        errs = err.errors()
        if len(errs) == 1:
            return errs[0]
        if len(errs) == 0:
            return None
    return err
