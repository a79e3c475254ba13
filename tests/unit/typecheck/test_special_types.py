"""A type checker knows the Go methods of the special types (metav1.Time, MicroTime, Duration, resource.Quantity,
intstr.IntOrString), which their modules attach to the message classes at run time and the generated stubs declare:
a program using them type-checks with the methods' result types, and a misspelled method or a wrong argument is an
error (mypy with the project's configuration, on a program without annotations)."""

from __future__ import annotations

import pytest

from tests.unit.typecheck import mypyrun

pytest.importorskip("mypy")

PROGRAM = """\
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import resource
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import intstr

pod = corev1.Pod()
created = pod.metadata.creationTimestamp
reveal_type(created.is_zero())
reveal_type(created.rfc3339_copy())
reveal_type(created.before(metav1.now_micro()))
reveal_type(created.unix_nano())
reveal_type(created.to_datetime())
reveal_type(corev1.Event().eventTime.equal_time(created))
reveal_type(metav1.Duration(duration=5).seconds())
cpu = pod.spec.containers[0].resources.limits["cpu"]
reveal_type(cpu.value())
reveal_type(cpu.as_int64())
reveal_type(cpu.as_dec())
reveal_type(cpu.format)
reveal_type(resource.must_parse("1").cmp(cpu))
port = corev1.ServicePort().targetPort
reveal_type(port.int_value())
reveal_type(port.str_val)
reveal_type(intstr.parse("25%").to_unstructured())
"""

EXPECTED = [
    "builtins.bool",
    "kubernetes_py.apimachinery.apis.meta.v1.generated.Time",
    "builtins.bool",
    "builtins.int",
    "datetime.datetime",
    "builtins.bool",
    "builtins.float",
    "builtins.int",
    "builtins.tuple[builtins.int, builtins.bool]",
    "decimal.Decimal",
    "builtins.str",
    "builtins.int",
    "builtins.int",
    "builtins.str",
    "builtins.int | builtins.str",
]


def test_the_special_types_methods_are_typed(tmp_path):
    result = mypyrun.run(tmp_path, PROGRAM)
    assert mypyrun.revealed(result) == EXPECTED, result.stdout + result.stderr
    assert mypyrun.program_errors(result) == [], result.stdout


def test_a_misspelled_method_or_a_wrong_argument_is_an_error(tmp_path):
    result = mypyrun.run(
        tmp_path,
        PROGRAM.split("reveal_type")[0]
        + (
            "created.iz_zero()\n"
            "created.before(3)\n"
            'pod.spec.containers[0].resources.limits["cpu"].value() + "m"\n'
            "corev1.ServicePort().targetPort.int_value().upper()\n"
            "resource.must_parse('1').milli_valeu()\n"
        ),
    )
    errors = mypyrun.program_errors(result)
    assert len(errors) == 5, result.stdout
    assert errors[0].startswith('"Time" has no attribute "iz_zero"; maybe "is_zero"?')
    assert errors[1].startswith('Argument 1 to "before" of "Time" has incompatible type "int"')
    assert errors[2].startswith('Unsupported operand types for + ("int" and "str")')
    assert errors[3].startswith('"int" has no attribute "upper"')
    assert errors[4].startswith('"Quantity" has no attribute "milli_valeu"; maybe "milli_value"?')
