"""RFC 6902 JSON patch as gopkg.in/evanphx/json-patch.v4 applies it (DecodePatch, Patch.Apply)."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any, Callable, Iterator, Optional, Union

from kubernetes_py._go.json import check_valid

from ._lazy import (
    Node,
    PartialArray,
    PartialDoc,
    UnmarshalTypeError,
    json_kind,
    marshal_ary,
    marshal_doc,
    parse_container,
    split_array,
    split_object,
)

__all__ = [
    "equal",
    "JSONPatchError",
    "ErrTestFailed",
    "ErrMissing",
    "ErrUnknownType",
    "ErrInvalid",
    "ErrInvalidIndex",
    "Operation",
    "Patch",
    "decode_patch",
    "SUPPORT_NEGATIVE_INDICES",
]

SUPPORT_NEGATIVE_INDICES = True


class JSONPatchError(ValueError):
    """An error applying a JSON patch; ``cause`` is the sentinel it wraps (Go's %w), if any."""

    def __init__(self, message: str, cause: Optional[BaseException] = None):
        super().__init__(message)
        self.cause = cause

    def is_(self, sentinel: BaseException) -> bool:
        err: Optional[BaseException] = self
        while err is not None:
            if err is sentinel:
                return True
            err = getattr(err, "cause", None)
        return False


ErrTestFailed = JSONPatchError("test failed")
ErrMissing = JSONPatchError("missing value")
ErrUnknownType = JSONPatchError("unknown object type")
ErrInvalid = JSONPatchError("invalid state detected")
ErrInvalidIndex = JSONPatchError("invalid index referenced")


def _wrap(message: str, cause: BaseException) -> JSONPatchError:
    return JSONPatchError(f"{message}: {cause}", cause)


def _atoi(key: str) -> int:
    """strconv.Atoi, with Go's error text."""
    if re.fullmatch(r"[+-]?[0-9]+", key):
        value = int(key)
        if -(1 << 63) <= value < (1 << 63):
            return value
        raise JSONPatchError(f'strconv.Atoi: parsing "{key}": value out of range')
    raise JSONPatchError(f"strconv.Atoi: parsing {json.dumps(key)}: invalid syntax")


class _Doc:
    """A partialDoc container (a JSON object of lazy nodes)."""

    def __init__(self, members: PartialDoc):
        self.members = members

    def get(self, key: str) -> Optional[Node]:
        return self.members.get(key)

    def set(self, key: str, val: Optional[Node]) -> None:
        self.members[key] = val

    add = set

    def remove(self, key: str) -> None:
        if key not in self.members:
            raise _wrap(f"Unable to remove nonexistent key: {key}", ErrMissing)
        del self.members[key]

    def marshal(self) -> str:
        return marshal_doc(self.members)


class _Ary:
    """A partialArray container (a JSON array of lazy nodes)."""

    def __init__(self, items: PartialArray):
        self.items = items

    def _index(self, idx: int, size: int) -> int:
        if idx < 0:
            if not SUPPORT_NEGATIVE_INDICES or idx < -size:
                raise _wrap(f"Unable to access invalid index: {idx}", ErrInvalidIndex)
            idx += size
        return idx

    def get(self, key: str) -> Optional[Node]:
        idx = self._index(_atoi(key), len(self.items))
        if idx >= len(self.items):
            raise _wrap(f"Unable to access invalid index: {idx}", ErrInvalidIndex)
        return self.items[idx]

    def set(self, key: str, val: Optional[Node]) -> None:
        idx = self._index(_atoi(key), len(self.items))
        if idx >= len(self.items):
            raise JSONPatchError(f"runtime error: index out of range [{idx}] with length {len(self.items)}")
        self.items[idx] = val

    def add(self, key: str, val: Optional[Node]) -> None:
        if key == "-":
            self.items.append(val)
            return
        try:
            idx = _atoi(key)
        except JSONPatchError as err:
            raise _wrap(f"value was not a proper array index: '{key}'", err) from None
        size = len(self.items) + 1
        if idx >= size:
            raise _wrap(f"Unable to access invalid index: {idx}", ErrInvalidIndex)
        idx = self._index(idx, size)
        self.items.insert(idx, val)

    def remove(self, key: str) -> None:
        idx = _atoi(key)
        if idx >= len(self.items):
            raise _wrap(f"Unable to access invalid index: {idx}", ErrInvalidIndex)
        idx = self._index(idx, len(self.items))
        del self.items[idx]

    def marshal(self) -> str:
        return marshal_ary(self.items)


_Container = Union[_Doc, _Ary]
_Holder = list[_Container]
"""The document being patched, in a list so that an operation can replace it whole."""


def _decode_key(k: str) -> str:
    return k.replace("~1", "/").replace("~0", "~")


def _find_object(doc: _Container, path: str) -> tuple[Optional[_Container], str]:
    split = path.split("/")
    if len(split) < 2:
        return None, ""
    for part in split[1:-1]:
        try:
            nxt = doc.get(_decode_key(part))
        except JSONPatchError:
            return None, ""
        if nxt is None or nxt.raw is None:
            return None, ""
        try:
            if nxt.raw.lstrip(" \n\t")[:1] == "[":
                doc = _Ary(nxt.into_ary())
            else:
                doc = _Doc(nxt.into_doc())
        except ValueError:
            return None, ""
    return doc, _decode_key(split[-1])


class Operation(dict[str, Optional[str]]):
    """One operation: its members as raw JSON texts (None for JSON null)."""

    def kind(self) -> str:
        raw = self.get("op")
        if raw is None:
            return "unknown"
        try:
            value = json.loads(raw)
        except ValueError:
            return "unknown"
        return value if isinstance(value, str) else "unknown"

    def _string(self, name: str, missing: str) -> str:
        raw = self.get(name)
        if raw is None:
            raise _wrap(missing, ErrMissing)
        value = json.loads(raw)
        if not isinstance(value, str):
            raise UnmarshalTypeError(json_kind(raw), "string")
        return value

    def path(self) -> str:
        return self._string("path", "operation missing path field")

    def from_(self) -> str:
        return self._string("from", "operation, missing from field")

    def value(self) -> Optional[Node]:
        """The value as a new lazy node; None when the operation has no value member at all."""
        if "value" not in self:
            return None
        return Node(self["value"])


class Patch(list[Operation]):
    """A decoded JSON patch: a list of Operation."""

    def apply(self, doc: bytes) -> bytes:
        """Apply the operations in order to a JSON document (an object or an array); returns the result."""
        if not doc:
            return doc
        text = doc.decode("utf-8") if isinstance(doc, (bytes, bytearray)) else doc
        if text[:1] == "[":
            parsed = parse_container(text, "jsonpatch.partialArray", "array")
            container: _Container = _Ary(parsed if isinstance(parsed, list) else [])
        else:
            parsed = parse_container(text, "jsonpatch.partialDoc", "object")
            container = _Doc(parsed if isinstance(parsed, dict) else {})
        holder: _Holder = [container]
        for op in self:
            kind = op.kind()
            handler = _OPS.get(kind)
            if handler is None:
                raise JSONPatchError(f"Unexpected kind: {kind}")
            handler(holder, op)
        return holder[0].marshal().encode("utf-8")


def _path_or(op: Operation, message: str, missing_wraps_missing: bool) -> str:
    try:
        return op.path()
    except (JSONPatchError, UnmarshalTypeError) as err:
        if missing_wraps_missing:
            raise _wrap(message, ErrMissing) from None
        raise _wrap(message, err) from None


def _from_or(op: Operation, message: str) -> str:
    try:
        return op.from_()
    except (JSONPatchError, UnmarshalTypeError) as err:
        raise _wrap(message, err) from None


def _locate(holder: _Holder, path: str, missing: str) -> tuple[_Container, str]:
    """The container holding ``path`` and the key in it; ``missing`` (wrapping ErrMissing) when there is none."""
    con, key = _find_object(holder[0], path)
    if con is None:
        raise _wrap(missing, ErrMissing)
    return con, key


@contextlib.contextmanager
def _wrapped(message: str) -> Iterator[None]:
    """A JSONPatchError inside is raised again wrapped in ``message``."""
    try:
        yield
    except JSONPatchError as err:
        raise _wrap(message, err) from None


def _add(holder: _Holder, op: Operation) -> None:
    path = _path_or(op, "add operation failed to decode path", True)
    con, key = _locate(holder, path, f'add operation does not apply: doc is missing path: "{path}"')
    with _wrapped(f"error in add for path: '{path}'"):
        con.add(key, op.value())


def _remove(holder: _Holder, op: Operation) -> None:
    path = _path_or(op, "remove operation failed to decode path", True)
    con, key = _locate(holder, path, f'remove operation does not apply: doc is missing path: "{path}"')
    with _wrapped(f"error in remove for path: '{path}'"):
        con.remove(key)


def _replace(holder: _Holder, op: Operation) -> None:
    path = _path_or(op, "replace operation failed to decode path", False)
    if path == "":
        val = op.value()
        if val is None or val.raw is None:
            raise JSONPatchError("runtime error: invalid memory address or nil pointer dereference")
        if val.try_doc():
            holder[0] = _Doc(val.into_doc())
        elif val.try_ary():
            holder[0] = _Ary(val.into_ary())
        else:
            raise JSONPatchError("replace operation value must be object or array: %!w(<nil>)")
        return
    con, key = _locate(holder, path, f"replace operation does not apply: doc is missing path: {path}")
    try:
        con.get(key)
    except JSONPatchError:
        raise _wrap(f"replace operation does not apply: doc is missing key: {path}", ErrMissing) from None
    with _wrapped(f"error in remove for path: '{path}'"):
        con.set(key, op.value())


def _move(holder: _Holder, op: Operation) -> None:
    from_ = _from_or(op, "move operation failed to decode from")
    con, key = _locate(holder, from_, f"move operation does not apply: doc is missing from path: {from_}")
    with _wrapped(f"error in move for path: '{key}'"):
        val = con.get(key)
        con.remove(key)
    path = _path_or(op, "move operation failed to decode path", False)
    con, key = _locate(holder, path, f"move operation does not apply: doc is missing destination path: {path}")
    with _wrapped(f"error in move for path: '{path}'"):
        con.add(key, val)


def _test(holder: _Holder, op: Operation) -> None:
    path = _path_or(op, "test operation failed to decode path", False)
    failed = _wrap(f"testing value {path} failed", ErrTestFailed)
    if path == "":
        root = holder[0]
        self_node = Node("")
        if isinstance(root, _Doc):
            self_node.doc, self_node.which = root.members, "doc"
        else:
            self_node.ary, self_node.which = root.items, "ary"
        value = op.value()
        if value is not None and self_node.equal(value):
            return
        raise failed
    con, key = _locate(holder, path, f"test operation does not apply: is missing path: {path}")
    with _wrapped(f"error in test for path: '{path}'"):
        val = con.get(key)
    value = op.value()
    if val is None:
        if value is None or value.raw is None:
            return
        raise failed
    if value is None or not val.equal(value):
        raise failed


def _copy(holder: _Holder, op: Operation) -> None:
    from_ = _from_or(op, "copy operation failed to decode from")
    con, key = _locate(holder, from_, f"copy operation does not apply: doc is missing from path: {from_}")
    with _wrapped(f"error in copy for from: '{from_}'"):
        val = con.get(key)
    path = _path_or(op, "copy operation failed to decode path", True)
    con, key = _locate(holder, path, f"copy operation does not apply: doc is missing destination path: {path}")
    copied = None if val is None else Node(val.marshal())
    with _wrapped("error while adding value during copy"):
        con.add(key, copied)


_OPS: dict[str, Callable[[_Holder, Operation], None]] = {
    "add": _add,
    "remove": _remove,
    "replace": _replace,
    "move": _move,
    "test": _test,
    "copy": _copy,
}


def decode_patch(buf: Any) -> Patch:
    """Decode a JSON patch document (a JSON array of operation objects), with Go's errors."""
    text = buf.decode("utf-8") if isinstance(buf, (bytes, bytearray)) else str(buf)
    check_valid(text)
    kind = json_kind(text)
    if kind == "null":
        return Patch()
    if kind != "array":
        raise UnmarshalTypeError(kind, "jsonpatch.Patch")
    patch = Patch()
    for raw in split_array(text):
        if raw is None:
            patch.append(Operation())
            continue
        if json_kind(raw) != "object":
            raise UnmarshalTypeError(json_kind(raw), "jsonpatch.Operation")
        patch.append(Operation(split_object(raw)))
    return patch


def equal(a: Any, b: Any) -> bool:
    """Whether two JSON documents are equal the way json-patch compares values (objects by members, arrays
    by elements, scalars by their compacted text)."""

    def text(x: Any) -> str:
        return x.decode("utf-8") if isinstance(x, (bytes, bytearray)) else str(x)

    return Node(text(a)).equal(Node(text(b)))
