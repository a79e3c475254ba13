"""Recompute the lists of modules pyproject.toml exempts from mypy's strict settings.

    .venv/bin/python hack/mypy_overrides.py          # rewrite the two lists in pyproject.toml, print the counts
    .venv/bin/python hack/mypy_overrides.py --check  # only say whether they are current (exit 1 when not)

The lists only shrink by fixing modules: a module with no strict error leaves the first list, a module with no error
under mypy's default settings leaves the second. Generated code (a ``DO NOT EDIT`` header) is never listed; its own
two overrides above the lists are kept as they are.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"
MYPY = REPO / ".venv" / "bin" / "mypy"
NOT_STRICT_HEAD = "# Not strict yet"
IGNORED_HEAD = "# Errors even unstrict"
# The strict flags the not-yet-strict modules are checked without (mypy's strict set, minus what stays on).
LOOSE_FLAGS = (
    "disallow_any_generics",
    "disallow_subclassing_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "disallow_untyped_decorators",
    "warn_return_any",
    "warn_unused_ignores",
    "no_implicit_reexport",
)


def _generated() -> set[str]:
    out = set()
    for path in (REPO / "kubernetes_py").rglob("*.py*"):
        if path.suffix in (".py", ".pyi") and "DO NOT EDIT" in path.read_text(errors="replace")[:300]:
            out.add(str(path.relative_to(REPO)))
    return out


def _module(path: str) -> str:
    name = re.sub(r"\.pyi?$", "", path).replace("/", ".")
    return name.removesuffix(".__init__")


def _errors(config: str) -> collections.Counter[str]:
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(config)
    out = subprocess.run([str(MYPY), "--config-file", f.name], cwd=REPO, capture_output=True, text=True).stdout
    pathlib.Path(f.name).unlink()
    counts: collections.Counter[str] = collections.Counter()
    for line in out.splitlines():
        m = re.match(r"(kubernetes_py/[^:]+):\d+: error:", line)
        if m:
            counts[m.group(1)] += 1
    return counts


def _section(head: str, modules: list[str], settings: list[str]) -> str:
    return (
        "\n[[tool.mypy.overrides]]\n"
        + head
        + "\nmodule = [\n"
        + "".join(f'    "{m}",\n' for m in modules)
        + "]\n"
        + "".join(f"{s}\n" for s in settings)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the lists are current")
    args = parser.parse_args()
    text = PYPROJECT.read_text()
    start = text.find("\n[[tool.mypy.overrides]]\n" + NOT_STRICT_HEAD)
    base = (text if start < 0 else text[:start]).rstrip("\n") + "\n\n"
    generated = _generated()
    strict = {p: n for p, n in _errors(base).items() if p not in generated}
    if any(p in generated for p in _errors(base)):
        print("generated code has strict errors: fix its overrides by hand", file=sys.stderr)
    not_strict = sorted({_module(p) for p in strict})
    loose_section = _section(
        NOT_STRICT_HEAD + " (each listed module is to pass strict; none is added but new code that cannot yet).",
        not_strict,
        [f"{flag} = false" for flag in LOOSE_FLAGS],
    )
    loose = {p: n for p, n in _errors(base + loose_section).items() if p not in generated}
    ignored = sorted({_module(p) for p in loose})
    new = base.rstrip("\n") + "\n" + (loose_section if not_strict else "")
    if ignored:
        new += _section(
            IGNORED_HEAD + ": to fix (hack/mypy_overrides.py prints the counts).", ignored, ["ignore_errors = true"]
        )
    print(
        f"not strict: {len(not_strict)} modules, {sum(strict.values())} strict errors; "
        f"errors even unstrict: {len(ignored)} modules, {sum(loose.values())} errors"
    )
    for path in sorted(strict):
        print(f"  {_module(path)}: {strict[path]} strict" + (f", {loose[path]} unstrict" if path in loose else ""))
    if args.check:
        current = new == text
        print("the lists are current" if current else "the lists are not current: run hack/mypy_overrides.py")
        return 0 if current else 1
    PYPROJECT.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
