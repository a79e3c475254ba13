"""The methods message classes have at run time, read from the source of their mixins for the stubs.

A message class gets methods from two kinds of mixin classes: those _schema gives every class by its shape
(_schema/_object.py: ``deep_copy()``, the metav1.Object accessors, ``get_object_kind()``; which ones is
render._shape_mixins, the mirror of _schema._mixins_for), and those a module of a type's Go package attaches at
import time with ``add_methods(MESSAGE, Mixin)``: metav1.Time's ``is_zero()``, Quantity's ``value()``,
IntOrString's ``int_value()``... The stubs declare them with the signatures the mixin's source writes: this module
finds the ``add_methods`` calls in the Python packages of the API's Go packages and reads each mixin class (and the
mixins it subclasses in its module) with ``ast``. The def in the mixin stays the one place a method's signature is
written; the generator does not import the package it generates for (its data may be stale or absent while it
runs), so it reads the annotations as source text, and resolves each name in them as the mixin's module does:

- a message class (``Time``, imported from a message module or stub) is the stub's own class or its import;
- a private alias of the module (``_Instant = Union[Time, MicroTime, datetime.datetime]``) is written out;
- any other name is qualified by the module it comes from (``datetime.datetime``, resource's ``Scale``);
- ``Optional[X]`` and ``Union[X, Y]`` are written ``X | None`` and ``X | Y``, as the rest of the stubs;
- a first parameter typed as the result (``def deep_copy(self: _M) -> _M``) makes the result ``Self``.

A mixin's public methods, read-only properties, static and class methods are declared, with those of the mixins of
its module it subclasses (dunder methods too, but ``__str__`` and ``__repr__``, which every class has). A public
attribute that is not a def, another decorator (a property's setter among them) and a name the resolution above
cannot place are refused, so a stub never silently lacks what the class has at run time
(tests/unit/schema/test_stub_methods.py also compares every class with its stub).
"""

from __future__ import annotations

import ast
import dataclasses
import pathlib
from collections.abc import Iterable
from typing import Protocol

# Dunder methods every class has with the same signature: not restated.
_EVERY_CLASS = frozenset({"__str__", "__repr__"})
_DECORATORS = frozenset({"property", "staticmethod", "classmethod"})


class Types(Protocol):
    """What rendering needs of a stub (render._StubTypes): how it names a message and another module's name."""

    def message(self, full_name: str) -> str: ...

    def qualified(self, module: str, name: str) -> str: ...


@dataclasses.dataclass
class Method:
    """One def of a mixin, with the module whose names its annotations use."""

    node: ast.FunctionDef
    module: SourceModule


class SourceModule:
    """A hand-written module's top-level names as a checker sees them (``if TYPE_CHECKING:`` bodies included,
    their ``else`` branches not)."""

    def __init__(self, name: str, path: pathlib.Path):
        self.name = name
        self.path = path
        self.tree = ast.parse(path.read_text(), str(path))
        self.imports: dict[str, tuple[str, str | None]] = {}  # local name -> (module, name in it; None: the module)
        self.values: dict[str, ast.expr] = {}  # local name -> the expression assigned to it
        self.classes: dict[str, ast.ClassDef] = {}
        for statement in _checker_statements(self.tree.body):
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.asname:
                        self.imports[alias.asname] = (alias.name, None)
                    else:
                        top = alias.name.partition(".")[0]
                        self.imports[top] = (top, None)
            elif isinstance(statement, ast.ImportFrom) and statement.module != "__future__":
                source = self._absolute(statement)
                for alias in statement.names:
                    self.imports[alias.asname or alias.name] = (source, alias.name)
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    self.values[target.id] = statement.value
            elif isinstance(statement, ast.ClassDef):
                self.classes[statement.name] = statement

    def _absolute(self, statement: ast.ImportFrom) -> str:
        if not statement.level:
            return statement.module or ""
        is_package = self.path.name == "__init__.py"
        parts = self.name.split(".")[: len(self.name.split(".")) - statement.level + is_package]
        return ".".join(parts + ([statement.module] if statement.module else []))

    def error(self, node: ast.AST, text: str) -> ValueError:
        return ValueError(f"{self.path}:{getattr(node, 'lineno', '?')}: {text}")

    def string_constant(self, node: ast.expr) -> str:
        """The text of a string literal or of a module constant assigned one."""
        if isinstance(node, ast.Name) and node.id in self.values:
            node = self.values[node.id]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        raise self.error(node, f"expected a message name, got {ast.unparse(node)}")

    def methods(self, class_name: str, node: ast.AST) -> dict[str, Method]:
        """The declared methods of a mixin and of the mixins of this module it subclasses (theirs first, as
        add_methods copies them), by name."""
        cls = self.classes.get(class_name)
        if cls is None:
            raise self.error(node, f"add_methods is given {class_name}, which is not a class of this module")
        out: dict[str, Method] = {}
        for base in cls.bases:
            if isinstance(base, ast.Name) and base.id in self.classes:
                out.update(self.methods(base.id, base))
        for statement in _checker_body(cls.body):
            if isinstance(statement, ast.FunctionDef):
                if _declared(statement.name):
                    out[statement.name] = Method(statement, self)
            elif isinstance(statement, ast.AnnAssign) and statement.value is None:
                continue  # a field of the message the mixin reads, declared for checkers
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                for target in targets:
                    if isinstance(target, ast.Name) and _declared(target.id):
                        raise self.error(statement, f"{class_name}.{target.id}: a mixin's stub declares defs only")
            elif not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):
                raise self.error(statement, f"{class_name}: unexpected statement in a mixin")
        return out


