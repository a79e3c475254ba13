"""apimachinery's last-applied tests (util/managedfields/internal/lastappliedmanager_test.go), read from its Go
source in the module cache and run through the port with managedfieldstest's TestFieldManager: for Deployments,
Services, ReplicationControllers and Pods, an object written by a client-side apply (with its last-applied
annotation) and then server-side applied by kubectl or another manager gives exactly the conflicts Go's table
expects (the same StatusError), a forced apply resolves them, and the live object ends up holding the applied
fields."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess

import pytest

from kubernetes_py import _goyaml
from kubernetes_py._smd import fieldpath, value
from kubernetes_py._smd.merge import Conflict, Conflicts
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.apimachinery.util.managedfields import internal, managedfieldstest
from kubernetes_py.applyconfigurations import new_type_converter
from kubernetes_py.kubernetes import scheme
from tests.conftest import REPO, _unavailable

MODULE = "k8s.io/apimachinery@v0.37.1"


def _source() -> str:
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so apimachinery's sources cannot be read")
    proc = subprocess.run(
        ["go", "mod", "download", "-json", MODULE],
        cwd=REPO / "hack" / "oracle",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    path = pathlib.Path(json.loads(proc.stdout)["Dir"]) / "pkg/util/managedfields/internal/lastappliedmanager_test.go"
    return path.read_text()


def _go_args(text: str) -> list:
    """The arguments of a fieldpath.MakePathOrDie call: string literals and KeyByFields(name, value...)."""
    out: list = []
    for m in re.finditer(r'fieldpath\.KeyByFields\(([^)]*)\)|"((?:[^"\\]|\\.)*)"', text):
        if m.group(1) is not None:
            parts = [json.loads(p.strip()) for p in m.group(1).split(",")]
            out.append(fieldpath.key_by_fields(*parts))
        else:
            out.append(json.loads(f'"{m.group(2)}"'))
    return out


def _conflict_set(text: str) -> fieldpath.Set:
    paths = []
    for m in re.finditer(r"fieldpath\.MakePathOrDie\(((?:[^()]|\([^()]*\))*)\)", text):
        paths.append(fieldpath.make_path(*_go_args(m.group(1))))
    return fieldpath.new_set(*paths)


def _tests() -> list:
    source = _source()
    out = []
    for fn in re.finditer(
        r"func (Test\w+)\(t \*testing\.T\) {\n\tf := managedfieldstest\.NewTestFieldManager\("
        r'fakeTypeConverter, schema\.FromAPIVersionAndKind\("([^"]*)", "([^"]*)"\)\)(.*?)\n}\n',
        source,
        re.S,
    ):
        name, api_version, kind, body = fn.groups()
        group, _, version = api_version.rpartition("/")
        for i, case in enumerate(re.split(r"\n\t\t}, {\n|\n\t\t},\n\t\t{\n", body)):
            # lastApplied: []byte{} is an empty document: its annotation is "{}".
            raw = {
                k: a or b
                for k, a, b in re.findall(r"(lastApplied|original|applied): \[\]byte(?:\(`([^`]*)`\)|(){})", case)
            }
            manager = re.search(r'fieldManager: "([^"]*)"', case).group(1)
            conflicts = None
            if "expectConflictSet:" in case:
                conflicts = _conflict_set(case[case.index("expectConflictSet:") :])
            out.append(
                (
                    f"{name}-{i}",
                    GroupVersionKind(group, version, kind),
                    manager,
                    raw.get("lastApplied"),
                    raw["original"],
                    raw["applied"],
                    conflicts,
                )
            )
    return out


def _derivative(applied, live) -> bool:
    """apimachinery's Semantic.DeepDerivative on decoded values: what ``applied`` sets, ``live`` has."""
    if isinstance(applied, dict):
        return isinstance(live, dict) and all(
            k in live and _derivative(v, live[k]) for k, v in applied.items() if v is not None
        )
    if isinstance(applied, list):
        return (
            isinstance(live, list)
            and len(applied) == len(live)
            and all(_derivative(a, b) for a, b in zip(applied, live))
        )
    return value.equals(applied, live)


def test_apply_using_last_applied_annotation_tables():
    cases = _tests()
    names = {c[0].rsplit("-", 1)[0] for c in cases}
    assert names == {
        "TestApplyUsingLastAppliedAnnotation",
        "TestServiceApply",
        "TestReplicationControllerApply",
        "TestPodApply",
    }
    assert len(cases) == 20
    tc = new_type_converter(scheme.Scheme)
    managers = {}
    expected_conflicts = 0
    for name, gvk, manager, last_applied, original, applied, conflict_set in cases:
        f = managers.setdefault(gvk, managedfieldstest.new_test_field_manager(tc, gvk))
        f.reset()
        original_obj = unstructured.Unstructured(_goyaml.yaml_to_json(original))
        last = _goyaml.yaml_to_json(last_applied if last_applied is not None else original) or {}
        internal.set_last_applied(original_obj, json.dumps(last, separators=(",", ":"), sort_keys=True))
        f.update(original_obj, "test_client_side_apply")
        applied_obj = unstructured.Unstructured(_goyaml.yaml_to_json(applied))
        if conflict_set is None:
            f.apply(applied_obj, manager, False)
        else:
            expected_conflicts += 1
            with pytest.raises(errors.StatusError) as info:
                f.apply(applied_obj, manager, False)
            identifier = f'{{"manager":"test_client_side_apply","operation":"Update","apiVersion":"{f.api_version()}"}}'
            expected = internal.new_conflict_error(Conflicts([Conflict(identifier, p) for p in conflict_set.iterate()]))
            assert info.value.status() == expected.status(), name
            f.apply(applied_obj, manager, True)
        assert _derivative(applied_obj.object, f.live().object), name
    assert expected_conflicts == 11
