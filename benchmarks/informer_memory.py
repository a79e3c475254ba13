#!/usr/bin/env python3
"""Where the memory of a cached pod goes: upb arenas, Python objects, the gzip stream around each watch event.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/informer_memory.py \
        [--pods 10000] [--namespace NS] [--only 'VARIANT;VARIANT']

Setup (not measured): the namespace of informer.py (``--pods`` realistic pods, created if missing); the first
500 are read once over protobuf and their bytes reused round-robin, so every variant holds the same pods.

Measured, each variant in a fresh interpreter, as resident memory added per pod once a full collection and
malloc_trim have run (what informer.py reports), plus the bytes malloc has handed out per pod (glibc's
mallinfo2, in use), which also counts pages of upb blocks that were never touched:
- ``own arena``: every pod parsed on its own (``Pod.FromString``), as a watch event's object is: one upb arena
  a pod, grown block by block (upb doubles the block it asks malloc for, so the last one is about half empty);
- ``own arena, mF last``: the same through the protobuf decoder, which parses metadata.managedFields last so
  that their FieldsV1 blobs fill the last block's free tail instead of taking blocks of their own;
- ``own arena, gzip``: ``own arena``, each pod's bytes first inflated from a gzip member of their own through a
  fresh ``zlib.decompressobj``, as the transport reads a compressed watch (the API server starts a member per
  event): the decompressor's state and 32 KiB window come and go between the pods' blocks;
- ``shared arena``: the pods parsed as one PodList (one arena, blocks of up to 32 KiB): the pods' own size,
  which a cache cannot keep without pinning whole lists (benchmarks/list_item_arena.py);
- ``informer``, ``informer, no gzip``, ``informer, JSON``: informer.py's informer synced over the pods (WatchList:
  a watch event a pod), protobuf with the client's default compression and with ``disable_compression``, and JSON;
- ``churn``, ``churn, writer in process``: informer.py's churn (every pod replaced three times through the watch,
  then three relists) step by step, resident and malloc'd per pod and the interpreter's small-object arenas
  (pymalloc: 1 MiB each, given back only when wholly free), with the writes made by a process of their own (as
  informer.py makes them) and by 16 threads of the informer's process (as informer.py made them before).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from informer import _informer, churn, malloc_in_use  # noqa: E402
from list_pods import JSON, PROTOBUF, ensure_pods  # noqa: E402
from serialization import _release_free_memory, _rss  # noqa: E402

from kubernetes_py import context, kubernetes  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as _protobuf  # noqa: E402
from kubernetes_py.tools import clientcmd  # noqa: E402

VARIANTS = (
    "own arena",
    "own arena, mF last",
    "own arena, gzip",
    "shared arena",
    "informer",
    "informer, no gzip",
    "informer, JSON",
    "churn",
    "churn, writer in process",
)


def _pymalloc_arenas() -> int:
    """The interpreter's small-object arenas in use (sys._debugmallocstats, which writes to the C stderr)."""
    saved = os.dup(2)
    with tempfile.TemporaryFile() as out:
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode()
    return int(re.search(r"# arenas allocated current\s*=\s*([\d,]+)", text).group(1).replace(",", ""))


def _clientset(kubeconfig: str, compression: bool = True, content_type: str = PROTOBUF) -> kubernetes.Clientset:
    config = clientcmd.build_config_from_flags("", kubeconfig)
    config.qps = -1
    config.content_type = content_type
    config.disable_compression = not compression
    return kubernetes.new_for_config(config)


def _sample(kubeconfig: str, namespace: str) -> list[bytes]:
    pods = (
        _clientset(kubeconfig).core_v1().pods(namespace).list(context.background(), metav1.ListOptions(limit=500)).items
    )
    out = []
    for pod in pods:
        pod.apiVersion = pod.kind = ""  # as the watch decoder's Pod.FromString sees the body
        out.append(pod.SerializeToString())
    return out


