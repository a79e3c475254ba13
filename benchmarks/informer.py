#!/usr/bin/env python3
"""One shared informer over a namespace of realistic pods, side by side with client-go's and the official client's.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/informer.py \
        [--pods 10000] [--rounds 3] [--events 3000] [--namespace NS] [--go-informersync PATH]

Setup (not measured): the namespace gets ``--pods`` realistic Pods (list_pods.py's, with a Running status).

Measured, each variant in a fresh process:
- sync: time from ``run`` to ``has_synced`` of ``cache.new_shared_informer`` over the pods, in protobuf (the
  clientset's default) and JSON; client-go's informer (hack/oracle/cmd/informersync, protobuf, pods plus three empty
  informers); the official ``kubernetes`` client, which has no informer: its list (``list_namespaced_pod``) filling a
  dict, the first half of what an informer does;
- memory per cached pod: resident memory the synced cache holds (after a full collection and malloc_trim, minus the
  process before the informer was made), divided by the pods, and the bytes malloc has handed out for it (glibc's
  mallinfo2, in use: client-go's heap in use is the figure to set it beside); then again after churn, in protobuf
  and JSON: every pod replaced three times through the watch (an annotation bumped by a writer process of its own,
  as client-go's figure has no writer in it either) and three relists (the watch cut and answered 410 Gone, so the
  informer lists again and replaces its cache). Decoded lists share one upb arena per list: a cache filled from a
  list and never released would hold every dead list; the churned figure shows whether it does;
- watch events per second through the informer into a handler, end to end: ``--events`` pod updates from 16 writer
  threads, from the first write until the handler has seen them all (the server's write rate bounds this figure).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from list_pods import JSON, PROTOBUF, clientset_for, ensure_pods  # noqa: E402
from serialization import _release_free_memory, _rss  # noqa: E402

from kubernetes_py import context  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery import fields  # noqa: E402
from kubernetes_py.apimachinery.api import errors  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.tools import cache  # noqa: E402
from kubernetes_py.tools.cache.listwatch import ListWatch  # noqa: E402

CTX = context.background()

# Annotation values unique to this run: a second run against the same namespace must still change every pod (a merge
# patch that writes the value a pod already has makes no event, and the benchmark would wait for events in vain).
RUN = str(time.time_ns())


class _RelistingListWatch:
    """A ListWatch over the pods whose current watch can be cut and the next one answered 410 Gone: a relist."""

    def __init__(self, clientset, namespace: str):
        self.base = cache.new_list_watch_from_client(
            clientset.core_v1().rest_client(), "pods", namespace, fields.everything()
        )
        self.lock = threading.Lock()
        self.current = None
        self.expire_next = False
        self.lists = 0
        """Lists made, WatchList streams (initial events) included."""

    def list_with_context(self, ctx, options):
        with self.lock:
            self.lists += 1
        return self.base.list_with_context(ctx, options)

    def watch_with_context(self, ctx, options):
        with self.lock:
            if options.sendInitialEvents:
                self.lists += 1  # a WatchList stream: a list too
            if self.expire_next and not options.sendInitialEvents:
                self.expire_next = False
                raise errors.new_resource_expired("too old resource version (benchmark relist)")
        w = self.base.watch_with_context(ctx, options)
        with self.lock:
            self.current = w
        return w

    def relist(self) -> None:
        with self.lock:
            self.expire_next = True
            w = self.current
        if w is not None:
            w.stop()


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")
        + ("keepcost",)
    ]


def malloc_in_use() -> int:
    """Bytes malloc has handed out and not had back (glibc's mallinfo2: all arenas, mmapped chunks included)."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return info.uordblks + info.hblkhd


def _informer(clientset, namespace: str):
    lw = _RelistingListWatch(clientset, namespace)
    return cache.new_shared_informer(
        ListWatch(list_with_context_func=lw.list_with_context, watch_func_with_context=lw.watch_with_context),
        corev1.Pod(),
        0,
    ), lw


def _bump_all(pod_client, names: list[str], r: int) -> None:
    """Every pod's churn annotation set to a value new in this run (16 writer threads)."""

    def bump(name):
        patch = json.dumps({"metadata": {"annotations": {"bench/churn": f"{RUN}-{r}"}}}).encode()
        pod_client.patch(CTX, name, "application/merge-patch+json", patch, metav1.PatchOptions())

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(bump, names))


