#!/usr/bin/env python3
"""Every benchmark in one run (`make bench`): one local API server, client-go beside us, all figures printed.

    .venv/bin/python benchmarks/run.py [--quick] [--only NAME ...]

Starts one LocalCluster (a real kube-apiserver and etcd of the pinned release on loopback, hack/localcluster.py),
then runs each script of this directory with KUBECONFIG set to the cluster's admin kubeconfig and, where the
script takes one, its client-go counterpart built from hack/oracle/cmd (``--go-bench``: cmd/bench,
``--go-informersync``: cmd/informersync, ``--go-watchreplay``: cmd/watchreplay), one after the other, so that no
two benchmarks compete for the machine. ``--quick`` uses small sizes (a smoke run of about two minutes); the full
run uses the sizes the figures in benchmarks/README.md come from.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT / "hack"))

from localcluster import LocalCluster  # noqa: E402

# (name, script, arguments of the full run, arguments of the quick run)
SUITE = [
    ("serialization", "serialization.py", [], ["--pods", "500", "--memory-pods", "500", "--repeat", "2"]),
    ("rest_get", "rest_get.py", [], ["--batch", "20", "--rounds", "2"]),
    ("workqueue", "workqueue.py", [], ["--cycles", "20000", "--rounds", "2"]),
    ("watch_framing", "watch_framing.py", [], ["--sizes", "64KiB,1MiB", "--repeat", "2"]),
    ("informer", "informer.py", [], ["--pods", "300", "--rounds", "1", "--events", "300"]),
    ("informer_sync", "informer_sync.py", [], ["--pods", "300", "--others", "60", "--rounds", "1"]),
    (
        "watch_replay",
        "watch_replay.py",
        [],
        ["--pods", "200", "--loops", "2", "--official-loops", "1", "--rounds", "1"],
    ),
    (
        "list_pods",
        "list_pods.py",
        ["--pods", "5000", "--rounds", "5"],
        ["--pods", "200", "--rounds", "2", "--slow-seconds", "5"],
    ),
]


# The option through which a script takes a client-go program, and the hack/oracle/cmd program it names.
GO_PROGRAMS = {"--go-bench": "bench", "--go-informersync": "informersync", "--go-watchreplay": "watchreplay"}


def build_go_program(out_dir: Path, name: str) -> Path | None:
    """Builds hack/oracle/cmd/<name>; None (with the reason on stderr) when Go is missing or the build fails."""
    if shutil.which("go") is None:
        print("run: the Go toolchain is not installed: client-go's figures are left out", file=sys.stderr)
        return None
    out = out_dir / name
    if out.exists():
        return out
    proc = subprocess.run(
        ["go", "build", "-o", str(out), f"./cmd/{name}"], cwd=ROOT / "hack" / "oracle", capture_output=True, text=True
    )
    if proc.returncode != 0:
        print(
            f"run: building hack/oracle/cmd/{name} failed, client-go's figures are left out:\n{proc.stderr}",
            file=sys.stderr,
        )
        return None
    return out


def go_options(script: Path, out_dir: Path) -> list[str]:
    """The client-go programs a script accepts (asked through its --help), built, as its arguments."""
    proc = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    argv = []
    for option, name in GO_PROGRAMS.items():
        if option in proc.stdout:
            program = build_go_program(out_dir, name)
            if program is not None:
                argv += [option, str(program)]
    return argv


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {cpus} CPUs {model}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of about two minutes")
    parser.add_argument("--only", nargs="+", choices=[name for name, *_ in SUITE], help="run these benchmarks only")
    args = parser.parse_args()
    suite = [entry for entry in SUITE if not args.only or entry[0] in args.only]

    started = time.perf_counter()
    print(
        f"kubernetes_py benchmarks ({'quick' if args.quick else 'full'} run), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start", flush=True)
    failed = []
    with tempfile.TemporaryDirectory(prefix="kubernetes-py-bench-") as tmp:

        def log(msg: str) -> None:
            print(f"localcluster: {msg}", file=sys.stderr, flush=True)

        with LocalCluster(log=log) as cluster:
            print(f"server: kube-apiserver v{cluster.version} + etcd on loopback ({cluster.url})", flush=True)
            env = dict(os.environ, KUBECONFIG=str(cluster.kubeconfig), PYTHONUNBUFFERED="1")
            for name, script, full, quick in suite:
                path = BENCHMARKS / script
                argv = [sys.executable, str(path), *(quick if args.quick else full), *go_options(path, Path(tmp))]
                print(f"\n=== {name}: {' '.join(argv[1:]).replace(str(ROOT) + '/', '')}", flush=True)
                t0 = time.perf_counter()
                proc = subprocess.run(argv, env=env, cwd=ROOT)
                print(
                    f"=== {name}: {'done' if proc.returncode == 0 else f'FAILED (exit code {proc.returncode})'} "
                    f"in {time.perf_counter() - t0:.0f} s",
                    flush=True,
                )
                if proc.returncode != 0:
                    failed.append(name)
    print(
        f"\nall benchmarks ran in {time.perf_counter() - started:.0f} s"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
