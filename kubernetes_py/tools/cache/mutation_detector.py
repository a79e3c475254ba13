"""Port of client-go tools/cache mutation_detector.go: a debugging aid that fails loudly when a cached object is
modified in place (handlers must treat the informer's objects as read-only).

Off unless the environment variable KUBE_CACHE_MUTATION_DETECTOR is true when this module is imported; then every
object an informer caches is deep-copied and compared with its copy once a second (copies are kept for two minutes
after they stop being added: this leaks memory by design).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, Callable, List, Optional, Protocol, Tuple

from kubernetes_py.tools.cache.store import DeletedFinalStateUnknown

__all__ = ["MutationDetector", "new_cache_mutation_detector"]

_log = logging.getLogger(__name__)


def _parse_bool(s: str) -> bool:
    """Go's strconv.ParseBool, with false for anything it rejects."""
    return s in ("1", "t", "T", "TRUE", "true", "True")


mutation_detection_enabled = _parse_bool(os.environ.get("KUBE_CACHE_MUTATION_DETECTOR", ""))


class MutationDetector(Protocol):
    def add_object(self, obj: Any) -> None:
        """Watches ``obj`` for changes for a while from now."""

    def run(self, stop: Any) -> None:
        """Compares periodically until ``stop`` (a threading.Event or a Context) is done."""


class _DummyMutationDetector:
    def run(self, stop: Any) -> None:
        pass

    def add_object(self, obj: Any) -> None:
        pass


def new_cache_mutation_detector(name: str) -> MutationDetector:
    """The detector of the informer ``name``: a no-op unless KUBE_CACHE_MUTATION_DETECTOR was set."""
    if not mutation_detection_enabled:
        return _DummyMutationDetector()
    _log.warning("Mutation detector is enabled, this will result in memory leakage.")
    return _DefaultCacheMutationDetector(name, period=1.0, retain_duration=120.0)


class _DefaultCacheMutationDetector:
    """Keeps (object, deep copy) pairs and reports any pair that differs; ``failure_func`` defaults to raising."""

    def __init__(
        self, name: str, period: float, retain_duration: float, failure_func: Optional[Callable[[str], None]] = None
    ):
        self.name = name
        self.period = period
        self.retain_duration = retain_duration
        self.failure_func = failure_func
        self.compare_objects_lock = threading.Lock()  # one comparison at a time
        self.added_objs_lock = threading.Lock()  # guards added_objs between add_object and compare_objects
        self.added_objs: List[Tuple[Any, Any]] = []
        self.cached_objs: List[Tuple[Any, Any]] = []
        self.retained_cached_objs: List[Tuple[Any, Any]] = []
        self.last_rotated: Optional[float] = None

    def run(self, stop: Any) -> None:
        done = stop.done() if callable(getattr(stop, "done", None)) else stop
        while True:
            if self.last_rotated is None:
                self.last_rotated = time.monotonic()
            elif time.monotonic() - self.last_rotated > self.retain_duration:
                self.retained_cached_objs = self.cached_objs
                self.cached_objs = []
                self.last_rotated = time.monotonic()
            self.compare_objects()
            if done.wait(self.period):
                return

    def add_object(self, obj: Any) -> None:
        """Records a deep copy of ``obj`` (API objects only; tombstones are skipped)."""
        if isinstance(obj, DeletedFinalStateUnknown):
            return
        deep_copy = getattr(obj, "deep_copy", None)
        if not callable(deep_copy):
            return
        copied = deep_copy()
        with self.added_objs_lock:
            self.added_objs.append((obj, copied))

    def compare_objects(self) -> None:
        with self.compare_objects_lock:
            with self.added_objs_lock:
                self.cached_objs.extend(self.added_objs)
                self.added_objs = []
            altered = False
            for objs in (self.cached_objs, self.retained_cached_objs):
                for i, (cached, copied) in enumerate(objs):
                    if cached != copied:
                        _log.error("CACHE %s[%d] ALTERED!\nnow: %r\nwas: %r", self.name, i, cached, copied)
                        altered = True
            if altered:
                msg = f"cache {self.name} modified"
                if self.failure_func is not None:
                    self.failure_func(msg)
                    return
                raise RuntimeError(msg)
