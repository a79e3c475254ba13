"""The C extension's encoders (_json2pb) against Go itself and against the Python encoders.

Every sample of Go's randfill corpus (hack/oracle/cmd/corpus), decoded from Go's JSON and from Go's protobuf, must
give through the C path Go's protobuf body (fill) and Go's JSON with its members in Go's order (to_json), and the
same bytes as the Python path (_gozero's filled copy; _jsonconv.encode written by _gojson.dumps).
"""

from __future__ import annotations

import base64
import json

import pytest

from kubernetes_py._go import json as _gojson
from kubernetes_py._schema import message_class
from kubernetes_py.apimachinery.runtime import _gozero, _jsonaccel, _jsonconv
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

from tests.differential.test_corpus import KNOWN_DIFFERENCES, _class_for, _key, corpus, crd_corpus  # noqa: F401
from tests.unit.runtime.test_json2pb import _extension_built  # noqa: F401 - fixture

pytestmark = [pytest.mark.differential, pytest.mark.usefixtures("_extension_built")]


def test_c_fill_gives_go_bytes_for_every_sample(corpus):
    unknown_cls = message_class("k8s.io.apimachinery.pkg.runtime.Unknown")
    handled, mismatches = 0, {}
    for sample in corpus:
        if "error" in sample:
            continue
        cls = _class_for(sample)
        go_body = unknown_cls.FromString(base64.b64decode(sample["protobuf"])[4:]).raw
        for origin, obj in (
            ("json", _jsonconv.decode(cls, json.loads(json.dumps(sample["json"])))),
            ("protobuf", cls.FromString(go_body)),
        ):
            fast = _gozero._c_go_protobuf_bytes(obj)
            assert fast is not None, (_key(sample), origin)
            handled += 1
            python = _gozero._python_go_protobuf_bytes(obj)
            if fast != python or (fast != go_body and _key(sample) not in KNOWN_DIFFERENCES):
                mismatches[(_key(sample), origin)] = (fast == python, fast == go_body)
    assert mismatches == {}
    assert handled >= 2 * 1300


def test_crd_kinds_stay_on_the_python_path(crd_corpus):
    """JSONSchemaProps (and so every CRD) is not described to the C fill: the Python path gives Go's bytes."""
    unknown_cls = message_class("k8s.io.apimachinery.pkg.runtime.Unknown")
    checked = 0
    for sample in crd_corpus:
        if "error" in sample:
            continue
        checked += 1
        cls = _class_for(sample)
        go_body = unknown_cls.FromString(base64.b64decode(sample["protobuf"])[4:]).raw
        obj = cls.FromString(go_body)
        assert _gozero._c_go_protobuf_bytes(obj) is None
        assert _gozero.go_protobuf_bytes(obj) == go_body
    assert checked >= 4


def test_c_json_gives_go_json_for_every_sample(corpus):
    handled, mismatches = 0, {}
    unknown_cls = message_class("k8s.io.apimachinery.pkg.runtime.Unknown")
    for sample in corpus:
        if "error" in sample:
            continue
        cls = _class_for(sample)
        from_proto = cls.FromString(unknown_cls.FromString(base64.b64decode(sample["protobuf"])[4:]).raw)
        if "kind" in cls.DESCRIPTOR.fields_by_name:
            from_proto.get_object_kind().set_group_version_kind(
                GroupVersionKind(sample["group"], sample["version"], sample["kind"])
            )
        go_text = json.dumps(sample["json_via_protobuf"])  # Go's members, in Go's order
        for origin, obj in (
            ("json", _jsonconv.decode(cls, json.loads(json.dumps(sample["json"])))),
            ("protobuf", from_proto),
        ):
            fast = _jsonaccel.to_json(obj)
            assert fast is not None, (_key(sample), origin)
            handled += 1
            if fast != _gojson.dumps(_jsonconv.encode(obj)) or json.dumps(json.loads(fast)) != go_text:
                mismatches[(_key(sample), origin)] = fast
    assert mismatches == {}
    assert handled >= 2 * 1300
