"""client-go's tools/events tests: eventseries_test (series on repeats, finishing and refreshing series),
event_broadcaster_test (recordEvent on the fake clientset), event_recorder_test, helper_test, and the fake."""

from __future__ import annotations

import datetime
import socket
import threading
import time

import pytest

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.events import v1 as eventsv1
from kubernetes_py.api.events import v1beta1 as eventsv1beta1
from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind
from kubernetes_py.apimachinery.watch import Chan
from kubernetes_py.kubernetes import fake, scheme
from kubernetes_py.tools import events, reference
from kubernetes_py.tools.events import event_broadcaster as eb
from kubernetes_py.utils.clock.testing import FakeClock

CTX = context.background()
HOSTNAME = socket.gethostname()
TEST_POD = corev1.Pod(metadata=metav1.ObjectMeta(name="foo", namespace="baz", uid="bar"))
REGARDING = reference.get_partial_reference(scheme.Scheme, TEST_POD, ".spec.containers[1]")
RELATED = reference.get_partial_reference(scheme.Scheme, TEST_POD, ".spec.containers[0]")


class SeriesSink:
    def __init__(self, on_create=None, on_update=None, on_patch=None):
        self.on_create, self.on_update, self.on_patch = on_create, on_update, on_patch

    def create(self, ctx, e):
        return self.on_create(e) if self.on_create else e

    def update(self, ctx, e):
        return self.on_update(e) if self.on_update else e

    def patch(self, ctx, e, p):
        return self.on_patch(e, p) if self.on_patch else e


def _sending(ch: Chan):
    def send(e, patch=None):
        ch.send(e)
        return e

    return send


def _recv(ch: Chan, timeout: float = 10.0):
    value, ok = ch.recv(timeout=timeout)
    assert ok
    return value


def _new_broadcaster(request, sink, cache=None) -> eb._EventBroadcasterImpl:
    b = eb._new_broadcaster(sink, 0, {} if cache is None else cache)
    request.addfinalizer(b.shutdown)
    return b


def test_event_seriesf(request):
    """client-go's TestEventSeriesf: an isomorphic event turns the cached one into a series (count 2, a patch), a
    non-isomorphic one (another action) is created. Go passes the elements as one argument to a note without a
    verb, so the note carries fmt's EXTRA suffix; a third repeat only counts up in the cache."""
    created, patched = Chan(), Chan()
    b = _new_broadcaster(request, SeriesSink(on_create=_sending(created), on_patch=_sending(patched)))
    recorder = b.new_recorder(scheme.Scheme, "eventTest")
    ctx, cancel = context.with_cancel(CTX)
    request.addfinalizer(cancel)
    b._start_recording_events(ctx)
    note = "some verbose message: 1"
    recorder.eventf(REGARDING, RELATED, "Normal", "test", "started", note, [1])
    first = _recv(created)  # only fills the cache
    assert (first.reportingController, first.reportingInstance) == ("eventTest", f"eventTest-{HOSTNAME}")
    assert not first.HasField("series") and first.related == RELATED and first.metadata.namespace == "baz"
    assert first.note == "some verbose message: 1%!(EXTRA []interface {}=[1])"

    recorder.eventf(REGARDING, RELATED, "Normal", "test", "started", note, [1])
    e = _recv(patched)
    assert not e.eventTime.is_zero() and e.series.count == 2 and e.metadata.name.startswith("foo")
    recorder.eventf(REGARDING, RELATED, "Normal", "test", "stopped", note, [1])
    e = _recv(created)
    assert not e.eventTime.is_zero() and not e.HasField("series") and e.action == "stopped"
    recorder.eventf(REGARDING, RELATED, "Normal", "test", "started", note, [1])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with b._mu:
            counts = [ev.series.count for ev in b.event_cache.values() if ev.HasField("series")]
        if counts == [3]:
            break
        time.sleep(0.01)
    assert counts == [3]
    with pytest.raises(TimeoutError):
        patched.recv(timeout=0.2)


