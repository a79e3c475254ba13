"""Port of k8s.io/apimachinery/pkg/runtime/serializer/recognizer: pick the decoder that recognizes the data."""

from __future__ import annotations

from typing import Iterable, Optional, Protocol

from kubernetes_py.apimachinery.runtime.error import StrictDecodingError
from kubernetes_py.apimachinery.runtime.interfaces import Decoder, Object
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind


class RecognizingDecoder(Decoder, Protocol):
    """A Decoder that can tell whether data is in its format: (recognized, cannot tell)."""

    def recognizes_data(self, data: bytes) -> tuple[bool, bool]: ...


class NoFormatMatchedError(ValueError):
    pass


class _Decoder:
    def __init__(self, decoders: Iterable[Decoder]):
        self._decoders = list(decoders)

    def recognizes_data(self, data: bytes) -> tuple[bool, bool]:
        unknown = False
        for d in self._decoders:
            recognizes = getattr(d, "recognizes_data", None)
            if recognizes is None:
                unknown = True
                continue
            ok, unk = recognizes(data)
            if unk:
                unknown = True
                continue
            if ok:
                return True, False
        return False, unknown

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        last_err: Optional[Exception] = None
        skipped: list[Decoder] = []
        for d in self._decoders:
            recognizes = getattr(d, "recognizes_data", None)
            if recognizes is None:
                skipped.append(d)
                continue
            try:
                ok, unknown = recognizes(data)
            except Exception as err:  # noqa: BLE001 - remembered as the last error, like Go
                last_err = err
                continue
            if unknown:
                skipped.append(d)
                continue
            if not ok:
                continue
            return d.decode(data, defaults, into)
        for d in skipped:
            try:
                return d.decode(data, defaults, into)
            except StrictDecodingError:
                raise
            except Exception as err:  # noqa: BLE001 - try the next decoder, as Go does
                last_err = err
        if last_err is None:
            raise NoFormatMatchedError("no serialization format matched the provided data")
        raise last_err


def new_decoder(*decoders: Decoder) -> RecognizingDecoder:
    """A decoder trying the decoders that recognize the data first, then those that cannot tell."""
    return _Decoder(decoders)
