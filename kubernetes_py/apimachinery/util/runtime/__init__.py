"""Port of k8s.io/apimachinery/pkg/util/runtime: handling errors and crashes of background threads.

``handle_error`` sends an error nobody can return to the ``ErrorHandlers`` (by default: log it, then sleep so a
hot loop of errors cannot flood the log). ``handle_crash`` is Go's ``defer HandleCrash()``: use it as
``with utilruntime.handle_crash():`` around a thread's body; it runs the ``PanicHandlers`` and, while
``ReallyCrash`` is true, lets the exception propagate.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import threading
import time
import traceback
from typing import Any, Callable, Iterator, List, Optional

from kubernetes_py._go.strconv import go_quote
from kubernetes_py import context

_log = logging.getLogger("kubernetes_py.UnhandledError")
_panic_log = logging.getLogger("kubernetes_py.apimachinery.util.runtime")

ReallyCrash = True
"""When true (the default), handle_crash re-raises after running the handlers, as Go re-panics."""

ErrorHandler = Callable[..., None]
"""``fn(ctx, err, msg, *keys_and_values)``."""


def _format_value(value: Any) -> str:
    if isinstance(value, (str, BaseException)):
        return go_quote(str(value))
    return str(value)


def error_to_string(err: Optional[BaseException], msg: str, *keys_and_values: Any) -> str:
    """The single line the default handler logs: ``"msg" err="..." key="value"...``."""
    parts = [go_quote(msg)]
    if err is not None:
        parts.append(f"err={go_quote(str(err))}")
    pairs = list(keys_and_values)
    if len(pairs) % 2:
        pairs.append("(MISSING)")
    for k, v in zip(pairs[::2], pairs[1::2]):
        parts.append(f"{k}={_format_value(v)}")
    return " ".join(parts)


def _log_error(ctx: context.Context | None, err: Optional[BaseException], msg: str, *keys_and_values: Any) -> None:
    _log.error("%s", error_to_string(err, msg, *keys_and_values))


class _RudimentaryErrorBackoff:
    """Sleeps so that errors are handled at most once per ``min_period`` seconds."""

    def __init__(self, min_period: float):
        self.min_period = min_period
        self._lock = threading.Lock()
        self._last = time.monotonic()

    def on_error(self) -> None:
        now = time.monotonic()
        with self._lock:
            since = now - self._last
            self._last = time.monotonic()
        wait = self.min_period - since
        if wait > 0:
            time.sleep(wait)


def _backoff_error(min_period: float) -> ErrorHandler:
    backoff = _RudimentaryErrorBackoff(min_period)

    def handler(ctx: context.Context | None, err: Optional[BaseException], msg: str, *keys_and_values: Any) -> None:
        backoff.on_error()

    return handler


ErrorHandlers: List[ErrorHandler] = [_log_error, _backoff_error(0.001)]
"""Called, in order, for every handled error; tests may replace or extend the list."""


def handle_error(err: Optional[BaseException]) -> None:
    """Report an error that cannot be returned (None is ignored)."""
    if err is None:
        return
    handle_error_with_context(None, err, "Unhandled Error")


def handle_error_with_context(
    ctx: context.Context | None, err: Optional[BaseException], msg: str, *keys_and_values: Any
) -> None:
    """Report an error with a message and key/value pairs; runs every ErrorHandler."""
    for fn in list(ErrorHandlers):
        fn(ctx, err, msg, *keys_and_values)


def _log_panic(ctx: context.Context | None, r: BaseException) -> None:
    stack = "".join(traceback.format_exception(type(r), r, r.__traceback__))
    _panic_log.error('"Observed a panic" panic=%s stacktrace=%s', go_quote(str(r)), stack)


PanicHandlers: List[Callable[[Any, BaseException], None]] = [_log_panic]
"""Called with ``(ctx, exception)`` for every crash handle_crash sees."""


@contextlib.contextmanager
def handle_crash(*additional_handlers: Callable[[BaseException], None]) -> Iterator[None]:
    """Go's ``defer HandleCrash(handlers...)``: run the panic handlers on an exception, then re-raise it unless
    ``ReallyCrash`` is false. ``GeneratorExit``/``KeyboardInterrupt``/``SystemExit`` pass straight through."""
    try:
        yield
    except Exception as r:  # noqa: BLE001 - every crash is reported, as recover() sees every panic
        _handle_crash(None, r, [lambda ctx, e, h=h: h(e) for h in additional_handlers])


@contextlib.contextmanager
def handle_crash_with_context(
    ctx: context.Context | None, *additional_handlers: Callable[[Any, BaseException], None]
) -> Iterator[None]:
    try:
        yield
    except Exception as r:  # noqa: BLE001
        _handle_crash(ctx, r, list(additional_handlers))


def _handle_crash(ctx: context.Context | None, r: BaseException, additional: list[Any]) -> None:
    for fn in list(PanicHandlers):
        fn(ctx, r)
    for fn in additional:
        fn(ctx, r)
    if ReallyCrash:
        raise r


def must(err: Optional[BaseException]) -> None:
    """Raise ``err`` if it is not None (Go panics)."""
    if err is not None:
        raise err


def get_caller() -> str:
    """The qualified name of the function that called the caller of get_caller."""
    frame = inspect.currentframe()
    try:
        caller = frame.f_back.f_back if frame and frame.f_back else None
        if caller is None:
            return "Unable to find caller"
        module = caller.f_globals.get("__name__", "?")
        name = getattr(caller.f_code, "co_qualname", caller.f_code.co_name)
        return f"{module}.{name}"
    finally:
        del frame


__all__ = [
    "ErrorHandler",
    "ErrorHandlers",
    "PanicHandlers",
    "ReallyCrash",
    "error_to_string",
    "get_caller",
    "handle_crash",
    "handle_crash_with_context",
    "handle_error",
    "handle_error_with_context",
    "must",
]
