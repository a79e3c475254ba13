"""Writing a generator's outputs: changed files rewritten, generated files no longer produced deleted (shared by
the lister and informer generators)."""

from __future__ import annotations

import pathlib


def stale_files(root: pathlib.Path, outputs: dict[str, bytes], out_root: str, mark: str) -> list[str]:
    """Python files under root/out_root that start with ``mark`` but are not in ``outputs``."""
    directory = root / out_root
    if not directory.is_dir():
        return []
    stale = []
    for path in sorted(directory.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in outputs:
            continue
        with path.open("rb") as handle:
            if handle.read(len(mark)) == mark.encode():
                stale.append(rel)
    return stale


def write_outputs(root: pathlib.Path, outputs: dict[str, bytes], stale: list[str]) -> None:
    """Delete the ``stale`` files and write the outputs that differ from what root holds."""
    for rel in stale:
        (root / rel).unlink()
    for rel, content in outputs.items():
        path = root / rel
        if path.exists() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