def _declared(name: str) -> bool:
    if name.startswith("__") and name.endswith("__"):
        return name not in _EVERY_CLASS
    return not name.startswith("_")


def _is_type_checking(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.If) and ast.unparse(statement.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _checker_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    out = []
    for statement in body:
        if _is_type_checking(statement):
            assert isinstance(statement, ast.If)
            out += _checker_statements(statement.body)
        else:
            out.append(statement)
    return out


def _checker_body(body: list[ast.stmt]) -> list[ast.stmt]:
    """A class body as a checker sees it, without ``__slots__`` (the run time's business)."""
    return [
        statement
        for statement in _checker_statements(body)
        if not (isinstance(statement, ast.Assign) and ast.unparse(statement.targets[0]) == "__slots__")
    ]


def _is_add_methods(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "add_methods") or (
        isinstance(func, ast.Attribute) and func.attr == "add_methods"
    )


def find(repo: pathlib.Path, packages: list[str]) -> dict[str, list[Method]]:
    """Message full name -> the methods add_methods attaches to it, from the modules of the given Python packages
    (``kubernetes_py.apimachinery.apis.meta.v1``...) that are hand-written directories."""
    attached: dict[str, dict[str, Method]] = {}
    for package in sorted(set(packages)):
        directory = repo / package.replace(".", "/")
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.py")):
            text = path.read_text()
            if "add_methods(" not in text or text.startswith("# Code generated"):
                continue
            module_name = package if path.name == "__init__.py" else f"{package}.{path.stem}"
            module = SourceModule(module_name, path)
            for node in ast.walk(module.tree):
                if not _is_add_methods(node):
                    continue
                assert isinstance(node, ast.Call)
                if len(node.args) != 2 or not isinstance(node.args[1], ast.Name):
                    raise module.error(node, "add_methods(MESSAGE, Mixin) with a mixin class of this module expected")
                message = module.string_constant(node.args[0])
                attached.setdefault(message, {}).update(module.methods(node.args[1].id, node))
    return {message: list(methods.values()) for message, methods in sorted(attached.items())}


class Attached:
    """The methods each message class has at run time, rendered as stub lines (names resolved as the module
    docstring says): those _schema gives every class by its shape, from the mixins of ``shapes``
    (_schema/_object.py), then those a module attaches with add_methods (``find``'s result)."""

    def __init__(
        self, methods: dict[str, list[Method]], message_modules: dict[str, dict[str, str]], shapes: SourceModule
    ):
        self.methods = methods
        # Python module -> {class name: message full name}: the generated modules, their stubs and
        # _schema.messages, where a mixin's module imports message classes from.
        self.message_modules = message_modules
        self.shapes = shapes

    def methods_for(self, full_name: str, shape_mixins: list[str]) -> list[Method]:
        """The message's methods: those of the named shape mixins, then the attached ones; a later one replaces an
        earlier one of the same name, as at run time."""
        out: dict[str, Method] = {}
        for name in shape_mixins:
            out.update(self.shapes.methods(name, self.shapes.tree))
        for method in self.methods.get(full_name, ()):
            out[method.node.name] = method
        return list(out.values())

    def render(self, methods: Iterable[Method], types: Types) -> list[str]:
        out = []
        for method in methods:
            out += self._method(method, types)
        return out

    def _method(self, method: Method, types: Types) -> list[str]:
        node = method.node
        decorators = [ast.unparse(decorator) for decorator in node.decorator_list]
        for decorator, text in zip(node.decorator_list, decorators):
            if text not in _DECORATORS:
                raise method.module.error(decorator, f"{node.name}: decorator {text} has no stub form")
        if node.returns is None:
            raise method.module.error(node, f"{node.name} has no return annotation")
        first = (node.args.posonlyargs + node.args.args)[:1]
        self_type = first[0].annotation if first and "staticmethod" not in decorators else None
        # ``def deep_copy(self: _M) -> _M`` returns the class of the object it is called on: the stub says Self.
        returns_self = self_type is not None and ast.unparse(self_type) == ast.unparse(node.returns)
        annotation = _Annotation(self, method.module, types)
        params = _parameters(node.args, annotation, method.module, returns_self)
        returns = "Self" if returns_self else annotation.text(node.returns)
        return [f"    @{text}" for text in decorators] + [f"    def {node.name}({', '.join(params)}) -> {returns}: ..."]


def _parameters(args: ast.arguments, annotation: _Annotation, module: SourceModule, self_typed: bool) -> list[str]:
    """The parameters as a stub writes them; the first one bare when unannotated or typed as the result (Self)."""
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = []
    for i, (arg, default) in enumerate(zip(positional, defaults)):
        if i == 0 and (arg.annotation is None or self_typed):
            out.append(arg.arg)  # self or cls
        else:
            out.append(_parameter(arg, default, annotation, module))
        if args.posonlyargs and i == len(args.posonlyargs) - 1:
            out.append("/")
    if args.vararg is not None:
        out.append("*" + _parameter(args.vararg, None, annotation, module))
    elif args.kwonlyargs:
        out.append("*")
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults):
        out.append(_parameter(arg, kw_default, annotation, module))
    if args.kwarg is not None:
        out.append("**" + _parameter(args.kwarg, None, annotation, module))
    return out


