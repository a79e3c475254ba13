"""The Set type and its constructors."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, Hashable, Iterable, Mapping, Protocol, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self

T = TypeVar("T", bound=Hashable)


class _Sortable(Protocol):
    """What a set item needs for ``list()`` (Go's cmp.Ordered)."""

    def __lt__(self, other: Any, /) -> bool: ...

    def __hash__(self) -> int: ...


_Ordered = TypeVar("_Ordered", bound=_Sortable)

Empty = ()  # Go's struct{}{}; the value type of a set


class Set(set[T]):
    """A set with Go's method names. Operations that build a set return the same class as ``self``."""

    def insert(self, *items: T) -> Self:
        self.update(items)
        return self

    def delete(self, *items: T) -> Self:
        for item in items:
            self.discard(item)
        return self

    def clear(self) -> Self:  # type: ignore[override]  # Go's Clear returns the set
        set.clear(self)
        return self

    def has(self, item: T) -> bool:
        return item in self

    def has_all(self, *items: T) -> bool:
        return all(item in self for item in items)

    def has_any(self, *items: T) -> bool:
        return any(item in self for item in items)

    def clone(self) -> Self:
        return type(self)(self)

    # Go's Difference, Union... take one set; these take what Python's set methods take (one or more iterables).

    def difference(self, *others: Iterable[object]) -> Self:
        """Items of this set that are not in ``other``."""
        return type(self)(set.difference(self, *others))

    def symmetric_difference(self, other: Iterable[T]) -> Self:  # type: ignore[override]  # Go's: of one T
        return type(self)(set.symmetric_difference(self, other))

    def union(self, *others: Iterable[T]) -> Self:  # type: ignore[override]  # Go's Union keeps the set's type
        return type(self)(set.union(self, *others))

    def intersection(self, *others: Iterable[object]) -> Self:
        return type(self)(set.intersection(self, *others))

    def is_superset(self, other: Iterable[T]) -> bool:
        return self.issuperset(other)

    def equal(self, other: Iterable[T]) -> bool:
        return set.__eq__(self, set(other))

    def list(self: Set[_Ordered]) -> builtins.list[_Ordered]:
        """The items in ascending order."""
        return sorted(self)

    def unsorted_list(self) -> builtins.list[T]:
        return builtins.list(self)

    def pop_any(self) -> tuple[T | None, bool]:
        """Remove and return one item: ``(item, True)``, or ``(None, False)`` when the set is empty."""
        if not self:
            return None, False
        return self.pop(), True

    def len(self) -> int:
        return len(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({sorted(self, key=repr)!r})"


class String(Set[str]):
    """A set of strings (Go's ``sets.String``)."""


class Int(Set[int]):
    """A set of ints (Go's ``sets.Int``)."""


class Int32(Set[int]):
    """A set of int32 values (Go's ``sets.Int32``)."""


class Int64(Set[int]):
    """A set of int64 values (Go's ``sets.Int64``)."""


class Byte(Set[int]):
    """A set of bytes (Go's ``sets.Byte``)."""


def new(*items: T) -> Set[T]:
    return Set(items)


def key_set(the_map: Mapping[T, object]) -> Set[T]:
    """A set of a mapping's keys."""
    return Set(the_map.keys())


def insert(s: Set[T], *items: T) -> Set[T]:
    return s.insert(*items)


def new_string(*items: str) -> String:
    return String(items)


def string_key_set(the_map: Mapping[str, object]) -> String:
    return String(the_map.keys())


def new_int(*items: int) -> Int:
    return Int(items)


def new_int32(*items: int) -> Int32:
    return Int32(items)


def new_int64(*items: int) -> Int64:
    return Int64(items)


def new_byte(*items: int) -> Byte:
    return Byte(items)


def list(s: Iterable[_Ordered]) -> builtins.list[_Ordered]:  # noqa: A001 - Go's sets.List
    """The items of ``s`` in ascending order."""
    return sorted(s)
