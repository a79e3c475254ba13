"""Informer identity for metrics (client-go tools/cache/identity.go).

An InformerName is reserved process-wide by ``new_informer_name`` until released; ``with_resource`` gives the
InformerNameAndResource an informer's FIFO and store publish their metrics under. Only the first identity of a
(name, resource) pair is reserved; a duplicate, or any identity after ``release``, publishes nothing, so two
informers never write the same metric series. ``reserved()`` reads a flag without taking a lock.
"""

from __future__ import annotations

import logging
import threading
from typing import Optional

from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

__all__ = ["InformerName", "InformerNameAndResource", "new_informer_name", "reset_informer_names_for_testing"]

_log = logging.getLogger(__name__)


class _Flag:
    """Go's atomic.Bool: attribute reads and writes are atomic in CPython."""

    __slots__ = ("value",)

    def __init__(self, value: bool = False):
        self.value = value


_registry_lock = threading.Lock()
_registry: dict[str, "InformerName"] = {}


class InformerNameAndResource:
    """An informer name with one resource: the labels of its metrics, and whether it may publish them."""

    __slots__ = ("_name", "_gvr", "_reserved")

    def __init__(self, name: str = "", gvr: Optional[GroupVersionResource] = None, reserved: Optional[_Flag] = None):
        self._name = name
        self._gvr = gvr if gvr is not None else GroupVersionResource()
        self._reserved = reserved

    def __repr__(self) -> str:
        return f"cache.InformerNameAndResource(name={self._name!r}, gvr={self._gvr!r}, reserved={self.reserved()})"

    def reserved(self) -> bool:
        return self._reserved is not None and self._reserved.value

    def name(self) -> str:
        return self._name

    def group_version_resource(self) -> GroupVersionResource:
        return self._gvr


class InformerName:
    """A name reserved for the informers of one factory (metrics are labelled with it)."""

    def __init__(self, name: str):
        self._name = name
        self._lock = threading.Lock()
        self._reserved = _Flag(True)
        self._gvrs: dict[GroupVersionResource, _Flag] = {}

    def __repr__(self) -> str:
        return f"cache.InformerName({self._name!r})"

    def with_resource(self: Optional["InformerName"], gvr: GroupVersionResource) -> InformerNameAndResource:
        """The identity of this name's informer of ``gvr``: reserved unless the name was released or already gave
        out an identity for ``gvr`` (logged as a duplicate). As Go's nil receiver,
        ``InformerName.with_resource(None, gvr)`` is an unreserved identity."""
        if self is None:
            return InformerNameAndResource(gvr=gvr)
        with self._lock:
            flag = _Flag()
            if self._reserved.value:
                if gvr not in self._gvrs:
                    flag.value = True
                    self._gvrs[gvr] = flag
                else:
                    _log.error(
                        "Duplicate informer registration - metrics will not be published informerName=%s "
                        "group=%s version=%s resource=%s",
                        self._name,
                        gvr.group,
                        gvr.version,
                        gvr.resource,
                    )
            return InformerNameAndResource(self._name, gvr, flag)

    def release(self: Optional["InformerName"]) -> None:
        """Unreserve the name and every identity it gave out; the name may then be reserved again. As Go's nil
        receiver, ``InformerName.release(None)`` does nothing."""
        if self is None:
            return
        with self._lock:
            for flag in self._gvrs.values():
                flag.value = False
            self._gvrs = {}
            self._reserved.value = False
        with _registry_lock:
            _registry.pop(self._name, None)  # as Go: whatever holds the name now

    def name(self) -> str:
        return self._name


def new_informer_name(name: str) -> InformerName:
    """Reserve ``name`` for informer metrics; raises ValueError when it is empty or reserved already."""
    if not name:
        raise ValueError("informer name cannot be empty")
    with _registry_lock:
        existing = _registry.get(name)
        if existing is not None and existing._reserved.value:
            raise ValueError(f'informer name "{name}" is already registered')
        n = InformerName(name)
        _registry[name] = n
        return n


def reset_informer_names_for_testing() -> None:
    """Release every reserved name."""
    with _registry_lock:
        names = list(_registry.values())
    for n in names:
        n.release()
