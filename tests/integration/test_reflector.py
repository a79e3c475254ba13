"""The Reflector against a real kube-apiserver: a namespace's ConfigMaps mirrored into a store, in list+watch mode
and in WatchList mode, through creates, updates and deletes, and through the API server going away and coming
back over a compacted etcd (the rewatch gets 410 Gone and the reflector relists).

"Mirrored" is checked against a fresh LIST: the same names, UIDs and resourceVersions.
"""

from __future__ import annotations

import faulthandler
import sys
import threading
import time
import uuid

import pytest

from kubernetes_py import context, features, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.tools import cache, clientcmd

from tests.conftest import REPO, _unavailable

sys.path.insert(0, str(REPO / "hack"))
import localcluster  # noqa: E402

CTX = context.todo()
CONVERGE = 60.0


class RecordingLW:
    """A ListWatch that records the options of every list and watch it serves."""

    def __init__(self, lw):
        self.lw = lw
        self.lists: list[metav1.ListOptions] = []
        self.watches: list[metav1.ListOptions] = []
        self.lock = threading.Lock()

    def list_with_context(self, ctx, options):
        with self.lock:
            self.lists.append(options.deep_copy())
        return self.lw.list_with_context(ctx, options)

    def watch_with_context(self, ctx, options):
        with self.lock:
            self.watches.append(options.deep_copy())
        return self.lw.watch_with_context(ctx, options)

    def list(self, options):
        return self.list_with_context(context.background(), options)

    def watch(self, options):
        return self.watch_with_context(context.background(), options)


def state_of(objects):
    return {o.metadata.name: (o.metadata.uid, o.metadata.resourceVersion) for o in objects}


def wait_mirrored(clientset, namespace, store, timeout=CONVERGE):
    """Wait until the store holds exactly what a fresh LIST returns; returns that state."""
    deadline = time.monotonic() + timeout
    while True:
        want = state_of(clientset.core_v1().config_maps(namespace).list(CTX, metav1.ListOptions()).items)
        got = state_of(store.list())
        if got == want:
            return want
        if time.monotonic() > deadline:
            raise AssertionError(
                f"store never matched the server:\nstore:  {sorted(got.items())}\nserver: {sorted(want.items())}"
            )
        time.sleep(0.05)


def config_map(name, value):
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name), data={"v": value})


def churn(clientset, namespace, prefix):
    """Creates two ConfigMaps, updates one of them and deletes the other."""
    cms = clientset.core_v1().config_maps(namespace)
    a = cms.create(CTX, config_map(f"{prefix}-a", "1"), metav1.CreateOptions())
    cms.create(CTX, config_map(f"{prefix}-b", "1"), metav1.CreateOptions())
    a.data["v"] = "2"
    cms.update(CTX, a, metav1.UpdateOptions())
    cms.delete(CTX, f"{prefix}-b", metav1.DeleteOptions())


def start_reflector(clientset, namespace, use_watch_list):
    lw = RecordingLW(
        cache.new_list_watch_from_client(
            clientset.core_v1().rest_client(), "configmaps", namespace, fields.everything()
        )
    )
    store = cache.new_store(cache.meta_namespace_key_func)
    with set_feature_during_test(features.WatchListClient, use_watch_list):
        r = cache.new_named_reflector(f"configmaps in {namespace}", lw, corev1.ConfigMap(), store, 0)
    assert r.use_watch_list is use_watch_list
    stop = threading.Event()
    thread = threading.Thread(target=r.run, args=(stop,), name=f"reflector {namespace}", daemon=True)
    thread.start()
    return r, lw, store, stop, thread


def stop_reflector(stop, thread):
    stop.set()
    thread.join(30)
    if thread.is_alive():
        faulthandler.dump_traceback()
    assert not thread.is_alive(), "the reflector did not stop"


