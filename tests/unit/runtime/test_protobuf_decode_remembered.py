"""A protobuf decode into an object of a type decoded into before skips the scheme's look-ups (the serializer
remembers the kind they found): the answers are those of the first decode, the same as a fresh serializer's, for
a second and later decode, a different kind in the same type's place (a Status), a broken body, and an envelope
whose TypeMeta bytes are remembered. And an encode through runtime.WithVersionEncoder gives the serializer the kind
to write instead of setting it on the object and back: the same bytes, the object untouched."""

from __future__ import annotations

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf as sproto
from kubernetes_py.kubernetes import scheme


def _serializer() -> sproto.Serializer:
    return sproto.Serializer(scheme.Scheme, scheme.Scheme)


def _bytes(obj, kind: str, group_version=corev1.SchemeGroupVersion) -> bytes:
    obj.get_object_kind().set_group_version_kind(group_version.with_kind(kind))
    return runtime.encode(_serializer(), obj)


def _config_map(i: int) -> corev1.ConfigMap:
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name=f"cm{i}", namespace="ns"), data={"i": str(i)})


def _decoded(serializer: sproto.Serializer, data: bytes, into):
    obj, gvk = serializer.decode(data, None, into)
    return obj, gvk, obj.SerializeToString(deterministic=True), obj.apiVersion, obj.kind


def test_later_decodes_answer_as_the_first_and_as_a_fresh_serializer():
    remembering = _serializer()
    for i in range(3):
        data = _bytes(_config_map(i), "ConfigMap")
        into = corev1.ConfigMap(metadata=metav1.ObjectMeta(name="stale", labels={"old": "yes"}))
        fresh_into = corev1.ConfigMap()
        got = _decoded(remembering, data, into)
        want = _decoded(_serializer(), data, fresh_into)
        assert got[0] is into
        assert got[1:] == want[1:]
        assert (got[1].version, got[1].kind, got[3], got[4]) == ("v1", "ConfigMap", "v1", "ConfigMap")
        assert into.metadata.name == f"cm{i}" and dict(into.metadata.labels) == {}
    assert (corev1.ConfigMap, "v1", "ConfigMap") in remembering._decoded_into


def test_another_kind_in_the_place_of_the_type_is_decoded_as_its_own():
    remembering = _serializer()
    remembering.decode(_bytes(_config_map(1), "ConfigMap"), None, corev1.ConfigMap())
    status = metav1.Status(status="Failure", message="gone", reason="NotFound", code=404)
    into = corev1.ConfigMap()
    obj, gvk = remembering.decode(_bytes(status, "Status", metav1.SchemeGroupVersion), None, into)
    assert obj is not into and isinstance(obj, metav1.Status)
    assert (obj.message, gvk.kind) == ("gone", "Status")
    assert (metav1.Status, "v1", "Status") not in remembering._decoded_into


def test_defaults_are_never_remembered():
    remembering = _serializer()
    data = _bytes(_config_map(1), "ConfigMap")
    remembering.decode(data, corev1.SchemeGroupVersion.with_kind("ConfigMap"), corev1.ConfigMap())
    assert remembering._decoded_into == {}


def test_a_broken_body_raises_as_before():
    remembering = _serializer()
    data = _bytes(_config_map(1), "ConfigMap")
    remembering.decode(data, None, corev1.ConfigMap())
    unknown = sproto._unknown_class().FromString(data[4:])
    unknown.raw = unknown.raw[:-3]
    broken = data[:4] + unknown.SerializeToString()
    with pytest.raises(sproto.ProtobufDecodeError) as remembered:
        remembering.decode(broken, None, corev1.ConfigMap())
    with pytest.raises(sproto.ProtobufDecodeError) as fresh:
        _serializer().decode(broken, None, corev1.ConfigMap())
    assert str(remembered.value) == str(fresh.value)
    assert str(fresh.value).startswith("unable to decode ConfigMap (v1) from 28 protobuf bytes: ")


def test_envelope_type_meta_remembered_per_bytes():
    data = _bytes(_config_map(1), "ConfigMap")
    first = sproto._envelope(memoryview(data)[4:])
    again = sproto._envelope(memoryview(data)[4:])
    assert first[:2] == again[:2] == ("v1", "ConfigMap")
    assert bytes(first[2]) == bytes(again[2])


# --- encoding: the envelope written by hand, the kind given to the serializer instead of set on the object


def _upb_envelope(api_version: str, kind: str, raw: bytes) -> bytes:
    unk = sproto._unknown_class()(raw=raw, contentEncoding="", contentType="")
    unk.typeMeta.apiVersion = api_version
    unk.typeMeta.kind = kind
    return sproto.PROTO_ENCODING_PREFIX + unk.SerializeToString()


