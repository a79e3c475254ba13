"""``==`` on API objects means Go's reflect.DeepEqual of the Go structs.

Protobuf equality alone is stricter than that: proto2 scalars carry presence, so a non-pointer Go field
that the API server's protobuf encoder always writes (``nodeName: ""``) is *set*, while the same object
decoded from JSON (where Go omits it) or built in Python leaves it *unset*, although both are the same Go
value. So two objects are equal when their protobuf contents are equal, or else when their Go JSON forms
are: that form writes exactly what distinguishes Go values (pointers vs. zero values, omitempty) and
nothing else. The second, slower comparison runs only when the first one says no.
"""
from __future__ import annotations

from google._upb._message import Message as _UpbMessage

_upb_eq = _UpbMessage.__eq__


def __eq__(self, other):
    if _upb_eq(self, other) is True:
        return True
    if type(other) is not type(self):
        return NotImplemented
    from kubernetes_py.apimachinery.runtime import _jsonconv

    return _jsonconv.encode(self) == _jsonconv.encode(other)


def __ne__(self, other):
    equal = __eq__(self, other)
    return equal if equal is NotImplemented else not equal
