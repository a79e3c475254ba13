"""The rest/watch decoder's short way for protobuf watches gives what the long way gives, frame by frame: the same
event type and object, or the same error; with the C extension's frame reader and with the Python one."""

from __future__ import annotations

import io
import random
import struct

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import watch as restwatch
from kubernetes_py.rest.watch import decoder as decoder_module

PROTOBUF = "application/vnd.kubernetes.protobuf"
V1 = schema.GroupVersion(version="v1")
WATCH_EVENTS = [
    pytest.param(decoder_module._watch_event_py, id="python"),
    pytest.param(
        decoder_module._watch_event_c,
        id="c",
        marks=pytest.mark.skipif(decoder_module._watch_event_c is None, reason="the C extension is not built"),
    ),
]


def _negotiator():
    return runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1)


def _pod(name: str, **labels: str) -> corev1.Pod:
    p = corev1.Pod()
    p.metadata.name = name
    p.metadata.namespace = "ns"
    p.metadata.resourceVersion = "7"
    for k, v in labels.items():
        p.metadata.labels[k] = v
    p.spec.nodeName = "node-1"
    p.status.phase = "Running"
    return p


def _field(number: int, payload: bytes) -> bytes:
    return _key(number, 2) + _varint(len(payload)) + payload


def _key(number: int, wire: int) -> bytes:
    return _varint(number << 3 | wire)


