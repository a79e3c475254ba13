"""client-go's tools/watch informerwatcher_test.go: new_indexer_informer_watcher."""

from __future__ import annotations

import threading

import pytest

from kubernetes_py import context, features
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake as fakeclientset
from kubernetes_py.testing import default_watch_reactor
from kubernetes_py.tools.cache.listwatch import ListWatch
from kubernetes_py.tools.watch.informerwatcher import new_event_processor, new_indexer_informer_watcher

TIMEOUT = 10.0

context.with_timeout(context.background(), 3600)[1]()  # the shared deadline thread, started before leak checks


@pytest.mark.parametrize("pushes", [1, 2], ids=["exit on blocked read", "exit on blocked write"])
def test_event_processor_exit(pushes):
    out = watch.Chan()
    e = new_event_processor(out)
    for _ in range(pushes):
        e.push(watch.Event())
    t = threading.Thread(target=e.run)
    t.start()
    out.recv(TIMEOUT)
    e.stop()
    t.join(TIMEOUT)
    assert not t.is_alive()


def test_event_processor_orders_events():
    out = watch.Chan()
    e = new_event_processor(out)
    t = threading.Thread(target=e.run)
    t.start()
    got = []

    def read():
        for _ in range(1000):
            got.append(out.recv(TIMEOUT)[0].object)

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(1000):
        e.push(watch.Event(object=i))
    reader.join(TIMEOUT)
    e.stop()
    t.join(TIMEOUT)
    assert got == list(range(1000))


def _secret(name, key, value):
    return corev1.Secret(metadata=metav1.ObjectMeta(name=name), stringData={key: value})


def _key(e):
    return (e.type, e.object.metadata.name)


INPUT = [
    watch.Event(watch.Added, _secret("pod-4", "foo-4", "initial")),
    watch.Event(watch.Modified, _secret("pod-2", "foo-2", "new")),
    watch.Event(watch.Deleted, _secret("pod-3", "foo-3", "initial")),
]
INITIAL = [_secret(f"pod-{i}", f"foo-{i}", "initial") for i in (1, 2, 3)]
BOOKMARK = watch.Event(
    watch.Bookmark, corev1.Secret(metadata=metav1.ObjectMeta(annotations={metav1.InitialEventsAnnotationKey: "true"}))
)


@pytest.mark.parametrize("watch_list", [False, True])
def test_new_informer_watcher(watch_list):
    features.feature_gates().set(features.WatchListClient, watch_list)
    try:
        client = fakeclientset.new_simple_clientset(*[o.deep_copy() for o in INITIAL])
        input_ch = watch.Chan()
        input_watcher = watch.new_proxy_watcher(input_ch)
        client.prepend_watch_reactor("secrets", default_watch_reactor(input_watcher, None))
        events = ([watch.Event(watch.Added, o.deep_copy()) for o in INITIAL] + [BOOKMARK] if watch_list else []) + INPUT

        def feed():
            for e in events:
                if not input_ch.send(e, abort=input_watcher.stop_chan()):
                    return

        feeder = threading.Thread(target=feed)
        feeder.start()
        lw = ListWatch(
            list_func=lambda o: client.core_v1().secrets("").list(context.todo(), o),
            watch_func=lambda o: client.core_v1().secrets("").watch(context.todo(), o),
        )
        _, _, out, done = new_indexer_informer_watcher(lw, corev1.Secret())
        result = []
        ch = out.result_chan()
        while len(result) < 6:
            event, ok = ch.recv(TIMEOUT)
            assert ok, "result channel closed prematurely"
            result.append(event)
        want = [watch.Event(watch.Added, o) for o in INITIAL] + INPUT
        assert sorted(map(_key, result)) == sorted(map(_key, want))
        assert sorted((_key(e), e.object.stringData["foo-" + e.object.metadata.name[-1]]) for e in result) == sorted(
            (_key(e), e.object.stringData["foo-" + e.object.metadata.name[-1]]) for e in want
        )
        feeder.join(TIMEOUT)
        out.stop()  # before reading the rest: the informer copes with a stopped consumer
        assert done.wait(TIMEOUT)
        input_watcher.stop()
    finally:
        features.feature_gates().set(features.WatchListClient, True)


class _NoWatchList(ListWatch):
    def is_watch_list_semantics_un_supported(self):
        return True


def test_informer_watcher_deleted_final_state_unknown():
    calls = {"list": 0, "watch": 0}
    watchers = []

    def list_func(options):
        ret = corev1.SecretList()
        if calls["list"] == 0:
            ret.metadata.resourceVersion = "1"
            ret.items.append(
                corev1.Secret(metadata=metav1.ObjectMeta(name="secret1", namespace="ns1", resourceVersion="123"))
            )
        else:
            ret.metadata.resourceVersion = "2"
        calls["list"] += 1
        return ret

    def watch_func(options):
        w = watch.new_race_free_fake()
        watchers.append(w)
        if options.resourceVersion == "1":

            def gone():
                w.error(apierrors.new_gone("gone").err_status)
                w.stop()

            threading.Thread(target=gone).start()
        calls["watch"] += 1
        return w

    _, _, w, done = new_indexer_informer_watcher(
        _NoWatchList(list_func=list_func, watch_func=watch_func), corev1.Secret()
    )
    try:
        event, ok = w.result_chan().recv(TIMEOUT)
        assert ok and event.type == watch.Added and event.object.metadata.resourceVersion == "123"
        event, ok = w.result_chan().recv(TIMEOUT)  # the relist misses the secret: a delete of its last state
        assert ok and event.type == watch.Deleted and event.object.metadata.resourceVersion == "123"
    finally:
        w.stop()
    assert done.wait(TIMEOUT)
    assert calls["list"] >= 2 and calls["watch"] >= 1
    for fw in watchers:
        fw.stop()