def test_event_series_with_event_sink_impl_race():
    client = fake.new_simple_clientset()
    b = events.new_broadcaster(events.EventSinkImpl(client.events_v1()))
    stop = threading.Event()
    try:
        b.start_recording_to_sink(stop)
        recorder = b.new_recorder(scheme.Scheme, "test")
        recorder.eventf(corev1.ObjectReference(), None, corev1.EventTypeNormal, "reason", "action", "", "")
        recorder.eventf(corev1.ObjectReference(), None, corev1.EventTypeNormal, "reason", "action", "", "")
        # Go's 5 s poll: the series patch follows the create (writes of one key are made in order).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            items = client.events_v1().events(metav1.NamespaceDefault).list(CTX, metav1.ListOptions()).items
            if len(items) == 1 and items[0].HasField("series"):
                break
            time.sleep(0.05)
        assert len(items) == 1 and items[0].series.count == 2
    finally:
        stop.set()
        b.shutdown()


def _cached_event(b):
    """Go's recorder.makeEvent(regarding, related, now, nil, Normal, "test", ..., "eventTest", "eventTest-<host>",
    "started") on a recorder of the broadcaster."""
    recorder = b.new_recorder(scheme.Scheme, "k8s.io/kube-foo")
    return recorder._make_event(
        REGARDING,
        RELATED,
        metav1.now_micro(),
        None,
        corev1.EventTypeNormal,
        "test",
        "some verbose message: 1",
        "eventTest",
        "eventTest-" + HOSTNAME,
        "started",
    )


def test_finish_series(request):
    last_observed = metav1.MicroTime(seconds=int(time.time()) - 9 * 60, nanos=0)
    created, updated, patched = Chan(10), Chan(10), Chan(10)
    cache = {}
    b = _new_broadcaster(request, SeriesSink(_sending(created), _sending(updated), _sending(patched)), cache)
    cached = _cached_event(b)
    assert (cached.reportingController, cached.reportingInstance) == ("eventTest", "eventTest-" + HOSTNAME)
    non_finished = cached.deep_copy()
    non_finished.reportingController = "nonFinished-controller"
    cached.series = eventsv1.EventSeries(count=10, lastObservedTime=last_observed)
    cache[eb._get_key(cached)] = cached
    cache[eb._get_key(non_finished)] = non_finished
    b._finish_series(CTX)
    e = _recv(patched)
    assert len(cache) == 1 and eb._get_key(non_finished) in cache
    assert e.series.lastObservedTime == last_observed
    assert len(patched) == len(created) == len(updated) == 0


@pytest.mark.parametrize("fail", [False, True], ids=["patched", "apiserver error"])
def test_refresh_existing_event_series(request, fail):
    patched = Chan(10)

    def on_patch(event, patch):
        patched.send(None if fail else event)
        if fail:
            raise rest.RequestConstructionError(ValueError("x"))
        return event

    cache = {}
    b = _new_broadcaster(request, SeriesSink(on_patch=on_patch), cache)
    cached = _cached_event(b)
    cached.series = eventsv1.EventSeries(count=10, lastObservedTime=metav1.MicroTime(seconds=int(time.time()) - 540))
    key = eb._get_key(cached)
    cache[key] = cached
    b._refresh_existing_event_series(CTX)
    _recv(patched)
    assert len(cache) == 1 and cache.get(key) is not None and len(patched) == 0


NON_ISOMORPHIC = eventsv1.Event(metadata=metav1.ObjectMeta(name="test", namespace=metav1.NamespaceDefault))
ISOMORPHIC = NON_ISOMORPHIC.deep_copy()
ISOMORPHIC.series = eventsv1.EventSeries(count=2)


