"""Go's ``context`` package: cancellation, deadlines and request-scoped values.

A ``Context`` carries a ``done()`` event (a ``threading.Event`` that is set once the
context is cancelled or its deadline passes), ``err()`` (``None``, a ``Canceled`` or a
``DeadlineExceeded`` instance), ``deadline()`` and ``value(key)``.

No thread is started per context: deadlines are served by one shared daemon timer
thread, and cancelling a parent cancels its children synchronously.  ``after_func``
registers a callback that runs (in its own thread, as Go runs it in a goroutine) once
the context is done; the REST client uses it to close a blocking response when a
request's context is cancelled.
"""

from __future__ import annotations

from ._context import (
    CancelCauseFunc,
    CancelFunc,
    Canceled,
    Context,
    DeadlineExceeded,
    after_func,
    background,
    cause,
    deadline_monotonic,
    todo,
    with_cancel,
    with_cancel_cause,
    with_deadline,
    with_deadline_cause,
    with_timeout,
    with_timeout_cause,
    with_value,
    without_cancel,
)

__all__ = [
    "CancelCauseFunc",
    "CancelFunc",
    "Canceled",
    "Context",
    "DeadlineExceeded",
    "after_func",
    "background",
    "cause",
    "deadline_monotonic",
    "todo",
    "with_cancel",
    "with_cancel_cause",
    "with_deadline",
    "with_deadline_cause",
    "with_timeout",
    "with_timeout_cause",
    "with_value",
    "without_cancel",
]
