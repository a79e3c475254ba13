"""k8s.io/client-go/tools/leaderelection: one active replica among candidates contending for a lock.

    lock = resourcelock.new(resourcelock.LeasesResourceLock, "kube-system", "my-controller",
                            clientset.core_v1(), clientset.coordination_v1(),
                            resourcelock.ResourceLockConfig(identity=hostname))
    leaderelection.run_or_die(ctx, leaderelection.LeaderElectionConfig(
        lock=lock, lease_duration=15, renew_deadline=10, retry_period=2, release_on_cancel=True,
        callbacks=leaderelection.LeaderCallbacks(on_started_leading=run_controllers,
                                                 on_stopped_leading=lambda: sys.exit(1))))

See leaderelection.py for the rules the elector keeps and its threads.
"""

from . import resourcelock
from .healthzadaptor import HealthzAdaptor, new_leader_healthz_adaptor
from .leaderelection import (
    JitterFactor,
    LeaderCallbacks,
    LeaderElectionConfig,
    LeaderElector,
    new_leader_elector,
    run_or_die,
)
from .leasecandidate import CacheSyncWaiter, LeaseCandidate, new_candidate
from .metrics import LeaderMetric, MetricsProvider, set_provider

__all__ = [
    "CacheSyncWaiter",
    "HealthzAdaptor",
    "JitterFactor",
    "LeaderCallbacks",
    "LeaderElectionConfig",
    "LeaderElector",
    "LeaderMetric",
    "LeaseCandidate",
    "MetricsProvider",
    "new_candidate",
    "new_leader_elector",
    "new_leader_healthz_adaptor",
    "resourcelock",
    "run_or_die",
    "set_provider",
]
