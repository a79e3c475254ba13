"""client-go's resourcelock/leaselock_test.go on the fake clientset, and resourcelock.new's errors."""

from __future__ import annotations

import json
import time

import pytest

from kubernetes_py import context
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools.leaderelection import resourcelock as rl

CTX = context.background()
TEST_NAMESPACE = "test-namespace"
TEST_NAME = "test-name"
TEST_IDENTITY = "test-identity"
TEST_TIME = metav1.now()


class MockRecorder:
    def __init__(self):
        self.events = []

    def eventf(self, obj, eventtype, reason, message_fmt, *args):
        self.events.append((obj, eventtype, reason, message_fmt % args))


@pytest.fixture
def lease_lock():
    client = fake.new_simple_clientset()
    return rl.LeaseLock(
        lease_meta=metav1.ObjectMeta(namespace=TEST_NAMESPACE, name=TEST_NAME),
        client=client.coordination_v1(),
        lock_config=rl.ResourceLockConfig(identity=TEST_IDENTITY),
    )


TEST_RECORD = rl.LeaderElectionRecord(
    holder_identity=TEST_IDENTITY,
    lease_duration_seconds=15,
    acquire_time=TEST_TIME,
    renew_time=TEST_TIME,
    leader_transitions=1,
    preferred_holder="preferred-holder",
    strategy="strategy",
)


def test_get_error(lease_lock):
    with pytest.raises(Exception) as err:
        lease_lock.get(CTX)
    assert errors.is_not_found(err.value)


def test_get(lease_lock):
    lease_lock.create(CTX, TEST_RECORD)
    record, raw = lease_lock.get(CTX)
    assert (
        record.holder_identity,
        record.lease_duration_seconds,
        record.leader_transitions,
        record.preferred_holder,
        record.strategy,
    ) == (TEST_IDENTITY, 15, 1, "preferred-holder", "strategy")
    assert json.loads(raw)["holderIdentity"] == TEST_IDENTITY
    # Go's json.Marshal of the record: fields in struct order, times as RFC 3339 seconds.
    assert raw == (
        b'{"holderIdentity":"test-identity","leaseDurationSeconds":15,"acquireTime":"'
        + TEST_TIME.to_unstructured().encode()
        + b'","renewTime":"'
        + TEST_TIME.to_unstructured().encode()
        + b'","leaderTransitions":1,"strategy":"strategy","preferredHolder":"preferred-holder"}'
    )


def test_record_event_success(lease_lock):
    recorder = MockRecorder()
    lease_lock.lock_config.event_recorder = recorder
    lease_lock.create(CTX, TEST_RECORD)
    lease_lock.record_event("test event")
    assert len(recorder.events) == 1
    subject, eventtype, reason, message = recorder.events[0]
    assert (eventtype, reason, message) == ("Normal", "LeaderElection", f"{TEST_IDENTITY} test event")
    assert (subject.kind, subject.apiVersion, subject.metadata.name) == ("Lease", "coordination.k8s.io/v1", TEST_NAME)


def test_record_event_nil_recorder(lease_lock):
    lease_lock.create(CTX, TEST_RECORD)
    lease_lock.lock_config.event_recorder = None
    lease_lock.record_event("should not panic")


def test_create_error(lease_lock):
    lease_lock.create(CTX, TEST_RECORD)
    with pytest.raises(Exception) as err:
        lease_lock.create(CTX, TEST_RECORD)
    assert errors.is_already_exists(err.value)


def test_update_error(lease_lock):
    with pytest.raises(RuntimeError) as err:
        lease_lock.update(CTX, TEST_RECORD)
    assert str(err.value) == "lease not initialized, call get or create first"


def test_describe(lease_lock):
    assert lease_lock.describe() == f"{TEST_NAMESPACE}/{TEST_NAME}"


