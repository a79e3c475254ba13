"""hack/demo_clientset.py (the clientset part of `make demo`) against the real kube-apiserver."""
from __future__ import annotations

import importlib.util

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
        pods.delete_collection(context.todo(), metav1.DeleteOptions(gracePeriodSeconds=0),
                               metav1.ListOptions(labelSelector="app=demo-web"))
