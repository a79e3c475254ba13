"""Quantities are written in Go's canonical form in JSON and protobuf, whatever text they were parsed from
(Go's MarshalJSON and protobuf Marshal both print Quantity.String(); str(q) is differential-tested against it)."""

import json

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import resource
from kubernetes_py.kubernetes import scheme

NOTATIONS = ["0.5", "1.5Gi", "1000m", "2048Ki", "1e3", "0.000001", "100", "12345678901234n", "-0.25"]


def _serializer(media_type):
    return next(i.serializer for i in scheme.Codecs.supported_media_types() if i.media_type == media_type)


def _pod(text):
    limits = {"cpu": resource.must_parse(text)}
    pod = corev1.Pod(
        spec=corev1.PodSpec(
            containers=[corev1.Container(name="c", resources=corev1.ResourceRequirements(limits=limits))]
        )
    )
    pod.apiVersion, pod.kind = "v1", "Pod"
    return pod


@pytest.mark.parametrize("text", NOTATIONS)
def test_json_writes_the_canonical_form(text):
    body = json.loads(runtime.encode(_serializer("application/json"), _pod(text)))
    assert body["spec"]["containers"][0]["resources"]["limits"]["cpu"] == str(resource.must_parse(text))


@pytest.mark.parametrize("text", NOTATIONS)
def test_protobuf_writes_the_canonical_form(text):
    data = runtime.encode(_serializer("application/vnd.kubernetes.protobuf"), _pod(text))
    decoded, _ = scheme.Codecs.universal_deserializer().decode(data)
    assert decoded.spec.containers[0].resources.limits["cpu"].string == str(resource.must_parse(text))


def test_half_a_cpu_is_500m():
    body = json.loads(runtime.encode(_serializer("application/json"), _pod("0.5")))
    assert body["spec"]["containers"][0]["resources"]["limits"] == {"cpu": "500m"}
