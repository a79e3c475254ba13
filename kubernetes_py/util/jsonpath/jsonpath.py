"""Evaluate a JSONPath template over data (client-go util/jsonpath jsonpath.go).

Data is what JSON decodes to (dicts, lists, strings, ints, floats, bools, None), typed API objects and unstructured
objects (read as their JSON form), and dataclass instances (Go structs: fields in declaration order, named by a
``json`` entry of the field's metadata or by the field's name). A dict is a Go map: its keys print sorted in JSON,
and ``*`` and ``..`` visit them in the dict's order (Go visits them in random order).

Filters compare as Go's text/template does: strings with strings, ints with ints, floats with floats (anything else
is "incompatible types for comparison", None and containers "invalid type for comparison"). One difference follows
from the data: Go decodes every JSON number to a float64, so against decoded JSON it refuses ``@.n>1`` (an int
literal) and takes ``@.n>1.0``; Python decodes integral numbers to ints, which compare with int literals.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any, Callable, List, Optional, Tuple

from kubernetes_py._go.fmt import go_sprint, go_type_name
from kubernetes_py._go.json.encode import go_json_float, go_json_string
from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter
from kubernetes_py.apimachinery.runtime.interfaces import is_message, is_unstructured

from .node import (
    ArrayNode,
    BoolNode,
    FieldNode,
    FilterNode,
    FloatNode,
    IdentifierNode,
    IntNode,
    ListNode,
    Node,
    RecursiveNode,
    TextNode,
    UnionNode,
    WildcardNode,
)
from .parser import Parser, parse

__all__ = ["JSONPath", "new"]

Results = List[Any]
_Eval = Tuple[Results, Optional[Exception]]


class JSONPath:
    """A parsed template (Go's *JSONPath): ``parse`` it, then ``execute`` it over data."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser: Optional[Parser] = None
        self._begin_range = 0
        self._in_range = 0
        self._end_range = 0
        self._last_end_node: Optional[Node] = None
        self._allow_missing_keys = False
        self._output_json = False

    def allow_missing_keys(self, allow: bool) -> JSONPath:
        """Whether a missing field or key gives an empty result rather than an error; returns self."""
        self._allow_missing_keys = allow
        return self

    def enable_json_output(self, v: bool) -> None:
        """Print each group of results as one indented JSON array."""
        self._output_json = v

    def parse(self, text: str) -> None:
        """Parse the template; raises ValueError with Go's message."""
        self.parser = parse(self.name, text)

    def execute(self, wr: Any, data: Any) -> None:
        """Write the template's output for ``data`` to ``wr`` (anything with ``write(str)``); raises ValueError."""
        for results in self.find_results(data):
            self.print_results(wr, results)

    def execute_to_string(self, data: Any) -> str:
        """The template's output for ``data``."""
        buf = io.StringIO()
        self.execute(buf, data)
        return buf.getvalue()

    def find_results(self, data: Any) -> List[Results]:
        """The results of each part of the template, one list per part (a range gives one per element)."""
        if self.parser is None:
            raise ValueError(f"{self.name} is an incomplete jsonpath template")
        cur = [_as_value(data)]
        nodes = self.parser.root.nodes
        full_result: List[Results] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            results, err = self._walk(cur, node)
            if err is not None:
                raise err
            if 0 < self._end_range <= self._in_range:
                self._end_range -= 1
                self._last_end_node = nodes[i]
                break
            if self._begin_range > 0:
                self._begin_range -= 1
                self._in_range += 1
                if results:
                    for value in results:
                        self.parser.root.nodes = nodes[i + 1 :]
                        full_result.extend(self.find_results(value))
                else:
                    self.parser.root.nodes = nodes[i + 1 :]
                    self.find_results(None)
                self._in_range -= 1
                for k in range(i + 1, len(nodes)):
                    if nodes[k] is self._last_end_node:
                        i = k
                        break
                i += 1
                continue
            full_result.append(results)
            i += 1
        return full_result

    def print_results(self, wr: Any, results: Results) -> None:
        """Write one group of results: JSON for maps, lists and structs, text otherwise, separated by spaces."""
        if self._output_json:
            results = [list(results)]
        for i, r in enumerate(results):
            if self._output_json:
                text = _marshal(r, "    ", 0) + "\n"
            elif _is_composite(r):
                text = _marshal(r, None, 0)
            else:
                text = _eval_to_text(r)
            if i != len(results) - 1:
                text += " "
            wr.write(text)

    # evaluation; each returns (results, error) as Go does, for filters look at results of failed steps

    def _walk(self, value: Results, node: Node) -> _Eval:
        if isinstance(node, ListNode):
            return self._eval_list(value, node)
        if isinstance(node, TextNode):
            return [node.text], None
        if isinstance(node, FieldNode):
            return self._eval_field(value, node)
        if isinstance(node, ArrayNode):
            return self._eval_array(value, node)
        if isinstance(node, FilterNode):
            return self._eval_filter(value, node)
        if isinstance(node, (IntNode, BoolNode, FloatNode)):
            return [node.value for _ in value], None
        if isinstance(node, WildcardNode):
            return self._eval_wildcard(value), None
        if isinstance(node, RecursiveNode):
            return self._eval_recursive(value), None
        if isinstance(node, UnionNode):
            return self._eval_union(value, node)
        if isinstance(node, IdentifierNode):
            return self._eval_identifier(value, node)
        return value, ValueError(f"unexpected Node {node}")

    def _eval_list(self, value: Results, node: ListNode) -> _Eval:
        cur = value
        for n in node.nodes:
            cur, err = self._walk(cur, n)
            if err is not None:
                return cur, err
        return cur, None

    def _eval_identifier(self, value: Results, node: IdentifierNode) -> _Eval:
        if node.name == "range":
            self._begin_range += 1
            return value, None
        if node.name == "end":
            if self._in_range > 0:
                self._end_range += 1
                return [], None
            return [], ValueError("not in range, nothing to end")
        return value, ValueError(f"unrecognized identifier {node.name}")

    def _eval_array(self, value: Results, node: ArrayNode) -> _Eval:
        result: Results = []
        for v in value:
            v = _as_value(v)
            if v is None:
                continue
            if not isinstance(v, (list, tuple)):
                return value, ValueError(f"{_go_type(v)} is not array or slice")
            length = len(v)
            start, end, step = (p.value for p in node.params)
            if not node.params[0].known:
                start = 0
            if start < 0:
                start += length
            if not node.params[1].known:
                end = length
            if end < 0 or (end == 0 and node.params[1].derived):
                end += length
            if end == start:
                return result, None
            if start >= length or start < 0:
                return value, ValueError(f"array index out of bounds: index {start}, length {length}")
            if end > length or end < 0:
                return value, ValueError(f"array index out of bounds: index {end - 1}, length {length}")
            if start > end:
                return value, ValueError(f"starting index {start} is greater than ending index {end}")
            if node.params[2].known:
                if step <= 0:
                    return value, ValueError("step must be > 0")
            else:
                step = 1
            result.extend(v[start:end:step])
        return result, None

    def _eval_union(self, value: Results, node: UnionNode) -> _Eval:
        result: Results = []
        for list_node in node.nodes:
            temp, err = self._eval_list(value, list_node)
            if err is not None:
                return value, err
            result.extend(temp)
        return result, None

    def _eval_field(self, value: Results, node: FieldNode) -> _Eval:
        results: Results = []
        if not value:
            return results, None
        for v in value:
            v = _as_value(v)
            if v is None:
                continue
            if isinstance(v, dict):
                if node.value in v:
                    results.append(v[node.value])
            elif _is_struct(v):
                found, field_value = _find_field(v, node.value)
                if found:
                    results.append(field_value)
        if not results:
            if self._allow_missing_keys:
                return results, None
            return results, ValueError(f"{node.value} is not found")
        return results, None

    def _eval_wildcard(self, value: Results) -> Results:
        results: Results = []
        for v in value:
            results.extend(_children(v))
        return results

    def _eval_recursive(self, value: Results) -> Results:
        result: Results = []
        for v in value:
            children = _children(v)
            if children:
                result.append(v)
                result.extend(self._eval_recursive(children))
        return result

    def _eval_filter(self, value: Results, node: FilterNode) -> _Eval:
        results: Results = []
        for v in value:
            v = _as_value(v)
            if not isinstance(v, (list, tuple)):
                return value, ValueError(f"{go_sprint(v)} is not array or slice and cannot be filtered")
            for item in v:
                temp = [item]
                lefts, err = self._eval_list(temp, node.left)
                if node.operator == "exists":
                    if lefts:
                        results.append(item)
                    continue
                if err is not None:
                    return value, err
                if not lefts:
                    continue
                if len(lefts) > 1:
                    return value, ValueError("can only compare one element at a time")
                rights, err = self._eval_list(temp, node.right)
                if err is not None:
                    return value, err
                if not rights:
                    continue
                if len(rights) > 1:
                    return value, ValueError("can only compare one element at a time")
                compare = _OPERATORS.get(node.operator)
                if compare is None:
                    return results, ValueError(f"unrecognized filter operator {node.operator}")
                try:
                    passed = compare(lefts[0], rights[0])
                except ValueError as cmp_err:
                    return results, cmp_err
                if passed:
                    results.append(item)
        return results, None


def new(name: str) -> JSONPath:
    """A JSONPath named ``name`` (used in its errors)."""
    return JSONPath(name)


def _as_value(data: Any) -> Any:
    """Typed and unstructured API objects are read as their JSON form (wherever they are met)."""
    obj: Any = data  # not narrowed by the checks below
    if is_unstructured(data):
        return data.unstructured_content()
    if is_message(data):
        return DefaultUnstructuredConverter.to_unstructured(obj)
    return data


def _is_struct(v: Any) -> bool:
    return dataclasses.is_dataclass(v) and not isinstance(v, type)


def _json_name(f: dataclasses.Field) -> str:  # type: ignore[type-arg]  # any dataclass field
    return str(f.metadata.get("json", f.name))


def _find_field(v: Any, name: str) -> Tuple[bool, Any]:
    """A struct's field by its JSON name, else by its own name (Go's FieldByName)."""
    fields = dataclasses.fields(v)
    for f in fields:
        if _json_name(f) == name:
            return True, getattr(v, f.name)
    for f in fields:
        if f.name == name:
            return True, getattr(v, f.name)
    return False, None


def _children(v: Any) -> Results:
    """What ``*`` yields for a value: a map's values, a struct's fields, a list's items, a string's bytes."""
    v = _as_value(v)
    if isinstance(v, dict):
        return list(v.values())
    if isinstance(v, (list, tuple)):
        return list(v)
    if isinstance(v, str):
        return list(v.encode("utf-8", "surrogateescape"))
    if _is_struct(v):
        return [getattr(v, f.name) for f in dataclasses.fields(v)]
    return []


def _is_composite(v: Any) -> bool:
    v = _as_value(v)
    return isinstance(v, (dict, list, tuple)) or _is_struct(v)


def _go_type(v: Any) -> str:
    if _is_struct(v):
        return type(v).__name__
    return go_type_name(v)


def _eval_to_text(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, (bool, int, float, str)):
        return go_sprint(v)
    return str(v)


def _marshal(v: Any, indent: Optional[str], depth: int) -> str:
    """Go's json.Marshal (indent None) or MarshalIndent(v, "", indent) of a value."""
    v = _as_value(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_json_float(v)
    if isinstance(v, str):
        return go_json_string(v)
    if isinstance(v, dict):
        items = [(go_json_string(str(k)), val) for k, val in sorted(v.items(), key=lambda kv: str(kv[0]))]
        return _join("{", "}", [f"{k}:{' ' if indent is not None else ''}{_marshal(val, indent, depth + 1)}"
                                for k, val in items], indent, depth)  # fmt: skip
    if isinstance(v, (list, tuple)):
        return _join("[", "]", [_marshal(item, indent, depth + 1) for item in v], indent, depth)
    if _is_struct(v):
        parts = [
            f"{go_json_string(_json_name(f))}:{' ' if indent is not None else ''}"
            f"{_marshal(getattr(v, f.name), indent, depth + 1)}"
            for f in dataclasses.fields(v)
        ]
        return _join("{", "}", parts, indent, depth)
    return go_json_string(str(v))


def _join(open_: str, close: str, parts: List[str], indent: Optional[str], depth: int) -> str:
    if not parts:
        return open_ + close
    if indent is None:
        return open_ + ",".join(parts) + close
    pad = "\n" + indent * (depth + 1)
    return open_ + pad + ("," + pad).join(parts) + "\n" + indent * depth + close


# text/template's comparisons (third_party/forked/golang/template funcs.go)

_BAD_TYPE = "invalid type for comparison"
_BAD_COMPARISON = "incompatible types for comparison"


def _basic_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, complex):
        return "complex"
    if isinstance(v, str):
        return "string"
    raise ValueError(_BAD_TYPE)


def _equal(a: Any, b: Any) -> bool:
    if _basic_kind(a) != _basic_kind(b):
        raise ValueError(_BAD_COMPARISON)
    return bool(a == b)


def _less(a: Any, b: Any) -> bool:
    k1, k2 = _basic_kind(a), _basic_kind(b)
    if k1 != k2:
        raise ValueError(_BAD_COMPARISON)
    if k1 in ("bool", "complex"):
        raise ValueError(_BAD_TYPE)
    if k1 == "string":
        return bool(a.encode("utf-8", "surrogateescape") < b.encode("utf-8", "surrogateescape"))
    return bool(a < b)


def _less_equal(a: Any, b: Any) -> bool:
    return _less(a, b) or _equal(a, b)


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": _less,
    ">": lambda a, b: not _less_equal(a, b),
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<=": _less_equal,
    ">=": lambda a, b: not _less(a, b),
}
