"""Kubernetes protobuf serializers (k8s.io/apimachinery/pkg/runtime/serializer/protobuf).

The wire form is the 4-byte prefix ``k8s\\x00`` followed by a runtime.Unknown message whose
typeMeta carries apiVersion/kind and whose raw field is the object's own protobuf bytes. The raw
serializer (watch streams, where each frame is a WatchEvent) writes and reads the bare bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional, TypeVar, Union

from google.protobuf.message import DecodeError, Message

from kubernetes_py import _schema
from kubernetes_py._go.strconv import go_string
from kubernetes_py.apimachinery.runtime import _gozero
from kubernetes_py.apimachinery.runtime.error import MissingKindError, MissingVersionError, NotRegisteredError
from kubernetes_py.apimachinery.runtime.error import type_string
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, from_api_version_and_kind, parse_group_version
from kubernetes_py.apimachinery.runtime.scheme import Scheme

from kubernetes_py.apimachinery.runtime.interfaces import FrameReader, Object, ObjectCreater, ObjectTyper, Writer
from kubernetes_py.apimachinery.runtime.interfaces import is_message as _is_message
from kubernetes_py.apimachinery.runtime.interfaces import is_unknown as _is_unknown

from .._frames import LengthDelimitedFrameReader, LengthDelimitedFrameWriter

if TYPE_CHECKING:
    from kubernetes_py._schema.messages import TypeMeta, Unknown

_M = TypeVar("_M", bound=Message)
_Data = Union[bytes, memoryview]
"""An object's bytes: the raw field of an envelope is a view into the answer's bytes (no copy before the parse)."""
_What = Union[str, Callable[[], str]]
"""What a decode error names: a string, or a callable making it (only on a failure)."""

PROTO_ENCODING_PREFIX = b"k8s\x00"
_UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown"


def _type_meta_class() -> type[TypeMeta]:
    cls: type[TypeMeta] = _schema.message_class("k8s.io.apimachinery.pkg.runtime.TypeMeta")
    return cls


def _unknown_class() -> type[Unknown]:
    cls: type[Unknown] = _schema.message_class(_UNKNOWN)
    return cls


class NotMarshalableError(TypeError):
    """The object has no protobuf form (unstructured objects, for instance)."""

    def __init__(self, t: object):
        super().__init__(
            f"object {type_string(t)} does not implement the protobuf marshalling interface and "
            f"cannot be encoded to a protobuf message"
        )


class ProtobufDecodeError(ValueError):
    """Bytes that are not a valid protobuf message of the expected type."""


def _copy_kind_defaults(dst: GroupVersionKind, src: Optional[GroupVersionKind]) -> GroupVersionKind:
    """Go's copyKindDefaults: fill what ``dst`` lacks from ``src`` (version only with the group)."""
    if src is None:
        return dst
    group, version, kind = dst.group, dst.version, dst.kind
    if not kind:
        kind = src.kind
    if not version and src.version:
        group, version = src.group, src.version
    return GroupVersionKind(group, version, kind)


def _varint(buf: _Data, pos: int, end: int, what: str) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise ProtobufDecodeError(f"unable to decode {what}: truncated or malformed varint at byte {pos}")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


_type_metas: dict[Union[bytes, memoryview], tuple[str, str]] = {}  # an envelope's TypeMeta bytes: (apiVersion, kind)


