"""Go's ``path/filepath`` on the Unix systems kubernetes_py runs on, where the separator is "/": ``Clean`` and
``Join`` are ``path``'s (Python's ``os.path.normpath`` differs: it keeps a leading "//")."""

from __future__ import annotations

from kubernetes_py._go.path import clean, join

__all__ = ["clean", "join"]