def child_writer(kubeconfig: str, namespace: str, r: int) -> dict:
    pod_client = clientset_for(kubeconfig, PROTOBUF).core_v1().pods(namespace)
    names = [p.metadata.name for p in pod_client.list(CTX, metav1.ListOptions()).items]
    _bump_all(pod_client, names, r)
    return {"patched": len(names)}


def churn(
    kubeconfig: str,
    namespace: str,
    lw,
    seen: dict,
    cond: threading.Condition,
    pods: int,
    stage=None,
    writer_in_process: bool = False,
) -> None:
    """Every pod replaced three times through the watch, then three relists; ``stage(label)`` after each step.

    The writes come from a process of their own unless ``writer_in_process``: a writer's request path (its
    threads' malloc arenas, its caches) is no part of the informer's cache, and client-go's figure has none."""
    if writer_in_process:
        pod_client = clientset_for(kubeconfig, PROTOBUF).core_v1().pods(namespace)
        names = [p.metadata.name for p in pod_client.list(CTX, metav1.ListOptions()).items]
    for r in range(3):
        target = seen["n"] + pods
        if writer_in_process:
            _bump_all(pod_client, names, r)
        else:
            run_child("writer", namespace, str(r))
        with cond:
            cond.wait_for(lambda: seen["n"] >= target, 300)
        if stage:
            stage(f"after replacement {r + 1}")
    for r in range(3):
        lists = lw.lists
        target = seen["n"] + pods  # a relist updates every object
        lw.relist()
        with cond:
            cond.wait_for(lambda: seen["n"] >= target, 300)
        assert lw.lists > lists
        if stage:
            stage(f"after relist {r + 1}")


def child_ours(kubeconfig: str, namespace: str, content_type: str, churned: bool) -> dict:
    clientset = clientset_for(kubeconfig, content_type)
    _release_free_memory()
    rss_before, malloc_before = _rss(), malloc_in_use()
    informer, lw = _informer(clientset, namespace)
    seen = {"n": 0}
    cond = threading.Condition()

    def count(*_):
        with cond:
            seen["n"] += 1
            cond.notify_all()

    informer.add_event_handler(cache.ResourceEventHandlerDetailedFuncs(add_func=count, update_func=count))
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,))
    start = time.perf_counter()
    runner.start()
    cache.wait_for_cache_sync(stop, informer.has_synced)
    seconds = time.perf_counter() - start
    pods = max(len(informer.get_store().list()), 1)

    def per_pod() -> tuple[float, float]:
        _release_free_memory()
        return (_rss() - rss_before) / pods, (malloc_in_use() - malloc_before) / pods

    result = {"seconds": seconds, "pods": pods}
    result["bytes_per_pod"], result["malloc_per_pod"] = per_pod()
    if churned:
        with cond:
            cond.wait_for(lambda: seen["n"] >= pods, 60)
        churn(kubeconfig, namespace, lw, seen, cond, pods)
        result["bytes_per_pod_after_churn"], result["malloc_per_pod_after_churn"] = per_pod()
    stop.set()
    runner.join()
    return result


def child_events(kubeconfig: str, namespace: str, events: int) -> dict:
    clientset = clientset_for(kubeconfig, PROTOBUF)
    informer, _ = _informer(clientset, namespace)
    cond = threading.Condition()
    seen = {"n": 0}

    def on_update(old, new):
        with cond:
            seen["n"] += 1
            if seen["n"] >= events:
                cond.notify_all()

    informer.add_event_handler(cache.ResourceEventHandlerFuncs(update_func=on_update))
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,))
    runner.start()
    cache.wait_for_cache_sync(stop, informer.has_synced)
    names = [p.metadata.name for p in informer.get_store().list()]
    pod_client = clientset_for(kubeconfig, PROTOBUF).core_v1().pods(namespace)

    def bump(i):
        patch = json.dumps({"metadata": {"annotations": {"bench/events": f"{RUN}-{i}"}}}).encode()
        pod_client.patch(CTX, names[i % len(names)], "application/merge-patch+json", patch, metav1.PatchOptions())

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(bump, range(events)))
    writes = time.perf_counter() - start
    with cond:
        cond.wait_for(lambda: seen["n"] >= events, 300)
    seconds = time.perf_counter() - start
    stop.set()
    runner.join()
    return {"events": events, "seconds": seconds, "writes_seconds": writes}


