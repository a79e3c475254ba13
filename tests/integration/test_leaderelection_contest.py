"""Three kubernetes_py candidates and one client-go candidate (hack/oracle/cmd/leadercandidate) contest one Lease
on the real kube-apiserver, each in its own process, while the leader is paused past its lease (SIGSTOP), killed
(SIGKILL) and released (SIGTERM). Each process prints when its leader context starts and ends on CLOCK_MONOTONIC,
which all of them share.

What must hold: no two leadership intervals overlap; a leader paused or killed is replaced within lease duration
plus a jittered retry period of its last renewal, not before; a released lease is taken over within a retry period.
One window is client-go's by design and is checked as such: a leader paused past its lease still has a live
context after it resumes, until its renewal fails (within the renew deadline); the interval is counted up to the
pause, and the end after the resume is bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import List, Optional, Tuple

from kubernetes_py.tools.leaderelection import JitterFactor

LEASE_DURATION = 4.0
RENEW_DEADLINE = 2.5
RETRY_PERIOD = 0.5
SLACK = 1.0  # requests to the server, process scheduling
LEASE = "contest"


class Candidate:
    """A candidate process and the lines it printed: (what, CLOCK_MONOTONIC seconds)."""

    def __init__(self, name: str, argv: List[str]):
        self.name = name
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
        )
        self.lines: List[Tuple[str, float]] = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, name=f"read {name}", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            what, _, ns = line.strip().partition(" ")
            with self.cond:
                self.lines.append((what, int(ns) / 1e9 if ns.isdigit() else 0.0))
                self.cond.notify_all()

    def wait_for(self, what: str, count: int = 1, timeout: float = 20.0) -> float:
        """The time of the count-th ``what`` line, once printed."""
        with self.cond:
            assert self.cond.wait_for(lambda: sum(1 for w, _ in self.lines if w == what) >= count, timeout), (
                f"{self.name} did not print {what} #{count}: {self.lines}"
            )
            return [t for w, t in self.lines if w == what][count - 1]

    def leading(self) -> bool:
        with self.cond:
            whats = [w for w, _ in self.lines]
        return whats.count("START") > whats.count("STOP")

    def intervals(self, clip: Optional[float] = None) -> List[Tuple[float, float]]:
        """[(start, stop)]: an interval left open ends at ``clip`` (the moment the process was killed)."""
        out, start = [], None
        with self.cond:
            for what, t in self.lines:
                if what == "START":
                    start = t
                elif what == "STOP" and start is not None:
                    out.append((start, t))
                    start = None
        if start is not None:
            out.append((start, clip if clip is not None else float("inf")))
        return out

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(10)


def _now() -> float:
    return time.monotonic_ns() / 1e9


def _next_leader(candidates: List[Candidate], timeout: float) -> Candidate:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        leaders = [c for c in candidates if c.leading()]
        if leaders:
            assert len(leaders) == 1, [c.name for c in leaders]
            return leaders[0]
        time.sleep(0.01)
    raise AssertionError("nobody took over")


def test_three_python_candidates_and_client_go_contest_one_lease(apiserver, namespace, go_oracle):
    durations = [str(LEASE_DURATION), str(RENEW_DEADLINE), str(RETRY_PERIOD)]
    common = [str(apiserver.kubeconfig), namespace, LEASE]
    go = Candidate(
        "client-go", [str(go_oracle("leadercandidate")), *common, "client-go", *(f"{d}s" for d in durations)]
    )
    script = str(Path(__file__).with_name("leader_candidate.py"))
    pythons: List[Candidate] = []
    clips = {}
    try:
        go.wait_for("START")
        pythons = [
            Candidate(f"python-{i}", [sys.executable, script, *common, f"python-{i}", *durations]) for i in range(3)
        ]
        for p in pythons:
            p.wait_for("READY")
        everyone = [go, *pythons]
        time.sleep(2 * RETRY_PERIOD + SLACK)
        assert _next_leader(everyone, 1) is go

        # 1. The client-go leader is paused past its lease: a Python candidate takes over; resumed, it stops.
        paused_at = _now()
        go.signal(signal.SIGSTOP)
        second = _next_leader(pythons, LEASE_DURATION + RETRY_PERIOD * JitterFactor + SLACK + 1)
        took_over = second.intervals()[-1][0] - paused_at
        assert LEASE_DURATION - RETRY_PERIOD - 0.2 <= took_over <= LEASE_DURATION + RETRY_PERIOD * JitterFactor + SLACK
        resumed_at = _now()
        go.signal(signal.SIGCONT)
        go_stopped = go.wait_for("STOP", timeout=RENEW_DEADLINE + RETRY_PERIOD + 2 * SLACK)
        assert go_stopped - resumed_at <= RENEW_DEADLINE + RETRY_PERIOD + SLACK
        clips[go.name] = paused_at

        # 2. The Python leader is killed: the lease is taken over once it expires.
        killed_at = _now()
        second.signal(signal.SIGKILL)
        second.proc.wait(10)
        others = [c for c in everyone if c is not second]
        third = _next_leader(others, LEASE_DURATION + RETRY_PERIOD * JitterFactor + SLACK + 1)
        took_over = third.intervals()[-1][0] - killed_at
        assert LEASE_DURATION - RETRY_PERIOD - 0.2 <= took_over <= LEASE_DURATION + RETRY_PERIOD * JitterFactor + SLACK

        # 3. The leader is stopped with SIGTERM: it releases the lease, which is taken over at once.
        released_at = _now()
        third.signal(signal.SIGTERM)
        assert third.wait_for("EXIT", timeout=RENEW_DEADLINE + SLACK) - released_at < RENEW_DEADLINE
        fourth = _next_leader([c for c in others if c is not third], RETRY_PERIOD * JitterFactor + SLACK + 1)
        assert fourth.intervals()[-1][0] - released_at <= RETRY_PERIOD * JitterFactor + SLACK
        assert third.proc.wait(10) == 0
    finally:
        for c in [go, *pythons]:
            c.stop()

    # Every Python candidate that ended normally joined its threads.
    for p in pythons:
        if p.proc.returncode != -signal.SIGKILL:
            assert [w for w, _ in p.lines if w.startswith(("EXIT", "LEAKED"))] == ["EXIT"], p.lines
    # At no moment did two lead: intervals of every process on the shared clock, a killed leader's up to its
    # death and the paused leader's first one up to its pause.
    spans = []
    for c in [go, *pythons]:
        clip = killed_at if c is second else None
        for i, (start, end) in enumerate(c.intervals(clip)):
            if c is go and i == 0:
                end = clips[go.name]
            spans.append((start, end, c.name))
    spans.sort()
    overlaps = [(a, b) for a, b in zip(spans, spans[1:]) if b[0] < a[1]]
    assert overlaps == []
    assert len(spans) >= 4 and len({name for _, _, name in spans}) >= 3
