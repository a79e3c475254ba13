"""The parse tree of a JSONPath template (client-go util/jsonpath node.go)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Tuple

__all__ = [
    "ArrayNode",
    "BoolNode",
    "FieldNode",
    "FilterNode",
    "FloatNode",
    "IdentifierNode",
    "IntNode",
    "ListNode",
    "Node",
    "NodeArray",
    "NodeBool",
    "NodeField",
    "NodeFilter",
    "NodeFloat",
    "NodeIdentifier",
    "NodeInt",
    "NodeList",
    "NodeRecursive",
    "NodeText",
    "NodeType",
    "NodeTypeName",
    "NodeUnion",
    "NodeWildcard",
    "ParamsEntry",
    "RecursiveNode",
    "TextNode",
    "UnionNode",
    "WildcardNode",
]

NodeType = int
NodeText, NodeArray, NodeList, NodeField, NodeIdentifier, NodeFilter = 0, 1, 2, 3, 4, 5
NodeInt, NodeFloat, NodeWildcard, NodeRecursive, NodeUnion, NodeBool = 6, 7, 8, 9, 10, 11

NodeTypeName = {
    NodeText: "NodeText",
    NodeArray: "NodeArray",
    NodeList: "NodeList",
    NodeField: "NodeField",
    NodeIdentifier: "NodeIdentifier",
    NodeFilter: "NodeFilter",
    NodeInt: "NodeInt",
    NodeFloat: "NodeFloat",
    NodeWildcard: "NodeWildcard",
    NodeRecursive: "NodeRecursive",
    NodeUnion: "NodeUnion",
    NodeBool: "NodeBool",
}


class Node:
    """A node of the tree; ``str(node)`` is Go's String()."""

    node_type: NodeType = NodeText

    def type(self) -> NodeType:
        return self.node_type

    def __str__(self) -> str:
        return NodeTypeName[self.node_type]


@dataclass(eq=False)
class ListNode(Node):
    nodes: List[Node] = field(default_factory=list)
    node_type = NodeList

    def append(self, n: Node) -> None:
        self.nodes.append(n)


@dataclass(eq=False)
class TextNode(Node):
    text: str = ""
    node_type = NodeText

    def __str__(self) -> str:
        return f"NodeText: {self.text}"


@dataclass(eq=False)
class FieldNode(Node):
    value: str = ""
    node_type = NodeField

    def __str__(self) -> str:
        return f"NodeField: {self.value}"


@dataclass(eq=False)
class IdentifierNode(Node):
    name: str = ""
    node_type = NodeIdentifier

    def __str__(self) -> str:
        return f"NodeIdentifier: {self.name}"


@dataclass
class ParamsEntry:
    """One of an array node's start, end and step: its value, whether it was given, whether end was derived."""

    value: int = 0
    known: bool = False
    derived: bool = False

    def __str__(self) -> str:
        return f"{{{self.value} {str(self.known).lower()} {str(self.derived).lower()}}}"


@dataclass(eq=False)
class ArrayNode(Node):
    params: Tuple[ParamsEntry, ParamsEntry, ParamsEntry] = field(
        default_factory=lambda: (ParamsEntry(), ParamsEntry(), ParamsEntry())
    )
    node_type = NodeArray

    def __str__(self) -> str:
        return "NodeArray: [" + " ".join(str(p) for p in self.params) + "]"


@dataclass(eq=False)
class FilterNode(Node):
    left: ListNode = field(default_factory=ListNode)
    right: ListNode = field(default_factory=ListNode)
    operator: str = ""
    node_type = NodeFilter

    def __str__(self) -> str:
        return f"NodeFilter: {self.left} {self.operator} {self.right}"


@dataclass(eq=False)
class IntNode(Node):
    value: int = 0
    node_type = NodeInt

    def __str__(self) -> str:
        return f"NodeInt: {self.value}"


@dataclass(eq=False)
class FloatNode(Node):
    value: float = 0.0
    node_type = NodeFloat

    def __str__(self) -> str:
        return f"NodeFloat: {self.value:f}"


@dataclass(eq=False)
class WildcardNode(Node):
    node_type = NodeWildcard


@dataclass(eq=False)
class RecursiveNode(Node):
    node_type = NodeRecursive


@dataclass(eq=False)
class UnionNode(Node):
    nodes: List[ListNode] = field(default_factory=list)
    node_type = NodeUnion


@dataclass(eq=False)
class BoolNode(Node):
    value: bool = False
    node_type = NodeBool

    def __str__(self) -> str:
        return f"NodeBool: {str(self.value).lower()}"


def new_list() -> ListNode:
    return ListNode()


def new_text(text: str) -> TextNode:
    return TextNode(text)


def new_field(value: str) -> FieldNode:
    return FieldNode(value)


def new_identifier(value: str) -> IdentifierNode:
    return IdentifierNode(value)


def new_array(params: Tuple[ParamsEntry, ParamsEntry, ParamsEntry]) -> ArrayNode:
    return ArrayNode(params)


def new_filter(left: ListNode, right: ListNode, operator: str) -> FilterNode:
    return FilterNode(left, right, operator)


def new_int(num: int) -> IntNode:
    return IntNode(num)


def new_float(num: float) -> FloatNode:
    return FloatNode(num)


def new_wildcard() -> WildcardNode:
    return WildcardNode()


def new_recursive() -> RecursiveNode:
    return RecursiveNode()


def new_union(nodes: List[ListNode]) -> UnionNode:
    return UnionNode(nodes)


def new_bool(value: bool) -> BoolNode:
    return BoolNode(value)
