"""client-go's leaderelection_test.go: the acquire/renew/release tables on a LeaseLock over the fake clientset
with reactors, release on cancel, the fast path, validation, and check under load."""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable, List, Optional

import pytest

from kubernetes_py import context
from kubernetes_py.api.coordination import v1 as coordinationv1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import leaderelection, record
from kubernetes_py.tools.leaderelection import resourcelock as rl
from kubernetes_py.tools.leaderelection.leaderelection import LeaderElector
from kubernetes_py.utils.clock import RealClock
from kubernetes_py.utils.clock.testing import FakeClock

OBJECT_TYPE = "leases"
CTX = context.background()


def create_lock_object(namespace: str, name: str, record_: Optional[rl.LeaderElectionRecord]):
    spec = rl.leader_election_record_to_lease_spec(record_) if record_ is not None else coordinationv1.LeaseSpec()
    return coordinationv1.Lease(metadata=metav1.ObjectMeta(namespace=namespace, name=name), spec=spec)


def _not_found(action):
    return True, None, errors.new_not_found(action.get_resource().group_resource(), action.get_name())


def _get(record_: Optional[rl.LeaderElectionRecord]):
    return lambda action: (True, create_lock_object(action.get_namespace(), action.get_name(), record_), None)


def _echo(action):
    return True, action.get_object(), None


def _clientset(reactors, unreachable: List[str]):
    c = fake.Clientset()
    for verb, reaction in reactors:
        c.add_reactor(verb, OBJECT_TYPE, reaction)

    def unexpected(action):
        unreachable.append(f"{action.get_verb()} {action.get_resource().resource}")
        return True, None, RuntimeError("unreachable action")

    c.add_reactor("*", "*", unexpected)
    return c


def _lease_lock(c, recorder=None) -> rl.LeaseLock:
    return rl.LeaseLock(
        lease_meta=metav1.ObjectMeta(namespace="foo", name="bar"),
        client=c.coordination_v1(),
        lock_config=rl.ResourceLockConfig(identity="baz", event_recorder=recorder),
    )


def assert_equal_events(expected: List[str], recorder: record.FakeRecorder) -> None:
    got = []
    for _ in expected:
        try:
            value, _ok = recorder.events.recv(timeout=5.0)
        except TimeoutError:
            break
        got.append(value)
    while True:
        try:
            got.append(recorder.events.recv(timeout=0)[0])
        except TimeoutError:
            break
    assert got == expected


class _Reported:
    """on_new_leader runs in a thread: wait for its call."""

    def __init__(self):
        self.leader: Optional[str] = None
        self.called = threading.Event()

    def __call__(self, identity: str) -> None:
        self.leader = identity
        self.called.set()

    def wait(self) -> Optional[str]:
        assert self.called.wait(5.0), "on_new_leader was not called"
        self.called.clear()
        return self.leader


FUTURE = 1000 * 3600.0  # observed times, relative to the clock's now
PAST = -1000 * 3600.0

TRY_ACQUIRE_OR_RENEW_CASES = [
    dict(
        name="acquire from no object",
        reactors=[("get", _not_found), ("create", _echo)],
        expect_success=True,
        out_holder="baz",
    ),
    dict(
        name="acquire from object without annotations",
        reactors=[("get", _get(None)), ("update", _echo)],
        expect_success=True,
        transition_leader=True,
        out_holder="baz",
    ),
    dict(
        name="acquire from led object with the lease duration seconds",
        reactors=[
            ("get", _get(rl.LeaderElectionRecord(holder_identity="bing", lease_duration_seconds=3))),
            ("get", _get(rl.LeaderElectionRecord(holder_identity="bing", lease_duration_seconds=3))),
            ("update", _echo),
        ],
        retry_after=3.0,
        expect_success=True,
        transition_leader=True,
        out_holder="baz",
    ),
    dict(
        name="acquire from unled object",
        reactors=[("get", _get(rl.LeaderElectionRecord())), ("update", _echo)],
        expect_success=True,
        transition_leader=True,
        out_holder="baz",
    ),
    dict(
        name="acquire from led, unacked object",
        reactors=[("get", _get(rl.LeaderElectionRecord(holder_identity="bing"))), ("update", _echo)],
        observed_record=rl.LeaderElectionRecord(holder_identity="bing"),
        observed_time=PAST,
        expect_success=True,
        transition_leader=True,
        out_holder="baz",
    ),
    dict(
        name="acquire from empty led, acked object",
        reactors=[("get", _get(rl.LeaderElectionRecord(holder_identity=""))), ("update", _echo)],
        observed_time=FUTURE,
        expect_success=True,
        transition_leader=True,
        out_holder="baz",
    ),
    dict(
        name="don't acquire from led, acked object",
        reactors=[("get", _get(rl.LeaderElectionRecord(holder_identity="bing")))],
        observed_time=FUTURE,
        expect_success=False,
        out_holder="bing",
    ),
    dict(
        name="renew already acquired object",
        reactors=[("get", _get(rl.LeaderElectionRecord(holder_identity="baz"))), ("update", _echo)],
        observed_time=FUTURE,
        observed_record=rl.LeaderElectionRecord(holder_identity="baz"),
        expect_success=True,
        out_holder="baz",
    ),
]


