"""Fixtures of the tools/pager tests: every test must stop and join the threads it starts (the context
package's one shared deadline timer thread excepted)."""
from __future__ import annotations

import threading
import time

import pytest

_JOIN_GRACE = 5.0  # seconds a thread may take to finish after its test returns


@pytest.fixture(autouse=True)
def no_leaked_threads():
    """Fails the test if a thread it started is still alive a few seconds after it returned."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + _JOIN_GRACE
    while True:
        leaked = [t for t in threading.enumerate()
                  if t not in before and t.is_alive() and t.name != "context-deadlines"]
        if not leaked or time.monotonic() >= deadline:
            break
        time.sleep(0.01)
    if leaked:
        pytest.fail(f"test left {len(leaked)} thread(s) running: {sorted(t.name for t in leaked)}")
