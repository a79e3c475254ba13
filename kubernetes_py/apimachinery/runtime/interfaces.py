"""Interfaces and small types of k8s.io/apimachinery/pkg/runtime (interfaces.go, types.go, codec.go).

Go's ``Decode(data, defaults, into) (Object, *GroupVersionKind, error)`` is ``decode(data, defaults=None,
into=None) -> (obj, gvk)`` here; ``Encode(obj, w)`` is ``encode(obj, w)`` where ``w`` has ``write``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Protocol, Sequence

from google.protobuf.message import Message

from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind, ObjectKind

from .error import APIVersionInternal

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13; annotations only

    from kubernetes_py._schema.messages import Unknown

ContentTypeJSON = "application/json"
ContentTypeYAML = "application/yaml"
ContentTypeProtobuf = "application/vnd.kubernetes.protobuf"
ContentTypeCBOR = "application/cbor"
ContentTypeCBORSequence = "application/cbor-seq"

Identifier = str


class Object(Protocol):
    """Every API object: its kind (schema.ObjectKind) and a deep copy."""

    def get_object_kind(self) -> ObjectKind: ...

    def deep_copy_object(self) -> Object: ...


class Unstructured(Object, Protocol):
    """An object held as its JSON-shaped content (Go's runtime.Unstructured): unstructured.Unstructured(List)."""

    def unstructured_content(self) -> dict[str, Any]: ...

    def set_unstructured_content(self, content: dict[str, Any]) -> None: ...


def is_unstructured(obj: object) -> TypeIs[Unstructured]:
    """Go's ``obj.(runtime.Unstructured)``."""
    return hasattr(obj, "unstructured_content") and hasattr(obj, "set_unstructured_content")


_UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown"


def is_unknown(obj: object) -> TypeIs[Unknown]:
    """Go's ``obj.(*runtime.Unknown)``: a runtime.Unknown message."""
    return getattr(getattr(obj, "DESCRIPTOR", None), "full_name", "") == _UNKNOWN


def is_message(obj: object) -> TypeIs[Message]:
    """Whether ``obj`` is an API message (a typed object: Go's structs are protobuf messages here)."""
    return hasattr(obj, "DESCRIPTOR")


class Writer(Protocol):
    """Go's io.Writer, where an Encoder writes: anything with ``write(bytes)`` (a file, io.BytesIO)."""

    def write(self, data: bytes, /) -> object: ...


class Encoder(Protocol):
    def encode(self, obj: Object, w: Writer) -> None: ...

    def identifier(self) -> Identifier: ...


class Decoder(Protocol):
    """``decode`` returns the object and the kind the data named (Go's ``(Object, *GroupVersionKind, error)``)."""

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]: ...


class Serializer(Encoder, Decoder, Protocol):
    """An Encoder and a Decoder (Go's runtime.Serializer, and runtime.Codec, the same interface)."""


class FrameReader(Protocol):
    """One frame (one object's bytes) at a time from a stream; EOFError at its end."""

    def read_frame(self) -> bytes: ...

    def close(self) -> None: ...


class Framer(Protocol):
    """How a stream of objects is split into frames. A reader's source is a binary file-like object or an iterable
    of byte chunks (the frame readers of serializer/_frames tell them apart)."""

    def new_frame_reader(self, r: Any) -> FrameReader: ...

    def new_frame_writer(self, w: Writer) -> Writer: ...


class GroupVersioner(Protocol):
    """Picks the kind to convert to among an object's kinds (schema.GroupVersion, GroupVersions, the versioners
    below)."""

    def kind_for_group_version_kinds(self, kinds: Sequence[GroupVersionKind]) -> tuple[GroupVersionKind, bool]: ...

    def identifier(self) -> str: ...


class ObjectTyper(Protocol):
    def object_kinds(self, obj: Object) -> tuple[list[GroupVersionKind], bool]: ...

    def recognizes(self, gvk: GroupVersionKind) -> bool: ...


class ObjectCreater(Protocol):
    def new(self, kind: GroupVersionKind) -> Object: ...


class ObjectDefaulter(Protocol):
    def default(self, obj: Object) -> None: ...


class ObjectConvertor(Protocol):
    def convert(self, in_obj: Object, out_obj: Object, context: object = None) -> None: ...

    def convert_to_version(self, in_obj: Object, target: GroupVersioner) -> Object: ...

    def convert_field_label(self, gvk: GroupVersionKind, label: str, value: str) -> tuple[str, str]: ...


@dataclass
class StreamSerializerInfo:
    """How to encode/decode a stream of objects of a media type (watch events)."""

    encodes_as_text: bool = False
    serializer: Optional[Serializer] = None
    framer: Optional[Framer] = None

    def _serializer(self) -> Serializer:
        assert self.serializer is not None, "StreamSerializerInfo without a serializer"
        return self.serializer

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        return self._serializer().decode(data, defaults, into)

    def encode(self, obj: Object, w: Writer) -> None:
        self._serializer().encode(obj, w)

    def identifier(self) -> Identifier:
        return self._serializer().identifier()