@pytest.mark.parametrize(
    "to_record, expected",
    [
        ([NON_ISOMORPHIC], NON_ISOMORPHIC),
        ([NON_ISOMORPHIC, ISOMORPHIC], ISOMORPHIC),
        ([ISOMORPHIC, NON_ISOMORPHIC], ISOMORPHIC),
        ([ISOMORPHIC], ISOMORPHIC),
    ],
    ids=[
        "record one Event",
        "record one Event followed by an isomorphic one",
        "record one isomorphic Event before the original",
        "record one isomorphic Event without one already existing",
    ],
)
def test_record_event_to_sink(to_record, expected):
    client = fake.new_simple_clientset()
    sink = events.EventSinkImpl(client.events_v1())
    for ev in to_record:
        eb._record_event(CTX, sink, ev.deep_copy())
    items = client.events_v1().events(metav1.NamespaceDefault).list(CTX, metav1.ListOptions()).items
    assert len(items) == 1
    assert items[0] == expected


def test_event_sink_impl_refuses_empty_namespace():
    sink = events.EventSinkImpl(fake.new_simple_clientset().events_v1())
    for call, verb in (
        (lambda e: sink.create(CTX, e), "create"),
        (lambda e: sink.update(CTX, e), "update"),
        (lambda e: sink.patch(CTX, e, b"{}"), "patch"),
    ):
        with pytest.raises(ValueError) as err:
            call(eventsv1.Event())
        assert str(err.value) == f"can't {verb} an event with empty namespace"


class _ListBroadcaster:
    def __init__(self, events):
        self.events = events

    def action(self, action, obj):
        assert action == "ADDED"
        self.events.append(obj)


def test_eventf_makes_the_event():
    clock = FakeClock(datetime.datetime(2023, 1, 1, 12, tzinfo=datetime.timezone.utc).timestamp())
    sent = []
    recorder = eb._RecorderImpl(scheme.Scheme, "c", "c-host", _ListBroadcaster(sent), clock)
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="pod1", namespace="ns1", uid="12345"))
    recorder.eventf(pod, None, "Normal", "Started", "starting", "Pod %s", "started")
    recorder.annotated_eventf(corev1.ObjectReference(name="x"), pod, {"a": "b"}, "Warning", "R", "act", "n")
    recorder.eventf(pod, None, "Bogus", "R", "a", "n")
    assert len(sent) == 2
    e = sent[0]
    assert e.metadata.name == f"pod1.{1672574400 * 10**9:x}" and e.metadata.namespace == "ns1"
    assert (e.regarding.kind, e.regarding.name, e.regarding.uid, e.regarding.apiVersion) == (
        "Pod",
        "pod1",
        "12345",
        "v1",
    )
    assert (e.type, e.reason, e.action, e.note, e.reportingController, e.reportingInstance) == (
        "Normal",
        "Started",
        "starting",
        "Pod started",
        "c",
        "c-host",
    )
    assert not e.HasField("related") and not e.HasField("series") and not e.eventTime.is_zero()
    e = sent[1]
    assert e.metadata.namespace == "default" and dict(e.metadata.annotations) == {"a": "b"}
    assert e.related.name == "pod1"


_UID = "2c55cad7-ee4e-11e9-abe1-525400e7bc6b"
_DEPLOYMENT = GroupVersionKind(group="apps", version="v1", kind="Deployment")


def _selector_set(prefix):
    return {
        f"{prefix}.name": "test-deployment",
        f"{prefix}.kind": "Deployment",
        f"{prefix}.apiVersion": "apps/v1",
        f"{prefix}.uid": _UID,
    }


