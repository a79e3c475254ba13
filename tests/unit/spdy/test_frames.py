"""SPDY/3 framing against frames written by moby/spdystream's Go framer (go_frames.json, made by
``hack/oracle/cmd/spdyframes fixtures``): every Go frame decodes to what Go wrote, and every frame without a
compressed header block encodes to Go's bytes exactly."""

from __future__ import annotations

import io
import json
import pathlib
import struct
import zlib

import pytest
from urllib3 import HTTPHeaderDict

from kubernetes_py.apimachinery.util.httpstream.spdy import frames as spdy

GO = {
    name: bytes.fromhex(h)
    for name, h in json.loads((pathlib.Path(__file__).parent / "go_frames.json").read_text()).items()
}


def headers(*kv: str) -> HTTPHeaderDict:
    h = HTTPHeaderDict()
    for k, v in zip(kv[::2], kv[1::2]):
        h.add(k, v)
    return h


def read_all(data: bytes, *opts) -> list:
    framer = spdy.Framer(lambda b: None, io.BytesIO(data), *opts)
    out = []
    while True:
        try:
            out.append(framer.read_frame())
        except EOFError:
            return out


def encode(*frames, disabled: bool = False) -> bytes:
    out = []
    framer = spdy.Framer(out.append, io.BytesIO())
    framer.header_compression_disabled = disabled
    for f in frames:
        framer.write_frame(f)
    return b"".join(out)


def cf(frame_type: int, length: int, flags: int = 0) -> spdy.ControlFrameHeader:
    return spdy.ControlFrameHeader(flags=flags, version=3, frame_type=frame_type, length=length)


UNCOMPRESSED = {
    "data": spdy.DataFrame(stream_id=1, data=b"hello"),
    "data_fin_empty": spdy.DataFrame(stream_id=3, flags=spdy.DataFlagFin),
    "data_high_id": spdy.DataFrame(stream_id=0x7FFFFFFF, data=bytes([0, 1, 2, 255])),
    "rst_stream": spdy.RstStreamFrame(stream_id=5, status=spdy.Cancel),
    "rst_refused": spdy.RstStreamFrame(stream_id=2, status=spdy.RefusedStream),
    "ping": spdy.PingFrame(id=7),
    "goaway": spdy.GoAwayFrame(last_good_stream_id=9, status=spdy.GoAwayOK),
    "goaway_internal": spdy.GoAwayFrame(last_good_stream_id=0, status=spdy.GoAwayInternalError),
    "window_update": spdy.WindowUpdateFrame(stream_id=1, delta_window_size=65536),
    "settings": spdy.SettingsFrame(
        flag_id_values=[
            spdy.SettingsFlagIdValue(
                flag=spdy.FlagSettingsPersistValue, id=spdy.SettingsInitialWindowSize, value=1 << 20
            ),
            spdy.SettingsFlagIdValue(id=spdy.SettingsMaxConcurrentStreams, value=100),
        ]
    ),
    "settings_empty": spdy.SettingsFrame(),
}


@pytest.mark.parametrize("name", sorted(UNCOMPRESSED))
def test_uncompressed_frames_encode_to_go_bytes(name):
    assert encode(UNCOMPRESSED[name]) == GO[name]


@pytest.mark.parametrize("name", sorted(UNCOMPRESSED))
def test_uncompressed_frames_decode_from_go_bytes(name):
    (frame,) = read_all(GO[name])
    want = UNCOMPRESSED[name]
    if not isinstance(want, spdy.DataFrame):
        encode(want)  # fills in the control header as writing does
    assert frame == want
    if not isinstance(frame, spdy.DataFrame):
        assert frame.cf_header == want.cf_header


def test_header_frames_decode_from_go_bytes():
    (syn,) = read_all(GO["syn_stream"])
    assert syn == spdy.SynStreamFrame(
        stream_id=1,
        headers=headers("streamtype", "error", "port", "80", "requestid", "0"),
        cf_header=cf(spdy.TypeSynStream, len(GO["syn_stream"]) - 8),
    )
    (syn,) = read_all(GO["syn_stream_fin"])
    assert (syn.stream_id, syn.associated_to_stream_id, syn.priority, syn.cf_header.flags) == (3, 1, 7, 1)
    assert dict(syn.headers) == {"streamtype": "data"}
    (syn,) = read_all(GO["syn_stream_multi"])
    assert syn.headers.getlist("X-Multi") == ["a", "b"]
    (reply,) = read_all(GO["syn_reply"])
    assert type(reply) is spdy.SynReplyFrame and reply.stream_id == 1 and len(reply.headers) == 0
    (reply,) = read_all(GO["syn_reply_fin"])
    assert (reply.stream_id, reply.cf_header.flags, dict(reply.headers)) == (2, spdy.ControlFlagFin, {"status": "ok"})
    (h,) = read_all(GO["headers"])
    assert type(h) is spdy.HeadersFrame and dict(h.headers) == {"trailer": "yes"}


