#!/usr/bin/env python3
"""Requests per second for small GETs (one ConfigMap) with kubernetes_py's RESTClient and the official client.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/rest_get.py [--requests N] [--rounds R]

The server is the one KUBECONFIG points at (hack/localcluster.py starts a real kube-apiserver on loopback).
Both clients run in the same process, sequentially, each on its one kept-alive connection, against the same
ConfigMap. The variants take turns in small batches (``--batch`` GETs each, ``--rounds`` turns), so that a
busy machine slows them alike; the median and the best batch of each are reported, and ratios use medians.
The client's own CPU time per request (process time, so the API server's work is not counted) is reported
too: on a shared machine it is the steadier figure.
Client-side throttling is switched off for kubernetes_py (qps=-1) because the official client has none.

Variants:
  kubernetes_py raw       RESTClient.get()...do_raw(): bytes, no decoding
  kubernetes_py json      ...do().into(corev1.ConfigMap()) over JSON
  kubernetes_py protobuf  the same over application/vnd.kubernetes.protobuf
  official raw            CoreV1Api.read_namespaced_config_map(..., _preload_content=False).data
  official typed          CoreV1Api.read_namespaced_config_map(...) -> V1ConfigMap
  client-go protobuf      with --go-bench PATH (hack/oracle/cmd/bench): clientset ConfigMaps(ns).Get, one Go
                          process per turn doing 4x the batch (so its TLS handshake, timed inside, weighs little);
                          its CPU is the whole process's (start included), from the children's rusage
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import statistics
import sys
import time
from typing import Callable

NAMESPACE = "default"
NAME = "rest-get-bench"


def _kubernetes_py_clients(kubeconfig: str):
    from kubernetes_py import rest
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery.runtime import schema
    from kubernetes_py.kubernetes import scheme
    from kubernetes_py.tools import clientcmd

    def client(content_type: str) -> rest.RESTClient:
        config = clientcmd.build_config_from_flags("", kubeconfig)
        config.qps = -1
        config.api_path = "/api"
        config.group_version = schema.GroupVersion(version="v1")
        config.negotiated_serializer = scheme.Codecs.without_conversion()
        if content_type:
            config.content_type = content_type
        return rest.rest_client_for(config)

    json_client = client("")
    proto_client = client("application/vnd.kubernetes.protobuf")

    def ensure() -> None:
        cm = corev1.ConfigMap()
        cm.metadata.name = NAME
        cm.data["key"] = "value"
        try:
            json_client.post().namespace(NAMESPACE).resource("configmaps").body(cm).do().error()
        except Exception as err:  # noqa: BLE001 - already exists from an earlier run
            if "already exists" not in str(err):
                raise

    def get_raw() -> None:
        json_client.get().namespace(NAMESPACE).resource("configmaps").name(NAME).do_raw()

    def get_json() -> None:
        out = corev1.ConfigMap()
        json_client.get().namespace(NAMESPACE).resource("configmaps").name(NAME).do().into(out)
        assert out.data["key"] == "value"

    def get_proto() -> None:
        out = corev1.ConfigMap()
        proto_client.get().namespace(NAMESPACE).resource("configmaps").name(NAME).do().into(out)
        assert out.data["key"] == "value"

    return ensure, {"kubernetes_py raw": get_raw, "kubernetes_py json": get_json,
                    "kubernetes_py protobuf": get_proto}


def _official_clients(kubeconfig: str):
    from kubernetes import client, config

    api_client = config.new_client_from_config(config_file=kubeconfig)
    core = client.CoreV1Api(api_client)

    def get_raw() -> None:
        core.read_namespaced_config_map(NAME, NAMESPACE, _preload_content=False).data

    def get_typed() -> None:
        cm = core.read_namespaced_config_map(NAME, NAMESPACE)
        assert cm.data["key"] == "value"

    return {"official raw": get_raw, "official typed": get_typed}


GO = "client-go protobuf"


def _go_get(go_bench: str, kubeconfig: str, n: int) -> tuple[float, float]:
    """(requests per second, process CPU microseconds per request) of client-go doing n GETs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([go_bench, "get", kubeconfig, NAMESPACE, NAME, str(n)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{go_bench} get failed: {proc.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return json.loads(proc.stdout)["per_second"], cpu / n * 1e6


def _measure(fn: Callable[[], None], n: int) -> tuple[float, float]:
    """(requests per second of wall time, client CPU microseconds per request) for n calls."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start), (time.process_time() - cpu) / n * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=50, help="GETs per variant and turn")
    parser.add_argument("--rounds", type=int, default=20, help="turns of every variant")
    parser.add_argument("--go-bench", help="path of the built hack/oracle/cmd/bench program (client-go's figures)")
    args = parser.parse_args()
    kubeconfig = os.environ.get("KUBECONFIG", "")
    if not kubeconfig:
        print("KUBECONFIG must name the kubeconfig of the server to measure (see hack/localcluster.py)",
              file=sys.stderr)
        return 2

    ensure, variants = _kubernetes_py_clients(kubeconfig)
    ensure()
    try:
        variants.update(_official_clients(kubeconfig))
    except ImportError:
        print("the official client is not installed (pip install -e '.[bench]'); measuring kubernetes_py only",
              file=sys.stderr)

    for fn in variants.values():  # warm up connections and caches
        for _ in range(20):
            fn()
    rates: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    if args.go_bench:
        rates[GO], cpu[GO] = [], []
    for _ in range(args.rounds):
        for name, fn in variants.items():
            rate, micros = _measure(fn, args.batch)
            rates[name].append(rate)
            cpu[name].append(micros)
        if args.go_bench:
            rate, micros = _go_get(args.go_bench, kubeconfig, args.batch * 4)
            rates[GO].append(rate)
            cpu[GO].append(micros)
    median = {name: statistics.median(r) for name, r in rates.items()}
    cpu_median = {name: statistics.median(c) for name, c in cpu.items()}
    base = "official typed" if "official typed" in median else next(iter(median))
    print(f"{args.rounds} turns of {args.batch} GETs per variant; ratios of medians to the official typed client")
    print(f"{'variant':<24} {'median req/s':>12} {'best req/s':>11} {'ratio':>7} {'client CPU us/req':>18} {'ratio':>7}")
    for name in rates:
        print(f"{name:<24} {median[name]:12.0f} {max(rates[name]):11.0f} {median[name] / median[base]:6.2f}x "
              f"{cpu_median[name]:18.0f} {cpu_median[name] / cpu_median[base]:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
