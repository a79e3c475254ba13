"""Every events test must stop and join the threads it started."""
from __future__ import annotations

import threading
import time

import pytest


@pytest.fixture(autouse=True)
def no_leaked_threads():
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        # "context-deadlines" is the context package's one timer thread for the whole process.
        leaked = [t for t in threading.enumerate()
                  if t not in before and t.is_alive() and t.name != "context-deadlines"]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not leaked, f"threads left running: {[t.name for t in leaked]}"
