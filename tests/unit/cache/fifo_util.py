"""Helpers shared by the queue tests (client-go's fifo_test.go and delta_fifo_test.go helpers)."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, List

from kubernetes_py.tools import cache


@dataclasses.dataclass(frozen=True)
class FifoObject:
    name: str
    val: Any = None


def mk_fifo_obj(name: str, val: Any) -> FifoObject:
    return FifoObject(name, val)


def fifo_object_key_func(obj: FifoObject) -> str:
    return obj.name


def pop(queue) -> Any:
    """Pops one item with a process func that accepts it; None when the queue is closed (Go's test Pop)."""
    result = []
    try:
        queue.pop(lambda obj, is_in_initial_list: result.append(obj))
    except cache.FIFOClosedError:
        return None
    return result[0] if result else None


def pop2(queue):
    """Pops one item; returns it with the is_in_initial_list flag."""
    result = []
    queue.pop(lambda obj, initial: result.append((obj, initial)))
    return result[0]


class LiteralListerGetter:
    """A KeyListerGetter over a function returning the same FifoObjects every time."""

    def __init__(self, fn: Callable[[], List[FifoObject]]):
        self._fn = fn

    def list_keys(self) -> List[str]:
        return [o.name for o in self._fn()]

    def get_by_key(self, key: str):
        for o in self._fn():
            if o.name == key:
                return o, True
        return None, False


class FIFOStore:
    """A FIFO with the Store methods client-go's fifo_test.go gives it for tests only (list, list_keys, get,
    get_by_key, read from its items under its lock), so store_test's do_test_store runs over it."""

    def __init__(self, fifo: Any):
        self.fifo = fifo

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fifo, name)

    def list(self) -> List[Any]:
        with self.fifo._lock:
            return list(self.fifo._items.values())

    def list_keys(self) -> List[str]:
        with self.fifo._lock:
            return list(self.fifo._items)

    def get(self, obj: Any):
        return self.get_by_key(self.fifo._key(obj))

    def get_by_key(self, key: str):
        with self.fifo._lock:
            return (self.fifo._items[key], True) if key in self.fifo._items else (None, False)
