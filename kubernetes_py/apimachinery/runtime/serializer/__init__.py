"""Port of k8s.io/apimachinery/pkg/runtime/serializer: CodecFactory and the serializers it offers
(application/json, application/yaml, application/vnd.kubernetes.protobuf)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kubernetes_py.apimachinery.runtime.helper import WithoutVersionDecoder, WithVersionEncoder
from kubernetes_py.apimachinery.runtime.interfaces import (
    ContentTypeJSON,
    ContentTypeProtobuf,
    ContentTypeYAML,
    DisabledGroupVersioner,
    InternalGroupVersioner,
    SerializerInfo,
    StreamSerializerInfo,
)
from kubernetes_py.apimachinery.runtime.schema import GroupVersions

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


def _serializers_for_scheme(scheme, mf, options: CodecFactoryOptions) -> list[SerializerInfo]:
    json_serializer = _json.Serializer(mf, scheme, scheme, _json.SerializerOptions(strict=options.strict))
    json_info = SerializerInfo(
        media_type=ContentTypeJSON,
        media_type_type="application",
        media_type_subtype="json",
        encodes_as_text=True,
        serializer=json_serializer,
        strict_serializer=_json.Serializer(mf, scheme, scheme, _json.SerializerOptions(strict=True)),
        stream_serializer=StreamSerializerInfo(encodes_as_text=True, serializer=json_serializer, framer=_json.Framer),
    )
    if options.pretty:
        json_info.pretty_serializer = _json.Serializer(
            mf, scheme, scheme, _json.SerializerOptions(pretty=True, strict=options.strict)
        )
    yaml_info = SerializerInfo(
        media_type=ContentTypeYAML,
        media_type_type="application",
        media_type_subtype="yaml",
        encodes_as_text=True,
        serializer=_json.Serializer(mf, scheme, scheme, _json.SerializerOptions(yaml=True, strict=options.strict)),
        strict_serializer=_json.Serializer(mf, scheme, scheme, _json.SerializerOptions(yaml=True, strict=True)),
    )
    proto_serializer = _protobuf.Serializer(scheme, scheme)
    proto_info = SerializerInfo(
        media_type=ContentTypeProtobuf,
        media_type_type="application",
        media_type_subtype="vnd.kubernetes.protobuf",
        serializer=proto_serializer,
        strict_serializer=proto_serializer,
        stream_serializer=StreamSerializerInfo(
            serializer=_protobuf.RawSerializer(scheme, scheme), framer=_protobuf.LengthDelimitedFramer
        ),
    )
    return [json_info, yaml_info, proto_info]


class CodecFactory:
    """The serializers of a scheme, and codecs built from them (Go's serializer.CodecFactory)."""

    def __init__(self, scheme, serializers: list[SerializerInfo]):
        self._scheme = scheme
        decoders = []
        accepts: list[SerializerInfo] = []
        seen = set()
        legacy = None
        for info in serializers:
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

    def legacy_codec(self, *versions):
        """JSON out, labelled with the kinds of ``versions``; any format in (converted to the internal version)."""
        return _versioning.new_defaulting_codec_for_scheme(
            self._scheme, self._legacy_serializer, self._universal, GroupVersions(versions), InternalGroupVersioner
        )

    def universal_deserializer(self):
        """Decodes any supported format into the type its apiVersion/kind name, without conversion."""
        return self._universal

    def universal_decoder(self, *versions):
        versioner = GroupVersions(versions) if versions else InternalGroupVersioner
        return self.codec_for_versions(None, self._universal, None, versioner)

    def codec_for_versions(self, encoder, decoder, encode, decode):
        if encode is None:
            encode = DisabledGroupVersioner
        if decode is None:
            decode = InternalGroupVersioner
        return _versioning.new_defaulting_codec_for_scheme(self._scheme, encoder, decoder, encode, decode)

    def decoder_to_version(self, decoder, gv):
        return self.codec_for_versions(None, decoder, None, gv)

    def encoder_for_version(self, encoder, gv):
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

    def encoder_for_version(self, serializer, version):
        return WithVersionEncoder(serializer, self.codec_factory._scheme, version)

    def decoder_to_version(self, serializer, _version):
        return WithoutVersionDecoder(serializer)

    def __getattr__(self, name):
        return getattr(self.codec_factory, name)


def new_codec_factory(scheme, *mutators: CodecFactoryOptionsMutator) -> CodecFactory:
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
