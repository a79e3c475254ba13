"""Hostile bodies through the codecs (issue 15, item 5), each answer the one client-go v0.37.1 gives
(checked against hack/oracle/cmd/hardening by tests/differential/test_hardening_oracle.py):

- invalid UTF-8 inside JSON strings decodes, each bad byte as one U+FFFD (Go's utf8.DecodeRune), and so does an
  escaped surrogate without its pair; the C transcoder leaves such input to the Python decoder (same answer);
- nesting up to encoding/json's 10,000 levels decodes and encodes back; the next level is Go's syntax error;
- protobuf strings that are not UTF-8 (protobuf hands them back as bytes) encode as JSON, parse as a group
  version and format in errors.
"""

from __future__ import annotations

import json

import pytest

from kubernetes_py._go import json as _gojson
from kubernetes_py._go.json import decode as _gojson_decode
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredJSONScheme
from kubernetes_py.apimachinery.runtime import _jsonaccel, _jsonvalue
from kubernetes_py.apimachinery.runtime.schema import parse_group_version
from kubernetes_py.kubernetes import scheme

INFOS = {i.media_type: i for i in scheme.Codecs.supported_media_types()}
JSON = INFOS["application/json"].serializer
PROTO = INFOS["application/vnd.kubernetes.protobuf"].serializer


def _managed(inner: bytes) -> bytes:
    return (
        b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","managedFields":[{"fieldsType":"FieldsV1",'
        b'"fieldsV1":' + inner + b"}]}}"
    )


def _nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


# ---- invalid UTF-8 ----


def test_invalid_utf8_in_strings_is_one_replacement_character_per_bad_byte():
    data = (
        b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x\xe2\x82y\xff",'
        b'"labels":{"a\xc3":"\\ud800b","k":"\xed\xa0\x80"}}}'
    )
    assert _jsonaccel.transcode(corev1.Pod, data) is None  # the C path leaves it to Python
    pod = runtime.decode(JSON, data)
    assert pod.metadata.name == "x\ufffd\ufffdy\ufffd"
    assert dict(pod.metadata.labels) == {"a\ufffd": "\ufffdb", "k": "\ufffd\ufffd\ufffd"}
    assert (
        runtime.encode(JSON, pod)
        == (
            '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x\ufffd\ufffdy\ufffd","labels":{"a\ufffd":"\ufffdb",'
            '"k":"\ufffd\ufffd\ufffd"}},"spec":{"containers":null},"status":{}}\n'
        ).encode()
    )


def test_invalid_utf8_in_an_unstructured_object_and_the_kind():
    obj = runtime.decode(UnstructuredJSONScheme, b'{"apiVersion":"example.com/v1","kind":"Foo","spec":"\xff\\udc00"}')
    assert obj.object == {"apiVersion": "example.com/v1", "kind": "Foo", "spec": "\ufffd\ufffd"}
    with pytest.raises(runtime.NotRegisteredError) as info:
        runtime.decode(JSON, b'{"apiVersion":"v1","kind":"P\xffd"}')
    assert str(info.value).startswith('no kind "P\ufffdd" is registered for version "v1"')


def test_escaped_surrogate_pairs_are_kept_and_lone_ones_replaced():
    text = _gojson.go_text(b'"\\ud83d\\ude00 \\\\ud800 \\ud800\\ud800 \\uDC00x"')
    assert json.loads(text) == "\U0001f600 \\ud800 \ufffd\ufffd \ufffdx"


# ---- nesting ----


@pytest.mark.parametrize("depth", [1000, 9995])
def test_deep_fields_v1_decodes_and_encodes_back(depth):
    pod = runtime.decode(JSON, _managed(_nested(depth)))
    assert pod.metadata.managedFields[0].fieldsV1.Raw == _nested(depth)
    out = runtime.encode(JSON, pod)
    assert _nested(depth) in out


def test_nesting_beyond_go_limit_is_go_syntax_error():
    assert runtime.decode(JSON, _managed(_nested(9996))).metadata.name == "x"  # 10,000 levels with the Pod's
    with pytest.raises(ValueError) as info:
        runtime.decode(JSON, _managed(_nested(9997)))
    assert str(info.value) == "couldn't get version/kind; json parse error: invalid character '{' exceeded max depth"
    with pytest.raises(ValueError) as info:
        runtime.decode(JSON, b"[" * 10001 + b"]" * 10001)
    assert str(info.value) == "couldn't get version/kind; json parse error: invalid character '[' exceeded max depth"
    with pytest.raises(ValueError, match="invalid character '\\[' exceeded max depth"):
        runtime.decode(
            UnstructuredJSONScheme, b'{"kind":"Foo","apiVersion":"v1","spec":' + b"[" * 10000 + b"]" * 10000 + b"}"
        )


