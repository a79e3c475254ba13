"""No lost update under faults: a shared informer watches while a writer makes many changes to many objects; the
API server is killed and restarted twice and etcd is compacted (the watch then gets 410 Gone and relists).

At the end the informer's cache equals a fresh LIST (names, UIDs, resourceVersions), every object's handler calls
form a valid history (no update before its add, nothing after its delete, each call continuing from the state
the previous one left, tombstones where a delete was missed), and no thread is left after stop.

CI size: 200 objects, 2,000 changes. KUBERNETES_PY_FAULTS_FULL=1: 1,000 objects, 10,000 changes (the issue's size).
The figures are printed (run with -s to see them).
"""

from __future__ import annotations

import base64
import os
import random
import sys
import threading
import time
import uuid

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache, clientcmd
from kubernetes_py.tools.cache.listwatch import ListWatch

from tests.conftest import _unavailable
from tests.integration.conftest import localcluster

CTX = context.todo()
FULL = os.environ.get("KUBERNETES_PY_FAULTS_FULL") == "1"
OBJECTS, CHANGES = (1000, 10000) if FULL else (200, 2000)


@pytest.fixture(scope="module")
def cluster():
    """A cluster of this module's own: its API server gets killed."""
    c = localcluster.LocalCluster()
    try:
        c.start()
    except Exception as err:  # noqa: BLE001
        _unavailable(f"the local kube-apiserver could not be started: {err}")
    try:
        yield c
    finally:
        c.stop()


def _retrying(fn, deadline=180.0):
    """Call fn until it stops failing for want of a server (the API server is down for a while)."""
    end = time.monotonic() + deadline
    while True:
        try:
            return fn()
        except errors.StatusError:
            raise
        except Exception:  # noqa: BLE001 - connection refused/reset while the server is down
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


class History:
    """Every handler call, per key, checked as it comes: each call must continue from the state the previous one
    left (same UID and resourceVersion), adds only when absent, updates and deletes only when present."""

    def __init__(self):
        self.lock = threading.Lock()
        self.state = {}  # key -> (uid, rv) as the handler calls left it
        self.errors = []
        self.calls = 0
        self.tombstones = 0

    @staticmethod
    def _id(obj):
        return obj.metadata.uid, obj.metadata.resourceVersion

    def on_add(self, obj, is_in_initial_list):
        key = cache.meta_namespace_key_func(obj)
        with self.lock:
            self.calls += 1
            if key in self.state:
                self.errors.append(("add of a present object", key, self.state[key], self._id(obj)))
            self.state[key] = self._id(obj)

    def on_update(self, old, new):
        key = cache.meta_namespace_key_func(new)
        with self.lock:
            self.calls += 1
            if self.state.get(key) != self._id(old):
                self.errors.append(("update not from the last state", key, self.state.get(key), self._id(old)))
            if old.metadata.uid == new.metadata.uid and int(new.metadata.resourceVersion) < int(
                old.metadata.resourceVersion
            ):
                self.errors.append(("update going back", key, self._id(old), self._id(new)))
            self.state[key] = self._id(new)

    def on_delete(self, obj):
        key = cache.deletion_handling_meta_namespace_key_func(obj)
        with self.lock:
            self.calls += 1
            if isinstance(obj, cache.DeletedFinalStateUnknown):
                self.tombstones += 1
                obj = obj.obj
            if key not in self.state:
                self.errors.append(("delete of an absent object", key))
            elif obj is not None and (
                obj.metadata.uid != self.state[key][0] or int(obj.metadata.resourceVersion) < int(self.state[key][1])
            ):
                # a DELETED event carries the object at the deletion's resourceVersion; a tombstone its last state
                self.errors.append(("delete not of the last object", key, self.state[key], self._id(obj)))
            self.state.pop(key, None)


