"""Leader election on a lock (k8s.io/client-go/tools/leaderelection/leaderelection.go).

A candidate acquires the lock when it is free or its lease expired, renews it every retry period while it leads,
and stops leading when it cannot renew within the renew deadline. Invariants, as in client-go:

- Time is judged by the candidate's own clock only: a lease is held until ``lease_duration`` after the moment this
  candidate *observed* the current record (``observed_time``), never by the holder's timestamps, so clock skew
  between candidates does not matter. Candidates must agree on lease_duration, not on the time.
- ``lease_duration > renew_deadline > 1.2 * retry_period``: a leader gives up (its ``on_started_leading`` context
  is cancelled) before any other candidate may consider its lease expired.
- Every write is an update of the lock as last read or written (optimistic concurrency): of two candidates racing
  for the same record one gets a conflict, so at most one leads.
- The observed record, its time and raw form change together under one lock; is_leader/get_leader/check read them
  from any thread.

Threads: ``run(ctx)`` runs the acquire and renew loops in the calling thread; ``on_started_leading`` runs in a
thread "leader-elector <name> leading", each ``on_new_leader`` call in a thread "leader-elector <name> new-leader".
``run`` returns after ``on_stopped_leading`` and after joining those threads, so ``on_started_leading`` must return
once its context is cancelled.
"""

from __future__ import annotations

import functools
import copy
import dataclasses
import logging
import threading
from typing import Callable, Optional, Tuple, TypeVar

from kubernetes_py import context as _context
from kubernetes_py._go.time import nanoseconds
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools.internal import clocktime
from kubernetes_py.utils.clock import PassiveClock, RealClock

from . import resourcelock as rl
from .healthzadaptor import HealthzAdaptor
from .metrics import _global_metrics_factory, _LeaderMetricsAdapter

__all__ = [
    "JitterFactor",
    "LeaderCallbacks",
    "LeaderElectionConfig",
    "LeaderElector",
    "new_leader_elector",
    "run_or_die",
]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

JitterFactor = 1.2
"""The jitter of the retry period while acquiring (and the margin the validation keeps for it)."""


@dataclasses.dataclass
class LeaderCallbacks:
    """``on_started_leading(ctx)`` when leadership is won (ctx is cancelled when it is lost),
    ``on_stopped_leading()`` when run ends (leading or not), ``on_new_leader(identity)`` when the observed
    leader changes (optional)."""

    on_started_leading: Optional[Callable[[_context.Context], None]] = None
    on_stopped_leading: Optional[Callable[[], None]] = None
    on_new_leader: Optional[Callable[[str], None]] = None


@dataclasses.dataclass
class LeaderElectionConfig:
    """How a candidate contends (Go's LeaderElectionConfig); durations in seconds.

    ``lease_duration``: how long non-leaders wait after observing a renewal before taking over.
    ``renew_deadline``: how long the leader retries renewing before it gives up.
    ``retry_period``: the wait between attempts. ``watch_dog``: a HealthzAdaptor run_or_die wires up.
    ``release_on_cancel``: when ``run``'s context ends while leading, write an empty holder with a 1 s lease so
    the next candidate takes over at once (the caller must have stopped the led work first).
    ``name``: the lock's name in logs and metrics. ``coordinated``: coordinated leader election (the lease's
    holder is chosen by the API server; candidates only renew).
    """

    lock: Optional[rl.Interface] = None
    lease_duration: float = 0.0
    renew_deadline: float = 0.0
    retry_period: float = 0.0
    callbacks: LeaderCallbacks = dataclasses.field(default_factory=LeaderCallbacks)
    watch_dog: Optional[HealthzAdaptor] = None
    release_on_cancel: bool = False
    name: str = ""
    coordinated: bool = False


def new_leader_elector(lec: LeaderElectionConfig) -> "LeaderElector":
    """A LeaderElector for ``lec``; raises ValueError with client-go's message when the config is invalid."""
    if nanoseconds(lec.lease_duration) <= nanoseconds(lec.renew_deadline):
        raise ValueError("leaseDuration must be greater than renewDeadline")
    if nanoseconds(lec.renew_deadline) <= int(JitterFactor * float(nanoseconds(lec.retry_period))):
        raise ValueError("renewDeadline must be greater than retryPeriod*JitterFactor")
    if nanoseconds(lec.lease_duration) < 1:
        raise ValueError("leaseDuration must be greater than zero")
    if nanoseconds(lec.renew_deadline) < 1:
        raise ValueError("renewDeadline must be greater than zero")
    if nanoseconds(lec.retry_period) < 1:
        raise ValueError("retryPeriod must be greater than zero")
    if lec.callbacks.on_started_leading is None:
        raise ValueError("OnStartedLeading callback must not be nil")
    if lec.callbacks.on_stopped_leading is None:
        raise ValueError("OnStoppedLeading callback must not be nil")
    if lec.lock is None:
        raise ValueError("Lock must not be nil.")
    if lec.lock.identity() == "":
        raise ValueError("Lock identity is empty")
    le = LeaderElector(config=lec)
    le._metrics.leader_off(lec.name)
    return le


