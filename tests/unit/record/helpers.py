"""What client-go's record tests share: event builders, a test sink, and validate_event."""

from __future__ import annotations

import json
import threading
from typing import Callable, Dict, Optional

from kubernetes_py._go import json as _gojson
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import _jsonconv
from kubernetes_py.apimachinery.util import strategicpatch
from kubernetes_py.apimachinery.watch import Chan
from kubernetes_py.tools.record.events_cache import get_event_key


def make_object_reference(kind: str, name: str, namespace: str) -> corev1.ObjectReference:
    return corev1.ObjectReference(
        kind=kind,
        name=name,
        namespace=namespace,
        uid="C934D34AFB20242",
        apiVersion="version",
        fieldPath="spec.containers{mycontainer}",
    )


def make_event(reason: str, message: str, involved_object: corev1.ObjectReference) -> corev1.Event:
    event_time = metav1.now()
    return corev1.Event(
        reason=reason,
        message=message,
        involvedObject=involved_object,
        source=corev1.EventSource(component="kubelet", host="kublet.node1"),
        count=1,
        firstTimestamp=event_time,
        lastTimestamp=event_time,
        type=corev1.EventTypeNormal,
    )


def make_events(num: int, template: corev1.Event) -> list:
    return [template.deep_copy() for _ in range(num)]


def make_unique_events(num: int) -> list:
    return [
        make_event(f"reason-{i}", f"message-{i}", make_object_reference("Pod", f"pod-{i}", f"ns-{i}"))
        for i in range(num)
    ]


def make_similar_events(num: int, template: corev1.Event, message_prefix: str) -> list:
    events = make_events(num, template)
    for i, e in enumerate(events):
        e.message = f"{message_prefix}-{i}-{e.message}"
    return events


def set_count(event: corev1.Event, count: int) -> corev1.Event:
    event = event.deep_copy()
    event.count = count
    return event


def validate_event(actual: corev1.Event, expected: corev1.Event) -> None:
    """client-go's validateEvent: timestamps set (different exactly when count > 1), the name starting with the
    expected one, everything else equal."""
    recv = actual.deep_copy()
    assert not recv.firstTimestamp.is_zero() and not recv.lastTimestamp.is_zero()
    if recv.firstTimestamp == recv.lastTimestamp:
        assert expected.count <= 1, "first and last timestamps must differ for a compressed event"
    else:
        assert expected.count == 1 or expected.count > 1
        assert expected.count != 1, "first and last timestamps must be equal for a single occurrence"
    recv.firstTimestamp = expected.firstTimestamp
    recv.lastTimestamp = expected.lastTimestamp
    recv.reportingComponent = expected.reportingComponent
    assert recv.metadata.name.startswith(expected.metadata.name)
    recv.metadata.name = expected.metadata.name
    assert recv == expected


class EventSink:
    """client-go's testEventSink: create/update/patch answer through optional callbacks."""

    def __init__(
        self,
        on_create: Optional[Callable] = None,
        on_update: Optional[Callable] = None,
        on_patch: Optional[Callable] = None,
    ):
        self.on_create = on_create
        self.on_update = on_update
        self.on_patch = on_patch

    def create(self, e):
        return self.on_create(e) if self.on_create else e

    def update(self, e):
        return self.on_update(e) if self.on_update else e

    def patch(self, e, p):
        return self.on_patch(e, p) if self.on_patch else e


def _marshal(event: corev1.Event) -> bytes:
    return _gojson.dumps(_jsonconv.encode(event))


def on_create_factory(cache: Dict[str, corev1.Event], created: Chan) -> Callable:
    def on_create(event):
        cache[get_event_key(event)] = event
        created.send(event)
        return event

    return on_create


def on_patch_factory(cache: Dict[str, corev1.Event], patched_chan: Chan) -> Callable:
    """Apply the strategic merge patch to the cached event, as the server would."""

    def on_patch(event, patch):
        cached = cache.get(get_event_key(event))
        if cached is None:
            raise RuntimeError("unexpected error: couldn't find Event in testCache.")
        patched = strategicpatch.strategic_merge_patch(_marshal(cached), patch, event)
        obj = _jsonconv.decode(corev1.Event, json.loads(patched))
        patched_chan.send(obj)
        return obj

    return on_patch


def recv(ch: Chan, timeout: float = 10.0):
    value, ok = ch.recv(timeout=timeout)
    assert ok
    return value


def run_in_threads(n: int, fn: Callable[[int], None], workers: int = 8) -> None:
    """Call fn(0..n-1) from ``workers`` threads, and join them."""
    lock = threading.Lock()
    next_index = [0]

    def work():
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= n:
                return
            fn(i)

    threads = [threading.Thread(target=work, name=f"test worker {k}") for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
