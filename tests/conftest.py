"""Shared fixtures: Go oracles (tests/differential) and the local API server (tests/integration)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import shutil
import signal
import threading

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
ORACLE_MODULE = REPO / "hack" / "oracle"
CACHE = pathlib.Path(os.environ.get("KUBERNETES_PY_CACHE", pathlib.Path.home() / ".cache" / "kubernetes_py"))
IN_CI = os.environ.get("CI") == "true"

# A shell without job control starts a background job with SIGINT ignored, and a child inherits an ignored signal:
# Python then installs no KeyboardInterrupt handler, and the example programs the tests stop with SIGINT run on.
# Catching SIGINT here lets every child start with the default disposition, as from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

_oracle_lock = threading.Lock()
_oracles: dict[str, pathlib.Path] = {}


def _unavailable(reason: str):
    """Skip locally; in CI a missing prerequisite fails the run instead of hiding tests."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def go_oracle():
    """go_oracle("name") builds hack/oracle/cmd/<name> once per session and returns the binary's path."""

    def build(name: str) -> pathlib.Path:
        with _oracle_lock:
            if name in _oracles:
                return _oracles[name]
            if shutil.which("go") is None:
                _unavailable("the Go toolchain is not installed, so the Go oracles cannot be built")
            out = CACHE / "oracle" / name
            out.parent.mkdir(parents=True, exist_ok=True)
            proc = subprocess.run(
                ["go", "build", "-o", str(out), f"./cmd/{name}"],
                cwd=ORACLE_MODULE,
                capture_output=True,
                text=True,
                env={**os.environ, "GOFLAGS": "-mod=mod"},
            )
            if proc.returncode != 0:
                pytest.fail(f"building the Go oracle {name} failed:\n{proc.stderr}")
            _oracles[name] = out
            return out

    return build
