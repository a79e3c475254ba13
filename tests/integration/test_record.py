"""tools/record against the real kube-apiserver: events written through the broadcaster and EventSinkImpl, repeats
counted on the server by patches, similar events aggregated, and the broadcaster's threads joined on shutdown."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import scheme
from kubernetes_py.kubernetes.typed.core.v1 import EventSinkImpl
from kubernetes_py.tools import clientcmd, record

CTX = context.todo()


@pytest.fixture(scope="module")
def cs(apiserver):
    return kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))


def _events_of(cs, namespace: str, name: str, want, timeout: float = 15.0):
    """The events about ``name``, once ``want(events)`` holds."""
    deadline = time.monotonic() + timeout
    while True:
        events = (
            cs.core_v1()
            .events(namespace)
            .list(CTX, metav1.ListOptions(fieldSelector=f"involvedObject.name={name}"))
            .items
        )
        if want(events) or time.monotonic() > deadline:
            return sorted(events, key=lambda e: e.metadata.creationTimestamp.unix_nano())
        time.sleep(0.05)


def test_events_reach_the_server_and_repeats_count(cs, namespace):
    before = set(threading.enumerate())
    cm = (
        cs.core_v1()
        .config_maps(namespace)
        .create(CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="subject")), metav1.CreateOptions())
    )
    broadcaster = record.new_broadcaster()
    try:
        broadcaster.start_recording_to_sink(EventSinkImpl(cs.core_v1().events("")))
        recorder = broadcaster.new_recorder(scheme.Scheme, corev1.EventSource(component="record-test", host="h1"))
        for _ in range(4):
            recorder.eventf(cm, corev1.EventTypeNormal, "Synced", "synced %s", cm.metadata.name)
        events = _events_of(cs, namespace, "subject", lambda es: len(es) == 1 and es[0].count == 4)
        assert len(events) == 1
        e = events[0]
        assert (e.count, e.reason, e.message, e.type) == (4, "Synced", "synced subject", "Normal")
        assert (e.involvedObject.kind, e.involvedObject.uid, e.involvedObject.apiVersion) == (
            "ConfigMap",
            cm.metadata.uid,
            "v1",
        )
        assert (e.source.component, e.source.host, e.reportingComponent, e.reportingInstance) == (
            "record-test",
            "h1",
            "record-test",
            "h1",
        )
        assert e.metadata.name.startswith("subject.") and e.lastTimestamp.unix() >= e.firstTimestamp.unix()

        # Twelve similar events (same reason, other messages): nine as they are, then one aggregate counted up.
        for i in range(12):
            recorder.eventf(cm, corev1.EventTypeWarning, "Failed", "attempt %d failed", i)
        events = _events_of(
            cs, namespace, "subject", lambda es: any(x.message.startswith("(combined") and x.count == 3 for x in es)
        )
        failed = [x for x in events if x.reason == "Failed"]
        assert sorted(x.message for x in failed if x.count == 1 and not x.message.startswith("(")) == sorted(
            f"attempt {i} failed" for i in range(9)
        )
        combined = [x for x in failed if x.message.startswith("(combined")]
        assert [(x.message, x.count) for x in combined] == [("(combined from similar events): attempt 11 failed", 3)]
    finally:
        broadcaster.shutdown()
    deadline = time.monotonic() + 5
    while [
        t for t in threading.enumerate() if t not in before and t.is_alive() and t.name != "context-deadlines"
    ] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [
        t.name
        for t in threading.enumerate()
        if t not in before and t.name.startswith(("event-broadcaster", "watch-broadcaster"))
    ] == []


def test_event_in_a_missing_namespace_is_refused_not_retried(cs, caplog):
    """The server's answer (404 for the namespace) is final: the broadcaster gives up on the event at once."""
    broadcaster = record.new_broadcaster(record.with_sleep_duration(0.05))
    try:
        seen = threading.Event()
        broadcaster.start_recording_to_sink(EventSinkImpl(cs.core_v1().events("")))
        broadcaster.start_event_watcher(lambda e: seen.set())
        ref = corev1.ObjectReference(kind="Pod", name="p", namespace="no-such-namespace-x", apiVersion="v1")
        broadcaster.new_recorder(scheme.Scheme, corev1.EventSource(component="t")).event(
            ref, corev1.EventTypeNormal, "R", "m"
        )
        assert seen.wait(10)
        deadline = time.monotonic() + 10
        while not any("Server rejected event" in m for m in caplog.messages) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert any("Server rejected event (will not retry!)" in m for m in caplog.messages)
        assert not any("may retry" in m for m in caplog.messages)
    finally:
        broadcaster.shutdown()


def test_events_v1_series_on_the_server(cs, namespace):
    """tools/events: an isomorphic repeat turns the events.k8s.io/v1 Event into a series on the server."""
    from kubernetes_py.tools import events

    cm = (
        cs.core_v1()
        .config_maps(namespace)
        .create(CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="series-subject")), metav1.CreateOptions())
    )
    with events.new_broadcaster(events.EventSinkImpl(cs.events_v1())) as broadcaster:
        stop = threading.Event()
        broadcaster.start_recording_to_sink(stop)
        recorder = broadcaster.new_recorder(scheme.Scheme, "series-test")
        recorder.eventf(cm, None, corev1.EventTypeNormal, "Synced", "Sync", "synced %s", "it")
        deadline = time.monotonic() + 15
        items = []
        while time.monotonic() < deadline:
            items = cs.events_v1().events(namespace).list(CTX, metav1.ListOptions()).items
            if items:
                break
            time.sleep(0.05)
        assert len(items) == 1 and not items[0].HasField("series")
        recorder.eventf(cm, None, corev1.EventTypeNormal, "Synced", "Sync", "synced %s", "it")
        while time.monotonic() < deadline:
            items = cs.events_v1().events(namespace).list(CTX, metav1.ListOptions()).items
            if items and items[0].HasField("series"):
                break
            time.sleep(0.05)
        stop.set()
    assert len(items) == 1
    e = items[0]
    assert (e.series.count, e.note, e.action, e.reason, e.reportingController) == (
        2,
        "synced it",
        "Sync",
        "Synced",
        "series-test",
    )
    assert (e.regarding.kind, e.regarding.name, e.regarding.uid) == ("ConfigMap", "series-subject", cm.metadata.uid)