def child_official(kubeconfig: str, namespace: str) -> dict:
    import kubernetes as official

    official.config.load_kube_config(kubeconfig)
    api = official.client.CoreV1Api()
    _release_free_memory()
    rss_before = _rss()
    start = time.perf_counter()
    items = api.list_namespaced_pod(namespace).items
    store = {f"{p.metadata.namespace}/{p.metadata.name}": p for p in items}
    seconds = time.perf_counter() - start
    del items
    _release_free_memory()
    return {"seconds": seconds, "pods": len(store), "bytes_per_pod": (_rss() - rss_before) / max(len(store), 1)}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=os.environ)
    if out.returncode != 0:
        raise RuntimeError(f"{args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--namespace", default="")
    parser.add_argument("--go-informersync", default="", help="hack/oracle/cmd/informersync, built")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    kubeconfig = os.environ["KUBECONFIG"]
    if args.child:
        kind, namespace = args.child[0], args.child[1]
        if kind in ("protobuf", "json"):
            result = child_ours(
                kubeconfig,
                namespace,
                PROTOBUF if kind == "protobuf" else JSON,
                churned=len(args.child) > 2 and args.child[2] == "churn",
            )
        elif kind == "writer":
            result = child_writer(kubeconfig, namespace, int(args.child[2]))
        elif kind == "events":
            result = child_events(kubeconfig, namespace, int(args.child[2]))
        else:
            result = child_official(kubeconfig, namespace)
        print(json.dumps(result))
        return 0

    namespace = args.namespace or f"bench-informer-{args.pods}"
    created = ensure_pods(kubeconfig, namespace, args.pods)
    print(f"informer: {args.pods} realistic pods in {namespace} ({created} created now)", flush=True)
    best: dict[str, dict] = {}
    for r in range(args.rounds):
        for kind in ("protobuf", "json", "official") + (("client-go",) if args.go_informersync else ()):
            if kind == "client-go":
                out = subprocess.run([args.go_informersync, kubeconfig, namespace], capture_output=True, text=True)
                res = json.loads(out.stdout)
                res = {
                    "seconds": res["seconds"],
                    "pods": res["counts"]["pods"],
                    "malloc_per_pod": res["heap_bytes"] / max(res["counts"]["pods"], 1),
                    "bytes_per_pod": res["rss_bytes"] / max(res["counts"]["pods"], 1),
                }
            else:
                res = run_child(kind, namespace)
            if kind not in best or res["seconds"] < best[kind]["seconds"]:
                best[kind] = res
    print(f"\nsync of {args.pods} pods (best of {args.rounds}) and memory per cached pod (resident, malloc'd):")
    for kind, label in (
        ("protobuf", "kubernetes_py informer, protobuf"),
        ("json", "kubernetes_py informer, JSON"),
        ("client-go", "client-go informer, protobuf (malloc'd: Go's heap in use)"),
        ("official", "official client: list into a dict (no informer)"),
    ):
        if kind in best:
            res = best[kind]
            malloced = f", {res['malloc_per_pod'] / 1024:.1f} KiB malloc'd" if "malloc_per_pod" in res else ""
            print(f"  {label:58s} {res['seconds'] * 1000:8.0f} ms  {res['bytes_per_pod'] / 1024:6.1f} KiB{malloced}")
    go = best.get("client-go")
    if go:
        print(
            f"  sync time ratio kubernetes_py protobuf / client-go: {best['protobuf']['seconds'] / go['seconds']:.2f}"
        )
    print("\nmemory per cached pod after 3 replacements of every pod and 3 relists (resident, malloc'd):")
    for kind in ("protobuf", "json"):
        res = run_child(kind, namespace, "churn")
        line = (
            f"  {kind:8s} synced {res['bytes_per_pod'] / 1024:5.1f}, {res['malloc_per_pod'] / 1024:5.1f} KiB; "
            f"after churn {res['bytes_per_pod_after_churn'] / 1024:5.1f}, "
            f"{res['malloc_per_pod_after_churn'] / 1024:5.1f} KiB"
        )
        if go:
            line += (
                f"  (x client-go's heap in use: synced {res['malloc_per_pod'] / go['malloc_per_pod']:.2f} malloc'd, "
                f"{res['bytes_per_pod'] / go['malloc_per_pod']:.2f} resident; after churn "
                f"{res['malloc_per_pod_after_churn'] / go['malloc_per_pod']:.2f}, "
                f"{res['bytes_per_pod_after_churn'] / go['malloc_per_pod']:.2f})"
            )
        print(line, flush=True)
    events = run_child("events", namespace, str(args.events))
    print(
        f"\nwatch events through the informer into a handler, end to end (16 writers, protobuf): "
        f"{events['events'] / events['seconds']:.0f} events/s ({events['events']} updates; the writes alone "
        f"took {events['writes_seconds']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
