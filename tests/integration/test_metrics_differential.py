"""client-go's metrics through the prometheus_client adapters beside component-base's registration: the same
workload (a list, a watch, a throttled burst, a named informer, a named workqueue, a leader election) run by client-go
(hack/oracle/cmd/clientgometrics) and by kubernetes_py (metrics_workload.py), each in a process of its own and a
namespace of its own on one API server, shows the same metric families with the same types and label names."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

WORKLOAD = str(Path(__file__).with_name("metrics_workload.py"))


def _namespace(apiserver) -> str:
    name = f"metrics-{uuid.uuid4().hex[:8]}"
    code, body = apiserver.request("POST", "/api/v1/namespaces", {"metadata": {"name": name}})
    assert code == 201, body
    return name


def _run(argv: list[str]) -> list[dict]:
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_metric_families_match_component_base(apiserver, go_oracle):
    binary = go_oracle("clientgometrics")
    namespaces = [_namespace(apiserver), _namespace(apiserver)]
    try:
        go = _run([str(binary), str(apiserver.kubeconfig), namespaces[0]])
        py = _run([sys.executable, WORKLOAD, str(apiserver.kubeconfig), namespaces[1]])
    finally:
        for ns in namespaces:
            apiserver.request("DELETE", f"/api/v1/namespaces/{ns}")
    by_name = {f["name"]: f for f in go}
    # what the workload must have produced on client-go's side
    for name in (
        "rest_client_requests_total",
        "rest_client_request_duration_seconds",
        "rest_client_rate_limiter_duration_seconds",
        "workqueue_adds_total",
        "workqueue_retries_total",
        "informer_queued_items",
        "informer_processing_latency_seconds",
        "informer_store_resource_version",
        "leader_election_master_status",
    ):
        assert name in by_name, sorted(by_name)
    assert py == go