def _run_try_case(case: dict, attempt: Callable[[LeaderElector], bool], coordinated: bool = False) -> None:
    unreachable: List[str] = []
    recorder = record.new_fake_recorder(100)
    c = _clientset(case["reactors"], unreachable)
    reported = _Reported()
    lec = leaderelection.LeaderElectionConfig(
        lock=_lease_lock(c, recorder),
        lease_duration=10.0,
        callbacks=leaderelection.LeaderCallbacks(on_new_leader=reported),
        coordinated=coordinated,
    )
    observed = case.get("observed_record", rl.LeaderElectionRecord())
    # client-go runs these on the real clock, whose reading moves between the attempt's "now" and the time it
    # observes a record; the case that waits for a lease to expire steps a fake clock instead of sleeping.
    clock = FakeClock(time.time()) if case.get("retry_after") else RealClock()
    offset = case.get("observed_time")
    le = LeaderElector(
        config=lec,
        observed_record=observed,
        observed_raw_record=observed.marshal_json(),
        observed_time=None if offset is None else clock.now() + offset,
        clock=clock,
    )
    if attempt(le) != case["expect_success"]:
        assert case.get("retry_after"), f"unexpected result of the attempt: succeeded={not case['expect_success']}"
        clock.step(case["retry_after"])
        assert attempt(le) == case["expect_success"]

    assert le.get_leader() == case["out_holder"]
    assert len(c.actions()) == len(case["reactors"]), "wrong number of api interactions"
    assert not unreachable
    assert le._get_observed_record().leader_transitions == (1 if case.get("transition_leader") else 0)
    le._maybe_report_transition()
    assert reported.wait() == case["out_holder"]
    le._join_threads()
    assert_equal_events(case.get("expected_events", []), recorder)


@pytest.mark.parametrize("case", TRY_ACQUIRE_OR_RENEW_CASES, ids=lambda c: c["name"])
def test_try_acquire_or_renew_leases(case):
    _run_try_case(case, lambda le: le._try_acquire_or_renew(CTX))


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in TRY_ACQUIRE_OR_RENEW_CASES
        if c["name"] in ("don't acquire from led, acked object", "renew already acquired object")
    ],
    ids=lambda c: c["name"],
)
def test_try_coordinated_renew(case):
    _run_try_case(case, lambda le: le._try_coordinated_renew(CTX), coordinated=True)


def test_lease_spec_to_leader_election_record_round_trip():
    now = metav1.now_micro()
    old_spec = coordinationv1.LeaseSpec(
        holderIdentity="foo", leaseDurationSeconds=10, acquireTime=now, renewTime=now, leaseTransitions=1
    )
    old_record = rl.lease_spec_to_leader_election_record(old_spec)
    new_spec = rl.leader_election_record_to_lease_spec(old_record)
    assert new_spec == old_spec
    assert rl.lease_spec_to_leader_election_record(new_spec) == old_record


