"""The C extension's encoders (_json2pb) against the Python ones they stand in for.

* Go's protobuf bytes (fill, through _gozero): the C path rewrites protobuf's own bytes of a message, adding
  what Go's encoder always writes; the Python path fills a copy of the message and serializes it.
* JSON (to_json, through _jsonaccel and the JSON serializer): the C path writes JSON from protobuf's bytes;
  the Python path builds Go's JSON form as dicts (_jsonconv.encode) and writes it compactly (_gojson.dumps).

Both must give the same bytes, and the C path must handle every described kind itself.
(tests/differential/test_corpus_c_encoders.py checks both against Go.)
"""

from __future__ import annotations

import copy
import json
import random

import pytest

from kubernetes_py._go import json as _gojson
from kubernetes_py._go.time import ZERO_TIME_SECONDS
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.events import v1 as eventsv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import _gozero, _jsonaccel, _jsonconv
from kubernetes_py.kubernetes import scheme
from tests.unit.runtime.test_json2pb import _extension_built, serialization  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("_extension_built")


def _both(message) -> bytes:
    fast = _gozero._c_go_protobuf_bytes(message)
    assert fast is not None
    assert fast == _gozero._python_go_protobuf_bytes(message)
    return fast


def _json_both(message) -> bytes:
    fast = _jsonaccel.to_json(message)
    assert fast is not None
    assert fast == _gojson.dumps(_jsonconv.encode(message))
    return fast


def _pod(i: int = 1):
    return _jsonconv.decode(corev1.Pod, {"apiVersion": "v1", "kind": "Pod", **serialization.realistic_pod(i)})


def test_realistic_pod_and_list():
    pod = _pod()
    assert _gozero.go_protobuf_bytes(pod) == _both(pod)
    items = [serialization.realistic_pod(i) for i in range(20)]
    _both(_jsonconv.decode(corev1.PodList, {"metadata": {"resourceVersion": "7"}, "items": items}))


def test_empty_pod_gets_every_non_pointer_field():
    body = _both(corev1.Pod())
    back = corev1.Pod.FromString(body)
    # metadata, spec and status are non-pointer structs: written (filled) even when unset.
    assert back.HasField("metadata") and back.HasField("spec") and back.HasField("status")
    assert back.metadata.HasField("creationTimestamp") and back.metadata.HasField("name")
    assert not back.metadata.HasField("deletionTimestamp")  # a pointer: stays unset
    assert back.spec.HasField("restartPolicy")


def test_type_meta_is_not_in_the_body():
    pod = corev1.Pod(apiVersion="v1", kind="Pod")
    back = corev1.Pod.FromString(_both(pod))
    assert not back.HasField("apiVersion") and not back.HasField("kind")


def test_times():
    pod = corev1.Pod()
    pod.metadata.creationTimestamp.seconds = ZERO_TIME_SECONDS  # the zero time: an empty message
    pod.metadata.deletionTimestamp.seconds = 1700000000
    pod.metadata.deletionTimestamp.nanos = 123  # metav1.Time keeps seconds only
    back = corev1.Pod.FromString(_both(pod))
    assert back.metadata.creationTimestamp.ListFields() == []
    assert (back.metadata.deletionTimestamp.seconds, back.metadata.deletionTimestamp.nanos) == (1700000000, 0)
    assert back.metadata.deletionTimestamp.HasField("nanos")

    event = eventsv1.Event()
    event.eventTime.seconds = 1700000000
    event.eventTime.nanos = 456000  # MicroTime keeps its nanos
    back = eventsv1.Event.FromString(_both(event))
    assert (back.eventTime.seconds, back.eventTime.nanos) == (1700000000, 456000)


def test_quantities_are_written_canonical():
    container = corev1.Container(name="c")
    container.resources.limits["cpu"].string = "0.5"
    container.resources.limits["memory"].string = ""
    container.resources.requests["cpu"].string = "not a quantity"
    pod = corev1.Pod(spec=corev1.PodSpec(containers=[container]))
    back = corev1.Pod.FromString(_both(pod))
    resources = back.spec.containers[0].resources
    assert resources.limits["cpu"].string == "500m"
    assert resources.limits["memory"].string == "0"
    assert resources.requests["cpu"].string == "not a quantity"  # written as it is, for the server to refuse


def test_int_or_string_writes_all_three_fields():
    probe = corev1.Probe()
    probe.httpGet.port.type = 1
    probe.httpGet.port.strVal = "http"
    pod = corev1.Pod(spec=corev1.PodSpec(containers=[corev1.Container(name="c", livenessProbe=probe)]))
    port = corev1.Pod.FromString(_both(pod)).spec.containers[0].livenessProbe.httpGet.port
    assert [f.name for f, _ in port.ListFields()] == ["type", "intVal", "strVal"]


def _clear_at_random(message, rng: random.Random) -> None:
    """Clear about a third of the fields set, at every depth (what is left exercises absent non-pointer fields)."""
    for field, value in message.ListFields():
        if rng.random() < 0.3:
            message.ClearField(field.name)
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            for item in value if field.is_repeated else [value]:
                _clear_at_random(item, rng)


