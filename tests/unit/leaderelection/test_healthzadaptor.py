"""client-go's healthzadaptor_test.go: the leader election health check's edge cases."""

from __future__ import annotations

import time

import pytest

from kubernetes_py.tools import leaderelection
from kubernetes_py.tools.leaderelection import resourcelock as rl
from kubernetes_py.tools.leaderelection.leaderelection import LeaderElector
from kubernetes_py.utils.clock.testing import FakeClock


class FakeLock:
    def __init__(self, identity: str):
        self._identity = identity

    def get(self, ctx):
        return None, None

    def create(self, ctx, ler):
        pass

    def update(self, ctx, ler):
        pass

    def record_event(self, s):
        pass

    def identity(self):
        return self._identity

    def describe(self):
        return "Dummy implementation of lock for testing"


CURRENT = time.time()


def _elector(holder: str, clock_time: float) -> LeaderElector:
    config = leaderelection.LeaderElectionConfig(lock=FakeLock("healthTest"), lease_duration=60.0, name="foo")
    return LeaderElector(
        config=config,
        observed_record=rl.LeaderElectionRecord(holder_identity=holder),
        observed_time=CURRENT,
        clock=FakeClock(clock_time),
    )


@pytest.mark.parametrize(
    "elector, expected",
    [
        (None, None),
        (_elector("healthTest", CURRENT + 3600), "failed election to renew leadership on lease foo"),
        (_elector("otherServer", CURRENT + 3600), None),
        (_elector("healthTest", CURRENT), None),
        (_elector("healthTest", CURRENT + 61), None),
    ],
    ids=[
        "call check before leader elector initialized",
        "call check when the lease is far expired",
        "call check when the lease is far expired but held by another server",
        "call check when the lease is not expired",
        "call check when the lease is expired but inside the timeout",
    ],
)
def test_leader_election_health_checker(elector, expected):
    adaptor = leaderelection.new_leader_healthz_adaptor(20.0)
    assert adaptor.le is None
    assert adaptor.name() == "leaderElection"
    if elector is not None:
        elector.config.watch_dog = adaptor
        adaptor.set_leader_election(elector)
        assert adaptor.le is elector
    if expected is None:
        adaptor.check(None)
    else:
        with pytest.raises(Exception) as err:
            adaptor.check(None)
        assert str(err.value) == expected


def test_check_tolerates_exactly_the_lease_plus_timeout():
    """Go compares since(observed) > lease + tolerance: the boundary itself still passes."""
    le = _elector("healthTest", CURRENT + 80)
    le.check(20.0)
    le._clock.step(0.001)
    with pytest.raises(RuntimeError):
        le.check(20.0)
