"""json-patch's lazy nodes: a JSON value kept as its raw text until an operation needs to look inside it.

Raw text is written back compacted (Go's json.Compact with HTML escaping) and numbers keep their text, so
``1.0`` stays ``1.0``; parsed objects are written with sorted keys, as Go marshals a map.
"""

from __future__ import annotations

import json
from typing import Callable, Optional, Union

from kubernetes_py._go.json import check_valid
from kubernetes_py._go.json import go_json_escape_html


__all__ = [
    "Node",
    "PartialDoc",
    "PartialArray",
    "UnmarshalTypeError",
    "split_object",
    "split_array",
    "compact",
    "json_kind",
]

_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


class UnmarshalTypeError(ValueError):
    """Go's *json.UnmarshalTypeError text: ``json: cannot unmarshal <kind> into Go value of type <T>``."""

    def __init__(self, kind: str, go_type: str):
        super().__init__(f"json: cannot unmarshal {kind} into Go value of type {go_type}")


def json_kind(raw: str) -> str:
    """The JSON kind of a raw value as Go's decoder names it in type errors."""
    c = raw.lstrip(_WS)[:1]
    return {"{": "object", "[": "array", '"': "string", "t": "bool", "f": "bool", "n": "null"}.get(c, "number")


def _skip(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def split_object(raw: str) -> dict[str, Optional[str]]:
    """The members of a raw JSON object as raw texts (None for null); a later duplicate key wins."""
    s = raw
    i = _skip(s, 0) + 1
    out: dict[str, Optional[str]] = {}
    i = _skip(s, i)
    if s[i] == "}":
        return out
    while True:
        i = _skip(s, i)
        key, i = _DECODER.raw_decode(s, i)
        i = _skip(s, i) + 1  # ':'
        i = _skip(s, i)
        _, end = _DECODER.raw_decode(s, i)
        text = s[i:end]
        out[key] = None if text == "null" else text
        i = _skip(s, end)
        if s[i] == "}":
            return out
        i += 1


def split_array(raw: str) -> list[Optional[str]]:
    """The elements of a raw JSON array as raw texts (None for null)."""
    s = raw
    i = _skip(s, _skip(s, 0) + 1)
    out: list[Optional[str]] = []
    if s[i] == "]":
        return out
    while True:
        i = _skip(s, i)
        _, end = _DECODER.raw_decode(s, i)
        text = s[i:end]
        out.append(None if text == "null" else text)
        i = _skip(s, end)
        if s[i] == "]":
            return out
        i += 1


def compact(raw: str) -> str:
    """json.Compact with Go's HTML escaping of <, > and & (and U+2028/U+2029)."""
    out = []
    in_string = escaped = False
    for c in raw:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
            out.append(c)
        elif c in _WS:
            continue
        else:
            if c == '"':
                in_string = True
            out.append(c)
    # The characters Go escapes can only stand inside strings of valid JSON, so the whole text is escaped at once.
    return go_json_escape_html("".join(out))


class Node:
    """A lazyNode: ``raw`` text (None for JSON null), parsed on demand into ``doc`` or ``ary``."""

    __slots__ = ("raw", "doc", "ary", "which")

    def __init__(self, raw: Optional[str]):
        self.raw = raw
        self.doc: Optional[PartialDoc] = None
        self.ary: Optional[PartialArray] = None
        self.which = "raw"

    @staticmethod
    def of(raw: Optional[str]) -> Optional["Node"]:
        return None if raw is None else Node(raw)

    def marshal(self) -> str:
        if self.which == "doc":
            return marshal_doc(self.into_doc())
        if self.which == "ary":
            return marshal_ary(self.into_ary())
        return "null" if self.raw is None else compact(self.raw)

    def _raw_of_kind(self, kind: str, go_type: str) -> str:
        """The raw text, which must be a JSON ``kind`` (Go's json.Unmarshal into ``go_type``)."""
        if self.raw is None:
            raise ValueError("invalid state detected")
        if json_kind(self.raw) != kind:
            raise UnmarshalTypeError(json_kind(self.raw), go_type)
        return self.raw

    def into_doc(self) -> PartialDoc:
        if self.which == "doc" and self.doc is not None:
            return self.doc
        raw = self._raw_of_kind("object", "jsonpatch.partialDoc")
        doc = self.doc = {k: Node.of(v) for k, v in split_object(raw).items()}
        self.which = "doc"
        return doc

    def into_ary(self) -> PartialArray:
        if self.which == "ary" and self.ary is not None:
            return self.ary
        ary = self.ary = [Node.of(v) for v in split_array(self._raw_of_kind("array", "jsonpatch.partialArray"))]
        self.which = "ary"
        return ary

    def try_doc(self) -> bool:
        return _parses(self.into_doc)

    def try_ary(self) -> bool:
        return _parses(self.into_ary)

    def equal(self, o: "Node") -> bool:
        if self.which == "raw" and not self.try_doc() and not self.try_ary():
            if o.which != "raw":
                return False
            return compact(self.raw or "") == compact(o.raw or "")
        if self.which == "doc":
            if o.which == "raw" and not o.try_doc():
                return False
            if o.which != "doc":
                return False
            doc, other_doc = self.into_doc(), o.into_doc()
            if len(doc) != len(other_doc):
                return False
            return all(k in other_doc and _equal(v, other_doc[k]) for k, v in doc.items())
        if o.which != "ary" and not o.try_ary():
            return False
        ary, other_ary = self.into_ary(), o.into_ary()
        return len(ary) == len(other_ary) and all(_equal(v, ov) for v, ov in zip(ary, other_ary))


def _equal(v: Optional[Node], ov: Optional[Node]) -> bool:
    """Two members or elements: both null, or equal nodes."""
    if v is None or ov is None:
        return v is ov
    return v.equal(ov)


def _parses(into: Callable[[], object]) -> bool:
    """Whether the node reads as the container ``into`` parses it into."""
    try:
        into()
    except ValueError:
        return False
    return True


PartialDoc = dict[str, Optional[Node]]
"""Go's partialDoc: an object's members as lazy nodes (None for a null member)."""
PartialArray = list[Optional[Node]]
"""Go's partialArray: an array's elements as lazy nodes (None for a null element)."""


def marshal_doc(doc: PartialDoc) -> str:
    return "{" + ",".join(f"{compact(json.dumps(k, ensure_ascii=False))}:{_m(v)}" for k, v in sorted(doc.items())) + "}"


def marshal_ary(ary: PartialArray) -> str:
    return "[" + ",".join(_m(v) for v in ary) + "]"


def _m(v: Union[Node, None]) -> str:
    return "null" if v is None else v.marshal()


def parse_container(text: str, go_type: str, want: str) -> Union[PartialDoc, PartialArray, None]:
    """json.Unmarshal of a whole document into a partialDoc (want "object") or partialArray ("array")."""
    check_valid(text)
    kind = json_kind(text)
    if kind == "null":
        return None
    if kind != want:
        raise UnmarshalTypeError(kind, go_type)
    if want == "object":
        return {k: Node.of(v) for k, v in split_object(text).items()}
    return [Node.of(v) for v in split_array(text)]
