"""Serialization benchmark: decode and encode a realistic 5,000-pod PodList, side by side.

    .venv/bin/python benchmarks/serialization.py [--pods 5000] [--memory-pods 10000] [--repeat 3]

Compares, on the same bytes and in one run:
  * decoding JSON: ``json.loads`` alone, our typed objects, dicts, the official ``kubernetes`` client
    (``ApiClient`` deserialization of the parsed JSON), lightkube models;
  * decoding Kubernetes protobuf (the bytes the API server sends with
    ``application/vnd.kubernetes.protobuf``) into our typed objects;
  * encoding back to JSON and protobuf;
  * memory held per pod by 10,000 decoded pods (tracemalloc), for each representation.

Prints ratios (the figures that matter across machines) next to the absolute times. Libraries that
are not installed are reported as skipped (``pip install -e .[bench]`` installs them).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery import runtime  # noqa: E402
from kubernetes_py.apimachinery.runtime import _jsonaccel, _jsonconv  # noqa: E402
from kubernetes_py.kubernetes import scheme  # noqa: E402


def realistic_pod(i: int) -> dict:
    """A pod as the API server returns it: spec with probes, env, volumes; status; managedFields."""
    name = f"web-{i:05d}-7c9f8d6b5-x{i % 97:02d}qz"
    ts = "2026-11-21T10:%02d:%02dZ" % (i % 60, (i * 7) % 60)
    container = {
        "name": "web",
        "image": "registry.example.com/team/web:1.27.3",
        "command": ["/app/server"],
        "args": ["--port=8080", "--log-level=info", f"--replica-id={i}"],
        "ports": [
            {"name": "http", "containerPort": 8080, "protocol": "TCP"},
            {"name": "metrics", "containerPort": 9090, "protocol": "TCP"},
        ],
        "env": [
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
            {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
            {"name": "LOG_FORMAT", "value": "json"},
            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        ],
        "resources": {"limits": {"cpu": "500m", "memory": "512Mi"}, "requests": {"cpu": "250m", "memory": "256Mi"}},
        "volumeMounts": [
            {"name": "config", "mountPath": "/etc/app", "readOnly": True},
            {
                "name": "kube-api-access-abcde",
                "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                "readOnly": True,
            },
        ],
        "livenessProbe": {
            "httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
            "initialDelaySeconds": 10,
            "timeoutSeconds": 1,
            "periodSeconds": 10,
            "successThreshold": 1,
            "failureThreshold": 3,
        },
        "readinessProbe": {
            "httpGet": {"path": "/ready", "port": "http", "scheme": "HTTP"},
            "timeoutSeconds": 1,
            "periodSeconds": 5,
            "successThreshold": 1,
            "failureThreshold": 3,
        },
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        "imagePullPolicy": "IfNotPresent",
        "securityContext": {
            "runAsNonRoot": True,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
        },
    }
    return {
        "metadata": {
            "name": name,
            "generateName": "web-7c9f8d6b5-",
            "namespace": "production",
            "uid": f"5f0c6a1e-2b7d-4c1a-9e3f-{i:012d}",
            "resourceVersion": str(1000000 + i),
            "creationTimestamp": ts,
            "labels": {"app": "web", "pod-template-hash": "7c9f8d6b5", "tier": "frontend", "version": "1.27.3"},
            "annotations": {
                "prometheus.io/scrape": "true",
                "prometheus.io/port": "9090",
                "kubectl.kubernetes.io/restartedAt": "2026-11-20T08:00:00Z",
            },
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "ReplicaSet",
                    "name": "web-7c9f8d6b5",
                    "uid": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
            "managedFields": [
                {
                    "manager": "kube-controller-manager",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": ts,
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {
                        "f:metadata": {
                            "f:generateName": {},
                            "f:labels": {".": {}, "f:app": {}, "f:pod-template-hash": {}},
                            "f:ownerReferences": {".": {}, 'k:{"uid":"0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}': {}},
                        },
                        "f:spec": {"f:containers": {'k:{"name":"web"}': {".": {}, "f:image": {}, "f:name": {}}}},
                    },
                },
                {
                    "manager": "kubelet",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": ts,
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {
                        "f:status": {
                            "f:conditions": {
                                'k:{"type":"Ready"}': {
                                    ".": {},
                                    "f:lastProbeTime": {},
                                    "f:lastTransitionTime": {},
                                    "f:status": {},
                                    "f:type": {},
                                }
                            },
                            "f:containerStatuses": {},
                            "f:hostIP": {},
                            "f:phase": {},
                            "f:podIP": {},
                            "f:startTime": {},
                        }
                    },
                    "subresource": "status",
                },
            ],
        },
        "spec": {
            "volumes": [
                {"name": "config", "configMap": {"name": "web-config", "defaultMode": 420}},
                {
                    "name": "kube-api-access-abcde",
                    "projected": {
                        "defaultMode": 420,
                        "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                            {
                                "downwardAPI": {
                                    "items": [
                                        {
                                            "path": "namespace",
                                            "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                        }
                                    ]
                                }
                            },
                        ],
                    },
                },
            ],
            "containers": [container],
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "web",
            "serviceAccount": "web",
            "nodeName": f"node-{i % 50:03d}",
            "securityContext": {"fsGroup": 2000, "runAsUser": 1000},
            "schedulerName": "default-scheduler",
            "tolerations": [
                {
                    "key": "node.kubernetes.io/not-ready",
                    "operator": "Exists",
                    "effect": "NoExecute",
                    "tolerationSeconds": 300,
                },
                {
                    "key": "node.kubernetes.io/unreachable",
                    "operator": "Exists",
                    "effect": "NoExecute",
                    "tolerationSeconds": 300,
                },
            ],
            "priority": 0,
            "enableServiceLinks": True,
            "preemptionPolicy": "PreemptLowerPriority",
        },
        "status": {
            "phase": "Running",
            "conditions": [
                {"type": t, "status": "True", "lastProbeTime": None, "lastTransitionTime": ts}
                for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")
            ],
            "hostIP": f"10.0.{i % 50}.10",
            "hostIPs": [{"ip": f"10.0.{i % 50}.10"}],
            "podIP": f"10.244.{i % 250}.{i % 200 + 2}",
            "podIPs": [{"ip": f"10.244.{i % 250}.{i % 200 + 2}"}],
            "startTime": ts,
            "containerStatuses": [
                {
                    "name": "web",
                    "state": {"running": {"startedAt": ts}},
                    "lastState": {},
                    "ready": True,
                    "restartCount": 0,
                    "image": "registry.example.com/team/web:1.27.3",
                    "imageID": "registry.example.com/team/web@sha256:" + "ab" * 32,
                    "containerID": "containerd://" + f"{i:064x}",
                    "started": True,
                    "volumeMounts": [
                        {"name": "config", "mountPath": "/etc/app", "readOnly": True, "recursiveReadOnly": "Disabled"}
                    ],
                }
            ],
            "qosClass": "Burstable",
        },
    }


def pod_list(n: int) -> dict:
    return {
        "kind": "PodList",
        "apiVersion": "v1",
        "metadata": {"resourceVersion": "1234567"},
        "items": [realistic_pod(i) for i in range(n)],
    }


def best(fn, repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (process time: on a shared machine it does not count the time other
    processes held the cores), with the cyclic GC paused while timing (as timeit does) so that collections
    triggered by other libraries' allocations do not decide the comparison. Every candidate is
    single-threaded, so on an idle machine this equals the wall time."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return min(times)


def _codec(media_type: str):
    return {i.media_type: i for i in scheme.Codecs.supported_media_types()}[media_type].serializer


def _json_codec():
    return _codec("application/json")


def _release_free_memory() -> None:
    """Collect garbage and hand freed heap back to the system (glibc's malloc_trim), so that resident memory
    counts what is held rather than what the decoder used on the way (its JSON or protobuf buffers)."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _memory_child(kind: str, n: int) -> None:
    """Runs in a fresh interpreter: resident memory added by holding n decoded pods, per pod."""
    pods_json = [json.dumps({"apiVersion": "v1", "kind": "Pod", **realistic_pod(i)}).encode() for i in range(n)]
    list_json = b'{"apiVersion":"v1","kind":"PodList","metadata":{},"items":[' + b",".join(pods_json) + b"]}"
    json_codec = _json_codec()
    builders = {
        "typed": lambda: [json_codec.decode(p)[0] for p in pods_json],
        "typed-python": lambda: [_jsonconv.decode(corev1.Pod, json.loads(p)) for p in pods_json],
        "typed-list": lambda: json_codec.decode(list_json)[0],
        "dict": lambda: [json.loads(p) for p in pods_json],
    }
    if kind == "official":
        from kubernetes.client import ApiClient

        deserialize = ApiClient()._ApiClient__deserialize
        builders["official"] = lambda: [deserialize(json.loads(p), "V1Pod") for p in pods_json]
    if kind == "lightkube":
        from lightkube.models.core_v1 import Pod as LKPod

        builders["lightkube"] = lambda: [LKPod.from_dict(json.loads(p)) for p in pods_json]
    builders[kind]()  # warm up caches (decoders, classes) outside the measurement
    _release_free_memory()
    before = _rss()
    held = builders[kind]()
    _release_free_memory()
    after = _rss()
    print((after - before) / n)
    del held


def memory_per_pod(kind: str, n: int):
    """Bytes of resident memory per pod, measured in a separate interpreter (None if not installed)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--memory-child", kind, "--memory-pods", str(n)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        return None
    return float(proc.stdout.strip())


def go_codec_seconds(go_bench: str, data: bytes, repeat: int) -> dict[str, float]:
    """client-go's best decode and encode times of the same bytes (the Go program hack/oracle/cmd/bench)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = {}
        for mode in ("decode", "encode"):
            proc = subprocess.run([go_bench, mode, f.name, str(repeat)], capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"{go_bench} {mode} failed: {proc.stderr.strip()}")
            out[mode] = json.loads(proc.stdout)["seconds"]
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=5000)
    parser.add_argument("--memory-pods", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    parser.add_argument("--go-bench", help="path of the built hack/oracle/cmd/bench program (client-go's figures)")
    args = parser.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child, args.memory_pods)
        return

    doc = pod_list(args.pods)
    data = json.dumps(doc, separators=(",", ":")).encode()
    json_codec = _json_codec()
    proto_codec = _codec("application/vnd.kubernetes.protobuf")
    typed, _ = json_codec.decode(data)
    typed.get_object_kind().set_group_version_kind(corev1.SchemeGroupVersion.with_kind("PodList"))
    proto_data = runtime.encode(proto_codec, typed)
    print(
        f"PodList of {args.pods} pods: JSON {len(data) / 1e6:.1f} MB ({len(data) / args.pods / 1024:.2f} KiB/pod), "
        f"protobuf {len(proto_data) / 1e6:.1f} MB"
    )

    candidates = [
        ("decode JSON: json.loads alone (dicts)", lambda: json.loads(data)),
        ("decode JSON: kubernetes_py typed objects", lambda: json_codec.decode(data)),
        ("decode protobuf: kubernetes_py typed objects", lambda: proto_codec.decode(proto_data)),
        ("encode JSON: json.dumps of the dicts", lambda: json.dumps(doc, separators=(",", ":"))),
        ("encode JSON: kubernetes_py typed objects", lambda: runtime.encode(json_codec, typed)),
        ("encode protobuf: kubernetes_py typed objects", lambda: runtime.encode(proto_codec, typed)),
        ("encode protobuf: SerializeToString alone (no Go zero fields)", lambda: typed.SerializeToString()),
        # What a machine without a C compiler gets (the package then installs without the transcoder).
        (
            "decode JSON: kubernetes_py pure-Python path (no C transcoder)",
            lambda: _jsonconv.decode(corev1.PodList, json.loads(data), source=data),
        ),
    ]
    slow = []
    try:
        from kubernetes.client import ApiClient

        deserialize = ApiClient()._ApiClient__deserialize  # what ApiClient.deserialize does after json.loads
        slow.append(
            ("decode JSON: official kubernetes client (V1PodList)", lambda: deserialize(json.loads(data), "V1PodList"))
        )
    except ImportError:
        slow.append(("decode JSON: official kubernetes client", None))
    try:
        from lightkube.models.core_v1 import Pod as LKPod

        slow.append(("decode JSON: lightkube models", lambda: [LKPod.from_dict(p) for p in json.loads(data)["items"]]))
    except ImportError:
        slow.append(("decode JSON: lightkube models", None))
    # The machine may be shared: run the candidates in interleaved rounds and keep each one's best time,
    # so that a busy moment does not land on one side of a ratio only.
    timings: dict[str, float] = {}
    for _round in range(args.repeat):
        for label, fn in candidates:
            timings[label] = min(timings.get(label, float("inf")), best(fn, 1))
    for label, fn in slow:
        timings[label] = best(fn, 1) if fn is not None else None
    rows = [(label, timings[label]) for label, _ in candidates[:3] + candidates[7:] + slow + candidates[3:7]]
    t_loads, t_ours_json, t_ours_proto = (timings[c[0]] for c in candidates[:3])
    t_python_json = timings[candidates[7][0]]
    t_enc_dumps, t_enc_json, t_enc_proto = (timings[c[0]] for c in candidates[3:6])
    t_official, t_lightkube = (timings[c[0]] for c in slow)
    width = max(len(r[0]) for r in rows)
    for label, t in rows:
        print(f"  {label:<{width}}  " + (f"{t * 1000:9.1f} ms" if t is not None else "  skipped (not installed)"))

    print("ratios:" + ("" if _jsonaccel.AVAILABLE else "  (the C transcoder is not built: both JSON paths are Python)"))
    print(f"  our JSON decode / json.loads alone           = {t_ours_json / t_loads:6.2f}x   (target <= 2x)")
    print(f"  ... pure-Python path / json.loads alone      = {t_python_json / t_loads:6.2f}x")
    print(f"  our protobuf decode / json.loads alone       = {t_ours_proto / t_loads:6.2f}x")
    if t_official is not None:
        print(f"  official client JSON decode / our protobuf   = {t_official / t_ours_proto:6.0f}x   (target >= 100x)")
        print(f"  official client JSON decode / our JSON       = {t_official / t_ours_json:6.1f}x")
    if t_lightkube is not None:
        print(f"  lightkube JSON decode / our JSON             = {t_lightkube / t_ours_json:6.1f}x")
    print(f"  our JSON encode / json.dumps of dicts        = {t_enc_json / t_enc_dumps:6.2f}x")
    print(f"  our protobuf encode / json.dumps of dicts    = {t_enc_proto / t_enc_dumps:6.2f}x")

    if args.go_bench:
        go_json = go_codec_seconds(args.go_bench, data, args.repeat)
        go_proto = go_codec_seconds(args.go_bench, proto_data, args.repeat)
        print(
            f"client-go on the same bytes (best of {args.repeat}, wall-clock inside the Go program while ours are CPU\n"
            "time: on a busy machine that favours us); time ratio, below 1 = kubernetes_py is faster:"
        )
        for label, go_t, ours in (
            ("decode JSON", go_json["decode"], t_ours_json),
            ("decode protobuf", go_proto["decode"], t_ours_proto),
            ("encode JSON", go_json["encode"], t_enc_json),
            ("encode protobuf", go_proto["encode"], t_enc_proto),
        ):
            print(f"  {label:<16} client-go {go_t * 1000:8.1f} ms   kubernetes_py / client-go = {ours / go_t:6.2f}x")

    n = args.memory_pods
    print(f"resident memory per pod, {n} pods held (each measured in a fresh interpreter):")
    mem = {}
    for kind, label in (
        ("typed", "kubernetes_py typed Pod, one each"),
        ("typed-python", "... decoded by the pure-Python path"),
        ("typed-list", "kubernetes_py typed PodList"),
        ("dict", "dict (json.loads)"),
        ("official", "official client V1Pod"),
        ("lightkube", "lightkube Pod"),
    ):
        per = memory_per_pod(kind, n)
        mem[kind] = per
        print(f"  {label:<36} " + (f"{per / 1024:7.1f} KiB/pod" if per is not None else "skipped (not installed)"))
    print("  (each decoded object owns a upb arena that grows in doubling blocks, so a lone Pod carries the")
    print(
        "   unused tail of its last block; the items of a decoded list share one arena.  Target <= 12 KB = 11.7 "
        "KiB/pod.)"
    )


if __name__ == "__main__":
    main()
