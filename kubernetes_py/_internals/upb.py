"""protobuf's upb runtime (google._upb._message): the C message base class and its metaclass.

The API objects are classes of upb's own metaclass built from the schema (kubernetes_py._schema), with the
methods of the Go types added; field assignment, equality and construction call the base class's slots directly
(``Message.__setattr__``, ``__eq__``, ``__init__``), which are several times faster than going through
protobuf's public message API. protobuf has no public name for either class. pyproject.toml bounds protobuf to
the majors tested."""

from __future__ import annotations

from google.protobuf.internal import api_implementation

if api_implementation.Type() != "upb":
    raise ImportError(
        f"kubernetes_py needs protobuf's upb runtime, but protobuf uses {api_implementation.Type()!r} "
        "(PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION is set, or the installed protobuf has no upb)"
    )

from google._upb._message import Message, MessageMeta  # noqa: E402

__all__ = ["Message", "MessageMeta"]
