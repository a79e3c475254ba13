"""Port of k8s.io/client-go/util/jsonpath: kubectl's JSONPath templates (``{.items[*].metadata.name}``).

    j = jsonpath.new("names")
    j.parse("{range .items[*]}{.metadata.name}{'\\n'}{end}")
    text = j.execute_to_string(pod_list)   # or j.execute(writer, data)

Errors (parse and execute) are ValueError with client-go's messages.
"""

from .jsonpath import JSONPath, new
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
    NodeArray,
    NodeBool,
    NodeField,
    NodeFilter,
    NodeFloat,
    NodeIdentifier,
    NodeInt,
    NodeList,
    NodeRecursive,
    NodeText,
    NodeType,
    NodeTypeName,
    NodeUnion,
    NodeWildcard,
    ParamsEntry,
    RecursiveNode,
    TextNode,
    UnionNode,
    WildcardNode,
)
from .parser import ErrSyntax, Parser, new_parser, parse, unquote_extend

__all__ = [
    "ArrayNode",
    "BoolNode",
    "ErrSyntax",
    "FieldNode",
    "FilterNode",
    "FloatNode",
    "IdentifierNode",
    "IntNode",
    "JSONPath",
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
    "Parser",
    "RecursiveNode",
    "TextNode",
    "UnionNode",
    "WildcardNode",
    "new",
    "new_parser",
    "parse",
    "unquote_extend",
]
