"""The protobuf decoder parses an object's metadata.managedFields last (a smaller upb arena): the decoded object
is the one the bytes describe, whatever the bytes; only Go's field order is rearranged."""

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as sproto
from kubernetes_py.kubernetes import scheme

PROTOBUF = "application/vnd.kubernetes.protobuf"


def _codec():
    return {i.media_type: i for i in scheme.Codecs.supported_media_types()}[PROTOBUF].serializer


def _pod() -> corev1.Pod:
    pod = corev1.Pod()
    pod.metadata.name = "web-0"
    pod.metadata.namespace = "prod"
    pod.metadata.uid = "7c9f8d6b"
    pod.metadata.resourceVersion = "12345"
    pod.metadata.generation = 3
    pod.metadata.labels.update({"app": "web", "tier": "front" * 40})
    pod.metadata.annotations["note"] = "x" * 300  # a length of two varint bytes
    pod.metadata.ownerReferences.add(kind="ReplicaSet", name="web", uid="1", apiVersion="apps/v1")
    pod.metadata.finalizers.append("example.com/keep")
    for manager, size in (("kubelet", 4000), ("kube-controller-manager", 700)):
        entry = pod.metadata.managedFields.add(
            manager=manager, operation="Update", apiVersion="v1", fieldsType="FieldsV1"
        )
        entry.fieldsV1.Raw = b'{"f:status":{}}' + b" " * size
    pod.spec.containers.add(name="web", image="nginx")
    pod.status.phase = "Running"
    return pod


def test_managed_fields_are_moved_after_the_rest_and_the_object_is_unchanged():
    pod = _pod()
    body = pod.SerializeToString()
    moved = sproto._managed_fields_last(memoryview(body))
    assert moved is not None and moved != body and len(moved) == len(body) + 3
    no_mf = corev1.Pod()
    no_mf.CopyFrom(pod)
    del no_mf.metadata.managedFields[:]
    assert moved.startswith(b"\x0a")
    assert no_mf.SerializeToString() in moved  # everything else first, in its order
    assert corev1.Pod.FromString(moved) == pod
    assert [m.manager for m in corev1.Pod.FromString(moved).metadata.managedFields] == [
        "kubelet",
        "kube-controller-manager",
    ]


def test_decoding_through_the_codec_gives_the_object_the_bytes_describe():
    pod = _pod()
    pod.get_object_kind().set_group_version_kind(corev1.SchemeGroupVersion.with_kind("Pod"))
    obj, gvk = _codec().decode(runtime.encode(_codec(), pod))
    assert (gvk.version, gvk.kind) == ("v1", "Pod")
    assert obj == pod


def test_bytes_not_in_gos_order_or_without_managed_fields_are_parsed_as_they_are():
    pod = _pod()
    body = pod.SerializeToString()
    meta = pod.metadata.SerializeToString()
    entry = pod.metadata.managedFields[0].SerializeToString()
    # A field after managedFields in the metadata (name again, 1 = 0x0a): not Go's order, left alone.
    odd_meta = meta + b"\x0a\x01z"
    odd = (
        b"\x0a"
        + sproto._uvarint(len(odd_meta))
        + odd_meta
        + body[len(b"\x0a") + len(sproto._uvarint(len(meta))) + len(meta) :]
    )
    assert sproto._managed_fields_last(memoryview(odd)) is None
    assert corev1.Pod.FromString(odd).metadata.name == "z"
    # No managedFields, no metadata first, nothing at all.
    plain = corev1.Pod(metadata={"name": "a"}, spec={"nodeName": "n"}).SerializeToString()
    assert sproto._managed_fields_last(memoryview(plain)) is None
    assert sproto._managed_fields_last(memoryview(corev1.Pod(spec={"nodeName": "n"}).SerializeToString())) is None
    assert sproto._managed_fields_last(memoryview(b"")) is None
    # Truncated bytes: left to upb, which reports them.
    for cut in (1, 5, len(meta) // 2, len(body) - len(entry) // 2):
        assert sproto._managed_fields_last(memoryview(body[:cut])) is None


def test_a_kind_whose_first_field_is_not_object_meta_is_not_touched():
    # APIVersions' field 1 is a repeated string: bytes in it that look like managedFields must stay one string.
    look_alike = b"\x0a\x01a\x8a\x01\x00"
    versions = metav1.APIVersions(versions=[look_alike.decode("latin-1")])
    body = versions.SerializeToString()
    parsed = sproto._parse(metav1.APIVersions, body, "APIVersions")
    assert list(parsed.versions) == [look_alike.decode("latin-1")]


def test_a_malformed_object_reports_its_own_length():
    body = _pod().SerializeToString()
    broken = body + b"\x12\x7f"  # a spec field longer than what is left
    assert sproto._managed_fields_last(memoryview(broken)) is not None
    try:
        sproto._parse(corev1.Pod, broken, "Pod")
    except sproto.ProtobufDecodeError as err:
        assert f"unable to decode Pod from {len(broken)} protobuf bytes" in str(err)
    else:
        raise AssertionError("malformed bytes decoded")
