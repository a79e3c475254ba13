"""metav1.Time, MicroTime and Duration: Go's constructors and methods on the API messages.

A Time or MicroTime message holds Unix ``seconds`` and ``nanos``. Go's zero time (``time.Time{}``, what
``is_zero()`` tests) is a message without ``seconds`` (or 0001-01-01T00:00:00Z), which encodes as JSON ``null``.
In memory a Time keeps nanoseconds, as Go's does, so ``before``/``equal`` see them; the wire forms (RFC 3339
seconds for Time, microseconds for MicroTime) drop what Go drops.
"""

from __future__ import annotations

import datetime
import time as _time
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union

from google.protobuf.descriptor import Descriptor

from kubernetes_py._go.time import (
    ZERO_TIME_SECONDS,
    TimeParseError,
    format_duration,
    format_rfc3339,
    format_rfc3339_micro,
    parse_duration,
    parse_rfc3339,
)
from kubernetes_py._schema import add_methods, message_class
from kubernetes_py.apimachinery.runtime._special import Fallback, TextCodec, register

TIME_MESSAGE = "k8s.io.apimachinery.pkg.apis.meta.v1.Time"
MICRO_TIME_MESSAGE = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"
DURATION_MESSAGE = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration"

# For a checker the classes are the messages' stubs, and the method mixins below extend the message they are
# copied onto (add_methods).
if TYPE_CHECKING:
    from kubernetes_py.apimachinery.apis.meta.v1.generated import Duration as Duration
    from kubernetes_py.apimachinery.apis.meta.v1.generated import MicroTime as MicroTime
    from kubernetes_py.apimachinery.apis.meta.v1.generated import Time as Time

    _TimeMessage = Time
    _DurationMessage = Duration
else:
    Time = message_class(TIME_MESSAGE)
    MicroTime = message_class(MICRO_TIME_MESSAGE)
    Duration = message_class(DURATION_MESSAGE)
    _TimeMessage = _DurationMessage = object

_AnyTime = Union[Time, MicroTime]
_Instant = Union[Time, MicroTime, datetime.datetime]
_T = TypeVar("_T", Time, MicroTime)

_NS = 1_000_000_000
_UTC = datetime.timezone.utc


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def _normalize(seconds: int, nanos: int) -> tuple[int, int]:
    extra, nanos = divmod(nanos, _NS)
    return seconds + extra, nanos


def _local_offset(seconds: int) -> tuple[int, str]:
    """The local zone's UTC offset (seconds) and abbreviation at a Unix time, as Go's time.Local reports it."""
    try:
        lt = _time.localtime(seconds)
        return lt.tm_gmtoff, lt.tm_zone
    except (OverflowError, OSError, ValueError):
        lt = _time.localtime(0)
        return lt.tm_gmtoff, lt.tm_zone


def _go_time_string(seconds: int, nanos: int) -> str:
    """Go's time.Time.String() in the local zone: ``2006-01-02 15:04:05.999999999 -0700 MST``."""
    offset, zone = _local_offset(seconds)
    local = seconds + offset
    days, rem = divmod(local, 86400)
    y, m, d = _civil_from_days(days)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    frac = f".{nanos:09d}".rstrip("0") if nanos else ""
    sign = "-" if offset < 0 else "+"
    off = abs(offset) // 60
    year = f"{y:04d}" if y >= 0 else f"-{-y:04d}"
    return f"{year}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d}{frac} {sign}{off // 60:02d}{off % 60:02d} {zone}"


def _is_zero_parts(m: _AnyTime) -> bool:
    return not m.HasField("seconds") or (m.seconds == ZERO_TIME_SECONDS and m.nanos == 0)


def _parts(t: _Instant) -> tuple[int, int]:
    """(seconds, nanos) of a Time/MicroTime message (Go's zero time for an empty one) or an aware datetime."""
    if isinstance(t, datetime.datetime):
        return _from_datetime(t)
    if not t.HasField("seconds"):
        return ZERO_TIME_SECONDS, 0
    return t.seconds, t.nanos


def _from_datetime(dt: datetime.datetime) -> tuple[int, int]:
    if dt.tzinfo is None:
        dt = dt.astimezone()  # a naive datetime is local time, as Python's own conventions say
    delta = dt - datetime.datetime(1970, 1, 1, tzinfo=_UTC)
    seconds = delta.days * 86400 + delta.seconds
    return seconds, delta.microseconds * 1000


