"""client-go's util/workqueue/parallelizer_test.go."""

from __future__ import annotations

import threading

import pytest

from kubernetes_py import context
from kubernetes_py.util import workqueue

CASES = [(1000, 10, 1), (1000, 10, 10), (1000, 10, 100), (999, 10, 13)]


@pytest.mark.parametrize(
    "pieces,workers,chunk_size", CASES, ids=[f"pieces:{p},workers:{w},chunkSize:{c}" for p, w, c in CASES]
)
def test_parallelize_until(pieces, workers, chunk_size):
    seen = [0] * pieces
    lock = threading.Lock()

    def piece(p):
        with lock:
            seen[p] += 1

    workqueue.parallelize_until(context.background(), workers, pieces, piece, workqueue.with_chunk_size(chunk_size))
    assert seen == [1] * pieces


def test_parallelize_until_is_parallel_and_bounded():
    active = 0
    peak = 0
    lock = threading.Lock()
    barrier = threading.Barrier(4, timeout=10)

    def piece(p):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        if p < 4:
            barrier.wait()  # only passes if four pieces run at the same time
        with lock:
            active -= 1

    workqueue.parallelize_until(None, 4, 40, piece)
    assert peak == 4


def test_parallelize_until_stops_when_the_context_ends():
    ctx, cancel = context.with_cancel(context.background())
    done = []

    def piece(p):
        done.append(p)
        if p == 9:
            cancel()

    workqueue.parallelize_until(ctx, 1, 1000, piece)
    assert done == list(range(10))


def test_parallelize_until_zero_pieces_and_exceptions():
    workqueue.parallelize_until(None, 4, 0, lambda p: 1 / 0)

    def piece(p):
        if p == 3:
            raise ValueError("piece 3")

    from kubernetes_py.apimachinery.util import runtime as utilruntime

    handlers = utilruntime.PanicHandlers
    utilruntime.PanicHandlers = []
    try:
        with pytest.raises(ValueError, match="piece 3"):
            workqueue.parallelize_until(None, 2, 10, piece)
    finally:
        utilruntime.PanicHandlers = handlers
