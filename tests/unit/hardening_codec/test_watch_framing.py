"""Watch framing against hostile streams (issue 15, items 6, 8 and 9).

- protobuf frames: a length prefix over the 16 MiB object limit is refused with ErrObjectTooLarge before any of
  the frame is read, as client-go's streaming decoder refuses it; the next decode goes on after the frame;
- JSON frames: found in linear time (the bracket scan resumes where the last read stopped), and a value over the
  limit is refused as soon as more than the limit is pending, without buffering the rest of it;
- the C scan (the extension's frame_scan) and the Python scan agree on every split of every input;
- a typed watch fails an event whose kind the clientset's scheme does not know, with client-go's text.
"""

from __future__ import annotations

import json
import random
import struct
import threading
import time

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery import runtime, watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.serializer import _frames, streaming
from kubernetes_py.apimachinery.runtime.serializer.json import json as sjson
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as sproto
from kubernetes_py.kubernetes import scheme

INFOS = {i.media_type: i for i in scheme.Codecs.supported_media_types()}
PROTOBUF = "application/vnd.kubernetes.protobuf"


class CountingChunks:
    """An endless (or bounded) source of chunks that counts what was read from it."""

    def __init__(self, first: bytes, filler: bytes = b"x" * 65536, limit: int = 10_000):
        self.chunks = [first]
        self.filler = filler
        self.limit = limit
        self.reads = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.reads >= self.limit:
            raise StopIteration
        self.reads += 1
        return self.chunks.pop(0) if self.chunks else self.filler


def test_protobuf_frame_over_the_limit_is_refused_from_its_prefix():
    source = CountingChunks(b"\xff\xff\xff\xff")
    dec = streaming.new_decoder(
        sproto.LengthDelimitedFramer.new_frame_reader(source), INFOS[PROTOBUF].stream_serializer.serializer
    )
    with pytest.raises(streaming.ObjectTooLargeError) as info:
        dec.decode(None, metav1.WatchEvent())
    assert str(info.value) == "object to decode was longer than maximum allowed size"
    assert source.reads == 1  # nothing of the 4 GiB frame was read


def test_protobuf_frame_at_the_limit_passes_and_a_refused_frame_is_drained():
    frames = struct.pack(">I", 10) + b"a" * 10 + struct.pack(">I", 11) + b"b" * 11 + struct.pack(">I", 3) + b"abc"
    chunks = [frames[i : i + 4] for i in range(0, len(frames), 4)]  # small reads: the drain spans several
    reader = sproto.LengthDelimitedFramer.new_frame_reader(iter(chunks))
    assert reader.read_frame(max_bytes=10) == b"a" * 10
    with pytest.raises(_frames.ObjectTooLargeError):
        reader.read_frame(max_bytes=10)
    assert reader.read_frame(max_bytes=10) == b"abc"
    with pytest.raises(EOFError):
        reader.read_frame(max_bytes=10)
    reader = sproto.LengthDelimitedFramer.new_frame_reader(iter([struct.pack(">I", 11) + b"b" * 5]))
    with pytest.raises(_frames.ObjectTooLargeError):
        reader.read_frame(max_bytes=10)
    with pytest.raises(_frames.UnexpectedEOFError):
        reader.read_frame(max_bytes=10)


def test_json_value_over_the_limit_is_refused_without_buffering_it():
    source = CountingChunks(b'{"type":"ADDED","object":{"a":"', filler=b"y" * 65536)
    reader = sjson.Framer.new_frame_reader(source)
    with pytest.raises(_frames.ObjectTooLargeError):
        reader.read_frame(max_bytes=1 << 20)
    assert source.reads == 17  # refused as soon as more than 1 MiB was pending
    # The rest of the refused value is dropped as it comes, then the value after it is read.
    reader = sjson.Framer.new_frame_reader(iter([b'{"a":"' + b"y" * 30, b"y" * 30, b'"} {"b":1}', b"  "]))
    with pytest.raises(_frames.ObjectTooLargeError):
        reader.read_frame(max_bytes=20)
    assert reader.read_frame(max_bytes=20) == b'{"b":1}'
    with pytest.raises(EOFError):
        reader.read_frame(max_bytes=20)
    assert reader.read_frame.__self__._buf.data == bytearray()


