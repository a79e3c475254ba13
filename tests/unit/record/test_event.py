"""client-go's record/event_test.go: the recorder, broadcaster, sink writes with retries, logging, shutdown."""

from __future__ import annotations

import logging
import threading
import time
from typing import Dict, List

import pytest

from kubernetes_py import context, rest
from kubernetes_py._go.fmt import sprintf
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.watch import Chan
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import record, reference
from kubernetes_py.tools.record.event import _RecorderImpl, maxQueuedEvents
from kubernetes_py.utils.clock.testing import FakeClock, SimpleIntervalClock

from .helpers import EventSink, on_create_factory, on_patch_factory, recv, run_in_threads, validate_event

SOURCE = corev1.EventSource(component="eventTest")


def new_broadcaster_for_tests(request) -> record.EventBroadcaster:
    caster = record.new_broadcaster(record.with_sleep_duration(0))
    request.addfinalizer(caster.shutdown)
    return caster


def recorder_with_fake_clock(source, broadcaster, clock) -> _RecorderImpl:
    return _RecorderImpl(scheme.Scheme, source, broadcaster.broadcaster, clock)


def _pod(uid: str) -> corev1.Pod:
    return corev1.Pod(metadata=metav1.ObjectMeta(name="foo", namespace="baz", uid=uid))


TEST_POD = _pod("bar")
TEST_REF = reference.get_partial_reference(scheme.Scheme, TEST_POD, "spec.containers[2]")
TEST_REF2 = reference.get_partial_reference(scheme.Scheme, _pod("differentUid"), "spec.containers[3]")


def _expect(uid: str, field_path: str, reason: str, message: str, count: int, namespace: str = "baz"):
    return corev1.Event(
        metadata=metav1.ObjectMeta(name="foo", namespace=namespace),
        involvedObject=corev1.ObjectReference(
            kind="Pod",
            name="foo",
            namespace="baz" if namespace == "baz" else "",
            uid=uid,
            apiVersion="v1",
            fieldPath=field_path,
        ),
        reason=reason,
        message=message,
        source=SOURCE,
        reportingComponent="eventTest",
        count=count,
        type=corev1.EventTypeNormal,
    )


def _log_line(uid: str, field_path: str, reason: str, message: str, namespace: str = "baz") -> str:
    return (
        f'Event(v1.ObjectReference{{Kind:"Pod", Namespace:"{namespace}", Name:"foo", UID:"{uid}", '
        f'APIVersion:"v1", ResourceVersion:"", FieldPath:"{field_path}"}}): type: \'Normal\' reason: '
        f"'{reason}' {message}"
    )


EVENTF_TABLE = [
    (
        TEST_REF,
        "Started",
        "some verbose message: %v",
        (1,),
        _expect("bar", "spec.containers[2]", "Started", "some verbose message: 1", 1),
        _log_line("bar", "spec.containers[2]", "Started", "some verbose message: 1"),
        False,
    ),
    (
        TEST_POD,
        "Killed",
        "some other verbose message: %v",
        (1,),
        _expect("bar", "", "Killed", "some other verbose message: 1", 1),
        _log_line("bar", "", "Killed", "some other verbose message: 1"),
        False,
    ),
    (
        TEST_REF,
        "Started",
        "some verbose message: %v",
        (1,),
        _expect("bar", "spec.containers[2]", "Started", "some verbose message: 1", 2),
        _log_line("bar", "spec.containers[2]", "Started", "some verbose message: 1"),
        True,
    ),
    (
        TEST_REF2,
        "Started",
        "some verbose message: %v",
        (1,),
        _expect("differentUid", "spec.containers[3]", "Started", "some verbose message: 1", 1),
        _log_line("differentUid", "spec.containers[3]", "Started", "some verbose message: 1"),
        False,
    ),
    (
        TEST_REF,
        "Started",
        "some verbose message: %v",
        (1,),
        _expect("bar", "spec.containers[2]", "Started", "some verbose message: 1", 3),
        _log_line("bar", "spec.containers[2]", "Started", "some verbose message: 1"),
        True,
    ),
    (
        TEST_REF2,
        "Stopped",
        "some verbose message: %v",
        (1,),
        _expect("differentUid", "spec.containers[3]", "Stopped", "some verbose message: 1", 1),
        _log_line("differentUid", "spec.containers[3]", "Stopped", "some verbose message: 1"),
        False,
    ),
    (
        TEST_REF2,
        "Stopped",
        "some verbose message: %v",
        (1,),
        _expect("differentUid", "spec.containers[3]", "Stopped", "some verbose message: 1", 2),
        _log_line("differentUid", "spec.containers[3]", "Stopped", "some verbose message: 1"),
        True,
    ),
]


