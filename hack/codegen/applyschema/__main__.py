"""python -m codegen.applyschema [--out ROOT]: regenerate kubernetes_py/applyconfigurations/internal/schema.json."""

from __future__ import annotations

import argparse
import pathlib
import sys

from .. import gomod
from . import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.applyschema", description=__doc__)
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=gomod.REPO,
        help="root to write kubernetes_py/... under (default: the repository)",
    )
    args = parser.parse_args(argv)
    outputs = generate.generate_outputs()
    generate.write_outputs(args.out, outputs)
    print(f"wrote {len(outputs)} files under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
