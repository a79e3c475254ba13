"""Port of client-go tools/cache fake_custom_store.go: a Store whose methods are functions a test supplies."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, List, Optional, Tuple

__all__ = ["FakeCustomStore"]


@dataclasses.dataclass
class FakeCustomStore:
    """Each method calls its ``*_func`` when set, and otherwise does nothing (returning empty results)."""

    add_func: Optional[Callable[[Any], None]] = None
    update_func: Optional[Callable[[Any], None]] = None
    delete_func: Optional[Callable[[Any], None]] = None
    list_func: Optional[Callable[[], List[Any]]] = None
    list_keys_func: Optional[Callable[[], List[str]]] = None
    get_func: Optional[Callable[[Any], Tuple[Any, bool]]] = None
    get_by_key_func: Optional[Callable[[str], Tuple[Any, bool]]] = None
    replace_func: Optional[Callable[[List[Any], str], None]] = None
    resync_func: Optional[Callable[[], None]] = None
    bookmark_func: Optional[Callable[[str], None]] = None
    last_store_sync_resource_version_func: Optional[Callable[[], str]] = None

    def add(self, obj: Any) -> None:
        if self.add_func is not None:
            self.add_func(obj)

    def update(self, obj: Any) -> None:
        if self.update_func is not None:
            self.update_func(obj)

    def delete(self, obj: Any) -> None:
        if self.delete_func is not None:
            self.delete_func(obj)

    def list(self) -> List[Any]:
        return self.list_func() if self.list_func is not None else []

    def list_keys(self) -> List[str]:
        return self.list_keys_func() if self.list_keys_func is not None else []

    def get(self, obj: Any) -> Tuple[Any, bool]:
        return self.get_func(obj) if self.get_func is not None else (None, False)

    def get_by_key(self, key: str) -> Tuple[Any, bool]:
        return self.get_by_key_func(key) if self.get_by_key_func is not None else (None, False)

    def replace(self, list: List[Any], resource_version: str) -> None:  # noqa: A002 - Go's parameter
        if self.replace_func is not None:
            self.replace_func(list, resource_version)

    def resync(self) -> None:
        if self.resync_func is not None:
            self.resync_func()

    def bookmark(self, rv: str) -> None:
        if self.bookmark_func is not None:
            self.bookmark_func(rv)

    def last_store_sync_resource_version(self) -> str:
        if self.last_store_sync_resource_version_func is not None:
            return self.last_store_sync_resource_version_func()
        return ""