def test_eventf(request, caplog):
    caplog.set_level(logging.INFO, logger="kubernetes_py.tools.record.event")
    cache: Dict[str, corev1.Event] = {}
    created, patched = Chan(), Chan()
    sink = EventSink(on_create=on_create_factory(cache, created), on_patch=on_patch_factory(cache, patched))
    caster = new_broadcaster_for_tests(request)
    sink_watcher = caster.start_recording_to_sink(sink)
    clock = FakeClock(time.time())
    recorder = recorder_with_fake_clock(SOURCE, caster, clock)
    for obj, reason, fmt, args, expected, expected_log, expect_update in EVENTF_TABLE:
        clock.step(1.0)
        logged = Chan(1)
        log_watcher = caster.start_logging(lambda f, *a: logged.send(sprintf(f, *a)))
        caplog.clear()
        structured = caster.start_structured_logging(0)
        recorder.eventf(obj, corev1.EventTypeNormal, reason, fmt, *args)
        assert recv(logged) == expected_log
        o = expected.involvedObject
        want = (
            f'"Event occurred" object="{o.namespace}/{o.name}" fieldPath="{o.fieldPath}" kind="Pod" '
            f'apiVersion="v1" type="Normal" reason="{reason}" message="{expected.message}"'
        )
        deadline = time.monotonic() + 10
        while want not in caplog.messages and time.monotonic() < deadline:
            time.sleep(0.005)
        assert caplog.messages == [want]
        validate_event(recv(patched if expect_update else created), expected)
        log_watcher.stop()
        structured.stop()
    sink_watcher.stop()


def test_multi_sink_cache(request):
    """A second start_recording_to_sink starts with a clean correlator cache."""
    table = [
        (TEST_REF, "Started", 1, False),
        (TEST_POD, "Killed", 1, False),
        (TEST_REF, "Started", 2, True),
        (TEST_REF2, "Started", 1, False),
        (TEST_REF, "Started", 3, True),
        (TEST_REF2, "Stopped", 1, False),
        (TEST_REF2, "Stopped", 2, True),
    ]
    caster = new_broadcaster_for_tests(request)
    clock = FakeClock(time.time())
    recorder = recorder_with_fake_clock(SOURCE, caster, clock)
    for _ in range(2):
        cache: Dict[str, corev1.Event] = {}
        created, patched = Chan(), Chan()
        watcher = caster.start_recording_to_sink(
            EventSink(on_create=on_create_factory(cache, created), on_patch=on_patch_factory(cache, patched))
        )
        for obj, reason, count, expect_update in table:
            clock.step(1.0)
            recorder.eventf(obj, corev1.EventTypeNormal, reason, "some verbose message: %v", 1)
            ref = reference.get_reference(scheme.Scheme, obj)
            expected = _expect(ref.uid, ref.fieldPath, reason, "some verbose message: 1", count)
            validate_event(recv(patched if expect_update else created), expected)
        watcher.stop()


def test_eventf_no_namespace(request):
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="foo", uid="bar"))
    ref = reference.get_partial_reference(scheme.Scheme, pod, "spec.containers[2]")
    cache: Dict[str, corev1.Event] = {}
    created, patched = Chan(), Chan()
    caster = new_broadcaster_for_tests(request)
    sink_watcher = caster.start_recording_to_sink(
        EventSink(on_create=on_create_factory(cache, created), on_patch=on_patch_factory(cache, patched))
    )
    clock = FakeClock(time.time())
    recorder = recorder_with_fake_clock(SOURCE, caster, clock)
    logged = Chan(1)
    log_watcher = caster.start_logging(lambda f, *a: logged.send(sprintf(f, *a)))
    recorder.eventf(ref, corev1.EventTypeNormal, "Started", "some verbose message: %v", 1)
    assert recv(logged) == _log_line("bar", "spec.containers[2]", "Started", "some verbose message: 1", "")
    validate_event(
        recv(created),
        _expect("bar", "spec.containers[2]", "Started", "some verbose message: 1", 1, namespace="default"),
    )
    log_watcher.stop()
    sink_watcher.stop()


@pytest.mark.parametrize(
    "times_to_send_error, attempts_wanted, err",
    [
        (1000, 1, rest.RequestConstructionError(ValueError("bad"))),
        (1000, 1, errors.StatusError()),
        (1000, 12, errors.UnexpectedObjectError()),
        (1000, 12, RuntimeError("A weird error")),
        (2, 2, RuntimeError("A weird error")),
    ],
    ids=["giveUp1", "giveUp2", "retry1", "retry2", "succeedEventually"],
)
def test_write_event_error(request, times_to_send_error, attempts_wanted, err):
    clock = SimpleIntervalClock(time.time(), 1.0)
    correlator = record.new_event_correlator(clock)
    attempts = [0]

    def on_create(event):
        attempts[0] += 1
        if attempts[0] < times_to_send_error:
            raise err
        return event

    caster = new_broadcaster_for_tests(request)
    caster._record_to_sink(EventSink(on_create=on_create), corev1.Event(), correlator)
    assert attempts[0] == attempts_wanted


