"""The requests the generated apiextensions clientset sends for CustomResourceDefinitions (protobuf by default,
as client-go's apiextensions clientset: its typed clients prefer protobuf and the CRD types have it)."""

from __future__ import annotations

import json

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1 as apiextensionsv1
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1beta1 as apiextensionsv1beta1
from kubernetes_py.apiextensions_apiserver.client.clientset import clientset as apiextensionsclientset
from kubernetes_py.apiextensions_apiserver.client.clientset.clientset import scheme
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

CTX = context.todo()
PROTOBUF = "application/vnd.kubernetes.protobuf"
PROTOBUF_ACCEPT = "application/vnd.kubernetes.protobuf,application/json"
JSON_ACCEPT = "application/json, */*"
CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
NAME = "crontabs.stable.example.com"


def _protobuf_serializer():
    info, ok = runtime.serializer_info_for_media_type(scheme.Codecs.supported_media_types(), PROTOBUF)
    assert ok
    return info.serializer


def _to_protobuf(obj, gv=apiextensionsv1.SchemeGroupVersion) -> bytes:
    return runtime.encode(scheme.Codecs.encoder_for_version(_protobuf_serializer(), gv), obj)


def _from_body(data: bytes):
    return runtime.decode(scheme.Codecs.universal_deserializer(), data)


def _as_json(obj, gv=apiextensionsv1.SchemeGroupVersion) -> dict:
    return json.loads(runtime.encode(scheme.Codecs.legacy_codec(gv), obj))


def _crd(uid: str = "") -> apiextensionsv1.CustomResourceDefinition:
    crd = apiextensionsv1.CustomResourceDefinition()
    crd.metadata.name = NAME
    if uid:
        crd.metadata.uid = uid
    crd.spec.group = "stable.example.com"
    crd.spec.scope = "Namespaced"
    crd.spec.names.plural = "crontabs"
    crd.spec.names.kind = "CronTab"
    version = crd.spec.versions.add()
    version.name = "v1"
    version.served = True
    version.storage = True
    version.schema.openAPIV3Schema.type = "object"
    return crd


def _crd_json(uid: str = "u-1") -> dict:
    return {
        "kind": "CustomResourceDefinition",
        "apiVersion": "apiextensions.k8s.io/v1",
        "metadata": {"name": NAME, "uid": uid},
        "spec": {
            "group": "stable.example.com",
            "scope": "Namespaced",
            "names": {"plural": "crontabs", "kind": "CronTab"},
            "versions": [
                {"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {"type": "object"}}}
            ],
        },
    }


# What an unset status looks like in Go's JSON of a CustomResourceDefinition.
EMPTY_STATUS = {"conditions": None, "acceptedNames": {"plural": "", "kind": ""}, "storedVersions": None}


def _sent(httpserver):
    request, _ = httpserver.log[-1]
    return request


@pytest.fixture
def clientset(httpserver):
    return apiextensionsclientset.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1))


@pytest.fixture
def json_clientset(httpserver):
    return apiextensionsclientset.new_for_config(
        rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type="application/json")
    )


def test_create_posts_the_crd_in_protobuf(httpserver, clientset):
    httpserver.expect_request(CRDS, method="POST", query_string="fieldManager=m").respond_with_data(
        _to_protobuf(_crd("u-1")), status=201, content_type=PROTOBUF
    )
    created = (
        clientset.apiextensions_v1()
        .custom_resource_definitions()
        .create(CTX, _crd(), metav1.CreateOptions(fieldManager="m"))
    )
    assert isinstance(created, apiextensionsv1.CustomResourceDefinition)
    assert created.metadata.uid == "u-1" and created.spec.names.kind == "CronTab"
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == PROTOBUF
    assert request.headers["Accept"] == PROTOBUF_ACCEPT
    assert _as_json(_from_body(request.get_data())) == {
        **_crd_json(),
        "metadata": {"name": NAME},
        "status": EMPTY_STATUS,
    }


def test_get_reads_the_named_crd(httpserver, clientset):
    httpserver.expect_request(f"{CRDS}/{NAME}", method="GET", query_string="resourceVersion=7").respond_with_data(
        _to_protobuf(_crd("u-2")), content_type=PROTOBUF
    )
    crd = (
        clientset.apiextensions_v1()
        .custom_resource_definitions()
        .get(CTX, NAME, metav1.GetOptions(resourceVersion="7"))
    )
    assert crd.metadata.uid == "u-2" and crd.spec.versions[0].name == "v1"
    assert _sent(httpserver).headers["Accept"] == PROTOBUF_ACCEPT


