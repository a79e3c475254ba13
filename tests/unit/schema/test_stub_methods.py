"""The message stubs declare what the message classes have at run time: every public method and property a class
holds (the schema's, and the Go methods a module attaches with add_methods: Time.is_zero, Quantity.value...) is
declared by its stub class, a method with the same parameters; and the stub generator reads a mixin's signatures
from its source as the rules of hack/codegen/mixins.py say, refusing what it cannot declare."""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pathlib
import re
import sys
import textwrap

import pytest

from kubernetes_py import _schema

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _attaching_modules() -> list[str]:
    """Every module that calls add_methods (the schema's own definition aside)."""
    out = []
    for path in sorted((ROOT / "kubernetes_py").rglob("*.py")):
        if "add_methods(" in path.read_text() and path != ROOT / "kubernetes_py/_schema/__init__.py":
            parts = path.relative_to(ROOT).with_suffix("").parts
            out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def _stub(proto_package: str) -> pathlib.Path:
    path = ROOT / _schema.python_module_for_package(proto_package).replace(".", "/")
    for stub in (path / "generated.pyi", path.with_suffix(".pyi")):
        if stub.is_file():
            return stub
    return ROOT / "kubernetes_py/_schema/messages.pyi"


@functools.lru_cache(maxsize=None)
def _stub_classes(stub: pathlib.Path) -> dict[str, dict[str, ast.stmt]]:
    """Class name -> its declared names (fields and methods) -> the declaration."""
    out: dict[str, dict[str, ast.stmt]] = {}
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.ClassDef):
            declared: dict[str, ast.stmt] = {}
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    declared[item.target.id] = item
                elif isinstance(item, ast.FunctionDef):
                    declared[item.name] = item
            out[node.name] = declared
    return out


def _runtime_parameters(value: object) -> list[str] | None:
    function = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
    if not inspect.isfunction(function):
        return None  # a promoted field's or keyword field's property (a functools.partial): a field in the stub
    return list(inspect.signature(function).parameters)


def _stub_parameters(node: ast.FunctionDef) -> list[str]:
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args]
    names += [args.vararg.arg] if args.vararg else []
    names += [a.arg for a in args.kwonlyargs]
    return names + ([args.kwarg.arg] if args.kwarg else [])


def test_every_method_of_a_message_class_is_declared_by_its_stub():
    modules = _attaching_modules()
    assert {"kubernetes_py.apimachinery.apis.meta.v1.time", "kubernetes_py.apimachinery.api.resource.quantity"} <= set(
        modules
    )
    for module in modules:
        importlib.import_module(module)
    problems = []
    checked: dict[str, set[str]] = {}
    for full_name, cls in _schema.all_message_classes().items():
        proto_package, _, name = full_name.rpartition(".")
        declared = _stub_classes(_stub(proto_package))[name]
        for attr, value in vars(cls).items():
            if attr.startswith("_") or attr == "DESCRIPTOR":
                continue
            checked.setdefault(full_name, set()).add(attr)
            if attr not in declared:
                problems.append(f"{full_name}.{attr} is not in its stub")
                continue
            parameters = _runtime_parameters(value)
            node = declared[attr]
            if parameters is not None and not (
                isinstance(node, ast.FunctionDef) and _stub_parameters(node) == parameters
            ):
                problems.append(f"{full_name}.{attr}: the stub's parameters differ from {parameters}")
    assert problems == []
    assert {"is_zero", "before", "rfc3339_copy", "unix_nano"} <= checked["k8s.io.apimachinery.pkg.apis.meta.v1.Time"]
    assert {"value", "format", "as_dec"} <= checked["k8s.io.apimachinery.pkg.api.resource.Quantity"]
    assert {"int_value", "str_val"} <= checked["k8s.io.apimachinery.pkg.util.intstr.IntOrString"]


@pytest.fixture(scope="module")
def mixins():
    sys.path.insert(0, str(ROOT / "hack"))
    try:
        from codegen import mixins
    finally:
        sys.path.remove(str(ROOT / "hack"))
    return mixins


class _Types:
    """A stub that declares the messages of k8s.io.toy: others are imported."""

    def __init__(self) -> None:
        self.imports: dict[str, str] = {}

    def message(self, full_name: str) -> str:
        package, _, name = full_name.rpartition(".")
        return name if package == "k8s.io.toy" else self.qualified("messages", name)

    def qualified(self, module: str, name: str) -> str:
        self.imports[module] = "_" + module.replace(".", "_")
        return f"_{module.replace('.', '_')}.{name}"


