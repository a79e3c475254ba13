"""An in-memory ListerWatcher for tests: every change gets the next resourceVersion and goes to current watchers.

Changes are kept, so a watch from an older resourceVersion replays them (and one older than the first kept change
is 410 Gone, as from a compacted server); ``reset_watch`` forgets them.
"""

from __future__ import annotations

import random
import sys
import threading
from typing import Any, Dict, List, Optional, Tuple

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery import watch


def _new_broadcaster() -> watch.Broadcaster:
    return watch.new_broadcaster(100, watch.WaitIfChannelFull)


class FakeControllerSource:
    """A fake of the API server for one resource: ``add``, ``modify``, ``delete``, then ``list`` and ``watch``."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.items: Dict[Tuple[str, str, str], Any] = {}
        self._changes: List[watch.Event] = []
        self.broadcaster = _new_broadcaster()
        self._last_rv = 0
        self.list_error: Optional[BaseException] = None
        """When set, list raises it."""

    def reset_watch(self) -> None:
        """End every watch and forget the recorded changes (a new watch from an old RV is then 410 Gone)."""
        with self._lock:
            self.broadcaster.shutdown()
            self.broadcaster = _new_broadcaster()
            self._changes = []

    def add(self, obj: Any) -> None:
        self.change(watch.Event(watch.Added, obj), 1)

    def modify(self, obj: Any) -> None:
        self.change(watch.Event(watch.Modified, obj), 1)

    def delete(self, last_value: Any) -> None:
        self.change(watch.Event(watch.Deleted, last_value), 1)

    def add_drop_watch(self, obj: Any) -> None:
        """Add without telling current watchers (they miss the event)."""
        self.change(watch.Event(watch.Added, obj), 0)

    def modify_drop_watch(self, obj: Any) -> None:
        self.change(watch.Event(watch.Modified, obj), 0)

    def delete_drop_watch(self, last_value: Any) -> None:
        self.change(watch.Event(watch.Deleted, last_value), 0)

    def change(self, e: watch.Event, watch_probability: float) -> None:
        """Record ``e`` under the next resourceVersion (set on the object) and send it to watchers with the
        given probability."""
        with self._lock:
            accessor = meta.accessor(e.object)
            self._last_rv += 1
            accessor.set_resource_version(str(self._last_rv))
            self._changes.append(e)
            key = (accessor.get_namespace(), accessor.get_name(), accessor.get_uid())
            if e.type in (watch.Added, watch.Modified):
                self.items[key] = e.object
            elif e.type == watch.Deleted:
                self.items.pop(key, None)
            if random.random() < watch_probability:
                self.broadcaster.action(e.type, e.object)

    def _list_items_locked(self) -> List[Any]:
        return [obj.deep_copy() for obj in self.items.values()]

    def _new_list(self, items: List[Any]) -> Any:
        """A list of the items' own kind (PodList for pods), or an empty v1.List."""
        if not items:
            return corev1.List()
        cls = type(items[0])
        return getattr(sys.modules[cls.__module__], cls.__name__ + "List")()

    def list(self, options: Any = None) -> Any:
        with self._lock:
            if self.list_error is not None:
                raise self.list_error
            items = self._list_items_locked()
            list_obj = self._new_list(items)
            meta.set_list(list_obj, items)
            meta.list_accessor(list_obj).set_resource_version(str(self._last_rv))
            return list_obj

    def watch(self, options: Any) -> watch.Interface:
        with self._lock:
            rc = int(options.resourceVersion)
            if rc < self._last_rv:
                if not self._changes:
                    raise apierrors.new_resource_expired(f"too old resource version: {rc} ({self._last_rv})")
                oldest = int(meta.accessor(self._changes[0].object).get_resource_version())
                if rc < oldest:
                    raise apierrors.new_resource_expired(f"too old resource version: {rc} ({oldest})")
                changes = [watch.Event(c.type, c.object.deep_copy()) for c in self._changes[rc - oldest + 1 :]]
                return self.broadcaster.watch_with_prefix(changes)
            if rc > self._last_rv:
                raise ValueError("resource version in the future not supported by this fake")
            return self.broadcaster.watch()

    def shutdown(self) -> None:
        """End every watch for good (further changes block, as in Go)."""
        self._lock.acquire()  # never released, as in Go
        self.broadcaster.shutdown()


class FakePVControllerSource(FakeControllerSource):
    def _new_list(self, items: List[Any]) -> Any:
        return corev1.PersistentVolumeList()


class FakePVCControllerSource(FakeControllerSource):
    def _new_list(self, items: List[Any]) -> Any:
        return corev1.PersistentVolumeClaimList()


def new_fake_controller_source() -> FakeControllerSource:
    return FakeControllerSource()


def new_fake_pv_controller_source() -> FakePVControllerSource:
    return FakePVControllerSource()


def new_fake_pvc_controller_source() -> FakePVCControllerSource:
    return FakePVCControllerSource()
