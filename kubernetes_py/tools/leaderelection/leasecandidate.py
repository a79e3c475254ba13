"""LeaseCandidate: a candidate of coordinated leader election (leaderelection/leasecandidate.go).

The candidate keeps a coordination.k8s.io/v1beta1 LeaseCandidate named after itself, stating the lease it wants,
its binary and emulation versions and the strategy; the API server's coordinated leader election picks the holder
from the candidates. The candidate creates the object, renews it every 5 minutes, and at once whenever the server
pings it (pingTime after renewTime).

Threads: ``run(ctx)`` starts an informer on the candidate's own object (the factory's "informer ..." thread) and
one worker ("leasecandidate worker"); it returns when ``ctx`` ends, after shutting the queue down and joining both.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Dict, Optional, Protocol, Tuple

from kubernetes_py import context as _context
from kubernetes_py.api.coordination import v1beta1 as coordinationv1beta1
from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.tools import cache
from kubernetes_py.tools.internal import clocktime
from kubernetes_py.util import workqueue
from kubernetes_py.utils.clock import RealClock

__all__ = ["CacheSyncWaiter", "LeaseCandidate", "new_candidate"]

_log = logging.getLogger(__name__)

requeueInterval = 5 * 60.0


class CacheSyncWaiter(Protocol):
    def wait_for_cache_sync(self, stop: Any) -> Dict[type, bool]: ...


class LeaseCandidate:
    """Build it with new_candidate."""

    def __init__(
        self,
        lease_client: Any,
        informer: Any,
        lister: Any,
        factory: Any,
        name: str,
        namespace: str,
        lease_name: str,
        binary_version: str,
        emulation_version: str,
        strategy: str,
    ):
        self._lease_client = lease_client
        self._lease_candidate_informer = informer
        self._lease_candidate_lister = lister
        self._informer_factory = factory
        self._has_synced: Optional[cache.InformerSynced] = None  # new_candidate sets it
        self._queue = workqueue.new_typed_rate_limiting_queue_with_config(
            workqueue.default_typed_controller_rate_limiter(),
            workqueue.TypedRateLimitingQueueConfig(name="leasecandidate"),
        )
        self.name = name
        self.namespace = namespace
        self.lease_name = lease_name
        self._clock = RealClock()
        self.binary_version = binary_version
        self.emulation_version = emulation_version
        self.strategy = strategy

    def _synced(self) -> bool:
        return self._has_synced is not None and self._has_synced()

    def run(self, ctx: _context.Context) -> None:
        """Keep the LeaseCandidate until ``ctx`` ends."""
        worker = None
        try:
            self._informer_factory.start(ctx)
            if not cache.wait_for_named_cache_sync_with_context(ctx, self._synced):
                return
            self._enqueue_lease()
            worker = threading.Thread(target=self._run_worker, args=(ctx,), name="leasecandidate worker", daemon=True)
            worker.start()
            ctx.done().wait()
        finally:
            self._queue.shut_down()
            if worker is not None:
                worker.join()
            self._informer_factory.shutdown()

    def _run_worker(self, ctx: _context.Context) -> None:
        while self._process_next_work_item(ctx):
            pass

    def _process_next_work_item(self, ctx: _context.Context) -> bool:
        key, shutdown = self._queue.get()
        if shutdown:
            return False
        try:
            try:
                self._ensure_lease(ctx)
            except Exception as err:  # noqa: BLE001
                utilruntime.handle_error_with_context(ctx, err, "Ensuring lease failed")
                self._queue.add_rate_limited(key)
            else:
                self._queue.add_after(key, requeueInterval)
        finally:
            self._queue.done(key)
        return True

    def _enqueue_lease(self) -> None:
        self._queue.add(0)

    def _ensure_lease(self, ctx: _context.Context) -> None:
        """Create the LeaseCandidate, or renew it (renewTime now)."""
        try:
            lease = self._lease_candidate_lister.lease_candidates(self.namespace).get(self.name)
        except Exception as err:  # noqa: BLE001
            if not errors.is_not_found(err):
                raise
            _log.debug("Creating lease candidate")
            self._lease_client.create(ctx, self._new_lease_candidate(), metav1.CreateOptions())
            _log.debug("Created lease candidate")
            return
        _log.debug("Lease candidate exists. Renewing.")
        clone = lease.deep_copy()
        clone.spec.renewTime = clocktime.to_micro_time(self._clock, self._clock.now())
        self._lease_client.update(ctx, clone, metav1.UpdateOptions())

    def _new_lease_candidate(self) -> Any:
        lc = coordinationv1beta1.LeaseCandidate(
            metadata=metav1.ObjectMeta(name=self.name, namespace=self.namespace),
            spec=coordinationv1beta1.LeaseCandidateSpec(
                leaseName=self.lease_name,
                binaryVersion=self.binary_version,
                emulationVersion=self.emulation_version,
                strategy=self.strategy,
            ),
        )
        lc.spec.renewTime = clocktime.to_micro_time(self._clock, self._clock.now())
        return lc


def new_candidate(
    clientset: Any,
    candidate_namespace: str,
    candidate_name: str,
    target_lease: str,
    binary_version: str,
    emulation_version: str,
    strategy: str,
) -> Tuple[LeaseCandidate, CacheSyncWaiter]:
    """A candidate for ``target_lease`` and the informer factory to wait on; run(ctx) it."""
    from kubernetes_py import informers  # the generated informers take a third of a second to import

    field_selector = str(fields.one_term_equal_selector("metadata.name", candidate_name))

    def tweak(options: Any) -> None:
        options.fieldSelector = field_selector

    factory = informers.new_shared_informer_factory_with_options(
        clientset, 5 * 60.0, informers.with_namespace(candidate_namespace), informers.with_tweak_list_options(tweak)
    )
    lease_candidates = factory.coordination().v1beta1().lease_candidates()
    informer = lease_candidates.informer()
    lc = LeaseCandidate(
        clientset.coordination_v1beta1().lease_candidates(candidate_namespace),
        informer,
        lease_candidates.lister(),
        factory,
        candidate_name,
        candidate_namespace,
        target_lease,
        binary_version,
        emulation_version,
        strategy,
    )

    def on_update(old_obj: Any, new_obj: Any) -> None:
        if isinstance(new_obj, coordinationv1beta1.LeaseCandidate):
            spec = new_obj.spec
            if spec.HasField("pingTime") and spec.pingTime.after(spec.renewTime):
                lc._enqueue_lease()

    registration = informer.add_event_handler(cache.ResourceEventHandlerFuncs(update_func=on_update))
    lc._has_synced = registration.has_synced
    return lc, factory