def test_release_lease_leases():
    unreachable: List[str] = []
    recorder = record.new_fake_recorder(100)
    c = _clientset(
        [
            ("get", _get(rl.LeaderElectionRecord(holder_identity="baz"))),
            ("create", _echo),
            ("update", _echo),
            ("get", _not_found),
        ],
        unreachable,
    )
    reported = _Reported()
    lec = leaderelection.LeaderElectionConfig(
        lock=_lease_lock(c, recorder),
        lease_duration=10.0,
        callbacks=leaderelection.LeaderCallbacks(on_new_leader=reported),
    )
    le = LeaderElector(config=lec, observed_raw_record=rl.LeaderElectionRecord().marshal_json())
    assert le._try_acquire_or_renew(CTX)
    le._maybe_report_transition()
    assert reported.wait() == "baz"

    assert le._release()
    assert le.get_leader() == ""
    assert len(c.actions()) == 4
    assert le._get_observed_record().leader_transitions == 0
    # The release wrote an empty holder with a 1 s lease.
    released = c.actions()[-1].get_object()
    assert (released.spec.holderIdentity, released.spec.leaseDurationSeconds) == ("", 1)
    le._maybe_report_transition()
    assert reported.wait() == ""
    le._join_threads()
    assert not unreachable
    assert_equal_events([], recorder)


def _held_by_baz(action):
    return (
        True,
        create_lock_object(
            action.get_namespace(),
            action.get_name(),
            rl.LeaderElectionRecord(holder_identity="baz", lease_duration_seconds=10),
        ),
        None,
    )


def test_release_method_calls_get():
    calls = []
    c = fake.Clientset()
    c.add_reactor("get", OBJECT_TYPE, lambda a: (calls.append("get"), _held_by_baz(a))[1])
    c.add_reactor("update", OBJECT_TYPE, _echo)
    lec = leaderelection.LeaderElectionConfig(lock=_lease_lock(c, record.new_fake_recorder(100)), lease_duration=10.0)
    baz = rl.LeaderElectionRecord(holder_identity="baz")
    le = LeaderElector(
        config=lec, observed_record=baz, observed_raw_record=baz.marshal_json(), observed_time=RealClock().now()
    )
    le._release()
    assert calls == ["get"]


def test_release_retries_on_conflict(caplog):
    conflicted = []

    def update(action):
        if not conflicted:
            conflicted.append(True)
            return (
                True,
                None,
                errors.new_conflict(
                    coordinationv1.resource("leases"), "bar", RuntimeError("the object has been modified")
                ),
            )
        return True, action.get_object(), None

    c = fake.Clientset()
    c.add_reactor("get", OBJECT_TYPE, _held_by_baz)
    c.add_reactor("update", OBJECT_TYPE, update)
    lec = leaderelection.LeaderElectionConfig(
        lock=_lease_lock(c, record.new_fake_recorder(100)), lease_duration=10.0, renew_deadline=5.0
    )
    baz = rl.LeaderElectionRecord(holder_identity="baz")
    le = LeaderElector(
        config=lec, observed_record=baz, observed_raw_record=baz.marshal_json(), observed_time=RealClock().now()
    )
    logger = logging.getLogger("test.release")  # Go's le.release(logger): the release logs there
    caplog.set_level(logging.DEBUG, logger="test.release")
    assert le._release(logger), "release should have succeeded after retrying on conflict"
    assert conflicted
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("test.release", "Conflict when releasing lease, retrying lock=foo/bar")
    ]
    assert [a.get_verb() for a in c.actions()] == ["get", "update", "get", "update"]


class _ReleaseScript:
    """The state the reactors of testReleaseOnCancellation share."""

    def __init__(self):
        self.lock_obj = None
        self.gets = 0
        self.updates = 0
        self.on_new_leader = threading.Event()
        self.on_renew_called = threading.Event()
        self.on_renew_resume = threading.Event()
        self.on_release = threading.Event()
        self.mu = threading.Lock()

    def get_update_cancel(self, action):
        self.gets += 1
        if self.lock_obj is not None:
            return True, self.lock_obj, None
        return _not_found(action)

    def create(self, action):
        self.lock_obj = action.get_object()
        return True, self.lock_obj, None

    def update_update_cancel(self, action):
        self.updates += 1
        if self.updates % 2 == 1 and self.updates < 5:  # skip the two first fast path renewals
            return True, None, context.Canceled()
        if self.updates == 4:  # the second renewal: wait for the test to cancel, then fail
            self.on_renew_called.set()
            self.on_renew_resume.wait(10)
            return True, None, context.Canceled()
        self.lock_obj = action.get_object()
        if self.updates == 5:  # the release
            self.on_release.set()
        return True, self.lock_obj, None

    def get_get_cancel(self, action):
        self.gets += 1
        if self.lock_obj is not None:
            if self.gets >= 4:
                if self.gets == 4:
                    self.on_renew_called.set()
                    self.on_renew_resume.wait(10)
                return True, None, context.Canceled()
            return True, self.lock_obj, None
        return _not_found(action)

    def update_get_cancel(self, action):
        self.updates += 1
        if self.updates % 2 == 1:  # always skip the fast path
            return True, None, context.Canceled()
        self.lock_obj = action.get_object()
        if self.updates == 4:
            self.on_release.set()
        return True, self.lock_obj, None


