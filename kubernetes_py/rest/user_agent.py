"""The default User-Agent and rest.Config defaulting (client-go rest/config.go).

client-go sends ``<binary>/<version> (<os>/<arch>) kubernetes/<commit>``, e.g.
``kubectl/v1.37.1 (linux/amd64) kubernetes/abc1234``. The Python equivalents:

* binary: the base name of ``sys.argv[0]`` (the script or ``python3`` for ``-c``), "unknown" when empty;
* version: this package's version, prefixed with "v" like Go's git version, cut at the first "-";
* os/arch: ``sys.platform`` reduced to Go's GOOS names and ``platform.machine()`` mapped to GOARCH names;
* commit: "unknown" (an installed Python package carries no git commit).
"""

from __future__ import annotations

import os
import platform
import sys
from typing import Any

__all__ = ["default_kubernetes_user_agent", "set_kubernetes_defaults", "add_user_agent"]

_GOARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "i386": "386",
    "i686": "386",
    "armv7l": "arm",
    "armv6l": "arm",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
}
_GOOS = {"linux": "linux", "darwin": "darwin", "win32": "windows", "cygwin": "windows"}


def adjust_commit(c: str) -> str:
    """Go's adjustCommit: the first seven characters, "unknown" for none."""
    if not c:
        return "unknown"
    return c[:7]


def adjust_version(v: str) -> str:
    """Go's adjustVersion: the version before its first "-", "unknown" for none."""
    if not v:
        return "unknown"
    return v.split("-", 1)[0]


def adjust_command(p: str) -> str:
    """Go's adjustCommand: the command's base name, "unknown" for none."""
    if not p:
        return "unknown"
    return os.path.basename(p.rstrip("/")) or "/"


def build_user_agent(command: str, version: str, os_name: str, arch: str, commit: str) -> str:
    return f"{command}/{version} ({os_name}/{arch}) kubernetes/{commit}"


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return "v" + version("kubernetes_py")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return ""


def default_kubernetes_user_agent() -> str:
    """The User-Agent used when a rest.Config sets none."""
    goos = _GOOS.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    goarch = _GOARCH.get(machine, machine or "unknown")
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] not in ("", "-c", "-m") else sys.executable
    return build_user_agent(adjust_command(argv0), adjust_version(_package_version()), goos, goarch, adjust_commit(""))


def set_kubernetes_defaults(config: Any) -> None:
    """Fill in the defaults client-go applies to a rest.Config (the User-Agent)."""
    if not config.user_agent:
        config.user_agent = default_kubernetes_user_agent()


def add_user_agent(config: Any, user_agent: str) -> Any:
    """Set the config's User-Agent to the default one followed by ``/<user_agent>``; returns the config."""
    config.user_agent = default_kubernetes_user_agent() + "/" + user_agent
    return config
