"""runtime serializers: JSON, YAML, protobuf, framers, streaming, codec factory, errors for bad input."""

import io
import struct

import pytest

from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredList
from kubernetes_py.apimachinery.runtime import _jsonconv
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.apimachinery.runtime.serializer import json as sjson
from kubernetes_py.apimachinery.runtime.serializer import protobuf as sproto
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.apimachinery.runtime.serializer._frames import UnexpectedEOFError
from kubernetes_py.kubernetes import scheme

INFOS = {i.media_type: i for i in scheme.Codecs.supported_media_types()}
JSON = INFOS["application/json"]
YAML = INFOS["application/yaml"]
PROTO = INFOS["application/vnd.kubernetes.protobuf"]
POD_GVK = GroupVersionKind("", "v1", "Pod")


def as_json(obj):
    """Go's DeepEqual compares a struct's fields, set or not; protobuf equality also compares whether an
    empty message field was set, so compare the JSON forms where that differs."""
    return _jsonconv.encode(obj)


def pod():
    p = corev1.Pod(
        metadata=metav1.ObjectMeta(name="web", namespace="ns", labels={"app": "web"}),
        spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="nginx")]),
    )
    p.get_object_kind().set_group_version_kind(POD_GVK)
    return p


def test_supported_media_types_match_client_go():
    assert [
        (i.media_type, i.media_type_type, i.media_type_subtype, i.encodes_as_text)
        for i in scheme.Codecs.supported_media_types()
    ] == [
        ("application/json", "application", "json", True),
        ("application/yaml", "application", "yaml", True),
        ("application/vnd.kubernetes.protobuf", "application", "vnd.kubernetes.protobuf", False),
    ]
    assert JSON.pretty_serializer is not None and JSON.strict_serializer is not None
    assert JSON.stream_serializer.framer is sjson.Framer
    assert PROTO.stream_serializer.framer is sproto.LengthDelimitedFramer
    assert YAML.stream_serializer is None
    assert JSON.serializer.identifier() == '{"name":"json","pretty":"false","strict":"false","yaml":"false"}'
    assert PROTO.serializer.identifier() == "protobuf"


def test_json_encode_is_compact_go_order_with_newline():
    data = runtime.encode(JSON.serializer, pod())
    assert data == (
        b'{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"ns","labels":'
        b'{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx","resources":{}}]},'
        b'"status":{}}\n'
    )
    pretty = runtime.encode(JSON.pretty_serializer, pod())
    assert pretty.startswith(b'{\n  "kind": "Pod",\n  "apiVersion": "v1",\n') and not pretty.endswith(b"\n")


def test_json_decode_round_trip_and_defaults():
    obj, gvk = JSON.serializer.decode(runtime.encode(JSON.serializer, pod()))
    assert gvk == POD_GVK and as_json(obj) == as_json(pod())
    # the kind can come from the defaults, the version from the object we decode into
    obj, gvk = JSON.serializer.decode(b'{"metadata":{"name":"x"}}', GroupVersionKind("", "v1", "Pod"))
    assert (type(obj), gvk, obj.metadata.name) == (corev1.Pod, POD_GVK, "x")
    into = appsv1.Deployment()
    obj, gvk = JSON.serializer.decode(b'{"kind":"Deployment","spec":{"replicas":2}}', None, into)
    assert obj is into and into.spec.replicas == 2 and gvk == GroupVersionKind("apps", "v1", "Deployment")


def test_json_decode_errors_name_the_problem():
    with pytest.raises(runtime.MissingKindError, match="Object 'Kind' is missing in '{\"apiVersion\":\"v1\"}'"):
        JSON.serializer.decode(b'{"apiVersion":"v1"}')
    with pytest.raises(runtime.MissingVersionError, match="Object 'apiVersion' is missing"):
        JSON.serializer.decode(b'{"kind":"Pod"}')
    with pytest.raises(ValueError, match=r"couldn't get version/kind; json parse error: Expecting .* line 1 column 9"):
        JSON.serializer.decode(b'{"kind":}')
    with pytest.raises(
        ValueError,
        match="cannot unmarshal string into Go struct field PodSpec.spec.nodeName".replace("nodeName", "priority"),
    ):
        JSON.serializer.decode(b'{"apiVersion":"v1","kind":"Pod","spec":{"priority":"high"}}')
    with pytest.raises(ValueError, match=r"unexpected GroupVersion string: a/b/c"):
        JSON.serializer.decode(b'{"apiVersion":"a/b/c","kind":"X"}')


def test_unknown_kinds_are_not_registered():
    # Go's json.Serializer creates the object with runtime.UseOrCreateObject: a kind the scheme does not know
    # is a NotRegisteredError (the dynamic client decodes custom resources with its own unstructured scheme).
    with pytest.raises(runtime.NotRegisteredError) as info:
        scheme.Codecs.universal_deserializer().decode(
            b'{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":3}}'
        )
    assert str(info.value) == (
        'no kind "Widget" is registered for version "example.com/v1" in scheme '
        '"k8s.io/client-go/kubernetes/scheme/register.go:84"'
    )


