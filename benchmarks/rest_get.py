#!/usr/bin/env python3
"""Small requests (GET, PATCH, UPDATE of one ConfigMap) from 1 and 8 threads: client CPU per request and requests
per second for kubernetes_py, the official client, lightkube and client-go, in one run.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/rest_get.py [--batch N] [--rounds R]

The server is the one KUBECONFIG points at (hack/localcluster.py starts a real kube-apiserver on loopback).
Controllers spend their requests on small objects, where the HTTP path matters and the decoder does not; this
measures that path. Each variant sends ``--batch`` requests per turn, from 1 thread or split over 8; the variants take
turns for ``--rounds`` rounds, so that a busy machine slows them alike; medians are reported. The client's CPU per
request is its process time (all threads) divided by the requests: the API server's work is not counted. For
client-go (``--go-bench``, hack/oracle/cmd/bench) it is the Go process's own CPU during the requests, start excluded.
Client-side throttling is off everywhere (kubernetes_py qps=-1, client-go QPS 1e6; the others have none).

With ``--profile`` it measures kubernetes_py alone, over protobuf, one thread: the main thread's CPU per request
(``time.thread_time``, median of turns) and the Python calls a request makes (``sys.setprofile``), most frequent
first, the aid for finding what a request still does.

Requests: GET of the ConfigMap; PATCH, a merge patch of one annotation; UPDATE, a PUT of the whole ConfigMap without
resourceVersion (ConfigMaps allow unconditional updates).

Variants:
  kubernetes_py json        the typed clientset over JSON
  kubernetes_py protobuf    the typed clientset over protobuf (its default, as client-go's)
  official                  kubernetes.client.CoreV1Api, typed
  lightkube                 lightkube.Client, typed
  client-go                 the typed clientset over protobuf, one Go process per turn
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Callable

NAMESPACE = "default"
NAME = "rest-get-bench"
VERBS = ("get", "patch", "update")
THREADS = (1, 8)
GO = "client-go"

Op = Callable[[str, int], None]


def _kubernetes_py(kubeconfig: str) -> dict[str, Op]:
    from kubernetes_py import context, kubernetes
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery import types
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1
    from kubernetes_py.tools import clientcmd

    def variant(content_type: str) -> Op:
        config = clientcmd.build_config_from_flags("", kubeconfig)
        config.qps = -1
        if content_type:
            config.content_type = content_type
        cms = kubernetes.new_for_config(config).core_v1().config_maps(NAMESPACE)
        ctx = context.todo()

        def op(verb: str, i: int) -> None:
            if verb == "get":
                cm = cms.get(ctx, NAME, metav1.GetOptions())
                assert cm.data["key"] == "value"
            elif verb == "patch":
                patch = b'{"metadata":{"annotations":{"bench":"%d"}}}' % i
                cms.patch(ctx, NAME, types.MergePatchType, patch, metav1.PatchOptions())
            else:
                cm = corev1.ConfigMap(
                    metadata=metav1.ObjectMeta(name=NAME, namespace=NAMESPACE), data={"key": "value", "i": str(i)}
                )
                cms.update(ctx, cm, metav1.UpdateOptions())

        return op

    ensure = variant("")
    try:
        from kubernetes_py.apimachinery.api import errors

        config = clientcmd.build_config_from_flags("", kubeconfig)
        cms = kubernetes.new_for_config(config).core_v1().config_maps(NAMESPACE)
        cms.create(
            context.todo(),
            corev1.ConfigMap(metadata=metav1.ObjectMeta(name=NAME), data={"key": "value"}),
            metav1.CreateOptions(),
        )
    except errors.StatusError as err:
        if not errors.is_already_exists(err):
            raise
    ensure("update", 0)
    return {"kubernetes_py json": variant("application/json"), "kubernetes_py protobuf": variant("")}


def _official(kubeconfig: str) -> dict[str, Op]:
    from kubernetes import client, config

    core = client.CoreV1Api(config.new_client_from_config(config_file=kubeconfig))

    def op(verb: str, i: int) -> None:
        if verb == "get":
            assert core.read_namespaced_config_map(NAME, NAMESPACE).data["key"] == "value"
        elif verb == "patch":
            core.patch_namespaced_config_map(NAME, NAMESPACE, {"metadata": {"annotations": {"bench": str(i)}}})
        else:
            body = client.V1ConfigMap(
                metadata=client.V1ObjectMeta(name=NAME, namespace=NAMESPACE), data={"key": "value", "i": str(i)}
            )
            core.replace_namespaced_config_map(NAME, NAMESPACE, body)

    return {"official": op}


def _lightkube(kubeconfig: str) -> dict[str, Op]:
    from lightkube import Client, KubeConfig
    from lightkube.models.meta_v1 import ObjectMeta
    from lightkube.resources.core_v1 import ConfigMap
    from lightkube.types import PatchType

    lk = Client(config=KubeConfig.from_file(kubeconfig), namespace=NAMESPACE)

    def op(verb: str, i: int) -> None:
        if verb == "get":
            assert lk.get(ConfigMap, NAME).data["key"] == "value"
        elif verb == "patch":
            lk.patch(ConfigMap, NAME, {"metadata": {"annotations": {"bench": str(i)}}}, patch_type=PatchType.MERGE)
        else:
            lk.replace(
                ConfigMap(metadata=ObjectMeta(name=NAME, namespace=NAMESPACE), data={"key": "value", "i": str(i)})
            )

    return {"lightkube": op}


def _run_threads(op: Op, verb: str, n: int, threads: int) -> tuple[float, float]:
    """(requests per second, client CPU microseconds per request) for n requests split over threads."""
    errors: list[BaseException] = []

    def work(first: int) -> None:
        try:
            for i in range(first, n, threads):
                op(verb, i)
        except BaseException as err:  # noqa: BLE001 - reported after the join
            errors.append(err)

    start, cpu = time.perf_counter(), time.process_time()
    if threads == 1:
        work(0)
    else:
        workers = [threading.Thread(target=work, args=(t,), name=f"bench {t}") for t in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if errors:
        raise errors[0]
    return n / elapsed, cpu / n * 1e6


def _profile(op: Op, verbs: tuple[str, ...], batch: int, rounds: int, top: int) -> None:
    """Main-thread CPU per request and the Python calls of one request, by function (see the module docstring)."""
    for verb in verbs:
        for i in range(batch):  # warm
            op(verb, i)
        turns = []
        for _ in range(rounds):
            start = time.thread_time()
            for i in range(batch):
                op(verb, i)
            turns.append((time.thread_time() - start) / batch * 1e6)
        calls: collections.Counter[tuple[str, str]] = collections.Counter()
        builtin: collections.Counter[str] = collections.Counter()

        def count(frame, event, arg):  # noqa: ANN001, ANN202 - sys.setprofile's signature
            if event == "call":
                code = frame.f_code
                calls[(code.co_filename.rsplit("site-packages/", 1)[-1], code.co_name)] += 1
            elif event == "c_call":
                builtin[getattr(arg, "__qualname__", repr(arg))] += 1

        sample = 20
        sys.setprofile(count)
        try:
            for i in range(sample):
                op(verb, i)
        finally:
            sys.setprofile(None)
        print(
            f"{verb}: {statistics.median(turns):.0f} us of main-thread CPU per request (median of {rounds} turns of "
            f"{batch}); {sum(calls.values()) / sample:.0f} Python calls and {sum(builtin.values()) / sample:.0f} "
            f"calls of builtins per request"
        )
        for (filename, name), n in calls.most_common(top):
            print(f"  {n / sample:5.1f}  {name:<32} {filename}")


def _go(go_bench: str, kubeconfig: str, verb: str, n: int, threads: int) -> tuple[float, float]:
    proc = subprocess.run(
        [go_bench, "small", kubeconfig, NAMESPACE, NAME, verb, str(threads), str(n)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{go_bench} small failed: {proc.stderr.strip()}")
    out = json.loads(proc.stdout)
    return out["per_second"], out["cpu_us_per_request"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=200, help="requests per variant, verb, thread count and turn")
    parser.add_argument("--rounds", type=int, default=5, help="turns of every variant")
    parser.add_argument("--go-bench", help="path of the built hack/oracle/cmd/bench program (client-go's figures)")
    parser.add_argument("--profile", action="store_true", help="kubernetes_py's CPU and Python calls per request")
    parser.add_argument("--top", type=int, default=40, help="with --profile: how many functions to list")
    args = parser.parse_args()
    kubeconfig = os.environ.get("KUBECONFIG", "")
    if not kubeconfig:
        print(
            "KUBECONFIG must name the kubeconfig of the server to measure (see hack/localcluster.py)", file=sys.stderr
        )
        return 2

    variants = _kubernetes_py(kubeconfig)
    if args.profile:
        _profile(variants["kubernetes_py protobuf"], VERBS, args.batch, args.rounds, args.top)
        return 0
    for name, load in (("official", _official), ("lightkube", _lightkube)):
        try:
            variants.update(load(kubeconfig))
        except ImportError:
            print(f"{name} is not installed (pip install -e '.[bench]'): left out", file=sys.stderr)
    for op in variants.values():  # warm up connections and caches
        for verb in VERBS:
            _run_threads(op, verb, 16, 8)
    names = list(variants) + ([GO] if args.go_bench else [])
    rates = {(n, v, t): [] for n in names for v in VERBS for t in THREADS}
    cpu = {key: [] for key in rates}
    for _ in range(args.rounds):
        for verb in VERBS:
            for threads in THREADS:
                for name in names:
                    if name == GO:
                        rate, micros = _go(args.go_bench, kubeconfig, verb, args.batch, threads)
                    else:
                        rate, micros = _run_threads(variants[name], verb, args.batch, threads)
                    rates[(name, verb, threads)].append(rate)
                    cpu[(name, verb, threads)].append(micros)

    print(
        f"{args.rounds} turns of {args.batch} requests per variant, verb and thread count; medians; ratios are "
        f"to client-go's figure in the same row group"
        if args.go_bench
        else "; ratios to the official client"
    )
    base = GO if args.go_bench else "official"
    print(f"{'verb':<7}{'threads':>7}  {'variant':<24}{'req/s':>8}{'ratio':>7}{'CPU us/req':>12}{'ratio':>7}")
    for verb in VERBS:
        for threads in THREADS:
            base_rate = statistics.median(rates.get((base, verb, threads)) or [float("nan")])
            base_cpu = statistics.median(cpu.get((base, verb, threads)) or [float("nan")])
            for name in names:
                rate = statistics.median(rates[(name, verb, threads)])
                micros = statistics.median(cpu[(name, verb, threads)])
                print(
                    f"{verb:<7}{threads:>7}  {name:<24}{rate:8.0f}{rate / base_rate:6.2f}x{micros:12.0f}"
                    f"{micros / base_cpu:6.2f}x"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
