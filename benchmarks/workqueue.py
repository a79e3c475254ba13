#!/usr/bin/env python3
"""Cycles per second of util.workqueue (add, get, done of one key) beside queue.Queue and client-go's workqueue.

    .venv/bin/python benchmarks/workqueue.py [--cycles N] [--rounds R] [--go-workqueue-bench PATH]

Every cycle adds a key of its own (an int, so no add collapses into another), gets an item and marks it done; with
several threads they share one queue and each does its share of the cycles. Variants:

  queue.Queue             the standard library's put + get: the floor of what a Python thread hand-off costs
  workqueue               kubernetes_py.util.workqueue.new_typed(): add + get + done
  rate limiting queue     new_typed_rate_limiting_queue_with_config(default_typed_controller_rate_limiter(),
                          name="bench"): the queue controllers use, through its delaying and rate-limiting layers
  client-go workqueue     Go's workqueue.NewTyped[int]() (and the rate-limiting one), the same workload in
                          hack/oracle/cmd/workqueuebench, one process per turn

client-go's program is the one given with --go-workqueue-bench, else this script builds it with ``go build`` in
hack/oracle (left out, with the reason, when Go is missing). ``--go-bench`` (benchmarks/run.py passes the
hack/oracle/cmd/bench it built) is accepted and unused: that program has no workqueue subcommand.
The variants take turns (``--rounds``), so a busy machine slows them alike; medians are printed, ratios are to
queue.Queue with the same number of threads.
"""

from __future__ import annotations

import argparse
import json
import queue as stdqueue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
THREADS = (1, 8)
STD = "queue.Queue"
WQ = "workqueue"
RL = "rate limiting queue"
GO_WQ = "client-go workqueue"
GO_RL = "client-go rate limiting"


def _std(threads: int, cycles: int) -> float:
    q: stdqueue.Queue = stdqueue.Queue()

    def work(g: int, n: int) -> None:
        put, get = q.put, q.get
        for i in range(n):
            put(i * threads + g)
            get()

    return _timed(work, threads, cycles)


def _workqueue(make: Callable[[], object]) -> Callable[[int, int], float]:
    def run(threads: int, cycles: int) -> float:
        q = make()

        def work(g: int, n: int) -> None:
            add, get, done = q.add, q.get, q.done
            for i in range(n):
                add(i * threads + g)
                key, _ = get()
                done(key)

        try:
            return _timed(work, threads, cycles)
        finally:
            q.shut_down()

    return run


def _timed(work: Callable[[int, int], None], threads: int, cycles: int) -> float:
    shares = [cycles // threads + (g < cycles % threads) for g in range(threads)]
    start = time.perf_counter()
    if threads == 1:
        work(0, cycles)
    else:
        workers = [threading.Thread(target=work, args=(g, n), name=f"bench {g}") for g, n in enumerate(shares)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    return cycles / (time.perf_counter() - start)


def _go(binary: str, kind: str) -> Callable[[int, int], float]:
    def run(threads: int, cycles: int) -> float:
        proc = subprocess.run([binary, kind, str(threads), str(cycles)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} failed: {proc.stderr.strip()}")
        return json.loads(proc.stdout)["per_second"]

    return run


def _build_go(out_dir: str) -> str | None:
    if shutil.which("go") is None:
        print("the Go toolchain is not installed: client-go's figures are left out", file=sys.stderr)
        return None
    out = str(Path(out_dir) / "workqueuebench")
    proc = subprocess.run(
        ["go", "build", "-o", out, "./cmd/workqueuebench"], cwd=ROOT / "hack" / "oracle", capture_output=True, text=True
    )
    if proc.returncode != 0:
        print(
            f"building hack/oracle/cmd/workqueuebench failed, client-go's figures are left out:\n{proc.stderr}",
            file=sys.stderr,
        )
        return None
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=100_000, help="cycles per variant, thread count and turn")
    parser.add_argument("--rounds", type=int, default=5, help="turns of every variant")
    parser.add_argument("--go-workqueue-bench", help="path of the built hack/oracle/cmd/workqueuebench")
    parser.add_argument("--go-bench", help="accepted for benchmarks/run.py; unused")
    parser.add_argument("--no-go", action="store_true", help="leave client-go out")
    args = parser.parse_args()

    from kubernetes_py.util import workqueue

    variants: dict[str, Callable[[int, int], float]] = {
        STD: _std,
        WQ: _workqueue(workqueue.new_typed),
        RL: _workqueue(
            lambda: workqueue.new_typed_rate_limiting_queue_with_config(
                workqueue.default_typed_controller_rate_limiter(), workqueue.TypedRateLimitingQueueConfig(name="bench")
            )
        ),
    }
    with tempfile.TemporaryDirectory(prefix="workqueuebench") as tmp:
        binary = None if args.no_go else (args.go_workqueue_bench or _build_go(tmp))
        if binary:
            variants[GO_WQ] = _go(binary, "queue")
            variants[GO_RL] = _go(binary, "ratelimiting")
        for run in variants.values():  # warm up
            for threads in THREADS:
                run(threads, 1000)
        rates: dict[tuple[str, int], list[float]] = {(n, t): [] for n in variants for t in THREADS}
        for _ in range(args.rounds):
            for threads in THREADS:
                for name, run in variants.items():
                    rates[(name, threads)].append(run(threads, args.cycles))

    print(
        f"{args.rounds} turns of {args.cycles} add/get/done cycles per variant and thread count; medians; "
        f"ratios to queue.Queue (put/get) with as many threads"
    )
    print(f"{'threads':>7}  {'variant':<26}{'cycles/s':>11}{'vs queue.Queue':>16}")
    for threads in THREADS:
        base = statistics.median(rates[(STD, threads)])
        for name in variants:
            rate = statistics.median(rates[(name, threads)])
            print(f"{threads:>7}  {name:<26}{rate:11.0f}{rate / base:15.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
