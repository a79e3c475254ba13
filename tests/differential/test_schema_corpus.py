"""The schema against what Go itself serializes (hack/oracle/cmd/corpus: randomly filled objects of every
client-go scheme kind and apiextensions, as Go's protobuf and JSON bytes).

* protobuf: every body parses into our message class with no unknown field, and re-serializes to Go's
  exact bytes (deterministic map order, as Go sorts map keys);
* JSON: every member Go writes is described by gotypes.json (names, inlining, nesting, Go kinds), and
  every field without omitempty/omitzero is always written, as its json_options say.
"""

from __future__ import annotations

import base64
import json
import subprocess

import pytest

from kubernetes_py import _schema
from kubernetes_py._schema import gotypes

pytestmark = pytest.mark.differential

GO = gotypes.load()
UNKNOWN = _schema.message_class("k8s.io.apimachinery.pkg.runtime.Unknown")
INT_KINDS = {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"}


@pytest.fixture(scope="module")
def corpus(go_oracle):
    binary = go_oracle("corpus")
    proc = subprocess.run([str(binary), "-apiextensions", "-sparse", "3"], capture_output=True, text=True, check=True)
    samples = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(samples) > 1000
    return samples


def _kind_type(sample) -> gotypes.GoType:
    for kind in GO.scheme_kinds:
        if (kind.group, kind.version, kind.kind) == (sample["group"], sample["version"], sample["kind"]):
            return GO.types[kind.type]
    raise AssertionError(f"{sample['group']}/{sample['version']} {sample['kind']} is not in gotypes scheme_kinds")


def _has_empty_bytes_map_value(message) -> bool:
    """Go omits an empty []byte map value on the wire where protobuf writes an empty field."""
    for field, value in message.ListFields():
        entry = field.message_type
        if entry is not None and entry.GetOptions().map_entry:
            value_field = entry.fields_by_name["value"]
            if value_field.type == value_field.TYPE_BYTES and any(v == b"" for v in value.values()):
                return True
            if value_field.message_type is not None and any(_has_empty_bytes_map_value(v) for v in value.values()):
                return True
        elif field.message_type is not None:
            items = value if field.is_repeated else [value]
            if any(_has_empty_bytes_map_value(item) for item in items):
                return True
    return False


def test_protobuf_bodies_round_trip_byte_for_byte(corpus):
    checked = 0
    for sample in corpus:
        if "protobuf" not in sample:
            continue
        data = base64.b64decode(sample["protobuf"])
        assert data[:4] == b"k8s\x00"
        envelope = UNKNOWN.FromString(data[4:])
        assert envelope.SerializeToString(deterministic=True) == data[4:]
        go_type = _kind_type(sample)
        obj = _schema.message_class(go_type.proto).FromString(envelope.raw)
        before = obj.SerializeToString(deterministic=True)
        obj.DiscardUnknownFields()
        label = f"{sample['kind']} {sample['variant']}"
        assert obj.SerializeToString(deterministic=True) == before, f"{label}: fields unknown to the schema"
        if before != envelope.raw:
            assert _has_empty_bytes_map_value(obj), f"{label}: bytes differ from Go's"
            assert type(obj).FromString(before) == obj
        checked += 1
    assert checked > 1000


def _check(value, expr: str, path: str, problems: list[str]) -> None:
    t = gotypes.parse_type(expr)
    if t.op == "pointer":
        if value is not None:
            _check(value, str(t.elem), path, problems)
        return
    if t.op == "slice":
        if value is None:
            return
        if str(t.elem) in ("byte", "uint8"):
            if not isinstance(value, str):
                problems.append(f"{path}: []byte is not base64 text: {value!r}")
            return
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list for {expr}")
            return
        for i, item in enumerate(value):
            _check(item, str(t.elem), f"{path}[{i}]", problems)
        return
    if t.op == "map":
        if value is None:
            return
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object for {expr}")
            return
        for key, item in value.items():
            _check(item, str(t.elem), f"{path}[{key!r}]", problems)
        return
    if t.op == "basic":
        ok = {
            "string": isinstance(value, str),
            "bool": isinstance(value, bool),
            "float64": isinstance(value, (int, float)) and not isinstance(value, bool),
            "float32": isinstance(value, (int, float)) and not isinstance(value, bool),
        }.get(t.name, isinstance(value, int) and not isinstance(value, bool) if t.name in INT_KINDS else True)
        if not ok:
            problems.append(f"{path}: {value!r} is not a Go {t.name}")
        return
    go_type = GO.types.get(t.name)
    if go_type is None:
        problems.append(f"{path}: gotypes has no type {t.name}")
        return
    if go_type.custom_json or go_type.kind == "interface":
        return
    if go_type.kind != "struct":
        _check(value, go_type.underlying, path, problems)
        return
    if not isinstance(value, dict):
        problems.append(f"{path}: expected an object for {t.name}")
        return
    members = _members(go_type)
    for key, item in value.items():
        field = members.get(key)
        if field is None:
            problems.append(f"{path}: Go wrote {key!r}, which {t.name} does not describe")
            continue
        _check(item, field.type, f"{path}.{key}", problems)
    for key, field in members.items():
        if not field.omitempty and not field.omitzero and key not in value:
            problems.append(f"{path}: {t.name}.{field.name} has no omitempty but Go did not write {key!r}")


def _members(go_type: gotypes.GoType) -> dict[str, gotypes.GoField]:
    """JSON member name -> Go field, with inlined embedded structs flattened as encoding/json does."""
    members = {}
    for field in go_type.fields:
        if field.skipped:
            continue
        if field.inline:
            members.update(_members(GO.types[field.type.lstrip("*")]))
        else:
            members[field.json] = field
    return members


def test_json_matches_the_go_type_data(corpus):
    problems: list[str] = []
    checked = 0
    for sample in corpus:
        if "json" not in sample:
            continue
        go_type = _kind_type(sample)
        _check(sample["json"], go_type.name, f"{sample['kind']}({sample['variant']})", problems)
        checked += 1
    assert problems == []
    assert checked > 1000


def test_every_scheme_kind_is_in_the_corpus(corpus):
    seen = {(s["group"], s["version"], s["kind"]) for s in corpus}
    types_seen = {_kind_type(s).name for s in corpus}
    for kind in GO.scheme_kinds:
        if kind.version == "__internal" or not GO.types[kind.type].proto:
            continue
        assert (kind.group, kind.version, kind.kind) in seen or kind.type in types_seen, kind