def test_strict_serializer_reports_all_unknown_and_duplicate_fields():
    with pytest.raises(runtime.StrictDecodingError) as info:
        JSON.strict_serializer.decode(
            b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","name":"b"},"spec":{"foo":1}}'
        )
    assert str(info.value) == ('strict decoding error: duplicate field "metadata.name", unknown field "spec.foo"')
    assert info.value.obj.metadata.name == "b" and info.value.gvk == POD_GVK
    assert runtime.is_strict_decoding_error(info.value)


def test_yaml_round_trip():
    data = runtime.encode(YAML.serializer, pod())
    assert data.startswith(b"apiVersion: v1\nkind: Pod\nmetadata:\n")
    obj, gvk = YAML.serializer.decode(data)
    assert as_json(obj) == as_json(pod()) and gvk == POD_GVK
    # Timestamps stay strings (YAML is converted to JSON first); YAML 1.1 booleans are booleans, as in go-yaml,
    # keys included: client-go v0.37.1 decodes this ConfigMap's data as map[false:1 when:2020-01-01].
    obj, _ = YAML.serializer.decode(b"apiVersion: v1\nkind: ConfigMap\ndata:\n  when: 2020-01-01\n  n: '1'\n")
    assert dict(obj.data) == {"when": "2020-01-01", "false": "1"}
    with pytest.raises(
        ValueError, match="^json: cannot unmarshal bool into Go struct field ConfigMap.data of type string$"
    ):
        YAML.serializer.decode(b"apiVersion: v1\nkind: ConfigMap\ndata:\n  enabled: yes\n")
    with pytest.raises(ValueError, match="error converting YAML to JSON"):
        YAML.serializer.decode(b"kind: [unclosed\n")
    # Only the first document is read, as sigs.k8s.io/yaml does; an empty document has no kind.
    obj, _ = YAML.serializer.decode(b"apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: Service\n")
    assert obj.metadata.name == "a"
    with pytest.raises(runtime.MissingKindError, match="^Object 'Kind' is missing in ''$"):
        YAML.serializer.decode(b"")


def test_protobuf_envelope_and_round_trip():
    data = runtime.encode(PROTO.serializer, pod())
    assert data[:4] == b"k8s\x00"
    unknown = runtime.Unknown.FromString(data[4:])
    assert (unknown.typeMeta.apiVersion, unknown.typeMeta.kind) == ("v1", "Pod")
    assert (unknown.contentEncoding, unknown.contentType) == ("", "")
    obj, gvk = PROTO.serializer.decode(data)
    assert gvk == POD_GVK and obj.metadata.name == "web" and obj.kind == "Pod"
    obj, _ = scheme.Codecs.universal_deserializer().decode(data)
    assert obj.spec.containers[0].image == "nginx"
    into = runtime.Unknown()
    got, _ = PROTO.serializer.decode(data, None, into)
    assert got is into and into.contentType == "application/vnd.kubernetes.protobuf" or into.raw


def test_protobuf_bad_input():
    with pytest.raises(ValueError, match="^empty data$"):
        PROTO.serializer.decode(b"")
    with pytest.raises(ValueError, match=r"does not appear to be a protobuf message, expected prefix \[107 56 115 0\]"):
        PROTO.serializer.decode(b"{}")
    with pytest.raises(ValueError, match="^empty body$"):
        PROTO.serializer.decode(b"k8s\x00")
    truncated = runtime.encode(PROTO.serializer, pod())[:-7]
    with pytest.raises(sproto.ProtobufDecodeError, match="unable to decode the runtime.Unknown envelope"):
        PROTO.serializer.decode(truncated)
    with pytest.raises(sproto.NotMarshalableError, match="does not implement the protobuf marshalling interface"):
        runtime.encode(PROTO.serializer, Unstructured({"apiVersion": "v1", "kind": "Pod"}))
    env = runtime.Unknown(typeMeta={"apiVersion": "v1"}, raw=b"").SerializeToString()
    with pytest.raises(runtime.MissingKindError, match="Object 'Kind' is missing"):
        PROTO.serializer.decode(b"k8s\x00" + env)


def test_legacy_codec_labels_and_without_conversion():
    p = pod()
    p.ClearField("kind")
    p.ClearField("apiVersion")
    codec = scheme.Codecs.legacy_codec(corev1.SchemeGroupVersion)
    assert runtime.encode(codec, p).startswith(b'{"kind":"Pod","apiVersion":"v1",')
    assert p.kind == ""  # the label is put back afterwards
    with pytest.raises(runtime.NotRegisteredError, match='no kind "Pod" is registered for the internal version'):
        runtime.decode(codec, runtime.encode(codec, p))
    wc = scheme.Codecs.without_conversion()
    enc = wc.encoder_for_version(JSON.serializer, corev1.SchemeGroupVersion)
    dec = wc.decoder_to_version(JSON.serializer, corev1.SchemeGroupVersion)
    obj = runtime.decode(dec, runtime.encode(enc, p))
    assert obj.metadata.name == "web" and obj.kind == "" and obj.apiVersion == ""


