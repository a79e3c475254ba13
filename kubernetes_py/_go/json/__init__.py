"""Go's ``encoding/json``, in its files' parts: the scanner (syntax check, nesting limit), the decoder (util/json's
reading into interface{}) and the encoder (Go's text for decoded values and the codec's objects)."""

from kubernetes_py._go.json.decode import (
    GoSyntaxError,
    JSONDecodeError,
    describe_json_error,
    go_json_int,
    go_json_kind,
    go_text,
    loads,
    loads_preserving_ints,
    unmarshal,
)
from kubernetes_py._go.json.encode import (
    RawFloat,
    dumps,
    dumps_deep,
    go_json,
    go_json_escape_html,
    go_json_float,
    go_json_string,
    marshal,
    raw_json_text,
)
from kubernetes_py._go.json.scanner import MAX_NESTING_DEPTH, JSONSyntaxError, check_valid

__all__ = [
    "GoSyntaxError",
    "JSONDecodeError",
    "JSONSyntaxError",
    "MAX_NESTING_DEPTH",
    "RawFloat",
    "check_valid",
    "describe_json_error",
    "dumps",
    "dumps_deep",
    "go_json",
    "go_json_escape_html",
    "go_json_float",
    "go_json_int",
    "go_json_kind",
    "go_json_string",
    "go_text",
    "loads",
    "loads_preserving_ints",
    "marshal",
    "raw_json_text",
    "unmarshal",
]
