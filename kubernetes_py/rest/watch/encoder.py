"""client-go rest/watch's Encoder: watch events written as ``metav1.WatchEvent`` frames (the other end of Decoder)."""

from __future__ import annotations

from typing import Any


class Encoder:
    """Encodes each event's object with the embedded encoder and writes the event with the streaming encoder."""

    def __init__(self, encoder: Any, embedded_encoder: Any):
        self._encoder = encoder
        self._embedded_encoder = embedded_encoder

    def encode(self, event: Any) -> None:
        """Write one watch.Event; raises when the object cannot be encoded or the writer fails."""
        from kubernetes_py.apimachinery import runtime
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1

        data = runtime.encode(self._embedded_encoder, event.object)
        self._encoder.encode(metav1.WatchEvent(type=str(event.type), object=runtime.RawExtension(raw=bytes(data))))


def new_encoder(encoder: Any, embedded_encoder: Any) -> Encoder:
    return Encoder(encoder, embedded_encoder)
