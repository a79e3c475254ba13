#!/usr/bin/env python3
"""End-to-end LIST of 5,000 realistic Pods from a real API server, side by side with other clients and client-go.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/list_pods.py \
        [--pods 5000] [--rounds 5] [--namespace NS] [--go-bench PATH]

Setup (not measured): the namespace is filled with ``--pods`` Pods built from the realistic pod of
benchmarks/serialization.py (two containers with probes, env, ports, resources, volume mounts; a projected
service-account volume; tolerations; owner reference; labels and annotations). Each Pod is created and then
given a Running status through the ``status`` subresource (conditions, IPs, container statuses), so the list
carries what a scheduled pod carries; the server adds managedFields for both writes. Pods left by an earlier
run in the namespace are reused. Creation runs on a thread pool through kubernetes_py's clientset.

Measured: one call that sends the LIST and returns every Pod as the library's typed object, for
  kubernetes_py protobuf  clientset.core_v1().pods(ns).list(ctx, metav1.ListOptions()), protobuf content type
  kubernetes_py JSON      the same with config.content_type = "application/json"
  official                kubernetes.client.CoreV1Api.list_namespaced_pod(ns) -> V1PodList
  lightkube               list(lightkube.Client().list(Pod, namespace=ns))
  kr8s                    list(kr8s.get("pods", namespace=ns)) (kr8s pages by 100 items: that is its default)
  client-go protobuf/JSON the Go program hack/oracle/cmd/bench (``bench list``), given with --go-bench
Every variant keeps its connection between rounds; rounds interleave the variants so a busy moment of the shared
machine hits them alike, and each variant's best round is reported. Client-side rate limits are off everywhere.
The cyclic garbage collector stays on while timing (it is part of what a user of each library pays).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from serialization import realistic_pod  # noqa: E402

from kubernetes_py import context, kubernetes  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery.api import errors  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.kubernetes import scheme  # noqa: E402
from kubernetes_py.tools import clientcmd  # noqa: E402

PROTOBUF = "application/vnd.kubernetes.protobuf"
JSON = "application/json"
BASELINE = "official"
# Server-owned metadata that a client does not send on create.
_SERVER_FIELDS = ("uid", "resourceVersion", "creationTimestamp", "managedFields")


def clientset_for(kubeconfig: str, content_type: str) -> kubernetes.Clientset:
    """Our clientset as a client-go user configures it: content type on the config, no client-side rate limit."""
    config = clientcmd.build_config_from_flags("", kubeconfig)
    config.qps = -1
    config.content_type = content_type
    return kubernetes.new_for_config(config)


def _json_codec():
    return {i.media_type: i for i in scheme.Codecs.supported_media_types()}[JSON].serializer


def pod_to_create(i: int, namespace: str, codec) -> tuple[corev1.Pod, dict]:
    """The i-th realistic Pod without server-owned fields, plus the status to set on it afterwards."""
    doc = realistic_pod(i)
    status = doc.pop("status")
    meta = doc["metadata"]
    for field in _SERVER_FIELDS:
        meta.pop(field, None)
    meta["namespace"] = namespace
    # A second container (a metrics sidecar) makes the spec as heavy as a typical application pod's.
    sidecar = copy.deepcopy(doc["spec"]["containers"][0])
    sidecar.update(
        name="metrics",
        image="registry.example.com/team/exporter:0.15.0",
        args=["--listen=:9100"],
        ports=[{"name": "exporter", "containerPort": 9100, "protocol": "TCP"}],
    )
    doc["spec"]["containers"].append(sidecar)
    sidecar_status = copy.deepcopy(status["containerStatuses"][0])
    sidecar_status.update(
        name="metrics",
        image=sidecar["image"],
        imageID="registry.example.com/team/exporter@sha256:" + "cd" * 32,
        containerID="containerd://" + f"{i + 10**6:064x}",
    )
    status["containerStatuses"].append(sidecar_status)
    doc.update(apiVersion="v1", kind="Pod")
    pod, _ = codec.decode(json.dumps(doc).encode())
    return pod, status


def ensure_pods(kubeconfig: str, namespace: str, count: int, workers: int = 8) -> int:
    """Creates the namespace and the Pods that are missing (with status); returns how many it created."""
    cs = clientset_for(kubeconfig, PROTOBUF)
    ctx = context.background()
    ns = corev1.Namespace()
    ns.metadata.name = namespace
    try:
        cs.core_v1().namespaces().create(ctx, ns, metav1.CreateOptions())
    except errors.StatusError as err:
        if not errors.is_already_exists(err):
            raise
    pods = cs.core_v1().pods(namespace)
    existing = {p.metadata.name for p in pods.list(ctx, metav1.ListOptions()).items}
    codec = _json_codec()
    wanted = [i for i in range(count) if realistic_pod(i)["metadata"]["name"] not in existing]

    def create(i: int) -> None:
        pod, status = pod_to_create(i, namespace, codec)
        created = pods.create(ctx, pod, metav1.CreateOptions())
        with_status, _ = codec.decode(json.dumps({"apiVersion": "v1", "kind": "Pod", "status": status}).encode())
        created.status.CopyFrom(with_status.status)
        pods.update_status(ctx, created, metav1.UpdateOptions())

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(create, wanted):
            pass
    return len(wanted)


def list_sizes(kubeconfig: str, namespace: str) -> dict[str, int]:
    """Bytes of the LIST answer in each wire format."""
    sizes = {}
    for name, content_type in (("JSON", JSON), ("protobuf", PROTOBUF)):
        rc = clientset_for(kubeconfig, content_type).core_v1().rest_client()
        sizes[name] = len(rc.get().namespace(namespace).resource("pods").do_raw(context.background()))
    return sizes


@dataclass
class Variant:
    """One client: ``run`` lists the namespace's Pods into typed objects and returns how many it got;
    ``warm`` opens its connection and fills its caches (a full run unless that is too slow to repeat).
    A ``self_timed`` run times itself and returns (seconds, items)."""

    name: str
    run: Callable[[], object]
    warm: Callable[[], object] | None = None
    self_timed: bool = False


def python_variants(kubeconfig: str, namespace: str) -> tuple[list[Variant], list[str]]:
    ctx = context.background()
    ours_proto = clientset_for(kubeconfig, PROTOBUF).core_v1().pods(namespace)
    ours_json = clientset_for(kubeconfig, JSON).core_v1().pods(namespace)
    variants = [
        Variant("kubernetes_py protobuf", lambda: len(ours_proto.list(ctx, metav1.ListOptions()).items)),
        Variant("kubernetes_py JSON", lambda: len(ours_json.list(ctx, metav1.ListOptions()).items)),
    ]
    missing = []
    try:
        from kubernetes import client as k8s_client, config as k8s_config

        core = k8s_client.CoreV1Api(k8s_config.new_client_from_config(config_file=kubeconfig))
        variants.append(Variant("official", lambda: len(core.list_namespaced_pod(namespace).items)))
    except ImportError:
        missing.append("official")
    try:
        from lightkube import Client as LKClient, KubeConfig
        from lightkube.resources.core_v1 import Pod as LKPod

        lk = LKClient(config=KubeConfig.from_file(kubeconfig))
        variants.append(Variant("lightkube", lambda: len(list(lk.list(LKPod, namespace=namespace)))))
    except ImportError:
        missing.append("lightkube")
    try:
        import warnings

        import kr8s

        warnings.filterwarnings("ignore", message="Kubernetes version .* is not supported", module="kr8s")
        kr8s_api = kr8s.api(kubeconfig=kubeconfig)
        first = realistic_pod(0)["metadata"]["name"]
        # kr8s wraps every item in a python-box Box, tens of milliseconds a pod: warm it up with one pod.
        variants.append(
            Variant(
                "kr8s",
                lambda: len(list(kr8s.get("pods", namespace=namespace, api=kr8s_api))),
                warm=lambda: list(kr8s.get("pods", first, namespace=namespace, api=kr8s_api)),
            )
        )
    except ImportError:
        missing.append("kr8s")
    return variants, missing


def go_list(go_bench: str, kubeconfig: str, namespace: str, wire: str, n: int = 2) -> tuple[float, int]:
    """client-go's best of n LISTs, timed inside the Go program on one clientset (seconds, items)."""
    proc = subprocess.run(
        [go_bench, "list", kubeconfig, namespace, wire, str(n)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{go_bench} list {wire} failed: {proc.stderr.strip()}")
    out = json.loads(proc.stdout)
    return out["seconds"], out["items"]


def go_variants(go_bench: str, kubeconfig: str, namespace: str) -> list[Variant]:
    """client-go over protobuf (its clientset's default) and JSON; each round runs the program once."""
    return [
        Variant(
            f"client-go {label}",
            lambda wire=wire: go_list(go_bench, kubeconfig, namespace, wire),
            warm=lambda: None,
            self_timed=True,
        )
        for wire, label in (("protobuf", "protobuf"), ("json", "JSON"))
    ]


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    gc.collect()
    start = time.perf_counter()
    items = fn()
    return time.perf_counter() - start, items


@dataclass
class Timing:
    best: float = float("inf")
    rounds: int = 0


def measure(variants: list[Variant], rounds: int, pods: int, slow_seconds: float) -> dict[str, Timing]:
    """Best time of each variant over interleaved rounds; every call must return all the Pods.
    A variant whose first round takes longer than ``slow_seconds`` is not repeated (its noise is small
    beside its time, and repeating it would make the run last many minutes)."""
    for v in variants:
        (v.warm or v.run)()
    timings = {v.name: Timing() for v in variants}
    for round_ in range(rounds):
        for v in variants:
            t = timings[v.name]
            if round_ > 0 and t.best > slow_seconds:
                continue
            seconds, items = v.run() if v.self_timed else timed(v.run)
            if items != pods:
                raise RuntimeError(f"{v.name} returned {items} pods, expected {pods}")
            t.best, t.rounds = min(t.best, seconds), t.rounds + 1
    return timings


def report(timings: dict[str, Timing], missing: list[str], pods: int) -> None:
    print(f"LIST {pods} pods end to end (request + decode into typed objects), best of interleaved rounds")
    best = {name: t.best for name, t in timings.items()}
    base = best.get(BASELINE)
    print(f"  {'client':<24} {'time':>10} {'vs official':>12} {'rounds':>7}")
    for name, seconds in sorted(best.items(), key=lambda kv: kv[1]):
        ratio = f"{base / seconds:10.1f}x" if base else "         -"
        print(f"  {name:<24} {seconds * 1000:7.0f} ms {ratio} {timings[name].rounds:7d}")
    for name in missing:
        print(f"  {name:<24}    skipped (not installed: pip install -e '.[bench]')")
    print("  ('vs official' = the official client's time / this client's time: how many times faster)")
    for ours in ("kubernetes_py protobuf", "kubernetes_py JSON"):
        others = [n for n in best if n != ours]
        print(f"  {ours}: " + ", ".join(f"{best[n] / best[ours]:.1f}x {n}" for n in others))
    print("  (the other client's time / ours: above 1 means kubernetes_py is faster)")
    if base:
        speedup = base / best["kubernetes_py protobuf"]
        print(
            f"  target: kubernetes_py protobuf >= 20x faster than official end to end: "
            f"{'met' if speedup >= 20 else 'NOT met'} ({speedup:.1f}x)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--namespace", help="default: bench-list-<pods>, so runs of different sizes do not mix")
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=20.0,
        help="a variant slower than this in the first round is timed once only",
    )
    parser.add_argument("--go-bench", help="path of the built hack/oracle/cmd/bench program (client-go's figures)")
    args = parser.parse_args()
    kubeconfig = os.environ.get("KUBECONFIG", "")
    if not kubeconfig:
        print(
            "KUBECONFIG must name the kubeconfig of the server to measure (see hack/localcluster.py)", file=sys.stderr
        )
        return 2

    args.namespace = args.namespace or f"bench-list-{args.pods}"
    start = time.perf_counter()
    created = ensure_pods(kubeconfig, args.namespace, args.pods)
    print(
        f"setup: created {created} pods with status in {time.perf_counter() - start:.0f} s "
        f"({args.pods - created} reused) in namespace {args.namespace}"
    )
    sizes = list_sizes(kubeconfig, args.namespace)
    print(
        f"LIST answer: JSON {sizes['JSON'] / 1e6:.1f} MB ({sizes['JSON'] / args.pods / 1024:.1f} KiB/pod), "
        f"protobuf {sizes['protobuf'] / 1e6:.1f} MB"
    )
    variants, missing = python_variants(kubeconfig, args.namespace)
    if args.go_bench:
        variants += go_variants(args.go_bench, kubeconfig, args.namespace)
    else:
        missing.append("client-go (give --go-bench)")
    timings = measure(variants, args.rounds, args.pods, args.slow_seconds)
    report(timings, missing, args.pods)
    return 0


if __name__ == "__main__":
    sys.exit(main())
