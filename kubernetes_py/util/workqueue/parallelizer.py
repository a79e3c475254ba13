"""parallelize_until (client-go's workqueue/parallelizer.go): run ``do_work_piece(i)`` for every i in
range(pieces) on up to ``workers`` threads, handing out chunks of ``with_chunk_size(n)`` pieces, until all are done
or ctx ends. An exception in a piece stops that worker (after util.runtime's crash handlers) and is raised again in
the caller once every worker has ended, where Go would crash the process."""

from __future__ import annotations

import collections
import threading
from typing import Callable, List, Optional

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.util import runtime as utilruntime

__all__ = ["DoWorkPieceFunc", "Options", "parallelize_until", "with_chunk_size"]

DoWorkPieceFunc = Callable[[int], None]


class _Options:
    __slots__ = ("chunk_size",)

    def __init__(self) -> None:
        self.chunk_size = 0


Options = Callable[[_Options], None]


def with_chunk_size(c: int) -> Options:
    """Hand pieces to workers c at a time: worth it when pieces are many and each is small."""

    def apply(o: _Options) -> None:
        o.chunk_size = c

    return apply


def parallelize_until(
    ctx: Optional[_context.Context], workers: int, pieces: int, do_work_piece: DoWorkPieceFunc, *opts: Options
) -> None:
    """Process pieces 0..pieces-1 on up to ``workers`` threads; returns when all are done or ctx is done."""
    if pieces == 0:
        return
    o = _Options()
    for opt in opts:
        opt(o)
    chunk_size = o.chunk_size if o.chunk_size >= 1 else 1
    chunks = (pieces + chunk_size - 1) // chunk_size
    to_process = collections.deque(range(chunks))
    stop = ctx.done() if ctx is not None else None
    workers = min(workers, chunks)
    errors: List[BaseException] = []

    def work() -> None:
        try:
            with utilruntime.handle_crash():
                while True:
                    try:
                        chunk = to_process.popleft()
                    except IndexError:
                        return
                    start = chunk * chunk_size
                    end = min(start + chunk_size, pieces)
                    for p in range(start, end):
                        if stop is not None and stop.is_set():
                            return
                        do_work_piece(p)
        except BaseException as err:  # raised again in the caller  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=work, name=f"parallelize worker {i}", daemon=True) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
