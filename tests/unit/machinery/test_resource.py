"""resource.Quantity: cases ported from apimachinery/pkg/api/resource/quantity_test.go."""

import subprocess
import sys

import pytest

from kubernetes_py.apimachinery.api import resource

# (text, unscaled value, power of ten, format) from Go's TestQuantityParse
PARSE_TABLE = [
    ("0", 0, 0, "DecimalSI"),
    ("0n", 0, 0, "DecimalSI"),
    ("0Ki", 0, 0, "BinarySI"),
    ("0Ti", 0, 0, "BinarySI"),
    ("1", 1, 0, "DecimalSI"),
    ("1Ki", 1024, 0, "BinarySI"),
    ("7Mi", 7 * 1024**2, 0, "BinarySI"),
    ("3Ei", 3 * 1024**6, 0, "BinarySI"),
    ("5n", 5, -9, "DecimalSI"),
    ("4u", 4, -6, "DecimalSI"),
    ("50k", 5, 4, "DecimalSI"),
    ("300T", 3, 14, "DecimalSI"),
    ("1E", 1, 18, "DecimalSI"),
    ("1E-3", 1, -3, "DecimalExponent"),
    ("1e15", 1, 15, "DecimalExponent"),
    ("100.035k", 100035, 0, "DecimalSI"),
    ("0.0005k", 5, -1, "DecimalSI"),
    ("0.00500", 5, -3, "DecimalSI"),
    ("0.5e-2", 5, -3, "DecimalExponent"),
    ("1.3E+6", 13, 5, "DecimalExponent"),
    ("6.987654321G", 6987654321, 0, "DecimalSI"),
    ("1.01E", 101, 16, "DecimalSI"),
    ("3.001n", 4, -9, "DecimalSI"),
    ("1.1E-9", 2, -9, "DecimalExponent"),
    ("0.0000000005", 1, -9, "DecimalSI"),
    ("0.00000012354", 124, -9, "DecimalSI"),
    ("9Ei", (1 << 63) - 1, 0, "BinarySI"),
    ("9223372036854775807Ki", (1 << 63) - 1, 0, "BinarySI"),
    ("100.035Ki", 10243584, -2, "BinarySI"),
    ("0.5Mi", 524288, 0, "BinarySI"),
    ("0.000000000001Ki", 2, -9, "DecimalSI"),
    (".001", 1, -3, "DecimalSI"),
    (".0001k", 100, -3, "DecimalSI"),
    ("1.", 1, 0, "DecimalSI"),
    ("1.G", 1, 9, "DecimalSI"),
]


@pytest.mark.parametrize("text, unscaled, exponent, fmt", PARSE_TABLE)
def test_parse_table(text, unscaled, exponent, fmt):
    q = resource.must_parse(text)
    assert q.format == fmt
    assert q.cmp(resource.new_scaled_quantity(unscaled, exponent)) == 0


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("100m", "100m"),
        ("0.1", "100m"),
        ("1.5Gi", "1536Mi"),
        ("1000m", "1"),
        ("1024", "1024"),
        ("1Ki", "1Ki"),
        ("1.5", "1500m"),
        ("12e6", "12e6"),
        ("1e3", "1e3"),
        ("1e-20", "1e-9"),
        (".5Ki", "512"),
        ("0.0001Ki", "102400u"),
        ("5.0000000001", "5000000001n"),
        ("-1.5", "-1500m"),
        ("+1", "+1"),
        ("1000E", "1"),
        ("0", "0"),
        ("-0", "0"),
        ("1000Ki", "1000Ki"),
        ("1024Ki", "1Mi"),
        ("1.1Ki", "1126400m"),
    ],
)
def test_canonical_string(text, canonical):
    assert str(resource.must_parse(text)) == canonical


@pytest.mark.parametrize(
    "text, error",
    [
        ("", resource.ErrFormatWrong),
        ("1.5.5", resource.ErrFormatWrong),
        ("abc", resource.ErrFormatWrong),
        (" 1", resource.ErrFormatWrong),
        ("1e", resource.ErrSuffix),
        ("1ki", resource.ErrSuffix),
        ("1Ki5", resource.ErrSuffix),
        (".e-20", resource.ErrNumeric),
    ],
)
def test_parse_errors(text, error):
    with pytest.raises(error) as err:
        resource.parse_quantity(text)
    assert str(err.value) == error.message