@dataclass
class SerializerInfo:
    """The serializers a CodecFactory offers for one media type."""

    media_type: str = ""
    media_type_type: str = ""
    media_type_subtype: str = ""
    encodes_as_text: bool = False
    serializer: Optional[Serializer] = None
    pretty_serializer: Optional[Serializer] = None
    strict_serializer: Optional[Serializer] = None
    stream_serializer: Optional[StreamSerializerInfo] = None


class NegotiatedSerializer(Protocol):
    """The serializers of a scheme by media type, and codecs to and from a version (a CodecFactory); a version
    of None is Go's nil GroupVersioner (the factory's default)."""

    def supported_media_types(self) -> list[SerializerInfo]: ...

    def encoder_for_version(self, serializer: Encoder, gv: Optional[GroupVersioner]) -> Encoder: ...

    def decoder_to_version(self, serializer: Decoder, gv: Optional[GroupVersioner]) -> Decoder: ...


class ClientNegotiator(Protocol):
    """The encoder, decoder and stream decoder of a client for a content type (``params`` its media type
    parameters); raises NegotiateError for a type it has none for."""

    def encoder(self, content_type: str, params: Optional[dict[str, str]] = None) -> Encoder: ...

    def decoder(self, content_type: str, params: Optional[dict[str, str]] = None) -> Decoder: ...

    def stream_decoder(
        self, content_type: str, params: Optional[dict[str, str]] = None
    ) -> tuple[Decoder, Optional[Serializer], Optional[Framer]]: ...


def serializer_info_for_media_type(types: list[SerializerInfo], media_type: str) -> tuple[SerializerInfo, bool]:
    """The info for ``media_type``, else the one with an empty media type, else (SerializerInfo(), False)."""
    for info in types:
        if info.media_type == media_type:
            return info, True
    for info in types:
        if not info.media_type:
            return info, True
    return SerializerInfo(), False


class _InternalGroupVersioner:
    def kind_for_group_version_kinds(self, kinds: Sequence[GroupVersionKind]) -> tuple[GroupVersionKind, bool]:
        for kind in kinds:
            if kind.version == APIVersionInternal:
                return kind, True
        for kind in kinds:
            return GroupVersionKind(kind.group, APIVersionInternal, kind.kind), True
        return GroupVersionKind(), False

    def identifier(self) -> str:
        return "internal"

    def __str__(self) -> str:
        return "internal"


class _DisabledGroupVersioner:
    def kind_for_group_version_kinds(self, kinds: Sequence[GroupVersionKind]) -> tuple[GroupVersionKind, bool]:
        return GroupVersionKind(), False

    def identifier(self) -> str:
        return "disabled"

    def __str__(self) -> str:
        return "disabled"


InternalGroupVersioner = _InternalGroupVersioner()
DisabledGroupVersioner = _DisabledGroupVersioner()


class _MultiGroupVersioner:
    def __init__(self, target: GroupVersion, accepted: list[GroupKind], coerce: bool):
        self.target = target
        self.accepted_group_kinds = accepted
        self.coerce = coerce

    def kind_for_group_version_kinds(self, kinds: Sequence[GroupVersionKind]) -> tuple[GroupVersionKind, bool]:
        for src in kinds:
            for kind in self.accepted_group_kinds:
                if kind.group == src.group and (not kind.kind or kind.kind == src.kind):
                    return self.target.with_kind(src.kind), True
        if self.coerce and kinds:
            return self.target.with_kind(kinds[0].kind), True
        return GroupVersionKind(), False

    def identifier(self) -> str:
        groupkinds = ",".join(str(gk) for gk in self.accepted_group_kinds)
        coerce = str(self.coerce).lower()
        return f'{{"accepted":"{groupkinds}","coerce":"{coerce}","name":"multi","target":"{self.target}"}}'

    def __str__(self) -> str:
        return self.identifier()


def new_multi_group_versioner(gv: GroupVersion, *group_kinds: GroupKind) -> GroupVersioner:
    """Targets ``gv`` for kinds of the accepted groups/kinds (or ``gv`` itself if nothing else is given)."""
    if len(group_kinds) == 0 or (len(group_kinds) == 1 and group_kinds[0].group == gv.group):
        return gv
    return _MultiGroupVersioner(gv, list(group_kinds), False)


def new_coercing_multi_group_versioner(gv: GroupVersion, *group_kinds: GroupKind) -> GroupVersioner:
    """Like new_multi_group_versioner, but any kind is coerced into ``gv``."""
    return _MultiGroupVersioner(gv, list(group_kinds), True)
