"""The typed apiextensions clientset against a real kube-apiserver: a CronTab CRD created, established and deleted
through apiextensions_v1(), its custom resources handled through the dynamic client."""

from __future__ import annotations

import json
import time

import pytest

from kubernetes_py import context, dynamic, rest
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1 as apiextensionsv1
from kubernetes_py.apiextensions_apiserver.client.clientset import clientset as apiextensionsclientset
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

CTX = context.todo()
CRD_NAME = "crontabs.stable.example.com"
CRONTABS = GroupVersionResource(group="stable.example.com", version="v1", resource="crontabs")


def _config(apiserver) -> rest.Config:
    return rest.Config(
        host=apiserver.url,
        bearer_token=apiserver.admin_token,
        tls_client_config=rest.TLSClientConfig(ca_file=str(apiserver.ca_file)),
    )


def _crontab_crd() -> apiextensionsv1.CustomResourceDefinition:
    crd = apiextensionsv1.CustomResourceDefinition()
    crd.metadata.name = CRD_NAME
    crd.spec.group = "stable.example.com"
    crd.spec.scope = "Namespaced"
    crd.spec.names.plural = "crontabs"
    crd.spec.names.singular = "crontab"
    crd.spec.names.kind = "CronTab"
    crd.spec.names.shortNames.append("ct")
    version = crd.spec.versions.add()
    version.name = "v1"
    version.served = True
    version.storage = True
    root = version.schema.openAPIV3Schema
    root.type = "object"
    spec = root.properties["spec"]
    spec.type = "object"
    spec.properties["cronSpec"].type = "string"
    spec.properties["image"].type = "string"
    spec.properties["replicas"].type = "integer"
    return crd


def _established(crd: apiextensionsv1.CustomResourceDefinition) -> bool:
    return any(c.type == "Established" and c.status == "True" for c in crd.status.conditions)


def _wait(predicate, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def crontab_crd(apiserver):
    crds = apiextensionsclientset.new_for_config(_config(apiserver)).apiextensions_v1().custom_resource_definitions()
    created = crds.create(CTX, _crontab_crd(), metav1.CreateOptions())
    try:
        yield crds, created
    finally:
        try:
            crds.delete(CTX, CRD_NAME, metav1.DeleteOptions())
        except errors.StatusError as err:
            if not errors.is_not_found(err):
                raise


def test_crd_through_the_typed_client_and_crontabs_through_dynamic(apiserver, namespace, crontab_crd):
    crds, created = crontab_crd
    assert isinstance(created, apiextensionsv1.CustomResourceDefinition)
    assert created.metadata.name == CRD_NAME and created.metadata.uid != ""
    assert (created.spec.group, created.spec.scope, created.spec.names.kind) == (
        "stable.example.com",
        "Namespaced",
        "CronTab",
    )
    assert [(v.name, v.served, v.storage) for v in created.spec.versions] == [("v1", True, True)]

    def established_crd():
        crd = crds.get(CTX, CRD_NAME, metav1.GetOptions())
        return crd if _established(crd) else None

    established = _wait(established_crd, "the CRD's Established condition")
    assert established.metadata.uid == created.metadata.uid
    assert established.status.acceptedNames.kind == "CronTab"
    assert list(established.status.acceptedNames.shortNames) == ["ct"]
    assert list(established.status.storedVersions) == ["v1"]
    listed = crds.list(CTX, metav1.ListOptions(fieldSelector=f"metadata.name={CRD_NAME}"))
    assert [c.metadata.uid for c in listed.items] == [created.metadata.uid]

    crontabs = dynamic.new_for_config(_config(apiserver)).resource(CRONTABS).namespace(namespace)
    # The new resource is served a moment after Established; retry the first create on NotFound only.
    tab = {
        "apiVersion": "stable.example.com/v1",
        "kind": "CronTab",
        "metadata": {"name": "my-cron"},
        "spec": {"cronSpec": "* * * * */5", "image": "my-cron-image", "replicas": 1},
    }

    def create():
        try:
            return crontabs.create(CTX, Unstructured(json.loads(json.dumps(tab))), metav1.CreateOptions())
        except errors.StatusError as err:
            if errors.is_not_found(err):
                return None
            raise

    made = _wait(create, "the CronTab resource to be served")
    assert (made.get_name(), made.get_namespace(), made.get_kind()) == ("my-cron", namespace, "CronTab")
    assert made.unstructured_content()["spec"] == tab["spec"]

    got = crontabs.get(CTX, "my-cron", metav1.GetOptions())
    assert got.get_uid() == made.get_uid()
    assert got.unstructured_content()["spec"]["image"] == "my-cron-image"

    items = crontabs.list(CTX, metav1.ListOptions())
    assert [i.get_name() for i in items.items] == ["my-cron"]

    patched = crontabs.patch(CTX, "my-cron", types.MergePatchType, b'{"spec":{"replicas":3}}', metav1.PatchOptions())
    assert patched.unstructured_content()["spec"] == {**tab["spec"], "replicas": 3}
    assert int(patched.get_resource_version()) > int(made.get_resource_version())

    crontabs.delete(CTX, "my-cron", metav1.DeleteOptions())
    with pytest.raises(errors.StatusError) as info:
        crontabs.get(CTX, "my-cron", metav1.GetOptions())
    assert errors.is_not_found(info.value)
    assert str(info.value) == 'crontabs.stable.example.com "my-cron" not found'

    crds.delete(CTX, CRD_NAME, metav1.DeleteOptions())

    def gone():
        try:
            crds.get(CTX, CRD_NAME, metav1.GetOptions())
        except errors.StatusError as err:
            return errors.is_not_found(err)
        return False

    _wait(gone, "the CRD to be deleted")
