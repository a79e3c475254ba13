"""util.intstr (cases from intstr_test.go) and types."""

import subprocess
import sys

import pytest

from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.util import intstr


def test_from_int_and_string():
    i = intstr.from_int32(93)
    assert (i.type, i.intVal, str(i), i.int_value()) == (intstr.Int, 93, "93", 93)
    s = intstr.from_string("76")
    assert (s.type, s.strVal, s.str_val, str(s), s.int_value()) == (intstr.String, "76", "76", "76", 76)
    assert intstr.from_string("abc").int_value() == 0
    assert intstr.from_int(5).intVal == 5
    assert intstr.from_int(1 << 31).intVal == -(1 << 31)  # truncated, as Go does after logging
    with pytest.raises(OverflowError):
        intstr.from_int32(1 << 31)


@pytest.mark.parametrize(
    "text, typ, shown",
    [
        ("12", intstr.Int, "12"),
        ("-7", intstr.Int, "-7"),
        ("+3", intstr.Int, "3"),
        ("2147483648", intstr.String, "2147483648"),
        ("25%", intstr.String, "25%"),
        ("", intstr.String, ""),
    ],
)
def test_parse(text, typ, shown):
    v = intstr.parse(text)
    assert (v.type, str(v)) == (typ, shown)


@pytest.mark.parametrize(
    "value, total, round_up, expected",
    [
        (intstr.from_int32(123), 100, False, 123),
        (intstr.from_string("90%"), 100, True, 90),
        (intstr.from_string("90%"), 95, True, 86),
        (intstr.from_string("90%"), 95, False, 85),
        (intstr.from_string("0%"), 10, True, 0),
        (intstr.from_string("33%"), 3, True, 1),
        (intstr.from_string("33%"), 3, False, 0),
    ],
)
def test_get_scaled_value(value, total, round_up, expected):
    assert intstr.get_scaled_value_from_int_or_percent(value, total, round_up) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        (None, "nil value for IntOrString"),
        (intstr.from_string("90"), "invalid value for IntOrString: invalid type: string is not a percentage"),
        (
            intstr.from_string("%"),
            'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax',
        ),
        (
            intstr.from_string("abc%"),
            'invalid value for IntOrString: invalid value "abc%": strconv.Atoi: parsing "abc": invalid syntax',
        ),
    ],
)
def test_get_scaled_value_errors(value, message):
    with pytest.raises(ValueError) as err:
        intstr.get_scaled_value_from_int_or_percent(value, 100, True)
    assert str(err.value) == message


def test_deprecated_get_value_treats_any_string_as_percent():
    assert intstr.get_value_from_int_or_percent(intstr.from_string("90"), 10, True) == 9
    assert intstr.value_or_default(None, intstr.from_int32(1)).intVal == 1


def test_int_or_string_is_the_api_message():
    from kubernetes_py.api.core import v1 as corev1

    port = corev1.ServicePort(targetPort=intstr.from_string("http"))
    assert type(port.targetPort) is intstr.IntOrString and str(port.targetPort) == "http"


def test_methods_present_when_schema_is_imported_first():
    code = (
        "import kubernetes_py.api.core.v1\n"
        "from kubernetes_py._schema import message_class\n"
        "V = message_class('k8s.io.apimachinery.pkg.util.intstr.IntOrString')\n"
        "print(str(V(type=1, strVal='25%')), V(type=0, intVal=3).int_value())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "25% 3\n"


def test_namespaced_name_and_constants():
    n = types.NamespacedName(namespace="default", name="web")
    assert str(n) == "default/web" and str(types.NamespacedName(name="node-1")) == "/node-1"
    assert {n: 1}[types.NamespacedName(namespace="default", name="web")] == 1
    assert n.marshal_log() == {"name": "web", "namespace": "default"}
    assert types.NamespacedName(name="x").marshal_log() == {"name": "x"}
    assert types.ApplyPatchType == "application/apply-patch+yaml"
    assert types.StrategicMergePatchType == "application/strategic-merge-patch+json"
    assert types.JSONPatchType == "application/json-patch+json"
    assert types.MergePatchType == "application/merge-patch+json"
