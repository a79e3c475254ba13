"""``==`` on API objects means Go's reflect.DeepEqual of the Go structs.

Protobuf equality alone is stricter than that: proto2 scalars carry presence, so a non-pointer Go field
that the API server's protobuf encoder always writes (``nodeName: ""``) is *set*, while the same object
decoded from JSON (where Go omits it) or built in Python leaves it *unset*, although both are the same Go
value. So two objects are equal when their protobuf contents are equal, or else when the bytes Go's
protobuf encoder would write for them are (every non-pointer field written, pointers only when set,
quantities in canonical form, map keys sorted) and so is their TypeMeta, which Go keeps out of the body.
The second, slower comparison runs only when the first one says no. Like Go's protobuf encoding it does
not tell a nil slice or map from an empty one, nor Times that differ below the second.
"""

from __future__ import annotations


from typing import Any, Callable

from google.protobuf.message import Message

from kubernetes_py._internals.upb import Message as _UpbMessage

# upb's C slot, called on the API classes (upb messages that are google.protobuf Messages too).
_upb_eq: Callable[[Any, object], bool] = _UpbMessage.__eq__


def __eq__(self: Message, other: object) -> bool:
    if _upb_eq(self, other) is True:
        return True
    if type(other) is not type(self):
        return NotImplemented
    from kubernetes_py.apimachinery.runtime import _gozero

    if _gozero.go_protobuf_bytes(self) != _gozero.go_protobuf_bytes(other):
        return False
    fields = self.DESCRIPTOR.fields_by_name
    return all(getattr(self, name) == getattr(other, name) for name in ("apiVersion", "kind") if name in fields)


def __ne__(self: Message, other: object) -> bool:
    equal = __eq__(self, other)
    return equal if equal is NotImplemented else not equal