def _to_datetime(seconds: int, nanos: int) -> datetime.datetime:
    return datetime.datetime(1970, 1, 1, tzinfo=_UTC) + datetime.timedelta(seconds=seconds, microseconds=nanos // 1000)


class _TimeMethods(_TimeMessage):
    """Methods of metav1.Time (and of the time.Time it embeds in Go) on the message."""

    def is_zero(self) -> bool:
        return _is_zero_parts(self)

    def before(self, u: Optional[_Instant]) -> bool:
        """Whether this instant is before ``u``; False when ``u`` is None (Go's nil)."""
        if u is None:
            return False
        return _parts(self) < _parts(u)

    def after(self, u: _Instant) -> bool:
        return _parts(self) > _parts(u)

    def equal(self, u: Optional[_Instant]) -> bool:
        """Same instant (a nil ``u`` equals nothing here, since this Time is not nil)."""
        if u is None:
            return False
        return _parts(self) == _parts(u)

    def unix(self) -> int:
        return _parts(self)[0]

    def unix_nano(self) -> int:
        seconds, nanos = _parts(self)
        return seconds * _NS + nanos

    def to_datetime(self) -> datetime.datetime:
        """An aware UTC datetime (microsecond precision); raises OverflowError outside datetime's years 1-9999."""
        return _to_datetime(*_parts(self))

    def __str__(self) -> str:
        return _go_time_string(*_parts(self))

    def to_unstructured(self) -> Optional[str]:
        if self.is_zero():
            return None
        return format_rfc3339(_parts(self)[0])

    def marshal_query_parameter(self) -> str:
        return "" if self.is_zero() else format_rfc3339(_parts(self)[0])


class _OnlyTimeMethods(_TimeMethods):
    def rfc3339_copy(self) -> Time:
        """A copy truncated to whole seconds, as a round trip through RFC 3339 gives."""
        seconds, _ = _parts(self)
        return Time(seconds=seconds, nanos=0)


class _MicroTimeMethods(_TimeMethods):
    def before_time(self, u: Optional[_Instant]) -> bool:
        if u is None:
            return False
        return _parts(self) < _parts(u)

    def equal_time(self, u: Optional[_Instant]) -> bool:
        if u is None:
            return False
        return _parts(self) == _parts(u)

    def to_unstructured(self) -> Optional[str]:
        if self.is_zero():
            return None
        return format_rfc3339_micro(*_parts(self))

    def marshal_query_parameter(self) -> str:
        return "" if self.is_zero() else format_rfc3339_micro(*_parts(self))


class _DurationMethods(_DurationMessage):
    """Go's metav1.Duration embeds time.Duration: ``str()`` is its String()."""

    def __str__(self) -> str:
        return format_duration(self.duration)

    def to_unstructured(self) -> str:
        return format_duration(self.duration)

    def to_timedelta(self) -> datetime.timedelta:
        return datetime.timedelta(microseconds=self.duration // 1000)

    def seconds(self) -> float:
        """time.Duration.Seconds(): whole seconds plus the remainder, both truncated toward zero as in Go."""
        whole = abs(self.duration) // _NS
        rest = abs(self.duration) % _NS
        if self.duration < 0:
            whole, rest = -whole, -rest
        return float(whole) + rest / 1e9


add_methods(TIME_MESSAGE, _OnlyTimeMethods)
add_methods(MICRO_TIME_MESSAGE, _MicroTimeMethods)
add_methods(DURATION_MESSAGE, _DurationMethods)


def _make(cls: type[_T], seconds: int, nanos: int) -> _T:
    seconds, nanos = _normalize(seconds, nanos)
    return cls(seconds=seconds, nanos=nanos)


def now() -> Time:
    """The current time (nanosecond precision)."""
    return _make(Time, *divmod(_time.time_ns(), _NS))


def now_micro() -> MicroTime:
    seconds, nanos = divmod(_time.time_ns(), _NS)
    return _make(MicroTime, seconds, nanos - nanos % 1000)


def new_time(t: datetime.datetime) -> Time:
    """A Time for a datetime (a naive one is local time)."""
    return _make(Time, *_from_datetime(t))


def new_micro_time(t: datetime.datetime) -> MicroTime:
    return _make(MicroTime, *_from_datetime(t))


def unix(sec: int, nsec: int) -> Time:
    """The Time ``sec`` seconds and ``nsec`` nanoseconds after the Unix epoch (nsec may be outside [0, 1e9))."""
    return _make(Time, sec, nsec)


TzInfo = Union[datetime.tzinfo, None]


def _date_parts(
    year: int, month: int, day: int, hour: int, minute: int, sec: int, nsec: int, loc: TzInfo
) -> tuple[int, int]:
    # Like Go's time.Date, out-of-range values carry over (month 13 is January of the next year, ...).
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    seconds = (_days_from_civil(year, month, 1) + day - 1) * 86400 + hour * 3600 + minute * 60 + sec
    seconds, nsec = _normalize(seconds, nsec)
    if loc is None:
        raise ValueError("time: missing Location in call to Date")
    try:
        wall = _to_datetime(seconds, 0).replace(tzinfo=None)
        offset = loc.utcoffset(wall)
    except (OverflowError, ValueError):
        offset = loc.utcoffset(None)
    if offset is not None:
        seconds -= offset.days * 86400 + offset.seconds
    return seconds, nsec


def date(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0, nsec: int = 0, loc: TzInfo = _UTC
) -> Time:
    """Go's metav1.Date: the Time of a calendar date and clock in a zone (default UTC)."""
    return _make(Time, *_date_parts(year, month, day, hour, minute, sec, nsec, loc))


def date_micro(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0, nsec: int = 0, loc: TzInfo = _UTC
) -> MicroTime:
    return _make(MicroTime, *_date_parts(year, month, day, hour, minute, sec, nsec, loc))


def new_duration(d: Union[int, datetime.timedelta]) -> Duration:
    """A metav1.Duration from nanoseconds or a timedelta."""
    if isinstance(d, datetime.timedelta):
        d = (d.days * 86400 + d.seconds) * _NS + d.microseconds * 1000
    return Duration(duration=d)


# ---------------------------------------------------------------------------------------------
# JSON and protobuf (Go's Time.UnmarshalJSON/MarshalJSON/Marshal, MicroTime's and Duration's)

_GO_PACKAGE = "k8s.io/apimachinery/pkg/apis/meta/v1."
_TIME_CACHE: dict[str, dict[str, int]] = {}
_CACHE_LIMIT = 4096


class _TimeCodec(TextCodec):
    """RFC 3339 in JSON (seconds; MicroTime: microseconds), null for the zero time; protobuf carries seconds and
    nanos, nothing for the zero time."""

    go_name = _GO_PACKAGE + "Time"
    micro = False

    def parse(self, text: str) -> dict[str, int]:
        seconds, nanos = parse_rfc3339(text, micro=self.micro)
        if not self.micro:
            return {} if seconds == ZERO_TIME_SECONDS else {"seconds": seconds, "nanos": 0}
        return {} if seconds == ZERO_TIME_SECONDS and nanos == 0 else {"seconds": seconds, "nanos": nanos}

    def fast(self, v: Any) -> Optional[dict[str, int]]:
        if v.__class__ is str:
            # The constructor only reads the returned dict, so equal timestamps (frequent within an object and
            # across a list) can share one; the cache is bounded.
            cached = _TIME_CACHE.get(v)
            if cached is not None:
                return cached
            try:
                seconds, _nanos = parse_rfc3339(v)
            except TimeParseError:
                raise Fallback from None
            result = {} if seconds == ZERO_TIME_SECONDS else {"seconds": seconds, "nanos": 0}
            if len(_TIME_CACHE) >= _CACHE_LIMIT:
                _TIME_CACHE.clear()
            _TIME_CACHE[v] = result
            return result
        if v is None:
            return None
        raise Fallback

    def encode(self, m: _AnyTime) -> Optional[str]:
        if _is_zero_parts(m):
            return None
        return format_rfc3339(m.seconds)

    is_zero: Optional[Callable[[Any], bool]] = staticmethod(_is_zero_parts)

    def fill(self, m: _AnyTime, set_field: Callable[[Any, str, Any], None]) -> None:
        if _is_zero_parts(m):
            m.Clear()
            return
        set_field(m, "nanos", m.nanos if self.micro else 0)

    def c_json(self, message: Descriptor, c: Any) -> tuple[Any, ...]:
        mode = c.kinds.S_MICRO_TIME if self.micro else c.kinds.S_TIME
        fields = message.fields_by_name
        return (c.kinds.T_SPECIAL, c.special(self, mode), fields["seconds"].number, fields["nanos"].number, 0, None)

    def c_fill(self, message: Descriptor, c: Any, nonpointer: int) -> tuple[Any, ...]:
        fields = message.fields_by_name
        return (
            c.kinds.A_MICRO_TIME if self.micro else c.kinds.A_TIME,
            nonpointer,
            -1,
            fields["seconds"].number,
            fields["nanos"].number,
            None,
        )


class _MicroTimeCodec(_TimeCodec):
    go_name = _GO_PACKAGE + "MicroTime"
    micro = True
    fast = TextCodec.fast

    def encode(self, m: _AnyTime) -> Optional[str]:
        if _is_zero_parts(m):
            return None
        return format_rfc3339_micro(m.seconds, m.nanos)


class _DurationCodec(TextCodec):
    """Go's duration text ("1h2m3.5s") in JSON; protobuf carries the nanoseconds, always."""

    go_name = _GO_PACKAGE + "Duration"
    zero_fields = ("duration",)

    def parse(self, text: str) -> dict[str, int]:
        return {"duration": parse_duration(text)}

    def encode(self, m: Duration) -> str:
        return format_duration(m.duration)


register(_TimeCodec())
register(_MicroTimeCodec())
register(_DurationCodec())
