"""Quantity suffixes: the SI (k, M, G, ...), binary (Ki, Mi, ...) and exponent (e3, E-2) notations."""

from __future__ import annotations

from typing import Optional

from kubernetes_py.apimachinery.api.resource import _int64 as i64

Format = str
DecimalExponent: Format = "DecimalExponent"  # 12e6
BinarySI: Format = "BinarySI"  # 12Mi (12 * 2^20)
DecimalSI: Format = "DecimalSI"  # 12M (12 * 10^6)

_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_BY_EXPONENT = {e: s for s, e in _DECIMAL.items()}
_BINARY_BY_EXPONENT = {e: s for s, e in _BINARY.items()}


def _parse_int64(text: str) -> Optional[int]:
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not all("0" <= c <= "9" for c in digits):
        return None
    value = int(text)
    return value if i64.is_int64(value) else None


def interpret(suffix: str) -> Optional[tuple[int, int, Format]]:
    """(base, exponent, format) for a suffix, or None when the suffix is unknown."""
    if suffix in _DECIMAL:
        return 10, _DECIMAL[suffix], DecimalSI
    if suffix in _BINARY:
        return 2, _BINARY[suffix], BinarySI
    if len(suffix) > 1 and suffix[0] in "Ee":
        parsed = _parse_int64(suffix[1:])
        if parsed is None:
            return None
        return 10, i64.wrap32(parsed), DecimalExponent
    return None


def construct(base: int, exponent: int, fmt: Format) -> str:
    """The suffix for base^exponent in a format; "" when the format has none (as Go appends nothing then)."""
    if fmt == DecimalSI:
        if base == 10:
            return _DECIMAL_BY_EXPONENT.get(exponent, "")
        return ""  # Go also maps (2, 0) to "", which is the same text
    if fmt == BinarySI:
        if base == 2:
            return _BINARY_BY_EXPONENT.get(exponent, "")
        return ""
    if fmt == DecimalExponent:
        if base != 10 or exponent == 0:
            return ""
        return f"e{exponent}"
    return ""
