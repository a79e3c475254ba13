"""k8s.io/client-go/tools/leaderelection/resourcelock: the locks leader election runs on.

Only the Lease lock remains, as in client-go: ``new("leases", ns, name, core_client, coordination_client,
ResourceLockConfig(identity=...))`` or ``LeaseLock(...)`` directly; MultiLock combines two locks.
"""

from .interface import (
    EventRecorder,
    Interface,
    LeaderElectionRecord,
    LeaderElectionRecordAnnotationKey,
    LeasesResourceLock,
    ResourceLockConfig,
    new,
    new_from_kubeconfig,
    new_with_labels,
)
from .leaselock import LeaseLock, leader_election_record_to_lease_spec, lease_spec_to_leader_election_record
from .multilock import MultiLock, UnknownLeader, concat_raw_record

__all__ = [
    "EventRecorder",
    "Interface",
    "LeaderElectionRecord",
    "LeaderElectionRecordAnnotationKey",
    "LeaseLock",
    "LeasesResourceLock",
    "MultiLock",
    "ResourceLockConfig",
    "UnknownLeader",
    "concat_raw_record",
    "leader_election_record_to_lease_spec",
    "lease_spec_to_leader_election_record",
    "new",
    "new_from_kubeconfig",
    "new_with_labels",
]
