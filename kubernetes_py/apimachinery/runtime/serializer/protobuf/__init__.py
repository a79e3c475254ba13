"""Port of k8s.io/apimachinery/pkg/runtime/serializer/protobuf."""

from .protobuf import (
    PROTO_ENCODING_PREFIX,
    LengthDelimitedFramer,
    NotMarshalableError,
    ProtobufDecodeError,
    RawSerializer,
    Serializer,
    new_raw_serializer,
    new_serializer,
)

__all__ = [
    "PROTO_ENCODING_PREFIX",
    "LengthDelimitedFramer",
    "NotMarshalableError",
    "ProtobufDecodeError",
    "RawSerializer",
    "Serializer",
    "new_raw_serializer",
    "new_serializer",
]