def test_update_expired_event(request):
    """A patch answered with 404 becomes a create, without the resourceVersion."""
    correlator = record.new_event_correlator(SimpleIntervalClock(time.time(), 1.0))
    created: List[corev1.Event] = []

    def on_patch(event, patch):
        raise errors.StatusError(metav1.Status(code=404, reason=metav1.StatusReasonNotFound))

    sink = EventSink(on_create=lambda e: (created.append(e.deep_copy()), e)[1], on_patch=on_patch)
    ev = corev1.Event(metadata=metav1.ObjectMeta(resourceVersion="updated-resource-version"), count=2)
    new_broadcaster_for_tests(request)._record_to_sink(sink, ev, correlator)
    assert len(created) == 1 and created[0].metadata.resourceVersion == ""


def test_cancel_event():
    """A broadcaster that is shut down tries an event once, then gives up at once."""
    correlator = record.new_event_correlator(SimpleIntervalClock(time.time(), 1.0))
    attempts = [0]

    def on_create(event):
        attempts[0] += 1
        raise errors.UnexpectedObjectError()

    caster = record.new_broadcaster(record.with_sleep_duration(1.0))
    caster.shutdown()
    start = time.monotonic()
    caster._record_to_sink(EventSink(on_create=on_create), corev1.Event(), correlator)
    assert attempts[0] == 1 and time.monotonic() - start < 0.5


def test_lots_of_events(request):
    """1,000 events from many threads, each failing 4 times: none dropped by the sink or the logger."""
    counts = [0] * maxQueuedEvents
    lock = threading.Lock()
    recorded = threading.Semaphore(0)
    logged = threading.Semaphore(0)

    def on_create(event):
        num = int(event.message)
        with lock:
            counts[num] += 1
            if counts[num] < 5:
                raise RuntimeError("fake error")
        recorded.release()
        return event

    caster = new_broadcaster_for_tests(request)
    sink_watcher = caster.start_recording_to_sink(EventSink(on_create=on_create))
    log_watcher = caster.start_logging(lambda f, *a: logged.release())
    recorder = caster.new_recorder(scheme.Scheme, SOURCE)

    def emit(i):
        ref = corev1.ObjectReference(kind="Pod", name=f"foo-{i}", namespace="baz", uid="bar", apiVersion="version")
        recorder.eventf(ref, corev1.EventTypeNormal, f"Reason-{i}", "%s", str(i))

    run_in_threads(maxQueuedEvents, emit)
    for _ in range(maxQueuedEvents):
        assert recorded.acquire(timeout=30)
        assert logged.acquire(timeout=30)
    assert min(counts) >= 5
    sink_watcher.stop()
    log_watcher.stop()


def test_non_racy_shutdown():
    """eventf from many threads, then shutdown from this one: no error, every thread joined."""
    caster = record.new_broadcaster(record.with_sleep_duration(0))
    recorder = recorder_with_fake_clock(corev1.EventSource(component="eventTest"), caster, FakeClock(time.time()))
    run_in_threads(100, lambda i: recorder.eventf(corev1.ObjectReference(), corev1.EventTypeNormal, "Started", "blah"))
    caster.shutdown()


def test_broadcaster_shutdown_by_context():
    """client-go's TestBroadcasterShutdown: cancelling the broadcaster's context stops it and its watcher threads,
    without shutdown()."""
    before = set(threading.enumerate())
    ctx, cancel = context.with_cancel_cause(context.background())
    caster = record.new_broadcaster(record.with_context(ctx))
    caster.start_structured_logging(0)
    names = sorted(t.name for t in threading.enumerate() if t not in before)
    assert names == ["event-broadcaster shutdown", "event-broadcaster structured-logging", "watch-broadcaster"]
    cancel(RuntimeError("time to stop"))
    deadline = time.monotonic() + 5
    while any(t.is_alive() for t in threading.enumerate() if t not in before) and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(Exception):
        caster.broadcaster.action("ADDED", corev1.Event())


def test_start_event_watcher_exits_on_direct_shutdown():
    caster = record.new_broadcaster(record.with_sleep_duration(0))
    caster.start_structured_logging(0)
    caster.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("event-broadcaster")]


