"""Fixtures of the typing tests: every test must stop and join the threads it starts (the context package's one
shared deadline timer thread excepted)."""

from __future__ import annotations

from tests import threadcheck

no_leaked_threads = threadcheck.leak_check(grace=5.0, ignore=(threadcheck.CONTEXT_TIMER,))
