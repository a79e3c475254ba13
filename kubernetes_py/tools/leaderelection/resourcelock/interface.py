"""The lock interface of leader election, its record, and the lock constructors (resourcelock/interface.go)."""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any, Mapping, Optional, Protocol, Tuple

from kubernetes_py._go import json as _gojson
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py import context

if TYPE_CHECKING:
    from .leaselock import LeasesGetter

__all__ = [
    "EventRecorder",
    "Interface",
    "LeaderElectionRecord",
    "LeaderElectionRecordAnnotationKey",
    "LeasesResourceLock",
    "ResourceLockConfig",
    "new",
    "new_from_kubeconfig",
    "new_with_labels",
]

LeaderElectionRecordAnnotationKey = "control-plane.alpha.kubernetes.io/leader"
LeasesResourceLock = "leases"
_endpointsResourceLock = "endpoints"
_configMapsResourceLock = "configmaps"
_endpointsLeasesResourceLock = "endpointsleases"
_configMapsLeasesResourceLock = "configmapsleases"


@dataclasses.dataclass
class LeaderElectionRecord:
    """What a lock holds: who leads, for how long, since when, and how many times leadership changed.

    Times are metav1.Time (the zero Time when unset). The lock's clients never compare these times with their own
    clock: a candidate measures a lease from the moment it observed the record change.
    """

    holder_identity: str = ""
    lease_duration_seconds: int = 0
    acquire_time: metav1.Time = dataclasses.field(default_factory=metav1.Time)
    renew_time: metav1.Time = dataclasses.field(default_factory=metav1.Time)
    leader_transitions: int = 0
    strategy: str = ""
    preferred_holder: str = ""

    def __post_init__(self) -> None:
        # metav1.Time messages are copied on assignment, as Go copies the struct.
        self.acquire_time = copy.copy(self.acquire_time)
        self.renew_time = copy.copy(self.renew_time)

    def __copy__(self) -> "LeaderElectionRecord":
        return dataclasses.replace(self)

    def marshal_json(self) -> bytes:
        """The record as Go's ``json.Marshal`` writes it (the raw record candidates compare)."""
        return _gojson.dumps(
            {
                "holderIdentity": self.holder_identity,
                "leaseDurationSeconds": self.lease_duration_seconds,
                "acquireTime": self.acquire_time.to_unstructured(),
                "renewTime": self.renew_time.to_unstructured(),
                "leaderTransitions": self.leader_transitions,
                "strategy": self.strategy,
                "preferredHolder": self.preferred_holder,
            }
        )


class EventRecorder(Protocol):
    """What a lock records its events with (tools.record's recorders are ones)."""

    def eventf(self, obj: Any, event_type: str, reason: str, message: str, *args: Any) -> None: ...


@dataclasses.dataclass
class ResourceLockConfig:
    """The candidate's identity, and the recorder for "became leader"/"stopped leading" events (optional)."""

    identity: str = ""
    event_recorder: Optional[EventRecorder] = None


class Interface(Protocol):
    """A lock leader election runs on (Go's resourcelock.Interface). ``get`` returns the record and its raw JSON
    and raises the API error (NotFound when there is no lock yet)."""

    def get(self, ctx: context.Context | None) -> Tuple[LeaderElectionRecord, bytes]: ...

    def create(self, ctx: context.Context | None, ler: LeaderElectionRecord) -> None: ...

    def update(self, ctx: context.Context | None, ler: LeaderElectionRecord) -> None: ...

    def record_event(self, s: str) -> None: ...

    def identity(self) -> str: ...

    def describe(self) -> str: ...


def _new(
    lock_type: str,
    ns: str,
    name: str,
    client: LeasesGetter,
    rlc: ResourceLockConfig,
    labels: Optional[Mapping[str, str]],
) -> Interface:
    """Go's newLock (the core client it is also given served only the removed lock types)."""
    from .leaselock import LeaseLock

    if lock_type == _endpointsResourceLock:
        raise ValueError(f"endpoints lock is removed, migrate to {LeasesResourceLock}")
    if lock_type == _configMapsResourceLock:
        raise ValueError(f"configmaps lock is removed, migrate to {LeasesResourceLock}")
    if lock_type == LeasesResourceLock:
        return LeaseLock(
            lease_meta=metav1.ObjectMeta(namespace=ns, name=name),
            client=client,
            lock_config=rlc,
            labels=dict(labels) if labels is not None else None,
        )
    if lock_type == _endpointsLeasesResourceLock:
        raise ValueError(f"endpointsleases lock is removed, migrate to {LeasesResourceLock}")
    if lock_type == _configMapsLeasesResourceLock:
        raise ValueError(f"configmapsleases lock is removed, migrated to {LeasesResourceLock}")
    raise ValueError(f"Invalid lock-type {lock_type}")


def new(
    lock_type: str, ns: str, name: str, core_client: Any, coordination_client: LeasesGetter, rlc: ResourceLockConfig
) -> Interface:
    """A lock of ``lock_type`` (only "leases" remains) on ``ns/name``; raises ValueError for any other type."""
    return _new(lock_type, ns, name, coordination_client, rlc, None)


def new_with_labels(
    lock_type: str,
    ns: str,
    name: str,
    core_client: Any,
    coordination_client: LeasesGetter,
    rlc: ResourceLockConfig,
    labels: Mapping[str, str],
) -> Interface:
    """Like new, with labels the lock puts on its Lease."""
    return _new(lock_type, ns, name, coordination_client, rlc, labels)


def new_from_kubeconfig(
    lock_type: str, ns: str, name: str, rlc: ResourceLockConfig, kubeconfig: Any, renew_deadline: float
) -> Interface:
    """A lock with a clientset of its own: requests time out after half the renew deadline (at least 1 s)."""
    from kubernetes_py import kubernetes, rest

    config = copy.copy(kubeconfig)
    config.timeout = max(renew_deadline / 2, 1.0)
    client = kubernetes.new_for_config_or_die(rest.add_user_agent(config, "leader-election"))
    return new(lock_type, ns, name, client.core_v1(), client.coordination_v1(), rlc)
