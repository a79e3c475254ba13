"""Port of client-go tools/cache undelta_store.go: a Store that pushes its whole contents after every change."""

from __future__ import annotations

from typing import Any, Callable, List

from kubernetes_py.tools.cache.store import KeyFunc, Store, new_store

__all__ = ["UndeltaStore", "new_undelta_store"]


class UndeltaStore:
    """Wraps a Store; after each Add/Update/Delete/Replace calls ``push_func`` with the full list of objects.

    Go embeds the Store: the reads (get, list, ...) are the wrapped store's.
    """

    def __init__(self, store: Store, push_func: Callable[[List[Any]], None]):
        self.store = store
        self.push_func = push_func

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def add(self, obj: Any) -> None:
        self.store.add(obj)
        self.push_func(self.store.list())

    def update(self, obj: Any) -> None:
        self.store.update(obj)
        self.push_func(self.store.list())

    def delete(self, obj: Any) -> None:
        self.store.delete(obj)
        self.push_func(self.store.list())

    def replace(self, list: List[Any], resource_version: str) -> None:  # noqa: A002 - Go's parameter
        self.store.replace(list, resource_version)
        self.push_func(self.store.list())


def new_undelta_store(push_func: Callable[[List[Any]], None], key_func: KeyFunc) -> UndeltaStore:
    """An UndeltaStore over a new plain store."""
    return UndeltaStore(new_store(key_func), push_func)