def _envelope(buf: memoryview) -> tuple[str, str, memoryview, str, str]:
    """The fields of the runtime.Unknown envelope: (apiVersion, kind, raw, contentEncoding, contentType).

    Read by hand so that the object's bytes stay a view into ``buf`` (no copy before they are parsed)."""
    what = "the runtime.Unknown envelope"
    api_version = kind = content_encoding = content_type = ""
    raw = buf[0:0]
    pos, end = 0, len(buf)
    try:
        while pos < end:
            key = buf[pos]  # one-byte varints (every key, short lengths) read inline: no call per field
            if key < 0x80:
                pos += 1
            else:
                key, pos = _varint(buf, pos, end, what)
            number, wire = key >> 3, key & 7
            if wire == 0:
                _, pos = _varint(buf, pos, end, what)
                continue
            if wire == 1 or wire == 5:
                pos += 8 if wire == 1 else 4
                if pos > end:
                    raise ProtobufDecodeError(f"unable to decode {what}: truncated fixed-size field {number}")
                continue
            if wire != 2:
                raise ProtobufDecodeError(f"unable to decode {what}: unexpected wire type {wire} for field {number}")
            if pos < end and buf[pos] < 0x80:
                length = buf[pos]
                pos += 1
            elif pos + 1 < end and buf[pos + 1] < 0x80:  # two bytes: a small object's raw field
                length = (buf[pos] & 0x7F) | (buf[pos + 1] << 7)
                pos += 2
            else:
                length, pos = _varint(buf, pos, end, what)
            if pos + length > end:
                raise ProtobufDecodeError(
                    f"unable to decode {what}: field {number} needs {length} bytes, {end - pos} left"
                )
            value = buf[pos : pos + length]
            pos += length
            if number == 1:
                known = _type_metas.get(value)  # a view hashes and compares as its bytes
                if known is None:
                    type_meta: TypeMeta = _type_meta_class().FromString(value)  # type: ignore[arg-type]  # upb parses any buffer
                    # A Go string holds any bytes: protobuf hands back those that are not UTF-8 as bytes.
                    known = go_string(type_meta.apiVersion), go_string(type_meta.kind)
                    if len(_type_metas) < 1024:  # an answer's few kinds, over and over
                        _type_metas[bytes(value)] = known
                api_version, kind = known
            elif number == 2:
                raw = value
            elif number == 3:
                content_encoding = go_string(bytes(value)) if value else ""  # Go writes both, mostly empty
            elif number == 4:
                content_type = go_string(bytes(value)) if value else ""
    except DecodeError as err:
        raise ProtobufDecodeError(f"unable to decode {what}: {err}") from None
    return api_version, kind, raw, content_encoding, content_type


_OBJECT_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta"
_has_object_meta: dict[type, bool] = {}


def _managed_fields_last(data: _Data) -> Optional[bytes]:
    """The object's bytes with its metadata.managedFields moved to the end, as a second metadata field that
    protobuf merges into the first; None when there is nothing to move or the bytes are not as Go writes them
    (metadata first, managedFields its last field), which upb then parses as they are.

    Why: upb gives each parsed object an arena that grows by doubling blocks, so its last block is half empty
    on average, while an allocation bigger than the next block gets a block of its own. managedFields' FieldsV1
    blobs are most of a pod's bytes; parsed early they take blocks of their own, parsed last they fill the
    last block's free tail (benchmarks/informer_memory.py: a realistic pod 24.9 -> 20.9 KiB of malloc)."""
    end = len(data)
    if end < 2 or data[0] != 0x0A:
        return None
    try:
        length, meta_start = _varint(data, 1, end, "")
        meta_end = meta_start + length
        if meta_end > end:
            return None
        pos = meta_start
        while pos < meta_end:  # the fields before managedFields: numbers 1-15, one-byte keys
            key = data[pos]
            if key == 0x8A:
                break
            if key >= 0x80:
                return None
            pos += 1
            if key & 7 == 2:
                length = data[pos]
                if length < 0x80:
                    pos += 1 + length
                else:
                    length, pos = _varint(data, pos, meta_end, "")
                    pos += length
            elif key & 7 == 0:
                _, pos = _varint(data, pos, meta_end, "")
            else:
                return None  # ObjectMeta has varint and length-delimited fields only
        first = pos
        while pos < meta_end:  # then only managedFields entries (field 17: key bytes 0x8a 0x01)
            if data[pos] != 0x8A or data[pos + 1] != 0x01:
                return None
            length, pos = _varint(data, pos + 2, meta_end, "")
            pos += length
    except (IndexError, ProtobufDecodeError):
        return None
    if first == meta_end or pos != meta_end:
        return None
    moved = data[first:meta_end]
    return b"".join(
        (
            b"\x0a",
            _uvarint(first - meta_start),
            data[meta_start:first],
            data[meta_end:],
            b"\x0a",
            _uvarint(len(moved)),
            moved,
        )
    )


try:
    from kubernetes_py.apimachinery.runtime._json2pb import managed_fields_last as _managed_fields_last_c
except ImportError:  # the optional C extension is not built
    _managed_fields_last_c = None

_move_managed_fields: Callable[[_Data], Optional[bytes]] = _managed_fields_last_c or _managed_fields_last
"""_managed_fields_last, in C when the extension is built (the same result, about 15 times faster)."""


