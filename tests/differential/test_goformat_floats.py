"""encoding/json's and fmt's text for float64 values, against Go itself.

go_json_float is the one float writer behind go_json and the patch packages' marshal; go_format_float is
fmt's %v (go_sprint, error messages, YAML keys and values)."""

import math
import random
import struct
import subprocess

import pytest

from kubernetes_py._go.json import go_json_float, marshal
from kubernetes_py._go.strconv import go_format_float

pytestmark = pytest.mark.differential


def _bits(f: float) -> str:
    return struct.pack(">d", f).hex()


def corpus() -> list[float]:
    fixed = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        100.0,
        1e-4,
        1e-5,
        1.2345e-5,
        9.999e-5,
        1e-6,
        9.99e-7,
        1e-7,
        1.5e-7,
        123456.0,
        999999.0,
        1e6,
        1234567.0,
        1e15,
        1e16,
        1.5e17,
        1e20,
        123456789012345678901.0,
        1e21,
        2.5e22,
        5e-324,
        2.2250738585072014e-308,
        1.7976931348623157e308,
        0.30000000000000004,
        float("inf"),
        float("-inf"),
        float("nan"),
    ]
    rng = random.Random(7)
    spread = [rng.uniform(1, 10) * 10.0 ** rng.randint(-30, 30) * rng.choice((1, -1)) for _ in range(400)]
    raw = [struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0] for _ in range(200)]
    return fixed + spread + [f for f in raw if not math.isnan(f)]


def _python_json(f: float) -> str:
    try:
        return go_json_float(f)
    except ValueError as err:
        return f"error: {err}"


def test_float_texts_match_go(go_oracle):
    cases = corpus()
    proc = subprocess.run(
        [str(go_oracle("goformat"))],
        input="\n".join(map(_bits, cases)) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = proc.stdout.splitlines()
    assert len(lines) == len(cases)
    mismatches = []
    for f, line in zip(cases, lines):
        go_json, go_v = line.split("\t")
        if (_python_json(f), go_format_float(f)) != (go_json, go_v):
            mismatches.append((repr(f), go_json, _python_json(f), go_v, go_format_float(f)))
    assert mismatches[:10] == []


def test_marshal_writes_floats_as_go_does(go_oracle):
    # The patch packages' marshal once had its own float writer, which printed 1e16 as
    # "10000000000000000.000000" and 1.2345e-05 as "0.000012".
    cases = [1e16, 1.2345e-5, 1.5e17, 7.25e-5]
    proc = subprocess.run(
        [str(go_oracle("goformat"))],
        input="\n".join(map(_bits, cases)) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    go_texts = [line.split("\t")[0] for line in proc.stdout.splitlines()]
    assert go_texts == ["10000000000000000", "0.000012345", "150000000000000000", "0.0000725"]
    assert marshal({"v": cases}) == ('{"v":[' + ",".join(go_texts) + "]}").encode()
