"""A burst of 1,000 similar events from one recorder, through kubernetes_py's broadcaster and through
client-go's (hack/oracle/cmd/eventburst), each about its own ConfigMap on the same server: the same Event objects
come out of both (their number, counts, messages, reasons and types)."""

from __future__ import annotations

import subprocess
import threading
import time

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import scheme
from kubernetes_py.kubernetes.typed.core.v1 import EventSinkImpl
from kubernetes_py.tools import clientcmd, record

CTX = context.todo()
BURST = 1000


def _events(cs, namespace: str, name: str) -> list:
    items = (
        cs.core_v1().events(namespace).list(CTX, metav1.ListOptions(fieldSelector=f"involvedObject.name={name}")).items
    )
    return sorted((e.count, e.message, e.reason, e.type, e.source.component) for e in items)


def _settled(cs, namespace: str, name: str) -> list:
    """The events once their total count stopped changing for 2 s."""
    last, stable = None, 0
    while stable < 20:
        events = _events(cs, namespace, name)
        stable = stable + 1 if events == last else 0
        last = events
        time.sleep(0.1)
    return last


def test_burst_matches_client_go(apiserver, namespace, go_oracle):
    cs = kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))
    for name in ("go-subject", "py-subject"):
        cs.core_v1().config_maps(namespace).create(
            CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name)), metav1.CreateOptions()
        )
    subprocess.run(
        [str(go_oracle("eventburst")), str(apiserver.kubeconfig), namespace, "go-subject", "burster", str(BURST)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    want = _events(cs, namespace, "go-subject")

    cm = cs.core_v1().config_maps(namespace).get(CTX, "py-subject", metav1.GetOptions())
    broadcaster = record.new_broadcaster()
    try:
        handled = threading.Semaphore(0)
        broadcaster.start_recording_to_sink(EventSinkImpl(cs.core_v1().events("")))
        broadcaster.start_event_watcher(lambda e: handled.release())
        recorder = broadcaster.new_recorder(scheme.Scheme, corev1.EventSource(component="burster"))
        for i in range(BURST):
            recorder.eventf(cm, corev1.EventTypeWarning, "Burst", "message %d", i)
        for _ in range(BURST):
            assert handled.acquire(timeout=60)
        got = _settled(cs, namespace, "py-subject")
    finally:
        broadcaster.shutdown()

    # client-go's result: 9 events as they are, then one aggregate counted up until the spam filter's bucket of
    # 25 is empty.
    combined = "(combined from similar events): message 24"
    assert want == sorted(
        [(1, f"message {i}", "Burst", "Warning", "burster") for i in range(9)]
        + [(16, combined, "Burst", "Warning", "burster")]
    )
    assert got == want