def _varint(v: int) -> bytes:
    out = bytearray()
    while v >= 0x80:
        out.append(v & 0x7F | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _unknown(api_version: bytes, kind: bytes, raw: bytes, extra: bytes = b"") -> bytes:
    type_meta = _field(1, api_version) + _field(2, kind)
    return b"k8s\x00" + _field(1, type_meta) + _field(2, raw) + _field(3, b"") + _field(4, b"") + extra


def _event(event_type: bytes, raw: bytes) -> bytes:
    return _field(1, event_type) + _field(2, _field(1, raw))


def _pod_bytes(pod: corev1.Pod) -> bytes:
    return pod.SerializeToString()


def _frames() -> dict[str, bytes]:
    pod = _pod_bytes(_pod("a", app="x"))
    status = metav1.Status(status="Failure", message="too old resource version: 1 (2)", reason="Expired", code=410)
    status_bytes = status.SerializeToString()
    bookmark = corev1.Pod()
    bookmark.metadata.resourceVersion = "9"
    bookmark.metadata.annotations[metav1.InitialEventsAnnotationKey] = "true"
    with_type_meta = _pod("tm")
    with_type_meta.apiVersion, with_type_meta.kind = "v9", "Bogus"
    return {
        "added": _event(b"ADDED", _unknown(b"v1", b"Pod", pod)),
        "modified": _event(b"MODIFIED", _unknown(b"v1", b"Pod", _pod_bytes(_pod("b")))),
        "deleted": _event(b"DELETED", _unknown(b"v1", b"Pod", _pod_bytes(_pod("c")))),
        "bookmark": _event(b"BOOKMARK", _unknown(b"v1", b"Pod", _pod_bytes(bookmark))),
        "error status": _event(b"ERROR", _unknown(b"v1", b"Status", status_bytes)),
        "empty object": _event(b"ADDED", _unknown(b"v1", b"Pod", b"")),
        "type meta in the object": _event(b"ADDED", _unknown(b"v1", b"Pod", _pod_bytes(with_type_meta))),
        "another group": _event(b"ADDED", _unknown(b"apps/v1", b"Deployment", b"")),
        "invalid type": _event(b"SOMETHING", _unknown(b"v1", b"Pod", pod)),
        "empty type": _event(b"", _unknown(b"v1", b"Pod", pod)),
        "unknown kind": _event(b"ADDED", _unknown(b"v1", b"NoSuchKind", pod)),
        "no kind": _event(b"ADDED", _unknown(b"v1", b"", pod)),
        "no version": _event(b"ADDED", _unknown(b"", b"Pod", pod)),
        "bad group version": _event(b"ADDED", _unknown(b"a/b/c", b"Pod", pod)),
        "no prefix": _event(b"ADDED", _unknown(b"v1", b"Pod", pod)[4:]),
        "JSON object": _event(b"ADDED", b'{"kind":"Pod","apiVersion":"v1","metadata":{"name":"j"}}'),
        "extra envelope field": _event(b"ADDED", _unknown(b"v1", b"Pod", pod, _key(5, 0) + b"\x01")),
        "repeated raw": _event(b"ADDED", _unknown(b"v1", b"Pod", pod, _field(2, _pod_bytes(_pod("z"))))),
        "repeated type": _field(1, b"ADDED") + _event(b"MODIFIED", _unknown(b"v1", b"Pod", pod)),
        "extra event field": _event(b"ADDED", _unknown(b"v1", b"Pod", pod)) + _key(3, 0) + b"\x05",
        "no object": _field(1, b"ADDED"),
        "malformed object": _event(b"ADDED", _unknown(b"v1", b"Pod", b"\x0a\xff\xff\x01")),
        "truncated object field": _event(b"ADDED", _unknown(b"v1", b"Pod", pod[:-3])),
        "invalid UTF-8 type": _event(b"ADD\xffED", _unknown(b"v1", b"Pod", pod)),
        "invalid UTF-8 kind": _event(b"ADDED", _unknown(b"v1", b"P\xc3od", pod)),
        "truncated event": _event(b"ADDED", _unknown(b"v1", b"Pod", pod))[:-10],
    }


def _stream(frames: list[bytes]) -> bytes:
    return b"".join(struct.pack(">I", len(f)) + f for f in frames)


def _decoder(data: bytes, short: bool) -> restwatch.Decoder:
    object_decoder, stream_serializer, framer = _negotiator().stream_decoder(PROTOBUF, {})
    d = restwatch.new_decoder(
        streaming.new_decoder(framer.new_frame_reader(io.BytesIO(data)), stream_serializer), object_decoder
    )
    assert (d._shortcut is not None) is True
    if not short:
        d._shortcut = None
    return d


def _outcome(d: restwatch.Decoder):
    try:
        event_type, obj = d.decode()
    except Exception as err:  # noqa: BLE001 - compared between the two ways
        return ("error", type(err), str(err))
    return (event_type, type(obj), obj.SerializeToString(deterministic=True), obj.get_object_kind())


def _kind_tuple(outcome):
    if outcome[0] == "error":
        return outcome
    kind = outcome[3]
    return (*outcome[:3], kind.group_version_kind())


@pytest.fixture(params=WATCH_EVENTS)
def watch_event(request, monkeypatch):
    monkeypatch.setattr(decoder_module, "watch_event", request.param)
    return request.param


def test_every_frame_decodes_as_the_long_way_decodes_it(watch_event):
    for name, frame in _frames().items():
        short, long = _decoder(_stream([frame]), True), _decoder(_stream([frame]), False)
        assert _kind_tuple(_outcome(short)) == _kind_tuple(_outcome(long)), name


def test_a_stream_of_mixed_frames_gives_the_same_sequence_and_end(watch_event):
    frames = _frames()
    order = ["added", "no prefix", "modified", "error status", "unknown kind", "bookmark", "deleted", "added"]
    data = _stream([frames[n] for n in order])
    results = []
    for short in (True, False):
        d = _decoder(data, short)
        seq = [_kind_tuple(_outcome(d)) for _ in range(len(order) + 1)]
        results.append(seq)
    assert results[0] == results[1]
    assert [r[0] for r in results[0]] == [
        "ADDED",
        "error",
        "MODIFIED",
        "ERROR",
        "error",
        "BOOKMARK",
        "DELETED",
        "ADDED",
        "error",
    ]
    assert results[0][-1][1] is EOFError


def test_the_short_way_decodes_typed_pods_without_a_kind(watch_event):
    d = _decoder(_stream([_frames()["added"], _frames()["type meta in the object"]]), True)
    d._decode_event = None  # the long way is not taken
    event_type, pod = d.decode()
    assert event_type == "ADDED" and isinstance(pod, corev1.Pod)
    assert (pod.metadata.name, pod.metadata.labels["app"], pod.spec.nodeName) == ("a", "x", "node-1")
    assert (pod.apiVersion, pod.kind) == ("", "")
    _, pod = d.decode()
    assert (pod.metadata.name, pod.apiVersion, pod.kind) == ("tm", "", "")
    assert not pod.HasField("apiVersion") and not pod.HasField("kind")


def test_the_python_and_c_frame_readers_agree_on_mutated_frames():
    if decoder_module._watch_event_c is None:
        pytest.skip("the C extension is not built")
    rng = random.Random(10)
    frames = list(_frames().values())
    for _ in range(3000):
        frame = bytearray(rng.choice(frames))
        for _ in range(rng.randint(1, 3)):
            if frame and rng.random() < 0.8:
                frame[rng.randrange(len(frame))] = rng.randrange(256)
            elif frame:
                del frame[rng.randrange(len(frame)) :]
        data = bytes(frame)
        assert decoder_module._watch_event_c(data) == decoder_module._watch_event_py(data), data.hex()


def test_frame_reader_results(watch_event):
    frames = _frames()
    parts = watch_event(frames["added"])
    assert parts is not None
    event_type, api_version, kind, start, end, top = parts
    assert (event_type, api_version, kind, top) == ("ADDED", "v1", "Pod", 3)
    assert frames["added"][start:end] == _pod_bytes(_pod("a", app="x"))
    assert watch_event(frames["empty object"])[3:] == (
        watch_event(frames["empty object"])[3],
        watch_event(frames["empty object"])[3],
        0,
    )
    assert watch_event(frames["type meta in the object"])[5] == 536870911
    for name in (
        "no prefix",
        "JSON object",
        "extra envelope field",
        "repeated raw",
        "repeated type",
        "extra event field",
        "no object",
        "malformed object",
        "truncated object field",
        "invalid UTF-8 type",
        "invalid UTF-8 kind",
    ):
        assert watch_event(frames[name]) is None, name


def test_only_typed_protobuf_watches_take_the_short_way():
    object_decoder, stream_serializer, framer = _negotiator().stream_decoder(PROTOBUF, {})
    d = restwatch.new_decoder(streaming.new_decoder(framer.new_frame_reader(io.BytesIO(b"")), stream_serializer), None)
    assert d._shortcut is None
    json_decoder, json_stream, json_framer = _negotiator().stream_decoder("application/json", {})
    d = restwatch.new_decoder(
        streaming.new_decoder(json_framer.new_frame_reader(io.BytesIO(b"")), json_stream), json_decoder
    )
    assert d._shortcut is None


def test_without_the_schema_mixin_every_frame_goes_the_long_way(monkeypatch):
    from kubernetes_py._schema import _object

    monkeypatch.delattr(_object, "RuntimeObjectMethods")
    d = _decoder_without_check(_stream([_frames()["added"]]))
    assert d._shortcut is None
    event_type, pod = d.decode()
    assert event_type == "ADDED" and pod.metadata.name == "a"


def _decoder_without_check(data: bytes) -> restwatch.Decoder:
    object_decoder, stream_serializer, framer = _negotiator().stream_decoder(PROTOBUF, {})
    return restwatch.new_decoder(
        streaming.new_decoder(framer.new_frame_reader(io.BytesIO(data)), stream_serializer), object_decoder
    )