def test_header_compression_carries_across_frames_as_go_writes_it():
    frames = read_all(GO["sequence"])
    assert [type(f).__name__ for f in frames] == ["SynStreamFrame", "SynStreamFrame", "DataFrame", "SynReplyFrame"]
    assert [f.headers.get("streamType") for f in frames if not isinstance(f, spdy.DataFrame)] == [
        "error",
        "data",
        "data",
    ]
    assert frames[2] == spdy.DataFrame(stream_id=3, data=b"payload")


def test_header_frames_round_trip_through_one_zlib_stream():
    sent = [
        spdy.SynStreamFrame(stream_id=1, headers=headers("streamType", "error", "port", "8080")),
        spdy.SynStreamFrame(stream_id=3, headers=headers("streamType", "data", "port", "8080"), priority=3),
        spdy.SynReplyFrame(stream_id=2, headers=headers("a", "1", "a", "2")),
        spdy.HeadersFrame(stream_id=1, headers=headers("x", "")),
        spdy.DataFrame(stream_id=1, data=b"x" * 70000, flags=spdy.DataFlagFin),
    ]
    data = encode(*sent)
    got = read_all(data)
    assert got == sent
    assert got[2].headers.getlist("a") == ["1", "2"]


def test_uncompressed_header_blocks_when_compression_is_off():
    data = encode(spdy.SynReplyFrame(stream_id=1, headers=headers("Port", "80")), disabled=True)
    assert data == (
        struct.pack(">HHI", 0x8003, spdy.TypeSynReply, 4 + 4 + 4 + 4 + 4 + 2)
        + struct.pack(">II", 1, 1)
        + struct.pack(">I", 4)
        + b"port"
        + struct.pack(">I", 2)
        + b"80"
    )


def test_header_value_block_lowercases_names_and_joins_values_with_nul():
    assert spdy.header_value_block(headers("X-A", "1", "x-a", "2")) == (
        struct.pack(">I", 1) + struct.pack(">I", 3) + b"x-a" + struct.pack(">I", 3) + b"1\x002"
    )


@pytest.mark.parametrize(
    "frame",
    [
        spdy.DataFrame(stream_id=0, data=b"x"),
        spdy.SynStreamFrame(stream_id=0),
        spdy.SynReplyFrame(stream_id=0),
        spdy.HeadersFrame(stream_id=0),
        spdy.RstStreamFrame(stream_id=0, status=spdy.Cancel),
        spdy.PingFrame(id=0),
    ],
)
def test_writing_stream_id_zero_is_refused(frame):
    with pytest.raises(spdy.Error) as e:
        encode(frame)
    assert str(e.value) == spdy.ZeroStreamId


def test_writing_invalid_frames_is_refused():
    with pytest.raises(spdy.Error, match=spdy.InvalidControlFrame):
        encode(spdy.RstStreamFrame(stream_id=1, status=0))
    with pytest.raises(spdy.Error, match=spdy.InvalidDataFrame) as e:
        encode(spdy.DataFrame(stream_id=1, data=b"x" * (spdy.MaxDataLength + 1)))
    assert e.value.stream_id == 1


def control(frame_type: int, payload: bytes, flags: int = 0) -> bytes:
    return struct.pack(">HHI", 0x8003, frame_type, flags << 24 | len(payload)) + payload


def compressed_block(raw: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, spdy.HEADER_DICTIONARY)
    return c.compress(raw) + c.flush(zlib.Z_SYNC_FLUSH)


def raw_block(*pairs: tuple[bytes, bytes]) -> bytes:
    out = struct.pack(">I", len(pairs))
    for name, value in pairs:
        out += struct.pack(">I", len(name)) + name + struct.pack(">I", len(value)) + value
    return out


def syn_stream(block: bytes, stream_id: int = 1) -> bytes:
    return control(spdy.TypeSynStream, struct.pack(">IIBB", stream_id, 0, 0, 0) + compressed_block(block))