def test_json_framing_is_linear():
    """One 8 MiB event in 64 KiB reads: the old framer rescanned the whole buffer on every read (45 s)."""
    event = json.dumps(
        {
            "type": "ADDED",
            "object": {
                "kind": "ConfigMap",
                "apiVersion": "v1",
                "data": {f"k{i}": 'v\\"{[' * 20 for i in range(60_000)},
            },
        }
    ).encode()
    assert len(event) > 8 << 20
    chunks = [event[i : i + 65536] for i in range(0, len(event), 65536)]
    start = time.process_time()
    reader = sjson.Framer.new_frame_reader(iter(chunks + [b"\n"]))
    assert reader.read_frame() == event
    assert time.process_time() - start < 1.0
    small = event[: len(event) // 8]
    small_chunks = [small[i : i + 65536] for i in range(0, len(small), 65536)]
    end, state = 0, 0
    start = time.process_time()
    base = 0
    for chunk in small_chunks:  # the Python scan, resumed chunk after chunk, is linear too
        end, state = _frames._scan_py(chunk, 0, state)
        base += len(chunk)
    assert time.process_time() - start < 2.0 and end == -1 and state > 0


def _random_json_bytes(rng: random.Random) -> bytes:
    alphabet = [b"{", b"}", b"[", b"]", b'"', b"\\", b"a", b" ", b":", b",", b"\\\\", b'\\"', b"\xff", b"\n"]
    # What the framer scans: a value that opens with a bracket (so the depth never goes below zero).
    return rng.choice([b"{", b"["]) + b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))


@pytest.mark.skipif(_frames._scan_c is None, reason="the C extension is not built")
def test_c_and_python_scans_agree_on_every_split():
    rng = random.Random(1515)
    for _ in range(3000):
        data = _random_json_bytes(rng)
        cut = rng.randrange(0, len(data) + 1)
        for scan in (_frames._scan_c, _frames._scan_py):
            assert scan(data, 0, 0) == _frames._scan_c(data, 0, 0)
        first_c = _frames._scan_c(data[:cut], 0, 0)
        first_py = _frames._scan_py(data[:cut], 0, 0)
        assert first_c == first_py
        if first_c[0] < 0:
            assert _frames._scan_c(bytearray(data), cut, first_c[1]) == _frames._scan_py(data, cut, first_py[1])
            whole = _frames._scan_c(data, 0, 0)
            assert _frames._scan_c(data, cut, first_c[1]) == whole


def test_framer_splits_the_same_whatever_the_reads():
    rng = random.Random(7)
    stream = b' {"a": "}"} \n{"b":[1,{"c":"\\""}]}{"d":1}\n[1,[2]] "s\\"x" 12 '
    want = [b'{"a": "}"}', b'{"b":[1,{"c":"\\""}]}', b'{"d":1}', b"[1,[2]]", b'"s\\"x"', b"12"]
    for _ in range(200):
        cuts = sorted(rng.sample(range(1, len(stream)), rng.randrange(0, 10)))
        chunks = [stream[a:b] for a, b in zip([0] + cuts, cuts + [len(stream)])]
        reader = sjson.Framer.new_frame_reader(iter(chunks))
        got = []
        with pytest.raises(EOFError):
            while True:
                got.append(reader.read_frame())
        assert got == want


# ---- through the clientset, against a loopback server ----


def _clientset(httpserver, content_type: str = "") -> kubernetes.Clientset:
    return kubernetes.new_for_config(rest.Config(host=httpserver.url_for("/"), content_type=content_type))


