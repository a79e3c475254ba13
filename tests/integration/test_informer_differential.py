"""Differential: client-go's shared informer (hack/oracle/cmd/informer) and ours watch the same namespace of a real
API server while a script churns it (creates, updates, deletes), with a relist forced in the middle (API server
killed, etcd moved on and compacted meanwhile). Both print every handler call; the final caches must be equal, and
so must each object's sequence of calls."""

from __future__ import annotations

import base64
import collections
import random
import subprocess
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

from tests.conftest import _unavailable
from tests.integration.conftest import localcluster

CTX = context.todo()
TIMEOUT = 60.0


@pytest.fixture(scope="module")
def cluster():
    c = localcluster.LocalCluster()
    try:
        c.start()
    except Exception as err:  # noqa: BLE001
        _unavailable(f"the local kube-apiserver could not be started: {err}")
    try:
        yield c
    finally:
        c.stop()


class GoInformer:
    """The oracle process: its handler lines, and its cache on demand."""

    def __init__(self, binary, kubeconfig, namespace):
        self.proc = subprocess.Popen(
            [str(binary), "-kubeconfig", str(kubeconfig), "-namespace", namespace],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, name="go informer output")
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def wait_for(self, pred, timeout=TIMEOUT):
        with self.cond:
            assert self.cond.wait_for(lambda: pred(self.lines), timeout), self.lines[-5:]

    def cache(self):
        with self.cond:
            start = len(self.lines)
        self.proc.stdin.write("dump\n")
        self.proc.stdin.flush()
        self.wait_for(lambda lines: "end" in lines[start:])
        with self.cond:
            out = self.lines[start:]
            end = out.index("end")
            del self.lines[start : start + end + 1]
            return sorted(tuple(ln.split()[1:]) for ln in out[:end])

    def calls(self):
        with self.cond:
            return [ln for ln in self.lines if ln != "synced"]

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(TIMEOUT)
        self.reader.join(TIMEOUT)


