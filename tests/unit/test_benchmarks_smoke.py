"""Offline checks of the benchmark scripts' own logic (no server, no network): the pods list_pods.py creates,
how it picks best times and refuses short answers, the ratios it prints, and that run.py's arguments exist."""
import importlib
import subprocess
import sys
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
    timings = list_pods.measure([_variant("fast", [0.3, 0.1, 0.2]), _variant("slow", [30.0, 1.0, 1.0])],
                                rounds=3, pods=5, slow_seconds=20)
    assert (timings["fast"].best, timings["fast"].rounds) == (0.1, 3)
    assert (timings["slow"].best, timings["slow"].rounds) == (30.0, 1)


def test_measure_refuses_a_variant_that_returns_fewer_pods():
    with pytest.raises(RuntimeError, match="short returned 4 pods, expected 5"):
        list_pods.measure([_variant("short", [0.1], items=4)], rounds=1, pods=5, slow_seconds=20)


def test_report_prints_times_and_ratios_against_the_official_client(capsys):
    T = list_pods.Timing
    list_pods.report({"kubernetes_py protobuf": T(0.05, 5), "kubernetes_py JSON": T(0.4, 5), "official": T(2.0, 5)},
                     ["kr8s"], pods=5000)
    out = capsys.readouterr().out
    assert "  kubernetes_py protobuf        50 ms       40.0x       5" in out
    assert "  official                    2000 ms        1.0x       5" in out
    assert "kr8s" in out and "skipped (not installed" in out
    assert "  kubernetes_py protobuf: 8.0x kubernetes_py JSON, 40.0x official" in out
    assert "target: kubernetes_py protobuf >= 20x faster than official end to end: met (40.0x)" in out


def test_run_py_passes_only_options_each_script_accepts():
    run = importlib.import_module("run")
    for _name, script, full, quick in run.SUITE:
        help_text = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--help"],
                                   capture_output=True, text=True, check=True).stdout
        for option in [a for a in full + quick if a.startswith("--")]:
            assert option in help_text, f"{script} has no {option}"
