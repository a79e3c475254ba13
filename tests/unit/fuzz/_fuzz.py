"""Seeds, mutators and the verdict of the wire fuzz suite (issue 15).

Every case is built from a seeded random.Random, so a failure names its seed and case number and replays alone.
A case passes when it ends in a result or a clean library exception, within CASE_SECONDS. Clean means: it prints,
and it is not one of Python's own exceptions that only a bug lets out (KeyError, IndexError, AttributeError,
TypeError, RecursionError, UnicodeDecodeError/UnicodeEncodeError, OverflowError, ZeroDivisionError, MemoryError,
protobuf's DecodeError), nor a ValueError carrying one of Python's internal messages.
"""

from __future__ import annotations

import json
import random
import time
from typing import Any, Callable

from google.protobuf.message import DecodeError

from kubernetes_py.apimachinery import runtime
from kubernetes_py.kubernetes import scheme

CASE_SECONDS = 3.0

RAW = (
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    RecursionError,
    UnicodeDecodeError,
    UnicodeEncodeError,
    OverflowError,
    ZeroDivisionError,
    MemoryError,
    DecodeError,
)
PYTHON_MESSAGES = (
    "invalid literal for int()",
    "could not convert string to float",
    "not enough values to unpack",
    "too many values to unpack",
    "object is not subscriptable",
    "object has no attribute",
    "codec can't",
    "surrogates not allowed",
    "maximum recursion depth",
)

INFOS = {i.media_type: i for i in scheme.Codecs.supported_media_types()}
JSON_MEDIA = "application/json"
PROTOBUF_MEDIA = "application/vnd.kubernetes.protobuf"
YAML_MEDIA = "application/yaml"

TOKENS = [
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xf0\x9f\x98",
    b"\\ud800",
    b"\\udc00",
    b"\\u12",
    b"\\",
    b'"',
    b"'",
    b"[" * 40,
    b"{" * 40,
    b'{"a":' * 30,
    b"]",
    b"}",
    b",",
    b":",
    b"1e999",
    b"-1e999",
    b"NaN",
    b"Infinity",
    b"99999999999999999999999",
    b"-0",
    b"0.1e-400",
    b"null",
    b"true",
    b"false",
    b"\x00",
    b"\n",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"!!bool ",
    b"!!map ",
    b"<<: ",
    b"---\n",
    b"- ",
    b"? ",
    b"%YAML 1.1\n",
    b"\t",
    b'"apiVersion":"v1",',
    b'"kind":"Pod",',
    b'"kind":"Widget",',
    b'"apiVersion":"a/b/c",',
    b"\x80\x80\x80",
    b"\x0a\xff\xff\xff\xff\x0f",
    b"\x12\x80\x80\x80\x80\x10",
    b"k8s\x00",
    b"\xff\xff\xff\xff",
]


def realistic_pod(i: int = 3) -> dict:
    name = f"web-{i:05d}"
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": "production",
            "uid": "5f0c6a1e-2b7d-4c1a-9e3f-000000000003",
            "resourceVersion": "1000003",
            "creationTimestamp": "2026-11-21T10:03:21Z",
            "labels": {"app": "web", "tier": "frontend"},
            "annotations": {"a.io/x": "<&>"},
            "ownerReferences": [
                {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7c", "uid": "0a1b", "controller": True}
            ],
            "managedFields": [
                {
                    "manager": "kubelet",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": "2026-11-21T10:03:21Z",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:status": {"f:phase": {}, 'k:{"x":1}': {".": {}}}},
                }
            ],
        },
        "spec": {
            "containers": [
                {
                    "name": "web",
                    "image": "registry.example.com/web:1.2",
                    "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                    "resources": {"limits": {"cpu": "500m", "memory": "512Mi"}},
                    "env": [{"name": "A", "value": "b"}],
                    "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 10},
                }
            ],
            "nodeName": "node-1",
            "terminationGracePeriodSeconds": 30,
        },
        "status": {
            "phase": "Running",
            "podIP": "10.0.0.3",
            "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-21T10:04:00Z"}],
        },
    }


def json_seeds() -> list[bytes]:
    pod = realistic_pod()
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c"},
        "data": {"k": "v", "é": "ü"},
        "binaryData": {"b": "AAEC"},
    }
    status = {
        "apiVersion": "v1",
        "kind": "Status",
        "status": "Failure",
        "message": "nope",
        "reason": "NotFound",
        "code": 404,
        "details": {"name": "p", "kind": "pods", "causes": [{"type": "X", "message": "m"}]},
    }
    pod_list = {
        "apiVersion": "v1",
        "kind": "PodList",
        "metadata": {"resourceVersion": "7", "continue": "abc"},
        "items": [realistic_pod(1), realistic_pod(2)],
    }
    cr = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {"size": 3, "nested": {"list": [1, 2.5, "x", None, True]}},
    }
    deploy = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"a": "b"}},
            "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
            "template": {"metadata": {"labels": {"a": "b"}}, "spec": pod["spec"]},
        },
    }
    return [json.dumps(v).encode() for v in (pod, cm, status, pod_list, cr, deploy)]