@pytest.mark.parametrize("variant", ["update", "get"])
def test_release_on_cancellation_leases(variant):
    s = _ReleaseScript()
    if variant == "update":
        reactors = [("get", s.get_update_cancel), ("create", s.create), ("update", s.update_update_cancel)]
    else:
        reactors = [("get", s.get_get_cancel), ("create", s.create), ("update", s.update_get_cancel)]
    unreachable: List[str] = []
    recorder = record.new_fake_recorder(100)
    c = _clientset(reactors, unreachable)
    lock = rl.new(
        OBJECT_TYPE,
        "foo",
        "bar",
        c.core_v1(),
        c.coordination_v1(),
        rl.ResourceLockConfig(identity="baz", event_recorder=recorder),
    )
    elector = leaderelection.new_leader_elector(
        leaderelection.LeaderElectionConfig(
            lock=lock,
            lease_duration=15.0,
            renew_deadline=2.0,
            retry_period=1.0,
            release_on_cancel=True,
            callbacks=leaderelection.LeaderCallbacks(
                on_new_leader=lambda identity: None,
                on_stopped_leading=lambda: None,
                on_started_leading=lambda ctx: s.on_new_leader.set(),
            ),
        )
    )
    ctx, cancel = context.with_cancel(CTX)
    runner = threading.Thread(target=elector.run, args=(ctx,), name="test elector")
    runner.start()
    try:
        assert s.on_new_leader.wait(10), "failed to become the leader"
        assert s.on_renew_called.wait(10), "the elector failed to renew the lock"
        cancel()
        s.on_renew_resume.set()
        assert s.on_release.wait(10), "the lock was not released"
    finally:
        cancel()
        s.on_renew_resume.set()
        runner.join(10)
    assert not runner.is_alive()
    assert not unreachable
    if variant == "update":  # released: no holder, a 1 s lease (with the get failing, release cannot read it)
        assert (s.lock_obj.spec.holderIdentity, s.lock_obj.spec.leaseDurationSeconds) == ("", 1)
    assert_equal_events(
        ["Normal LeaderElection baz became leader", "Normal LeaderElection baz stopped leading"], recorder
    )


def _callbacks(**kw) -> leaderelection.LeaderCallbacks:
    return leaderelection.LeaderCallbacks(
        on_new_leader=kw.get("on_new_leader", lambda identity: None),
        on_stopped_leading=kw.get("on_stopped_leading", lambda: None),
        on_started_leading=kw.get("on_started_leading", lambda ctx: None),
    )


def test_leader_election_config_validation():
    lock = rl.LeaseLock(lock_config=rl.ResourceLockConfig(identity="baz"))
    lec = leaderelection.LeaderElectionConfig(
        lock=lock,
        lease_duration=15.0,
        renew_deadline=2.0,
        retry_period=1.0,
        release_on_cancel=True,
        callbacks=_callbacks(),
    )
    leaderelection.new_leader_elector(lec)
    lock.lock_config = rl.ResourceLockConfig(identity="")
    with pytest.raises(ValueError) as err:
        leaderelection.new_leader_elector(lec)
    assert str(err.value) == "Lock identity is empty"


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(lease_duration=2.0), "leaseDuration must be greater than renewDeadline"),
        (dict(renew_deadline=1.2), "renewDeadline must be greater than retryPeriod*JitterFactor"),
        (dict(lease_duration=0.0, renew_deadline=-2.0, retry_period=-2.0), "leaseDuration must be greater than zero"),
        (dict(renew_deadline=-1.0, retry_period=-1.0), "renewDeadline must be greater than zero"),
        (dict(retry_period=0.0), "retryPeriod must be greater than zero"),
        (
            dict(callbacks=leaderelection.LeaderCallbacks(on_stopped_leading=lambda: None)),
            "OnStartedLeading callback must not be nil",
        ),
        (
            dict(callbacks=leaderelection.LeaderCallbacks(on_started_leading=lambda ctx: None)),
            "OnStoppedLeading callback must not be nil",
        ),
        (dict(lock=None), "Lock must not be nil."),
    ],
)
def test_leader_election_config_errors(changes, message):
    lec = leaderelection.LeaderElectionConfig(
        lock=rl.LeaseLock(lock_config=rl.ResourceLockConfig(identity="baz")),
        lease_duration=15.0,
        renew_deadline=2.0,
        retry_period=1.0,
        callbacks=_callbacks(),
    )
    for k, v in changes.items():
        setattr(lec, k, v)
    with pytest.raises(ValueError) as err:
        leaderelection.new_leader_elector(lec)
    assert str(err.value) == message
    with pytest.raises(ValueError):
        leaderelection.run_or_die(CTX, lec)


