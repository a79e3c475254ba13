"""Mutated watch streams (JSON values one after another, protobuf length-delimited frames) through the REST
client's watch decoder (rest/watch over the streaming decoder and the framers): every event ends in an object or a
clean library exception, EOF included, and the stream ends within a bounded number of events and seconds."""

from __future__ import annotations

import io
import json
import random

import pytest

from kubernetes_py.apimachinery import runtime, watch
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import watch as restwatch

from . import _fuzz as fz

V1 = schema.GroupVersion(version="v1")
NEGOTIATOR = runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1)
MAX_EVENTS = 50


def json_stream() -> bytes:
    events = []
    for i, kind in enumerate(("ADDED", "MODIFIED", "DELETED", "BOOKMARK")):
        events.append({"type": kind, "object": fz.realistic_pod(i)})
    events.append(
        {
            "type": "ERROR",
            "object": {
                "kind": "Status",
                "apiVersion": "v1",
                "status": "Failure",
                "message": "too old",
                "reason": "Expired",
                "code": 410,
            },
        }
    )
    return b"\n".join(json.dumps(e).encode() for e in events) + b"\n"


def protobuf_stream() -> bytes:
    info = fz.INFOS[fz.PROTOBUF_MEDIA]
    out = io.BytesIO()
    enc = streaming.new_encoder(info.stream_serializer.framer.new_frame_writer(out), info.stream_serializer.serializer)
    for i, kind in enumerate(("ADDED", "MODIFIED", "DELETED")):
        pod = fz.typed(json.dumps(fz.realistic_pod(i)).encode())
        event = metav1.WatchEvent(type=kind)
        event.object.raw = runtime.encode(info.serializer, pod)
        enc.encode(event)
    return out.getvalue()


def decode_all(media: str, data: bytes) -> list:
    """Every event of the stream: (type, object) pairs, then the exception that ended it."""
    object_decoder, stream_serializer, framer = NEGOTIATOR.stream_decoder(media, {})
    chunks = [data[i : i + 97] for i in range(0, len(data), 97)]  # many reads: frames cross them
    frames = framer.new_frame_reader(iter(chunks))
    decoder = restwatch.new_decoder(streaming.new_decoder(frames, stream_serializer), object_decoder)
    out: list = []
    try:
        for _ in range(MAX_EVENTS):
            event_type, obj = decoder.decode()
            fz.exercise(obj)
            out.append((event_type, obj))
    except Exception as err:  # noqa: BLE001 - judged by run_case's rules
        if isinstance(err, fz.RAW):
            raise
        out.append(err)
    finally:
        decoder.close()
    assert len(out) <= MAX_EVENTS, "the stream did not end"
    return out


def test_unmutated_streams_decode():
    got = decode_all(fz.JSON_MEDIA, json_stream())
    assert [e[0] for e in got[:-1]] == ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]
    assert type(got[-1]) is EOFError
    got = decode_all(fz.PROTOBUF_MEDIA, protobuf_stream())
    assert [(e[0], e[1].metadata.name) for e in got[:-1]] == [
        ("ADDED", "web-00000"),
        ("MODIFIED", "web-00001"),
        ("DELETED", "web-00002"),
    ]


@pytest.mark.parametrize("seed", [11, 12])
def test_json_watch_streams(seed):
    rng = random.Random(seed)
    seeds = [json_stream()]
    for case in range(300):
        data = fz.mutate(rng, seeds[0], seeds + fz.json_seeds())
        fz.run_case(f"seed {seed} case {case} ({data[:80]!r}...)", lambda: decode_all(fz.JSON_MEDIA, data))


@pytest.mark.parametrize("seed", [13, 14])
def test_protobuf_watch_streams(seed):
    rng = random.Random(seed)
    seeds = [protobuf_stream()]
    for case in range(300):
        data = fz.mutate_in_place(rng, seeds[0]) if rng.random() < 0.6 else fz.mutate(rng, seeds[0], seeds)
        fz.run_case(f"seed {seed} case {case} ({data[:80]!r}...)", lambda: decode_all(fz.PROTOBUF_MEDIA, data))


def test_stream_watcher_ends_every_mutated_stream():
    """Through watch.StreamWatcher (its thread): the channel closes after at most one Error event."""
    rng = random.Random(15)
    seeds = [json_stream()]
    for case in range(60):
        data = fz.mutate(rng, seeds[0], seeds)
        object_decoder, stream_serializer, framer = NEGOTIATOR.stream_decoder(fz.JSON_MEDIA, {})
        decoder = restwatch.new_decoder(
            streaming.new_decoder(framer.new_frame_reader(io.BytesIO(data)), stream_serializer), object_decoder
        )
        w = watch.new_stream_watcher(decoder, errors.new_client_error_reporter(500, "GET", "ClientWatchDecoding"))
        events = []
        while True:
            event, ok = w.result_chan().recv(timeout=fz.CASE_SECONDS)
            if not ok:
                break
            events.append(event)
            assert len(events) <= MAX_EVENTS, f"case {case}: the watch did not end"
        errors_seen = [
            e
            for e in events
            if e.type == watch.Error and isinstance(e.object, metav1.Status) and e.object.reason == "InternalError"
        ]
        assert len(errors_seen) <= 1 and (not errors_seen or events[-1] is errors_seen[0]), f"case {case}"
        w.stop()
        w._thread.join(fz.CASE_SECONDS)
        assert not w._thread.is_alive()
