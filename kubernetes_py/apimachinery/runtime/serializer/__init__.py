"""Port of k8s.io/apimachinery/pkg/runtime/serializer: CodecFactory and the serializers it offers
(application/json, application/yaml, application/vnd.kubernetes.protobuf)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from kubernetes_py.apimachinery.runtime.helper import WithoutVersionDecoder, WithVersionEncoder
from kubernetes_py.apimachinery.runtime.interfaces import (
    ContentTypeJSON,
    ContentTypeProtobuf,
    ContentTypeYAML,
    Decoder,
    DisabledGroupVersioner,
    Encoder,
    GroupVersioner,
    InternalGroupVersioner,
    Serializer,
    SerializerInfo,
    StreamSerializerInfo,
)
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersions
from kubernetes_py.apimachinery.runtime.scheme import Scheme

from . import json as _json
from . import protobuf as _protobuf
from . import recognizer as _recognizer
from . import versioning as _versioning


@dataclass
class CodecFactoryOptions:
    strict: bool = False
    pretty: bool = True


CodecFactoryOptionsMutator = Callable[[CodecFactoryOptions], None]


def enable_pretty(options: CodecFactoryOptions) -> None:
    options.pretty = True


def disable_pretty(options: CodecFactoryOptions) -> None:
    options.pretty = False


def enable_strict(options: CodecFactoryOptions) -> None:
    options.strict = True


def disable_strict(options: CodecFactoryOptions) -> None:
    options.strict = False


def _info(
    media_type: str,
    serializer: Serializer,
    strict_serializer: Serializer,
    encodes_as_text: bool,
    stream_serializer: Optional[StreamSerializerInfo] = None,
) -> SerializerInfo:
    """A media type's SerializerInfo, its type and subtype split from it as Go's newCodecFactory does."""
    media_type_type, _, media_type_subtype = media_type.partition("/")
    return SerializerInfo(
        media_type=media_type,
        media_type_type=media_type_type,
        media_type_subtype=media_type_subtype,
        encodes_as_text=encodes_as_text,
        serializer=serializer,
        strict_serializer=strict_serializer,
        stream_serializer=stream_serializer,
    )


def _serializers_for_scheme(
    scheme: Scheme, mf: _json.MetaFactory, options: CodecFactoryOptions
) -> list[SerializerInfo]:
    def json_serializer(**opts: bool) -> _json.Serializer:
        return _json.Serializer(mf, scheme, scheme, _json.SerializerOptions(**opts))

    json_default = json_serializer(strict=options.strict)
    json_info = _info(
        ContentTypeJSON,
        json_default,
        json_serializer(strict=True),
        True,
        StreamSerializerInfo(encodes_as_text=True, serializer=json_default, framer=_json.Framer),
    )
    if options.pretty:
        json_info.pretty_serializer = json_serializer(pretty=True, strict=options.strict)
    yaml_info = _info(
        ContentTypeYAML,
        json_serializer(yaml=True, strict=options.strict),
        json_serializer(yaml=True, strict=True),
        True,
    )
    proto_serializer = _protobuf.Serializer(scheme, scheme)
    proto_info = _info(
        ContentTypeProtobuf,
        proto_serializer,
        proto_serializer,
        False,
        StreamSerializerInfo(
            serializer=_protobuf.RawSerializer(scheme, scheme), framer=_protobuf.LengthDelimitedFramer
        ),
    )
    return [json_info, yaml_info, proto_info]


class CodecFactory:
    """The serializers of a scheme, and codecs built from them (Go's serializer.CodecFactory)."""

    def __init__(self, scheme: Scheme, serializers: list[SerializerInfo]):
        self._scheme = scheme
        decoders: list[Decoder] = []
        accepts: list[SerializerInfo] = []
        seen: set[str] = set()
        legacy: Optional[Serializer] = None
        for info in serializers:
            if info.serializer is None:
                raise ValueError(f"the SerializerInfo of {info.media_type!r} has no serializer")
            decoders.append(info.serializer)
            if info.media_type in seen:
                continue
            seen.add(info.media_type)
            accepts.append(info)
            if info.media_type == ContentTypeJSON:
                legacy = info.serializer
        if legacy is None:
            legacy = serializers[0].serializer
        self._universal = _recognizer.new_decoder(*decoders)
        self._accepts = accepts
        self._legacy_serializer = legacy

    def supported_media_types(self) -> list[SerializerInfo]:
        """One SerializerInfo per media type: JSON, YAML and Kubernetes protobuf."""
        return list(self._accepts)

    def legacy_codec(self, *versions: GroupVersion) -> Serializer:
        """JSON out, labelled with the kinds of ``versions``; any format in (converted to the internal version)."""
        return _versioning.new_defaulting_codec_for_scheme(
            self._scheme, self._legacy_serializer, self._universal, GroupVersions(versions), InternalGroupVersioner
        )

    def universal_deserializer(self) -> Decoder:
        """Decodes any supported format into the type its apiVersion/kind name, without conversion."""
        return self._universal

    def universal_decoder(self, *versions: GroupVersion) -> Decoder:
        versioner: GroupVersioner = GroupVersions(versions) if versions else InternalGroupVersioner
        return self.codec_for_versions(None, self._universal, None, versioner)

    def codec_for_versions(
        self,
        encoder: Optional[Encoder],
        decoder: Optional[Decoder],
        encode: Optional[GroupVersioner],
        decode: Optional[GroupVersioner],
    ) -> Serializer:
        if encode is None:
            encode = DisabledGroupVersioner
        if decode is None:
            decode = InternalGroupVersioner
        return _versioning.new_defaulting_codec_for_scheme(self._scheme, encoder, decoder, encode, decode)

    def decoder_to_version(self, decoder: Decoder, gv: Optional[GroupVersioner]) -> Decoder:
        return self.codec_for_versions(None, decoder, None, gv)

    def encoder_for_version(self, encoder: Encoder, gv: Optional[GroupVersioner]) -> Encoder:
        return self.codec_for_versions(encoder, None, gv, None)

    def without_conversion(self) -> "WithoutConversionCodecFactory":
        """The same serializers, with encoders that only label objects and decoders that do not convert."""
        return WithoutConversionCodecFactory(self)


class WithoutConversionCodecFactory:
    """A NegotiatedSerializer whose codecs never convert (what client-go's REST clients use)."""

    def __init__(self, factory: CodecFactory):
        self.codec_factory = factory

    def supported_media_types(self) -> list[SerializerInfo]:
        return self.codec_factory.supported_media_types()

    def encoder_for_version(self, serializer: Encoder, version: Optional[GroupVersioner]) -> Encoder:
        return WithVersionEncoder(serializer, self.codec_factory._scheme, version)

    def decoder_to_version(self, serializer: Decoder, _version: Optional[GroupVersioner]) -> Decoder:
        return WithoutVersionDecoder(serializer)

    def __getattr__(self, name: str) -> Any:
        """The factory's other methods, as Go's embedding promotes them."""
        return getattr(self.codec_factory, name)


def new_codec_factory(scheme: Scheme, *mutators: CodecFactoryOptionsMutator) -> CodecFactory:
    """The codec factory of a scheme (pretty JSON enabled, as in Go)."""
    options = CodecFactoryOptions(pretty=True)
    for fn in mutators:
        fn(options)
    return CodecFactory(scheme, _serializers_for_scheme(scheme, _json.DefaultMetaFactory, options))


__all__ = [
    "CodecFactory",
    "CodecFactoryOptions",
    "WithoutConversionCodecFactory",
    "disable_pretty",
    "disable_strict",
    "enable_pretty",
    "enable_strict",
    "new_codec_factory",
]
