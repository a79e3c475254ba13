"""The one check that a test stops and joins every thread it starts (DESIGN: a test that leaves a thread behind is a
failing test). A test directory's conftest makes it autouse:

    no_leaked_threads = threadcheck.leak_check(grace=2.0, ignore=(threadcheck.CONTEXT_TIMER,))
"""

from __future__ import annotations

import threading
import time

import pytest

# The context package's one deadline timer thread for the whole process, started by the first deadline.
CONTEXT_TIMER = "context-deadlines"


def leak_check(grace: float, ignore: tuple[str, ...] = ()):
    """An autouse fixture failing a test whose new threads are still alive ``grace`` seconds after it returned;
    threads named in ``ignore`` are process-wide singletons a test may start once."""

    @pytest.fixture(autouse=True)
    def no_leaked_threads():
        before = set(threading.enumerate())
        yield
        deadline = time.monotonic() + grace
        while True:
            leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and t.name not in ignore]
            if not leaked or time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        if leaked:
            pytest.fail(f"test left {len(leaked)} thread(s) running: {sorted(t.name for t in leaked)}")

    return no_leaked_threads
