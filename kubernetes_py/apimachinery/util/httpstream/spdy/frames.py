"""SPDY/3 framing as moby/spdystream's ``spdy`` package does it: the frames Kubernetes streams use, their encoding and
decoding, and zlib compression of header blocks with SPDY/3's dictionary.

One ``Framer`` per connection: its header compressor and decompressor are stateful across frames (one zlib stream
each way), so frames must be written in the order they are encoded, under the connection's write lock, and read by one
reader. ``write_frame`` builds the whole frame and hands it to ``w`` in one call; ``read_frame`` reads exactly one
frame from ``r`` (an object whose ``read(n)`` returns up to n bytes, b"" at the end).

Behaviour kept from spdystream (checked against Go-made bytes in tests/unit/spdy):

* header names go out lowercased, one name per key with its values joined by NUL, in the header dict's order;
* a header block read in must have lowercased names, no name twice, none of the hop-by-hop names a SYN_STREAM
  (Connection, Host, Keep-Alive, Proxy-Connection, Transfer-Encoding) or SYN_REPLY (the same without Host) may not
  carry, at most 1000 headers of at most 1 MiB each (``Framer`` options change the limits);
* stream id 0 is refused everywhere it would name a stream, as are a ping id of 0, a RST_STREAM status of 0, and
  control-frame payloads over the maximum (whose bytes are skipped before the error);
* WINDOW_UPDATE, SETTINGS, HEADERS and NOOP-free flow: frames are parsed, but spdystream implements no flow control
  and neither does ``spdy.connection`` (see there).

Compressed bytes differ from Go's (Go's flate and zlib choose different encodings), so tests compare compressed
frames by decoding each side's bytes with the other side, and every uncompressed frame byte for byte.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any, Callable, Optional, Union

from urllib3 import HTTPHeaderDict

Version = 3

# Control frame types.
TypeSynStream = 0x0001
TypeSynReply = 0x0002
TypeRstStream = 0x0003
TypeSettings = 0x0004
TypePing = 0x0006
TypeGoAway = 0x0007
TypeHeaders = 0x0008
TypeWindowUpdate = 0x0009

ControlFlagFin = 0x01
ControlFlagUnidirectional = 0x02
ControlFlagSettingsClearSettings = 0x01

DataFlagFin = 0x01

MaxDataLength = (1 << 24) - 1

DEFAULT_MAX_HEADER_FIELD_SIZE = 1 << 20
DEFAULT_MAX_HEADER_COUNT = 1000

# RST_STREAM status codes.
ProtocolError = 1
InvalidStream = 2
RefusedStream = 3
UnsupportedVersion = 4
Cancel = 5
InternalError = 6
FlowControlError = 7
StreamInUse = 8
StreamAlreadyClosed = 9
InvalidCredentials = 10
FrameTooLarge = 11

# SETTINGS flags and ids.
FlagSettingsPersistValue = 0x1
FlagSettingsPersisted = 0x2
SettingsUploadBandwidth = 1
SettingsDownloadBandwidth = 2
SettingsRoundTripTime = 3
SettingsMaxConcurrentStreams = 4
SettingsCurrentCwnd = 5
SettingsDownloadRetransRate = 6
SettingsInitialWindowSize = 7
SettingsClientCretificateVectorSize = 8

# GOAWAY status codes.
GoAwayOK = 0
GoAwayProtocolError = 1
GoAwayInternalError = 2

# Error codes (the messages of ``Error``).
UnlowercasedHeaderName = "header was not lowercased"
DuplicateHeaders = "multiple headers with same name"
WrongCompressedPayloadSize = "compressed payload size was incorrect"
UnknownFrameType = "unknown frame type"
InvalidControlFrame = "invalid control frame"
InvalidDataFrame = "invalid data frame"
InvalidHeaderPresent = "frame contained invalid header"
ZeroStreamId = "stream id zero is disallowed"

_INVALID_REQ_HEADERS = frozenset(("connection", "host", "keep-alive", "proxy-connection", "transfer-encoding"))
_INVALID_RESP_HEADERS = frozenset(("connection", "keep-alive", "proxy-connection", "transfer-encoding"))

# The SPDY/3 header compression dictionary (draft-mbelshe-httpbis-spdy-00, section 2.6.10.1).
HEADER_DICTIONARY = bytes.fromhex(
    "000000076f7074696f6e73000000046865616400000004706f7374000000037075740000000664656c657465000000057472616365000000"
    "066163636570740000000e6163636570742d636861727365740000000f6163636570742d656e636f64696e670000000f6163636570742d6c"
    "616e67756167650000000d6163636570742d72616e6765730000000361676500000005616c6c6f770000000d617574686f72697a6174696f"
    "6e0000000d63616368652d636f6e74726f6c0000000a636f6e6e656374696f6e0000000c636f6e74656e742d6261736500000010636f6e74"
    "656e742d656e636f64696e6700000010636f6e74656e742d6c616e67756167650000000e636f6e74656e742d6c656e67746800000010636f"
    "6e74656e742d6c6f636174696f6e0000000b636f6e74656e742d6d64350000000d636f6e74656e742d72616e67650000000c636f6e74656e"
    "742d74797065000000046461746500000004657461670000000665787065637400000007657870697265730000000466726f6d0000000468"
    "6f73740000000869662d6d617463680000001169662d6d6f6469666965642d73696e63650000000d69662d6e6f6e652d6d61746368000000"
    "0869662d72616e67650000001369662d756e6d6f6469666965642d73696e63650000000d6c6173742d6d6f646966696564000000086c6f63"
    "6174696f6e0000000c6d61782d666f72776172647300000006707261676d610000001270726f78792d61757468656e746963617465000000"
    "1370726f78792d617574686f72697a6174696f6e0000000572616e676500000007726566657265720000000b72657472792d616674657200"
    "00000673657276657200000002746500000007747261696c6572000000117472616e736665722d656e636f64696e67000000077570677261"
    "64650000000a757365722d6167656e74000000047661727900000003766961000000077761726e696e67000000107777772d61757468656e"
    "746963617465000000066d6574686f64000000036765740000000673746174757300000006323030204f4b0000000776657273696f6e0000"
    "0008485454502f312e310000000375726c000000067075626c69630000000a7365742d636f6f6b69650000000a6b6565702d616c69766500"
    "0000066f726967696e3130303130313230313230323230353230363330303330323330333330343330353330363330373430323430353430"
    "36343037343038343039343130343131343132343133343134343135343136343137353032353034353035323033204e6f6e2d417574686f"
    "726974617469766520496e666f726d6174696f6e323034204e6f20436f6e74656e74333031204d6f766564205065726d616e656e746c7934"
    "303020426164205265717565737434303120556e617574686f72697a656434303320466f7262696464656e343034204e6f7420466f756e64"
    "35303020496e7465726e616c20536572766572204572726f72353031204e6f7420496d706c656d656e746564353033205365727669636520"
    "556e617661696c61626c654a616e20466562204d617220417072204d6179204a756e204a756c204175672053657074204f6374204e6f7620"
    "4465632030303a30303a3030204d6f6e2c205475652c205765642c205468752c204672692c205361742c2053756e2c20474d546368756e6b"
    "65642c746578742f68746d6c2c696d6167652f706e672c696d6167652f6a70672c696d6167652f6769662c6170706c69636174696f6e2f78"
    "6d6c2c6170706c69636174696f6e2f7868746d6c2b786d6c2c746578742f706c61696e2c746578742f6a6176617363726970742c7075626c"
    "6963707269766174656d61782d6167653d677a69702c6465666c6174652c73646368636861727365743d7574662d38636861727365743d69"
    "736f2d383835392d312c7574662d2c2a2c656e713d302e"
)


class Error(Exception):
    """A frame that breaks the protocol: ``err`` is one of the error codes above, ``stream_id`` the stream it names."""

    def __init__(self, err: str, stream_id: int = 0):
        super().__init__(err)
        self.err = err
        self.stream_id = stream_id


class ControlFrameHeader:
    __slots__ = ("version", "frame_type", "flags", "length")

    def __init__(self, flags: int = 0, version: int = 0, frame_type: int = 0, length: int = 0):
        self.flags = flags
        self.version = version
        self.frame_type = frame_type
        self.length = length

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlFrameHeader) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__
        )

    def __repr__(self) -> str:
        return (
            f"ControlFrameHeader(version={self.version}, frame_type={self.frame_type}, flags={self.flags}, "
            f"length={self.length})"
        )


Header = HTTPHeaderDict


class _Frame:
    _fields: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(_same(getattr(self, n), getattr(other, n)) for n in self._fields)

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({inner})"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, HTTPHeaderDict) or isinstance(b, HTTPHeaderDict):
        return _header_lists(a) == _header_lists(b)
    return bool(a == b)


def _header_lists(h: Any) -> dict[Any, Any]:
    if h is None:
        return {}
    return {k.lower(): list(h.getlist(k)) for k in h.keys()}


class SynStreamFrame(_Frame):
    _fields = ("cf_header", "stream_id", "associated_to_stream_id", "priority", "slot", "headers")

    def __init__(
        self,
        stream_id: int = 0,
        headers: Optional[Header] = None,
        associated_to_stream_id: int = 0,
        priority: int = 0,
        slot: int = 0,
        cf_header: Optional[ControlFrameHeader] = None,
    ):
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.stream_id = stream_id
        self.associated_to_stream_id = associated_to_stream_id
        self.priority = priority
        self.slot = slot
        self.headers = headers if headers is not None else Header()


class SynReplyFrame(_Frame):
    _fields = ("cf_header", "stream_id", "headers")

    def __init__(
        self, stream_id: int = 0, headers: Optional[Header] = None, cf_header: Optional[ControlFrameHeader] = None
    ):
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.stream_id = stream_id
        self.headers = headers if headers is not None else Header()


class HeadersFrame(SynReplyFrame):
    pass


class RstStreamFrame(_Frame):
    _fields = ("cf_header", "stream_id", "status")

    def __init__(self, stream_id: int = 0, status: int = 0, cf_header: Optional[ControlFrameHeader] = None):
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.stream_id = stream_id
        self.status = status


class SettingsFlagIdValue(_Frame):
    _fields = ("flag", "id", "value")

    def __init__(self, flag: int = 0, id: int = 0, value: int = 0):  # noqa: A002 - Go's field name
        self.flag = flag
        self.id = id
        self.value = value


class SettingsFrame(_Frame):
    _fields = ("cf_header", "flag_id_values")

    def __init__(
        self, flag_id_values: Optional[list[SettingsFlagIdValue]] = None, cf_header: Optional[ControlFrameHeader] = None
    ):
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.flag_id_values = list(flag_id_values or [])


class PingFrame(_Frame):
    _fields = ("cf_header", "id")

    def __init__(self, id: int = 0, cf_header: Optional[ControlFrameHeader] = None):  # noqa: A002
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.id = id


class GoAwayFrame(_Frame):
    _fields = ("cf_header", "last_good_stream_id", "status")

    def __init__(self, last_good_stream_id: int = 0, status: int = 0, cf_header: Optional[ControlFrameHeader] = None):
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.last_good_stream_id = last_good_stream_id
        self.status = status


class WindowUpdateFrame(_Frame):
    _fields = ("cf_header", "stream_id", "delta_window_size")

    def __init__(self, stream_id: int = 0, delta_window_size: int = 0, cf_header: Optional[ControlFrameHeader] = None):
        self.cf_header = cf_header if cf_header is not None else ControlFrameHeader()
        self.stream_id = stream_id
        self.delta_window_size = delta_window_size


class DataFrame(_Frame):
    _fields = ("stream_id", "flags", "data")

    def __init__(self, stream_id: int = 0, data: bytes = b"", flags: int = 0):
        self.stream_id = stream_id
        self.flags = flags
        self.data = data


Frame = Union[
    SynStreamFrame,
    SynReplyFrame,
    HeadersFrame,
    RstStreamFrame,
    SettingsFrame,
    PingFrame,
    GoAwayFrame,
    WindowUpdateFrame,
    DataFrame,
]

_U32 = struct.Struct(">I")
_U32x2 = struct.Struct(">II")
_CONTROL_HEAD = struct.Struct(">HHI")


def _control_head(h: ControlFrameHeader) -> bytes:
    return _CONTROL_HEAD.pack(0x8000 | h.version, h.frame_type, (h.flags & 0xFF) << 24 | h.length)


def header_value_block(h: Header) -> bytes:
    """The uncompressed name/value block of h: count, then each lowercased name and its NUL-joined values."""
    out = [_U32.pack(len(h))]
    for name in h.keys():
        raw_name = name.lower().encode("latin-1")
        value = "\x00".join(h.getlist(name)).encode("latin-1")
        out.append(_U32.pack(len(raw_name)) + raw_name + _U32.pack(len(value)) + value)
    return b"".join(out)


FramerOption = Callable[["Framer"], None]


def with_max_control_frame_payload_size(size: int) -> FramerOption:
    def opt(f: "Framer") -> None:
        f.max_frame_length = size

    return opt


def with_max_header_field_size(size: int) -> FramerOption:
    def opt(f: "Framer") -> None:
        f.max_header_field_size = size

    return opt


def with_max_header_count(count: int) -> FramerOption:
    def opt(f: "Framer") -> None:
        f.max_header_count = count

    return opt


# Bytes Go's textproto.CanonicalMIMEHeaderKey accepts in a name it rewrites.
_TOKEN_BYTES = frozenset(b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _canonical_unchanged(name: str) -> bool:
    """Whether Go's canonical form of a lowercased name is the name itself. spdystream checks for a repeated name
    by looking the lowercased name up among canonical keys, so only such names are ever found twice."""
    raw = name.encode("latin-1")
    if any(b not in _TOKEN_BYTES for b in raw):
        return True
    upper = True
    for ch in name:
        if upper and ch != ch.upper():
            return False
        upper = ch == "-"
    return True


class Framer:
    """Reads and writes frames of one connection (spdystream's ``spdy.Framer``).

    ``w`` is a writer (``write(data)``) or a function taking the bytes of one whole frame; ``r`` has ``read(n)``.
    """

    def __init__(self, w: Any, r: Any, *opts: Optional[FramerOption]):
        self.w: Callable[[bytes], Any] = w.write if hasattr(w, "write") else w
        self.r = r
        self.header_compression_disabled = False
        self.max_frame_length = 0
        self.max_header_field_size = 0
        self.max_header_count = 0
        self._compressor = zlib.compressobj(
            zlib.Z_BEST_COMPRESSION, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, HEADER_DICTIONARY
        )
        self._decompressor: Any = None
        for opt in opts:
            if opt is not None:
                opt(self)

    # --- writing ---------------------------------------------------------------------------------------------
    def encode_frame(self, frame: Frame) -> bytes:
        """The wire bytes of frame (advancing the header compressor); raises ``Error`` for a frame that may not go."""
        t = type(frame)
        if t is DataFrame:
            return self._encode_data(frame)  # type: ignore[arg-type]
        if t is SynStreamFrame:
            f: Any = frame
            if f.stream_id == 0:
                raise Error(ZeroStreamId, 0)
            block = self._header_block(f.headers)
            self._set_head(f.cf_header, TypeSynStream, len(block) + 10)
            return (
                _control_head(f.cf_header)
                + _U32x2.pack(f.stream_id & 0xFFFFFFFF, f.associated_to_stream_id)
                + bytes(((f.priority << 5) & 0xFF, f.slot & 0xFF))
                + block
            )
        if t is SynReplyFrame or t is HeadersFrame:
            f = frame
            if f.stream_id == 0:
                raise Error(ZeroStreamId, 0)
            block = self._header_block(f.headers)
            self._set_head(f.cf_header, TypeSynReply if t is SynReplyFrame else TypeHeaders, len(block) + 4)
            return _control_head(f.cf_header) + _U32.pack(f.stream_id) + block
        if t is RstStreamFrame:
            f = frame
            if f.stream_id == 0:
                raise Error(ZeroStreamId, 0)
            if f.status == 0:
                raise Error(InvalidControlFrame, f.stream_id)
            f.cf_header.flags = 0
            self._set_head(f.cf_header, TypeRstStream, 8)
            return _control_head(f.cf_header) + _U32x2.pack(f.stream_id, f.status)
        if t is SettingsFrame:
            f = frame
            length = len(f.flag_id_values) * 8 + 4
            if length > MaxDataLength:
                raise Error(InvalidControlFrame, 0)
            self._set_head(f.cf_header, TypeSettings, length)
            parts = [_control_head(f.cf_header), _U32.pack(len(f.flag_id_values))]
            for v in f.flag_id_values:
                parts.append(_U32x2.pack(((v.flag & 0xFF) << 24 | v.id) & 0xFFFFFFFF, v.value))
            return b"".join(parts)
        if t is PingFrame:
            f = frame
            if f.id == 0:
                raise Error(ZeroStreamId, 0)
            f.cf_header.flags = 0
            self._set_head(f.cf_header, TypePing, 4)
            return _control_head(f.cf_header) + _U32.pack(f.id)
        if t is GoAwayFrame:
            f = frame
            f.cf_header.flags = 0
            self._set_head(f.cf_header, TypeGoAway, 8)
            return _control_head(f.cf_header) + _U32x2.pack(f.last_good_stream_id, f.status)
        if t is WindowUpdateFrame:
            f = frame
            f.cf_header.flags = 0
            self._set_head(f.cf_header, TypeWindowUpdate, 8)
            return _control_head(f.cf_header) + _U32x2.pack(f.stream_id, f.delta_window_size)
        raise TypeError(f"not a SPDY frame: {t.__name__}")

    def write_frame(self, frame: Frame) -> None:
        self.w(self.encode_frame(frame))

    @staticmethod
    def _set_head(h: ControlFrameHeader, frame_type: int, length: int) -> None:
        h.version = Version
        h.frame_type = frame_type
        h.length = length

    def _header_block(self, headers: Header) -> bytes:
        block = header_value_block(headers)
        if not self.header_compression_disabled:
            block = self._compressor.compress(block) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
        if len(block) + 10 > MaxDataLength:
            raise Error(InvalidControlFrame, 0)
        return block

    @staticmethod
    def _encode_data(frame: DataFrame) -> bytes:
        if frame.stream_id == 0:
            raise Error(ZeroStreamId, 0)
        if frame.stream_id & 0x80000000 or len(frame.data) > MaxDataLength:
            raise Error(InvalidDataFrame, frame.stream_id)
        return _U32x2.pack(frame.stream_id, (frame.flags & 0xFF) << 24 | len(frame.data)) + bytes(frame.data)

    # --- reading ---------------------------------------------------------------------------------------------
    def _read(self, n: int, first: bool = False) -> bytes:
        data: bytes = self.r.read(n)
        if len(data) == n:
            return data
        chunks = [data]
        got = len(data)
        while got < n:
            more = self.r.read(n - got)
            if not more:
                if got == 0 and first:
                    raise EOFError("EOF")
                raise EOFError("unexpected EOF")
            chunks.append(more)
            got += len(more)
        return b"".join(chunks)

    def read_frame(self) -> Frame:
        """The next frame; raises ``EOFError`` at the end of the input ("EOF" between frames, "unexpected EOF" in
        one) and ``Error`` for a frame that breaks the protocol."""
        first_word, second = _U32x2.unpack(self._read(8, first=True))
        if first_word & 0x80000000:
            frame_type = first_word & 0xFFFF
            version = (first_word >> 16) & 0x7FFF
            return self._parse_control_frame(version, frame_type, second)
        stream_id = first_word & 0x7FFFFFFF
        length = second & 0xFFFFFF
        data = self._read(length) if length else b""
        if stream_id == 0:
            raise Error(ZeroStreamId, 0)
        return DataFrame(stream_id=stream_id, flags=second >> 24, data=data)

    def _parse_control_frame(self, version: int, frame_type: int, word: int) -> Frame:
        flags = (word >> 24) & 0xFF
        length = word & 0xFFFFFF
        limit = self.max_frame_length if self.max_frame_length > 0 else MaxDataLength
        if length > limit:
            self._read(length)
            raise Error(InvalidControlFrame, 0)
        h = ControlFrameHeader(flags=flags, version=version, frame_type=frame_type, length=length)
        if frame_type == TypeSynStream:
            stream_id, assoc = _U32x2.unpack(self._read(8))
            prio_slot = self._read(2)
            headers = self._read_headers(length - 10, stream_id)
            for name in headers.keys():
                if name.lower() in _INVALID_REQ_HEADERS:
                    raise Error(InvalidHeaderPresent, stream_id)
            if stream_id == 0:
                raise Error(ZeroStreamId, 0)
            return SynStreamFrame(
                stream_id=stream_id,
                headers=headers,
                associated_to_stream_id=assoc,
                priority=prio_slot[0] >> 5,
                slot=prio_slot[1],
                cf_header=h,
            )
        if frame_type in (TypeSynReply, TypeHeaders):
            (stream_id,) = _U32.unpack(self._read(4))
            headers = self._read_headers(length - 4, stream_id)
            invalid = _INVALID_RESP_HEADERS
            if frame_type == TypeHeaders and stream_id % 2 == 0:
                invalid = _INVALID_REQ_HEADERS
            for name in headers.keys():
                if name.lower() in invalid:
                    raise Error(InvalidHeaderPresent, stream_id)
            if stream_id == 0:
                raise Error(ZeroStreamId, 0)
            cls = SynReplyFrame if frame_type == TypeSynReply else HeadersFrame
            return cls(stream_id=stream_id, headers=headers, cf_header=h)
        if frame_type == TypeRstStream:
            stream_id, status = _U32x2.unpack(self._read(8))
            if status == 0:
                raise Error(InvalidControlFrame, stream_id)
            if stream_id == 0:
                raise Error(ZeroStreamId, 0)
            return RstStreamFrame(stream_id=stream_id, status=status, cf_header=h)
        if frame_type == TypeSettings:
            (count,) = _U32.unpack(self._read(4))
            if length < 4 or count > (length - 4) // 8:
                raise Error(InvalidControlFrame, 0)
            values = []
            for _ in range(count):
                flag_id, value = _U32x2.unpack(self._read(8))
                values.append(SettingsFlagIdValue(flag=flag_id >> 24, id=flag_id & 0xFFFFFF, value=value))
            return SettingsFrame(flag_id_values=values, cf_header=h)
        if frame_type == TypePing:
            (ping_id,) = _U32.unpack(self._read(4))
            if ping_id == 0:
                raise Error(ZeroStreamId, 0)
            if flags != 0:
                raise Error(InvalidControlFrame, ping_id)
            return PingFrame(id=ping_id, cf_header=h)
        if frame_type == TypeGoAway:
            (last,) = _U32.unpack(self._read(4))
            if flags != 0 or length != 8:
                raise Error(InvalidControlFrame, last)
            (status,) = _U32.unpack(self._read(4))
            return GoAwayFrame(last_good_stream_id=last, status=status, cf_header=h)
        if frame_type == TypeWindowUpdate:
            (stream_id,) = _U32.unpack(self._read(4))
            if flags != 0 or length != 8:
                raise Error(InvalidControlFrame, stream_id)
            (delta,) = _U32.unpack(self._read(4))
            return WindowUpdateFrame(stream_id=stream_id, delta_window_size=delta, cf_header=h)
        raise Error(InvalidControlFrame, 0)

    def _read_headers(self, payload_size: int, stream_id: int) -> Header:
        if payload_size < 0:
            raise Error(InvalidControlFrame, stream_id)
        payload = self._read(payload_size) if payload_size else b""
        if self.header_compression_disabled:
            return self._parse_header_value_block(payload, stream_id)
        if self._decompressor is None:
            self._decompressor = zlib.decompressobj(15, HEADER_DICTIONARY)
        try:
            block = self._decompressor.decompress(payload)
        except zlib.error:
            raise Error(WrongCompressedPayloadSize, 0) from None
        try:
            return self._parse_header_value_block(block, stream_id)
        except EOFError:
            raise Error(WrongCompressedPayloadSize, 0) from None

    def _parse_header_value_block(self, block: bytes, stream_id: int) -> Header:
        pos = 0

        def take(n: int) -> bytes:
            nonlocal pos
            if pos + n > len(block):
                raise EOFError("unexpected EOF")
            out = block[pos : pos + n]
            pos += n
            return out

        (count,) = _U32.unpack(take(4))
        if count > (self.max_header_count or DEFAULT_MAX_HEADER_COUNT):
            raise Error(InvalidControlFrame, stream_id)
        max_field = self.max_header_field_size or DEFAULT_MAX_HEADER_FIELD_SIZE
        h = Header()
        err: Optional[Error] = None
        for _ in range(count):
            (n,) = _U32.unpack(take(4))
            if n > max_field:
                raise Error(InvalidControlFrame, stream_id)
            name = take(n).decode("latin-1")
            if name != name.lower():
                err = Error(UnlowercasedHeaderName, stream_id)
                name = name.lower()
            if name in h and _canonical_unchanged(name):  # Go's http.Header keys are canonical: see below
                err = Error(DuplicateHeaders, stream_id)
            (n,) = _U32.unpack(take(4))
            if n > max_field:
                raise Error(InvalidControlFrame, stream_id)
            for v in take(n).decode("latin-1").split("\x00"):
                h.add(name, v)
        if err is not None:
            raise err
        return h


def new_framer(w: Any, r: Any) -> Framer:
    """Go's spdy.NewFramer."""
    return Framer(w, r)


def new_framer_with_options(w: Any, r: Any, *opts: Optional[FramerOption]) -> Framer:
    return Framer(w, r, *opts)
