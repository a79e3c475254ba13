"""The Kubernetes JSON rules of the converter, case by case (expected values are what Go's
encoding/json writes for the same Go structs)."""

import base64
import json

import pytest

from kubernetes_py.api.admissionregistration import v1 as admissionv1
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.authentication import v1 as authnv1
from kubernetes_py.api.certificates import v1 as certificatesv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.networking import v1 as networkingv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import _gozero, _jsonconv
from kubernetes_py.apimachinery.runtime._jsonconv import UnmarshalTypeError


def roundtrip(cls, value):
    obj = _jsonconv.decode(cls, json.loads(json.dumps(value)))
    return obj, _jsonconv.encode(obj)


def test_time_is_rfc3339_utc_seconds_and_zero_time_is_omitted():
    obj, out = roundtrip(metav1.ObjectMeta, {"name": "a", "creationTimestamp": "2024-02-29T10:20:30+02:00"})
    assert obj.creationTimestamp.seconds == 1709194830
    assert out == {"name": "a", "creationTimestamp": "2024-02-29T08:20:30Z"}
    # creationTimestamp is omitzero in this release: a zero Time is left out; a nil pointer Time too.
    assert _jsonconv.encode(metav1.ObjectMeta(name="a")) == {"name": "a"}
    _, out = roundtrip(metav1.ObjectMeta, {"creationTimestamp": "0001-01-01T00:00:00Z"})
    assert out == {}


def test_pointer_time_set_to_zero_is_written_as_null():
    obj, out = roundtrip(metav1.ObjectMeta, {"deletionTimestamp": "0001-01-01T00:00:00Z"})
    assert obj.HasField("deletionTimestamp")
    assert out == {"deletionTimestamp": None}


def test_condition_time_without_omitempty_is_null_when_zero():
    _, out = roundtrip(corev1.PodCondition, {"type": "Ready", "status": "True", "lastTransitionTime": None})
    assert out == {"type": "Ready", "status": "True", "lastProbeTime": None, "lastTransitionTime": None}


def test_micro_time_has_six_fractional_digits():
    obj, out = roundtrip(corev1.Event, {"eventTime": "2020-01-02T03:04:05.123456Z"})
    assert (obj.eventTime.seconds, obj.eventTime.nanos) == (1577934245, 123456000)
    assert out["eventTime"] == "2020-01-02T03:04:05.123456Z"


def test_duration_is_go_duration_text():
    from kubernetes_py.api.flowcontrol import v1 as flowcontrolv1  # noqa: F401 - import the group
    from kubernetes_py._go.time import format_duration, parse_duration

    assert parse_duration("1h2m3.5s") == 3723500000000
    assert [format_duration(d) for d in (0, 1500, 1500000, 90 * 10**9, 3723500000000, -5)] == [
        "0s",
        "1.5µs",
        "1.5ms",
        "1m30s",
        "1h2m3.5s",
        "-5ns",
    ]
    with pytest.raises(ValueError, match='time: unknown unit "x" in duration "1x"'):
        parse_duration("1x")
    with pytest.raises(ValueError, match='time: missing unit in duration "1"'):
        parse_duration("1")


def test_quantity_is_its_canonical_string_and_accepts_numbers():
    obj, out = roundtrip(corev1.ResourceRequirements, {"limits": {"cpu": "0.5", "memory": 1024}})
    assert obj.limits["cpu"].string == "500m"
    assert out == {"limits": {"cpu": "500m", "memory": "1024"}}


def test_int_or_string_keeps_its_form():
    obj, out = roundtrip(corev1.ServicePort, {"port": 80, "targetPort": 8080})
    assert (obj.targetPort.type, obj.targetPort.intVal) == (0, 8080)
    assert out["targetPort"] == 8080
    obj, out = roundtrip(corev1.ServicePort, {"port": 80, "targetPort": "http"})
    assert (obj.targetPort.type, obj.targetPort.strVal) == (1, "http")
    assert out["targetPort"] == "http"


def test_bytes_are_base64_and_nil_versus_empty_is_kept():
    obj, out = roundtrip(corev1.Secret, {"data": {"k": base64.b64encode(b"\x00\xffhi").decode()}})
    assert obj.data["k"] == b"\x00\xffhi"
    assert out["data"] == {"k": "AP9oaQ=="}
    obj, out = roundtrip(certificatesv1.CertificateSigningRequestSpec, {"signerName": "s"})
    assert not obj.HasField("request") and out["request"] is None  # nil []byte: null
    obj, out = roundtrip(certificatesv1.CertificateSigningRequestSpec, {"request": "", "signerName": "s"})
    assert obj.HasField("request") and out["request"] == ""  # empty, non-nil: ""