class PyRecorder:
    """Our handler, printing the oracle's lines."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.lines = []
        self.lock = threading.Lock()

    def _emit(self, line):
        with self.lock:
            self.lines.append(line)

    def on_add(self, obj, initial):
        self._emit(
            f"add {obj.metadata.name} {obj.metadata.uid} {obj.metadata.resourceVersion} "
            f"{'true' if initial else 'false'}"
        )

    def on_update(self, old, new):
        self._emit(f"update {new.metadata.name} {old.metadata.resourceVersion} {new.metadata.resourceVersion}")

    def on_delete(self, obj):
        if isinstance(obj, cache.DeletedFinalStateUnknown):
            self._emit(f"delete {obj.key[len(self.namespace) + 1 :]} tombstone")
        else:
            self._emit(f"delete {obj.metadata.name} {obj.metadata.resourceVersion}")

    def calls(self):
        with self.lock:
            return list(self.lines)


def _per_object(lines):
    out = collections.defaultdict(list)
    for ln in lines:
        parts = ln.split()
        out[parts[1]].append(" ".join([parts[0]] + parts[2:]))
    return dict(out)


def _retrying(fn, deadline=120.0):
    end = time.monotonic() + deadline
    while True:
        try:
            return fn()
        except errors.StatusError:
            raise
        except Exception:  # noqa: BLE001 - the server is restarting
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def test_informer_matches_client_go(cluster, go_oracle):
    binary = go_oracle("informer")
    ns = f"diff-{uuid.uuid4().hex[:8]}"
    config = clientcmd.build_config_from_flags("", str(cluster.kubeconfig))
    config.qps, config.burst = 1000.0, 1000
    clientset = kubernetes.new_for_config(config)
    clientset.core_v1().namespaces().create(
        CTX, corev1.Namespace(metadata=metav1.ObjectMeta(name=ns)), metav1.CreateOptions()
    )
    cms = clientset.core_v1().config_maps(ns)
    for i in range(20):
        cms.create(
            CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name=f"cm-{i}"), data={"v": "0"}), metav1.CreateOptions()
        )

    go = GoInformer(binary, cluster.kubeconfig, ns)
    ours = PyRecorder(ns)
    informer = cache.new_shared_informer(
        cache.new_list_watch_from_client(clientset.core_v1().rest_client(), "configmaps", ns, fields.everything()),
        corev1.ConfigMap(),
        0,
    )
    reg = informer.add_event_handler(ours)
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,), name="informer under test")
    runner.start()
    rnd = random.Random(3)
    exists = {f"cm-{i}": True for i in range(20)}

    def churn(n):
        for k in range(n):
            name = f"cm-{rnd.randrange(40)}"
            if not exists.get(name):
                _retrying(
                    lambda: cms.create(
                        CTX,
                        corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name), data={"v": str(k)}),
                        metav1.CreateOptions(),
                    )
                )
                exists[name] = True
            elif rnd.random() < 0.75:
                _retrying(
                    lambda: cms.update(
                        CTX,
                        corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name), data={"v": str(k)}),
                        metav1.UpdateOptions(),
                    )
                )
            else:
                _retrying(lambda: cms.delete(CTX, name, metav1.DeleteOptions()))
                exists[name] = False

    def snapshot(objs):
        return sorted((o.metadata.name, o.metadata.uid, o.metadata.resourceVersion) for o in objs)

    def quiesce():
        fresh = snapshot(_retrying(lambda: cms.list(CTX, metav1.ListOptions())).items)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if snapshot(informer.get_store().list()) == fresh and go.cache() == fresh:
                return fresh
            time.sleep(0.1)
        assert snapshot(informer.get_store().list()) == fresh
        assert go.cache() == fresh

    try:
        go.wait_for(lambda lines: "synced" in lines)
        assert cache.wait_for_cache_sync(stop, informer.has_synced, reg.has_synced)
        churn(300)
        before = quiesce()
        # a relist for both: the server dies, history moves on and is compacted before it is back
        cluster.stop_apiserver()
        for k in range(3):
            localcluster._etcd_post(
                cluster.etcd_url + "/v3/kv/put",
                {
                    "key": base64.b64encode(b"/informer-differential/bump").decode(),
                    "value": base64.b64encode(str(k).encode()).decode(),
                },
            )
        cluster.compact_etcd()
        cluster.start_apiserver()

        def relisted(lines):
            return sum(1 for ln in lines if ln.split()[0] == "update" and ln.split()[2] == ln.split()[3]) >= len(before)

        # both relist (an update with an unchanged RV for every object) before the churn goes on: otherwise
        # which writes a relist already contains depends on timing, and so would the calls
        go.wait_for(lambda lines: relisted(lines))
        deadline = time.monotonic() + TIMEOUT
        while not relisted(ours.calls()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert relisted(ours.calls())
        churn(200)
        final = quiesce()
        time.sleep(0.5)  # let the handlers finish their last calls
        go_calls, py_calls = go.calls(), ours.calls()
        py_objs, go_objs = _per_object(py_calls), _per_object(go_calls)
        assert {k: v for k, v in py_objs.items() if go_objs.get(k) != v} == {
            k: v for k, v in go_objs.items() if py_objs.get(k) != v
        }
        assert len(py_calls) == len(go_calls)
        relist_updates = sum(1 for ln in py_calls if ln.split()[0] == "update" and ln.split()[2] == ln.split()[3])
        print(
            f"\n[informer differential] calls={len(py_calls)} objects={len(_per_object(py_calls))} "
            f"final cache={len(final)} same-RV updates from the relist={relist_updates}"
        )
        assert relist_updates > 0  # the relist happened, for both alike
    finally:
        stop.set()
        runner.join(TIMEOUT)
        go.stop()
    assert not runner.is_alive()
