"""Decoder of watch events for the REST client (client-go rest/watch/decoder.go)."""

from __future__ import annotations

from typing import Any

__all__ = ["Decoder", "new_decoder"]

_EVENT_TYPES = ("ADDED", "MODIFIED", "DELETED", "ERROR", "BOOKMARK")


class _DecodeError(Exception):
    pass


class Decoder:
    """Reads ``metav1.WatchEvent`` frames with a streaming decoder and decodes each embedded object.

    ``decode()`` returns (event type, object) and raises at the end of the stream (the streaming decoder's
    EOF error) or on a malformed event.
    """

    def __init__(self, decoder: Any, embedded_decoder: Any):
        from kubernetes_py.apimachinery import runtime
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1

        self._decoder = decoder
        self._embedded_decoder = embedded_decoder
        self._watch_event = metav1.WatchEvent  # looked up once per stream, not per event
        self._runtime_decode = runtime.decode

    def decode(self) -> tuple[str, Any]:
        got = self._watch_event()
        res = self._decoder.decode(None, got)
        if isinstance(res, tuple):
            res = res[0]
        if res is not got:
            raise _DecodeError("unable to decode to metav1.WatchEvent")
        if got.type not in _EVENT_TYPES:
            raise _DecodeError(f"got invalid watch event type: {got.type}")
        try:
            obj = self._runtime_decode(self._embedded_decoder, got.object.raw)
        except Exception as err:  # noqa: BLE001 - reported with Go's wording
            raise _DecodeError(f"unable to decode watch event: {err}") from err
        return got.type, obj

    def close(self) -> None:
        self._decoder.close()


def new_decoder(decoder: Any, embedded_decoder: Any) -> Decoder:
    return Decoder(decoder, embedded_decoder)
