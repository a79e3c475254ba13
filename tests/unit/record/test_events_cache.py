"""client-go's events_cache_test.go: aggregation, counting and spam filtering sequences of the correlator."""

from __future__ import annotations

import time

import pytest

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import record
from kubernetes_py.tools.record import events_cache
from kubernetes_py.tools.record.events_cache import (
    defaultAggregateIntervalInSeconds,
    defaultAggregateMaxEvents,
    defaultSpamBurst,
)
from kubernetes_py.utils.clock.testing import SimpleIntervalClock

from .helpers import (
    make_event,
    make_events,
    make_object_reference,
    make_similar_events,
    make_unique_events,
    set_count,
    validate_event,
)


def test_event_aggregator_by_reason_func():
    event1 = make_event("end-of-world", "it was fun", make_object_reference("Pod", "pod1", "other"))
    event2 = make_event("end-of-world", "it was awful", make_object_reference("Pod", "pod1", "other"))
    event3 = make_event("nevermind", "it was a bug", make_object_reference("Pod", "pod1", "other"))
    agg1, local1 = record.EventAggregatorByReasonFunc(event1)
    agg2, local2 = record.EventAggregatorByReasonFunc(event2)
    agg3, _ = record.EventAggregatorByReasonFunc(event3)
    assert agg1 == agg2 and local1 != local2 and agg1 != agg3


def test_event_aggregator_by_reason_message_func():
    event = make_event("end-of-world", "it was fun", make_object_reference("Pod", "pod1", "other"))
    assert record.EventAggregatorByReasonMessageFunc(event) == "(combined from similar events): it was fun"


FIRST = make_event("first", "i am first", make_object_reference("Pod", "my-pod", "my-ns"))
DUPLICATE = make_event("duplicate", "me again", make_object_reference("Pod", "my-pod", "my-ns"))
UNIQUE = make_event("unique", "snowflake", make_object_reference("Pod", "my-pod", "my-ns"))
SIMILAR = make_event("similar", "similar message", make_object_reference("Pod", "my-pod", "my-ns"))
SIMILAR.involvedObject.fieldPath = "spec.containers{container1}"
AGGREGATE = make_event(SIMILAR.reason, record.EventAggregatorByReasonMessageFunc(SIMILAR), SIMILAR.involvedObject)
SIMILAR_OTHER_CONTAINER = SIMILAR.deep_copy()
SIMILAR_OTHER_CONTAINER.involvedObject.fieldPath = "spec.containers{container2}"

SCENARIOS = {
    "create-a-single-event": ([], FIRST, set_count(FIRST, 1), 5, False),
    "the-same-event-should-just-count": (make_events(1, DUPLICATE), DUPLICATE, set_count(DUPLICATE, 2), 5, False),
    "the-same-event-should-just-count-even-if-more-than-aggregate": (
        make_events(defaultAggregateMaxEvents, DUPLICATE),
        DUPLICATE,
        set_count(DUPLICATE, defaultAggregateMaxEvents + 1),
        30,
        False,
    ),
    "the-same-event-is-spam-if-happens-too-frequently": (
        make_events(defaultSpamBurst + 1, DUPLICATE),
        DUPLICATE,
        None,
        1,
        True,
    ),
    "create-many-unique-events": (make_unique_events(30), UNIQUE, set_count(UNIQUE, 1), 5, False),
    "similar-events-should-aggregate-event": (
        make_similar_events(defaultAggregateMaxEvents - 1, SIMILAR, SIMILAR.message),
        SIMILAR,
        set_count(AGGREGATE, 1),
        5,
        False,
    ),
    "similar-events-many-times-should-count-the-aggregate": (
        make_similar_events(defaultAggregateMaxEvents, SIMILAR, SIMILAR.message),
        SIMILAR,
        set_count(AGGREGATE, 2),
        5,
        False,
    ),
    "events-from-different-containers-do-not-aggregate": (
        make_events(1, SIMILAR_OTHER_CONTAINER),
        SIMILAR,
        set_count(SIMILAR, 1),
        5,
        False,
    ),
    "similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate": (
        make_similar_events(defaultAggregateMaxEvents - 1, SIMILAR, SIMILAR.message),
        SIMILAR,
        set_count(SIMILAR, 1),
        defaultAggregateIntervalInSeconds,
        False,
    ),
}


def _now(clock) -> metav1.Time:
    return metav1.unix(0, int(round(clock.now() * 1e9)))


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_event_correlator(name):
    previous, new_event, expected, interval, expected_skip = SCENARIOS[name]
    clock = SimpleIntervalClock(time.time(), float(interval))
    correlator = record.new_event_correlator(clock)
    for event in previous:
        event = event.deep_copy()
        event.firstTimestamp = event.lastTimestamp = _now(clock)
        result = correlator.event_correlate(event)
        if not result.skip:
            correlator.update_state(result.event)
    new_event = new_event.deep_copy()
    new_event.firstTimestamp = new_event.lastTimestamp = _now(clock)
    result = correlator.event_correlate(new_event)
    assert result.skip == expected_skip
    if not expected_skip:
        validate_event(result.event, expected)