@pytest.mark.parametrize("size", [0, 1, 127, 128, 300, 16383, 16384, 70000])
@pytest.mark.parametrize("labels", [("v1", "ConfigMap"), ("apps/v1", "Deployment"), ("", ""), ("v1", "K" * 200)])
def test_envelope_is_upbs_unknown(size, labels):
    raw = bytes(range(256)) * (size // 256) + bytes(size % 256)
    assert sproto._enveloped(sproto.PROTO_ENCODING_PREFIX, labels[0], labels[1], raw) == _upb_envelope(*labels, raw)


def _codec():
    """The encoder of a REST client of core/v1 over protobuf (a runtime.WithVersionEncoder)."""
    encoder = scheme.Codecs.without_conversion().encoder_for_version(_serializer(), corev1.SchemeGroupVersion)
    assert isinstance(encoder, runtime.WithVersionEncoder)
    return encoder


def _set_and_encode(obj, gvk) -> bytes:
    """What the serializer writes with obj's kind set to gvk: WithVersionEncoder's way before encode_as."""
    kind = obj.get_object_kind()
    old = kind.group_version_kind()
    kind.set_group_version_kind(gvk)
    try:
        return _serializer().encode_to_bytes(obj)
    finally:
        kind.set_group_version_kind(old)


@pytest.mark.parametrize("preset", [None, ("v1", "ConfigMap"), ("wrong/v9", "Other")])
def test_encode_leaves_the_object_as_it_was_and_writes_what_setting_its_kind_wrote(preset):
    obj = _config_map(7)
    if preset is not None:
        obj.apiVersion, obj.kind = preset
    before = obj.SerializeToString(deterministic=True)
    data = runtime.encode(_codec(), obj)
    assert obj.SerializeToString(deterministic=True) == before
    assert data == _set_and_encode(obj, corev1.SchemeGroupVersion.with_kind("ConfigMap"))
    decoded, gvk = _serializer().decode(data, None, None)
    assert (gvk.version, gvk.kind, decoded.data["i"]) == ("v1", "ConfigMap", "7")


def test_encode_as_declines_objects_whose_kind_is_not_their_type_meta():
    serializer = _serializer()
    gvk = corev1.SchemeGroupVersion.with_kind("ConfigMap")
    assert serializer.encode_as(_config_map(1), gvk) == _set_and_encode(_config_map(1), gvk)
    unknown = sproto._unknown_class()(raw=b"\x0a\x00")
    assert serializer.encode_as(unknown, gvk) is None
    assert serializer.encode_as(metav1.ObjectMeta(name="no kind of its own"), gvk) is None


def _unlabelled_decoder():
    decoder = scheme.Codecs.without_conversion().decoder_to_version(_serializer(), corev1.SchemeGroupVersion)
    assert isinstance(decoder, runtime.WithoutVersionDecoder)
    return decoder


@pytest.mark.parametrize("into_type", [corev1.ConfigMap, None])
def test_without_version_decoder_leaves_no_kind_first_and_later(into_type):
    """WithoutVersionDecoder over the protobuf serializer: the kind cleared on the decoded object, whether the
    shortcut of a type seen before was taken or not, and TypeMeta fields in the object's own bytes cleared too."""
    decoder = _unlabelled_decoder()
    raw = _config_map(3)
    raw.apiVersion, raw.kind = "sneaky/v1", "Sneaky"  # carried in the object's bytes: cleared as before
    envelope = sproto._enveloped(sproto.PROTO_ENCODING_PREFIX, "v1", "ConfigMap", raw.SerializeToString())
    for data in (_bytes(_config_map(2), "ConfigMap"), envelope, envelope):
        obj, gvk = decoder.decode(data, None, into_type() if into_type else None)
        assert (gvk.version, gvk.kind) == ("v1", "ConfigMap")
        assert (obj.apiVersion, obj.kind) == ("", "")
        assert not obj.HasField("apiVersion") and not obj.HasField("kind")
    status = metav1.Status(status="Failure", code=404)
    obj, gvk = decoder.decode(_bytes(status, "Status", metav1.SchemeGroupVersion), None, corev1.ConfigMap())
    assert isinstance(obj, metav1.Status) and (obj.apiVersion, obj.kind, gvk.kind) == ("", "", "Status")


@pytest.mark.parametrize("size", [0, 127, 128, 16383, 16384, 70000])
def test_envelope_read_across_length_sizes(size):
    """The envelope's lengths of one, two (read inline) and more bytes, and a two-byte length cut short."""
    raw = bytes(size)
    data = memoryview(_upb_envelope("v1", "ConfigMap", raw))[4:]
    api_version, kind, got, content_encoding, content_type = sproto._envelope(data)
    assert (api_version, kind, bytes(got), content_encoding, content_type) == ("v1", "ConfigMap", raw, "", "")
    if size:
        with pytest.raises(sproto.ProtobufDecodeError, match="needs"):
            sproto._envelope(data[: len(data) - 4 - size // 2])  # cut inside raw