def test_deep_custom_resource_decodes_copies_and_encodes():
    spec = b"[" * 9998 + b"]" * 9998
    data = b'{"apiVersion":"example.com/v1","kind":"Foo","spec":' + spec + b"}"
    obj = runtime.decode(UnstructuredJSONScheme, data)
    copy = obj.deep_copy()
    assert isinstance(copy, Unstructured) and copy.object is not obj.object
    depth, v = 0, copy.object["spec"]
    while v:
        depth, v = depth + 1, v[0]
    assert depth == 9997
    assert runtime.encode(UnstructuredJSONScheme, copy) == data + b"\n"


def test_deep_copy_of_deep_values_by_a_loop():
    value: list = []
    inner = value
    for _ in range(5000):
        inner.append({"k": []})
        inner = inner[0]["k"]
    copy = _jsonvalue.deep_copy_json_value(value)
    assert _gojson.dumps(copy) == _gojson.dumps(value)
    inner.append(set())
    with pytest.raises(TypeError, match="cannot deep copy set"):
        _jsonvalue.deep_copy_json_value(value)


def test_deep_parse_is_json_loads():
    """The loop that parses what json.loads cannot nest gives json.loads' values and errors."""
    for text in ['{"a":[1,2.5,-3e2,"x\\"y",true,false,null,{},[]],"b":{"c":NaN}}', "[]", '"s"', "12"]:
        assert repr(_gojson_decode._loads_deep(text, int, None)) == repr(json.loads(text))
    for text in ['{"a" 1}', "[1,]", "[1 2]", '{"a":1,}', "", "[", '{"a":1} x', "nul", '"abc']:
        with pytest.raises(json.JSONDecodeError) as deep:
            _gojson_decode._loads_deep(text, int, None)
        with pytest.raises(json.JSONDecodeError) as ref:
            json.loads(text)
        assert (deep.value.msg, deep.value.pos) == (ref.value.msg, ref.value.pos)


# ---- protobuf strings that are not UTF-8 ----


def _proto_pod(**meta) -> bytes:
    pod = corev1.Pod(metadata=metav1.ObjectMeta(**meta))
    pod.apiVersion, pod.kind = "v1", "Pod"
    return runtime.encode(PROTO, pod)


def test_protobuf_string_not_utf8_encodes_as_go_writes_it():
    pod = runtime.decode(PROTO, _proto_pod(name="ab").replace(b"\x02ab", b"\x02a\xff"))
    assert pod.metadata.name == b"a\xff"  # what protobuf hands back
    assert (
        runtime.encode(JSON, pod)
        == (
            '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a\ufffd"},"spec":{"containers":null},"status":{}}\n'
        ).encode()
    )
    yaml_serializer = INFOS["application/yaml"].serializer
    assert (
        runtime.encode(yaml_serializer, pod)
        == ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\ufffd\nspec:\n  containers: null\nstatus: {}\n").encode()
    )


def test_protobuf_type_meta_not_utf8():
    with pytest.raises(runtime.NotRegisteredError) as info:
        runtime.decode(PROTO, _proto_pod(name="ab").replace(b"\x03Pod", b"\x03P\xffd"))
    assert str(info.value).startswith('no kind "P\ufffdd" is registered for version "v1"')
    with pytest.raises(runtime.NotRegisteredError) as info:
        runtime.decode(PROTO, _proto_pod(name="ab").replace(b"\x02v1", b"\x02v\xff"))
    assert str(info.value).startswith('no kind "Pod" is registered for version "v\ufffd"')
    assert parse_group_version(b"apps\xff/v1") == parse_group_version("apps\ufffd/v1")