def test_raw_extension_and_fields_v1_are_embedded_json():
    entry = {"manager": "m", "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {"<": {}}}}}
    obj, out = roundtrip(metav1.ManagedFieldsEntry, entry)
    assert obj.fieldsV1.Raw == b'{"f:metadata":{"f:labels":{"\\u003c":{}}}}'
    assert out == entry
    obj, out = roundtrip(metav1.WatchEvent, {"type": "ADDED", "object": {"kind": "Pod", "x": [1, 2.5, None]}})
    assert obj.object.raw == b'{"kind":"Pod","x":[1,2.5,null]}'
    assert out == {"type": "ADDED", "object": {"kind": "Pod", "x": [1, 2.5, None]}}


def test_named_slices_are_plain_lists():
    obj, out = roundtrip(
        metav1.APIResource,
        {"name": "pods", "singularName": "", "namespaced": True, "kind": "Pod", "verbs": ["get", "list"]},
    )
    assert list(obj.verbs.items) == ["get", "list"]
    assert out["verbs"] == ["get", "list"]
    obj, out = roundtrip(authnv1.UserInfo, {"username": "u", "extra": {"scopes": ["a", "b"]}})
    assert list(obj.extra["scopes"].items) == ["a", "b"]
    assert out["extra"] == {"scopes": ["a", "b"]}


def test_inlined_struct_members_are_flattened():
    obj, out = roundtrip(corev1.Volume, {"name": "v", "configMap": {"name": "cm", "defaultMode": 420}})
    assert obj.volumeSource.configMap.name == "cm"
    assert out == {"name": "v", "configMap": {"name": "cm", "defaultMode": 420}}
    obj, _ = roundtrip(corev1.Probe, {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 5})
    assert obj.handler.httpGet.port.intVal == 8080


def test_fields_whose_protobuf_name_differs_from_json():
    obj, out = roundtrip(networkingv1.IngressClassParametersReference, {"apiGroup": "g", "kind": "K", "name": "n"})
    assert obj.aPIGroup == "g"
    assert out == {"apiGroup": "g", "kind": "K", "name": "n", "scope": None}  # *string without omitempty
    obj, out = roundtrip(admissionv1.ValidatingWebhookConfiguration, {"webhooks": [{"name": "w"}]})
    assert obj.Webhooks[0].name == "w"
    assert out["webhooks"][0]["name"] == "w"
    # The protobuf name is not a JSON name: ignored as an unknown field, as Go does.
    obj, _ = roundtrip(admissionv1.ValidatingWebhookConfiguration, {"Webhooks": [{"name": "w"}]})
    assert len(obj.Webhooks) == 0


def test_go_omitempty_and_pointer_rules():
    out = _jsonconv.encode(appsv1.DeploymentSpec(replicas=0))
    assert out["replicas"] == 0  # a pointer to 0 is written
    assert "paused" not in out  # omitempty bool false
    assert out["selector"] is None  # pointer without omitempty
    assert out["template"] == {"metadata": {}, "spec": {"containers": None}}  # structs always, non-omitempty nil list
    assert out["strategy"] == {}


def test_unknown_fields_are_ignored_and_nulls_in_lists_are_zero_values():
    obj, _ = roundtrip(
        corev1.PodSpec, {"containers": [None, {"name": "c", "bogus": 1}], "bogus": True, "nodeSelector": {"a": None}}
    )
    assert [c.name for c in obj.containers] == ["", "c"]
    assert dict(obj.nodeSelector) == {"a": ""}


def test_type_errors_have_go_messages():
    with pytest.raises(
        UnmarshalTypeError,
        match=r"^json: cannot unmarshal string into Go struct field "
        r"ContainerPort\.containers\.ports\.containerPort of type int32$",
    ):
        _jsonconv.decode(corev1.PodSpec, {"containers": [{"name": "c", "ports": [{"containerPort": "80"}]}]})
    with pytest.raises(
        UnmarshalTypeError,
        match=r"cannot unmarshal number 1\.5 into Go struct field "
        r"DeploymentSpec\.replicas of type int32",
    ):
        _jsonconv.decode(appsv1.DeploymentSpec, {"replicas": 1.5})
    with pytest.raises(
        UnmarshalTypeError,
        match=r"cannot unmarshal number 4294967296 into Go struct field "
        r"DeploymentSpec\.replicas of type int32",
    ):
        _jsonconv.decode(appsv1.DeploymentSpec, {"replicas": 1 << 32})
    with pytest.raises(ValueError, match=r'parsing time "yesterday"'):
        _jsonconv.decode(metav1.ObjectMeta, {"creationTimestamp": "yesterday"})
    with pytest.raises(UnmarshalTypeError, match="cannot unmarshal array into Go struct field ObjectMeta.labels"):
        _jsonconv.decode(metav1.ObjectMeta, {"labels": ["a"]})


def test_strict_decoding_reports_unknown_and_duplicate_fields_with_paths():
    value = _jsonconv.loads_strict(
        b'{"metadata":{"name":"a","name":"b","x":1},"spec":{"containers":[{"name":"c","y":2}]}}'
    )
    obj, errors = _jsonconv.decode(corev1.Pod, value, strict=True)
    assert obj.metadata.name == "b"
    assert errors == [
        'duplicate field "metadata.name"',
        'unknown field "metadata.x"',
        'unknown field "spec.containers[0].y"',
    ]


def test_go_protobuf_body_carries_non_pointer_zero_fields():
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="a"))
    pod.kind = "Pod"
    body = _gozero.go_protobuf_bytes(pod)
    back = corev1.Pod.FromString(body)
    assert back.metadata.HasField("namespace")  # written although empty, as Go does
    assert not back.HasField("kind")  # TypeMeta never travels in the body
    assert not back.metadata.HasField("deletionGracePeriodSeconds")
    assert body == _gozero.go_protobuf_bytes(back)


def test_map_keys_are_written_sorted_as_go_does():
    """encoding/json sorts map keys; a upb map iterates in its own order."""
    cm = corev1.ConfigMap(data={"zeta": "1", "alpha": "2", "mid": "3", "é": "4", "Z": "5"})
    cm.metadata.annotations["b"] = "x"
    cm.metadata.annotations["a"] = "y"
    container = corev1.Container(name="c")
    container.resources.limits["memory"].string = "1Gi"
    container.resources.limits["cpu"].string = "1"
    encoded = _jsonconv.encode(cm)
    assert list(encoded["data"]) == ["Z", "alpha", "mid", "zeta", "é"]
    assert list(encoded["metadata"]["annotations"]) == ["a", "b"]
    assert list(_jsonconv.encode(container)["resources"]["limits"]) == ["cpu", "memory"]
