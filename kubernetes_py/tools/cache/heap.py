"""Port of client-go tools/cache heap.go: a thread-safe priority queue of keyed objects.

The heap orders objects by ``less_func``; an object added again under its key replaces the old one and moves to
its new place. Pop blocks until an object is there (or the heap is closed). The sift-up/sift-down steps are those
of Go's container/heap, so positions match client-go's. Invariant (under ``_lock``): ``_items[k].index`` is the
position of ``k`` in ``_queue``, and ``_queue`` is a heap under ``less_func``.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Tuple

from kubernetes_py.tools.cache.store import KeyError, KeyFunc

__all__ = ["Heap", "LessFunc", "new_heap"]

LessFunc = Callable[[Any, Any], bool]
"""True when the first object goes before the second."""

_CLOSED_MSG = "heap is closed"


class _HeapItem:
    __slots__ = ("obj", "index")

    def __init__(self, obj: Any, index: int):
        self.obj = obj
        self.index = index


class _HeapData:
    """The heap proper (Go's heapData): items by key, and the keys in heap order."""

    __slots__ = ("items", "queue", "key_func", "less_func")

    def __init__(self, key_func: KeyFunc, less_func: LessFunc):
        self.items: Dict[str, _HeapItem] = {}
        self.queue: List[str] = []
        self.key_func = key_func
        self.less_func = less_func

    def __len__(self) -> int:
        return len(self.queue)

    def less(self, i: int, j: int) -> bool:
        return self.less_func(self.items[self.queue[i]].obj, self.items[self.queue[j]].obj)

    def swap(self, i: int, j: int) -> None:
        q = self.queue
        q[i], q[j] = q[j], q[i]
        self.items[q[i]].index = i
        self.items[q[j]].index = j

    def _up(self, j: int) -> None:
        while j > 0:
            i = (j - 1) // 2
            if not self.less(j, i):
                break
            self.swap(i, j)
            j = i

    def _down(self, i0: int, n: int) -> bool:
        i = i0
        while True:
            j = 2 * i + 1
            if j >= n:
                break
            if j + 1 < n and self.less(j + 1, j):
                j += 1
            if not self.less(j, i):
                break
            self.swap(i, j)
            i = j
        return i > i0

    def push(self, key: str, obj: Any) -> None:
        self.items[key] = _HeapItem(obj, len(self.queue))
        self.queue.append(key)
        self._up(len(self.queue) - 1)

    def fix(self, i: int) -> None:
        if not self._down(i, len(self.queue)):
            self._up(i)

    def _pop_last(self) -> Any:
        key = self.queue.pop()
        return self.items.pop(key).obj

    def pop(self) -> Any:
        n = len(self.queue) - 1
        self.swap(0, n)
        self._down(0, n)
        return self._pop_last()

    def remove(self, i: int) -> Any:
        n = len(self.queue) - 1
        if n != i:
            self.swap(i, n)
            if not self._down(i, n):
                self._up(i)
        return self._pop_last()


class Heap:
    """A producer/consumer priority queue; see the module docstring."""

    def __init__(self, key_fn: KeyFunc, less_fn: LessFunc):
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._data = _HeapData(key_fn, less_fn)
        self._closed = False

    def close(self) -> None:
        """Closes the heap: blocked pops raise, adds fail."""
        with self._lock:
            self._closed = True
            self._cond.notify_all()

    def _key(self, obj: Any) -> str:
        try:
            return self._data.key_func(obj)
        except Exception as err:
            raise KeyError(obj, err) from err

    def _add_locked(self, key: str, obj: Any) -> None:
        item = self._data.items.get(key)
        if item is not None:
            item.obj = obj
            self._data.fix(item.index)
        else:
            self._data.push(key, obj)

    def add(self, obj: Any) -> None:
        """Inserts the object, or replaces the one with its key and moves it to its new place."""
        key = self._key(obj)
        with self._lock:
            if self._closed:
                raise RuntimeError(_CLOSED_MSG)
            self._add_locked(key, obj)
            self._cond.notify_all()

    def bulk_add(self, list: List[Any]) -> None:  # noqa: A002 - Go's parameter
        """Adds every object under one lock, so a pop sees all of them or none."""
        with self._lock:
            if self._closed:
                raise RuntimeError(_CLOSED_MSG)
            for obj in list:
                self._add_locked(self._key(obj), obj)
            self._cond.notify_all()

    def add_if_not_present(self, obj: Any) -> None:
        """Inserts the object unless one with its key is there (then the existing one stays as it is)."""
        key = self._key(obj)
        with self._lock:
            if self._closed:
                raise RuntimeError(_CLOSED_MSG)
            if key not in self._data.items:
                self._data.push(key, obj)
            self._cond.notify_all()

    def update(self, obj: Any) -> None:
        self.add(obj)

    def delete(self, obj: Any) -> None:
        """Removes the object with the key of ``obj``; raises LookupError if there is none."""
        key = self._key(obj)
        with self._lock:
            item = self._data.items.get(key)
            if item is None:
                raise LookupError("object not found")
            self._data.remove(item.index)

    def pop(self) -> Any:
        """Blocks until the heap has an object and returns its head; raises RuntimeError once closed."""
        with self._lock:
            while not self._data.queue:
                if self._closed:
                    raise RuntimeError(_CLOSED_MSG)
                self._cond.wait()
            return self._data.pop()

    def list(self) -> List[Any]:
        with self._lock:
            return [item.obj for item in self._data.items.values()]

    def list_keys(self) -> List[str]:
        with self._lock:
            return list(self._data.items)

    def get(self, obj: Any) -> Tuple[Any, bool]:
        return self.get_by_key(self._key(obj))

    def get_by_key(self, key: str) -> Tuple[Any, bool]:
        with self._lock:
            item = self._data.items.get(key)
            return (item.obj, True) if item is not None else (None, False)

    def is_closed(self) -> bool:
        with self._lock:
            return self._closed


def new_heap(key_fn: KeyFunc, less_fn: LessFunc) -> Heap:
    """A Heap keyed by ``key_fn`` and ordered by ``less_fn``."""
    return Heap(key_fn, less_fn)
