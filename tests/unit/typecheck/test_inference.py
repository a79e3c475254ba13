"""A type checker infers the client layer's types in a user's program that has no annotation of its own: the typed
clientset's verbs return their API type, listers return the cached type, a watch is a context manager (mypy with the
project's configuration, run on a small program; its cache in .mypy_cache keeps a rerun to a few seconds)."""

from __future__ import annotations

import pytest

from tests.unit.typecheck import mypyrun

pytest.importorskip("mypy")

PROGRAM = """\
from kubernetes_py import context, dynamic, informers, kubernetes, metadata
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.tools import clientcmd

config = clientcmd.build_config_from_flags("", "kubeconfig")
clientset = kubernetes.new_for_config(config)
reveal_type(clientset.core_v1().pods("x").get(context.todo(), "n", metav1.GetOptions()))
reveal_type(clientset.core_v1().pods("x").get(context.todo(), "n", metav1.GetOptions()).spec.nodeName)
reveal_type(clientset.apps_v1().deployments("x").list(None, metav1.ListOptions()))
reveal_type(clientset.apps_v1().deployments("x").get_scale(None, "d", metav1.GetOptions()))
with clientset.core_v1().pods("x").watch(None, metav1.ListOptions()) as w:
    reveal_type(w)
factory = informers.new_shared_informer_factory(clientset, 30)
reveal_type(factory.core().v1().pods().lister().pods("ns").get("x"))
reveal_type(factory.core().v1().pods().lister().pods("ns").get("x").spec.nodeName)
reveal_type(factory.apps().v1().deployments().lister().list(labels.everything()))
gvr = schema.GroupVersionResource(group="apps", version="v1", resource="deployments")
reveal_type(dynamic.new_for_config(config).resource(gvr).namespace("x").get(None, "d", metav1.GetOptions()))
reveal_type(metadata.new_for_config(config).resource(gvr).namespace("x").list(None, metav1.ListOptions()))
"""

EXPECTED = [
    "kubernetes_py.api.core.v1.Pod",
    "builtins.str",
    "kubernetes_py.api.apps.v1.DeploymentList",
    "kubernetes_py.api.autoscaling.v1.Scale",
    "kubernetes_py.apimachinery.watch.watch.Interface",
    "kubernetes_py.api.core.v1.Pod",
    "builtins.str",
    "builtins.list[kubernetes_py.api.apps.v1.Deployment]",
    "kubernetes_py.apimachinery.apis.meta.v1.unstructured.unstructured.Unstructured",
    "kubernetes_py.apimachinery.apis.meta.v1.generated.PartialObjectMetadataList",
]


def test_verbs_and_listers_are_typed_without_annotations(tmp_path):
    result = mypyrun.run(tmp_path, PROGRAM)
    assert mypyrun.revealed(result) == EXPECTED, result.stdout + result.stderr
    assert mypyrun.program_errors(result) == [], result.stdout


def test_a_wrong_use_is_an_error(tmp_path):
    """The types are real, not Any: a str field used as a number, a verb given the wrong options and a verb the
    +genclient tags leave out (config maps have no status) are errors."""
    result = mypyrun.run(
        tmp_path,
        PROGRAM.split("reveal_type")[0]
        + (
            'pod = clientset.core_v1().pods("x").get(None, "n", metav1.GetOptions())\n'
            "pod.spec.nodeName + 1\n"
            'clientset.core_v1().pods("x").create(None, pod, metav1.UpdateOptions())\n'
            'cm = clientset.core_v1().config_maps("x").get(None, "n", metav1.GetOptions())\n'
            'clientset.core_v1().config_maps("x").update_status(None, cm, metav1.UpdateOptions())\n'
        ),
    )
    errors = mypyrun.program_errors(result)
    assert len(errors) == 3, result.stdout
    assert errors[0].startswith('Unsupported operand types for + ("str" and "int")')
    assert errors[1].startswith(
        'Argument 3 to "create" of "Client" has incompatible type "UpdateOptions"; expected "CreateOptions"'
    )
    assert errors[2].startswith('"not_generated" not callable')
