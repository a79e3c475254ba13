"""Every leader election test must stop and join the threads it started."""

from __future__ import annotations

from tests import threadcheck

no_leaked_threads = threadcheck.leak_check(grace=2.0, ignore=(threadcheck.CONTEXT_TIMER,))
