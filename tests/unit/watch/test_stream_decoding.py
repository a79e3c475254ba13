"""StreamWatcher over real serialized watch streams: JSON objects one after another and protobuf
length-delimited WatchEvent frames, decoded by the runtime serializers."""

import io
import time

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime, watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.kubernetes import scheme

INFOS = {i.media_type: i for i in scheme.Codecs.supported_media_types()}


class EventDecoder:
    """Decodes metav1.WatchEvent frames, then the embedded object (as client-go's rest/watch decoder)."""

    def __init__(self, frames, serializer, embedded):
        self.decoder = streaming.new_decoder(frames, serializer)
        self.embedded = embedded

    def decode(self):
        event, _ = self.decoder.decode(None, metav1.WatchEvent())
        obj, _ = self.embedded.decode(event.object.raw, GroupVersionKind("", "v1", "Pod"), None)
        return event.type, obj

    def close(self):
        self.decoder.close()


class Reporter:
    def as_object(self, err):
        return metav1.Status(status="Failure", message=str(err))


def collect(w, timeout=5.0):
    out = []
    deadline = time.monotonic() + timeout
    while True:
        ev, ok = w.result_chan().recv(timeout=max(0.0, deadline - time.monotonic()))
        if not ok:
            return out
        out.append(ev)


def test_json_watch_stream():
    info = INFOS["application/json"]
    body = (
        b'{"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}}\n'
        b'{"type":"MODIFIED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a",'
        b'"resourceVersion":"2"}}}\n'
    )
    frames = info.stream_serializer.framer.new_frame_reader(io.BytesIO(body))
    w = watch.new_stream_watcher(EventDecoder(frames, info.stream_serializer.serializer, info.serializer), Reporter())
    events = collect(w)
    assert [(e.type, e.object.metadata.name, e.object.metadata.resourceVersion) for e in events] == [
        ("ADDED", "a", ""),
        ("MODIFIED", "a", "2"),
    ]


def _proto_stream(names):
    info = INFOS["application/vnd.kubernetes.protobuf"]
    out = io.BytesIO()
    enc = streaming.new_encoder(info.stream_serializer.framer.new_frame_writer(out), info.stream_serializer.serializer)
    for name in names:
        pod = corev1.Pod(metadata=metav1.ObjectMeta(name=name))
        pod.get_object_kind().set_group_version_kind(GroupVersionKind("", "v1", "Pod"))
        enc.encode(
            metav1.WatchEvent(type="ADDED", object=runtime.RawExtension(raw=runtime.encode(info.serializer, pod)))
        )
    return out.getvalue()


def test_protobuf_watch_stream_and_a_cut_stream_ends_silently():
    info = INFOS["application/vnd.kubernetes.protobuf"]
    data = _proto_stream(["a", "b", "c"])
    frames = info.stream_serializer.framer.new_frame_reader(io.BytesIO(data[:-5]))  # the last frame is cut
    w = watch.new_stream_watcher(EventDecoder(frames, info.stream_serializer.serializer, info.serializer), Reporter())
    events = collect(w)
    assert [(e.type, e.object.metadata.name) for e in events] == [("ADDED", "a"), ("ADDED", "b")]


def test_garbage_in_the_stream_becomes_one_error_event():
    info = INFOS["application/json"]
    frames = info.stream_serializer.framer.new_frame_reader(io.BytesIO(b'{"type":"ADDED","object":7}\n'))
    w = watch.new_stream_watcher(EventDecoder(frames, info.stream_serializer.serializer, info.serializer), Reporter())
    (event,) = collect(w)
    assert event.type == watch.Error
    assert event.object.message.startswith("unable to decode an event from the watch stream: ")
