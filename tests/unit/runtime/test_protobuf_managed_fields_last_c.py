"""The C extension's managed_fields_last gives what protobuf._managed_fields_last gives, on realistic pods and on
mutated bytes of them."""

from __future__ import annotations

import random

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as sproto

c_version = sproto._managed_fields_last_c
pytestmark = pytest.mark.skipif(c_version is None, reason="the C extension is not built")


def _pod_bytes(i: int) -> bytes:
    pod = corev1.Pod()
    pod.metadata.name = f"pod-{i}"
    pod.metadata.namespace = "ns"
    pod.metadata.resourceVersion = str(100 + i)
    pod.metadata.labels["app"] = "x" * i
    for manager in ("kubectl", "kube-scheduler", "kubelet")[: i % 4]:
        entry = pod.metadata.managedFields.add()
        entry.manager = manager
        entry.operation = "Update"
        entry.fieldsType = "FieldsV1"
        entry.fieldsV1.Raw = b'{"f:metadata":{"f:labels":{}}}' * (1 + 40 * i)
    pod.spec.nodeName = "node"
    return pod.SerializeToString()


def test_same_result_as_python_on_pods_and_their_mutations():
    pods = [_pod_bytes(i) for i in range(8)]
    assert sum(sproto._managed_fields_last(p) is not None for p in pods) == 6
    for p in pods:
        assert c_version(p) == sproto._managed_fields_last(memoryview(p))
        assert c_version(memoryview(p)) == c_version(p)
    rng = random.Random(17)
    for _ in range(4000):
        b = bytearray(rng.choice(pods))
        for _ in range(rng.randint(1, 3)):
            if not b:
                break
            r = rng.random()
            if r < 0.6:
                b[rng.randrange(min(len(b), 300))] = rng.randrange(256)
            elif r < 0.8:
                del b[rng.randrange(len(b)) :]
            else:
                b[rng.randrange(len(b))] = rng.choice([0x8A, 0x01, 0x0A, 0xFF, 0x80])
        data = bytes(b)
        assert c_version(data) == sproto._managed_fields_last(memoryview(data)), data.hex()


def test_huge_lengths_are_refused():
    ten_bytes = b"\xff" * 9 + b"\x01"
    assert c_version(b"\x0a" + ten_bytes + b"x") is None
    assert sproto._managed_fields_last(memoryview(b"\x0a" + ten_bytes + b"x")) is None
    meta = b"\x0a\x01a" + b"\x8a\x01" + ten_bytes
    data = b"\x0a" + bytes([len(meta)]) + meta
    assert c_version(data) is None and sproto._managed_fields_last(memoryview(data)) is None