class _FastPathScript:
    def __init__(self, fail_second: bool):
        self.lock_obj = None
        self.updates = 0
        self.lock_ops: List[str] = []
        self.cancel = None
        self.fail_second = fail_second

    def get(self, action):
        self.lock_ops.append("get")
        if self.lock_obj is not None:
            return True, self.lock_obj, None
        return _not_found(action)

    def create(self, action):
        self.lock_ops.append("create")
        self.lock_obj = action.get_object()
        return True, self.lock_obj, None

    def update(self, action):
        self.updates += 1
        self.lock_ops.append("update")
        if self.fail_second and self.updates == 2:
            return True, None, errors.new_conflict(action.get_resource().group_resource(), "fake conflict", None)
        if self.updates == (4 if self.fail_second else 2):
            self.cancel()
        self.lock_obj = action.get_object()
        return True, self.lock_obj, None


@pytest.mark.parametrize(
    "fail_second, expected",
    [
        (False, ["get", "create", "update", "update"]),
        (True, ["get", "create", "update", "update", "get", "update", "update"]),
    ],
    ids=["exercise fast path after lock acquired", "fallback to slow path after fast path fails"],
)
def test_fast_path_leader_election(fail_second, expected):
    s = _FastPathScript(fail_second)
    unreachable: List[str] = []
    c = _clientset([("get", s.get), ("create", s.create), ("update", s.update)], unreachable)
    lock = rl.new(
        "leases",
        "foo",
        "bar",
        c.core_v1(),
        c.coordination_v1(),
        rl.ResourceLockConfig(identity="baz", event_recorder=record.new_fake_recorder(100)),
    )
    elector = leaderelection.new_leader_elector(
        leaderelection.LeaderElectionConfig(
            lock=lock, lease_duration=15.0, renew_deadline=2.0, retry_period=1.0, callbacks=_callbacks()
        )
    )
    ctx, s.cancel = context.with_cancel(CTX)
    elector.run(ctx)
    assert s.lock_ops == expected
    assert not unreachable


def test_check_method_race():
    lock_mu = threading.Lock()
    state = {"obj": None}

    def get(action):
        with lock_mu:
            if state["obj"] is not None:
                return True, state["obj"], None
        return _not_found(action)

    def write(action):
        with lock_mu:
            state["obj"] = action.get_object()
            return True, state["obj"], None

    c = fake.Clientset()
    c.add_reactor("get", OBJECT_TYPE, get)
    c.add_reactor("create", OBJECT_TYPE, write)
    c.add_reactor("update", OBJECT_TYPE, write)
    le = leaderelection.new_leader_elector(
        leaderelection.LeaderElectionConfig(
            lock=_lease_lock(c, record.new_fake_recorder(1000)),
            lease_duration=2.0,
            renew_deadline=1.0,
            retry_period=0.005,
            callbacks=_callbacks(),
        )
    )
    ctx, cancel = context.with_cancel(CTX)
    runner = threading.Thread(target=le.run, args=(ctx,), name="test elector")
    runner.start()
    try:
        end = time.monotonic() + 1.0
        checks = 0
        while time.monotonic() < end:
            le.check(1.0)  # never raises while renewals go through
            checks += 1
            time.sleep(0.01)
        assert le.is_leader() and checks > 10
    finally:
        cancel()
        runner.join(10)
    assert not runner.is_alive()
    assert not le.is_leader() or le.get_leader() == "baz"


