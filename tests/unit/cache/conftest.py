"""Fixtures of the tools/cache tests: every test must stop and join the threads it starts."""

from __future__ import annotations

import sys

import pytest

from tests import threadcheck

no_leaked_threads = threadcheck.leak_check(grace=5.0)


@pytest.fixture
def fast_thread_switching():
    """Switches threads every 10 µs instead of every 5 ms, so stress tests see many more interleavings."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(previous)