def test_no_lost_update_under_faults(cluster):
    ns = f"faults-{uuid.uuid4().hex[:8]}"
    config = clientcmd.build_config_from_flags("", str(cluster.kubeconfig))
    config.qps, config.burst = 1000.0, 1000  # client-go's default 5 QPS would make the writer the bottleneck
    clientset = kubernetes.new_for_config(config)
    clientset.core_v1().namespaces().create(
        CTX, corev1.Namespace(metadata=metav1.ObjectMeta(name=ns)), metav1.CreateOptions()
    )
    cms = clientset.core_v1().config_maps(ns)

    counts = {"lists": 0, "watches": 0, "initial_event_streams": 0}
    base = cache.new_list_watch_from_client(clientset.core_v1().rest_client(), "configmaps", ns, fields.everything())

    def do_list(ctx, options):
        counts["lists"] += 1
        return base.list_with_context(ctx, options)

    def do_watch(ctx, options):
        counts["watches"] += 1
        if options.sendInitialEvents:
            counts["initial_event_streams"] += 1
        return base.watch_with_context(ctx, options)

    informer = cache.new_shared_informer(
        ListWatch(list_with_context_func=do_list, watch_func_with_context=do_watch), corev1.ConfigMap(), 0
    )
    history = History()
    reg = informer.add_event_handler(history)
    watch_errors = []
    informer.set_watch_error_handler(
        lambda r, err: (watch_errors.append(str(err)), cache.default_watch_error_handler(None, r, err))
    )
    threads_before = set(threading.enumerate())
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,), name="informer under test")
    runner.start()
    try:
        assert cache.wait_for_cache_sync(stop, informer.has_synced, reg.has_synced)
        rnd = random.Random(42)
        exists = {}
        made = {"create": 0, "update": 0, "delete": 0}
        faults = {CHANGES // 3: "restart", 2 * CHANGES // 3: "restart+compact"}
        fault_times = []
        start = time.monotonic()
        for n in range(CHANGES):
            if n in faults:
                t0 = time.monotonic()
                cluster.stop_apiserver()  # SIGKILL
                if faults[n] == "restart+compact":
                    # history moves on while the informer is away, then is compacted: its re-watch gets 410 Gone
                    for k in range(3):
                        localcluster._etcd_post(
                            cluster.etcd_url + "/v3/kv/put",
                            {
                                "key": base64.b64encode(b"/informer-faults/bump").decode(),
                                "value": base64.b64encode(str(k).encode()).decode(),
                            },
                        )
                    cluster.compact_etcd()
                cluster.start_apiserver()
                fault_times.append(time.monotonic() - t0)
            i = rnd.randrange(OBJECTS)
            name = f"cm-{i}"
            if not exists.get(name):

                def create():
                    try:
                        cms.create(
                            CTX,
                            corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name), data={"n": str(n)}),
                            metav1.CreateOptions(),
                        )
                    except errors.StatusError as err:
                        if not errors.is_already_exists(err):  # a create retried after the server died
                            raise

                _retrying(create)
                exists[name] = True
                made["create"] += 1
            elif rnd.random() < 0.8:
                _retrying(
                    lambda: cms.update(
                        CTX,
                        corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name), data={"n": str(n)}),
                        metav1.UpdateOptions(),
                    )
                )
                made["update"] += 1
            else:

                def delete():
                    try:
                        cms.delete(CTX, name, metav1.DeleteOptions())
                    except errors.StatusError as err:
                        if not errors.is_not_found(err):
                            raise

                _retrying(delete)
                exists[name] = False
                made["delete"] += 1
        writes_done = time.monotonic()

        def snapshot(objs):
            return sorted((o.metadata.name, o.metadata.uid, o.metadata.resourceVersion) for o in objs)

        fresh = snapshot(_retrying(lambda: cms.list(CTX, metav1.ListOptions())).items)
        deadline = time.monotonic() + 60
        while snapshot(informer.get_store().list()) != fresh and time.monotonic() < deadline:
            time.sleep(0.05)
        converged = time.monotonic() - writes_done
        assert snapshot(informer.get_store().list()) == fresh
        assert {n for n, _, _ in fresh} == {n for n, e in exists.items() if e}
        # the handler's calls, replayed, give the same state
        want_state = {f"{ns}/{n}": (uid, rv) for n, uid, rv in fresh}
        deadline = time.monotonic() + 30
        while True:
            with history.lock:
                if history.state == want_state or time.monotonic() > deadline:
                    break
            time.sleep(0.05)
        with history.lock:
            assert history.errors == []
            assert history.state == want_state
        assert informer.has_synced() and reg.has_synced()
        print(
            f"\n[informer faults] objects={OBJECTS} changes={CHANGES} {made} handler calls={history.calls} "
            f"tombstones={history.tombstones} lists={counts['lists']} watches={counts['watches']} "
            f"initial-event streams={counts['initial_event_streams']} "
            f"relists={counts['lists'] + counts['initial_event_streams'] - 1} watch errors={len(watch_errors)} "
            f"write phase={writes_done - start:.1f}s restarts={['%.1fs' % t for t in fault_times]} "
            f"converged {converged:.2f}s after the last write",
            file=sys.stderr,
        )
        # the compaction made the informer start over from a list (or an initial-events stream) once more
        assert counts["lists"] + counts["initial_event_streams"] >= 2
    finally:
        stop.set()
        runner.join(60)
    assert not runner.is_alive()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        left = [
            t
            for t in threading.enumerate()
            if t not in threads_before and t.is_alive() and t.name != "context-deadlines"
        ]
        if not left:
            break
        time.sleep(0.05)
    assert left == [], [t.name for t in left]