def typed(data: bytes):
    return runtime.decode(INFOS[JSON_MEDIA].serializer, data)


def protobuf_seeds() -> list[bytes]:
    out = []
    for data in json_seeds():
        try:
            obj = typed(data)
        except Exception:  # noqa: BLE001 - the custom resource has no protobuf form
            continue
        out.append(runtime.encode(INFOS[PROTOBUF_MEDIA].serializer, obj))
    return out


def yaml_seeds() -> list[bytes]:
    from kubernetes_py import _goyaml

    return [_goyaml.json_to_yaml(json.loads(d)).encode() for d in json_seeds()[:3]] + [
        b"a: &a [1, 2]\nb: [*a, *a]\nc: {<<: {x: 1}, y: !!binary YWJj}\n",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: b}\nspec:\n  containers:\n  - name: c\n",
    ]


KUBECONFIG = b"""apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: LS0tLS1CRUdJTg==
    proxy-url: http://proxy:3128
contexts:
- name: dev
  context: {cluster: dev, user: admin, namespace: team}
users:
- name: admin
  user:
    token: fuzz-token-value
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: /bin/true
      args: [a, b]
      env: [{name: X, value: y}]
      interactiveMode: Never
    auth-provider:
      name: oidc
      config: {idp-issuer-url: "https://i", client-id: c}
preferences: {}
extensions:
- name: e
  extension: {apiVersion: v1, kind: Unknown}
"""


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """One to four random edits: byte flips, token insertions, deletions, duplications, truncation, splices."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[pos:pos] = rng.choice(TOKENS)
        elif op == 2 and buf:
            del buf[pos : pos + rng.randint(1, 16)]
        elif op == 3 and buf:
            end = min(len(buf), pos + rng.randint(1, 64))
            buf[pos:pos] = buf[pos:end] * rng.randint(1, 8)
        elif op == 4:
            del buf[pos:]
        elif op == 5:
            other = rng.choice(pool)
            a = rng.randrange(len(other) + 1)
            buf[pos:pos] = other[a : a + rng.randint(1, 200)]
        else:
            buf[pos:pos] = rng.choice(TOKENS) * rng.randint(2, 300)
    return bytes(buf)


def mutate_in_place(rng: random.Random, data: bytes) -> bytes:
    """Byte replacements that keep every length: protobuf stays framed, the values inside go bad."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.choice(
                (0xFF, 0x80, 0xC3, 0xED, 0x00, 0x0A, 0x12, 0x7F, rng.randrange(256))
            )
    return bytes(buf)


class Failure(AssertionError):
    pass


def run_case(what: str, fn: Callable[[], Any]) -> Any:
    """Runs one case; raises Failure (naming ``what``) for a raw exception, a Python-internal message or a case
    over CASE_SECONDS. Returns the result, or the clean exception."""
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as err:  # noqa: BLE001 - judged below
        result = err
        raw = type(err) in RAW or type(err).__module__ == "builtins" and isinstance(err, RAW)
        internal = type(err).__module__ == "builtins" and any(m in str(err) for m in PYTHON_MESSAGES)
        if raw or internal or isinstance(err, DecodeError) and type(err).__module__.startswith("google"):
            raise Failure(f"{what}: raw {type(err).__name__}: {str(err)[:300]}") from err
        try:  # a clean exception also prints
            if not isinstance(str(err), str) or not isinstance(repr(err), str):
                raise TypeError("not text")
        except Exception as fmt:  # noqa: BLE001 - any failure to print is one
            raise Failure(f"{what}: {type(err).__name__} does not print: {fmt!r}") from fmt
    took = time.perf_counter() - start
    if took > CASE_SECONDS:
        raise Failure(f"{what}: took {took:.1f} s")
    return result


def exercise(obj) -> None:
    """What a caller does with a decoded object: write it back as JSON and YAML (API objects) and print it."""
    if isinstance(obj, Exception) or obj is None:
        return
    if hasattr(obj, "get_object_kind"):
        obj.get_object_kind().group_version_kind()
        runtime.encode(INFOS[JSON_MEDIA].serializer, obj)
        runtime.encode(INFOS[YAML_MEDIA].serializer, obj)
    str(obj)
    repr(obj)
