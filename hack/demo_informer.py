#!/usr/bin/env python3
"""The informer part of `make demo`: client-go's overview informer, from the shared informer factory, printing
pod added/updated/deleted lines while the demo creates, changes and deletes a pod; then it stops cleanly.

    python hack/demo_informer.py KUBECONFIG

The informer and its handler are the Go overview's, the factory and lister those of every Go controller:

    factory := informers.NewSharedInformerFactoryWithOptions(clientset, 0, informers.WithNamespace("kube-system"))
    podInformer := factory.Core().V1().Pods()
    podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: ..., UpdateFunc: ...,
        DeleteFunc: ...})
    factory.Start(stop)
    factory.WaitForCacheSync(stop)
    pods, _ := podInformer.Lister().Pods("kube-system").List(labels.Everything())
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kubernetes_py import context, informers, kubernetes  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery import labels  # noqa: E402
from kubernetes_py.apimachinery.api import errors  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.tools import cache, clientcmd  # noqa: E402

NAMESPACE = "kube-system"
POD_NAME = "demo-informer"
TIMEOUT = 30.0
"""The most the demo waits for the informer to see one of its changes."""


class _Seen:
    """The handler's calls for the demo's pod, so that the demo waits for each before the next change."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._calls: list[str] = []

    def record(self, call: str, obj) -> None:
        if isinstance(obj, cache.DeletedFinalStateUnknown):
            obj = obj.obj
        if obj.metadata.name == POD_NAME:
            with self._cond:
                self._calls.append(call)
                self._cond.notify_all()

    def wait_for(self, call: str, check=lambda: True) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: call in self._calls and check(), TIMEOUT):
                raise RuntimeError(f"the informer did not see the pod {call} within {TIMEOUT:.0f} s")
            self._calls.clear()


def _labels(pod: corev1.Pod) -> dict:
    return dict(sorted(pod.metadata.labels.items()))


def _print(line: str) -> None:
    print(line, flush=True)


def main(kubeconfig: str) -> int:
    config = clientcmd.build_config_from_flags("", kubeconfig)
    clientset = kubernetes.new_for_config(config)
    factory = informers.new_shared_informer_factory_with_options(clientset, 0, informers.with_namespace(NAMESPACE))
    pod_informer = factory.core().v1().pods()
    seen = _Seen()

    def on_add(obj):
        _print(f"Pod added: {obj.metadata.name}")
        seen.record("added", obj)

    def on_update(old, new):
        _print(f"Pod updated: {new.metadata.name}")
        seen.record("updated", new)

    def on_delete(obj):
        _print(f"Pod deleted: {cache.deletion_handling_meta_namespace_key_func(obj)}")
        seen.record("deleted", obj)

    pod_informer.informer().add_event_handler(
        cache.ResourceEventHandlerFuncs(add_func=on_add, update_func=on_update, delete_func=on_delete)
    )
    lister = pod_informer.lister().pods(NAMESPACE)
    pods = clientset.core_v1().pods(NAMESPACE)
    try:  # left by an interrupted demo
        pods.delete(context.todo(), POD_NAME, metav1.DeleteOptions(gracePeriodSeconds=0))
    except errors.StatusError as err:
        if not errors.is_not_found(err):
            raise
    stop = threading.Event()
    started = time.monotonic()
    factory.start(stop)
    try:
        synced = factory.wait_for_cache_sync(stop)
        if not all(synced.values()):
            raise RuntimeError("the pod informer did not sync")
        cached = lister.list(labels.everything())
        _print(
            f"informer synced in {time.monotonic() - started:.2f} s: the lister holds {len(cached)} pods in {NAMESPACE}"
        )

        pod = corev1.Pod(
            metadata=metav1.ObjectMeta(name=POD_NAME, labels={"app": "demo-informer"}),
            spec=corev1.PodSpec(containers=[corev1.Container(name="web", image="registry.k8s.io/pause:3.10")]),
        )
        _print(f"\n-> creating pod {NAMESPACE}/{POD_NAME}")
        pods.create(context.todo(), pod, metav1.CreateOptions())
        seen.wait_for("added")
        _print(f"   lister: {POD_NAME} is in the cache, labels {_labels(lister.get(POD_NAME))}")

        _print(f"-> labelling pod {NAMESPACE}/{POD_NAME} tier=frontend")
        pods.patch(
            context.todo(),
            POD_NAME,
            "application/merge-patch+json",
            b'{"metadata":{"labels":{"tier":"frontend"}}}',
            metav1.PatchOptions(),
        )
        seen.wait_for("updated", lambda: "tier" in lister.get(POD_NAME).metadata.labels)
        _print(f"   lister: labels now {_labels(lister.get(POD_NAME))}")

        _print(f"-> deleting pod {NAMESPACE}/{POD_NAME}")
        pods.delete(context.todo(), POD_NAME, metav1.DeleteOptions(gracePeriodSeconds=0))
        seen.wait_for("deleted")
        try:
            lister.get(POD_NAME)
            raise RuntimeError(f"the lister still holds {POD_NAME} after its delete event")
        except errors.StatusError as err:
            if not errors.is_not_found(err):
                raise
            _print(f"   lister: {err}")
    finally:
        stop.set()
        factory.shutdown()
    _print("informer stopped: factory.shutdown() joined its threads")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
