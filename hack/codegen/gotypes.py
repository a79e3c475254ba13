"""Build and run hack/oracle/cmd/gotypes, which describes the Go API types of the pinned release."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import tempfile

from . import gomod


def run_gotypes() -> dict:
    """The raw JSON document that the Go program prints."""
    env = {**os.environ, "GOFLAGS": "-mod=mod"}
    with tempfile.TemporaryDirectory(prefix="kubernetes_py-gotypes-") as tmp:
        binary = pathlib.Path(tmp) / "gotypes"
        build = subprocess.run(
            ["go", "build", "-o", str(binary), "./cmd/gotypes"],
            cwd=gomod.ORACLE_MODULE,
            capture_output=True,
            text=True,
            env=env,
        )
        if build.returncode != 0:
            raise RuntimeError(f"building hack/oracle/cmd/gotypes failed:\n{build.stderr}")
        run = subprocess.run([str(binary)], cwd=gomod.ORACLE_MODULE, capture_output=True, text=True, env=env)
        if run.returncode != 0:
            raise RuntimeError(f"hack/oracle/cmd/gotypes failed:\n{run.stderr}")
    return json.loads(run.stdout)
