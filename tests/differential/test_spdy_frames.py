"""Frames written by kubernetes_py's SPDY framer, read by moby/spdystream's Go framer (hack/oracle/cmd/spdyframes):
compressed header blocks included, over one zlib stream per connection as Go reads them."""

from __future__ import annotations

import json
import subprocess

from urllib3 import HTTPHeaderDict

from kubernetes_py.apimachinery.util.httpstream.spdy import frames as spdy


def _headers(*kv: str) -> HTTPHeaderDict:
    h = HTTPHeaderDict()
    for k, v in zip(kv[::2], kv[1::2]):
        h.add(k, v)
    return h


def _connection(*frames) -> str:
    out: list[bytes] = []
    framer = spdy.Framer(out.append, None)
    for f in frames:
        framer.write_frame(f)
    return b"".join(out).hex()


def test_go_reads_python_frames(go_oracle):
    connections = [
        _connection(
            spdy.SynStreamFrame(stream_id=1, headers=_headers("streamType", "error", "port", "80", "requestID", "0")),
            spdy.SynStreamFrame(
                stream_id=3,
                headers=_headers("streamType", "data", "port", "80", "requestID", "0"),
                priority=5,
                cf_header=spdy.ControlFrameHeader(flags=spdy.ControlFlagFin),
            ),
            spdy.DataFrame(stream_id=3, data=bytes(range(256)) * 300),
            spdy.DataFrame(stream_id=3, flags=spdy.DataFlagFin),
            spdy.SynReplyFrame(stream_id=2, headers=_headers("X-Multi", "a", "X-Multi", "b")),
            spdy.HeadersFrame(stream_id=1, headers=_headers("trailer", "yes")),
            spdy.RstStreamFrame(stream_id=3, status=spdy.Cancel),
            spdy.PingFrame(id=11),
            spdy.WindowUpdateFrame(stream_id=1, delta_window_size=4096),
            spdy.SettingsFrame(flag_id_values=[spdy.SettingsFlagIdValue(flag=1, id=7, value=65536)]),
            spdy.GoAwayFrame(last_good_stream_id=2, status=spdy.GoAwayOK),
        ),
        _connection(
            *[
                spdy.SynStreamFrame(stream_id=2 * i + 1, headers=_headers("streamType", "data", "port", str(i)))
                for i in range(50)
            ]
        ),
    ]
    proc = subprocess.run(
        [str(go_oracle("spdyframes")), "decode"],
        input="\n".join(connections) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert "error" not in first and "error" not in second
    assert first["frames"] == [
        {
            "type": "syn_stream",
            "flags": 0,
            "stream_id": 1,
            "associated_to_stream_id": 0,
            "priority": 0,
            "slot": 0,
            "headers": {"Streamtype": ["error"], "Port": ["80"], "Requestid": ["0"]},
        },
        {
            "type": "syn_stream",
            "flags": 1,
            "stream_id": 3,
            "associated_to_stream_id": 0,
            "priority": 5,
            "slot": 0,
            "headers": {"Streamtype": ["data"], "Port": ["80"], "Requestid": ["0"]},
        },
        {"type": "data", "stream_id": 3, "flags": 0, "data": (bytes(range(256)) * 300).hex()},
        {"type": "data", "stream_id": 3, "flags": 1, "data": ""},
        {"type": "syn_reply", "flags": 0, "stream_id": 2, "headers": {"X-Multi": ["a", "b"]}},
        {"type": "headers", "flags": 0, "stream_id": 1, "headers": {"Trailer": ["yes"]}},
        {"type": "rst_stream", "stream_id": 3, "status": spdy.Cancel},
        {"type": "ping", "id": 11},
        {"type": "window_update", "stream_id": 1, "delta_window_size": 4096},
        {"type": "settings", "flags": 0, "values": [[1, 7, 65536]]},
        {"type": "goaway", "last_good_stream_id": 2, "status": 0},
    ]
    assert [f["headers"]["Port"] for f in second["frames"]] == [[str(i)] for i in range(50)]
