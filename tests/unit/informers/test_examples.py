"""examples/fake-client runs (a test program itself: client-go's TestFakeClient ported)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_fake_client_example():
    example = REPO / "examples" / "fake-client"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(example),
            str(example / "main_test.py"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout
