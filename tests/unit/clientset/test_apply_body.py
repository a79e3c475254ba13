"""util/apply: the JSON an apply configuration sends (only the fields set, in Kubernetes' JSON forms)."""

from __future__ import annotations

import json

import pytest

from kubernetes_py import rest
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import resource
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.util import intstr
from kubernetes_py.util import apply


def _body(obj) -> dict:
    return json.loads(apply.marshal_apply_configuration(obj))


def test_zero_values_that_are_set_are_sent_and_unset_fields_are_not():
    deployment = appsv1.Deployment()
    deployment.metadata.name = "web"
    deployment.spec.replicas = 0
    deployment.spec.paused = False
    assert _body(deployment) == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {"replicas": 0, "paused": False},
    }


def test_special_types_take_their_json_forms():
    pod = corev1.Pod()
    pod.metadata.name = "p"
    container = pod.spec.containers.add()
    container.name = "c"
    container.resources.limits["cpu"].CopyFrom(resource.must_parse("250m"))
    container.ports.add(containerPort=8080)
    probe = container.readinessProbe
    probe.httpGet.port.CopyFrom(intstr.from_string("http"))
    assert _body(pod) == {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {
            "containers": [
                {
                    "name": "c",
                    "ports": [{"containerPort": 8080}],
                    "resources": {"limits": {"cpu": "250m"}},
                    "readinessProbe": {"httpGet": {"port": "http"}},
                }
            ]
        },
    }


def test_bytes_are_base64_and_the_objects_own_kind_is_kept():
    secret = corev1.Secret(apiVersion="v1", kind="Secret")
    secret.metadata.name = "s"
    secret.data["k"] = b"\x00\xffsecret"
    assert _body(secret) == {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s"},
        "data": {"k": "AP9zZWNyZXQ="},
    }


def test_unstructured_and_plain_dicts_are_sent_as_they_are():
    content = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {"size": 3}}
    assert _body(unstructured.Unstructured(json.loads(json.dumps(content)))) == content
    assert _body(content) == content


def test_other_values_are_refused():
    with pytest.raises(TypeError, match="^str is neither an API object nor an Unstructured$"):
        apply.marshal_apply_configuration("not an object")


def test_new_request_is_an_apply_patch_with_the_body(httpserver):
    import requests

    httpserver.expect_request("/api/v1/secrets", method="PATCH").respond_with_data(b"")
    rc = rest.new_rest_client(httpserver.url_for("/"), "/api/v1", rest.ClientContentConfig(), None, requests.Session())
    secret = corev1.Secret()
    secret.metadata.name = "s"
    apply.new_request(rc, secret).resource("secrets").do_raw()
    sent, _ = httpserver.log[0]
    assert sent.headers["Content-Type"] == "application/apply-patch+yaml"
    assert sent.get_data() == b'{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"}}'
    with pytest.raises(
        ValueError, match="^failed to marshal apply configuration: int is neither an API object nor an Unstructured$"
    ):
        apply.new_request(rc, 5)


def test_the_bytes_are_go_json_marshal():
    # What Go's json.Marshal writes for the same map (keys sorted, float64 in Go's digits, <, > and & escaped) and
    # struct (fields in order), checked against encoding/json.
    content = json.loads(
        '{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w"},"spec":{"ratio":1e-7,"big":1e21,'
        '"n":100000000000000000.0,"half":0.5,"one":1.0,"html":"<a&b>","z":1,"a":[2.50,3]}}'
    )
    want = (
        b'{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"a":[2.5,3],"big":1e+21,'
        b'"half":0.5,"html":"\\u003ca\\u0026b\\u003e","n":100000000000000000,"one":1,"ratio":1e-7,"z":1}}'
    )
    assert apply.marshal_apply_configuration(unstructured.Unstructured(content)) == want
    assert apply.marshal_apply_configuration(content) == want
    cm = corev1.ConfigMap()
    cm.metadata.name = "x<y"
    cm.data["b"] = "&"
    cm.data["a"] = ">"
    assert apply.marshal_apply_configuration(cm) == (
        b'{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x\\u003cy"},"data":{"a":"\\u003e","b":"\\u0026"}}'
    )
