"""StreamOptions and Executor (client-go tools/remotecommand/remotecommand.go)."""

from __future__ import annotations

import dataclasses
from typing import Any, Optional, Protocol

from .resize import TerminalSizeQueue

__all__ = ["Executor", "StreamOptions"]


@dataclasses.dataclass
class StreamOptions:
    """The streams of one session. stdin is read with ``read1`` when it has one (what has arrived, as an
    interactive terminal needs), else ``read``; stdout and stderr get ``write(bytes)`` (and ``flush()`` when they
    have one) with the remote bytes as they are, never decoded. With tty, stderr is not used: the terminal carries
    both on stdout."""

    stdin: Any = None
    stdout: Any = None
    stderr: Any = None
    tty: bool = False
    terminal_size_queue: Optional[TerminalSizeQueue] = None


class Executor(Protocol):
    """Transports shell-style streams to a remote command."""

    def stream(self, options: StreamOptions) -> None:
        """stream_with_context with context.background() (deprecated in client-go)."""

    def stream_with_context(self, ctx: Any, options: StreamOptions) -> None:
        """Run the session until the remote command ended (returns) or failed (raises: a non-zero exit is
        ``util.exec.CodeExitError``); ctx ends it early with ctx's error."""