@pytest.mark.parametrize(
    "gv, name, gvk, uid, expected",
    [
        (eventsv1beta1.SchemeGroupVersion, "", GroupVersionKind(), "", {}),
        (eventsv1beta1.SchemeGroupVersion, "test-deployment", _DEPLOYMENT, _UID, _selector_set("regarding")),
        (eventsv1.SchemeGroupVersion, "", GroupVersionKind(), "", {}),
        (eventsv1.SchemeGroupVersion, "test-deployment", _DEPLOYMENT, _UID, _selector_set("regarding")),
        (corev1.SchemeGroupVersion, "", GroupVersionKind(), "", {}),
        (corev1.SchemeGroupVersion, "test-deployment", _DEPLOYMENT, _UID, _selector_set("involvedObject")),
    ],
    ids=[
        "events.k8s.io/v1beta1 event with empty parameters",
        "events.k8s.io/v1beta1 event with non-empty parameters",
        "events.k8s.io/v1 event with empty parameters",
        "events.k8s.io/v1 event with non-empty parameters",
        "v1 event with empty parameters",
        "v1 event with non-empty parameters",
    ],
)
def test_get_field_selector(gv, name, gvk, uid, expected):
    """client-go's helper_test TestGetFieldSelector."""
    result = events.get_field_selector(gv, gvk, name, uid)
    assert result.matches(fields.Set(expected))
    assert str(result) == str(fields.Set(expected).as_selector())


def test_get_field_selector_unknown_version():
    with pytest.raises(ValueError) as err:
        events.get_field_selector(
            GroupVersion(group=corev1.GroupName, version="v1alpha1"), _DEPLOYMENT, "test-deployment", _UID
        )
    assert str(err.value) == "unknown version v1alpha1"
    with pytest.raises(ValueError) as err:
        events.get_field_selector(GroupVersion("foo", "v1"), GroupVersionKind(), "", "")
    assert str(err.value) == "unknown version foo/v1"


def test_fake_recorder():
    r = events.new_fake_recorder(10)
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="p"), kind="Pod", apiVersion="v1")
    r.eventf(pod, None, "Normal", "Started", "start", "n=%d", 1)
    r.verbose = True
    r.annotated_eventf(pod, pod, {"k": "v"}, "Normal", "Started", "start", "n=%d", 1)
    assert r.events.recv(timeout=1)[0] == "Normal Started n=1"
    assert r.events.recv(timeout=1)[0] == (
        "Normal Started start n=1 {kind=Pod,apiVersion=v1} {kind=Pod,apiVersion=v1} map[k:v]"
    )


def test_shutdown_joins_threads_and_drops_later_events(caplog):
    client = fake.new_simple_clientset()
    b = events.new_broadcaster(events.EventSinkImpl(client.events_v1()))
    ctx, cancel = context.with_cancel(CTX)
    b.start_recording_to_sink_with_context(ctx)
    stop_logging = b.start_structured_logging(0)
    names = sorted(t.name for t in threading.enumerate() if t.name.startswith("events-broadcaster"))
    assert names == [
        "events-broadcaster finish-series",
        "events-broadcaster logging",
        "events-broadcaster refresh-series",
        "events-broadcaster sender",
        "events-broadcaster sink",
        "events-broadcaster sink-stopper",
    ]
    recorder = b.new_recorder(scheme.Scheme, "c")
    for i in range(50):
        recorder.eventf(corev1.ObjectReference(name=f"o{i}", namespace="default"), None, "Normal", "R", "A", "n")
    stop_logging()
    b.shutdown()
    cancel()
    assert not [t for t in threading.enumerate() if t.name.startswith("events-broadcaster")]
    recorder.eventf(corev1.ObjectReference(name="late"), None, "Normal", "R", "A", "n")
    assert any('"Unable to record event" err=broadcaster already stopped' in m for m in caplog.messages)


def test_broadcaster_is_a_context_manager():
    with events.new_broadcaster(events.EventSinkImpl(fake.new_simple_clientset().events_v1())) as b:
        b.start_recording_to_sink(threading.Event())
    assert not [t for t in threading.enumerate() if t.name.startswith("events-broadcaster")]


def _ref(kind, name, namespace, uid, api_version):
    return corev1.ObjectReference(kind=kind, name=name, namespace=namespace, uid=uid, apiVersion=api_version)