def _parameter(arg: ast.arg, default: ast.expr | None, annotation: _Annotation, module: SourceModule) -> str:
    if arg.annotation is None:
        raise module.error(arg, f"parameter {arg.arg} has no annotation")
    return f"{arg.arg}: {annotation.text(arg.annotation)}" + (" = ..." if default is not None else "")


class _Annotation:
    """One method's annotations written in a stub's names."""

    def __init__(self, attached: Attached, module: SourceModule, types: Types):
        self.attached = attached
        self.module = module
        self.types = types

    def text(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            if node.value is None:
                return "None"
            if isinstance(node.value, str):  # a quoted annotation
                return self.text(ast.parse(node.value, mode="eval").body)
            if node.value is Ellipsis:  # tuple[int, ...], Callable[..., T]
                return "..."
        elif isinstance(node, ast.Name):
            return self._name(node)
        elif isinstance(node, ast.Attribute):
            return self._attribute(node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return f"{self.text(node.left)} | {self.text(node.right)}"
        elif isinstance(node, ast.Subscript):
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            typing_name = self._typing_name(node.value)
            if typing_name == "Optional":
                return f"{self.text(items[0])} | None"
            if typing_name == "Union":
                return " | ".join(self.text(item) for item in items)
            return f"{self.text(node.value)}[{', '.join(self.text(item) for item in items)}]"
        elif isinstance(node, ast.List):  # Callable's parameter list
            return "[" + ", ".join(self.text(item) for item in node.elts) + "]"
        raise self.module.error(node, f"annotation {ast.unparse(node)} has no stub form")

    def _typing_name(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name) and self.module.imports.get(node.id, ("", None))[0] == "typing":
            return self.module.imports[node.id][1]
        if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "typing":
            return node.attr
        return None

    def _name(self, node: ast.Name) -> str:
        name = node.id
        if name in self.module.imports:
            source, imported = self.module.imports[name]
            if imported is None:
                raise self.module.error(node, f"module {name} used as a type")
            return self._imported(source, imported)
        if name in self.module.values and name.startswith("_"):
            return self.text(self.module.values[name])
        if name in self.module.values or name in self.module.classes:
            return self.types.qualified(self.module.name, name)
        if name in _BUILTINS:
            return name
        raise self.module.error(node, f"annotation name {name} is not defined in the module")

    def _attribute(self, node: ast.Attribute) -> str:
        dotted = ast.unparse(node.value)
        head = dotted.partition(".")[0]
        source = self.module.imports.get(head)
        if source is None or source[1] is not None:
            raise self.module.error(node, f"annotation {ast.unparse(node)} names no module's attribute")
        module = source[0] + dotted[len(head) :]
        return self._imported(module, node.attr)

    def _imported(self, module: str, name: str) -> str:
        full_name = self.attached.message_modules.get(module, {}).get(name)
        if full_name is not None:
            return self.types.message(full_name)
        return self.types.qualified(module, name)


_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "frozenset", "int", "list", "object", "set", "str", "tuple", "type"}
)
