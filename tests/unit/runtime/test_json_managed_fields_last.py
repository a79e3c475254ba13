"""The C transcoder (JSON to protobuf bytes) writes a top-level object's metadata.managedFields after everything
else, as a second metadata field that protobuf merges into the first, so that upb parses their FieldsV1 blobs last
(as the protobuf decoder does: test_protobuf_managed_fields_last.py). The decoded object is the JSON's, whatever
the JSON's order."""

import json

import pytest

from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import _jsonaccel, _jsonconv
from kubernetes_py.kubernetes import scheme

pytestmark = pytest.mark.skipif(not _jsonaccel.AVAILABLE, reason="the C extension is not built")

JSON = "application/json"


def _codec():
    return {i.media_type: i for i in scheme.Codecs.supported_media_types()}[JSON].serializer


def _pod_json() -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web-0",
            "namespace": "prod",
            "labels": {"app": "web"},
            "annotations": {"note": "x" * 300},
            "managedFields": [
                {
                    "manager": manager,
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": "2026-12-07T10:00:00Z",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:status": {"f:phase": {}, "f:pad": {"f:" + "p" * size: {}}}},
                }
                for manager, size in (("kubelet", 4000), ("kube-controller-manager", 700))
            ],
        },
        "spec": {"containers": [{"name": "web", "image": "nginx"}]},
        "status": {"phase": "Running"},
    }


def _python_decode(cls, doc: dict):
    return _jsonconv.decode(cls, json.loads(json.dumps(doc)))


def _fields(data: bytes) -> list[tuple[int, bytes]]:
    """The top-level fields of protobuf bytes, in order: (number, value bytes)."""
    out, pos = [], 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        start, wire = pos, key & 7
        if wire == 0:
            _, pos = _varint(data, pos)
        elif wire == 2:
            length, start = _varint(data, pos)
            pos = start + length
        else:
            pos += 8 if wire == 1 else 4
        out.append((key >> 3, data[start:pos]))
    return out


def _numbers(data: bytes) -> list[int]:
    return [number for number, _ in _fields(data)]


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def test_managed_fields_are_written_last_as_a_second_metadata_field():
    doc = _pod_json()
    data = _jsonaccel.transcode(corev1.Pod, json.dumps(doc).encode())
    assert data is not None
    fields = _fields(data)
    assert [number for number, _ in fields][-4:] == [1, 2, 3, 1]  # metadata, spec, status, metadata again
    assert set(_numbers(fields[-1][1])) == {17}  # the second metadata: the managedFields entries alone
    assert 17 not in _numbers(fields[-4][1])
    pod = corev1.Pod.FromString(data)
    assert [m.manager for m in pod.metadata.managedFields] == ["kubelet", "kube-controller-manager"]
    assert pod == _python_decode(corev1.Pod, doc)


def test_the_decoded_object_is_the_json_s_whatever_the_member_order():
    doc = _pod_json()
    meta = doc["metadata"]
    reordered = {"managedFields": meta["managedFields"], **{k: v for k, v in meta.items() if k != "managedFields"}}
    for metadata in (reordered, {**meta, "managedFields": []}, {k: v for k, v in meta.items() if k != "managedFields"}):
        variant = {
            "status": doc["status"],
            "metadata": metadata,
            "kind": "Pod",
            "apiVersion": "v1",
            "spec": doc["spec"],
        }
        data = _jsonaccel.transcode(corev1.Pod, json.dumps(variant).encode())
        assert data is not None
        assert corev1.Pod.FromString(data) == _python_decode(corev1.Pod, variant)
    # managedFields first: left where they are (only trailing entries move)
    data = _jsonaccel.transcode(corev1.Pod, json.dumps({**doc, "metadata": reordered}).encode())
    assert _numbers(data).count(1) == 1


def test_only_the_top_level_object_s_managed_fields_move():
    pod = _pod_json()
    template = {"metadata": pod["metadata"], "spec": pod["spec"]}
    doc = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "prod"},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template},
    }
    data = _jsonaccel.transcode(appsv1.Deployment, json.dumps(doc).encode())
    assert data is not None and _numbers(data).count(1) == 1  # no managedFields at the top, the template's stay
    assert appsv1.Deployment.FromString(data) == _python_decode(appsv1.Deployment, doc)
    listed = {"apiVersion": "v1", "kind": "PodList", "metadata": {"resourceVersion": "9"}, "items": [pod, pod]}
    data = _jsonaccel.transcode(corev1.PodList, json.dumps(listed).encode())
    assert data is not None and _numbers(data).count(1) == 1
    assert corev1.PodList.FromString(data) == _python_decode(corev1.PodList, listed)


def test_the_codec_decodes_the_same_object():
    doc = _pod_json()
    obj, gvk = _codec().decode(json.dumps(doc).encode())
    assert (gvk.version, gvk.kind) == ("v1", "Pod")
    expected = _python_decode(corev1.Pod, doc)
    expected.get_object_kind().set_group_version_kind(corev1.SchemeGroupVersion.with_kind("Pod"))
    assert obj == expected
    assert runtime.encode(_codec(), obj) == runtime.encode(_codec(), expected)