_NO_KIND = GroupVersionKind()
_TYPE_META_KIND = _schema._object.RuntimeObjectMethods.get_object_kind
"""get_object_kind of the messages whose kind is their apiVersion and kind fields (Go's embedded TypeMeta)."""
_labels: dict[GroupVersionKind, tuple[str, str]] = {}  # a kind: (apiVersion, kind) of its envelope
_envelope_heads: dict[tuple[str, str], bytes] = {}  # (apiVersion, kind): the envelope's bytes before raw's length


def _enveloped(prefix: bytes, api_version: str, kind: str, raw: bytes) -> bytes:
    """prefix and the runtime.Unknown envelope of raw, as Go writes it (typeMeta, raw, contentEncoding "" and
    contentType "", in that order)."""
    head = _envelope_heads.get((api_version, kind))
    if head is None:
        type_meta = _type_meta_class()(apiVersion=api_version, kind=kind).SerializeToString()
        head = prefix + b"\x0a" + _uvarint(len(type_meta)) + type_meta + b"\x12"
        if len(_envelope_heads) < 1024:
            _envelope_heads[(api_version, kind)] = head
    return b"".join((head, _uvarint(len(raw)), raw, b"\x1a\x00\x22\x00"))


def _uvarint(v: int) -> bytes:
    out = bytearray()
    while v >= 0x80:
        out.append(v & 0x7F | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _parse(cls: type[_M], data: _Data, what: _What) -> _M:
    """``what`` names the message in the error: a string, or a callable making it (only on a failure)."""
    has_meta = _has_object_meta.get(cls)
    if has_meta is None:
        field = cls.DESCRIPTOR.fields_by_number.get(1)
        has_meta = _has_object_meta[cls] = (
            field is not None and field.message_type is not None and field.message_type.full_name == _OBJECT_META
        )
    parsed = _move_managed_fields(data) if has_meta else None
    try:
        return cls.FromString(data if parsed is None else parsed)  # type: ignore[arg-type]  # upb parses any buffer
    except DecodeError as err:
        what = what() if callable(what) else what
        raise ProtobufDecodeError(f"unable to decode {what} from {len(data)} protobuf bytes: {err}") from None


def _parse_into(obj: Message, data: _Data, what: _What) -> None:
    """Go's proto.Unmarshal into an existing object: reset it, then decode in place (no second copy)."""
    obj.Clear()
    try:
        obj.MergeFromString(data)  # type: ignore[arg-type]  # upb parses any buffer
    except DecodeError as err:
        what = what() if callable(what) else what
        raise ProtobufDecodeError(f"unable to decode {what} from {len(data)} protobuf bytes: {err}") from None


def _unmarshal_to_object(
    typer: ObjectTyper,
    creater: ObjectCreater,
    actual: GroupVersionKind,
    into: Optional[Object],
    data: _Data,
    kinds: Optional[list[GroupVersionKind]] = None,
) -> tuple[Object, GroupVersionKind]:
    """``kinds``: typer.object_kinds(into), when the caller has it already (one scheme look-up per decode)."""
    if into is not None:
        if kinds is None:
            kinds, _ = typer.object_kinds(into)
        if actual not in kinds:
            into = None
    obj: Object
    if into is None:
        type_for_kind = getattr(creater, "type_for_kind", None)  # the Scheme's look-up without a throwaway object
        cls: Optional[type[Object]] = type_for_kind(actual) if type_for_kind is not None else None
        if cls is None:
            cls = type(creater.new(actual))
        if not issubclass(cls, Message):
            raise NotMarshalableError(cls)
        obj = _parse(cls, data, lambda: f"{actual.kind} ({actual.group_version()})")
    else:
        if not _is_message(into):
            raise NotMarshalableError(into)
        _parse_into(into, data, lambda: f"{actual.kind} ({actual.group_version()})")
        obj = into
    obj.get_object_kind().set_group_version_kind(actual)
    return obj, actual


class Serializer:
    """The ``application/vnd.kubernetes.protobuf`` serializer."""

    def __init__(self, creater: ObjectCreater, typer: ObjectTyper):
        self._creater = creater
        self._typer = typer
        self.prefix = PROTO_ENCODING_PREFIX
        # (type of into, apiVersion, kind) -> the kind decoded into such an object before (decode without
        # defaults): a Scheme only ever adds registrations, so the answer of its look-ups stays the same.
        self._decoded_into: dict[tuple[type, str, str], GroupVersionKind] = {}
        self._remember_into = isinstance(typer, Scheme)

    def identifier(self) -> str:
        return "protobuf"

    def decode(
        self, original_data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        return self._decode(original_data, defaults, into, False)

    def decode_unlabelled(
        self, original_data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        """decode(), then the object's kind cleared, as runtime.WithoutVersionDecoder does: an object whose kind is
        its TypeMeta fields, decoded into a type seen before, has them cleared without setting them first."""
        return self._decode(original_data, defaults, into, True)

    def _decode(
        self, original_data: bytes, defaults: Optional[GroupVersionKind], into: Optional[Object], unlabelled: bool
    ) -> tuple[Object, GroupVersionKind]:
        prefix_len = len(self.prefix)
        if not original_data:
            raise ValueError("empty data")
        if len(original_data) < prefix_len or original_data[:prefix_len] != self.prefix:
            prefix = "[" + " ".join(str(b) for b in self.prefix) + "]"
            raise ValueError(f"provided data does not appear to be a protobuf message, expected prefix {prefix}")
        if len(original_data) == prefix_len:
            raise ValueError("empty body")
        api_version, kind, raw, content_encoding, content_type = _envelope(memoryview(original_data)[prefix_len:])
        if into is not None and defaults is None:
            known = self._decoded_into.get((type(into), api_version, kind))
            if known is not None and isinstance(into, Message):  # what the look-ups found the last time
                _parse_into(into, raw, lambda: f"{known.kind} ({known.group_version()})")
                if unlabelled and type(into).get_object_kind is _TYPE_META_KIND:
                    into.ClearField("apiVersion")  # the kind set, then cleared: what is left of it
                    into.ClearField("kind")
                else:
                    into.get_object_kind().set_group_version_kind(known)
                    if unlabelled:
                        into.get_object_kind().set_group_version_kind(_NO_KIND)
                return into, known
        obj, actual = self._decode_looked_up(api_version, kind, raw, content_encoding, content_type, defaults, into)
        if unlabelled and obj is not None:
            if isinstance(obj, Message) and type(obj).get_object_kind is _TYPE_META_KIND:
                obj.ClearField("apiVersion")  # what set_group_version_kind of no kind does to these objects
                obj.ClearField("kind")
            else:
                obj.get_object_kind().set_group_version_kind(_NO_KIND)
        return obj, actual

    def _decode_looked_up(
        self,
        api_version: str,
        kind: str,
        raw: memoryview,
        content_encoding: str,
        content_type: str,
        defaults: Optional[GroupVersionKind],
        into: Optional[Object],
    ) -> tuple[Object, GroupVersionKind]:
        """decode()'s answer from the envelope's fields, through the scheme's look-ups."""
        gv = parse_group_version(api_version)
        actual = _copy_kind_defaults(GroupVersionKind(gv.group, gv.version, kind), defaults)

        if into is not None and _is_unknown(into):
            into.Clear()
            into.typeMeta.apiVersion, into.typeMeta.kind = api_version, kind
            into.raw = bytes(raw)
            into.contentEncoding, into.contentType = content_encoding, content_type
            ok, _ = self.recognizes_data(into.raw)
            if ok:
                into.contentType = "application/vnd.kubernetes.protobuf"
            return into, actual

        if into is not None:
            try:
                types, _ = self._typer.object_kinds(into)
            except NotRegisteredError:
                if not _is_message(into):
                    raise NotMarshalableError(into) from None
                _parse_into(into, raw, type_string(into))
                return into, actual
            actual = _copy_kind_defaults(actual, types[0])
            if not actual.version and not actual.group:
                actual = GroupVersionKind(types[0].group, actual.version, actual.kind)

        if not actual.kind:
            raise MissingKindError(f'runtime.TypeMeta{{APIVersion:"{api_version}", Kind:"{kind}"}}')
        if not actual.version:
            raise MissingVersionError(f'runtime.TypeMeta{{APIVersion:"{api_version}", Kind:"{kind}"}}')
        obj, actual = _unmarshal_to_object(
            self._typer, self._creater, actual, into, raw, types if into is not None else None
        )
        if obj is into and defaults is None and self._remember_into and len(self._decoded_into) < 1024:
            self._decoded_into[(type(into), api_version, kind)] = actual
        return obj, actual

    def encode(self, obj: Object, w: Writer) -> None:
        w.write(self.encode_to_bytes(obj))

    def encode_to_bytes(self, obj: Object) -> bytes:
        if _is_unknown(obj):
            return self.prefix + _gozero.go_protobuf_bytes_of_unknown(obj)
        if not _is_message(obj):
            raise NotMarshalableError(obj)
        gvk = obj.get_object_kind().group_version_kind()
        api_version = str(gvk.group_version()) if gvk.version or gvk.group else ""
        return _enveloped(self.prefix, api_version, gvk.kind, _gozero.go_protobuf_bytes(obj))

    def encode_as(self, obj: Object, gvk: GroupVersionKind) -> Optional[bytes]:
        """What encode_to_bytes writes for obj while its kind is set to gvk (runtime.WithVersionEncoder's encode),
        without setting it; None for an object whose kind is not its TypeMeta fields (the caller sets it then)."""
        if not _is_message(obj) or getattr(type(obj), "get_object_kind", None) is not _TYPE_META_KIND:
            return None
        labels = _labels.get(gvk)
        if labels is None:  # the kind such an object reports once set to gvk, as encode_to_bytes writes it
            reported = from_api_version_and_kind(*gvk.to_api_version_and_kind())
            labels = (str(reported.group_version()) if reported.version or reported.group else "", reported.kind)
            if len(_labels) < 1024:
                _labels[gvk] = labels
        return _enveloped(self.prefix, labels[0], labels[1], _gozero.go_protobuf_bytes(obj))

    def recognizes_data(self, data: bytes) -> tuple[bool, bool]:
        return bytes(data[: len(self.prefix)]) == self.prefix, False


class RawSerializer:
    """Protobuf without the prefix and envelope: the bytes are the object itself (watch frames)."""

    def __init__(self, creater: ObjectCreater, typer: ObjectTyper):
        self._creater = creater
        self._typer = typer

    def identifier(self) -> str:
        return "raw-protobuf"

    def decode(
        self, original_data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        if into is None:
            raise ValueError("this serializer requires an object to decode into")
        if not original_data:
            raise ValueError("empty data")
        actual = _copy_kind_defaults(GroupVersionKind(), defaults)
        if _is_unknown(into):
            into.raw = bytes(original_data)
            into.contentEncoding = ""
            into.contentType = "application/vnd.kubernetes.protobuf"
            into.typeMeta.apiVersion, into.typeMeta.kind = actual.to_api_version_and_kind()
            return into, actual
        try:
            types, _ = self._typer.object_kinds(into)
        except NotRegisteredError:
            if not _is_message(into):
                raise NotMarshalableError(into) from None
            _parse_into(into, bytes(original_data), type_string(into))
            return into, actual
        actual = _copy_kind_defaults(actual, types[0])
        if not actual.version and not actual.group:
            actual = GroupVersionKind(types[0].group, actual.version, actual.kind)
        if not actual.kind:
            raise MissingKindError("<protobuf encoded body - must provide default type>")
        if not actual.version:
            raise MissingVersionError("<protobuf encoded body - must provide default type>")
        return _unmarshal_to_object(self._typer, self._creater, actual, into, bytes(original_data), types)

    def encode(self, obj: Object, w: Writer) -> None:
        if _is_unknown(obj):
            w.write(obj.raw)
            return
        if not _is_message(obj):
            raise NotMarshalableError(obj)
        w.write(_gozero.go_protobuf_bytes(obj))


def new_serializer(creater: ObjectCreater, typer: ObjectTyper) -> Serializer:
    return Serializer(creater, typer)


def new_raw_serializer(creater: ObjectCreater, typer: ObjectTyper) -> RawSerializer:
    return RawSerializer(creater, typer)


class _LengthDelimitedFramer:
    def new_frame_writer(self, w: Writer) -> Writer:
        return LengthDelimitedFrameWriter(w)

    def new_frame_reader(self, r: object) -> FrameReader:
        return LengthDelimitedFrameReader(r)


LengthDelimitedFramer = _LengthDelimitedFramer()
