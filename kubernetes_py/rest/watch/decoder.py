"""Decoder of watch events for the REST client (client-go rest/watch/decoder.go).

Protobuf watches of typed objects take a shorter way to the same result. Go's decoder unmarshals the frame into
a metav1.WatchEvent, then hands the event's raw bytes to the object decoder, which reads the runtime.Unknown
envelope, looks the apiVersion and kind up in the scheme and unmarshals the object. When the stream decoder is
the raw protobuf serializer over length-delimited frames and the object decoder the protobuf serializer behind
``runtime.WithoutVersionDecoder`` (what a typed clientset's watch gets), the frame's three envelopes are read in one
pass (``watch_event``: the C extension's, or the same walk in Python), the kind's type is looked up once per
watch, and the object's bytes are parsed as the protobuf serializer parses them. A frame the short way does not
take as it is (another field, a repeated one, no ``k8s`` prefix, an unknown kind, bytes that do not parse...) is
decoded the long way, so that every result and error is the long way's.

JSON watches skip the envelope. The API server writes each event as ``{"type":"<TYPE>","object":<object>}``; when a
frame is exactly that (the type one of the event types, nothing else around), the object's bytes go straight to the
object decoder, which is what the long way does with the event's raw object after decoding the envelope (a JSON
scan of the whole frame and a copy of the object). An object that does not decode by itself (so the frame was not
of that shape after all, or it is malformed) sends the frame the long way.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from kubernetes_py.apimachinery.runtime.serializer.protobuf import protobuf

__all__ = ["Decoder", "new_decoder"]

_EVENT_TYPES = ("ADDED", "MODIFIED", "DELETED", "ERROR", "BOOKMARK")
_PREFIX = b"k8s\x00"
_JSON_ENVELOPE = re.compile(rb'\{"type":"(' + "|".join(_EVENT_TYPES).encode() + rb')","object":')
_JSON_SPACE = b" \t\r\n"

WatchEventParts = tuple[str, str, str, int, int, int]
"""(type, apiVersion, kind, start, end, top): see ``watch_event``."""


class _DecodeError(Exception):
    pass


def _field(data: Any, pos: int, end: int) -> tuple[int, int, int, int]:
    """(number, wire type, value start, value end) of the field at ``pos``; raises ValueError if malformed (a bad
    varint is the protobuf serializer's ProtobufDecodeError, a ValueError)."""
    key, pos = protobuf._varint(data, pos, end, "")
    number, wire = key >> 3, key & 7
    if number == 0 or number > 0x1FFFFFFF:
        raise ValueError("bad field number")
    if wire == 0:
        start = pos
        _, pos = protobuf._varint(data, pos, end, "")
        return number, wire, start, pos
    if wire == 1 or wire == 5:
        start, pos = pos, pos + (8 if wire == 1 else 4)
    elif wire == 2:
        length, start = protobuf._varint(data, pos, end, "")
        pos = start + length
    else:
        raise ValueError("bad wire type")
    if pos > end:
        raise ValueError("truncated")
    return number, wire, start, pos


def _bytes_fields(data: Any, pos: int, end: int, wanted: tuple[int, int], ignored: tuple[int, ...] = ()) -> list[Any]:
    """The (start, end) of the payloads of the fields numbered ``wanted`` (None when absent); ValueError for
    another field (but ``ignored``), a wire type other than 2, or a field twice."""
    found: list[Any] = [None, None]
    while pos < end:
        number, wire, start, pos = _field(data, pos, end)
        if wire != 2:
            raise ValueError("not bytes")
        if number in wanted:
            i = wanted.index(number)
            if found[i] is not None:
                raise ValueError("repeated")
            found[i] = (start, pos)
        elif number not in ignored:
            raise ValueError("unexpected field")
    return found


def _watch_event_py(frame: Any) -> Optional[WatchEventParts]:
    """The C extension's ``watch_event`` in Python (see ``watch_event``)."""
    data = memoryview(frame)
    try:
        type_at, ext_at = _bytes_fields(data, 0, len(data), (1, 2))
        if ext_at is None:
            return None
        raw_at, _ = _bytes_fields(data, ext_at[0], ext_at[1], (1, 0))
        if raw_at is None or data[raw_at[0] : raw_at[0] + 4] != _PREFIX:
            return None
        meta_at, obj_at = _bytes_fields(data, raw_at[0] + 4, raw_at[1], (1, 2), (3, 4))
        api_version_at = kind_at = None
        if meta_at is not None:
            api_version_at, kind_at = _bytes_fields(data, meta_at[0], meta_at[1], (1, 2))
        start, end = obj_at if obj_at is not None else (raw_at[1], raw_at[1])
        top, pos = 0, start
        while pos < end:
            number, _, _, pos = _field(data, pos, end)
            top = max(top, number)
        strings = [bytes(data[at[0] : at[1]]).decode() if at else "" for at in (type_at, api_version_at, kind_at)]
    except (ValueError, IndexError):  # UnicodeDecodeError is a ValueError
        return None
    return strings[0], strings[1], strings[2], start, end, top


try:
    from kubernetes_py.apimachinery.runtime._json2pb import watch_event as _watch_event_c
except ImportError:  # the optional C extension is not built
    _watch_event_c = None

watch_event: Callable[[Any], Optional[WatchEventParts]] = _watch_event_c or _watch_event_py
"""``watch_event(frame) -> (type, apiVersion, kind, start, end, top)``, or None: a protobuf watch frame (a
metav1.WatchEvent whose object is "k8s\\0" and a runtime.Unknown) read in one pass: the event's type, the object's
apiVersion and kind, where its bytes are in the frame, and the highest field number among its top-level fields
(walked to check they are well formed). None for a frame of any other shape, which the long way decodes."""


class _ProtobufShortcut:
    """The short way for one watch: the streaming decoder's frames and the object decoder's scheme."""

    def __init__(self, serializer: Any, parse: Callable[[Any, Any, Any], Any], type_meta_kind: Any):
        self._creater = serializer._creater
        self._parse = parse  # the protobuf serializer's parse (of a memoryview as well)
        self._type_meta_kind = type_meta_kind  # get_object_kind of the types whose kind is their TypeMeta fields
        self._kinds: dict[tuple[str, str], Optional[tuple[type, int]]] = {}

    @staticmethod
    def for_decoders(decoder: Any, embedded_decoder: Any) -> Optional[_ProtobufShortcut]:
        from kubernetes_py.apimachinery.runtime import helper
        from kubernetes_py.apimachinery.runtime.serializer import streaming
        from kubernetes_py.apimachinery.runtime.serializer._frames import LengthDelimitedFrameReader

        if (
            type(decoder) is streaming.Decoder
            and type(decoder.decoder) is protobuf.RawSerializer
            and type(decoder.frame_reader) is LengthDelimitedFrameReader
            and type(embedded_decoder) is helper.WithoutVersionDecoder
            and type(embedded_decoder.decoder) is protobuf.Serializer
            and hasattr(embedded_decoder.decoder._creater, "type_for_kind")
        ):
            from kubernetes_py._schema import _object

            parse = getattr(protobuf, "_parse", None)
            runtime_object = getattr(_object, "RuntimeObjectMethods", None)
            if parse is not None and runtime_object is not None:  # else (renamed, gone) the long way only
                return _ProtobufShortcut(embedded_decoder.decoder, parse, runtime_object.get_object_kind)
        return None

    def kind(self, api_version: str, kind: str) -> Optional[tuple[type, int]]:
        """The type of the kind and the lowest number of its apiVersion and kind fields, when the short way takes
        it: a registered message type whose ObjectKind is those two fields (they are cleared after decoding)."""
        key = (api_version, kind)
        try:
            return self._kinds[key]
        except KeyError:
            pass
        from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, parse_group_version

        found: Optional[tuple[type, int]] = None
        try:
            gv = parse_group_version(api_version)
        except ValueError:
            gv = None
        if gv is not None and gv.version and kind:
            cls = self._creater.type_for_kind(GroupVersionKind(gv.group, gv.version, kind))
            fields = getattr(getattr(cls, "DESCRIPTOR", None), "fields_by_name", {})
            if (
                cls is not None
                and hasattr(cls, "FromString")
                and getattr(cls, "get_object_kind", None) is self._type_meta_kind
                and "apiVersion" in fields
                and "kind" in fields
            ):
                found = (cls, min(fields["apiVersion"].number, fields["kind"].number))
        if len(self._kinds) < 64:
            self._kinds[key] = found
        return found

    def decode(self, frame: bytes) -> Optional[tuple[str, Any]]:
        """The event the frame holds, or None when the long way must decode it."""
        parts = watch_event(frame)
        if parts is None:
            return None
        event_type, api_version, kind, start, end, top = parts
        if event_type not in _EVENT_TYPES:
            return None
        known = self.kind(api_version, kind)
        if known is None:
            return None
        cls, type_meta_number = known
        try:
            obj = self._parse(cls, memoryview(frame)[start:end], "")
        except Exception:  # noqa: BLE001 - the long way decodes it again and reports the error as Go does
            return None
        if top >= type_meta_number:  # the bytes set apiVersion or kind: WithoutVersionDecoder clears them
            obj.ClearField("apiVersion")
            obj.ClearField("kind")
        return event_type, obj


def _plain_json_stream(decoder: Any) -> bool:
    """Whether a stream decoder reads plain JSON (no YAML, not strict): the events the JSON short way takes."""
    from kubernetes_py.apimachinery.runtime.serializer import streaming
    from kubernetes_py.apimachinery.runtime.serializer.json import json

    return (
        type(decoder) is streaming.Decoder
        and type(decoder.decoder) is json.Serializer
        and not decoder.decoder.options.yaml
        and not decoder.decoder.options.strict
    )


def _json_object_span(frame: bytes) -> Optional[tuple[str, int, int]]:
    """(type, start, end) of a frame ``{"type":"<TYPE>","object":frame[start:end]}``, or None for any other start."""
    m = _JSON_ENVELOPE.match(frame) if type(frame) is bytes else None
    if m is None:
        return None
    end = len(frame.rstrip(_JSON_SPACE)) - 1
    if end <= m.end() or frame[end] != 0x7D:  # "}"
        return None
    return m.group(1).decode("ascii"), m.end(), end


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
        self._shortcut = _ProtobufShortcut.for_decoders(decoder, embedded_decoder)
        self._json = self._shortcut is None and _plain_json_stream(decoder)

    def decode(self) -> tuple[str, Any]:
        if self._json:
            frame = self._decoder.read_frame()
            span = _json_object_span(frame)
            if span is not None:
                event_type, start, end = span
                try:
                    return event_type, self._runtime_decode(self._embedded_decoder, frame[start:end])
                except Exception:  # noqa: BLE001 - the long way decodes it again and reports the error as Go does
                    pass
            got = self._watch_event()
            return self._decode_event(got, self._decoder.decoder.decode(frame, None, got))
        if self._shortcut is None:
            got = self._watch_event()
            return self._decode_event(got, self._decoder.decode(None, got))
        frame = self._decoder.read_frame()
        event = self._shortcut.decode(frame)
        if event is not None:
            return event
        got = self._watch_event()
        return self._decode_event(got, self._decoder.decoder.decode(frame, None, got))

    def _decode_event(self, got: Any, res: Any) -> tuple[str, Any]:
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