def test_lease_conversion():
    spec = rl.leader_election_record_to_lease_spec(TEST_RECORD)
    assert (
        spec.holderIdentity,
        spec.leaseDurationSeconds,
        spec.leaseTransitions,
        spec.preferredHolder,
        spec.strategy,
    ) == (TEST_IDENTITY, 15, 1, "preferred-holder", "strategy")
    assert (spec.acquireTime.seconds, spec.acquireTime.nanos) == (TEST_TIME.seconds, TEST_TIME.nanos)
    assert (spec.renewTime.seconds, spec.renewTime.nanos) == (TEST_TIME.seconds, TEST_TIME.nanos)
    assert rl.lease_spec_to_leader_election_record(spec) == TEST_RECORD


def test_empty_preferred_holder_and_strategy_are_left_unset():
    spec = rl.leader_election_record_to_lease_spec(rl.LeaderElectionRecord(holder_identity="a"))
    assert not spec.HasField("preferredHolder") and not spec.HasField("strategy")
    assert spec.HasField("acquireTime") and spec.acquireTime.is_zero()


def test_update_with_nil_labels_on_lease(lease_lock):
    lease_lock.create(CTX, TEST_RECORD)
    lease_lock.get(CTX)
    lease_lock._lease.metadata.labels.clear()
    lease_lock.labels = {"custom-key": "custom-val"}
    lease_lock.update(CTX, TEST_RECORD)
    assert dict(lease_lock._lease.metadata.labels) == {"custom-key": "custom-val"}


def test_update_with_nil_labels_on_lease_lock(lease_lock):
    lease_lock.create(CTX, TEST_RECORD)
    lease_lock.get(CTX)
    lease_lock.labels = None
    lease_lock._lease.metadata.labels["custom-key"] = "custom-val"
    lease_lock.update(CTX, TEST_RECORD)
    assert dict(lease_lock._lease.metadata.labels) == {"custom-key": "custom-val"}


def test_label_update(lease_lock):
    lease_lock.labels = {"custom-key": "custom-val"}
    lease_lock.create(CTX, TEST_RECORD)
    lease_lock._lease.metadata.labels["custom-key"] = "new-custom-val"
    lease_lock._lease.metadata.labels["custom-key-2"] = "custom-val-2"
    lease = lease_lock.client.leases(TEST_NAMESPACE).update(CTX, lease_lock._lease, metav1.UpdateOptions())
    assert dict(lease.metadata.labels) == {"custom-key": "new-custom-val", "custom-key-2": "custom-val-2"}
    lease_lock.update(CTX, TEST_RECORD)
    lease = lease_lock.client.leases(TEST_NAMESPACE).get(CTX, TEST_NAME, metav1.GetOptions())
    assert dict(lease.metadata.labels) == {"custom-key": "custom-val", "custom-key-2": "custom-val-2"}


@pytest.mark.parametrize(
    "lock_type, message",
    [
        ("endpoints", "endpoints lock is removed, migrate to leases"),
        ("configmaps", "configmaps lock is removed, migrate to leases"),
        ("endpointsleases", "endpointsleases lock is removed, migrate to leases"),
        ("configmapsleases", "configmapsleases lock is removed, migrated to leases"),
        ("bogus", "Invalid lock-type bogus"),
    ],
)
def test_new_removed_and_invalid_lock_types(lock_type, message):
    client = fake.new_simple_clientset()
    with pytest.raises(ValueError) as err:
        rl.new(lock_type, "ns", "name", client.core_v1(), client.coordination_v1(), rl.ResourceLockConfig("id"))
    assert str(err.value) == message


def test_new_with_labels_creates_a_labelled_lease():
    client = fake.new_simple_clientset()
    lock = rl.new_with_labels(
        "leases", "ns", "name", client.core_v1(), client.coordination_v1(), rl.ResourceLockConfig("id"), {"a": "b"}
    )
    lock.create(CTX, rl.LeaderElectionRecord(holder_identity="id", lease_duration_seconds=int(time.time()) % 7))
    lease = client.coordination_v1().leases("ns").get(CTX, "name", metav1.GetOptions())
    assert dict(lease.metadata.labels) == {"a": "b"} and lease.spec.holderIdentity == "id"
