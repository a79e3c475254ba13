"""LeaseLock: leader election on a coordination.k8s.io/v1 Lease (resourcelock/leaselock.go)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Dict, Optional, Protocol, Tuple, TypeVar

from kubernetes_py.api.coordination import v1 as coordinationv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

from .interface import LeaderElectionRecord, ResourceLockConfig
from kubernetes_py import context

if TYPE_CHECKING:
    from kubernetes_py.kubernetes.typed.coordination.v1 import LeaseInterface

__all__ = ["LeaseLock", "lease_spec_to_leader_election_record", "leader_election_record_to_lease_spec"]


class LeasesGetter(Protocol):
    """What a LeaseLock writes through (Go's coordinationv1client.LeasesGetter: the coordination/v1 client)."""

    def leases(self, namespace: str) -> LeaseInterface: ...


@dataclasses.dataclass
class LeaseLock:
    """A lock on the Lease ``lease_meta.namespace/lease_meta.name``, through ``client`` (a LeasesGetter: the
    coordination/v1 client). It keeps the Lease it last read or wrote, and updates that one (so an update based
    on a stale read fails with a conflict). Not safe for concurrent use: one elector drives it."""

    lease_meta: metav1.ObjectMeta = dataclasses.field(default_factory=metav1.ObjectMeta)
    client: Optional[LeasesGetter] = None
    lock_config: ResourceLockConfig = dataclasses.field(default_factory=ResourceLockConfig)
    labels: Optional[Dict[str, str]] = None
    _lease: Optional[coordinationv1.Lease] = dataclasses.field(default=None, repr=False)

    def _leases(self) -> LeaseInterface:
        if self.client is None:  # Go dereferences the nil client
            raise ValueError("LeaseLock has no client")
        return self.client.leases(self.lease_meta.namespace)

    def get(self, ctx: context.Context | None) -> Tuple[LeaderElectionRecord, bytes]:
        """The record in the Lease and its raw JSON; raises the API error (NotFound if there is no Lease)."""
        lease = self._leases().get(ctx, self.lease_meta.name, metav1.GetOptions())
        self._lease = lease
        record = lease_spec_to_leader_election_record(lease.spec)
        return record, record.marshal_json()

    def create(self, ctx: context.Context | None, ler: LeaderElectionRecord) -> None:
        """Create the Lease holding ``ler`` (with the lock's labels)."""
        lease = coordinationv1.Lease(
            metadata=metav1.ObjectMeta(
                name=self.lease_meta.name, namespace=self.lease_meta.namespace, labels=self.labels or {}
            ),
            spec=leader_election_record_to_lease_spec(ler),
        )
        self._lease = self._leases().create(ctx, lease, metav1.CreateOptions())

    def update(self, ctx: context.Context | None, ler: LeaderElectionRecord) -> None:
        """Write ``ler`` into the Lease last read or written (adding the lock's labels)."""
        if self._lease is None:
            raise RuntimeError("lease not initialized, call get or create first")
        self._lease.spec = leader_election_record_to_lease_spec(ler)
        if self.labels is not None:
            for k, v in self.labels.items():
                self._lease.metadata.labels[k] = v
        self._lease = self._leases().update(ctx, self._lease, metav1.UpdateOptions())

    def record_event(self, s: str) -> None:
        """Record "<identity> <s>" as a Normal LeaderElection event on the Lease, if there is a recorder."""
        recorder = self.lock_config.event_recorder
        if recorder is None:
            return
        events = f"{self.lock_config.identity} {s}"
        meta = self._lease.metadata if self._lease is not None else metav1.ObjectMeta()
        subject = coordinationv1.Lease(metadata=meta, kind="Lease", apiVersion=str(coordinationv1.SchemeGroupVersion))
        recorder.eventf(subject, corev1.EventTypeNormal, "LeaderElection", "%s", events)

    def describe(self) -> str:
        return f"{self.lease_meta.namespace}/{self.lease_meta.name}"

    def identity(self) -> str:
        return self.lock_config.identity


def lease_spec_to_leader_election_record(spec: coordinationv1.LeaseSpec) -> LeaderElectionRecord:
    """The record a LeaseSpec holds (unset fields are zero values)."""
    r = LeaderElectionRecord()
    if spec.HasField("holderIdentity"):
        r.holder_identity = spec.holderIdentity
    if spec.HasField("leaseDurationSeconds"):
        r.lease_duration_seconds = spec.leaseDurationSeconds
    if spec.HasField("leaseTransitions"):
        r.leader_transitions = spec.leaseTransitions
    if spec.HasField("acquireTime"):
        r.acquire_time = _convert_time(spec.acquireTime, metav1.Time)
    if spec.HasField("renewTime"):
        r.renew_time = _convert_time(spec.renewTime, metav1.Time)
    if spec.HasField("preferredHolder"):
        r.preferred_holder = spec.preferredHolder
    if spec.HasField("strategy"):
        r.strategy = spec.strategy
    return r


_T = TypeVar("_T", metav1.Time, metav1.MicroTime)


def _convert_time(t: metav1.Time | metav1.MicroTime, cls: type[_T]) -> _T:
    """The same instant as a metav1.Time or MicroTime (the zero time stays the zero time)."""
    if t.is_zero():
        return cls()
    return cls(seconds=t.seconds, nanos=t.nanos)


def _int32(v: int) -> int:
    return (v + 2**31) % 2**32 - 2**31


def leader_election_record_to_lease_spec(ler: LeaderElectionRecord) -> coordinationv1.LeaseSpec:
    """The LeaseSpec of a record (holder, duration, times and transitions always set; preferredHolder and
    strategy only when not empty)."""
    spec = coordinationv1.LeaseSpec(
        holderIdentity=ler.holder_identity,
        leaseDurationSeconds=_int32(ler.lease_duration_seconds),
        acquireTime=_convert_time(ler.acquire_time, metav1.MicroTime),
        renewTime=_convert_time(ler.renew_time, metav1.MicroTime),
        leaseTransitions=_int32(ler.leader_transitions),
    )
    if ler.preferred_holder != "":
        spec.preferredHolder = ler.preferred_holder
    if ler.strategy != "":
        spec.strategy = ler.strategy
    return spec
