"""benchmarks/workqueue.py runs and prints its table (tiny sizes, without client-go)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_workqueue_benchmark_prints_every_variant():
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "workqueue.py"),
            "--no-go",
            "--rounds",
            "1",
            "--cycles",
            "200",
            "--go-bench",
            "/nonexistent",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    for threads in (1, 8):
        for variant in ("queue.Queue", "workqueue", "rate limiting queue"):
            assert any(line.split()[:1] == [str(threads)] and variant in line for line in lines), proc.stdout
    assert "1.00x" in proc.stdout