def child(kubeconfig: str, namespace: str, variant: str, n: int) -> dict:
    if variant.startswith("churn"):
        return _churn_child(kubeconfig, namespace, variant == "churn, writer in process")
    bodies = [] if variant.startswith("informer") else _sample(kubeconfig, namespace)
    members = [gzip.compress(b) for b in bodies] if variant == "own arena, gzip" else []
    if variant == "shared arena":
        items = [b"\x12" + _protobuf._uvarint(len(b)) + b for b in bodies]  # PodList.items, field 2
        payload = b"".join(items) * (n // len(bodies)) + b"".join(items[: n % len(bodies)])
    _release_free_memory()
    rss, in_use = _rss(), malloc_in_use()
    held: list = []
    if variant == "own arena":
        held = [corev1.Pod.FromString(bodies[i % len(bodies)]) for i in range(n)]
    elif variant == "own arena, mF last":
        held = [_protobuf._parse(corev1.Pod, bodies[i % len(bodies)], "Pod") for i in range(n)]
    elif variant == "own arena, gzip":
        for i in range(n):
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(members[i % len(members)])
            held.append(corev1.Pod.FromString(body))
    elif variant == "shared arena":
        held = [corev1.PodList.FromString(payload)]  # the payload stays, as it was when measured before
        n = len(held[0].items)
    else:
        from kubernetes_py.tools import cache

        clientset = _clientset(
            kubeconfig, compression=variant != "informer, no gzip", content_type=JSON if "JSON" in variant else PROTOBUF
        )
        informer, _ = _informer(clientset, namespace)
        stop = threading.Event()
        runner = threading.Thread(target=informer.run, args=(stop,))
        runner.start()
        cache.wait_for_cache_sync(stop, informer.has_synced)
        n = len(informer.get_store().list())
        held = [informer, stop, runner]
    _release_free_memory()
    result = {"pods": n, "rss_per_pod": (_rss() - rss) / n, "malloc_per_pod": (malloc_in_use() - in_use) / n}
    if variant.startswith("informer"):
        held[1].set()
        held[2].join()
    return result


def _churn_child(kubeconfig: str, namespace: str, writer_in_process: bool) -> dict:
    from kubernetes_py.tools import cache

    _release_free_memory()
    rss, in_use, arenas = _rss(), malloc_in_use(), _pymalloc_arenas()
    informer, lw = _informer(_clientset(kubeconfig), namespace)
    seen = {"n": 0}
    cond = threading.Condition()

    def count(*_):
        with cond:
            seen["n"] += 1
            cond.notify_all()

    informer.add_event_handler(cache.ResourceEventHandlerDetailedFuncs(add_func=count, update_func=count))
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,))
    runner.start()
    cache.wait_for_cache_sync(stop, informer.has_synced)
    n = len(informer.get_store().list())
    stages = []

    def stage(label: str) -> None:
        _release_free_memory()
        stages.append((label, (_rss() - rss) / n, (malloc_in_use() - in_use) / n, _pymalloc_arenas() - arenas))

    with cond:
        cond.wait_for(lambda: seen["n"] >= n, 60)
    stage("synced")
    churn(kubeconfig, namespace, lw, seen, cond, n, stage, writer_in_process=writer_in_process)
    stop.set()
    runner.join()
    informer.get_store().replace([], "")
    stage("stopped, cache emptied")
    return {"pods": n, "stages": stages}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=10000)
    parser.add_argument("--namespace", default="")
    parser.add_argument("--only", default="", help="variants to run, separated by ';' (default: all)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    kubeconfig = os.environ["KUBECONFIG"]
    namespace = args.namespace or f"bench-informer-{args.pods}"
    if args.child:
        print(json.dumps(child(kubeconfig, namespace, args.child[0], int(args.child[1]))))
        return 0
    ensure_pods(kubeconfig, namespace, args.pods)
    print(f"memory per pod, {args.pods} realistic pods of {namespace} (resident after malloc_trim / malloc in use):")
    for variant in [v.strip() for v in args.only.split(";")] if args.only else VARIANTS:
        out = subprocess.run(
            [sys.executable, __file__, "--namespace", namespace, "--child", variant, str(args.pods)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if out.returncode != 0:
            raise RuntimeError(f"{variant} failed:\n{out.stderr[-3000:]}")
        res = json.loads(out.stdout.strip().splitlines()[-1])
        if "stages" in res:
            print(f"  {variant} ({res['pods']} pods; small-object arenas: 1 MiB each, added since the start):")
            for label, rss, malloced, arenas in res["stages"]:
                print(
                    f"    {label:24s} {rss / 1024:6.1f} KiB resident  {malloced / 1024:6.1f} KiB malloc'd"
                    f"  {arenas:3d} arenas"
                )
            continue
        print(
            f"  {variant:20s} {res['rss_per_pod'] / 1024:6.1f} KiB resident  "
            f"{res['malloc_per_pod'] / 1024:6.1f} KiB malloc'd  ({res['pods']} pods)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