@pytest.mark.parametrize("use_watch_list", [False, True], ids=["list+watch", "WatchList"])
def test_reflector_mirrors_config_maps(apiserver, namespace, use_watch_list):
    clientset = kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))
    cms = clientset.core_v1().config_maps(namespace)
    for i in range(3):
        cms.create(CTX, config_map(f"before-{i}", "0"), metav1.CreateOptions())
    r, lw, store, stop, thread = start_reflector(clientset, namespace, use_watch_list)
    try:
        wait_mirrored(clientset, namespace, store)
        churn(clientset, namespace, "during")
        final = wait_mirrored(clientset, namespace, store)
        assert sorted(final) == ["before-0", "before-1", "before-2", "during-a"]
        assert store.get_by_key(f"{namespace}/during-a")[0].data["v"] == "2"
        assert r.last_sync_resource_version() != ""
    finally:
        stop_reflector(stop, thread)
    # One request carried everything: the stream (or the watch after the list) kept delivering events.
    assert len(lw.watches) == 1
    first_watch = lw.watches[0]
    if use_watch_list:
        # The server streams the initial state: no LIST at all.
        assert lw.lists == []
        assert (first_watch.sendInitialEvents, first_watch.resourceVersionMatch, first_watch.resourceVersion) == (
            True,
            metav1.ResourceVersionMatchNotOlderThan,
            "",
        )
    else:
        assert [(o.resourceVersion, o.limit) for o in lw.lists] == [("0", 500)]
        assert first_watch.HasField("sendInitialEvents") is False
    assert first_watch.allowWatchBookmarks and 300 <= first_watch.timeoutSeconds < 600


@pytest.fixture
def own_cluster():
    """A cluster of the test's own: the test stops and restarts its API server."""
    cluster = localcluster.LocalCluster()
    try:
        cluster.start()
    except Exception as err:  # noqa: BLE001 - binaries missing or the server did not come up
        _unavailable(f"the local kube-apiserver could not be started: {err}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.mark.parametrize("use_watch_list", [False, True], ids=["list+watch", "WatchList"])
def test_reflector_relists_after_the_server_is_gone_and_back(own_cluster, use_watch_list):
    clientset = kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(own_cluster.kubeconfig)))
    namespace = f"test-{uuid.uuid4().hex[:10]}"
    clientset.core_v1().namespaces().create(
        CTX, corev1.Namespace(metadata=metav1.ObjectMeta(name=namespace)), metav1.CreateOptions()
    )
    for i in range(5):
        clientset.core_v1().config_maps(namespace).create(CTX, config_map(f"before-{i}", "0"), metav1.CreateOptions())
    r, lw, store, stop, thread = start_reflector(clientset, namespace, use_watch_list)
    try:
        wait_mirrored(clientset, namespace, store)
        rounds_before = len(lw.lists) + sum(1 for w in lw.watches if w.sendInitialEvents)

        # Gone: the watch breaks and rewatches are refused (backed off, no relist while refused).
        own_cluster.stop_apiserver()
        time.sleep(2.0)
        # etcd moves on and forgets: its history up to now is compacted while no API server runs.
        own_cluster.compact_etcd()
        own_cluster.start_apiserver()
        churn(clientset, namespace, "after-restart")
        wait_mirrored(clientset, namespace, store)

        # Once more, with changes the reflector can only learn from a relist.
        own_cluster.stop_apiserver()
        own_cluster.compact_etcd()
        own_cluster.start_apiserver()
        churn(clientset, namespace, "after-second-restart")
        final = wait_mirrored(clientset, namespace, store)
    finally:
        stop_reflector(stop, thread)
    assert sorted(final) == ["after-restart-a", "after-second-restart-a"] + [f"before-{i}" for i in range(5)]
    # Each time, the rewatch from the old resourceVersion got 410 Gone and a new round listed (or streamed).
    rounds_after = len(lw.lists) + sum(1 for w in lw.watches if w.sendInitialEvents)
    assert rounds_after >= rounds_before + 2
    if not use_watch_list:
        # A relist asks for data at least as new as what the reflector saw (or, refused, the latest).
        assert all(o.resourceVersion not in ("0",) for o in lw.lists[1:])
