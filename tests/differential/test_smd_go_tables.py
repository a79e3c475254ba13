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

from kubernetes_py._smd import fieldpath, typed, value
from tests.conftest import REPO, _unavailable

MODULE = "sigs.k8s.io/structured-merge-diff/v6@v6.4.2"


def _module_dir() -> pathlib.Path:
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so structured-merge-diff's sources cannot be read")
    proc = subprocess.run(
        ["go", "mod", "download", "-json", MODULE],
        cwd=REPO / "hack" / "oracle",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return pathlib.Path(json.loads(proc.stdout)["Dir"])


def _cases(source: str, table: str) -> list[str]:
    """The source text of each case of ``var <table> = []T{{ ... }}``."""
    start = source.index(f"var {table} = ")
    end = source.index("\n}\n", start)
    body = source[source.index("{{", start) + 2 : end]
    return re.split(r"\n}, {\n", body)


def _raw_strings(text: str) -> list[str]:
    return re.findall(r"`([^`]*)`", text)


def _field(case: str, name: str) -> str:
    return re.search(rf'\b{name}:\s+"([^"]*)"', case).group(1)


def _merge_cases() -> list:
    source = (_module_dir() / "typed" / "merge_test.go").read_text()
    out = []
    for case in _cases(source, "mergeCases"):
        schema = _raw_strings(case[case.index("schema:") :])[0]
        strings = _raw_strings(case[case.index("triplets:") :])
        assert len(strings) % 3 == 0
        for i in range(0, len(strings), 3):
            out.append(
                (f"{_field(case, 'name')}-{i // 3}", schema, _field(case, "rootTypeName"), tuple(strings[i : i + 3]))
            )
    return out


def _validation_cases() -> list:
    source = (_module_dir() / "typed" / "validate_test.go").read_text()
    out = []
    for case in _cases(source, "validationCases"):
        schema = _raw_strings(case[case.index("schema:") :])[0]
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
            f"{name}: {value.to_string(got.as_value())} != {value.to_string(out.as_value())}"
        )


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
    body = source[source.index("triplets := []mergeTriplet{", start) : source.index("for i, triplet := range", start)]
    strings = _raw_strings(body)
    assert len(strings) % 3 == 0 and len(strings) // 3 > 20
    pt = typed.DeducedParseableType
    for i in range(0, len(strings), 3):
        lhs, rhs, expected = strings[i : i + 3]
        got = pt.from_yaml(lhs).merge(pt.from_yaml(rhs))
        assert value.equals(got.as_value(), pt.from_yaml(expected).as_value()), (i // 3, lhs, rhs)
    for text in ('{"a": null}', '{"a": ["a", "b"]}', '{"a": {"b": [], "c": 2, "d": {"f": "string"}}}'):
        pt.from_yaml(text).validate()


# --- typed/toset_test.go and typed/symdiff_test.go: their expected sets are Go expressions ---

_TOKEN = re.compile(
    r'\s*(?:(?P<name>_NS|_P|_KBF|_V)\(|(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)'
    r"|(?P<word>true|false|nil)|(?P<close>\))|(?P<comma>,))"
)


def _go_expr(text: str, pos: int = 0):
    """Evaluate one of the test helpers' expressions (_NS, _P, _KBF, _V over literals) at ``pos``; returns
    (value, next position)."""
    m = _TOKEN.match(text, pos)
    assert m, text[pos : pos + 40]
    pos = m.end()
    if m.group("str"):
        return json.loads(m.group("str")), pos
    if m.group("num"):
        num = m.group("num")
        return (float(num) if "." in num else int(num)), pos
    if m.group("word"):
        return {"true": True, "false": False, "nil": None}[m.group("word")], pos
    assert m.group("name"), text[pos - 5 : pos + 40]
    args = []
    while True:
        close = re.compile(r"\s*\)").match(text, pos)
        if close:
            pos = close.end()
            break
        arg, pos = _go_expr(text, pos)
        args.append(arg)
        comma = re.compile(r"\s*,").match(text, pos)
        if comma:
            pos = comma.end()
    name = m.group("name")
    if name == "_NS":
        return fieldpath.new_set(*args), pos
    if name == "_P":
        return fieldpath.make_path(
            *(fieldpath.value_element(a.value) if isinstance(a, _Value) else a for a in args)
        ), pos
    if name == "_KBF":
        return fieldpath.key_by_fields(*(a.value if isinstance(a, _Value) else a for a in args)), pos
    return _Value(args[0]), pos


class _Value:
    """value.NewValueInterface(x): in a path, a set item's value."""

    def __init__(self, v):
        self.value = v


def _cases_with_schema(source: str, table: str) -> list:
    out = []
    for case in _cases(source, table):
        out.append(
            (_field(case, "name"), _raw_strings(case[case.index("schema:") :])[0], _field(case, "rootTypeName"), case)
        )
    return out


def test_to_field_set_tables():
    source = (_module_dir() / "typed" / "toset_test.go").read_text()
    count = 0
    for name, schema, root, case in _cases_with_schema(source, "fieldsetCases"):
        pt = typed.new_parser(schema).type(root)
        body = case[case.index("pairs:") :]
        for m in re.finditer(r"{`([^`]*)`, ", body):
            expected, _ = _go_expr(body, m.end())
            got = pt.from_yaml(m.group(1), typed.AllowDuplicates).to_field_set()
            assert got.equals(expected), f"{name}: {m.group(1)}\n{got}\n!=\n{expected}"
            count += 1
    assert count == 29


def test_symdiff_tables():
    source = (_module_dir() / "typed" / "symdiff_test.go").read_text()
    count = 0
    for name, schema, root, case in _cases_with_schema(source, "symdiffCases"):
        pt = typed.new_parser(schema).type(root)
        body = re.sub(r"(?m)^\s*//.*$", "", case[case.index("quints:") :])  # Go comment lines
        for m in re.finditer(r"lhs:\s*`([^`]*)`,\s*rhs:\s*`([^`]*)`,\s*removed:\s*", body):
            removed, pos = _go_expr(body, m.end())
            pos = re.compile(r"\s*,\s*modified:\s*").match(body, pos).end()
            modified, pos = _go_expr(body, pos)
            pos = re.compile(r"\s*,\s*added:\s*").match(body, pos).end()
            added, pos = _go_expr(body, pos)
            lhs = pt.from_yaml(m.group(1), typed.AllowDuplicates)
            rhs = pt.from_yaml(m.group(2), typed.AllowDuplicates)
            got = lhs.compare(rhs)
            where = f"{name}: {m.group(1)} -> {m.group(2)}"
            assert got.added.equals(added), f"{where}: added {got.added}"
            assert got.modified.equals(modified), f"{where}: modified {got.modified}"
            assert got.removed.equals(removed), f"{where}: removed {got.removed}"
            back = rhs.compare(lhs)
            assert (
                back.modified.equals(got.modified) and back.removed.equals(got.added) and back.added.equals(got.removed)
            ), where
            count += 1
    assert count == 84  # every quint of the table


def test_remove_and_extract_tables():
    """typed/remove_test.go: RemoveItems and ExtractItems of a set from each object."""
    source = (_module_dir() / "typed" / "remove_test.go").read_text()
    schemas = dict(re.findall(r"var (\w+Schema) = `([^`]*)`", source))
    count = 0
    for case in _cases(source, "removeCases"):
        name = _field(case, "name")
        schema = schemas[re.search(r"schema:\s+typed\.YAMLObject\((\w+)\)", case).group(1)]
        pt = typed.new_parser(schema).type(_field(case, "rootTypeName"))
        body = re.sub(r"(?m)^\s*//.*$", "", case[case.index("quadruplets:") :])
        body = re.sub(r"(?m),[ \t]*//.*$", ",", body)  # comments after a field
        for m in re.finditer(r"{\s*`([^`]*)`,\s*", body):
            items, pos = _go_expr(body, m.end())
            outputs = re.compile(r"\s*,\s*`([^`]*)`,\s*`([^`]*)`").match(body, pos)
            removed, extracted = outputs.groups()
            tv = pt.from_yaml(m.group(1))
            if removed != "unparseable":
                got = tv.remove_items(items).as_value()
                assert value.equals(got, pt.from_yaml(removed).as_value()), f"{name}: remove {m.group(1)}: {got}"
            if extracted != "unparseable":
                got = tv.extract_items(items).as_value()
                assert value.equals(got, pt.from_yaml(extracted).as_value()), f"{name}: extract {m.group(1)}: {got}"
            count += 1
    assert count == 59  # every quadruplet of the table


def test_reconcile_field_set_with_schema_table():
    """typed/reconcile_schema_test.go: managed field sets made to fit a schema whose atomicity changed."""
    source = (_module_dir() / "typed" / "reconcile_schema_test.go").read_text()
    templates = dict(
        re.findall(
            r"func (\w+Schema)\(version string\) typed\.YAMLObject {\n"
            r"\treturn typed\.YAMLObject\(fmt\.Sprintf\(`([^`]*)`, version\)\)",
            source,
        )
    )
    objects = dict(re.findall(r"(?:var|const) (\w+) = typed\.YAMLObject\(`([^`]*)`\)", source))
    assert set(templates) == {"granularSchema", "atomicSchema"} and "basicLiveObject" in objects
    count = changed = 0
    for case in _cases(source, "reconcileCases"):
        name = _field(case, "name")
        fn, version = re.search(r'newSchema:\s+(\w+)\("([^"]*)"\)', case).groups()
        pt = typed.new_parser(templates[fn].replace("%s", version)).type(_field(case, "rootTypeName"))
        live = re.search(r"liveObject:\s+(?:typed\.YAMLObject\(`([^`]*)`\)|(\w+))", case)
        tv = pt.from_yaml(live.group(1) if live.group(1) is not None else objects[live.group(2)])
        old, _ = _go_expr(case, re.search(r"oldFields:\s*", case).end())
        fixed, _ = _go_expr(case, re.search(r"fixedFields:\s*", case).end())
        got = typed.reconcile_field_set_with_schema(old, tv)
        if fixed is None:
            assert got is None, f"{name}: {got}"
        else:
            assert got is not None and got.equals(fixed), f"{name}: {got}"
            changed += 1
        count += 1
    assert (count, changed) == (7, 2)
