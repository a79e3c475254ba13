#!/usr/bin/env python3
"""A SharedInformerFactory syncing a big namespace, side by side with client-go's factory.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/informer_sync.py \
        [--pods 5000] [--others 1000] [--rounds 3] [--namespace NS] [--go-informersync PATH]

Setup (not measured): the namespace gets ``--pods`` realistic Pods (list_pods.py's, with a Running status) and
``--others`` each of Deployments, ReplicaSets (both with zero replicas) and ConfigMaps; objects left by an earlier
run are reused.

Measured, each round in a fresh process: a factory (``informers.new_shared_informer_factory_with_options(cs, 0,
with_namespace(ns))``) with informers for pods, deployments, replicasets and configmaps, the time from ``start``
to ``wait_for_cache_sync``, and the resident memory the synced caches hold (after a full collection and
malloc_trim, minus the process before the factory was made); for kubernetes_py in protobuf (the clientset's
default) and in JSON, and for client-go (hack/oracle/cmd/informersync, protobuf, its Go heap in use and resident
memory). Rounds interleave the variants; each keeps its best time and its last memory figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from list_pods import JSON, PROTOBUF, clientset_for, ensure_pods  # noqa: E402
from serialization import _release_free_memory, _rss  # noqa: E402

from kubernetes_py import context  # noqa: E402
from kubernetes_py.apimachinery.api import errors  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.kubernetes import scheme  # noqa: E402

KINDS = ("pods", "deployments", "replicasets", "configmaps")


def _template(name: str) -> dict:
    labels = {"app": name}
    return {
        "selector": {"matchLabels": labels},
        "replicas": 0,
        "template": {
            "metadata": {"labels": labels},
            "spec": {"containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10"}]},
        },
    }


def ensure_others(kubeconfig: str, namespace: str, count: int, workers: int = 8) -> int:
    """Creates the Deployments, ReplicaSets and ConfigMaps that are missing; returns how many it created."""
    cs = clientset_for(kubeconfig, PROTOBUF)
    ctx = context.background()
    decode = scheme.Codecs.universal_deserializer()
    clients = {
        "Deployment": ("apps/v1", cs.apps_v1().deployments(namespace)),
        "ReplicaSet": ("apps/v1", cs.apps_v1().replica_sets(namespace)),
        "ConfigMap": ("v1", cs.core_v1().config_maps(namespace)),
    }
    wanted = []
    for kind, (api_version, client) in clients.items():
        existing = {o.metadata.name for o in client.list(ctx, metav1.ListOptions()).items}
        for i in range(count):
            name = f"bench-{kind.lower()}-{i:05d}"
            if name in existing:
                continue
            body = {"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "labels": {"bench": "yes"}}}
            if kind == "ConfigMap":
                body["data"] = {"key": "value " * 40}
            else:
                body["spec"] = _template(name)
            wanted.append((client, json.dumps(body).encode()))

    def create(item) -> None:
        client, data = item
        obj = decode.decode(data, None, None)[0]
        try:
            client.create(ctx, obj, metav1.CreateOptions())
        except errors.StatusError as err:
            if not errors.is_already_exists(err):
                raise

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(create, wanted):
            pass
    return len(wanted)


def _child(kubeconfig: str, namespace: str, content_type: str) -> None:
    """One measurement, in this (fresh) process: prints seconds, rss_bytes and the objects per kind."""
    import threading

    from kubernetes_py import informers
    from kubernetes_py.apimachinery import labels

    cs = clientset_for(kubeconfig, content_type)
    _release_free_memory()
    before = _rss()
    factory = informers.new_shared_informer_factory_with_options(cs, 0, informers.with_namespace(namespace))
    accessors = {
        "pods": factory.core().v1().pods(),
        "deployments": factory.apps().v1().deployments(),
        "replicasets": factory.apps().v1().replica_sets(),
        "configmaps": factory.core().v1().config_maps(),
    }
    for accessor in accessors.values():
        accessor.informer()
    stop = threading.Event()
    start = time.perf_counter()
    factory.start(stop)
    synced = factory.wait_for_cache_sync(stop)
    seconds = time.perf_counter() - start
    assert synced and all(synced.values()), synced
    counts = {kind: len(accessor.lister().list(labels.everything())) for kind, accessor in accessors.items()}
    _release_free_memory()
    rss = _rss() - before
    stop.set()
    factory.shutdown()
    print(json.dumps({"seconds": seconds, "rss_bytes": rss, "counts": counts}))


def _run_python(kubeconfig: str, namespace: str, content_type: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", content_type, "--namespace", namespace],
        env={**os.environ, "KUBECONFIG": kubeconfig},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _run_go(go_program: str, kubeconfig: str, namespace: str) -> dict:
    proc = subprocess.run([go_program, kubeconfig, namespace], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=5000)
    parser.add_argument("--others", type=int, default=1000, help="Deployments, ReplicaSets and ConfigMaps each")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--namespace", default="bench-informers")
    parser.add_argument("--go-informersync", help="path of the built hack/oracle/cmd/informersync program")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    kubeconfig = os.environ.get("KUBECONFIG")
    if not kubeconfig:
        parser.error("set KUBECONFIG to the admin kubeconfig of the server to measure against")
    if args.child:
        _child(kubeconfig, args.namespace, args.child)
        return 0

    created = ensure_pods(kubeconfig, args.namespace, args.pods) + ensure_others(
        kubeconfig, args.namespace, args.others
    )
    print(
        f"namespace {args.namespace}: {args.pods} pods, {args.others} deployments/replicasets/configmaps "
        f"({created} created now)"
    )
    variants = {
        "kubernetes_py protobuf": lambda: _run_python(kubeconfig, args.namespace, PROTOBUF),
        "kubernetes_py JSON": lambda: _run_python(kubeconfig, args.namespace, JSON),
    }
    if args.go_informersync:
        variants["client-go protobuf"] = lambda: _run_go(args.go_informersync, kubeconfig, args.namespace)
    results: dict[str, dict] = {}
    for _ in range(args.rounds):
        for name, run in variants.items():
            result = run()
            expected = {
                "pods": args.pods,
                "deployments": args.others,
                "replicasets": args.others,
                "configmaps": args.others,
            }
            assert all(result["counts"][k] >= v for k, v in expected.items()), (name, result["counts"])
            best = results.get(name)
            if best is None or result["seconds"] < best["seconds"]:
                results[name] = {**result, "rss_bytes": result["rss_bytes"]}
    print(f"{'variant':<24} {'sync (s)':>9} {'memory (MiB)':>13}")
    for name, result in results.items():
        extra = f"  (Go heap in use {result['heap_bytes'] / 2**20:.1f} MiB)" if "heap_bytes" in result else ""
        print(f"{name:<24} {result['seconds']:>9.3f} {result['rss_bytes'] / 2**20:>13.1f}{extra}")
    if "client-go protobuf" in results:
        go = results["client-go protobuf"]
        for name in ("kubernetes_py protobuf", "kubernetes_py JSON"):
            print(
                f"{name} / client-go: sync x{results[name]['seconds'] / go['seconds']:.2f}, "
                f"memory x{results[name]['rss_bytes'] / max(go['rss_bytes'], 1):.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