def test_list_decodes_the_items(httpserver, clientset):
    served = apiextensionsv1.CustomResourceDefinitionList()
    served.metadata.resourceVersion = "9"
    served.items.add().CopyFrom(_crd("u-3"))
    httpserver.expect_request(CRDS, method="GET", query_string="labelSelector=a%3Db&limit=5").respond_with_data(
        _to_protobuf(served), content_type=PROTOBUF
    )
    crds = (
        clientset.apiextensions_v1()
        .custom_resource_definitions()
        .list(CTX, metav1.ListOptions(labelSelector="a=b", limit=5))
    )
    assert isinstance(crds, apiextensionsv1.CustomResourceDefinitionList)
    assert [c.metadata.uid for c in crds.items] == ["u-3"] and crds.metadata.resourceVersion == "9"


def test_update_status_puts_under_status(httpserver, clientset):
    httpserver.expect_request(f"{CRDS}/{NAME}/status", method="PUT").respond_with_data(
        _to_protobuf(_crd("u-4")), content_type=PROTOBUF
    )
    crd = _crd()
    condition = crd.status.conditions.add()
    condition.type = "Established"
    condition.status = "True"
    updated = clientset.apiextensions_v1().custom_resource_definitions().update_status(CTX, crd, metav1.UpdateOptions())
    assert updated.metadata.uid == "u-4"
    request = _sent(httpserver)
    assert request.method == "PUT" and request.headers["Content-Type"] == PROTOBUF
    assert _as_json(_from_body(request.get_data()))["status"] == {
        **EMPTY_STATUS,
        "conditions": [{"type": "Established", "status": "True", "lastTransitionTime": None}],
    }


def test_delete_sends_delete_options(httpserver, clientset):
    httpserver.expect_request(f"{CRDS}/{NAME}", method="DELETE").respond_with_json(
        {"kind": "Status", "apiVersion": "v1", "status": "Success"}
    )
    clientset.apiextensions_v1().custom_resource_definitions().delete(
        CTX, NAME, metav1.DeleteOptions(gracePeriodSeconds=0)
    )
    request = _sent(httpserver)
    assert request.query_string == b""
    assert request.headers["Content-Type"] == PROTOBUF
    assert _as_json(_from_body(request.get_data())) == {
        "kind": "DeleteOptions",
        "apiVersion": "apiextensions.k8s.io/v1",
        "gracePeriodSeconds": 0,
    }


def test_json_config_keeps_to_json(httpserver, json_clientset):
    httpserver.expect_request(CRDS, method="POST").respond_with_json(_crd_json(), status=201)
    created = (
        json_clientset.apiextensions_v1().custom_resource_definitions().create(CTX, _crd(), metav1.CreateOptions())
    )
    assert created.metadata.uid == "u-1"
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == JSON_ACCEPT
    assert json.loads(request.get_data()) == {**_crd_json(), "metadata": {"name": NAME}, "status": EMPTY_STATUS}


def test_not_found_raises_status_error(httpserver, clientset):
    httpserver.expect_request(f"{CRDS}/missing").respond_with_json(
        {
            "kind": "Status",
            "apiVersion": "v1",
            "status": "Failure",
            "reason": "NotFound",
            "code": 404,
            "message": 'customresourcedefinitions.apiextensions.k8s.io "missing" not found',
        },
        status=404,
    )
    with pytest.raises(errors.StatusError) as info:
        clientset.apiextensions_v1().custom_resource_definitions().get(CTX, "missing", metav1.GetOptions())
    assert errors.is_not_found(info.value)
    assert str(info.value) == 'customresourcedefinitions.apiextensions.k8s.io "missing" not found'


def test_v1beta1_uses_its_own_path(httpserver, json_clientset):
    httpserver.expect_request(f"/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions/{NAME}").respond_with_json(
        {
            "kind": "CustomResourceDefinition",
            "apiVersion": "apiextensions.k8s.io/v1beta1",
            "metadata": {"name": NAME},
            "spec": {"group": "stable.example.com", "version": "v1"},
        }
    )
    crd = json_clientset.apiextensions_v1beta1().custom_resource_definitions().get(CTX, NAME, metav1.GetOptions())
    assert isinstance(crd, apiextensionsv1beta1.CustomResourceDefinition)
    assert crd.spec.version == "v1"
