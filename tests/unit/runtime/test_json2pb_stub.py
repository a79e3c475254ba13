"""The type stub of the C extension (_json2pb.pyi) declares exactly what the built extension exports, so that a
new function or constant in csrc/json2pb is typed (or a removed one noticed) in the same change."""

import ast
import pathlib

import pytest

from kubernetes_py.apimachinery.runtime import _jsonaccel

STUB = pathlib.Path(_jsonaccel.__file__).with_name("_json2pb.pyi")


def _stub_names() -> tuple[set[str], set[str]]:
    """(module-level names, Schema's methods) the stub declares."""
    tree = ast.parse(STUB.read_text())
    names: set[str] = set()
    methods: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
            if isinstance(node, ast.ClassDef) and node.name == "Schema":
                methods = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    return names, methods


def test_the_stub_declares_what_the_extension_exports():
    if not _jsonaccel.AVAILABLE:
        pytest.skip("the _json2pb C extension is not built")
    c = _jsonaccel._json2pb
    exported = {n for n in dir(c) if not n.startswith("_")}
    names, methods = _stub_names()
    assert names - {"Description"} == exported
    assert methods == {n for n in dir(c.Schema) if not n.startswith("_")}