def _spam_key_based_on_objects_and_reason(e):
    o = e.involvedObject
    return "".join([e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.reason])


ORIGINAL = make_event("original", "i am first", make_object_reference("Pod", "my-pod", "my-ns"))
DIFFERENT_REASON = make_event("duplicate", "me again", make_object_reference("Pod", "my-pod", "my-ns"))
SPAM = make_event("original", "me again", make_object_reference("Pod", "my-pod", "my-ns"))


@pytest.mark.parametrize(
    "new_event, expected_skip, spam_key_func",
    [
        (DIFFERENT_REASON, True, None),
        (DIFFERENT_REASON, False, _spam_key_based_on_objects_and_reason),
        (SPAM, True, _spam_key_based_on_objects_and_reason),
    ],
    ids=[
        "spam for the default filter when the object is the same",
        "not spam for a custom filter when the reason differs",
        "spam for a custom filter when object and reason are the same but the message differs",
    ],
)
def test_event_spam_filter(new_event, expected_skip, spam_key_func):
    clock = SimpleIntervalClock(time.time(), 1.0)
    correlator = record.new_event_correlator_with_options(
        record.CorrelatorOptions(clock=clock, spam_key_func=spam_key_func, burst_size=1)
    )
    result = correlator.event_correlate(ORIGINAL.deep_copy())
    if not result.skip:
        correlator.update_state(result.event)
    result = correlator.event_correlate(new_event.deep_copy())
    assert result.skip == expected_skip
    if not expected_skip:
        validate_event(result.event, new_event)


def test_event_correlate_nil():
    with pytest.raises(ValueError) as err:
        record.new_event_correlator(SimpleIntervalClock(0.0, 1.0)).event_correlate(None)
    assert str(err.value) == "event is nil"


def test_burst_of_similar_events_sequence():
    """1,000 events about one object with different messages, on a clock that moves 1 s per reading (two
    readings per event: the aggregator's and the spam filter's): 9 go out as they are, the 10th becomes the
    aggregate event, whose count keeps going up; the bucket lets 25 through, then one per 300 s (150 events).
    The same sequence as client-go's (tests/differential/test_record_correlator.py)."""
    clock = SimpleIntervalClock(1_700_000_000.0, 1.0)
    correlator = record.new_event_correlator(clock)
    sent = []
    for i in range(1000):
        e = make_event("Burst", f"message {i}", make_object_reference("Pod", "p", "ns"))
        result = correlator.event_correlate(e)
        if not result.skip:
            correlator.update_state(result.event)
            sent.append((i, result.event.message, result.event.count, bool(result.patch)))
    combined = "(combined from similar events): message "
    assert sent == (
        [(i, f"message {i}", 1, False) for i in range(9)]
        + [(9, combined + "9", 1, False)]
        + [(i, combined + str(i), i - 8, True) for i in range(10, 25)]
        + [(i, combined + str(i), i - 8, True) for i in (150, 300, 450, 600, 750, 900)]
    )


def test_patch_of_a_repeat_carries_count_last_timestamp_and_message():
    clock = SimpleIntervalClock(time.time(), 1.0)
    correlator = record.new_event_correlator(clock)
    e = make_event("r", "m", make_object_reference("Pod", "p", "ns"))
    first = correlator.event_correlate(e.deep_copy())
    first.event.metadata.name = "p.1"
    first.event.metadata.resourceVersion = "7"
    correlator.update_state(first.event)
    later = e.deep_copy()
    later.lastTimestamp = metav1.unix(later.lastTimestamp.seconds + 5, 0)
    second = correlator.event_correlate(later)
    assert (second.event.metadata.name, second.event.metadata.resourceVersion, second.event.count) == ("p.1", "7", 2)
    assert second.event.firstTimestamp == first.event.firstTimestamp
    assert second.patch == (
        b'{"count":2,"lastTimestamp":"' + later.lastTimestamp.to_unstructured().encode() + b'","message":"m"}'
    )


def test_lru_sizes_and_event_name_format():
    assert events_cache.maxLruCacheEntries == 4096
    assert (defaultAggregateMaxEvents, defaultAggregateIntervalInSeconds, defaultSpamBurst) == (10, 600, 25)
    assert events_cache.defaultSpamQPS == 1.0 / 300.0
    clock = SimpleIntervalClock(1_700_000_000.0, 1.0)
    agg = record.new_event_aggregator(
        2, record.EventAggregatorByReasonFunc, record.EventAggregatorByReasonMessageFunc, 2, 600, clock
    )
    e1 = make_event("r", "a", make_object_reference("Pod", "p", "ns"))
    e2 = make_event("r", "b", make_object_reference("Pod", "p", "ns"))
    assert agg.event_aggregate(e1)[0] is e1
    out, key = agg.event_aggregate(e2)
    assert out.metadata.name == f"p.{1_700_000_002 * 10**9:x}" and out.metadata.namespace == ""
    assert key == record.EventAggregatorByReasonFunc(e2)[0]