def test_watcher_after_shutdown_is_empty_and_events_are_not_recorded(caplog):
    caster = record.new_broadcaster()
    recorder = caster.new_recorder(scheme.Scheme, SOURCE)
    caster.shutdown()
    w = caster.start_event_watcher(lambda e: None)
    w.stop()
    recorder.event(TEST_POD, corev1.EventTypeNormal, "R", "m")
    assert any("Unable to record event (will not retry!)" in m for m in caplog.messages)


def test_invalid_event_type_and_nil_object_are_not_recorded(request, caplog):
    caster = new_broadcaster_for_tests(request)
    seen = Chan(10)
    w = caster.start_event_watcher(seen.send)
    recorder = caster.new_recorder(scheme.Scheme, SOURCE)
    recorder.event(TEST_POD, "Bogus", "R", "m")
    recorder.event(None, corev1.EventTypeNormal, "R", "m")
    recorder.annotated_eventf(TEST_POD, {"a": "b"}, corev1.EventTypeWarning, "R", "n=%d", 3)
    e = recv(seen)
    assert (e.type, e.message, dict(e.metadata.annotations), e.metadata.namespace) == (
        "Warning",
        "n=3",
        {"a": "b"},
        "baz",
    )
    assert e.metadata.name.startswith("foo.") and int(e.metadata.name[4:], 16) == e.firstTimestamp.unix_nano()
    assert (e.reportingComponent, e.reportingInstance, e.source) == ("eventTest", "", SOURCE)
    with pytest.raises(TimeoutError):
        seen.recv(timeout=0.1)
    assert any('"Unsupported event type" eventType="Bogus"' in m for m in caplog.messages)
    assert any("Could not construct reference" in m for m in caplog.messages)
    w.stop()


def test_event_recorder_adapter(request):
    fake = record.new_fake_recorder(10)
    adapter = record.new_event_recorder_adapter(fake)
    adapter.eventf(TEST_POD, None, corev1.EventTypeNormal, "Reason", "Action", "note %s", "x")
    adapter.annotated_eventf(TEST_POD, None, {"k": "v"}, corev1.EventTypeNormal, "Reason", "Action", "note")
    assert recv(fake.events) == "Normal Reason note x"
    assert recv(fake.events) == "Normal Reason note map[k:v]"


def test_concurrent_recorders_and_shutdown_under_load():
    """8 threads record 4,000 events about 40 objects (three messages each) while the sink fails one write in
    five; then shutdown. Invariants: for each event the counts written are 1, 2, 3, ... with no gap or repeat (one
    correlator, one writer thread, a failed write retried until it succeeds), a count of 1 is a create and the
    others patches, and nothing is left running. Events beyond the 1,000 the broadcaster queues are dropped."""
    lock = threading.Lock()
    seen: Dict[tuple, List[int]] = {}
    calls = [0]

    def write(event, patch=None):
        with lock:
            calls[0] += 1
            if calls[0] % 5 == 0:
                raise RuntimeError("flaky sink")
            assert (patch is None) == (event.count == 1)
            seen.setdefault((event.involvedObject.name, event.message), []).append(event.count)
        return event

    caster = record.new_broadcaster(
        record.with_sleep_duration(0.001),
        record.with_correlator_options(record.CorrelatorOptions(burst_size=10_000, qps=1000.0)),
    )
    caster.start_recording_to_sink(EventSink(on_create=write, on_patch=write))
    recorder = caster.new_recorder(scheme.Scheme, SOURCE)

    def emit(i):
        ref = corev1.ObjectReference(kind="Pod", name=f"p{i % 40}", namespace="ns", uid=f"u{i % 40}", apiVersion="v1")
        recorder.eventf(ref, corev1.EventTypeNormal, "Tick", "tick %d", i % 3)

    run_in_threads(4000, emit)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with lock:
            total = sum(len(v) for v in seen.values())
        if total >= 100:
            break
        time.sleep(0.01)
    caster.shutdown()
    with lock:
        assert sum(len(v) for v in seen.values()) >= 100
        assert all(counts == list(range(1, len(counts) + 1)) for counts in seen.values()), seen
    assert not [t for t in threading.enumerate() if t.name.startswith(("event-broadcaster", "watch-broadcaster"))]


def test_broadcaster_is_a_context_manager():
    seen = Chan(1)
    with record.new_broadcaster() as caster:
        caster.start_event_watcher(seen.send)
        caster.new_recorder(scheme.Scheme, SOURCE).event(TEST_POD, corev1.EventTypeNormal, "R", "m")
        assert recv(seen).reason == "R"
    assert not [t for t in threading.enumerate() if t.name.startswith(("event-broadcaster", "watch-broadcaster"))]
