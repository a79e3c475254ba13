"""Where the pinned Kubernetes modules live: hack/versions.env and the Go module cache."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]
ORACLE_MODULE = REPO / "hack" / "oracle"

# The Go modules whose API types the package carries.
MODULES = ("k8s.io/api", "k8s.io/apimachinery", "k8s.io/apiextensions-apiserver")


def kube_version() -> str:
    """KUBE_VERSION from hack/versions.env, e.g. "1.37.1"."""
    text = (REPO / "hack" / "versions.env").read_text()
    match = re.search(r"^KUBE_VERSION=(\d+)\.(\d+)\.(\d+)\s*$", text, re.M)
    if match is None:
        raise RuntimeError("hack/versions.env has no KUBE_VERSION=<major>.<minor>.<patch> line")
    return ".".join(match.groups())


def staging_version() -> str:
    """The version of the staging modules (k8s.io/api ...) for the pinned release: 1.37.1 -> v0.37.1."""
    _major, minor, patch = kube_version().split(".")
    return f"v0.{minor}.{patch}"


def module_dir(module: str) -> pathlib.Path:
    """The module's directory in the Go module cache (downloaded when missing)."""
    proc = subprocess.run(
        ["go", "mod", "download", "-json", f"{module}@{staging_version()}"],
        cwd=ORACLE_MODULE,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"go mod download {module}@{staging_version()} failed:\n{proc.stderr}{proc.stdout}")
    return pathlib.Path(json.loads(proc.stdout)["Dir"])