FIXED_TIME = datetime.datetime(2023, 1, 1, 12, tzinfo=datetime.timezone.utc).timestamp()
FIXED_NAME = f"pod1.{int(FIXED_TIME) * 10**9:x}"
POD1 = corev1.Pod(metadata=metav1.ObjectMeta(name="pod1", namespace="ns1", uid="12345"))
POD1_REF = _ref("Pod", "pod1", "ns1", "12345", "v1")


def _expected_event(name, namespace, regarding, eventtype, reason, action, note, related=None):
    e = eventsv1.Event(
        metadata=metav1.ObjectMeta(name=name, namespace=namespace),
        regarding=regarding,
        type=eventtype,
        reason=reason,
        action=action,
        note=note,
        reportingController="c1",
        reportingInstance="i1",
    )
    if related is not None:
        e.related = related
    return e


def _recorder_test_cases():
    from kubernetes_py.api.networking import v1 as networkingv1
    from kubernetes_py.apimachinery.util.validation import DNS1123SubdomainMaxLength

    long_name = "x" * (DNS1123SubdomainMaxLength * 4)
    return [
        ("normal event", POD1, None, "Normal", "Started", "starting", "Pod started", (),
         _expected_event(FIXED_NAME, "ns1", POD1_REF, "Normal", "Started", "starting", "Pod started")),
        ("event with related object and format args", POD1,
         corev1.Node(metadata=metav1.ObjectMeta(name="node1", uid="67890")),
         "Warning", "FailedScheduling", "scheduling", "Pod failed to schedule on %s: %s",
         ("node1", "not enough resources"),
         _expected_event(FIXED_NAME, "ns1", POD1_REF, "Warning", "FailedScheduling", "scheduling",
                         "Pod failed to schedule on node1: not enough resources",
                         related=_ref("Node", "node1", "", "67890", "v1"))),
        ("event with invalid Event name",
         networkingv1.IPAddress(metadata=metav1.ObjectMeta(name="2001:db8::123", uid="12345")), None,
         "Warning", "IPAddressNotAllocated", "IPAddressAllocation", "Service default/test appears to have leaked", (),
         _expected_event("", "default", _ref("IPAddress", "2001:db8::123", "", "12345", "networking.k8s.io/v1"),
                         "Warning", "IPAddressNotAllocated", "IPAddressAllocation",
                         "Service default/test appears to have leaked")),
        ("large event name", corev1.Pod(metadata=metav1.ObjectMeta(name=long_name, namespace="ns1", uid="12345")),
         None, "Normal", "Started", "starting", "Pod started", (),
         _expected_event("", "ns1", _ref("Pod", long_name, "ns1", "12345", "v1"), "Normal", "Started", "starting",
                         "Pod started")),
    ]  # fmt: skip


@pytest.mark.parametrize("case", _recorder_test_cases(), ids=lambda c: c[0])
def test_eventf_of_event_recorder_test(case):
    """client-go's event_recorder_test TestEventf: a recorder on a scheme of its own and a watch.Broadcaster; the
    event as a whole, a valid name ("<name>.<hex nanos of the clock>", or a UUID when that is not valid)."""
    from kubernetes_py.api.networking import v1 as networkingv1
    from kubernetes_py.apimachinery import runtime, watch
    from kubernetes_py.apimachinery.api import validation as apimachineryvalidation

    _, regarding, related, eventtype, reason, action, note, args, expected = case
    broadcaster = watch.new_broadcaster(1, watch.WaitIfChannelFull)
    s = runtime.new_scheme()
    corev1.add_to_scheme(s)
    networkingv1.add_to_scheme(s)
    recorder = eb._RecorderImpl(s, "c1", "i1", broadcaster, FakeClock(FIXED_TIME))
    ch = broadcaster.watch()
    try:
        recorder.eventf(regarding, related, eventtype, reason, action, note, *args)
        event, ok = ch.result_chan().recv(timeout=1.0)
        assert ok
        actual = event.object
        assert apimachineryvalidation.name_is_dns_subdomain(actual.metadata.name, False) == []
        expected = expected.deep_copy()
        expected.eventTime = actual.eventTime
        if expected.metadata.name == "":  # an invalid name became a random UUID
            assert len(actual.metadata.name) == 36
            actual.metadata.name = ""
        assert actual == expected
    finally:
        ch.stop()
        broadcaster.shutdown()


