"""Stub of the optional C extension (csrc/json2pb): Kubernetes JSON to protobuf wire bytes, the JSON Go writes from
protobuf bytes, Go's protobuf bytes of a message, and the scanners of watch streams. The descriptions handed to a
Schema are tuples of these constants (see _jsonaccel and _gozero)."""

from typing import Any, Callable, Optional

# value kinds of a JSON member
T_UNSUPPORTED: int
T_STRING: int
T_BOOL: int
T_INT32: int
T_INT64: int
T_BYTES: int
T_MESSAGE: int
T_SPECIAL: int
T_INT_OR_STRING: int
T_RAW: int
T_WRAP: int
T_LIST: int
T_MAP: int
# member flags
F_OMITEMPTY: int
F_OMITZERO: int
F_POINTER: int
F_NOT_WRITTEN: int
# how a special type is written in JSON
S_FORMAT: int
S_TIME: int
S_MICRO_TIME: int
S_QUANTITY: int
# the fill actions of Go's protobuf bytes
A_COPY: int
A_ZERO_VARINT: int
A_ZERO_LEN: int
A_ZERO_FIXED64: int
A_ZERO_FIXED32: int
A_STRUCT: int
A_TIME: int
A_MICRO_TIME: int
A_QUANTITY: int
A_MAP: int
A_DROP: int
# the most inlined structs a member may be reached through
MAX_VIA: int

# A description: (kind or action, then integers and a nested description, as csrc/json2pb/json2pb.h reads them).
Description = tuple[Any, ...]

class Schema:
    """Message descriptions, by index, for the C paths."""

    def define(self, index: int, fields: list[Description], /) -> None: ...
    def define_fill(self, index: int, fields: list[Description], /) -> None: ...
    def add_special(
        self,
        convert: Callable[[str], bytes],
        mode: int = 0,
        format: Optional[Callable[[bytes], bytes]] = None,  # noqa: A002 - the extension's keyword
    ) -> int: ...
    def set_raw_converter(self, convert: Callable[[bytes], bytes], /) -> None: ...
    def set_quantity_converter(self, convert: Callable[[str], str], /) -> None: ...
    def transcode(self, index: int, data: bytes, /) -> Optional[bytes]: ...
    def to_json(self, index: int, data: bytes, /) -> Optional[bytes]: ...
    def fill(self, index: int, data: bytes, /) -> Optional[bytes]: ...

def type_meta(data: bytes, /) -> Optional[tuple[Optional[str], Optional[str]]]: ...

# The scanners of the protobuf and watch paths: frame_scan(data, start, state) -> (end, state),
# watch_event(frame) -> (type, apiVersion, kind, start, end, top) or None, managed_fields_last(data) -> the object's
# bytes with metadata.managedFields moved last. Their callers (serializer/_frames, rest/watch/decoder,
# serializer/protobuf) assign None to the same name when the extension is not built, so they stay untyped here until
# those modules declare the optional callable.
frame_scan: Any
watch_event: Any
managed_fields_last: Any

def chunk_data(raw: bytes, at: int, left: int, amt: int, /) -> tuple[bytes, int, int]: ...
