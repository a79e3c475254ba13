"""What it costs to take items out of a decoded list without keeping the list alive (upb arenas).

    .venv/bin/python benchmarks/list_item_arena.py [--pods 10000] [--repeat 3]

A protobuf message taken from a decoded list (``pod_list.items[i]``) is a view into the list's upb arena: as
long as the item is referenced, the whole list stays in memory. The reflector hands its store items that do not
pin the list; this measures the ways to get such items from a 10,000-pod protobuf PodList, as the reflector
gets it from the API server:

  * ``view``: the items as they are (no copy; pins the list) -- the baseline;
  * ``deep_copy``: ``item.deep_copy()`` (upb's CopyFrom into a message of its own) -- what
    ``meta.extract_list_with_alloc`` and the pager's ``list_with_alloc`` do;
  * ``reparse``: ``Pod.FromString(item.SerializeToString())``;
  * ``reparse, mF last``: the same through the protobuf decoder's parse, which moves metadata.managedFields to
    the end of the bytes (their FieldsV1 blobs then fill the last arena block's tail: informer_memory.py);
  * ``metadata last``: a new Pod whose spec and status are copied first (CopyFrom), then its metadata, so that
    the blobs are copied last without a serialization (Pod's fields only: a sketch of the layout, not a copy
    of any type).

For each: CPU time for all items (best of ``--repeat``); the resident memory still held once the list is dropped
while one item in a hundred is kept (a store after churn replaced the rest); and, every item kept, the resident
and malloc'd memory per item: each measured in a fresh interpreter after malloc_trim.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery import runtime  # noqa: E402

from informer import malloc_in_use  # noqa: E402
from serialization import _codec, _release_free_memory, _rss, best, pod_list  # noqa: E402

from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as _protobuf  # noqa: E402


def _metadata_last(item: corev1.Pod) -> corev1.Pod:
    clone = corev1.Pod()
    clone.spec.CopyFrom(item.spec)
    clone.status.CopyFrom(item.status)
    clone.metadata.CopyFrom(item.metadata)
    return clone


OPTIONS = {
    "view": lambda items: list(items),
    "deep_copy": lambda items: [item.deep_copy() for item in items],
    "reparse": lambda items: [corev1.Pod.FromString(item.SerializeToString()) for item in items],
    "reparse, mF last": lambda items: [_protobuf._parse(corev1.Pod, item.SerializeToString(), "Pod") for item in items],
    "metadata last": lambda items: [_metadata_last(item) for item in items],
}


def _proto_list(n: int) -> bytes:
    json_codec = _codec("application/json")
    typed, _ = json_codec.decode(json.dumps(pod_list(n)).encode())
    typed.get_object_kind().set_group_version_kind(corev1.SchemeGroupVersion.with_kind("PodList"))
    return runtime.encode(_codec("application/vnd.kubernetes.protobuf"), typed)


def _memory_child(option: str, n: int) -> None:
    proto = _codec("application/vnd.kubernetes.protobuf")
    data = _proto_list(n)
    OPTIONS[option](proto.decode(data)[0].items)  # warm up
    _release_free_memory()
    before = _rss()
    decoded, _ = proto.decode(data)
    kept = OPTIONS[option](decoded.items)[::100]
    del decoded
    _release_free_memory()
    held_mb = (_rss() - before) / 1e6
    del kept
    _release_free_memory()
    rss, in_use = _rss(), malloc_in_use()
    decoded, _ = proto.decode(data)
    kept = OPTIONS[option](decoded.items)
    del decoded
    _release_free_memory()
    per_item = {"rss_per_item": (_rss() - rss) / len(kept), "malloc_per_item": (malloc_in_use() - in_use) / len(kept)}
    print(json.dumps({"held_mb": held_mb, **per_item}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child, args.pods)
        return
    proto = _codec("application/vnd.kubernetes.protobuf")
    data = _proto_list(args.pods)
    decoded, _ = proto.decode(data)
    decode_s = best(lambda: proto.decode(data), args.repeat)
    print(f"PodList of {args.pods} pods, protobuf {len(data) / 1e6:.1f} MB; decode {decode_s * 1e3:.0f} ms")
    for option, fn in OPTIONS.items():
        seconds = best(lambda: fn(decoded.items), args.repeat)
        proc = subprocess.run(
            [sys.executable, __file__, "--memory-child", option, "--pods", str(args.pods)],
            capture_output=True,
            text=True,
            check=True,
        )
        held = json.loads(proc.stdout)
        print(
            f"{option:16s} {seconds * 1e3:7.0f} ms ({seconds / decode_s:4.2f}x decode)   "
            f"held after dropping the list, 1 item in 100 kept: {held['held_mb']:6.1f} MB; every item kept: "
            f"{held['rss_per_item'] / 1024:5.1f} KiB resident, {held['malloc_per_item'] / 1024:5.1f} KiB malloc'd"
        )


if __name__ == "__main__":
    main()
