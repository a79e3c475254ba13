"""Offline checks of the benchmark scripts' own logic (no server, no network): the pods list_pods.py creates,
how it picks best times and refuses short answers, the ratios it prints, that run.py's arguments exist, and
watch_replay.py's replay server."""

import importlib
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

list_pods = importlib.import_module("list_pods")


def test_pod_to_create_has_no_server_fields_and_a_matching_status():
    pod, status = list_pods.pod_to_create(7, "bench-ns", list_pods._json_codec())
    assert pod.metadata.name == "web-00007-7c9f8d6b5-x07qz"
    assert pod.metadata.namespace == "bench-ns"
    assert (pod.metadata.uid, pod.metadata.resourceVersion, len(pod.metadata.managedFields)) == ("", "", 0)
    assert not pod.metadata.HasField("creationTimestamp")
    assert [c.name for c in pod.spec.containers] == ["web", "metrics"]
    assert pod.spec.containers[1].ports[0].containerPort == 9100
    assert pod.spec.containers[0].livenessProbe.httpGet.path == "/healthz"
    assert status["phase"] == "Running"
    assert [c["name"] for c in status["containerStatuses"]] == ["web", "metrics"]
    assert pod.status.phase == "" and len(pod.status.conditions) == 0


def _variant(name, seconds_per_round, items=5):
    calls = iter(seconds_per_round)
    return list_pods.Variant(name, lambda: (next(calls), items), warm=lambda: None, self_timed=True)


def test_measure_keeps_the_best_round_and_times_slow_variants_once():
    timings = list_pods.measure(
        [_variant("fast", [0.3, 0.1, 0.2]), _variant("slow", [30.0, 1.0, 1.0])], rounds=3, pods=5, slow_seconds=20
    )
    assert (timings["fast"].best, timings["fast"].rounds) == (0.1, 3)
    assert (timings["slow"].best, timings["slow"].rounds) == (30.0, 1)


def test_measure_refuses_a_variant_that_returns_fewer_pods():
    with pytest.raises(RuntimeError, match="short returned 4 pods, expected 5"):
        list_pods.measure([_variant("short", [0.1], items=4)], rounds=1, pods=5, slow_seconds=20)


def test_report_prints_times_and_ratios_against_the_official_client(capsys):
    T = list_pods.Timing
    list_pods.report(
        {"kubernetes_py protobuf": T(0.05, 5), "kubernetes_py JSON": T(0.4, 5), "official": T(2.0, 5)},
        ["kr8s"],
        pods=5000,
    )
    out = capsys.readouterr().out
    assert "  kubernetes_py protobuf        50 ms       40.0x       5" in out
    assert "  official                    2000 ms        1.0x       5" in out
    assert "kr8s" in out and "skipped (not installed" in out
    assert "  kubernetes_py protobuf: 8.0x kubernetes_py JSON, 40.0x official" in out
    assert "target: kubernetes_py protobuf >= 20x faster than official end to end: met (40.0x)" in out


def test_run_py_passes_only_options_each_script_accepts():
    run = importlib.import_module("run")
    for _name, script, full, quick in run.SUITE:
        help_text = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / script), "--help"], capture_output=True, text=True, check=True
        ).stdout
        for option in [a for a in full + quick if a.startswith("--")]:
            assert option in help_text, f"{script} has no {option}"


def _recording(tmp_path):
    """A tiny recording in watch_replay.py's layout: protobuf frames (length-prefixed) and JSON lines."""
    watch_replay = importlib.import_module("watch_replay")
    meta = {"pods": 2}

    def proto(kind, n):
        body = b"\n" + bytes([len(kind)]) + kind.encode() + b"\x12\x03obj" + bytes([n])
        return len(body).to_bytes(4, "big") + body

    def line(kind, n):
        return json.dumps({"type": kind, "object": {"n": n}}).encode() + b"\n"

    for fmt, frame in (("protobuf", proto), ("json", line)):
        sections = {
            "added": [frame("ADDED", 1), frame("ADDED", 2)],
            "bookmark": [frame("BOOKMARK", 0)],
            "modified": [frame("MODIFIED", 3), frame("MODIFIED", 4)],
        }
        for section, frames in sections.items():
            (tmp_path / f"{section}.{fmt}").write_bytes(b"".join(frames))
        (tmp_path / f"list.{fmt}").write_bytes(f"empty {fmt} list".encode())
        meta[f"list_type.{fmt}"] = watch_replay.FORMATS[fmt]
        meta[f"watch_type.{fmt}"] = watch_replay.FORMATS[fmt] + (";stream=watch" if fmt == "protobuf" else "")
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    return watch_replay


@pytest.mark.parametrize("fmt", ["protobuf", "json"])
def test_watch_replay_serves_the_recording_once_then_silence(tmp_path, fmt):
    import http.client

    watch_replay = _recording(tmp_path)
    assert [watch_replay.event_type(f, fmt) for f in watch_replay.load(tmp_path, fmt)["added"]] == ["ADDED"] * 2
    server = watch_replay.ReplayServer(tmp_path, loops=3)
    thread = threading.Thread(target=server.serve_forever, name="replay server")
    thread.start()
    accept = {"Accept": watch_replay.FORMATS[fmt]}
    try:
        conn = http.client.HTTPConnection(*server.server_address, timeout=5)
        conn.request("GET", "/api/v1/namespaces/ns/pods?limit=500", headers=accept)
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, f"empty {fmt} list".encode())
        conn.request("GET", "/api/v1/namespaces/ns/pods?watch=1&sendInitialEvents=true", headers=accept)
        resp = conn.getresponse()
        assert resp.getheader("Transfer-Encoding") == "chunked"
        kinds = [watch_replay.event_type(watch_replay.read_frame(resp, fmt), fmt) for _ in range(9)]
        assert kinds == ["ADDED", "ADDED", "BOOKMARK"] + ["MODIFIED"] * 6
        other = http.client.HTTPConnection(*server.server_address, timeout=0.3)
        other.request("GET", "/api/v1/namespaces/ns/pods?watch=1", headers=accept)
        silent = other.getresponse()
        assert silent.status == 200
        with pytest.raises(TimeoutError):
            silent.read(1)  # later watches stay open without events
        other.close()
    finally:
        server.close()
        thread.join(5)
        conn.close()
    assert not thread.is_alive()
