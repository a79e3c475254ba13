"""python -m codegen.listers [--out ROOT]: regenerate kubernetes_py/listers/** (see hack/generate.sh)."""

from __future__ import annotations

import argparse
import pathlib
import sys

from .. import gomod
from . import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.listers", description=__doc__)
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=gomod.REPO,
        help="root to write kubernetes_py/listers/... under (default: the repository)",
    )
    args = parser.parse_args(argv)
    outputs = generate.generate_outputs()
    generate.write_outputs(args.out, outputs)
    print(f"wrote {len(outputs)} lister files under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
