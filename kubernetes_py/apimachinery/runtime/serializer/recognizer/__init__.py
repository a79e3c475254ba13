"""Port of k8s.io/apimachinery/pkg/runtime/serializer/recognizer: pick the decoder that recognizes the data."""

from __future__ import annotations

from kubernetes_py.apimachinery.runtime.error import StrictDecodingError


class NoFormatMatchedError(ValueError):
    pass


class _Decoder:
    def __init__(self, decoders):
        self._decoders = list(decoders)

    def recognizes_data(self, data) -> tuple[bool, bool]:
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

    def decode(self, data, defaults=None, into=None):
        last_err = None
        skipped = []
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


def new_decoder(*decoders):
    """A decoder trying the decoders that recognize the data first, then those that cannot tell."""
    return _Decoder(decoders)
