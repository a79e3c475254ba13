"""Port of k8s.io/apimachinery/pkg/runtime/serializer/versioning: codecs that label (and, where a
scheme can, convert) objects to a target version on the way in and out."""

from __future__ import annotations

from kubernetes_py.apimachinery.runtime.error import NotRegisteredError, StrictDecodingError


def _is_unstructured(obj) -> bool:
    return hasattr(obj, "unstructured_content") and hasattr(obj, "set_unstructured_content")


def _is_unknown(obj) -> bool:
    return getattr(getattr(obj, "DESCRIPTOR", None), "full_name", "") == "k8s.io.apimachinery.pkg.runtime.Unknown"


class _Codec:
    def __init__(
        self, encoder, decoder, convertor, creater, typer, defaulter, encode_version, decode_version, scheme_name: str
    ):
        self._encoder = encoder
        self._decoder = decoder
        self._convertor = convertor
        self._creater = creater
        self._typer = typer
        self._defaulter = defaulter
        self._encode_version = encode_version
        self._decode_version = decode_version
        self._scheme_name = scheme_name

    def identifier(self) -> str:
        encoder = self._encoder.identifier() if self._encoder is not None else ""
        ev = (
            self._encode_version.identifier()
            if hasattr(self._encode_version, "identifier")
            else str(self._encode_version)
        )
        return f'{{"encodeGV":"{ev}","encoder":"{encoder}","name":"versioning"}}'

    def decode(self, data, defaults=None, into=None):
        decode_into = into
        if (
            into is not None
            and _is_unstructured(into)
            and not into.get_object_kind().group_version_kind().group_version().empty()
        ):
            decode_into = type(into)()
        strict_errors = []
        try:
            obj, gvk = self._decoder.decode(data, defaults, decode_into)
        except StrictDecodingError as err:
            obj, gvk = getattr(err, "obj", None), getattr(err, "gvk", None)
            if obj is None:
                raise
            strict_errors.extend(err.errors())
        if into is not None:
            if self._defaulter is not None:
                self._defaulter.default(obj)
            if into is not obj:
                self._convertor.convert(obj, into, self._decode_version)
            return self._finish(into, gvk, strict_errors)
        if self._defaulter is not None:
            self._defaulter.default(obj)
        out = self._convertor.convert_to_version(obj, self._decode_version)
        return self._finish(out, gvk, strict_errors)

    @staticmethod
    def _finish(obj, gvk, strict_errors):
        if strict_errors:
            err = StrictDecodingError(strict_errors)
            err.obj, err.gvk = obj, gvk
            raise err
        return obj, gvk

    def encode(self, obj, w) -> None:
        if _is_unknown(obj):
            self._encoder.encode(obj, w)
            return
        if _is_unstructured(obj) and not hasattr(obj, "items"):
            obj_gvk = obj.get_object_kind().group_version_kind()
            if not obj_gvk.version:
                self._encoder.encode(obj, w)
                return
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


def new_defaulting_codec_for_scheme(scheme, encoder, decoder, encode_version, decode_version):
    """A codec that converts/labels to ``encode_version`` when encoding and ``decode_version`` when decoding."""
    return _Codec(encoder, decoder, scheme, scheme, scheme, scheme, encode_version, decode_version, scheme.name())


def new_codec(
    encoder, decoder, convertor, creater, typer, defaulter, encode_version, decode_version, original_scheme_name: str
):
    return _Codec(
        encoder, decoder, convertor, creater, typer, defaulter, encode_version, decode_version, original_scheme_name
    )
