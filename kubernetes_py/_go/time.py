"""Go's ``time`` package where text or arithmetic depends on it: RFC 3339 parsing and formatting as
``time.Parse``/``Time.Format`` do (nanoseconds included, on every Python version), ``Time.IsZero``,
``ParseDuration`` and ``Duration.String``.

Inside, times are (Unix seconds, nanoseconds) and durations integer nanoseconds, as in Go; the public API of the
package's callers takes and gives float seconds (``duration_string``, ``parse_duration_seconds``)."""

from __future__ import annotations

import calendar
import datetime
import re
import time

_EPOCH = datetime.datetime(1970, 1, 1)
# Unix seconds of Go's zero time.Time, 0001-01-01T00:00:00Z.
ZERO_TIME_SECONDS = -62135596800
RFC3339 = "2006-01-02T15:04:05Z07:00"
RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00"


def is_zero(seconds: int, nanos: int) -> bool:
    """Go's ``Time.IsZero`` for the instant (Unix seconds, nanoseconds): 0001-01-01T00:00:00Z exactly."""
    return seconds == ZERO_TIME_SECONDS and nanos == 0


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _checked_fields(
    text: str, year: int, month: int, day: int, hour: int, minute: int, second: int
) -> tuple[int, int, int, int, int, int]:
    """The date and time fields, or Go's "<field> out of range" parse error."""
    problem = None
    if not 1 <= month <= 12:
        problem = "month"
    elif not 1 <= day <= _DAYS[month - 1] or (month == 2 and day == 29 and not calendar.isleap(year)):
        problem = "day"
    elif hour > 23:
        problem = "hour"
    elif minute > 59:
        problem = "minute"
    elif second > 59:
        problem = "second"
    if problem is not None:
        raise TimeParseError(f'parsing time "{text}": {problem} out of range')
    return year, month, day, hour, minute, second


def format_rfc3339(seconds: int) -> str:
    """Go's t.UTC().Format(time.RFC3339) for Unix seconds."""
    if 0 <= seconds < 253402300800:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
    t = _EPOCH + datetime.timedelta(seconds=seconds)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}Z"


def format_rfc3339_micro(seconds: int, nanos: int) -> str:
    """Go's t.UTC().Format(metav1.RFC3339Micro)."""
    t = _EPOCH + datetime.timedelta(seconds=seconds)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{nanos // 1000:06d}Z"


def format_rfc3339_nano(seconds: int, nanos: int) -> str:
    """Go's t.UTC().Format(time.RFC3339Nano): the fraction without trailing zeros, none when it is zero."""
    t = _EPOCH + datetime.timedelta(seconds=seconds)
    frac = f".{nanos:09d}".rstrip("0") if nanos else ""
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}{frac}Z"


class TimeParseError(ValueError):
    pass


_UTC_SECONDS_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")


def parse_rfc3339(text: str, micro: bool = False) -> tuple[int, int]:
    """(Unix seconds, nanoseconds) of an RFC 3339 time, as Go's time.Parse reads it.

    With ``micro`` the fraction must have exactly 6 digits (metav1.RFC3339Micro).
    """
    if not micro and len(text) == 20 and _UTC_SECONDS_RE.match(text):
        # The form the API server writes: "2006-01-02T15:04:05Z".
        fields = _checked_fields(
            text, int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]), int(text[14:16]), int(text[17:19])
        )
        return calendar.timegm(fields + (0, 0, 0)), 0
    return _parse_layout(text, micro)


# The layouts' elements, as Go's time.Parse walks them: (literal prefix, standard element).
_ELEMENTS = (("", "2006"), ("-", "01"), ("-", "02"), ("T", "15"), (":", "04"), (":", "05"))