def test_protobuf_map_key_not_utf8_is_written_as_go_writes_it():
    # protobuf cannot hand back such a key (iterating the map raises): it is read from the owner's wire bytes
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="ab", labels={"kk": "vv", "a": "b", "zz": "q"}))
    pod.apiVersion, pod.kind = "v1", "Pod"
    pod.spec.containers.add(name="c", resources={"limits": {"cpu": {"string": "1"}}})
    data = runtime.encode(PROTO, pod).replace(b"\x02kk", b"\x02k\xff").replace(b"\x03cpu", b"\x03c\xffu")
    out = runtime.encode(JSON, runtime.decode(PROTO, data))
    assert (
        out
        == (
            '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"ab","labels":{"a":"b","k\ufffd":"vv",'
            '"zz":"q"}},"spec":{"containers":[{"name":"c","resources":{"limits":{"c\ufffdu":"1"}}}]},'
            '"status":{}}\n'
        ).encode()
    )


@pytest.mark.skipif(not _jsonaccel.AVAILABLE, reason="the C extension is not built")
@pytest.mark.parametrize("repeat_at", [None, 10, 200])
def test_raw_json_with_many_members_on_the_c_path_equals_python(repeat_at):
    """Past 64 member names the C reader finds a repeated one with a hash table; the answer is Python's."""
    from kubernetes_py.api.apps import v1 as appsv1
    from kubernetes_py.apimachinery.runtime import _jsonconv

    members = [f'"k{i:04d}":{i}' for i in range(300)]
    if repeat_at is not None:
        members.append(f'"k{repeat_at:04d}":"again"')
    data = b'{"data":{' + ",".join(members).encode() + b'},"revision":3}'
    encoded = _jsonaccel.transcode(appsv1.ControllerRevision, data)
    want = _jsonconv.decode(appsv1.ControllerRevision, json.loads(data), source=data)
    assert encoded is not None  # the C path answers (through Python's re-encoding when a name repeats)
    got = appsv1.ControllerRevision.FromString(encoded)
    assert got.SerializeToString(deterministic=True) == want.SerializeToString(deterministic=True)
    assert json.loads(want.data.raw)[f"k{repeat_at or 0:04d}"] == ("again" if repeat_at else 0)


def test_protobuf_status_not_utf8_formats_as_an_error(httpserver):
    from kubernetes_py import kubernetes, rest
    from kubernetes_py.apimachinery.api import errors

    status = metav1.Status(status="Failure", message="pod XX not found", reason="NotFound", code=404)
    status.apiVersion, status.kind = "v1", "Status"
    body = runtime.encode(PROTO, status).replace(b"XX", b"\xff\xfe")
    httpserver.expect_request("/api/v1/namespaces/ns/pods/p").respond_with_data(
        body, status=404, content_type="application/vnd.kubernetes.protobuf"
    )
    clientset = kubernetes.new_for_config(rest.Config(host=httpserver.url_for("/")))
    with pytest.raises(errors.StatusError) as info:
        clientset.core_v1().pods("ns").get(None, "p", metav1.GetOptions())
    assert errors.is_not_found(info.value)
    assert str(info.value) == "pod \ufffd\ufffd not found"
    assert repr(info.value) == "StatusError(code=404, reason='NotFound', message='pod \ufffd\ufffd not found')"


def test_dynamic_decoding_keeps_go_numbers_and_parses_once():
    from kubernetes_py.dynamic import scheme as dynamicscheme
    from kubernetes_py.apimachinery.runtime import schema

    negotiator = runtime.new_client_negotiator(
        dynamicscheme.new_basic_negotiated_serializer(), schema.GroupVersion(version="v1")
    )
    decoder = negotiator.decoder("application/json", {})
    obj = runtime.decode(
        decoder,
        b'{"apiVersion":"v1","kind":"X","a":9223372036854775808,"b":9223372036854775807,'
        b'"c":1,"d":1.0,"e":"12345678901234567890"}',
    )
    assert obj.object == {
        "apiVersion": "v1",
        "kind": "X",
        "a": 9.223372036854776e18,
        "b": 9223372036854775807,
        "c": 1,
        "d": 1.0,
        "e": "12345678901234567890",
    }
    assert isinstance(obj.object["a"], float) and isinstance(obj.object["b"], int)
    calls = []
    real = _gojson.loads_preserving_ints
    try:
        _gojson.loads_preserving_ints = lambda data: calls.append(1) or real(data)
        assert runtime.decode(decoder, b'{"apiVersion":"v1","kind":"X","a":12}').object["a"] == 12
        assert calls == []  # no integer long enough to leave int64: the first parse is kept
    finally:
        _gojson.loads_preserving_ints = real
