"""mypy with the project's configuration on a small program (its cache in .mypy_cache keeps a rerun to a few
seconds): what it reveals and the errors it finds in the program."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[3]


def run(tmp_path: pathlib.Path, source: str) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "program.py"
    program.write_text(source)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--no-warn-unused-configs",
            "--no-color-output",
            str(program),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def revealed(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The types reveal_type shows, builtins qualified (mypy writes ``str``, ``list[...]``; the tests
    ``builtins.str``)."""
    return [
        re.sub(r"(?<![\w.])(str|list|int|bool|float|tuple)\b", r"builtins.\1", m)
        for m in re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    ]


def program_errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The errors mypy finds in the program (the package's own are `make typecheck`'s business)."""
    return [
        line.split(": error: ", 1)[1]
        for line in result.stdout.splitlines()
        if line.startswith(str(pathlib.Path(result.args[-1]))) and ": error: " in line
    ]
