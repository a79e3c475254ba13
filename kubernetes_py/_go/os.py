"""File access that fails with Go's os error text ("open /x: no such file or directory").

client-go puts these messages inside its own errors, so the exceptions raised here keep
Python's OSError subclasses (``except FileNotFoundError`` works) but read like Go's
``*fs.PathError``.
"""

from __future__ import annotations

import os

__all__ = ["PathError", "check_readable", "mkdir_all", "open_file", "read_file", "stat", "write_file"]

_classes: dict[type[OSError], type[PathError]] = {}


class PathError(OSError):
    """Mixin marker: an OSError whose message is ``op path: reason`` like Go's fs.PathError."""

    op: str
    path: str

    def __str__(self) -> str:
        reason = os.strerror(self.errno) if self.errno else "error"
        return f"{self.op} {self.path}: {reason[:1].lower()}{reason[1:]}"


def _path_error(op: str, path: str, err: OSError) -> OSError:
    base = type(err)
    cls = _classes.get(base)
    if cls is None:
        made = type(f"Go{base.__name__}", (PathError, base), {})
        assert issubclass(made, PathError)
        cls = _classes[base] = made
    new = cls(err.errno, err.strerror, path)
    new.op = op
    new.path = path
    return new


def read_file(path: str) -> bytes:
    """The file's bytes (Go os.ReadFile)."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except IsADirectoryError as err:
        raise _path_error("read", path, err) from None
    except OSError as err:
        raise _path_error("open", path, err) from None


def open_file(path: str, flags: int, perm: int) -> int:
    """Go os.OpenFile: a file descriptor for ``path`` opened with ``flags`` (created with ``perm``, less the umask)."""
    try:
        return os.open(path, flags | os.O_CLOEXEC, perm)
    except OSError as err:
        raise _path_error("open", path, err) from None


def stat(path: str) -> os.stat_result:
    """os.stat with Go's error text."""
    try:
        return os.stat(path)
    except OSError as err:
        raise _path_error("stat", path, err) from None


def check_readable(path: str) -> None:
    """Go's os.Open for reading: fails when the file is missing or not readable (directories open fine)."""
    try:
        if os.path.isdir(path):
            os.listdir(path)
            return
        with open(path, "rb"):
            pass
    except OSError as err:
        raise _path_error("open", path, err) from None


def write_file(path: str, data: bytes, perm: int) -> None:
    """Go os.WriteFile: truncate or create the file (created with ``perm``, less the umask; an existing file keeps
    its mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, perm)
    except OSError as err:
        raise _path_error("open", path, err) from None
    with os.fdopen(fd, "wb") as fh:
        try:
            fh.write(data)
        except OSError as err:
            raise _path_error("write", path, err) from None


def mkdir_all(path: str, perm: int) -> None:
    """Go os.MkdirAll: the directory and its missing parents (``perm`` less the umask); fine when it exists."""
    try:
        os.makedirs(path, perm, exist_ok=True)
    except OSError as err:
        raise _path_error("mkdir", path, err) from None
