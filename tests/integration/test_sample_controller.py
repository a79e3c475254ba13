"""The sample-controller port (examples/sample-controller) reconciling against the real kube-apiserver: a Foo gets
its Deployment with the owner reference, a change of spec.replicas reaches the Deployment, a deleted Deployment is
recreated, a Deployment it does not own is reported (an ErrResourceExists event) and left alone; Foo status and
Synced events are written."""

from __future__ import annotations

import time
import uuid

import pytest
import yaml

from kubernetes_py import context, dynamic, kubernetes
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.tools import clientcmd
from tests.conftest import REPO
from tests.integration.test_dynamic import CRDS, wait_established
from tests.integration.test_examples import _Program

CTX = context.todo()
TIMEOUT = 30.0
EXAMPLE = REPO / "examples" / "sample-controller"
FOOS = GroupVersionResource("samplecontroller.k8s.io", "v1alpha1", "foos")


def _eventually(cond, what):
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            result = cond()
        except errors.StatusError as err:
            if not errors.is_not_found(err):
                raise
            result = None
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def foo_crd(apiserver):
    config = clientcmd.build_config_from_flags("", str(apiserver.kubeconfig))
    client = dynamic.new_for_config(config)
    crd = yaml.safe_load((EXAMPLE / "artifacts" / "crd-status-subresource.yaml").read_text())
    try:
        client.resource(CRDS).create(CTX, Unstructured(crd), metav1.CreateOptions())
    except errors.StatusError as err:
        assert errors.is_already_exists(err), err
    wait_established(client, crd["metadata"]["name"])
    _eventually(lambda: client.resource(FOOS).namespace("default").list(CTX) is not None, "foos to be served")
    return client, kubernetes.new_for_config(config)


def _foo(name, deployment_name, replicas):
    foo = yaml.safe_load((EXAMPLE / "artifacts" / "example-foo.yaml").read_text())
    foo["metadata"]["name"] = name
    foo["spec"] = {"deploymentName": deployment_name, "replicas": replicas}
    return Unstructured(foo)


def test_sample_controller_reconciles(apiserver, foo_crd, namespace):
    client, kube = foo_crd
    foos = client.resource(FOOS).namespace(namespace)
    deployments = kube.apps_v1().deployments(namespace)
    # a Deployment the controller does not own, and a Foo that names it
    labels = {"app": "other"}
    deployments.create(
        CTX,
        appsv1.Deployment(
            metadata=metav1.ObjectMeta(name="not-ours"),
            spec=appsv1.DeploymentSpec(
                replicas=2,
                selector=metav1.LabelSelector(matchLabels=labels),
                template=corev1.PodTemplateSpec(
                    metadata=metav1.ObjectMeta(labels=labels),
                    spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="nginx")]),
                ),
            ),
        ),
        metav1.CreateOptions(),
    )
    program = _Program(EXAMPLE / "main.py", "--kubeconfig", apiserver.kubeconfig)
    try:
        name = f"foo-{uuid.uuid4().hex[:6]}"
        foo = foos.create(CTX, _foo(name, f"{name}-deploy", 1), metav1.CreateOptions())

        deployment = _eventually(lambda: deployments.get(CTX, f"{name}-deploy", metav1.GetOptions()), "the Deployment")
        owner = metav1.get_controller_of(deployment)
        assert (owner.apiVersion, owner.kind, owner.name, owner.uid, owner.blockOwnerDeletion) == (
            "samplecontroller.k8s.io/v1alpha1",
            "Foo",
            name,
            foo.get_uid(),
            True,
        )
        assert deployment.spec.replicas == 1
        assert dict(deployment.spec.selector.matchLabels) == {"app": "nginx", "controller": name}
        _eventually(lambda: "status" in foos.get(CTX, name).object, "the Foo's status")
        assert foos.get(CTX, name).object["status"] == {"availableReplicas": 0}  # no controller-manager runs

        current = foos.get(CTX, name)
        current.object["spec"]["replicas"] = 3
        foos.update(CTX, current, metav1.UpdateOptions())
        _eventually(
            lambda: deployments.get(CTX, f"{name}-deploy", metav1.GetOptions()).spec.replicas == 3,
            "the new replica count",
        )

        first_uid = deployment.metadata.uid
        deployments.delete(CTX, f"{name}-deploy", metav1.DeleteOptions())
        recreated = _eventually(
            lambda: (d := deployments.get(CTX, f"{name}-deploy", metav1.GetOptions())).metadata.uid != first_uid and d,
            "the Deployment to be recreated",
        )
        assert recreated.spec.replicas == 3 and metav1.get_controller_of(recreated).uid == foo.get_uid()

        foos.create(CTX, _foo("uses-not-ours", "not-ours", 5), metav1.CreateOptions())
        events = kube.core_v1().events(namespace)

        def reported():
            return [
                e
                for e in events.list(CTX, metav1.ListOptions()).items
                if e.involvedObject.name == "uses-not-ours" and e.reason == "ErrResourceExists"
            ]

        event = _eventually(reported, "the ErrResourceExists event")[0]
        assert (event.type, event.message, event.source.component, event.involvedObject.kind) == (
            "Warning",
            'Resource "not-ours" already exists and is not managed by Foo',
            "sample-controller",
            "Foo",
        )
        left_alone = deployments.get(CTX, "not-ours", metav1.GetOptions())
        assert left_alone.spec.replicas == 2 and not left_alone.metadata.ownerReferences
        synced = _eventually(
            lambda: [
                e
                for e in events.list(CTX, metav1.ListOptions()).items
                if e.involvedObject.name == name and e.reason == "Synced"
            ],
            "a Synced event",
        )
        assert synced[0].message == "Foo synced successfully" and synced[0].type == "Normal"
    finally:
        code, stderr = program.interrupt()
    assert code == 0, stderr
    assert "Starting Foo controller" in stderr and "Shutting down workers" in stderr, stderr