def test_run_cancels_leader_context_when_renewal_fails_and_calls_back_in_order():
    """The leader's context ends when renewals fail for renew_deadline; on_stopped_leading comes after, and run
    returns once the on_started_leading thread ended."""
    events: List[str] = []
    failing = threading.Event()
    state = {"obj": None}

    def get(action):
        if failing.is_set():
            return True, None, RuntimeError("apiserver unreachable")
        return (True, state["obj"], None) if state["obj"] is not None else _not_found(action)

    def write(action):
        if failing.is_set():
            return True, None, RuntimeError("apiserver unreachable")
        state["obj"] = action.get_object()
        return True, state["obj"], None

    c = fake.Clientset()
    c.add_reactor("get", OBJECT_TYPE, get)
    c.add_reactor("create", OBJECT_TYPE, write)
    c.add_reactor("update", OBJECT_TYPE, write)

    def lead(ctx):
        events.append(f"started in {threading.current_thread().name}")
        failing.set()
        assert ctx.done().wait(10)
        events.append(f"leader context done: {ctx.err()!r}")

    le = leaderelection.new_leader_elector(
        leaderelection.LeaderElectionConfig(
            lock=_lease_lock(c),
            lease_duration=1.0,
            renew_deadline=0.5,
            retry_period=0.1,
            name="ctl",
            callbacks=_callbacks(on_started_leading=lead, on_stopped_leading=lambda: events.append("stopped")),
        )
    )
    start = time.monotonic()
    le.run(CTX)
    took = time.monotonic() - start
    # on_stopped_leading and the end of on_started_leading race, as in client-go; run waits for both.
    assert events[0] == "started in leader-elector ctl leading"
    assert sorted(events[1:]) == ["leader context done: Canceled('context canceled')", "stopped"]
    assert 0.5 <= took < 3.0


def test_run_returns_without_leading_when_context_ends():
    """A candidate that never acquires calls on_stopped_leading only, when its context ends."""
    other = rl.LeaderElectionRecord(holder_identity="other", lease_duration_seconds=60)
    c = fake.Clientset()
    c.add_reactor("get", OBJECT_TYPE, lambda a: (True, create_lock_object("foo", "bar", other), None))
    calls: List[str] = []
    le = leaderelection.new_leader_elector(
        leaderelection.LeaderElectionConfig(
            lock=_lease_lock(c),
            lease_duration=15.0,
            renew_deadline=10.0,
            retry_period=0.05,
            callbacks=_callbacks(
                on_started_leading=lambda ctx: calls.append("started"),
                on_stopped_leading=lambda: calls.append("stopped"),
                on_new_leader=calls.append,
            ),
        )
    )
    ctx, cancel = context.with_timeout(CTX, 0.3)
    le.run(ctx)
    cancel()
    assert calls == ["other", "stopped"]
    assert le.get_leader() == "other" and not le.is_leader()
    assert {a.get_verb() for a in c.actions()} == {"get"} and len(c.actions()) >= 3


def test_expiry_is_judged_by_observation_not_by_the_holders_timestamps():
    """A holder whose clock is an hour behind (renewTime long past) still holds the lease for lease_duration
    after we first see its record; one whose clock is an hour ahead (renewTime in the future) loses it
    lease_duration after its record last changed in our eyes."""
    clock = FakeClock(time.time())
    for skew in (-3600, 3600):
        stamp = metav1.unix(int(clock.now()) + skew, 0)
        held = rl.LeaderElectionRecord(
            holder_identity="other", lease_duration_seconds=10, acquire_time=stamp, renew_time=stamp
        )
        c = fake.Clientset()
        c.add_reactor("get", OBJECT_TYPE, lambda a, r=held: (True, create_lock_object("foo", "bar", r), None))
        c.add_reactor("update", OBJECT_TYPE, _echo)
        le = LeaderElector(
            config=leaderelection.LeaderElectionConfig(lock=_lease_lock(c), lease_duration=10.0), clock=clock
        )
        assert not le._try_acquire_or_renew(CTX)  # first seen now: valid for 10 s whatever its timestamps say
        clock.step(9.9)
        assert not le._try_acquire_or_renew(CTX)
        clock.step(0.2)
        assert le._try_acquire_or_renew(CTX)
        assert le.is_leader() and le._get_observed_record().leader_transitions == 1
        assert [a.get_verb() for a in c.actions()] == ["get", "get", "get", "update"]
