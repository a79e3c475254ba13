"""Terminal size changes for a TTY session (client-go tools/remotecommand/resize.go)."""

from __future__ import annotations

import dataclasses
from typing import Optional, Protocol

__all__ = ["TerminalSize", "TerminalSizeQueue"]


@dataclasses.dataclass
class TerminalSize:
    """Columns and rows; sent on the resize channel as Go encodes it: {"Width":80,"Height":24}."""

    width: int = 0
    height: int = 0


class TerminalSizeQueue(Protocol):
    """``next()`` blocks until the terminal was resized and returns its new size, or None once resizing stopped
    (the executor's resize thread ends then)."""

    def next(self) -> Optional[TerminalSize]: ...
