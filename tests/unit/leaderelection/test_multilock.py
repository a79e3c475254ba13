"""resourcelock.MultiLock (multilock.go): two Lease locks held together."""

from __future__ import annotations

import pytest

from kubernetes_py import context
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools.leaderelection import resourcelock as rl

CTX = context.background()


def _locks(identity="me"):
    client = fake.new_simple_clientset()
    cfg = rl.ResourceLockConfig(identity=identity)
    primary = rl.new("leases", "ns", "primary", client.core_v1(), client.coordination_v1(), cfg)
    secondary = rl.new("leases", "ns", "secondary", client.core_v1(), client.coordination_v1(), cfg)
    return client, rl.MultiLock(primary=primary, secondary=secondary)


def test_create_get_update_and_describe():
    client, ml = _locks()
    ml.create(CTX, rl.LeaderElectionRecord(holder_identity="me", lease_duration_seconds=10))
    record, raw = ml.get(CTX)
    assert record.holder_identity == "me"
    p_raw = ml.primary.get(CTX)[1]
    s_raw = ml.secondary.get(CTX)[1]
    assert raw == rl.concat_raw_record(p_raw, s_raw) == p_raw + b"," + s_raw
    ml.update(CTX, rl.LeaderElectionRecord(holder_identity="me", lease_duration_seconds=10, leader_transitions=3))
    for name in ("primary", "secondary"):
        lease = client.coordination_v1().leases("ns").get(CTX, name, metav1.GetOptions())
        assert lease.spec.leaseTransitions == 3
    assert (ml.describe(), ml.identity()) == ("ns/primary", "me")


def test_missing_secondary():
    client, ml = _locks()
    ml.primary.create(CTX, rl.LeaderElectionRecord(holder_identity="other"))
    record, raw = ml.get(CTX)  # held by someone else: the primary alone answers
    assert record.holder_identity == "other" and raw == ml.primary.get(CTX)[1]
    client2, mine = _locks()
    mine.primary.create(CTX, rl.LeaderElectionRecord(holder_identity="me"))
    with pytest.raises(Exception) as err:  # ours: the secondary must exist
        mine.get(CTX)
    assert errors.is_not_found(err.value)
    mine.update(CTX, rl.LeaderElectionRecord(holder_identity="me"))  # creates the secondary
    assert client2.coordination_v1().leases("ns").get(CTX, "secondary", metav1.GetOptions()).spec.holderIdentity == "me"


def test_holders_differ_is_unknown_leader_and_create_tolerates_existing_primary():
    client, ml = _locks()
    ml.primary.create(CTX, rl.LeaderElectionRecord(holder_identity="a"))
    ml.create(CTX, rl.LeaderElectionRecord(holder_identity="b"))  # primary exists: only the secondary is made
    record, raw = ml.get(CTX)
    assert record.holder_identity == rl.UnknownLeader
    assert raw.startswith(b'{"holderIdentity":"leaderelection.k8s.io/unknown"')


class _Recorder:
    def __init__(self):
        self.events = []

    def eventf(self, obj, eventtype, reason, fmt, *args):
        self.events.append(obj.metadata.name)


def test_record_event_on_both():
    client, ml = _locks()
    rec = _Recorder()
    ml.primary.lock_config.event_recorder = rec
    ml.secondary.lock_config.event_recorder = rec
    ml.create(CTX, rl.LeaderElectionRecord(holder_identity="me"))
    ml.record_event("became leader")
    assert rec.events == ["primary", "secondary"]
