"""client-go testing/internal/listandwatch_test.go's TestListAndWatch: the fake clientset under a real informer.

The list completes, an object is created once the cache has synced, and only then may the reflector's watch start:
the fake watch must use the list's resourceVersion to send the new object (and only it). Go runs this in a synctest
bubble; here the informer's threads run for real and every wait is bounded.
"""

from __future__ import annotations

import threading
import time

from kubernetes_py import informers
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import cache


def test_list_and_watch():
    before = set(threading.enumerate())
    client = fake.new_clientset(corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm1", namespace="default")))
    stop = threading.Event()
    create_done = threading.Event()
    problems: list[str] = []
    watch_started = threading.Event()

    def list_func(options: metav1.ListOptions):
        objs = client.core_v1().config_maps("").list(None, options)
        if objs.metadata.resourceVersion != "2":
            problems.append(f"Expected ListMeta ResourceVersion 2, got {objs.metadata.resourceVersion!r}")
        return objs

    def watch_func(options: metav1.ListOptions):
        if options.resourceVersion != "2":
            problems.append(f"Expected ListOptions ResourceVersion 2, got {options.resourceVersion!r}")
        if not create_done.wait(10):
            problems.append("the second ConfigMap was never created")
        w = client.core_v1().config_maps("").watch(None, options)
        watch_started.set()
        return w

    def new_informer(c, resync: float) -> cache.SharedIndexInformer:
        lw = cache.to_list_watcher_with_watch_list_semantics(
            cache.ListWatch(list_func=list_func, watch_func=watch_func), client
        )
        return cache.new_shared_index_informer(lw, corev1.ConfigMap(), resync, {})

    f = informers.new_shared_informer_factory(client, 0)
    informer = f.informer_for(corev1.ConfigMap(), new_informer)
    counts = {"add": 0, "update": 0, "delete": 0}
    handle = informer.add_event_handler(
        cache.ResourceEventHandlerFuncs(
            add_func=lambda obj, is_initial_list=False: counts.__setitem__("add", counts["add"] + 1),
            update_func=lambda old, new: counts.__setitem__("update", counts["update"] + 1),
            delete_func=lambda obj: counts.__setitem__("delete", counts["delete"] + 1),
        )
    )
    store = informer.get_store()
    try:
        f.start(stop)
        f.wait_for_cache_sync(stop)
        assert len(store.list()) == 1
        client.core_v1().config_maps("default").create(
            None, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm2", namespace="default")), metav1.CreateOptions()
        )
        create_done.set()
        assert watch_started.wait(10)
        deadline = time.monotonic() + 10
        while (len(store.list()) < 2 or counts["add"] < 2) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert sorted(o.metadata.name for o in store.list()) == ["cm1", "cm2"]
        assert handle.has_synced()
        assert counts == {"add": 2, "update": 0, "delete": 0}
        assert problems == []
    finally:
        informer.remove_event_handler(handle)
        stop.set()
        f.shutdown()
    assert [t.name for t in threading.enumerate() if t not in before and t.is_alive()] == []
