"""Handling of ``Warning`` response headers (client-go rest/warnings.go).

A handler is any object with ``handle_warning_header(code, agent, text)`` (Go's WarningHandler) or
``handle_warning_header_with_context(ctx, code, agent, text)`` (WarningHandlerWithContext). Only code 299
warnings with a non-empty text are shown by the handlers here, as in Go.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Iterable, Optional, Protocol, TextIO

from kubernetes_py.apimachinery.util import net
from kubernetes_py import context

__all__ = [
    "WarningHandler",
    "WarningHandlerWithContext",
    "NoWarnings",
    "WarningLogger",
    "WarningWriterOptions",
    "new_warning_writer",
    "set_default_warning_handler",
    "set_default_warning_handler_with_context",
    "handle_warnings",
]

log = logging.getLogger("kubernetes_py.rest")


class WarningHandler(Protocol):
    """Interface: receives each warning of a response."""

    def handle_warning_header(self, code: int, agent: str, text: str) -> None:
        raise TypeError(f"{type(self).__name__} must implement handle_warning_header")


class WarningHandlerWithContext(Protocol):
    """Interface: receives each warning of a response together with the request's context."""

    def handle_warning_header_with_context(self, ctx: context.Context | None, code: int, agent: str, text: str) -> None:
        raise TypeError(f"{type(self).__name__} must implement handle_warning_header_with_context")


class NoWarnings(WarningHandler, WarningHandlerWithContext):
    """Drops every warning."""

    def handle_warning_header(self, code: int, agent: str, text: str) -> None:
        return None

    def handle_warning_header_with_context(self, ctx: context.Context | None, code: int, agent: str, text: str) -> None:
        return None


class WarningLogger(WarningHandler, WarningHandlerWithContext):
    """Logs each 299 warning as ``Warning: <text>`` at INFO on the ``kubernetes_py.rest`` logger."""

    def handle_warning_header(self, code: int, agent: str, text: str) -> None:
        self.handle_warning_header_with_context(None, code, agent, text)

    def handle_warning_header_with_context(self, ctx: context.Context | None, code: int, agent: str, text: str) -> None:
        if code != 299 or not text:
            return
        log.info("Warning: %s", text)


class warningLoggerNopContext(WarningHandlerWithContext):  # noqa: N801 - client-go's (unexported) type name
    """Adapts a context-free WarningHandler."""

    def __init__(self, handler: Any):
        self.handler = handler

    def handle_warning_header_with_context(self, ctx: context.Context | None, code: int, agent: str, text: str) -> None:
        self.handler.handle_warning_header(code, agent, text)


class WarningWriterOptions:
    """``deduplicate``: write each distinct message once; ``color``: highlight "Warning:" in yellow."""

    def __init__(self, deduplicate: bool = False, color: bool = False):
        self.deduplicate = deduplicate
        self.color = color

    def __repr__(self) -> str:
        return f"rest.WarningWriterOptions(deduplicate={self.deduplicate}, color={self.color})"


_YELLOW = "\u001b[33;1m"
_RESET = "\u001b[0m"


class warningWriter(WarningHandler):  # noqa: N801 - client-go's (unexported) type name
    def __init__(self, out: TextIO, opts: WarningWriterOptions):
        self._out = out
        self._opts = opts
        self._lock = threading.Lock()
        self._count = 0
        self._written: Optional[set[str]] = set() if opts.deduplicate else None

    def handle_warning_header(self, code: int, agent: str, text: str) -> None:
        if code != 299 or not text:
            return
        with self._lock:
            if self._written is not None:
                if text in self._written:
                    return
                self._written.add(text)
            self._count += 1
            if self._opts.color:
                self._out.write(f"{_YELLOW}Warning:{_RESET} {text}\n")
            else:
                self._out.write(f"Warning: {text}\n")

    def warning_count(self) -> int:
        """How many warnings were written."""
        with self._lock:
            return self._count


def new_warning_writer(out: TextIO, opts: Optional[WarningWriterOptions] = None) -> warningWriter:
    """A handler writing ``Warning: <text>`` lines to ``out`` (a text stream such as sys.stderr)."""
    return warningWriter(out, opts if opts is not None else WarningWriterOptions())


_default_lock = threading.Lock()
_default_handler: Optional[Any] = WarningLogger()


def set_default_warning_handler(handler: Optional[Any]) -> None:
    """Set the handler used by clients that configure none; None ignores warnings."""
    set_default_warning_handler_with_context(None if handler is None else warningLoggerNopContext(handler))


def set_default_warning_handler_with_context(handler: Optional[Any]) -> None:
    """Like set_default_warning_handler for a WarningHandlerWithContext."""
    global _default_handler
    with _default_lock:
        _default_handler = handler


def get_default_warning_handler() -> Optional[Any]:
    with _default_lock:
        return _default_handler


def with_context(handler: Optional[Any]) -> Optional[Any]:
    """The context-aware form of a handler of either kind (None stays None)."""
    if handler is None or hasattr(handler, "handle_warning_header_with_context"):
        return handler
    if hasattr(handler, "handle_warning_header"):
        return warningLoggerNopContext(handler)
    raise TypeError(
        f"warning handler must have handle_warning_header or "
        f"handle_warning_header_with_context, got {type(handler).__name__}"
    )


def handle_warnings(
    ctx: context.Context | None, header_values: Iterable[str], handler: Optional[Any]
) -> list[net.WarningHeader]:
    """Parse the ``Warning`` header values, pass each to the handler (the default one when None), return them."""
    if handler is None:
        handler = get_default_warning_handler()
    warnings, _ = net.parse_warning_headers(header_values)
    if handler is not None:
        for w in warnings:
            handler.handle_warning_header_with_context(ctx, w.code, w.agent, w.text)
    return warnings
