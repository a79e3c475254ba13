"""resource.Quantity compared with apimachinery's Go code over a generated corpus of notations."""

import itertools
import random
import struct

import pytest

from kubernetes_py.apimachinery.api import resource
from kubernetes_py.apimachinery.api.resource import quantity_logic
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential

SCALES = [-12, -9, -6, -3, -1, 0, 1, 3, 6, 9, 12, 15, 18, 20]


def quantity_corpus():
    numbers = [
        "0",
        "1",
        "-1",
        "+1",
        "12",
        "100",
        "1000",
        "1023",
        "1024",
        "1025",
        "0.5",
        "1.5",
        "-1.5",
        ".5",
        "5.",
        "0.1",
        "0.001",
        "0.0001",
        "000123",
        "-0",
        "+0",
        "1.000",
        "123456789",
        "0.000000001",
        "0.0000000001",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "99999999999999999999",
        "123456789012345678",
        "1234567890123456789",
        "0.123456789012345678",
        "7",
        "8",
        "9.999",
    ]
    suffixes = [
        "",
        "n",
        "u",
        "m",
        "k",
        "M",
        "G",
        "T",
        "P",
        "E",
        "Ki",
        "Mi",
        "Gi",
        "Ti",
        "Pi",
        "Ei",
        "e3",
        "E3",
        "e-3",
        "e+3",
        "e0",
        "e18",
        "e19",
        "e-9",
        "e-10",
        "e100",
        "e-100",
    ]
    corpus = [n + s for n, s in itertools.product(numbers, suffixes)]
    corpus += [
        "",
        " ",
        "0",
        "-",
        "+",
        ".",
        "-.",
        "+.5",
        "1..5",
        "1.2.3",
        "1e",
        "1E",
        "1Ki5",
        "1ki",
        "1K",
        "1kk",
        "1MM",
        "abc",
        "1 Ki",
        " 1",
        "1 ",
        "1e3.5",
        "1e--3",
        "1e4294967296",
        "1e4294967299",
        "1e-2147483649",
        "1.5e",
        "0x10",
        "1_000",
        "١",
        "1e+",
        "1e-",
        "+-1",
        "--1",
        "1m5",
        "Ki",
        "e3",
        "1.0Ki",
        "0.5Ki",
        "1.25Mi",
        "3.999Gi",
        "8Ei",
        "9Ei",
        "-9Ei",
        "16Ei",
        "1023Ki",
        "1048576",
        "1048575",
        "1073741824",
        "1.1",
        "1.01",
        "100.0001",
        "12345678901234567.8",
        "0.999999999",
        "0.9999999999",
        "-0.9999999999",
        "2e-9",
        "2.5e-9",
        "1500m",
        "1.5k",
        "1500",
        "15e2",
        "150e1",
    ]
    return list(dict.fromkeys(corpus))


def random_corpus(n=3000, seed=20251122):
    """Random notations (fixed seed): sign, integer and fraction digits of any length, any suffix."""
    rnd = random.Random(seed)
    suffixes = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
    out = []
    for _ in range(n):
        sign = rnd.choice(["", "", "-", "+"])
        whole = "".join(rnd.choice("0123456789") for _ in range(rnd.choice([0, 1, 1, 2, 3, 6, 9, 15, 18, 19, 25])))
        frac = ""
        if rnd.random() < 0.5:
            frac = "." + "".join(rnd.choice("0123456789") for _ in range(rnd.choice([0, 1, 2, 3, 9, 10, 20])))
        if not whole and not frac:
            whole = "0"
        if rnd.random() < 0.3:
            suffix = rnd.choice("eE") + rnd.choice(["", "+", "-"]) + str(rnd.randint(0, 40))
        else:
            suffix = rnd.choice(suffixes)
        out.append(sign + whole + frac + suffix)
    return out


def dec_string(d):
    """inf.Dec's String(): the unscaled digits with the point placed by the scale."""
    if d.scale <= 0:
        return str(d.unscaled * 10**-d.scale)
    digits = str(abs(d.unscaled)).rjust(d.scale + 1, "0")
    return ("-" if d.unscaled < 0 else "") + digits[: -d.scale] + "." + digits[-d.scale :]


def float_bits(f):
    return str(struct.unpack("<Q", struct.pack("<d", f))[0])


