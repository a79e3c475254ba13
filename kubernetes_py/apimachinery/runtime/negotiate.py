"""Client-side content negotiation (k8s.io/apimachinery/pkg/runtime/negotiate.go): picking the encoder, decoder
and stream decoder of a NegotiatedSerializer for a media type. The REST client holds one ClientNegotiator."""

from __future__ import annotations

from typing import Optional

from .interfaces import (
    ClientNegotiator,
    Decoder,
    Encoder,
    Framer,
    GroupVersioner,
    NegotiatedSerializer,
    Serializer,
    SerializerInfo,
    serializer_info_for_media_type,
)

__all__ = ["NegotiateError", "new_client_negotiator", "new_simple_negotiated_serializer"]


class NegotiateError(ValueError):
    """No serializer (or stream serializer) is registered for a content type."""

    def __init__(self, content_type: str = "", stream: bool = False):
        self.content_type = content_type
        self.stream = stream
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.stream:
            return f"no stream serializers registered for {self.content_type}"
        return f"no serializers registered for {self.content_type}"


class _ClientNegotiator:
    """Go's clientNegotiator: encodes to ``encode`` (a GroupVersioner); decodes without a target version."""

    def __init__(
        self, serializer: NegotiatedSerializer, encode: GroupVersioner, decode: Optional[GroupVersioner] = None
    ):
        self.serializer = serializer
        self.encode = encode
        self.decode = decode

    def _info(self, content_type: str, stream: bool) -> tuple[SerializerInfo, Serializer]:
        media_types = self.serializer.supported_media_types()
        info, ok = serializer_info_for_media_type(media_types, content_type)
        if not ok:
            if content_type or not media_types:
                raise NegotiateError(content_type, stream)
            info = media_types[0]
        if info.serializer is None:
            raise NegotiateError(info.media_type, stream)
        return info, info.serializer

    def encoder(self, content_type: str, params: Optional[dict[str, str]] = None) -> Encoder:
        return self.serializer.encoder_for_version(self._info(content_type, False)[1], self.encode)

    def decoder(self, content_type: str, params: Optional[dict[str, str]] = None) -> Decoder:
        return self.serializer.decoder_to_version(self._info(content_type, False)[1], self.decode)

    def stream_decoder(
        self, content_type: str, params: Optional[dict[str, str]] = None
    ) -> tuple[Decoder, Optional[Serializer], Optional[Framer]]:
        """(object decoder, stream serializer, framer) as Go returns them."""
        info, serializer = self._info(content_type, True)
        stream = info.stream_serializer
        if stream is None:
            raise NegotiateError(info.media_type, True)
        return self.serializer.decoder_to_version(serializer, self.decode), stream.serializer, stream.framer


def new_client_negotiator(serializer: NegotiatedSerializer, gv: GroupVersioner) -> ClientNegotiator:
    """A ClientNegotiator over a NegotiatedSerializer, encoding objects to the group version ``gv``."""
    return _ClientNegotiator(serializer, gv)


class _SimpleNegotiatedSerializer:
    def __init__(self, info: SerializerInfo):
        self.info = info

    def supported_media_types(self) -> list[SerializerInfo]:
        return [self.info]

    def encoder_for_version(self, serializer: Encoder, gv: Optional[GroupVersioner]) -> Encoder:
        return serializer

    def decoder_to_version(self, serializer: Decoder, gv: Optional[GroupVersioner]) -> Decoder:
        return serializer


def new_simple_negotiated_serializer(info: SerializerInfo) -> NegotiatedSerializer:
    """A NegotiatedSerializer offering one SerializerInfo, without version conversion."""
    return _SimpleNegotiatedSerializer(info)
