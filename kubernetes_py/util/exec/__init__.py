"""Port of k8s.io/client-go/util/exec: the error a remote command's non-zero exit becomes."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["CodeExitError", "ExitError"]


@runtime_checkable
class ExitError(Protocol):
    """An error that carries a process's exit status."""

    def exited(self) -> bool: ...

    def exit_status(self) -> int: ...


class CodeExitError(Exception):
    """A command that ran and exited with ``code``; ``err`` says so ("command terminated with exit code 3")."""

    def __init__(self, err: BaseException, code: int):
        super().__init__(err, code)
        self.err = err
        self.code = code

    def __str__(self) -> str:
        return str(self.err)

    def exited(self) -> bool:
        return True

    def exit_status(self) -> int:
        return self.code
