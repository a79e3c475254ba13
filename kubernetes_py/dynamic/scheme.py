"""The serializers of the dynamic client (client-go dynamic/scheme.go): JSON, decoding any kind to
``unstructured.Unstructured``, and the parameter codec for metav1 option types."""

from __future__ import annotations

import functools
from typing import Any

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.error import NotRegisteredError
from kubernetes_py.apimachinery.runtime.interfaces import Object, ObjectCreater, ObjectTyper
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind
from kubernetes_py.apimachinery.runtime.serializer.json import json as jsonserializer

__all__ = [
    "basic_scheme",
    "dynamic_parameter_codec",
    "new_basic_negotiated_serializer",
    "parameter_scheme",
    "versionV1",
]

versionV1 = GroupVersion(version="v1")

basic_scheme = runtime.new_scheme("k8s.io/client-go/dynamic/scheme.go:basicScheme")
parameter_scheme = runtime.new_scheme("k8s.io/client-go/dynamic/scheme.go:parameterScheme")
metav1.add_to_group_version(basic_scheme, versionV1)
metav1.add_to_group_version(parameter_scheme, versionV1)


@functools.lru_cache(maxsize=None)
def dynamic_parameter_codec() -> Any:
    """runtime.new_parameter_codec(parameter_scheme), built on first use."""
    return runtime.new_parameter_codec(parameter_scheme)


def _is_unstructured(obj: Any) -> bool:
    return hasattr(obj, "unstructured_content") and hasattr(obj, "set_unstructured_content")


class _UnstructuredCreater:
    """Creates the scheme's type for a kind it knows, else an Unstructured labelled with the kind."""

    def __init__(self, nested: ObjectCreater):
        self.nested = nested

    def new(self, kind: GroupVersionKind) -> Object:
        try:
            return self.nested.new(kind)
        except NotRegisteredError:
            from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured

            out = Unstructured()
            out.get_object_kind().set_group_version_kind(kind)
            return out


class _UnstructuredTyper:
    """The scheme's kinds, else an Unstructured's own kind: a non-empty one, or (``permissive``, for the encoder)
    whatever it carries, even none (the dynamic client has always sent objects without apiVersion or kind)."""

    def __init__(self, nested: ObjectTyper, permissive: bool = False):
        self.nested = nested
        self.permissive = permissive

    def object_kinds(self, obj: Object) -> tuple[list[GroupVersionKind], bool]:
        try:
            return self.nested.object_kinds(obj)
        except Exception:  # noqa: BLE001 - any error, as Go's typers: a missing kind or version too
            if _is_unstructured(obj):
                gvk = obj.get_object_kind().group_version_kind()
                if self.permissive or not gvk.empty():
                    return [gvk], False
            raise

    def recognizes(self, gvk: GroupVersionKind) -> bool:
        return True


class _BasicNegotiatedSerializer:
    """A NegotiatedSerializer offering JSON only (client-go's basicNegotiatedSerializer; CBOR is off)."""

    def __init__(self) -> None:
        creater, typer = _UnstructuredCreater(basic_scheme), _UnstructuredTyper(basic_scheme)
        self._supported = [
            runtime.SerializerInfo(
                media_type="application/json",
                media_type_type="application",
                media_type_subtype="json",
                encodes_as_text=True,
                serializer=jsonserializer.new_serializer_with_options(
                    jsonserializer.DefaultMetaFactory, creater, typer, jsonserializer.SerializerOptions()
                ),
                pretty_serializer=jsonserializer.new_serializer_with_options(
                    jsonserializer.DefaultMetaFactory, creater, typer, jsonserializer.SerializerOptions(pretty=True)
                ),
                stream_serializer=runtime.StreamSerializerInfo(
                    encodes_as_text=True,
                    serializer=jsonserializer.new_serializer_with_options(
                        jsonserializer.DefaultMetaFactory,
                        basic_scheme,
                        basic_scheme,
                        jsonserializer.SerializerOptions(),
                    ),
                    framer=jsonserializer.Framer,
                ),
            )
        ]

    def supported_media_types(self) -> list[Any]:
        return list(self._supported)

    def encoder_for_version(self, encoder: Any, gv: Any) -> Any:
        return runtime.WithVersionEncoder(encoder, _UnstructuredTyper(basic_scheme, permissive=True), gv)

    def decoder_to_version(self, decoder: Any, gv: Any) -> Any:
        return decoder


def new_basic_negotiated_serializer() -> _BasicNegotiatedSerializer:
    return _BasicNegotiatedSerializer()
