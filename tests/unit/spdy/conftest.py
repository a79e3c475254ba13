"""Every SPDY test stops and joins the threads it starts."""

from __future__ import annotations

from tests import threadcheck

no_leaked_threads = threadcheck.leak_check(grace=2.0, ignore=(threadcheck.CONTEXT_TIMER,))