def test_randomly_cleared_objects_match_the_python_filler():
    rng = random.Random(7)
    base = _pod(3)
    node = _jsonconv.decode(
        corev1.Node,
        json.loads(
            json.dumps(
                {
                    "metadata": {"name": "n", "labels": {"a": "b"}},
                    "status": {
                        "capacity": {"cpu": "4", "memory": "16Gi"},
                        "allocatable": {"cpu": "3800m"},
                        "conditions": [
                            {"type": "Ready", "status": "True", "lastHeartbeatTime": "2026-01-02T03:04:05Z"}
                        ],
                        "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}],
                    },
                }
            )
        ),
    )
    for i in range(300):
        obj = copy.deepcopy(base if i % 2 else node)
        _clear_at_random(obj, rng)
        _both(obj)
        _json_both(obj)


def test_list_meta_and_status_kinds():
    _both(
        metav1.Status(
            status="Failure",
            message="m",
            reason="NotFound",
            code=404,
            details=metav1.StatusDetails(name="x", causes=[metav1.StatusCause(field="f")]),
        )
    )
    _both(
        corev1.ConfigMapList(
            metadata=metav1.ListMeta(resourceVersion="1"),
            items=[corev1.ConfigMap(data={"a": "b"}, binaryData={"c": b"\x00"})],
        )
    )


# ---------------------------------------------------------------------------------------------------
# JSON


def test_json_of_realistic_objects_and_the_serializer_uses_it():
    pod = _pod()
    text = _json_both(pod)
    assert json.loads(text)["metadata"]["managedFields"][0]["fieldsV1"]["f:metadata"]["f:generateName"] == {}
    _json_both(_jsonconv.decode(corev1.PodList, {"items": [serialization.realistic_pod(i) for i in range(5)]}))
    info = next(i for i in scheme.Codecs.supported_media_types() if i.media_type == "application/json")
    assert runtime.encode(info.serializer, pod) == text + b"\n"


def test_json_members_follow_go_rules():
    """omitempty, pointers (set to a zero value: written), nil lists/maps (null without omitempty), zero Times
    (null, or left out with omitzero: metadata.creationTimestamp), []byte (null when nil), map keys sorted,
    Go's escapes."""
    cm = corev1.ConfigMap(data={"z": "<b>&\u2028", "a": '\x01\n"\\é'}, binaryData={"k": b"\xff\x00"})
    cm.metadata.name = ""
    cm.immutable = False
    text = _json_both(cm)
    assert text.startswith(b'{"metadata":{},"immutable":false,"data":{"a":')
    assert b'"z":"\\u003cb\\u003e\\u0026\\u2028"' in text
    assert b'"a":"\\u0001\\n\\"\\\\\xc3\xa9"' in text
    assert b'"binaryData":{"k":"/wA="}' in text
    assert _json_both(metav1.Status(code=0)) == b'{"metadata":{}}'  # omitempty
    assert b'"terminationGracePeriodSeconds":0' in _json_both(corev1.PodSpec(terminationGracePeriodSeconds=0))
    assert b'"containers":null' in _json_both(corev1.PodSpec())  # no omitempty
    _json_both(corev1.Secret(data={"empty": b"", "x": b"abc"}, type="Opaque"))
    _json_both(corev1.PodSpec(containers=[corev1.Container(name="c", command=[], args=["a"])]))


def test_json_times_and_quantities():
    event = eventsv1.Event()
    event.eventTime.seconds = 1700000000
    event.eventTime.nanos = 123456789
    event.deprecatedFirstTimestamp.seconds = 1
    assert b'"eventTime":"2023-11-14T22:13:20.123456Z"' in _json_both(event)
    pod = corev1.Pod()
    pod.metadata.creationTimestamp.seconds = -62135596800 + 86400 * 365  # year 2
    pod.metadata.deletionTimestamp.seconds = 253402300799  # the last second of 9999
    assert b'"creationTimestamp":"0002-01-01T00:00:00Z","deletionTimestamp":"9999-12-31T23:59:59Z"' in _json_both(pod)
    container = corev1.Container(name="c")
    container.resources.limits["cpu"].string = "0.5"
    container.resources.limits["memory"].string = ""
    assert b'"limits":{"cpu":"500m","memory":"0"}' in _json_both(container)
    pod.metadata.deletionTimestamp.seconds = 253402300800  # year 10000: Python's path decides
    assert _jsonaccel.to_json(pod) is None


def test_json_raw_fields():
    entry = metav1.ManagedFieldsEntry(manager="m", fieldsV1=metav1.FieldsV1(Raw=b'{"f:a": {"<": 1.50}}'))
    assert b'"fieldsV1":{"f:a":{"\\u003c":1.5}}' in _json_both(entry)
    entry.fieldsV1.Raw = b'{"f:a":{}}'
    assert b'"fieldsV1":{"f:a":{}}' in _json_both(entry)
    entry.fieldsV1.Raw = b"{not json"
    assert _jsonaccel.to_json(entry) is None  # the Python path raises Go's MarshalJSON error
    with pytest.raises(ValueError):
        _jsonconv.encode(entry)