def test_must_parse_message():
    with pytest.raises(ValueError) as err:
        resource.must_parse("1x")
    assert str(err.value) == (
        "cannot parse '1x': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    )


def test_readings():
    q = resource.must_parse("1.5Gi")
    assert q.value() == 1610612736 and q.milli_value() == 1610612736000
    assert resource.must_parse("100m").value() == 1  # rounds up
    assert resource.must_parse("-1.5").value() == -2  # away from zero on the int64 path
    assert resource.must_parse("-1e-10").value() == 1  # Go's decimal path rounds a negative remainder this way
    assert resource.must_parse("1.5k").scaled_value(resource.Kilo) == 2
    assert resource.must_parse("1E").milli_value() == 0  # int64 overflow reads as 0, as in Go
    assert resource.must_parse("5").as_int64() == (5, True)
    assert resource.must_parse("0n").as_int64() == (0, False)
    assert resource.must_parse("1.5Gi").as_int64() == (0, False)
    assert resource.must_parse("100m").as_approximate_float64() == 0.1
    assert resource.must_parse("-3").sign() == -1 and resource.must_parse("0Ki").is_zero()
    assert resource.Quantity().is_zero() and str(resource.Quantity()) == "0"


def test_arithmetic_mutates_and_canonicalizes():
    q = resource.must_parse("1.5")
    q.add(resource.must_parse("500m"))
    assert str(q) == "2" and q.string == "2"
    q.sub(resource.must_parse("3"))
    assert str(q) == "-1"
    q.neg()
    assert str(q) == "1"
    assert q.mul(3) is True and str(q) == "3"
    big = resource.must_parse("9223372036854775807")
    assert big.mul(2) is False and str(big) == "18446744073709551614"
    r = resource.must_parse("1234m")
    assert r.round_up(0) is False and str(r) == "2"
    s = resource.Quantity()  # Go's zero Quantity has no format, so it prints in DecimalExponent
    s.set_milli(1500)
    assert str(s) == "1500e-3"
    s.set_scaled(2, resource.Mega)
    assert str(s) == "2e6"
    t = resource.must_parse("1k")
    t.set_milli(1500)
    assert str(t) == "1500m"


def test_comparison():
    assert resource.must_parse("1Ki").cmp(resource.must_parse("1024")) == 0
    assert resource.must_parse("1Ki").equal(resource.must_parse("1024"))
    assert resource.must_parse("1Ki") != resource.must_parse("1024")  # == compares the messages
    assert resource.must_parse("999m").cmp(resource.must_parse("1")) == -1
    assert resource.must_parse("2").cmp_int64(1) == 1
    assert resource.quantity_ptr_equal(None, None)
    assert not resource.quantity_ptr_equal(resource.must_parse("1"), None)


def test_constructors():
    assert str(resource.new_quantity(1000, resource.BinarySI)) == "1k"
    assert str(resource.new_quantity(2048, resource.BinarySI)) == "2Ki"
    assert str(resource.new_quantity(5, resource.DecimalExponent)) == "5"
    assert str(resource.new_milli_quantity(1500, resource.DecimalSI)) == "1500m"
    assert str(resource.new_scaled_quantity(3, resource.Giga)) == "3G"
    with pytest.raises(OverflowError):
        resource.new_quantity(1 << 63, resource.DecimalSI)
    assert resource.MaxMilliValue == 9223372036854775


def test_quantity_is_the_api_message():
    from kubernetes_py.api.core import v1 as corev1

    req = corev1.ResourceRequirements(limits={"cpu": resource.must_parse("250m")})
    assert req.limits["cpu"].milli_value() == 250
    assert type(req.limits["cpu"]) is resource.Quantity


@pytest.mark.parametrize(
    "first", ["kubernetes_py.api.core.v1", "kubernetes_py._schema", "kubernetes_py.apimachinery.api.resource"]
)
def test_methods_present_whatever_is_imported_first(first):
    code = (
        f"import {first}\n"
        "from kubernetes_py._schema import message_class\n"
        "Q = message_class('k8s.io.apimachinery.pkg.api.resource.Quantity')\n"
        "print(str(Q(string='1500m')), Q(string='2k').value())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "1500m 2000\n"


def test_exact_readings():
    import decimal

    assert resource.must_parse("1.5Gi").as_dec() == decimal.Decimal(1610612736)
    assert resource.must_parse("-1n").as_dec() == decimal.Decimal("-1e-9")
    assert resource.must_parse("100m").as_float64_slow() == 0.1
    assert resource.must_parse("1e400").as_float64_slow() == float("inf")
    q = resource.new_decimal_quantity(decimal.Decimal("1.25"), resource.DecimalSI)
    assert str(q) == "1250m"
    with pytest.raises(ValueError):
        resource.new_decimal_quantity(decimal.Decimal("NaN"), resource.DecimalSI)
