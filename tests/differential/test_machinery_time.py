"""metav1.Time / MicroTime helpers compared with apimachinery's Go code (the oracle runs with TZ=UTC)."""

import json
import time

import pytest

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential


def corpus():
    instants = [
        0,
        1,
        -1,
        59,
        86399,
        86400,
        951782400,
        1700000000,
        1700000000 + 86400 * 366,
        2147483647,
        2147483648,
        4102444800,
        253402300799,
        -2208988800,
        -62135596799,
        -62135596800,
        -30610224000,
    ]
    nanos = [0, 1, 999, 1000, 1500, 999999, 1000000, 123456789, 999999999, 1000000000, 1500000000, -1, -1000000001]
    cases = [{"zero": True}]
    # Years 1-9999 only: the JSON formatting shared with the runtime converter works on Python datetimes.
    cases += [
        {"sec": s, "nsec": n} for s in instants for n in nanos if -62135596800 <= s + n // 1_000_000_000 <= 253402300799
    ]
    dates = [
        [2024, 2, 29, 12, 0, 0, 0],
        [2023, 2, 29, 0, 0, 0, 0],
        [2024, 13, 1, 0, 0, 0, 0],
        [2024, 0, 1, 0, 0, 0, 0],
        [2024, 1, 0, 0, 0, 0, 0],
        [2024, 1, 31, 24, 60, 60, 1000000000],
        [1969, 12, 31, 23, 59, 59, 999999999],
        [2000, 6, 15, -1, -1, -1, -1],
        [9999, 12, 31, 18, 0, 0, 0],
        [1, 1, 2, 0, 0, 0, 0],
        [1600, 3, 1, 0, 0, 0, 0],
        [2024, -5, 10, 3, 4, 5, 6],
    ]
    cases += [{"date": True, "parts": d, "offset": off} for d in dates for off in (0, 3600, -19800)]
    return cases


def build(case):
    if case.get("zero"):
        return metav1.Time()
    if case.get("date"):
        import datetime

        tz = datetime.timezone(datetime.timedelta(seconds=case["offset"]))
        return metav1.date(*case["parts"], loc=tz)
    return metav1.unix(case["sec"], case["nsec"])


def python_result(t):
    ref = metav1.unix(1700000000, 500)
    micro = metav1.MicroTime(seconds=t.seconds, nanos=t.nanos) if t.HasField("seconds") else metav1.MicroTime()
    copied = t.rfc3339_copy()
    unix = t.unix()
    return {
        "unix": unix,
        "nanos": t.nanos,
        "timeJSON": json.dumps(t.to_unstructured()),
        "microJSON": json.dumps(micro.to_unstructured()),
        "string": str(t),
        "zero": t.is_zero(),
        "microZero": micro.is_zero(),
        "before": t.before(ref),
        "equal": t.equal(ref),
        "copyUnix": copied.unix(),
        "copyNanos": copied.nanos,
    }


@pytest.fixture
def utc_local_zone(monkeypatch):
    """str(Time) prints local time, as Go does; both sides run with TZ=UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_time_matches_go(go_oracle, utc_local_zone):
    cases = corpus()
    go = run_oracle(go_oracle, "time", cases)
    mismatches = []
    for case, want in zip(cases, go):
        got = python_result(build(case))
        if case.get("offset"):
            # Go's Time keeps the zone it was built in and String() prints in it; a message has no zone, so
            # str() prints local time (as Go does for every Time it decoded).
            want.pop("string")
            got.pop("string")
        if got != want:
            mismatches.append((case, {k: (want[k], got[k]) for k in want if want[k] != got[k]}))
    assert mismatches[:10] == []
