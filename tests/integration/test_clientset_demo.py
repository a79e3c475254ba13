"""hack/demo_clientset.py and hack/demo_informer.py (the clientset and informer parts of `make demo`) against the
real kube-apiserver."""

from __future__ import annotations

import importlib.util
import re
import threading

from kubernetes_py import context, kubernetes
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd
from tests.conftest import REPO


def _demo():
    spec = importlib.util.spec_from_file_location("demo_clientset", REPO / "hack" / "demo_clientset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_creates_three_pods_in_kube_system_and_lists_them(apiserver, capsys):
    demo = _demo()
    config = clientcmd.build_config_from_flags("", str(apiserver.kubeconfig))
    pods = kubernetes.new_for_config(config).core_v1().pods("kube-system")
    try:
        assert demo.main(str(apiserver.kubeconfig)) == 0
        first = capsys.readouterr().out
        for name in demo.POD_NAMES:
            assert f"created pod kube-system/{name} (uid " in first
            assert f"\n{name:<16}Pending   registry.k8s.io/pause:3.10      " in first

        assert demo.main(str(apiserver.kubeconfig)) == 0  # again: the pods are there already
        second = capsys.readouterr().out
        assert all(f"pod kube-system/{name} already exists" in second for name in demo.POD_NAMES)
        listed = pods.list(context.todo(), metav1.ListOptions(labelSelector="app=demo-web"))
        assert sorted(p.metadata.name for p in listed.items) == list(demo.POD_NAMES)
        assert f"There are {len(pods.list(context.todo(), metav1.ListOptions()).items)} pods in kube-system" in second
    finally:
        pods.delete_collection(
            context.todo(), metav1.DeleteOptions(gracePeriodSeconds=0), metav1.ListOptions(labelSelector="app=demo-web")
        )


def _demo_informer():
    spec = importlib.util.spec_from_file_location("demo_informer", REPO / "hack" / "demo_informer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_informer_prints_added_updated_deleted_reads_the_lister_and_stops(apiserver, capsys):
    demo = _demo_informer()
    before = set(threading.enumerate())
    assert demo.main(str(apiserver.kubeconfig)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    synced = [
        i
        for i, line in enumerate(lines)
        if re.fullmatch(r"informer synced in \d+\.\d\d s: the lister holds \d+ pods in kube-system", line)
    ]
    assert len(synced) == 1, out
    # before it, only adds of pods kube-system holds already (the handler's thread may print some of them later)
    initial = lines[: synced[0]]
    assert all(line.startswith("Pod added: ") for line in initial), out
    assert int(lines[synced[0]].split(" holds ")[1].split()[0]) >= len(initial), out
    ours = [line for line in lines if "demo-informer" in line]
    deleting = ours.index("-> deleting pod kube-system/demo-informer")
    if ours[deleting + 1] == "Pod updated: demo-informer":  # the server may first mark it (deletionTimestamp)
        del ours[deleting + 1]
    assert ours == [
        "-> creating pod kube-system/demo-informer",
        "Pod added: demo-informer",
        "   lister: demo-informer is in the cache, labels {'app': 'demo-informer'}",
        "-> labelling pod kube-system/demo-informer tier=frontend",
        "Pod updated: demo-informer",
        "   lister: labels now {'app': 'demo-informer', 'tier': 'frontend'}",
        "-> deleting pod kube-system/demo-informer",
        "Pod deleted: kube-system/demo-informer",
        '   lister: pod "demo-informer" not found',
    ], out
    assert lines[-1] == "informer stopped: factory.shutdown() joined its threads"
    assert not [t for t in threading.enumerate() if t not in before and t.is_alive()]
