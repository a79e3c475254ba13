"""util.intstr compared with apimachinery's Go code: String(), IntValue(), Parse and the percent helpers."""

import itertools
import json

import pytest

from kubernetes_py.apimachinery.util import intstr
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential


def corpus():
    strings = [
        "0",
        "1",
        "-1",
        "+5",
        "25%",
        "0%",
        "100%",
        "150%",
        "-10%",
        "33%",
        "%",
        "",
        "abc",
        "5%%",
        "%5",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "99999999999999999999",
        "99999999999999999999%",
        " 5",
        "5 ",
        "1_0",
        "1.5%",
        "0x10",
        "٣",
    ]
    ints = [0, 1, -1, 7, 2147483647, -2147483648, 100]
    totals = [0, 1, 3, 10, 99, 100, 1001, -7]
    cases = [
        {"isInt": False, "str": s, "total": t, "roundUp": r}
        for s, t, r in itertools.product(strings, totals, [True, False])
    ]
    cases += [
        {"isInt": True, "int": i, "str": "", "total": t, "roundUp": r}
        for i, t, r in itertools.product(ints, totals, [True, False])
    ]
    return cases


def _call(fn, v, total, round_up):
    try:
        return [fn(v, total, round_up), None]
    except ValueError as err:
        return [0, str(err)]


def python_result(case):
    v = intstr.from_int32(case["int"]) if case["isInt"] else intstr.from_string(case["str"])
    parsed = intstr.parse(case["str"])
    return {
        "string": str(v),
        "intValue": v.int_value(),
        "scaled": _call(intstr.get_scaled_value_from_int_or_percent, v, case["total"], case["roundUp"]),
        "value": _call(intstr.get_value_from_int_or_percent, v, case["total"], case["roundUp"]),
        "json": json.dumps(v.to_unstructured(), ensure_ascii=False, separators=(",", ":")),
        "parse": [parsed.type, str(parsed)],
    }


def test_intstr_matches_go(go_oracle):
    cases = corpus()
    go = run_oracle(go_oracle, "intstr", cases)
    mismatches = [(c, w, python_result(c)) for c, w in zip(cases, go) if python_result(c) != w]
    assert mismatches[:10] == []
