"""Port of k8s.io/apimachinery/pkg/runtime/serializer/versioning: codecs that label (and, where a
scheme can, convert) objects to a target version on the way in and out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Protocol

from kubernetes_py.apimachinery.runtime.error import (
    NotRegisteredError,
    StrictDecodingError,
    StrictError,
    strict_decoding_result,
)
from kubernetes_py.apimachinery.runtime.interfaces import (
    Decoder,
    Encoder,
    GroupVersioner,
    Object,
    ObjectConvertor,
    ObjectCreater,
    ObjectDefaulter,
    ObjectTyper,
    Writer,
    is_unknown,
    is_unstructured,
)
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind


class _Scheme(ObjectConvertor, ObjectCreater, ObjectTyper, ObjectDefaulter, Protocol):
    """What new_defaulting_codec_for_scheme takes: a runtime.Scheme."""

    def name(self) -> str: ...


@dataclass(eq=False)
class _Codec:
    _encoder: Optional[Encoder]
    _decoder: Optional[Decoder]
    _convertor: ObjectConvertor
    _creater: ObjectCreater
    _typer: ObjectTyper
    _defaulter: Optional[ObjectDefaulter]
    _encode_version: Optional[GroupVersioner]
    _decode_version: GroupVersioner
    _scheme_name: str

    def identifier(self) -> str:
        encoder = self._encoder.identifier() if self._encoder is not None else ""
        ev = self._encode_version.identifier() if self._encode_version is not None else str(None)
        return f'{{"encodeGV":"{ev}","encoder":"{encoder}","name":"versioning"}}'

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        assert self._decoder is not None, "a versioning codec made for encoding only cannot decode"
        decode_into = into
        if is_unstructured(into) and not into.get_object_kind().group_version_kind().group_version().empty():
            decode_into = type(into)()
        strict_errors: list[StrictError] = []
        try:
            obj, gvk = self._decoder.decode(data, defaults, decode_into)
        except StrictDecodingError as err:
            if err.obj is None or err.gvk is None:
                raise
            obj, gvk = err.obj, err.gvk
            strict_errors.extend(err.errors())
        if into is not None:
            if self._defaulter is not None:
                self._defaulter.default(obj)
            if into is not obj:
                self._convertor.convert(obj, into, self._decode_version)
            return strict_decoding_result(into, gvk, strict_errors)
        if self._defaulter is not None:
            self._defaulter.default(obj)
        out = self._convertor.convert_to_version(obj, self._decode_version)
        return strict_decoding_result(out, gvk, strict_errors)

    def encode(self, obj: Object, w: Writer) -> None:
        assert self._encoder is not None, "a versioning codec made for decoding only cannot encode"
        if is_unknown(obj):
            self._encoder.encode(obj, w)
            return
        if is_unstructured(obj) and not hasattr(obj, "items"):
            obj_gvk = obj.get_object_kind().group_version_kind()
            if not obj_gvk.version:
                self._encoder.encode(obj, w)
                return
            assert self._encode_version is not None, "a versioning codec without a version to encode to"
            target, ok = self._encode_version.kind_for_group_version_kinds([obj_gvk])
            if not ok:
                raise NotRegisteredError(self._scheme_name, gvk=obj_gvk, target=self._encode_version)
            if target == obj_gvk:
                self._encoder.encode(obj, w)
                return
        gvks, is_unversioned = self._typer.object_kinds(obj)
        kind = obj.get_object_kind()
        old = kind.group_version_kind()
        try:
            if self._encode_version is None or is_unversioned:
                kind.set_group_version_kind(gvks[0])
                self._encoder.encode(obj, w)
                return
            out = self._convertor.convert_to_version(obj, self._encode_version)
            self._encoder.encode(out, w)
        finally:
            kind.set_group_version_kind(old)


def new_defaulting_codec_for_scheme(
    scheme: _Scheme,
    encoder: Optional[Encoder],
    decoder: Optional[Decoder],
    encode_version: Optional[GroupVersioner],
    decode_version: GroupVersioner,
) -> _Codec:
    """A codec that converts/labels to ``encode_version`` when encoding and ``decode_version`` when decoding."""
    return _Codec(encoder, decoder, scheme, scheme, scheme, scheme, encode_version, decode_version, scheme.name())


def new_codec(
    encoder: Optional[Encoder],
    decoder: Optional[Decoder],
    convertor: ObjectConvertor,
    creater: ObjectCreater,
    typer: ObjectTyper,
    defaulter: Optional[ObjectDefaulter],
    encode_version: Optional[GroupVersioner],
    decode_version: GroupVersioner,
    original_scheme_name: str,
) -> _Codec:
    return _Codec(
        encoder, decoder, convertor, creater, typer, defaulter, encode_version, decode_version, original_scheme_name
    )