def test_json_framer_splits_concatenated_objects():
    stream = io.BytesIO(b' {"a": "}"} \n{"b":[1,{"c":"\\""}]}{"d":1}\n')
    reader = sjson.Framer.new_frame_reader(stream)
    assert reader.read_frame() == b'{"a": "}"}'
    assert reader.read_frame() == b'{"b":[1,{"c":"\\""}]}'
    assert reader.read_frame() == b'{"d":1}'
    with pytest.raises(EOFError):
        reader.read_frame()
    reader = sjson.Framer.new_frame_reader(iter([b'{"a":', b"1}", b'{"b"']))
    assert reader.read_frame() == b'{"a":1}'
    with pytest.raises(UnexpectedEOFError, match="inside a JSON value"):
        reader.read_frame()


def test_length_delimited_framer_and_truncated_frames():
    buf = io.BytesIO()
    writer = sproto.LengthDelimitedFramer.new_frame_writer(buf)
    writer.write(b"abc")
    writer.write(b"")
    assert buf.getvalue() == b"\x00\x00\x00\x03abc\x00\x00\x00\x00"
    reader = sproto.LengthDelimitedFramer.new_frame_reader(io.BytesIO(buf.getvalue() + struct.pack(">I", 10) + b"xy"))
    assert reader.read_frame() == b"abc"
    assert reader.read_frame() == b""
    with pytest.raises(UnexpectedEOFError, match="have 6 of 14 bytes"):
        reader.read_frame()


def test_streaming_decoder_over_protobuf_watch_frames():
    raw = PROTO.stream_serializer.serializer
    frames = io.BytesIO()
    enc = streaming.new_encoder(sproto.LengthDelimitedFramer.new_frame_writer(frames), raw)
    for name in ("a", "b"):
        event = metav1.WatchEvent(type="ADDED", object={"raw": runtime.encode(PROTO.serializer, pod())})
        event.object.raw = runtime.encode(raw, corev1.Pod(metadata=metav1.ObjectMeta(name=name)))
        enc.encode(event)
    dec = streaming.new_decoder(sproto.LengthDelimitedFramer.new_frame_reader(io.BytesIO(frames.getvalue())), raw)
    names = []
    for _ in range(2):
        event, _gvk = dec.decode(None, metav1.WatchEvent())
        inner, _ = raw.decode(event.object.raw, POD_GVK, corev1.Pod())
        names.append((event.type, inner.metadata.name))
    assert names == [("ADDED", "a"), ("ADDED", "b")]
    with pytest.raises(EOFError):
        dec.decode(None, metav1.WatchEvent())
    big = streaming.new_decoder(
        sjson.Framer.new_frame_reader(io.BytesIO(b'{"kind":"Pod","apiVersion":"v1"}')), JSON.serializer, max_bytes=10
    )
    with pytest.raises(streaming.ObjectTooLargeError, match="longer than maximum allowed size"):
        big.decode()


def test_unstructured_list_round_trips_through_json_serializer():
    data = b'{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}]}'
    into = UnstructuredList()
    obj, gvk = JSON.serializer.decode(data, None, into)
    assert obj is into and [i.get_name() for i in into.items] == ["a"] and gvk.kind == "List"
    assert runtime.encode(JSON.serializer, into) == (
        b'{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}],"kind":"List"}\n'
    )


def test_decode_into_checks_the_kind():
    d = appsv1.Deployment()
    runtime.decode_into(JSON.serializer, b'{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":2}}', d)
    assert d.spec.replicas == 2
    with pytest.raises(ValueError, match=r"^unable to decode /v1, Kind=Pod into \*v1.Deployment$"):
        runtime.decode_into(JSON.serializer, b'{"apiVersion":"v1","kind":"Pod"}', appsv1.Deployment())


def test_strict_yaml_reports_repeated_keys_as_sigs_yaml_does():
    data = (
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"
        b"data:\n  x: '1'\nkind: ConfigMap\nbogus: 1\n"
    )
    with pytest.raises(runtime.StrictDecodingError) as info:
        YAML.strict_serializer.decode(data)
    assert info.value.errors() == [
        'yaml: unmarshal errors:\n  line 5: key "name" already set in map\n  line 8: key "kind" already set in map',
        'unknown field "bogus"',
    ]
    assert info.value.obj.metadata.name == "b"
    obj, _ = YAML.serializer.decode(data)  # not strict: the last value wins, unknown fields are dropped
    assert obj.metadata.name == "b"


def test_json_decode_into_unknown_keeps_the_bytes():
    data = b'{"apiVersion":"example.com/v1","kind":"Widget","spec":{}}'
    into = runtime.Unknown()
    obj, gvk = JSON.serializer.decode(data, None, into)
    assert obj is into and gvk == GroupVersionKind("example.com", "v1", "Widget")
    assert (into.raw, into.contentType) == (data, "application/json")
    assert (into.typeMeta.apiVersion, into.typeMeta.kind) == ("example.com/v1", "Widget")