def _collect(w, timeout: float = 10.0) -> list:
    out = []
    deadline = time.monotonic() + timeout
    while True:
        ev, ok = w.result_chan().recv(timeout=max(0.0, deadline - time.monotonic()))
        if not ok:
            return out
        out.append(ev)
        assert time.monotonic() < deadline


def test_watch_refuses_a_huge_protobuf_frame_with_an_error_event(httpserver):
    stop = threading.Event()

    def endless(request):
        def gen():
            yield b"\xff\xff\xff\xff"
            for _ in range(200):  # the client refuses the frame from its prefix and hangs up
                if stop.is_set():
                    return
                yield b"\0" * 65536
                time.sleep(0.01)

        return Response(gen(), content_type=PROTOBUF + ";stream=watch")

    httpserver.expect_request("/api/v1/namespaces/ns/pods").respond_with_handler(endless)
    try:
        start = time.monotonic()
        w = _clientset(httpserver).core_v1().pods("ns").watch(context.background(), metav1.ListOptions())
        events = _collect(w)
        assert time.monotonic() - start < 5
        assert [e.type for e in events] == [watch.Error]
        assert events[0].object.details.causes[0].message == (
            "unable to decode an event from the watch stream: object to decode was longer than maximum allowed size"
        )
        w.stop()
    finally:
        stop.set()


@pytest.mark.parametrize("content_type", ["application/json", PROTOBUF])
def test_typed_watch_fails_an_event_of_an_unregistered_kind(httpserver, content_type):
    if content_type == PROTOBUF:
        envelope = runtime.Unknown(
            typeMeta={"apiVersion": "example.com/v1", "kind": "Widget"}, raw=b"\x0a\x03\x0a\x01w"
        )
        event = metav1.WatchEvent(type="ADDED")
        event.object.raw = b"k8s\x00" + envelope.SerializeToString()
        body = struct.pack(">I", event.ByteSize()) + event.SerializeToString()
    else:
        body = b'{"type":"ADDED","object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}}\n'
    httpserver.expect_request("/api/v1/namespaces/ns/pods").respond_with_data(
        body, content_type=content_type + ";stream=watch" if content_type == PROTOBUF else content_type
    )
    w = _clientset(httpserver, content_type).core_v1().pods("ns").watch(context.background(), metav1.ListOptions())
    events = _collect(w)
    assert [e.type for e in events] == [watch.Error]
    assert events[0].object.details.causes[0].message == (
        'unable to decode an event from the watch stream: unable to decode watch event: no kind "Widget" is '
        'registered for version "example.com/v1" in scheme "k8s.io/client-go/kubernetes/scheme/register.go:84"'
    )
    assert events[0].object.code == 500 and events[0].object.reason == "InternalError"


def test_yaml_framer_splits_the_same_whatever_the_reads_and_in_linear_time():
    from kubernetes_py.apimachinery.runtime.serializer._frames import YAMLFrameReader

    stream = b"a: 1\n---\nb: 2\n--- \n\n---\n---x: 3\nc: 4\n---\n"
    for n in (1, 2, 3, 5, 8, 100):
        reader = YAMLFrameReader(iter([stream[i : i + n] for i in range(0, len(stream), n)]))
        got = []
        with pytest.raises(EOFError):
            while True:
                got.append(reader.read_frame())
        assert got == [b"a: 1\n", b"b: 2\n", b"---x: 3\nc: 4\n"]
    big = b"".join(b"key%d: %s\n" % (i, b"v" * 50) for i in range(150_000))  # 9 MB in one document
    start = time.process_time()
    reader = YAMLFrameReader(iter([big[i : i + 65536] for i in range(0, len(big), 65536)] + [b"---\nx: 1\n"]))
    assert reader.read_frame() == big and reader.read_frame() == b"x: 1\n"
    assert time.process_time() - start < 1.0
