"""Leader election against the real kube-apiserver: candidates in one process contend for one Lease.

Each candidate logs its leadership intervals against time.monotonic(); at no moment do two lead. A released lease
is taken over at once (within a retry period); a leader that stops renewing without releasing is replaced within
lease duration + retry period.
"""

from __future__ import annotations

import threading
import time
from typing import List, Optional, Tuple

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd, leaderelection
from kubernetes_py.tools.leaderelection import resourcelock

CTX = context.todo()
LEASE_DURATION = 3.0
RENEW_DEADLINE = 2.0
RETRY_PERIOD = 0.25


@pytest.fixture(scope="module")
def cs(apiserver):
    return kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))


class Candidate:
    """One elector in a thread, with its leadership intervals [(start, end)] on time.monotonic()."""

    def __init__(self, cs, namespace: str, identity: str, release_on_cancel: bool):
        self.identity = identity
        self.intervals: List[Tuple[float, Optional[float]]] = []
        self.lock = threading.Lock()
        self.leading = threading.Event()
        self.ctx, self.cancel = context.with_cancel(CTX)
        lock = resourcelock.new(
            resourcelock.LeasesResourceLock,
            namespace,
            "contended",
            cs.core_v1(),
            cs.coordination_v1(),
            resourcelock.ResourceLockConfig(identity=identity),
        )
        self.elector = leaderelection.new_leader_elector(
            leaderelection.LeaderElectionConfig(
                lock=lock,
                lease_duration=LEASE_DURATION,
                renew_deadline=RENEW_DEADLINE,
                retry_period=RETRY_PERIOD,
                release_on_cancel=release_on_cancel,
                name="contended",
                callbacks=leaderelection.LeaderCallbacks(
                    on_started_leading=self._lead, on_stopped_leading=lambda: None
                ),
            )
        )
        self.thread = threading.Thread(target=self.elector.run, args=(self.ctx,), name=f"candidate {identity}")

    def _lead(self, ctx) -> None:
        with self.lock:
            self.intervals.append((time.monotonic(), None))
        self.leading.set()
        ctx.done().wait()
        with self.lock:
            self.intervals[-1] = (self.intervals[-1][0], time.monotonic())
        self.leading.clear()

    def stop(self) -> None:
        self.cancel()
        self.thread.join(30)
        assert not self.thread.is_alive()


def _overlaps(candidates: List[Candidate]) -> list:
    spans = sorted((s, e if e is not None else float("inf"), c.identity) for c in candidates for s, e in c.intervals)
    return [(a, b) for a, b in zip(spans, spans[1:]) if b[0] < a[1]]


def _wait_leader(candidates: List[Candidate], timeout: float) -> Candidate:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        leaders = [c for c in candidates if c.leading.is_set()]
        if leaders:
            assert len(leaders) == 1
            return leaders[0]
        time.sleep(0.01)
    raise AssertionError("no leader")


def test_two_electors_release_and_take_over(cs, namespace):
    candidates = [Candidate(cs, namespace, f"candidate-{i}", release_on_cancel=True) for i in range(2)]
    for c in candidates:
        c.thread.start()
    try:
        first = _wait_leader(candidates, 10)
        other = next(c for c in candidates if c is not first)
        time.sleep(2 * LEASE_DURATION)  # several renewals: leadership stays put
        assert first.leading.is_set() and not other.leading.is_set() and len(first.intervals) == 1
        assert other.elector.get_leader() == first.identity and not other.elector.is_leader()
        lease = cs.coordination_v1().leases(namespace).get(CTX, "contended", metav1.GetOptions())
        assert (lease.spec.holderIdentity, lease.spec.leaseDurationSeconds, lease.spec.leaseTransitions) == (
            first.identity,
            int(LEASE_DURATION),
            0,
        )

        released_at = time.monotonic()
        first.stop()
        assert _wait_leader([other], LEASE_DURATION) is other
        took_over = other.intervals[0][0] - released_at
        assert took_over < 1.0 + 2 * RETRY_PERIOD * leaderelection.JitterFactor, took_over
        lease = cs.coordination_v1().leases(namespace).get(CTX, "contended", metav1.GetOptions())
        # The release keeps the transition count; the take-over counts one.
        assert (lease.spec.holderIdentity, lease.spec.leaseTransitions) == (other.identity, 1)
    finally:
        for c in candidates:
            c.stop()
    assert _overlaps(candidates) == []


def test_leader_gone_without_release_is_replaced_after_the_lease(cs, namespace):
    """A leader stopped without release keeps the lease until it expires by the others' observation."""
    candidates = [Candidate(cs, namespace, f"c-{i}", release_on_cancel=False) for i in range(3)]
    for c in candidates:
        c.thread.start()
    try:
        first = _wait_leader(candidates, 10)
        rest = [c for c in candidates if c is not first]
        stopped_at = time.monotonic()
        first.stop()
        second = _wait_leader(rest, LEASE_DURATION + 5)
        gap = second.intervals[0][0] - stopped_at
        # Not before the lease (3 s, counted from the last renewal the others saw) and not much after.
        assert LEASE_DURATION - RETRY_PERIOD * 2 <= gap <= LEASE_DURATION + 3 * RETRY_PERIOD + 1.0, gap
        lease = cs.coordination_v1().leases(namespace).get(CTX, "contended", metav1.GetOptions())
        assert lease.spec.holderIdentity == second.identity and lease.spec.leaseTransitions == 1
    finally:
        for c in candidates:
            c.stop()
    assert _overlaps(candidates) == []
