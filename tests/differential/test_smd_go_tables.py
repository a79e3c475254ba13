"""structured-merge-diff's own test tables, read from its Go sources in the module cache and run through the
port: typed/merge_test.go (every lhs, rhs, expected merge triplet) and typed/validate_test.go (valid objects,
invalid objects, objects valid only with duplicates allowed), each under the schema the case declares."""
from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess

import pytest

from kubernetes_py._smd import typed, value
from tests.conftest import REPO, _unavailable

MODULE = "sigs.k8s.io/structured-merge-diff/v6@v6.4.2"


def _module_dir() -> pathlib.Path:
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so structured-merge-diff's sources cannot be read")
    proc = subprocess.run(["go", "mod", "download", "-json", MODULE], cwd=REPO / "hack" / "oracle",
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return pathlib.Path(json.loads(proc.stdout)["Dir"])


def _cases(source: str, table: str) -> list[str]:
    """The source text of each case of ``var <table> = []T{{ ... }}``."""
    start = source.index(f"var {table} = ")
    end = source.index("\n}\n", start)
    body = source[source.index("{{", start) + 2:end]
    return re.split(r"\n}, {\n", body)


def _raw_strings(text: str) -> list[str]:
    return re.findall(r"`([^`]*)`", text)


def _field(case: str, name: str) -> str:
    return re.search(rf'\b{name}:\s+"([^"]*)"', case).group(1)


def _merge_cases() -> list:
    source = (_module_dir() / "typed" / "merge_test.go").read_text()
    out = []
    for case in _cases(source, "mergeCases"):
        schema = _raw_strings(case[case.index("schema:"):])[0]
        strings = _raw_strings(case[case.index("triplets:"):])
        assert len(strings) % 3 == 0
        for i in range(0, len(strings), 3):
            out.append((f"{_field(case, 'name')}-{i // 3}", schema, _field(case, "rootTypeName"),
                        tuple(strings[i:i + 3])))
    return out


def _validation_cases() -> list:
    source = (_module_dir() / "typed" / "validate_test.go").read_text()
    out = []
    for case in _cases(source, "validationCases"):
        schema = _raw_strings(case[case.index("schema:"):])[0]
        sections = {}
        for kind in ("validObjects", "invalidObjects", "duplicatesObjects"):
            m = re.search(rf"{kind}: \[\]typed\.YAMLObject{{(.*?)\n\t}},", case, re.S)
            sections[kind] = _raw_strings(m.group(1)) if m else []
        for kind, objects in sections.items():
            for i, obj in enumerate(objects):
                out.append((f"{_field(case, 'name')}-{kind}-{i}", schema, _field(case, "rootTypeName"), kind, obj))
    return out


@pytest.fixture(scope="module")
def merge_cases():
    return _merge_cases()


def test_merge_tables(merge_cases):
    assert len(merge_cases) == 64  # every triplet of the six cases
    for name, schema, root, (lhs, rhs, expected) in merge_cases:
        pt = typed.new_parser(schema).type(root)
        left = pt.from_yaml(lhs, typed.AllowDuplicates)
        right = pt.from_yaml(rhs)
        out = pt.from_yaml(expected, typed.AllowDuplicates)
        got = left.merge(right)
        assert value.equals(got.as_value(), out.as_value()), (
            f"{name}: {value.to_string(got.as_value())} != {value.to_string(out.as_value())}")


def test_validation_tables():
    cases = _validation_cases()
    assert len(cases) == 81  # 22 valid, 55 invalid, 4 valid only with duplicates allowed
    kinds = set()
    for name, schema, root, kind, obj in cases:
        kinds.add(kind)
        pt = typed.new_parser(schema).type(root)
        if kind == "validObjects":
            pt.from_yaml(obj)
            continue
        with pytest.raises(typed.ValidationErrors) as info:
            pt.from_yaml(obj)
        assert "invalid atom" not in str(info.value), name
        if kind == "duplicatesObjects":
            pt.from_yaml(obj, typed.AllowDuplicates)
    assert kinds == {"validObjects", "invalidObjects", "duplicatesObjects"}


def test_merge_deduced_table():
    """typed/deduced_test.go's TestMergeDeduced triplets through DeducedParseableType."""
    source = (_module_dir() / "typed" / "deduced_test.go").read_text()
    start = source.index("func TestMergeDeduced(")
    body = source[source.index("triplets := []mergeTriplet{", start):source.index("for i, triplet := range", start)]
    strings = _raw_strings(body)
    assert len(strings) % 3 == 0 and len(strings) // 3 > 20
    pt = typed.DeducedParseableType
    for i in range(0, len(strings), 3):
        lhs, rhs, expected = strings[i:i + 3]
        got = pt.from_yaml(lhs).merge(pt.from_yaml(rhs))
        assert value.equals(got.as_value(), pt.from_yaml(expected).as_value()), (i // 3, lhs, rhs)
    for text in ('{"a": null}', '{"a": ["a", "b"]}', '{"a": {"b": [], "c": 2, "d": {"f": "string"}}}'):
        pt.from_yaml(text).validate()