def python_quantity_result(text):
    try:
        q = quantity_logic.parse(text)
    except quantity_logic.QuantityError as err:
        return {"error": str(err)}

    def c():
        return q.copy()

    out = {
        "error": None,
        "string": c().string(),
        "json": '"' + c().string() + '"',
        "format": q.format,
        "value": c().value(),
        "milli": c().milli_value(),
        "scaled": [c().scaled_value(s) for s in SCALES],
        "int64": list(c().as_int64()),
        "float": float_bits(c().as_approximate_float64()),
        "sign": c().sign(),
        "zero": c().is_zero(),
    }
    if -1000 < c().as_dec().scale < 1000:
        out["slow"] = float_bits(c().as_float64_slow())
        out["dec"] = dec_string(c().as_dec())
    for s in (-3, 0, 3):
        r = c()
        exact = r.round_up(s)
        out[f"roundup{s}"] = [r.string(), exact]
    m = c()
    ok = m.mul(3)
    out["mul3"] = [m.string(), ok]
    n = c()
    n.neg()
    out["neg"] = n.string()
    return out


@pytest.mark.parametrize("corpus_name", ["notations", "random"])
def test_quantity_parse_and_readings_match_go(go_oracle, corpus_name):
    corpus = quantity_corpus() if corpus_name == "notations" else random_corpus()
    assert len(corpus) > 900
    go = run_oracle(go_oracle, "quantity", [{"s": s} for s in corpus])
    mismatches = []
    for text, want in zip(corpus, go):
        if want["error"] is not None:
            want = {"error": want["error"]}
        got = python_quantity_result(text)
        if got != want:
            diff = {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}
            mismatches.append((text, diff))
    assert mismatches[:20] == []


def test_quantity_messages_match_go(go_oracle):
    """The message API (parse_quantity and the attached methods) gives Go's results too."""
    corpus = quantity_corpus()
    go = run_oracle(go_oracle, "quantity", [{"s": s} for s in corpus])
    mismatches = []
    for text, want in zip(corpus, go):
        try:
            q = resource.parse_quantity(text)
        except resource.QuantityError as err:
            got = {"error": str(err)}
            want = {"error": want["error"]}
        else:
            got = {
                "string": str(q),
                "value": q.value(),
                "milli": q.milli_value(),
                "sign": q.sign(),
                "zero": q.is_zero(),
                "int64": list(q.as_int64()),
                "format": q.format,
                "float": float_bits(q.as_approximate_float64()),
            }
            want = {k: want[k] for k in got}
        if got != want:
            mismatches.append((text, want, got))
    assert mismatches[:20] == []


def ops_corpus():
    values = [
        "0",
        "1",
        "-1",
        "100m",
        "1.5",
        "1Ki",
        "1024",
        "1k",
        "1e3",
        "0.5Gi",
        "1E",
        "9Ei",
        "-9Ei",
        "9223372036854775807",
        "-9223372036854775807",
        "1n",
        "1u",
        "999999999999999999",
        "1e-9",
        "12e6",
        "0.000000001",
        "1.000000001",
        "5Mi",
        "3",
        "2e100",
    ]
    return [{"a": a, "b": b} for a, b in itertools.product(values, values)]


def random_ops_corpus(n=1500, seed=7):
    values = [v for v in random_corpus(600, seed) if _parses(v)]
    rnd = random.Random(seed)
    return [{"a": rnd.choice(values), "b": rnd.choice(values)} for _ in range(n)]


def _parses(text):
    try:
        quantity_logic.parse(text)
        return True
    except quantity_logic.QuantityError:
        return False


@pytest.mark.parametrize("corpus_name", ["values", "random"])
def test_quantity_arithmetic_matches_go(go_oracle, corpus_name):
    corpus = ops_corpus() if corpus_name == "values" else random_ops_corpus()
    go = run_oracle(go_oracle, "quantityops", corpus)
    mismatches = []
    for case, want in zip(corpus, go):
        a, b = quantity_logic.parse(case["a"]), quantity_logic.parse(case["b"])
        total, diff = a.copy(), a.copy()
        total.add(b.copy())
        diff.sub(b.copy())
        got = {
            "cmp": a.copy().cmp(b.copy()),
            "add": total.string(),
            "sub": diff.string(),
            "equal": a.copy().cmp(b.copy()) == 0,
        }
        if got != want:
            mismatches.append((case, want, got))
    assert mismatches[:20] == []
