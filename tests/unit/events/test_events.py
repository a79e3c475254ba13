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
    b = eb._EventBroadcasterImpl(sink, 0, {} if cache is None else cache)
    request.addfinalizer(b.shutdown)
    return b


def test_event_seriesf(request):
    created, patched = Chan(), Chan()
    b = _new_broadcaster(request, SeriesSink(on_create=_sending(created), on_patch=_sending(patched)))
    recorder = b.new_recorder(scheme.Scheme, "eventTest")
    ctx, cancel = context.with_cancel(CTX)
    request.addfinalizer(cancel)
    b._start_recording_events(ctx)
    recorder.eventf(REGARDING, RELATED, "Normal", "test", "started", "some verbose message: %v", 1)
    first = _recv(created)  # only fills the cache
    assert (first.reportingController, first.reportingInstance) == ("eventTest", f"eventTest-{HOSTNAME}")
    assert not first.HasField("series") and first.related == RELATED and first.metadata.namespace == "baz"

    recorder.eventf(REGARDING, RELATED, "Normal", "test", "started", "some verbose message: %v", 1)
    e = _recv(patched)
    assert not e.eventTime.is_zero() and e.series.count == 2 and e.metadata.name.startswith("foo")
    recorder.eventf(REGARDING, RELATED, "Normal", "test", "stopped", "some verbose message: %v", 1)
    e = _recv(created)
    assert not e.HasField("series") and e.action == "stopped"
    # A third repeat only counts in the cache.
    recorder.eventf(REGARDING, RELATED, "Normal", "test", "started", "some verbose message: %v", 1)
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
        recorder.eventf(corev1.ObjectReference(), None, corev1.EventTypeNormal, "reason", "action", "")
        recorder.eventf(corev1.ObjectReference(), None, corev1.EventTypeNormal, "reason", "action", "")
        # When the series patch overtakes the first create (NotFound, then AlreadyExists), the broadcaster retries
        # after a random part of its 10 s sleep, as Go's does: wait past that.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            items = client.events_v1().events(metav1.NamespaceDefault).list(CTX, metav1.ListOptions()).items
            if len(items) == 1 and items[0].HasField("series"):
                break
            time.sleep(0.05)
        assert len(items) == 1 and items[0].series.count == 2
    finally:
        stop.set()
        b.shutdown()


def _cached_event(b, last_observed, controller="eventTest"):
    recorder = b.new_recorder(scheme.Scheme, "k8s.io/kube-foo")
    e = recorder.recorder._make_event(
        REGARDING, RELATED, metav1.now_micro(), None, "Normal", "test", "some verbose message: 1", "started"
    )
    e.reportingController = controller
    e.reportingInstance = "eventTest-" + HOSTNAME
    return e


def test_finish_series(request):
    last_observed = metav1.MicroTime(seconds=int(time.time()) - 9 * 60, nanos=0)
    created, updated, patched = Chan(10), Chan(10), Chan(10)
    cache = {}
    b = _new_broadcaster(request, SeriesSink(_sending(created), _sending(updated), _sending(patched)), cache)
    cached = _cached_event(b, last_observed)
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
    cached = _cached_event(b, None)
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


@pytest.mark.parametrize(
    "gv, name, gvk, uid, expected",
    [
        (GroupVersion("events.k8s.io", "v1beta1"), "", GroupVersionKind("", "", ""), "", {}),
        (
            GroupVersion("events.k8s.io", "v1beta1"),
            "test-deployment",
            GroupVersionKind("apps", "v1", "Deployment"),
            "2c55cad7-ee4e-11e9-abe1-525400e7bc6b",
            {
                "regarding.name": "test-deployment",
                "regarding.kind": "Deployment",
                "regarding.apiVersion": "apps/v1",
                "regarding.uid": "2c55cad7-ee4e-11e9-abe1-525400e7bc6b",
            },
        ),
        (GroupVersion("events.k8s.io", "v1"), "", GroupVersionKind("", "", ""), "", {}),
        (
            GroupVersion("", "v1"),
            "test-deployment",
            GroupVersionKind("apps", "v1", "Deployment"),
            "u",
            {
                "involvedObject.name": "test-deployment",
                "involvedObject.kind": "Deployment",
                "involvedObject.apiVersion": "apps/v1",
                "involvedObject.uid": "u",
            },
        ),
    ],
)
def test_get_field_selector(gv, name, gvk, uid, expected):
    assert str(events.get_field_selector(gv, gvk, name, uid)) == str(fields.Set(expected).as_selector())


def test_get_field_selector_unknown_version():
    with pytest.raises(ValueError) as err:
        events.get_field_selector(GroupVersion("foo", "v1"), GroupVersionKind("", "", ""), "", "")
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


def test_eventf_cases_of_event_recorder_test():
    """client-go's TestEventf: format args and a related object; names that make invalid event names (an IPv6
    address, 1,012 characters) give a UUID name."""
    from kubernetes_py.api.networking import v1 as networkingv1
    from kubernetes_py.apimachinery.util.validation import validation

    clock = FakeClock(datetime.datetime(2023, 1, 1, 12, tzinfo=datetime.timezone.utc).timestamp())
    sent = []
    recorder = eb._RecorderImpl(scheme.Scheme, "c1", "i1", _ListBroadcaster(sent), clock)
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="pod1", namespace="ns1", uid="12345"))
    node = corev1.Node(metadata=metav1.ObjectMeta(name="node1", uid="67890"))
    recorder.eventf(
        pod,
        node,
        "Warning",
        "FailedScheduling",
        "scheduling",
        "Pod failed to schedule on %s: %s",
        "node1",
        "not enough resources",
    )
    ip = networkingv1.IPAddress(metadata=metav1.ObjectMeta(name="2001:db8::123", uid="12345"))
    recorder.eventf(
        ip,
        None,
        "Warning",
        "IPAddressNotAllocated",
        "IPAddressAllocation",
        "Service default/test appears to have leaked",
    )
    big = corev1.Pod(metadata=metav1.ObjectMeta(name="x" * 253 * 4, namespace="ns1", uid="12345"))
    recorder.eventf(big, None, "Normal", "Started", "starting", "Pod started")
    e = sent[0]
    assert e.metadata.name == f"pod1.{1672574400 * 10**9:x}"
    assert (e.related.kind, e.related.name, e.related.uid, e.related.apiVersion, e.related.namespace) == (
        "Node",
        "node1",
        "67890",
        "v1",
        "",
    )
    assert e.note == "Pod failed to schedule on node1: not enough resources"
    assert (e.reportingController, e.reportingInstance) == ("c1", "i1")
    e = sent[1]
    assert (e.metadata.namespace, e.regarding.kind, e.regarding.apiVersion) == (
        "default",
        "IPAddress",
        "networking.k8s.io/v1",
    )
    for e in sent[1:]:
        assert validation.is_dns1123_subdomain(e.metadata.name) == [] and len(e.metadata.name) == 36
