"""The rest/watch decoder's short way for JSON watches gives what the long way gives, frame by frame: the same
event type and object, or the same error."""

from __future__ import annotations

import io
import json
import random

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import watch as restwatch

JSON = "application/json"
V1 = schema.GroupVersion(version="v1")

POD = {
    "kind": "Pod",
    "apiVersion": "v1",
    "metadata": {"name": "a", "namespace": "ns", "resourceVersion": "7", "labels": {"app": "x"}},
    "spec": {"nodeName": "node-1", "containers": [{"name": "c", "image": "busybox"}]},
    "status": {"phase": "Running"},
}
STATUS = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": "too old resource version: 1 (2)",
    "reason": "Expired",
    "code": 410,
}


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _event(event_type: str, obj: object) -> bytes:
    return _dumps({"type": event_type, "object": obj})


def _frames() -> dict[str, bytes]:
    pod = _dumps(POD)
    bookmark = {"kind": "Pod", "apiVersion": "v1", "metadata": {"resourceVersion": "9", "annotations": {}}}
    bookmark["metadata"]["annotations"][metav1.InitialEventsAnnotationKey] = "true"  # type: ignore[index]
    return {
        "added": _event("ADDED", POD),
        "modified": _event("MODIFIED", POD | {"metadata": {"name": "b"}}),
        "deleted": _event("DELETED", POD | {"metadata": {"name": "c"}}),
        "bookmark": _event("BOOKMARK", bookmark),
        "error status": _event("ERROR", STATUS),
        "with a newline": _event("ADDED", POD) + b"\n",
        "object first": _dumps({"object": POD, "type": "ADDED"}),
        "type twice": b'{"type":"ADDED","object":' + pod + b',"type":"DELETED"}',
        "extra field": b'{"type":"ADDED","object":' + pod + b',"extra":1}',
        "object twice": b'{"type":"ADDED","object":' + pod + b',"object":{"kind":"Pod","apiVersion":"v1"}}',
        "space in the envelope": b'{"type": "ADDED", "object": ' + pod + b"}",
        "capitalised keys": b'{"Type":"ADDED","Object":' + pod + b"}",
        "invalid type": _event("SOMETHING", POD),
        "lower-case type": _event("added", POD),
        "empty type": _event("", POD),
        "null object": b'{"type":"ADDED","object":null}',
        "empty object": b'{"type":"ADDED","object":{}}',
        "array object": b'{"type":"ADDED","object":[1,2]}',
        "unknown kind": _event("ADDED", POD | {"kind": "NoSuchKind"}),
        "no kind": _event("ADDED", {k: v for k, v in POD.items() if k != "kind"}),
        "another group": _event("ADDED", {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "d"}}),
        "wrong field type": _event("ADDED", POD | {"spec": {"nodeName": 5}}),
        "unknown field": _event("ADDED", POD | {"bogus": True}),
        "truncated": _event("ADDED", POD)[:-20],
        "unclosed envelope": _event("ADDED", POD)[:-1],
        "two objects": b'{"type":"ADDED","object":' + pod + b" " + pod + b"}",
        "not JSON": b"garbage",
    }


def _decoder(data: bytes, short: bool) -> restwatch.Decoder:
    negotiator = runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1)
    object_decoder, stream_serializer, framer = negotiator.stream_decoder(JSON, {})
    d = restwatch.new_decoder(
        streaming.new_decoder(framer.new_frame_reader(io.BytesIO(data)), stream_serializer), object_decoder
    )
    assert d._json is True
    d._json = short
    return d


def _outcome(d: restwatch.Decoder):
    try:
        event_type, obj = d.decode()
    except Exception as err:  # noqa: BLE001 - compared between the two ways
        return ("error", type(err), str(err))
    return (
        event_type,
        type(obj),
        obj.SerializeToString(deterministic=True),
        obj.get_object_kind().group_version_kind(),
    )


def test_every_frame_decodes_as_the_long_way_decodes_it():
    outcomes = {}
    for name, frame in _frames().items():
        short, long = _outcome(_decoder(frame, True)), _outcome(_decoder(frame, False))
        assert short == long, name
        outcomes[name] = short[0]
    assert outcomes["added"] == outcomes["object first"] == outcomes["with a newline"] == "ADDED"
    assert outcomes["type twice"] == "DELETED"  # Go's decoder keeps the last member
    assert outcomes["error status"] == "ERROR"
    assert outcomes["invalid type"] == outcomes["null object"] == outcomes["not JSON"] == "error"


def test_a_stream_of_mixed_frames_gives_the_same_sequence_and_end():
    frames = _frames()
    order = ["added", "invalid type", "modified", "error status", "unknown kind", "bookmark", "deleted", "type twice"]
    data = b"\n".join(frames[n] for n in order) + b"\n"
    results = []
    for short in (True, False):
        d = _decoder(data, short)
        results.append([_outcome(d) for _ in range(len(order) + 1)])
    assert results[0] == results[1]
    assert [r[0] for r in results[0]] == [
        "ADDED",
        "error",
        "MODIFIED",
        "ERROR",
        "error",
        "BOOKMARK",
        "DELETED",
        "DELETED",
        "error",
    ]
    assert results[0][-1][1] is EOFError


def test_the_short_way_skips_the_envelope():
    d = _decoder(_frames()["added"] + b"\n" + _frames()["error status"], True)
    d._decode_event = None  # the long way is not taken
    d._watch_event = None
    event_type, pod = d.decode()
    assert event_type == "ADDED" and isinstance(pod, corev1.Pod)
    assert (pod.metadata.name, pod.metadata.labels["app"], pod.spec.nodeName) == ("a", "x", "node-1")
    assert not pod.HasField("apiVersion") and not pod.HasField("kind")
    event_type, status = d.decode()
    assert event_type == "ERROR" and isinstance(status, metav1.Status) and status.code == 410


def test_mutated_frames_decode_as_the_long_way_decodes_them():
    rng = random.Random(17)
    frames = list(_frames().values())
    for _ in range(400):
        frame = bytearray(rng.choice(frames))
        for _ in range(rng.randint(1, 2)):
            if frame and rng.random() < 0.7:
                frame[rng.randrange(len(frame))] = rng.choice(b'{}[]",:0aZ \\\xff')
            elif frame:
                del frame[rng.randrange(len(frame)) :]
        data = bytes(frame)
        assert _outcome(_decoder(data, True)) == _outcome(_decoder(data, False)), data


def test_only_plain_json_streams_take_the_short_way():
    negotiator = runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1)
    _, stream_serializer, framer = negotiator.stream_decoder("application/vnd.kubernetes.protobuf", {})
    d = restwatch.new_decoder(streaming.new_decoder(framer.new_frame_reader(io.BytesIO(b"")), stream_serializer), None)
    assert d._json is False
    from kubernetes_py.apimachinery.runtime.serializer.json import json as jsonserializer

    for options in (jsonserializer.SerializerOptions(yaml=True), jsonserializer.SerializerOptions(strict=True)):
        serializer = jsonserializer.new_serializer_with_options(
            jsonserializer.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, options
        )
        d = restwatch.new_decoder(streaming.new_decoder(framer.new_frame_reader(io.BytesIO(b"")), serializer), None)
        assert d._json is False
