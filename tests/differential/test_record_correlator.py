"""tools/record's EventCorrelator against client-go's (hack/oracle/cmd/eventcorrelator): the same scripts of events
on the same interval clock (steps that are exact in binary, as the clock's time is a float) give, event by event, the
same skips, names, counts, messages, timestamps and patches.

Go's aggregator drops an arbitrary message key (a set's PopAny) once a key reaches max_events, so a script where
messages repeat after aggregation starts has no single answer; the scripts give every similar event its own
message (or always the same one), which makes the expected sequence exact.
"""

from __future__ import annotations

import json
import random
import subprocess

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import _jsonconv
from kubernetes_py.tools import record
from kubernetes_py.utils.clock.testing import IntervalClock

pytestmark = pytest.mark.differential

START = 1_700_000_000


def _event(i: int, obj: str, reason: str, message: str, etype: str = "Normal") -> corev1.Event:
    t = metav1.unix(START - 100 + i, 0)
    return corev1.Event(
        metadata=metav1.ObjectMeta(name=f"{obj}.{i}", namespace="ns"),
        involvedObject=corev1.ObjectReference(kind="Pod", name=obj, namespace="ns", uid=f"uid-{obj}", apiVersion="v1"),
        reason=reason,
        message=message,
        source=corev1.EventSource(component="ctl", host="node"),
        count=1,
        firstTimestamp=t,
        lastTimestamp=t,
        type=etype,
    )


def _burst():
    return [_event(i, "p", "Burst", f"message {i}") for i in range(1000)]


def _duplicates():
    return [_event(i, "p", "Same", "again") for i in range(120)]


def _mix(seed: int):
    rnd = random.Random(seed)
    return [
        _event(i, rnd.choice("abc"), rnd.choice(["R1", "R2", "R3"]), f"message {i}", rnd.choice(["Normal", "Warning"]))
        for i in range(400)
    ]


def _python(script: dict, events) -> list:
    clock = IntervalClock(float(script["startUnix"]), script["intervalSec"])
    c = record.new_event_correlator_with_options(
        record.CorrelatorOptions(
            clock=clock, burst_size=script["burst"], qps=script["qps"], max_events=script["maxEvents"]
        )
    )
    out = []
    for e in events:
        result = c.event_correlate(e.deep_copy())
        o = {
            "skip": result.skip,
            "name": "",
            "namespace": "",
            "count": 0,
            "message": "",
            "first": 0,
            "last": 0,
            "patch": "",
        }
        if not result.skip:
            ev = result.event
            c.update_state(ev)
            o.update(
                name=ev.metadata.name,
                namespace=ev.metadata.namespace,
                count=ev.count,
                message=ev.message,
                first=ev.firstTimestamp.unix_nano(),
                last=ev.lastTimestamp.unix_nano(),
                patch=result.patch.decode(),
            )
        out.append(o)
    return out


@pytest.mark.parametrize(
    "name, events, interval, burst, qps, max_events",
    [
        ("burst of 1000 similar events, defaults", _burst(), 1.0, 0, 0.0, 0),
        ("burst of 1000 similar events, 250 ms apart", _burst(), 0.25, 0, 0.0, 0),
        ("one event repeated", _duplicates(), 1.0, 0, 0.0, 0),
        ("random mix, small bucket", _mix(1), 0.5, 5, 0.5, 3),
        ("random mix, defaults", _mix(2), 2.0, 0, 0.0, 0),
    ],
)
def test_correlator_matches_client_go(go_oracle, name, events, interval, burst, qps, max_events):
    script = {"startUnix": START, "intervalSec": interval, "burst": burst, "qps": qps, "maxEvents": max_events}
    payload = dict(script, events=[_jsonconv.encode(e) for e in events])
    proc = subprocess.run(
        [str(go_oracle("eventcorrelator"))],
        input=json.dumps(payload).encode(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    want = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    got = _python(script, events)
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"event {i}"
