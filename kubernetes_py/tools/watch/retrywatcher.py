"""RetryWatcher (client-go tools/watch/retrywatcher.go): a watch that survives the server closing it.

It rewatches from the last resourceVersion it delivered (bookmarks move it without being delivered) whenever
the underlying watch ends, fails to start, or reports a 500/504 (after the Status's retryAfterSeconds), at most
once a second. It gives up, with an ERROR event for the consumer, on 410 Gone, on a 401/403 when starting a
watch, on an event without a resourceVersion and on an unknown event type; that closes its result channel.
It cannot start at resourceVersion "" or "0", where a watch begins with synthetic events.

One thread (``retry watcher``) does the watching; ``stop()`` ends it and ``done()`` is set once it has ended and
the result channel is closed.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from kubernetes_py import context as _context
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import net as utilnet
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import cache

__all__ = ["RetryWatcher", "new_retry_watcher", "new_retry_watcher_with_context"]

_log = logging.getLogger(__name__)

_POLL = 0.05


class RetryWatcher:
    """A watch.Interface that rewatches from the last resourceVersion (see the module docstring)."""

    def __init__(
        self, ctx: _context.Context, initial_resource_version: str, watcher_client: Any, min_restart_delay: float
    ):
        if initial_resource_version in ("", "0"):
            raise ValueError(
                f'initial RV "{initial_resource_version}" is not supported due to issues with underlying WATCH'
            )
        ctx, self._cancel = _context.with_cancel_cause(_context.background() if ctx is None else ctx)
        self._last_resource_version = initial_resource_version
        self._watcher_client = watcher_client
        self._result = watch.Chan()
        self._done = threading.Event()
        self._min_restart_delay = min_restart_delay
        # A sender blocked on the result channel looks at the context again when it ends.
        self._stop_waking = _context.after_func(ctx, self._result.wake)
        self._thread = threading.Thread(target=self._receive, args=(ctx,), name="retry watcher", daemon=True)
        self._thread.start()

    def _send(self, ctx: _context.Context, event: watch.Event) -> bool:
        return self._result.send(event, abort=ctx.done())

    def _send_error(self, ctx: _context.Context, message: str) -> None:
        self._send(ctx, watch.Event(watch.Error, apierrors.new_internal_error(RuntimeError(message)).err_status))

    def _do_receive(self, ctx: _context.Context) -> tuple[bool, float]:
        """One watch: ``(done, retry_after)``."""
        try:
            watcher = self._watcher_client.watch_with_context(
                ctx, metav1.ListOptions(resourceVersion=self._last_resource_version, allowWatchBookmarks=True)
            )
        except Exception as err:  # noqa: BLE001 - sorted below as Go sorts the error it returns
            return self._on_watch_error(ctx, err)
        if watcher is None:
            _log.error('"Watch returned nil watcher"')
            return False, 0.0
        done = ctx.done()
        try:
            ch = watcher.result_chan()
            while True:
                if done.is_set():
                    _log.debug('"Stopping RetryWatcher"')
                    return True, 0.0
                try:
                    event, ok = ch.recv(timeout=_POLL)
                except TimeoutError:
                    continue
                if not ok:
                    _log.debug(
                        '"Failed to get event - re-creating the watcher" resourceVersion=%s',
                        self._last_resource_version,
                    )
                    return False, 0.0
                if event.type in (watch.Added, watch.Modified, watch.Deleted, watch.Bookmark):
                    get_rv = getattr(event.object, "get_resource_version", None)
                    if not callable(get_rv):
                        self._send_error(ctx, "retryWatcher: doesn't support resourceVersion")
                        return True, 0.0
                    resource_version = get_rv()
                    if resource_version == "":
                        self._send_error(ctx, f"retryWatcher: object {event.object!r} doesn't support resourceVersion")
                        return True, 0.0
                    # Bookmarks only move the resourceVersion; the consumer never sees them.
                    if event.type != watch.Bookmark and not self._send(ctx, event):
                        return True, 0.0
                    self._last_resource_version = resource_version
                    continue
                if event.type == watch.Error:
                    status_err = apierrors.from_object(event.object)
                    if not isinstance(status_err, apierrors.StatusError):
                        _log.error('"Received an error which is not *metav1.Status" errorObject=%r', event.object)
                        return False, 0.0
                    status = status_err.err_status
                    delay = float(status.details.retryAfterSeconds) if status.HasField("details") else 0.0
                    if status.code == 410:
                        # The resourceVersion is gone: only the consumer can decide what to do (relist).
                        self._send(ctx, event)
                        return True, 0.0
                    if status.code not in (504, 500):
                        _log.debug('"Retrying after unexpected error" errorObject=%r', event.object)
                    return False, delay
                _log.error('"Failed to recognize event" type=%s', event.type)
                self._send_error(ctx, f'retryWatcher failed to recognize Event type "{event.type}"')
                return True, 0.0
        finally:
            watcher.stop()

    def _on_watch_error(self, ctx: _context.Context, err: BaseException) -> tuple[bool, float]:
        if isinstance(err, EOFError):
            if str(err):
                _log.debug('"Watch closed with unexpected EOF" err="%s"', err)
            return False, 0.0
        msg = "Watch failed"
        if utilnet.is_probable_eof(err) or utilnet.is_timeout(err):
            _log.debug('"%s" err="%s"', msg, err)
            return False, 0.0
        if apierrors.is_forbidden(err) or apierrors.is_unauthorized(err):
            _log.error(
                '"%s: ensure the client has valid credentials and watch permissions on the resource" err="%s"', msg, err
            )
            status_of = getattr(err, "status", None)
            if callable(status_of):
                if not self._send(ctx, watch.Event(watch.Error, status_of())):
                    _log.error('"Failed to send the Unauthorized or Forbidden watch event"')
                    return False, 0.0
            else:
                _log.error('"%s: encountered an unexpected Unauthorized or Forbidden error type" err="%s"', msg, err)
            return True, 0.0
        if apierrors.is_resource_expired(err) or apierrors.is_gone(err):
            _log.debug('"%s" err="%s"', msg, err)
            return False, 0.0
        _log.error('"%s" err="%s"', msg, err)
        return False, 0.0

    def _receive(self, ctx: _context.Context) -> None:
        _log.debug('"Starting RetryWatcher"')
        loop_ctx, cancel = _context.with_cancel(ctx)
        try:

            def once(c: Any) -> None:
                done, retry_after = self._do_receive(c)
                if done:
                    cancel()
                    return
                if retry_after > 0 and c.done().wait(retry_after):
                    return
                _log.debug('"Restarting RetryWatcher" resourceVersion=%s', self._last_resource_version)

            wait.non_sliding_until_with_context(loop_ctx, once, self._min_restart_delay)
        finally:
            cancel()
            self._result.close()
            self._stop_waking()
            self._done.set()
            _log.debug('"Stopping RetryWatcher"')

    def result_chan(self) -> watch.Chan:
        return self._result

    def stop(self) -> None:
        """Stop watching; ``done()`` is set soon after."""
        self._cancel(RuntimeError("asked to stop"))
        self._result.wake()

    def done(self) -> threading.Event:
        """Set once the watching thread has ended and the result channel is closed."""
        return self._done

    def __enter__(self) -> "RetryWatcher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
        self._done.wait()


def new_retry_watcher(initial_resource_version: str, watcher_client: Any) -> RetryWatcher:
    """A RetryWatcher from ``initial_resource_version`` (deprecated in Go for the context form)."""
    return new_retry_watcher_with_context(
        _context.background(), initial_resource_version, cache.to_watcher_with_context(watcher_client)
    )


def new_retry_watcher_with_context(
    ctx: _context.Context, initial_resource_version: str, watcher_client: Any
) -> RetryWatcher:
    """A RetryWatcher from ``initial_resource_version``, stopped when ``ctx`` ends; raises ValueError for "" and
    "0"."""
    return RetryWatcher(ctx, initial_resource_version, cache.to_watcher_with_context(watcher_client), 1.0)


def _new_retry_watcher(
    ctx: _context.Context, initial_resource_version: str, watcher_client: Any, min_restart_delay: float
) -> RetryWatcher:
    return RetryWatcher(ctx, initial_resource_version, cache.to_watcher_with_context(watcher_client), min_restart_delay)