TOY = '''\
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Optional, Union

from kubernetes_py._schema import add_methods
from .units import Unit

if TYPE_CHECKING:
    from toy.generated import Thing as Thing
    from toy.generated import Other
else:
    Thing = object

THING = "k8s.io.toy.Thing"
_When = Union[Thing, datetime.datetime]
Public = int


class _Base(Thing):
    def before(self, u: Optional[_When], *, strict: bool = False) -> bool:
        return False


class _Methods(_Base):
    """Toy methods."""

    def _helper(self) -> None: ...

    def __str__(self) -> str: ...

    def __lt__(self, other: Thing) -> bool: ...

    @property
    def unit(self) -> Unit: ...

    @staticmethod
    def parse(text: str, /, *values: "Public", **options: Any) -> list[Other]: ...

    def before(self, u: Optional[_When], *, strict: bool = False) -> bool:
        return True


add_methods(THING, _Methods)
'''


SHAPES = """\
from typing import TypeVar

_M = TypeVar("_M")


class CommonMethods:
    __slots__ = ()

    def deep_copy(self: _M) -> _M: ...

    def before(self, u: int) -> bool: ...
"""


def _toy(tmp_path: pathlib.Path, source: str) -> pathlib.Path:
    package = tmp_path / "toy"
    package.mkdir()
    (package / "methods.py").write_text(textwrap.dedent(source))
    (package / "shapes.py").write_text(SHAPES)
    return tmp_path


def _attached(mixins, root: pathlib.Path, message_modules: dict[str, dict[str, str]]):
    found = mixins.find(root, ["toy", "absent"])
    return mixins.Attached(found, message_modules, mixins.SourceModule("toy.shapes", root / "toy" / "shapes.py"))


def test_the_generator_reads_a_mixins_signatures_and_names(tmp_path, mixins):
    attached = _attached(
        mixins, _toy(tmp_path, TOY), {"toy.generated": {"Thing": "k8s.io.toy.Thing", "Other": "k8s.io.other.Other"}}
    )
    assert list(attached.methods) == ["k8s.io.toy.Thing"]
    methods = attached.methods_for("k8s.io.toy.Thing", ["CommonMethods"])
    assert [m.node.name for m in methods] == ["deep_copy", "before", "__lt__", "unit", "parse"]
    types = _Types()
    assert attached.render(methods, types) == [
        "    def deep_copy(self) -> Self: ...",
        "    def before(self, u: Thing | _datetime.datetime | None, *, strict: bool = ...) -> bool: ...",
        "    def __lt__(self, other: Thing) -> bool: ...",
        "    @property",
        "    def unit(self) -> _toy_units.Unit: ...",
        "    @staticmethod",
        "    def parse(text: str, /, *values: _toy_methods.Public, **options: _typing.Any)"
        " -> list[_messages.Other]: ...",
    ]
    assert types.imports == {
        "datetime": "_datetime",
        "toy.units": "_toy_units",
        "toy.methods": "_toy_methods",
        "typing": "_typing",
        "messages": "_messages",
    }
    assert attached.render(attached.methods_for("k8s.io.toy.Absent", ["CommonMethods"]), types) == [
        "    def deep_copy(self) -> Self: ...",
        "    def before(self, u: int) -> bool: ...",
    ]


@pytest.mark.parametrize(
    "change, error",
    [
        (("other: Thing) -> bool", "other) -> bool"), "parameter other has no annotation"),
        (
            ("def __lt__(self, other: Thing) -> bool", "def __lt__(self, other: Thing)"),
            "__lt__ has no return annotation",
        ),
        (("other: Thing", "other: Missing"), "annotation name Missing is not defined in the module"),
        (("other: Thing", "other: datetime"), "module datetime used as a type"),
        (('"""Toy methods."""', "limit = 3"), "_Methods.limit: a mixin's stub declares defs only"),
        (("@property", "@functools.cache"), "unit: decorator functools.cache has no stub form"),
        (("    @staticmethod", "    @unit.setter"), "parse: decorator unit.setter has no stub form"),
        (("add_methods(THING, _Methods)", "add_methods(THING, Public)"), "add_methods is given Public"),
        (("add_methods(THING, _Methods)", "add_methods(3, _Methods)"), "expected a message name, got 3"),
    ],
)
def test_the_generator_refuses_what_it_cannot_declare(tmp_path, mixins, change, error):
    source = TOY.replace(*change)
    assert source != TOY
    with pytest.raises(ValueError, match="methods.py:[0-9]+: " + re.escape(error)):
        attached = _attached(mixins, _toy(tmp_path, source), {})
        attached.render(attached.methods_for("k8s.io.toy.Thing", []), _Types())
