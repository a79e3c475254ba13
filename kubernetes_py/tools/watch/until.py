"""Waiting for conditions on watch events (client-go tools/watch/until.go)."""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from kubernetes_py import context as _context
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import cache

from .retrywatcher import new_retry_watcher_with_context

__all__ = [
    "ConditionFunc",
    "ErrWatchClosed",
    "PreconditionFunc",
    "context_with_optional_timeout",
    "until",
    "until_with_sync",
    "until_without_retry",
]

_log = logging.getLogger(__name__)

_POLL = 0.05

PreconditionFunc = Callable[[Any], bool]
"""``precondition(store) -> done``, checked on the synced cache before any event; raising stops the wait."""
ConditionFunc = Callable[[watch.Event], bool]
"""``condition(event) -> done``; raising stops the wait with that exception."""


class ErrWatchClosed(Exception):
    """The watch ended before the conditions were met."""

    def __init__(self, message: str = "watch closed before UntilWithoutRetry timeout"):
        super().__init__(message)


def _raise(err: BaseException, last_event: Optional[watch.Event]) -> None:
    try:
        err.last_event = last_event  # type: ignore[attr-defined]
    except AttributeError:
        pass
    raise err


def until_without_retry(
    ctx: _context.Context, watcher: watch.Interface, *conditions: ConditionFunc
) -> Optional[watch.Event]:
    """Feed the events of ``watcher`` to each condition in turn until it returns True, and return the last
    event. Raises ErrWatchClosed when the watch ends first, ErrWaitTimeout when the context ends first, and
    what a condition raises; the exception's ``last_event`` is the last event seen. The watcher is stopped on
    return. Prefer ``until``, which survives the server closing the watch."""
    ctx = _context.background() if ctx is None else ctx
    ch = watcher.result_chan()
    done = ctx.done()
    last_event: Optional[watch.Event] = None
    try:
        for condition in conditions:
            if last_event is not None:
                try:
                    if condition(last_event):
                        continue
                except Exception as err:  # noqa: BLE001
                    _raise(err, last_event)
            while True:
                if done.is_set():
                    _raise(wait.error_interrupted(None), last_event)
                try:
                    event, ok = ch.recv(timeout=_POLL)
                except TimeoutError:
                    continue
                if not ok:
                    _raise(ErrWatchClosed(), last_event)
                last_event = event
                try:
                    met = condition(event)
                except Exception as err:  # noqa: BLE001
                    _raise(err, last_event)
                if met:
                    break
        return last_event
    finally:
        watcher.stop()


def until(
    ctx: _context.Context, initial_resource_version: str, watcher_client: Any, *conditions: ConditionFunc
) -> Optional[watch.Event]:
    """until_without_retry over a RetryWatcher from ``initial_resource_version`` (not "" nor "0"): a closed
    watch is reopened where it stopped, so only the context ends the wait early."""
    w = new_retry_watcher_with_context(ctx, initial_resource_version, cache.to_watcher_with_context(watcher_client))
    try:
        return until_without_retry(ctx, w, *conditions)
    finally:
        w.stop()
        w.done().wait()


def until_with_sync(
    ctx: _context.Context, lw: Any, obj_type: Any, precondition: Optional[PreconditionFunc], *conditions: ConditionFunc
) -> Optional[watch.Event]:
    """Like until, from a list: an informer fills a cache, ``precondition`` (if any) is checked on it once
    synced (returns None when it is already met), then the conditions are fed the informer's events, which
    survive relists."""
    from .informerwatcher import new_indexer_informer_watcher

    ctx = _context.background() if ctx is None else ctx
    indexer, informer, watcher, done = new_indexer_informer_watcher(lw, obj_type)
    try:
        if precondition is not None:
            if not cache.wait_for_cache_sync(ctx.done(), informer.has_synced):
                err = ctx.err()
                raise RuntimeError(f"UntilWithSync: unable to sync caches: {err}") from err
            if precondition(indexer):
                return None
        return until_without_retry(ctx, watcher, *conditions)
    finally:
        watcher.stop()
        done.wait()


def context_with_optional_timeout(parent: Any, timeout: float) -> tuple[Any, Callable[[], None]]:
    """A cancellable child of ``parent``, with a deadline when ``timeout`` > 0 (a negative one is logged and
    treated as none)."""
    if timeout < 0:
        _log.error('"Timeout for context shall not be negative"')
        timeout = 0
    if timeout == 0:
        return _context.with_cancel(parent)
    return _context.with_timeout(parent, timeout)
