"""Interfaces and small types of k8s.io/apimachinery/pkg/runtime (interfaces.go, types.go, codec.go).

Go's ``Decode(data, defaults, into) (Object, *GroupVersionKind, error)`` is ``decode(data, defaults=None,
into=None) -> (obj, gvk)`` here; ``Encode(obj, w)`` is ``encode(obj, w)`` where ``w`` has ``write``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Protocol

from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind

from .error import APIVersionInternal

ContentTypeJSON = "application/json"
ContentTypeYAML = "application/yaml"
ContentTypeProtobuf = "application/vnd.kubernetes.protobuf"
ContentTypeCBOR = "application/cbor"
ContentTypeCBORSequence = "application/cbor-seq"

Identifier = str


class Object(Protocol):
    """Every API object: its kind (schema.ObjectKind) and a deep copy."""

    def get_object_kind(self): ...

    def deep_copy_object(self): ...


class Encoder(Protocol):
    def encode(self, obj, w) -> None: ...

    def identifier(self) -> Identifier: ...


class Decoder(Protocol):
    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into=None
    ) -> tuple[Any, GroupVersionKind]: ...


class Framer(Protocol):
    def new_frame_reader(self, r): ...

    def new_frame_writer(self, w): ...


@dataclass
class StreamSerializerInfo:
    """How to encode/decode a stream of objects of a media type (watch events)."""

    encodes_as_text: bool = False
    serializer: Any = None
    framer: Any = None

    def decode(self, data, defaults=None, into=None):
        return self.serializer.decode(data, defaults, into)

    def encode(self, obj, w) -> None:
        self.serializer.encode(obj, w)

    def identifier(self) -> Identifier:
        return self.serializer.identifier()


@dataclass
class SerializerInfo:
    """The serializers a CodecFactory offers for one media type."""

    media_type: str = ""
    media_type_type: str = ""
    media_type_subtype: str = ""
    encodes_as_text: bool = False
    serializer: Any = None
    pretty_serializer: Any = None
    strict_serializer: Any = None
    stream_serializer: Optional[StreamSerializerInfo] = None


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
    def kind_for_group_version_kinds(self, kinds) -> tuple[GroupVersionKind, bool]:
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
    def kind_for_group_version_kinds(self, kinds) -> tuple[GroupVersionKind, bool]:
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

    def kind_for_group_version_kinds(self, kinds) -> tuple[GroupVersionKind, bool]:
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


def new_multi_group_versioner(gv: GroupVersion, *group_kinds: GroupKind):
    """Targets ``gv`` for kinds of the accepted groups/kinds (or ``gv`` itself if nothing else is given)."""
    if len(group_kinds) == 0 or (len(group_kinds) == 1 and group_kinds[0].group == gv.group):
        return gv
    return _MultiGroupVersioner(gv, list(group_kinds), False)


def new_coercing_multi_group_versioner(gv: GroupVersion, *group_kinds: GroupKind):
    """Like new_multi_group_versioner, but any kind is coerced into ``gv``."""
    return _MultiGroupVersioner(gv, list(group_kinds), True)
