"""runtime.WithVersionEncoder / WithoutVersionDecoder (k8s.io/apimachinery/pkg/runtime/helper.go)."""

from __future__ import annotations

from typing import Optional

from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

from .error import NotRegisteredError
from .interfaces import Decoder, Encoder, GroupVersioner, Object, ObjectTyper, Writer


class WithVersionEncoder:
    """Labels the object with its kind in ``version`` (or its first kind) while ``encoder`` writes it."""

    def __init__(self, encoder: Encoder, object_typer: ObjectTyper, version: Optional[GroupVersioner] = None):
        self.encoder = encoder
        self.object_typer = object_typer
        self.version = version

    def identifier(self) -> str:
        return self.encoder.identifier()

    def encode(self, obj: Object, w: Writer) -> None:
        try:
            gvks, _ = self.object_typer.object_kinds(obj)
        except NotRegisteredError:
            self.encoder.encode(obj, w)
            return
        gvk = gvks[0]
        if self.version is not None:
            preferred, ok = self.version.kind_for_group_version_kinds(gvks)
            if ok:
                gvk = preferred
        encode_as = getattr(self.encoder, "encode_as", None)  # the protobuf serializer's: no set and reset
        data = encode_as(obj, gvk) if encode_as is not None else None
        if data is not None:
            w.write(data)
            return
        kind = obj.get_object_kind()
        old = kind.group_version_kind()
        if gvk == old:
            self.encoder.encode(obj, w)
            return
        kind.set_group_version_kind(gvk)
        try:
            self.encoder.encode(obj, w)
        finally:
            kind.set_group_version_kind(old)


class WithoutVersionDecoder:
    """Decodes with ``decoder`` and clears the decoded object's apiVersion/kind."""

    def __init__(self, decoder: Decoder):
        self.decoder = decoder

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        decode_unlabelled = getattr(self.decoder, "decode_unlabelled", None)  # the protobuf serializer's: the same
        if decode_unlabelled is not None:
            decoded: tuple[Object, GroupVersionKind] = decode_unlabelled(data, defaults, into)
            return decoded
        obj, gvk = self.decoder.decode(data, defaults, into)
        if obj is not None:
            obj.get_object_kind().set_group_version_kind(GroupVersionKind())
        return obj, gvk