@pytest.mark.parametrize(
    "data,err,stream_id",
    [
        (control(spdy.TypePing, struct.pack(">I", 0)), spdy.ZeroStreamId, 0),
        (control(spdy.TypePing, struct.pack(">I", 3), flags=1), spdy.InvalidControlFrame, 3),
        (control(spdy.TypeRstStream, struct.pack(">II", 1, 0)), spdy.InvalidControlFrame, 1),
        (control(spdy.TypeRstStream, struct.pack(">II", 0, 5)), spdy.ZeroStreamId, 0),
        (control(spdy.TypeGoAway, struct.pack(">III", 1, 0, 0)), spdy.InvalidControlFrame, 1),
        (control(spdy.TypeGoAway, struct.pack(">II", 1, 0), flags=1), spdy.InvalidControlFrame, 1),
        (control(spdy.TypeWindowUpdate, struct.pack(">II", 1, 5), flags=1), spdy.InvalidControlFrame, 1),
        (control(spdy.TypeSettings, struct.pack(">I", 2) + struct.pack(">II", 1, 1)), spdy.InvalidControlFrame, 0),
        (control(0x0005, b""), spdy.InvalidControlFrame, 0),
        (struct.pack(">II", 0, 1) + b"x", spdy.ZeroStreamId, 0),
        (syn_stream(raw_block((b"Port", b"80"))), spdy.UnlowercasedHeaderName, 1),
        (syn_stream(raw_block((b"1a", b"x"), (b"1a", b"y"))), spdy.DuplicateHeaders, 1),
        (syn_stream(raw_block((b"host", b"example"))), spdy.InvalidHeaderPresent, 1),
        (syn_stream(raw_block((b"port", b"80")), stream_id=0), spdy.ZeroStreamId, 0),
        (syn_stream(raw_block((b"port", b"80"))[:-3]), spdy.WrongCompressedPayloadSize, 0),
    ],
)
def test_reading_invalid_frames_fails_as_go(data, err, stream_id):
    with pytest.raises(spdy.Error) as e:
        read_all(data)
    assert (e.value.err, e.value.stream_id) == (err, stream_id)


def test_a_repeated_canonical_name_merges_as_in_go():
    # Go looks the lowercased name up among canonical keys ("Port"), so it never sees "port" twice.
    (frame,) = read_all(syn_stream(raw_block((b"port", b"80"), (b"port", b"81"))))
    assert frame.headers.getlist("port") == ["80", "81"]


def test_syn_reply_may_carry_host_but_not_connection():
    reply = control(spdy.TypeSynReply, struct.pack(">I", 1) + compressed_block(raw_block((b"host", b"h"))))
    (frame,) = read_all(reply)
    assert frame.headers["host"] == "h"
    reply = control(spdy.TypeSynReply, struct.pack(">I", 1) + compressed_block(raw_block((b"connection", b"c"))))
    with pytest.raises(spdy.Error, match=spdy.InvalidHeaderPresent):
        read_all(reply)


def test_oversized_control_frames_are_skipped_then_refused():
    big = control(spdy.TypePing, struct.pack(">I", 1) + b"\0" * 60)
    framer = spdy.Framer(lambda b: None, io.BytesIO(big + GO["ping"]), spdy.with_max_control_frame_payload_size(32))
    with pytest.raises(spdy.Error, match=spdy.InvalidControlFrame):
        framer.read_frame()
    assert framer.read_frame() == spdy.PingFrame(id=7, cf_header=cf(spdy.TypePing, 4))


def test_header_limits():
    block = raw_block(*[(f"h{i}".encode(), b"v") for i in range(3)])
    framer = spdy.Framer(lambda b: None, io.BytesIO(syn_stream(block)), spdy.with_max_header_count(2))
    with pytest.raises(spdy.Error, match=spdy.InvalidControlFrame):
        framer.read_frame()
    framer = spdy.Framer(
        lambda b: None, io.BytesIO(syn_stream(raw_block((b"name", b"v" * 9)))), spdy.with_max_header_field_size(8)
    )
    with pytest.raises(spdy.Error, match=spdy.InvalidControlFrame):
        framer.read_frame()


def test_end_of_input_between_and_inside_frames():
    framer = spdy.Framer(lambda b: None, io.BytesIO(b""))
    with pytest.raises(EOFError, match="^EOF$"):
        framer.read_frame()
    framer = spdy.Framer(lambda b: None, io.BytesIO(GO["data"][:-1]))
    with pytest.raises(EOFError, match="unexpected EOF"):
        framer.read_frame()
    framer = spdy.Framer(lambda b: None, io.BytesIO(GO["ping"][:5]))
    with pytest.raises(EOFError, match="unexpected EOF"):
        framer.read_frame()


def test_a_framer_over_writer_and_reader_objects_as_go_builds_one():
    buf = io.BytesIO()
    writer = spdy.new_framer(buf, None)
    writer.write_frame(spdy.SynStreamFrame(stream_id=1, headers=headers("a", "b")))
    writer.write_frame(spdy.DataFrame(stream_id=1, data=b"x", flags=spdy.DataFlagFin))
    reader = spdy.new_framer_with_options(io.BytesIO(), io.BytesIO(buf.getvalue()), spdy.with_max_header_count(5))
    assert reader.read_frame().headers["a"] == "b"
    assert reader.read_frame() == spdy.DataFrame(stream_id=1, data=b"x", flags=spdy.DataFlagFin)
