"""Loading and prompting for basic-auth credentials (client-go tools/clientcmd/auth_loaders.go).

A reader here is Go's io.Reader: any object with ``read(n)`` returning str or bytes (``sys.stdin``,
``io.StringIO``, a socket file).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Protocol

from kubernetes_py._go.os import stat, write_file
from kubernetes_py.tools import auth as clientauth

__all__ = ["AuthLoader", "PromptingAuthLoader", "new_prompting_auth_loader", "new_default_auth_loader"]


class AuthLoader(Protocol):
    """Go's AuthLoader interface: the credentials kept in (or to be kept in) the file at ``path``."""

    def load_auth(self, path: str) -> clientauth.Info: ...


class _DefaultAuthLoader:
    def load_auth(self, path: str) -> clientauth.Info:
        return clientauth.load_from_file(path)


class PromptingAuthLoader:
    """Asks for a user name (read from ``reader``) and a password (read from the terminal without echo)."""

    def __init__(self, reader: Any):
        self.reader = reader

    def load_auth(self, path: str) -> clientauth.Info:
        """The credentials in ``path``; when the file does not exist, prompt and write them there (mode 0600).
        Raises what loading, prompting or writing raises."""
        try:
            stat(path)
        except FileNotFoundError:
            info = self.prompt()
            write_file(path, info.to_json(), 0o600)
            return info
        except OSError:
            pass
        return clientauth.load_from_file(path)

    def prompt(self) -> clientauth.Info:
        """Ask for "Username" and "Password" (stdout shows ``Please enter <field>: ``). Raises EOFError ("EOF")
        when the reader ends before a user name, ValueError when the password cannot be read from a terminal."""
        info = clientauth.Info()
        info.user = _prompt_for_string("Username", self.reader, True)
        info.password = _prompt_for_string("Password", None, False)
        return info


def _prompt_for_string(field: str, reader: Any, show: bool) -> str:
    sys.stdout.write(f"Please enter {field}: ")
    sys.stdout.flush()
    if show:
        return _scan_word(reader)
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        raise ValueError(f"error reading input for {field}")
    return _read_password(stdin.fileno())


def _scan_word(reader: Any) -> str:
    """Go's fmt.Fscan into a string: skip white space (newlines included), then read up to the next white space.
    Raises EOFError("EOF") when the reader ends first."""
    word: list[str] = []
    while True:
        chunk = reader.read(1)
        if not chunk:
            break
        ch = chunk.decode("utf-8", errors="replace") if isinstance(chunk, bytes) else chunk
        if ch.isspace():
            if word:
                break
            continue
        word.append(ch)
    if not word:
        raise EOFError("EOF")
    return "".join(word)


def _read_password(fd: int) -> str:
    """golang.org/x/term.ReadPassword: one line from the terminal with echo off (the newline not included)."""
    import termios

    old = termios.tcgetattr(fd)
    new = list(old)
    new[3] = new[3] & ~termios.ECHO | termios.ICANON | termios.ISIG
    termios.tcsetattr(fd, termios.TCSANOW, new)
    try:
        data = bytearray()
        while True:
            b = os.read(fd, 1)
            if not b or b == b"\n":
                break
            if b != b"\r":
                data += b
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, old)
    return data.decode("utf-8", errors="surrogateescape")


def new_prompting_auth_loader(reader: Any) -> PromptingAuthLoader:
    """An AuthLoader that prompts for missing credentials, reading the user name from ``reader``."""
    return PromptingAuthLoader(reader)


def new_default_auth_loader() -> AuthLoader:
    """An AuthLoader that only reads the file (clientauth.load_from_file)."""
    return _DefaultAuthLoader()