def run_or_die(ctx: Optional[_context.Context], lec: LeaderElectionConfig) -> None:
    """Build an elector (raising on an invalid config), wire its watch dog, and run it until ``ctx`` ends."""
    le = new_leader_elector(lec)
    if lec.watch_dog is not None:
        lec.watch_dog.set_leader_election(le)
    le.run(ctx)


class LeaderElector:
    """One candidate. Build it with new_leader_elector (the constructor does no validation)."""

    def __init__(
        self,
        config: LeaderElectionConfig,
        observed_record: Optional[rl.LeaderElectionRecord] = None,
        observed_raw_record: bytes = b"",
        observed_time: Optional[float] = None,
        clock: Optional[PassiveClock] = None,
        metrics: Optional[_LeaderMetricsAdapter] = None,
    ):
        self.config = config
        # observed_time is a reading of self.clock; None is Go's zero time (long ago).
        self._observed_record = copy.copy(observed_record) if observed_record else rl.LeaderElectionRecord()
        self._observed_raw_record = observed_raw_record
        self._observed_time = observed_time
        self._reported_leader = ""
        self._clock: PassiveClock = clock if clock is not None else RealClock()
        self._observed_record_lock = threading.Lock()
        self._metrics = metrics if metrics is not None else _global_metrics_factory.new_leader_metrics()
        self._threads = wait.Group()

    @property
    def _lock(self) -> rl.Interface:
        """The lock; new_leader_elector made sure there is one (Go dereferences it unchecked)."""
        lock = self.config.lock
        if lock is None:
            raise ValueError("Lock must not be nil.")
        return lock

    # -- public ------------------------------------------------------------------------------------------------

    def run(self, ctx: Optional[_context.Context]) -> None:
        """Acquire the lock, run on_started_leading, renew until renewal fails or ``ctx`` ends; then
        on_stopped_leading (also when the lock was never acquired). Blocks until all of that is done."""
        ctx = ctx if ctx is not None else _context.background()
        try:
            with utilruntime.handle_crash_with_context(ctx):
                if not self._acquire(ctx):
                    return  # ctx ended
                leading_ctx, cancel = _context.with_cancel(ctx)
                try:
                    on_started_leading = self.config.callbacks.on_started_leading
                    if on_started_leading is not None:
                        self._go("leading", on_started_leading, leading_ctx)
                    self._renew(leading_ctx)
                finally:
                    cancel()
        finally:
            try:
                on_stopped_leading = self.config.callbacks.on_stopped_leading
                if on_stopped_leading is not None:
                    on_stopped_leading()
            finally:
                self._join_threads()

    def get_leader(self) -> str:
        """The identity of the leader as last observed ("" if none)."""
        return self._get_observed_record().holder_identity

    def is_leader(self) -> bool:
        """Whether the last observed record names this candidate."""
        return self._get_observed_record().holder_identity == self._lock.identity()

    def check(self, max_tolerable_expired_lease: float) -> None:
        """Raise when this candidate leads but has not observed its renewal for longer than the lease duration
        plus ``max_tolerable_expired_lease`` (the HealthzAdaptor's check)."""
        if not self.is_leader():
            return
        with self._observed_record_lock:
            last_observation = self._observed_time
            lease_duration = self.config.lease_duration
        if (
            last_observation is None
            or self._clock.since(last_observation) > lease_duration + max_tolerable_expired_lease
        ):
            raise RuntimeError(f"failed election to renew leadership on lease {self.config.name}")

    # -- threads ---------------------------------------------------------------------------------------------------

    def _thread_name(self, role: str) -> str:
        return f"leader-elector {self.config.name or self._lock.describe()} {role}"

    def _go(self, role: str, fn: Callable[[_T], None], arg: _T) -> None:
        self._threads.start(functools.partial(fn, arg), name=self._thread_name(role))

    def _join_threads(self) -> None:
        self._threads.wait()

    # -- the loops -------------------------------------------------------------------------------------------------

    def _acquire(self, ctx: _context.Context) -> bool:
        """Try every retry period (jittered) until the lock is ours (True) or ``ctx`` ends (False)."""
        acquire_ctx, cancel = _context.with_cancel(ctx)
        succeeded = False
        desc = self._lock.describe()
        _log.info("Attempting to acquire leader lease... lock=%s", desc)

        def attempt(c: _context.Context) -> None:
            nonlocal succeeded
            if not self.config.coordinated:
                succeeded = self._try_acquire_or_renew(c)
            else:
                succeeded = self._try_coordinated_renew(c)
            self._maybe_report_transition()
            if not succeeded:
                _log.debug("Failed to acquire lease lock=%s", desc)
                return
            self._lock.record_event("became leader")
            self._metrics.leader_on(self.config.name)
            _log.info("Successfully acquired lease lock=%s", desc)
            cancel()

        try:
            wait.jitter_until_with_context(acquire_ctx, attempt, self.config.retry_period, JitterFactor, True)
        finally:
            cancel()
        return succeeded

    def _renew(self, ctx: _context.Context) -> None:
        """Renew every retry period until a renewal fails for renew_deadline or ``ctx`` ends; then cancel
        ``ctx``'s leadership and, with release_on_cancel, release the lock."""
        renew_ctx, cancel = _context.with_cancel(ctx)
        try:

            def renew_once(c: _context.Context) -> None:
                def condition(pc: _context.Context) -> bool:
                    err = pc.err()
                    if err is not None:
                        raise err
                    if not self.config.coordinated:
                        return self._try_acquire_or_renew(pc)
                    return self._try_coordinated_renew(pc)

                err: Optional[BaseException] = None
                try:
                    wait.poll_until_context_timeout(
                        c, self.config.retry_period, self.config.renew_deadline, True, condition
                    )
                except Exception as e:  # noqa: BLE001 - Go's err != nil: a timeout, a cancellation
                    err = e
                self._maybe_report_transition()
                desc = self._lock.describe()
                if err is None:
                    _log.debug("Successfully renewed lease lock=%s", desc)
                    return
                self._metrics.leader_off(self.config.name)
                _log.info("Failed to renew lease lock=%s err=%s", desc, err)
                cancel()

            wait.until_with_context(renew_ctx, renew_once, self.config.retry_period)
            if self.config.release_on_cancel:
                self._release()
        finally:
            cancel()
            self._lock.record_event("stopped leading")

    def _release(self, logger: Optional[logging.Logger] = None) -> bool:
        """Write a record with no holder and a 1 s lease, if this candidate still holds the lock; bounded by
        the renew deadline. Logs to ``logger`` (Go's release(logger)), this module's logger by default."""
        timeout_ctx, cancel = _context.with_timeout(_context.background(), self.config.renew_deadline)
        try:
            return self._try_release(timeout_ctx, logger if logger is not None else _log)
        finally:
            cancel()

    def _try_release(self, ctx: _context.Context, logger: logging.Logger) -> bool:
        while True:
            got, not_found = self._get(ctx, "error retrieving resource lock", logger)
            if got is None:
                if not_found is not None:
                    logger.info("lease lock not found lock=%s", self._lock.describe())
                return False
            old_record = got[0]
            if not self.is_leader():
                return True
            now = clocktime.to_time(self._clock, self._clock.now())
            record = rl.LeaderElectionRecord(
                leader_transitions=old_record.leader_transitions,
                lease_duration_seconds=1,
                renew_time=now,
                acquire_time=now,
            )
            try:
                self._lock.update(ctx, record)
            except Exception as err:  # noqa: BLE001
                if errors.is_conflict(err):
                    logger.debug("Conflict when releasing lease, retrying lock=%s", self._lock.describe())
                    continue
                logger.error("Failed to release lease lock=%s err=%s", self._lock.describe(), err)
                return False
            self._set_observed_record(record)
            return True

    def _get(
        self, ctx: _context.Context, error_msg: str, logger: logging.Logger = _log
    ) -> Tuple[Optional[Tuple[rl.LeaderElectionRecord, bytes]], Optional[Exception]]:
        """The lock's record and raw form, or (None, the NotFound error) when there is no lock yet, or (None, None)
        after logging any other error as ``error_msg``."""
        try:
            return self._lock.get(ctx), None
        except Exception as err:  # noqa: BLE001
            if errors.is_not_found(err):
                return None, err
            logger.error("%s lock=%s err=%s", error_msg, self._lock.describe(), err)
            return None, None

    def _new_record(self, now_time: metav1.Time) -> rl.LeaderElectionRecord:
        return rl.LeaderElectionRecord(
            holder_identity=self._lock.identity(),
            lease_duration_seconds=nanoseconds(self.config.lease_duration) // 1_000_000_000,
            renew_time=now_time,
            acquire_time=now_time,
        )

    def _try_coordinated_renew(self, ctx: _context.Context) -> bool:
        """Coordinated election: renew only a lease the server made ours and has not marked end of term."""
        now = self._clock.now()
        record = self._new_record(clocktime.to_time(self._clock, now))
        got, not_found = self._get(ctx, "Error retrieving lease lock")
        if got is None:
            if not_found is not None:
                _log.info("Lease lock not found lock=%s err=%s", self._lock.describe(), not_found)
            return False
        old_record, old_raw = got
        self._observe_raw(old_record, old_raw)
        with self._observed_record_lock:
            obs_time = self._observed_time
        if obs_time is None or obs_time + old_record.lease_duration_seconds < now:
            _log.info("Lease has expired lock=%s", self._lock.describe())
            return False
        if not self.is_leader():
            _log.debug(
                "Lease is held and has not yet expired lock=%s holder=%s",
                self._lock.describe(),
                old_record.holder_identity,
            )
            return False
        if old_record.preferred_holder != "":
            _log.debug("Lease is marked as 'end of term' lock=%s", self._lock.describe())
            return False
        record.acquire_time = old_record.acquire_time
        record.leader_transitions = old_record.leader_transitions
        record.strategy = old_record.strategy
        self._metrics.slowpath_exercised(self.config.name)
        return self._update(ctx, record, "Failed to update lock")

    def _update(
        self, ctx: _context.Context, record: rl.LeaderElectionRecord, failure: str, level: int = logging.ERROR
    ) -> bool:
        """Write ``record`` to the lock and observe it; False, logging ``failure`` at ``level``, when it fails."""
        try:
            self._lock.update(ctx, record)
        except Exception as err:  # noqa: BLE001
            _log.log(level, "%s lock=%s err=%s", failure, self._lock.describe(), err)
            return False
        self._set_observed_record(record)
        return True

    def _try_acquire_or_renew(self, ctx: _context.Context) -> bool:
        """One attempt: renew our valid lease by a blind update (fast path); else read the lock, create it if
        missing, and take it if it is free, expired by our observation, or ours. True if we hold it now."""
        now = self._clock.now()
        record = self._new_record(clocktime.to_time(self._clock, now))

        if self.is_leader() and self._is_lease_valid(now):
            old_observed = self._get_observed_record()
            record.acquire_time = old_observed.acquire_time
            record.leader_transitions = old_observed.leader_transitions
            if self._update(
                ctx, record, "Failed to update lease optimistically, falling back to slow path", logging.DEBUG
            ):
                return True

        got, not_found = self._get(ctx, "Error retrieving lease lock")
        if got is None:
            if not_found is None:
                return False
            try:
                self._lock.create(ctx, record)
            except Exception as create_err:  # noqa: BLE001
                _log.error("Error initially creating lease lock lock=%s err=%s", self._lock.describe(), create_err)
                return False
            self._set_observed_record(record)
            return True

        old_record, old_raw = got
        self._observe_raw(old_record, old_raw)
        if old_record.holder_identity and self._is_lease_valid(now) and not self.is_leader():
            _log.debug(
                "Lease is held by %s and has not yet expired lock=%s",
                old_record.holder_identity,
                self._lock.describe(),
            )
            return False

        if self.is_leader():
            record.acquire_time = old_record.acquire_time
            record.leader_transitions = old_record.leader_transitions
            self._metrics.slowpath_exercised(self.config.name)
        else:
            record.leader_transitions = old_record.leader_transitions + 1
        return self._update(ctx, record, "Failed to update lease")

    # -- the observed record -----------------------------------------------------------------------------------

    def _observe_raw(self, record: rl.LeaderElectionRecord, raw: bytes) -> None:
        """A record that differs from the last one seen restarts the lease's clock (observed time)."""
        with self._observed_record_lock:
            if self._observed_raw_record == raw:
                return
            self._observed_record = copy.copy(record)
            self._observed_time = self._clock.now()
            self._observed_raw_record = raw

    def _maybe_report_transition(self) -> None:
        with self._observed_record_lock:
            holder = self._observed_record.holder_identity
            if holder == self._reported_leader:
                return
            self._reported_leader = holder
        if self.config.callbacks.on_new_leader is not None:
            self._go("new-leader", self.config.callbacks.on_new_leader, holder)

    def _is_lease_valid(self, now: float) -> bool:
        with self._observed_record_lock:
            if self._observed_time is None:
                return False
            return self._observed_time + self._observed_record.lease_duration_seconds > now

    def _set_observed_record(self, observed_record: rl.LeaderElectionRecord) -> None:
        with self._observed_record_lock:
            self._observed_record = copy.copy(observed_record)
            self._observed_time = self._clock.now()

    def _get_observed_record(self) -> rl.LeaderElectionRecord:
        with self._observed_record_lock:
            return copy.copy(self._observed_record)