def _parse_layout(text: str, micro: bool) -> tuple[int, int]:
    """time.Parse(RFC3339 or RFC3339Micro, text), with Go's error texts."""
    layout = RFC3339_MICRO if micro else RFC3339

    def cannot(value_elem: str, layout_elem: str) -> TimeParseError:
        return TimeParseError(f'parsing time "{text}" as "{layout}": cannot parse "{value_elem}" as "{layout_elem}"')

    value = text
    numbers = []
    for prefix, element in _ELEMENTS:
        if not value.startswith(prefix):
            raise cannot(value, prefix)
        value = value[len(prefix) :]
        if element == "2006":
            if len(value) < 4 or not value[:4].isdigit():
                raise cannot(value, element)
            numbers.append(int(value[:4]))
            value = value[4:]
            continue
        digits = 2 if element != "15" or (len(value) > 1 and value[1].isdigit()) else 1
        if len(value) < digits or not value[:digits].isdigit() or (element != "15" and digits != 2):
            raise cannot(value, element)
        if element != "15" and not (len(value) >= 2 and value[:2].isdigit()):
            raise cannot(value, element)
        n = int(value[:digits])
        value = value[digits:]
        numbers.append(n)
        low, high, name = {
            "01": (1, 12, "month"),
            "02": (0, 31, "day"),
            "15": (0, 23, "hour"),
            "04": (0, 59, "minute"),
            "05": (0, 59, "second"),
        }[element]
        if not low <= n <= high:
            raise TimeParseError(f'parsing time "{text}": {name} out of range')
    nanos = 0
    if micro:
        if len(value) < 7 or value[0] not in ".," or not value[1:7].isdigit():
            raise cannot(value, ".000000")
        nanos = int(value[1:7]) * 1000
        value = value[7:]
    elif len(value) >= 2 and value[0] in ".," and value[1].isdigit():
        n = 2
        while n < len(value) and value[n].isdigit():
            n += 1
        nanos = int((value[1:n] + "000000000")[:9])
        value = value[n:]
    offset = 0
    if value.startswith("Z"):
        value = value[1:]
    else:
        if (
            len(value) < 6
            or value[0] not in "+-"
            or value[3] != ":"
            or not (value[1:3].isdigit() and value[4:6].isdigit())
        ):
            raise cannot(value, "Z07:00")
        hours, minutes = int(value[1:3]), int(value[4:6])
        if hours > 24:
            raise TimeParseError(f'parsing time "{text}": time zone offset hour out of range')
        if minutes > 60:
            raise TimeParseError(f'parsing time "{text}": time zone offset minute out of range')
        offset = (hours * 3600 + minutes * 60) * (1 if value[0] == "+" else -1)
        value = value[6:]
    if value:
        raise TimeParseError(f'parsing time "{text}": extra text: "{value}"')
    fields = _checked_fields(text, *numbers)
    return calendar.timegm(fields + (0, 0, 0)) - offset, nanos


_UNITS = {
    "ns": 1,
    "us": 1000,
    "µs": 1000,
    "μs": 1000,
    "ms": 1000_000,
    "s": 1000_000_000,
    "m": 60_000_000_000,
    "h": 3600_000_000_000,
}
_DURATION_PART = re.compile(r"([0-9]*)(\.[0-9]*)?([^0-9.]*)")
_INT64_MAX = (1 << 63) - 1


def parse_duration(text: str) -> int:
    """Go's time.ParseDuration: nanoseconds of "1h2m3.5s", "-1.5ms", "0"..."""
    orig = text
    quoted = '"' + orig + '"'
    neg = False
    if text and text[0] in "+-":
        neg = text[0] == "-"
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise ValueError(f"time: invalid duration {quoted}")
    total = 0
    pos = 0
    while pos < len(text):
        m = _DURATION_PART.match(text, pos)
        assert m is not None  # every part of the pattern may be empty: it matches at any position
        whole, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        if not whole and len(frac) <= 1:
            raise ValueError(f"time: invalid duration {quoted}")
        if not unit:
            raise ValueError(f"time: missing unit in duration {quoted}")
        if unit not in _UNITS:
            raise ValueError(f'time: unknown unit "{unit}" in duration {quoted}')
        scale = _UNITS[unit]
        value = int(whole or "0") * scale
        if len(frac) > 1:
            digits = frac[1:]
            value += int(digits) * scale // (10 ** len(digits))
        total += value
        if total > (1 << 63):
            raise ValueError(f"time: invalid duration {quoted}")
        pos = m.end()
    if neg:
        total = -total
    if total > _INT64_MAX:
        raise ValueError(f"time: invalid duration {quoted}")
    return total


def _frac(v: int, prec: int) -> tuple[str, int]:
    unit = 10**prec
    whole, rest = divmod(v, unit)
    if rest == 0:
        return "", whole
    return "." + f"{rest:0{prec}d}".rstrip("0"), whole


def format_duration(d: int) -> str:
    """Go's time.Duration.String: "1h2m3.5s", "1.5µs", "0s"."""
    if d == 0:
        return "0s"
    sign = "-" if d < 0 else ""
    u = -d if d < 0 else d
    if u < 1000_000_000:
        if u < 1000:
            return f"{sign}{u}ns"
        if u < 1000_000:
            frac, whole = _frac(u, 3)
            return f"{sign}{whole}{frac}µs"
        frac, whole = _frac(u, 6)
        return f"{sign}{whole}{frac}ms"
    frac, secs = _frac(u, 9)
    out = f"{secs % 60}{frac}s"
    mins = secs // 60
    if mins:
        out = f"{mins % 60}m" + out
        hours = mins // 60
        if hours:
            out = f"{hours}h" + out
    return sign + out


def nanoseconds(seconds: float) -> int:
    """A duration given in float seconds as Go's integer nanoseconds, rounded to the nearest."""
    return int(round(seconds * 1e9))


def parse_duration_seconds(text: str) -> float:
    """``parse_duration`` in float seconds, the unit of the public API."""
    return parse_duration(text) / 1e9


def duration_string(seconds: float) -> str:
    """``format_duration`` of a duration given in float seconds ("1.5s", "2m0s", "100ms", "0s")."""
    return format_duration(nanoseconds(seconds))
