"""HealthzAdaptor: a health check that fails when the leader has not renewed its lease
(leaderelection/healthzadaptor.go)."""

from __future__ import annotations

import threading
from typing import Any, Optional

__all__ = ["HealthzAdaptor", "new_leader_healthz_adaptor"]


class HealthzAdaptor:
    """Answers ``check(req)`` through the elector set with set_leader_election (passes until one is set)."""

    def __init__(self, timeout: float = 0.0):
        self._pointer_lock = threading.Lock()
        self.le: Optional[Any] = None
        self.timeout = timeout

    def name(self) -> str:
        return "leaderElection"

    def check(self, req: Any = None) -> None:
        """Raise when this process leads and has not renewed for longer than the lease duration plus the
        adaptor's timeout."""
        with self._pointer_lock:
            if self.le is None:
                return
            self.le.check(self.timeout)

    def set_leader_election(self, le: Any) -> None:
        with self._pointer_lock:
            self.le = le


def new_leader_healthz_adaptor(timeout: float) -> HealthzAdaptor:
    """An adaptor tolerating ``timeout`` seconds of expired lease before it fails."""
    return HealthzAdaptor(timeout)
