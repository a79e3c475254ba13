"""client-go rest/watch's decoder_test.go (TestDecoder, TestDecoder_SourceClose) and encoder_test.go
(TestEncodeDecodeRoundTrip)."""

from __future__ import annotations

import io
import json
import os
import threading

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime, watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.apimachinery.runtime.serializer.json import json as jsonserializer
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import watch as restwatch

V1 = schema.GroupVersion(version="v1")


def _json_serializer():
    return jsonserializer.new_serializer_with_options(
        jsonserializer.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, jsonserializer.SerializerOptions()
    )


def _decoder():
    """getDecoder: how rest's createSerializers makes the decoder."""
    return scheme.Codecs.without_conversion().decoder_to_version(_json_serializer(), V1)


def _encoder():
    """getEncoder: how rest's createSerializers makes the encoder."""
    return scheme.Codecs.without_conversion().encoder_for_version(_json_serializer(), V1)


def _stream_decoder(r) -> restwatch.Decoder:
    return restwatch.new_decoder(
        streaming.new_decoder(jsonserializer.Framer.new_frame_reader(r), _decoder()), _decoder()
    )


def _pod() -> corev1.Pod:
    return corev1.Pod(metadata=metav1.ObjectMeta(name="foo"))


@pytest.mark.parametrize("event_type", [watch.Added, watch.Deleted, watch.Modified, watch.Error, watch.Bookmark])
def test_decoder(event_type):
    """TestDecoder: an event written to a pipe by another thread is decoded; the pipe's end is an error."""
    rfd, wfd = os.pipe()
    reader = io.open(rfd, "rb", buffering=0)
    decoder = _stream_decoder(reader)

    def write():
        data = runtime.encode(scheme.Codecs.legacy_codec(V1), _pod())
        event = {"type": str(event_type), "object": json.loads(data)}
        with io.open(wfd, "wb", buffering=0) as w:
            w.write(json.dumps(event).encode() + b"\n")

    writer = threading.Thread(target=write, name="test writer")
    writer.start()
    try:
        action, got = decoder.decode()
        assert action == event_type
        assert isinstance(got, corev1.Pod) and got.metadata.name == "foo"
        with pytest.raises(Exception):
            decoder.decode()
    finally:
        writer.join(10)
        decoder.close()
    assert not writer.is_alive()


def test_decoder_source_close():
    """TestDecoder_SourceClose: closing the writing end ends a decode waiting in another thread with an error."""
    rfd, wfd = os.pipe()
    decoder = _stream_decoder(io.open(rfd, "rb", buffering=0))
    errors = []

    def read():
        try:
            decoder.decode()
        except Exception as err:
            errors.append(err)

    reader = threading.Thread(target=read, name="test decoder")
    reader.start()
    os.close(wfd)
    reader.join(30)
    decoder.close()
    assert not reader.is_alive()
    assert len(errors) == 1


@pytest.mark.parametrize("event_type", [watch.Added, watch.Modified, watch.Deleted, watch.Bookmark])
def test_encode_decode_round_trip(event_type):
    """TestEncodeDecodeRoundTrip: an event written by the Encoder reads back through the Decoder."""
    buf = io.BytesIO()
    encoder = restwatch.new_encoder(streaming.new_encoder(buf, _encoder()), _encoder())
    encoder.encode(watch.Event(type=event_type, object=_pod()))
    buf.seek(0)
    event, obj = _stream_decoder(buf).decode()
    assert event == event_type
    assert obj == _pod()
