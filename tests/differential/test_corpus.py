"""Every kind of client-go's scheme, randomly filled by Go (hack/oracle/cmd/corpus), against our encoders.

For each sample the oracle prints Go's JSON, Go's JSON after a protobuf round trip (protobuf has no
nil-versus-empty distinction for lists and maps, and neither do our objects), and Go's protobuf bytes.
"""

from __future__ import annotations

import base64
import json
import subprocess

import pytest

from kubernetes_py._schema import gotypes, message_class
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import _gozero, _jsonconv
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.kubernetes import scheme

pytestmark = pytest.mark.differential

# Samples Go itself cannot hold in our object model, with the reason (checked to still differ below).
KNOWN_DIFFERENCES = {
    # map[string][]byte with a nil value: Go writes the map entry without its value field; a protobuf
    # map entry always carries its value, so our bytes have two more (an empty value).
    ("", "v1", "Secret", "sparse-0"): "nil []byte map value",
    ("", "v1", "Secret", "sparse-1"): "nil []byte map value",
}


def _samples(go_oracle, *args):
    binary = go_oracle("corpus")
    out = subprocess.run([str(binary), *args], capture_output=True, check=True, timeout=300).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="module")
def corpus(go_oracle):
    return _samples(go_oracle)


@pytest.fixture(scope="module")
def crd_corpus(go_oracle):
    return _samples(go_oracle, "-apiextensions", "-kinds", "CustomResourceDefinition,CustomResourceDefinitionList")


def _class_for(sample):
    gt = gotypes.load()
    for kind in gt.scheme_kinds:
        if (kind.group, kind.version, kind.kind) == (sample["group"], sample["version"], sample["kind"]):
            return _jsonconv.message_class_for_go_type(kind.type)
    raise AssertionError(f"no scheme kind {sample['group']}/{sample['version']} {sample['kind']}")


def _key(sample):
    return sample["group"], sample["version"], sample["kind"], sample["variant"]


def _same_json(ours, go) -> bool:
    """Equal JSON with members in the same order (Go's struct order, map keys sorted): ``go`` was read from
    Go's output, and json.loads keeps the order it read."""
    return json.dumps(ours) == json.dumps(go)


def _check(samples):
    """(passed keys, {key: failure}) over the samples Go could produce."""
    unknown_cls = message_class("k8s.io.apimachinery.pkg.runtime.Unknown")
    passed, failed = [], {}
    for sample in samples:
        if "error" in sample:
            continue
        key = _key(sample)
        cls = _class_for(sample)
        go_proto = base64.b64decode(sample["protobuf"])
        go_body = unknown_cls.FromString(go_proto[4:]).raw
        from_json = _jsonconv.decode(cls, json.loads(json.dumps(sample["json"])))
        problems = []
        if not _same_json(_jsonconv.encode(from_json), sample["json_via_protobuf"]):
            problems.append("JSON differs")
        if _gozero.go_protobuf_bytes(from_json) != go_body:
            problems.append("protobuf body differs")
        from_proto = cls.FromString(go_body)
        if "kind" in cls.DESCRIPTOR.fields_by_name:
            # TypeMeta travels in the envelope, not the body: the serializer sets it after decoding.
            from_proto.get_object_kind().set_group_version_kind(
                GroupVersionKind(sample["group"], sample["version"], sample["kind"])
            )
        if not _same_json(_jsonconv.encode(from_proto), sample["json_via_protobuf"]):
            problems.append("JSON of the protobuf-decoded object differs")
        if _gozero.go_protobuf_bytes(from_proto) != go_body:
            problems.append("protobuf of the protobuf-decoded object differs")
        if problems:
            failed[key] = problems
        else:
            passed.append(key)
    return passed, failed


def test_corpus_covers_every_scheme_kind(corpus):
    known = {(g.group, g.version, g.kind) for g in scheme.Scheme.all_known_types() if g.version != "__internal"}
    sampled = {s[:3] for s in map(_key, corpus)}
    # The oracle emits each Go type once: kinds every group version registers (ListOptions, WatchEvent...)
    # appear under one group version only. Every distinct type must be there.
    ours = {}
    for gvk, t in scheme.Scheme.all_known_types().items():
        ours.setdefault(t, set()).add((gvk.group, gvk.version, gvk.kind))
    missing = [sorted(gvks)[0] for t, gvks in ours.items() if not gvks & sampled]
    assert missing == []
    assert len(sampled) >= 300
    assert sampled <= known


def test_every_kind_matches_go_json_and_protobuf(corpus):
    passed, failed = _check(corpus)
    unexpected = {k: v for k, v in failed.items() if k not in KNOWN_DIFFERENCES}
    assert unexpected == {}
    kinds = {k[:3] for k in passed}
    assert len(kinds) >= 339
    # The known differences are still there (if Go changes, this list must shrink).
    assert set(failed) == set(KNOWN_DIFFERENCES)


def test_apiextensions_kinds_match_go(crd_corpus):
    passed, failed = _check(crd_corpus)
    assert failed == {}
    assert {k[2] for k in passed} == {"CustomResourceDefinition", "CustomResourceDefinitionList"}


def test_protobuf_serializer_writes_go_envelope(corpus):
    """The whole k8s\\x00 + runtime.Unknown envelope equals Go's, and decodes back to an equal object."""
    info = next(i for i in scheme.Codecs.supported_media_types() if i.media_type == runtime.ContentTypeProtobuf)
    checked = 0
    for sample in corpus:
        if "error" in sample or _key(sample) in KNOWN_DIFFERENCES:
            continue
        cls = _class_for(sample)
        obj = _jsonconv.decode(cls, json.loads(json.dumps(sample["json"])))
        if not hasattr(obj, "get_object_kind") or not obj.DESCRIPTOR.fields_by_name.get("kind"):
            continue
        gvk = GroupVersionKind(sample["group"], sample["version"], sample["kind"])
        obj.get_object_kind().set_group_version_kind(gvk)
        go_bytes = base64.b64decode(sample["protobuf"])
        assert runtime.encode(info.serializer, obj) == go_bytes, _key(sample)
        back, back_gvk = info.serializer.decode(go_bytes)
        assert back_gvk == gvk
        assert _jsonconv.encode(back) == sample["json_via_protobuf"]
        checked += 1
    assert checked >= 1000
