"""Go's io.Pipe for threads: a write blocks until readers took all of it, so a slow reader slows the writer.

``close_with_error(err)`` on the write side ends the pipe: readers get what was written before, then ``err`` (or
EOF, ``b""``, when err is None); writes after it raise ``ClosedPipeError``. ``close()`` on the read side makes
pending and later writes raise ``ClosedPipeError``.
"""

from __future__ import annotations

import threading
from typing import Optional, Union


class ClosedPipeError(OSError):
    def __init__(self) -> None:
        super().__init__("io: read/write on closed pipe")


class Pipe:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._data = memoryview(b"")
        self._write_err: Optional[BaseException] = None  # the writer closed: what readers get at the end
        self._writer_closed = False
        self._reader_closed = False
        self._write_lock = threading.Lock()  # one write at a time, as Go's pipe serializes writers

    def write(self, data: Union[bytes, bytearray, memoryview]) -> int:
        if not data:
            return 0
        with self._write_lock, self._cond:
            if self._reader_closed or self._writer_closed:
                raise ClosedPipeError()
            self._data = memoryview(data)
            self._cond.notify_all()
            while len(self._data) and not self._reader_closed and not self._writer_closed:
                self._cond.wait()
            if len(self._data):
                self._data = memoryview(b"")
                raise ClosedPipeError()
            return len(data)

    def read(self, n: int = 32 * 1024) -> bytes:
        """Up to n bytes of the current write; b"" at the end; raises the writer's close error."""
        with self._cond:
            while not len(self._data) or self._writer_closed:
                if self._reader_closed:
                    raise ClosedPipeError()
                if self._writer_closed:
                    if self._write_err is not None:
                        raise self._write_err
                    return b""
                self._cond.wait()
            out = bytes(self._data[:n])
            self._data = self._data[n:]
            if not len(self._data):
                self._cond.notify_all()
            return out

    def close_with_error(self, err: Optional[BaseException] = None) -> None:
        with self._cond:
            if not self._writer_closed:
                self._writer_closed = True
                self._write_err = err
            self._cond.notify_all()

    def close_read(self) -> None:
        with self._cond:
            self._reader_closed = True
            self._cond.notify_all()
