"""Decoding protobuf into an existing object replaces its content, as Go's proto.Unmarshal does (the object is
reset, then filled in place from the bytes)."""

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as sproto
from kubernetes_py.kubernetes import scheme

PROTOBUF = "application/vnd.kubernetes.protobuf"


def _codec():
    return {i.media_type: i for i in scheme.Codecs.supported_media_types()}[PROTOBUF].serializer


def _pod_list_bytes() -> bytes:
    pods = corev1.PodList()
    pods.metadata.resourceVersion = "42"
    for name in ("a", "b"):
        pod = pods.items.add()
        pod.metadata.name = name
        pod.spec.containers.add(name="web", image="nginx")
    pods.get_object_kind().set_group_version_kind(corev1.SchemeGroupVersion.with_kind("PodList"))
    return runtime.encode(_codec(), pods)


def test_decode_into_an_existing_list_replaces_what_it_held():
    into = corev1.PodList()
    into.metadata.resourceVersion = "1"
    stale = into.items.add()
    stale.metadata.name = "stale"
    stale.metadata.labels["old"] = "yes"
    obj, gvk = _codec().decode(_pod_list_bytes(), None, into)
    assert obj is into
    assert (gvk.group, gvk.version, gvk.kind) == ("", "v1", "PodList")
    assert into.metadata.resourceVersion == "42"
    assert [p.metadata.name for p in into.items] == ["a", "b"]
    assert [dict(p.metadata.labels) for p in into.items] == [{}, {}]
    assert into.items[1].spec.containers[0].image == "nginx"


def test_raw_serializer_decodes_a_bare_message_into_an_unregistered_type():
    pod = corev1.Pod()
    pod.metadata.name = "p"
    into = corev1.Pod()
    into.metadata.namespace = "old"
    raw = sproto.RawSerializer(scheme.Scheme, scheme.Scheme)
    obj, _ = raw.decode(pod.SerializeToString(), corev1.SchemeGroupVersion.with_kind("Pod"), into)
    assert obj is into and into.metadata.name == "p" and into.metadata.namespace == ""


def test_corrupt_body_names_the_type_and_the_size():
    data = _pod_list_bytes()
    # Keep the envelope valid but cut the PodList inside it short: rebuild the envelope around broken bytes.
    unknown = sproto._unknown_class().FromString(data[4:])
    unknown.raw = unknown.raw[:-3]
    broken = data[:4] + unknown.SerializeToString()
    with pytest.raises(
        sproto.ProtobufDecodeError, match=rf"^unable to decode PodList \(v1\) from {len(unknown.raw)} protobuf bytes: "
    ):
        _codec().decode(broken, None, corev1.PodList())
