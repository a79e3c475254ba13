#!/usr/bin/env python3
"""Where the memory of a cached pod goes: upb arenas, Python objects, the gzip stream around each watch event.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/informer_memory.py \
        [--pods 10000] [--namespace NS]

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
- ``informer``, ``informer, no gzip``: informer.py's protobuf informer synced over the pods (WatchList: a watch
  event a pod), with the client's default compression and with ``disable_compression``.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from list_pods import PROTOBUF, ensure_pods  # noqa: E402
from serialization import _release_free_memory, _rss  # noqa: E402

from kubernetes_py import context, kubernetes  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as _protobuf  # noqa: E402
from kubernetes_py.tools import clientcmd  # noqa: E402

VARIANTS = ("own arena", "own arena, mF last", "own arena, gzip", "shared arena", "informer", "informer, no gzip")


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _malloc_in_use() -> int:
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return info.uordblks + info.hblkhd


def _clientset(kubeconfig: str, compression: bool = True) -> kubernetes.Clientset:
    config = clientcmd.build_config_from_flags("", kubeconfig)
    config.qps = -1
    config.content_type = PROTOBUF
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
    bodies = [] if variant.startswith("informer") else _sample(kubeconfig, namespace)
    members = [gzip.compress(b) for b in bodies] if variant == "own arena, gzip" else []
    if variant == "shared arena":
        one = b"".join(b"\x12" + _varint(len(b)) + b for b in bodies)
        payload = one * (n // len(bodies)) + b"".join(b"\x12" + _varint(len(b)) + b for b in bodies[: n % len(bodies)])
    _release_free_memory()
    rss, in_use = _rss(), _malloc_in_use()
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
        from informer import _informer  # noqa: PLC0415 - informer.py's ListWatch, as it measures
        from kubernetes_py.tools import cache

        informer, _ = _informer(_clientset(kubeconfig, compression=variant == "informer"), namespace)
        stop = threading.Event()
        runner = threading.Thread(target=informer.run, args=(stop,))
        runner.start()
        cache.wait_for_cache_sync(stop, informer.has_synced)
        n = len(informer.get_store().list())
        held = [informer, stop, runner]
    _release_free_memory()
    result = {"pods": n, "rss_per_pod": (_rss() - rss) / n, "malloc_per_pod": (_malloc_in_use() - in_use) / n}
    if variant.startswith("informer"):
        held[1].set()
        held[2].join()
    return result


def _varint(v: int) -> bytes:
    out = bytearray()
    while v >= 0x80:
        out.append(v & 0x7F | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=10000)
    parser.add_argument("--namespace", default="")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    kubeconfig = os.environ["KUBECONFIG"]
    namespace = args.namespace or f"bench-informer-{args.pods}"
    if args.child:
        print(json.dumps(child(kubeconfig, namespace, args.child[0], int(args.child[1]))))
        return 0
    ensure_pods(kubeconfig, namespace, args.pods)
    print(f"memory per pod, {args.pods} realistic pods of {namespace} (resident after malloc_trim / malloc in use):")
    for variant in VARIANTS:
        out = subprocess.run(
            [sys.executable, __file__, "--namespace", namespace, "--child", variant, str(args.pods)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if out.returncode != 0:
            raise RuntimeError(f"{variant} failed:\n{out.stderr[-3000:]}")
        res = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"  {variant:20s} {res['rss_per_pod'] / 1024:6.1f} KiB resident  "
            f"{res['malloc_per_pod'] / 1024:6.1f} KiB malloc'd  ({res['pods']} pods)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