def test_isomorphic_writes_in_order_other_keys_concurrently(request):
    """The write starting a series waits for the create of its first event (client-go can have the patch overtake
    the create: NotFound, then AlreadyExists and a 10 s retry); an event of another key is written meanwhile. Once
    every write is done, no key is left in the broadcaster's write queues."""
    calls: list = []
    release = threading.Event()
    lock = threading.Lock()

    def on_create(e):
        with lock:
            calls.append(f"create {e.action}")
        if e.action == "slow":
            assert release.wait(10)
            with lock:
                calls.append("create slow returns")
        return e

    def on_patch(e, p):
        with lock:
            calls.append(f"patch {e.action} count={e.series.count}")
        return e

    b = _new_broadcaster(request, SeriesSink(on_create=on_create, on_patch=on_patch))
    ctx, cancel = context.with_cancel(CTX)
    request.addfinalizer(cancel)
    b._start_recording_events(ctx)
    recorder = b.new_recorder(scheme.Scheme, "c")
    recorder.eventf(REGARDING, None, "Normal", "R", "slow", "n")
    recorder.eventf(REGARDING, None, "Normal", "R", "slow", "n")  # a series: its patch waits for the create
    recorder.eventf(REGARDING, None, "Normal", "R", "fast", "n")  # another key: not held up

    def wait_for(n):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with lock:
                if len(calls) >= n:
                    return list(calls)
            time.sleep(0.005)
        raise AssertionError(calls)

    assert sorted(wait_for(2)) == ["create fast", "create slow"]
    time.sleep(0.05)
    with lock:
        assert len(calls) == 2, calls  # the patch has not overtaken the create
    release.set()
    assert wait_for(4)[2:] == ["create slow returns", "patch slow count=2"]
    deadline = time.monotonic() + 5
    while b._writing and time.monotonic() < deadline:
        time.sleep(0.005)
    assert b._writing == {}


def test_isomorphic_writes_in_order_under_load(request):
    """8 threads record 3 repeats in a row of 60 isomorphism keys while the sink takes up to 2 ms a write: every key is
    created once and then patched once (count 2; later repeats only count in the cache), its patch never before its
    create returned, and the write queues end empty."""
    import random

    lock = threading.Lock()
    created: set = set()
    calls: dict = {}
    rng = random.Random(3)

    def write(kind, e):
        with lock:
            delay = rng.random() * 0.002
        time.sleep(delay)
        with lock:
            key = e.action
            if kind == "patch" and key not in created:
                calls.setdefault(key, []).append("patch before create")
            if kind == "create":
                created.add(key)
            calls.setdefault(key, []).append(kind if kind == "create" else f"patch {e.series.count}")
        return e

    b = _new_broadcaster(
        request, SeriesSink(on_create=lambda e: write("create", e), on_patch=lambda e, p: write("patch", e))
    )
    ctx, cancel = context.with_cancel(CTX)
    request.addfinalizer(cancel)
    b._start_recording_events(ctx)
    recorder = b.new_recorder(scheme.Scheme, "c")

    def record(first_key: int) -> None:
        for key in range(first_key, 60, 8):
            for _ in range(3):  # one after the other: the patch is due while the create may still run
                recorder.eventf(REGARDING, None, "Normal", "R", f"a{key}", "n")

    threads = [threading.Thread(target=record, args=(k,), name=f"test recorder {k}") for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with lock, b._mu:
            if sum(len(v) for v in calls.values()) == 120 and not b._writing:
                break
        time.sleep(0.01)
    with lock:
        assert calls == {f"a{k}": ["create", "patch 2"] for k in range(60)}
    assert b._writing == {}
    assert sorted(e.series.count for e in b.event_cache.values()) == [3] * 60
