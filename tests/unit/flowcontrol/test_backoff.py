"""util.flowcontrol.Backoff on a fake clock (the cases of client-go's backoff_test.go)."""

from __future__ import annotations

import pytest

from kubernetes_py.util import flowcontrol


def test_slow_backoff_doubles_to_max_then_reset():
    tc = flowcontrol.FakeClock(1000.0)
    step = 1.0
    b = flowcontrol.new_fake_back_off(step, 50 * step, tc)
    cases = [0, 1, 2, 4, 8, 16, 32, 50, 50, 50]
    for ix, c in enumerate(cases):
        tc.step(step)
        assert b.get("_id") == c * step, ix
        b.next("_id", tc.now())
    b.reset("_id")
    assert b.get("_id") == 0


def test_backoff_reset_after_twice_max():
    tc = flowcontrol.FakeClock(0.0)
    b = flowcontrol.new_fake_back_off(1.0, 5.0, tc)
    start = tc.now()
    b.next("id1", start)
    assert b.is_in_back_off_since("id1", tc.now())
    tc.step(0.5)
    assert b.is_in_back_off_since("id1", start)
    tc.step(0.5)
    assert not b.is_in_back_off_since("id1", start)
    last_update = tc.now()
    tc.step(2 * 5.0 + 1)
    assert b.get("id1") == 1.0
    b.next("id1", tc.now())  # expired: starts over at the initial value
    assert b.get("id1") == 1.0
    assert tc.now() - last_update > 10


def test_high_water_mark():
    tc = flowcontrol.FakeClock()
    b = flowcontrol.new_fake_back_off(1.0, 5.0, tc)
    for _ in range(20):
        tc.step(1.0)
        b.next("id", tc.now())
    assert b.get("id") == 5.0


def test_gc():
    tc = flowcontrol.FakeClock()
    b = flowcontrol.new_fake_back_off(1.0, 5.0, tc)
    for _ in range(10):
        tc.step(1.0)
        b.next("id", tc.now())
    tc.step(10.0)  # exactly 2*max: not yet expired
    b.gc()
    assert b.get("id") == 5.0
    tc.step(0.001)
    b.gc()
    assert b.get("id") == 0


def test_alternate_has_expired_func():
    tc = flowcontrol.FakeClock()
    b = flowcontrol.new_fake_back_off(1.0, 60.0, tc)
    b.has_expired_func = lambda event, last, max_d: event - last > 2.0
    b.next("id", tc.now())
    tc.step(1.0)
    b.next("id", tc.now())
    assert b.get("id") == 2.0
    tc.step(3.0)
    b.next("id", tc.now())
    assert b.get("id") == 1.0


def test_is_in_back_off_since_update():
    tc = flowcontrol.FakeClock()
    b = flowcontrol.new_fake_back_off(1.0, 10.0, tc)
    b.next("id", tc.now())
    assert b.is_in_back_off_since_update("id", tc.now() + 0.5)
    assert not b.is_in_back_off_since_update("id", tc.now() + 1.0)
    assert not b.is_in_back_off_since_update("other", tc.now())
    b.delete_entry("id")
    assert b.get("id") == 0


def test_jitter_stays_in_range():
    tc = flowcontrol.FakeClock(12345.0)
    b = flowcontrol.new_fake_back_off_with_jitter(1.0, 1000.0, tc, 0.5)
    b.next("id", tc.now())
    first = b.get("id")
    assert 1.0 <= first <= 1.5
    prev = first
    for _ in range(5):
        b.next("id", tc.now())
        cur = b.get("id")
        assert 2 * prev <= cur <= 2 * prev + 0.5 * prev
        prev = cur


def test_real_clock_constructors():
    b = flowcontrol.new_back_off(0.1, 1.0)
    assert isinstance(b.clock, flowcontrol.RealClock)
    b.next("x", b.clock.now())
    assert b.get("x") == pytest.approx(0.1)
    j = flowcontrol.new_back_off_with_jitter(0.1, 1.0, 0.1)
    j.next("x", j.clock.now())
    assert 0.1 <= j.get("x") <= 0.11


# backoff_test.go, test by test (a fake clock started at an arbitrary wall time, as Go's time.Now()).
START = 1_700_000_000.0


def test_go_slow_backoff():
    tc = flowcontrol.FakeClock(START)
    step = 1.0
    b = flowcontrol.new_fake_back_off(step, 50 * step, tc)
    for ix, c in enumerate([0, 1, 2, 4, 8, 16, 32, 50, 50, 50]):
        tc.step(step)
        assert b.get("_idSlow") == c * step, ix
        b.next("_idSlow", tc.now())
    b.next("_idSlow", tc.now())
    b.reset("_idSlow")
    assert b.get("_idSlow") == 0


def test_go_backoff_reset():
    tc = flowcontrol.FakeClock(START)
    step, max_duration = 1.0, 5.0
    b = flowcontrol.new_fake_back_off(step, max_duration, tc)
    for _ in range(int(max_duration / step) + 1):
        tc.step(step)
        b.next("_idReset", tc.now())
    assert b.is_in_back_off_since("_idReset", tc.now())
    last_update = tc.now()
    tc.step(2 * max_duration + step)
    assert not b.is_in_back_off_since("_idReset", last_update)


def test_go_backoff_high_water_mark():
    tc = flowcontrol.FakeClock(START)
    step, max_duration = 1.0, 5.0
    b = flowcontrol.new_fake_back_off(step, max_duration, tc)
    for _ in range(int(max_duration / step) + 1):
        tc.step(step)
        b.next("_idHiWaterMark", tc.now())
    tc.step(max_duration + step)
    b.next("_idHiWaterMark", tc.now())
    assert b.get("_idHiWaterMark") == max_duration


def test_go_backoff_gc():
    tc = flowcontrol.FakeClock(START)
    step, max_duration = 1.0, 5.0
    b = flowcontrol.new_fake_back_off(step, max_duration, tc)
    for _ in range(int(max_duration / step) + 1):
        tc.step(step)
        b.next("_idGC", tc.now())
    tc.step(max_duration + step)
    b.gc()
    assert b.get("_idGC") == max_duration  # kept
    tc.step(max_duration + step)
    b.gc()
    assert b.get("_idGC") == 0  # collected


@pytest.mark.parametrize(
    "name,has_expired,max_duration,non_expired,expired",
    [
        ("default GC", None, 50.0, 5.0, 101.0),
        ("GC later than 2*maxDuration", lambda event, last, max_d: event - last >= 200.0, 50.0, 101.0, 501.0),
    ],
)
def test_go_alternate_backoff_gc(name, has_expired, max_duration, non_expired, expired):
    clock = flowcontrol.FakeClock(START)
    b = flowcontrol.new_fake_back_off(1.0, max_duration, clock)
    if has_expired is not None:
        b.has_expired_func = has_expired
    b.next(name, clock.now())
    clock.step(non_expired)
    b.gc()
    assert b.get(name) == 1.0
    clock.step(expired)
    b.gc()
    assert b.get(name) == 0


IS_IN_BACK_OFF_SINCE_UPDATE = [
    (0, False, 0), (1, False, 1), (2, True, 2), (3, False, 2), (4, True, 4), (5, True, 4), (6, True, 4),
    (7, False, 4), (8, True, 8), (9, True, 8), (10, True, 8), (11, True, 8), (12, True, 8), (13, True, 8),
    (14, True, 8), (15, False, 8), (16, True, 10), (17, True, 10), (18, True, 10), (19, True, 10),
    (20, True, 10), (21, True, 10), (22, True, 10), (23, True, 10), (24, True, 10), (25, False, 10),
    (26, True, 10), (27, True, 10), (28, True, 10), (29, True, 10), (30, True, 10), (31, True, 10),
    (32, True, 10), (33, True, 10), (34, True, 10), (35, False, 10), (56, False, 0), (57, False, 1),
]  # fmt: skip


def test_go_is_in_back_off_since_update():
    tc = flowcontrol.FakeClock(START)
    step = 1.0
    b = flowcontrol.new_fake_back_off(step, 10 * step, tc)
    for tick, in_back_off, value in IS_IN_BACK_OFF_SINCE_UPDATE:
        tc.set_time(START + tick * step)
        assert b.is_in_back_off_since_update("_id", tc.now()) is in_back_off, tick
        if in_back_off:
            assert b.get("_id") == value * step, tick
        else:
            b.next("_id", tc.now())


def test_go_backoff_with_jitter():
    tc = flowcontrol.FakeClock(START)
    initial, max_duration, max_jitter_factor = 0.1, 60.0, 0.1
    b = flowcontrol.new_fake_back_off_with_jitter(initial, max_duration, tc, max_jitter_factor)

    def check(factor: int, prev: float, cur: float) -> None:
        low = prev * factor
        high = low + max_jitter_factor * prev
        assert (low < cur <= high) or cur == max_duration, (low, high, cur)

    def next_delay() -> float:
        tc.step(initial)
        b.next("_idJitter", tc.now())
        return b.get("_idJitter")

    assert b.get("_idJitter") == 0
    delay = next_delay()
    check(1, initial, delay)
    delays = [delay]
    for _ in range(10):
        delay = next_delay()
        check(2, delays[-1], delay)
        delays.append(delay)
    assert delays[-1] == max_duration  # reached even with no jitter at all


@pytest.mark.parametrize(
    "name,has_expired,max_duration,non_expired,expired",
    [
        ("default expiration", None, 50.0, 5.0, 101.0),
        ("expires faster than maxDuration", lambda event, last, max_d: event - last >= 8.0, 50.0, 5.0, 9.0),
    ],
)
def test_go_alternate_has_expired_func(name, has_expired, max_duration, non_expired, expired):
    clock = flowcontrol.FakeClock(START)
    b = flowcontrol.new_fake_back_off(1.0, max_duration, clock)
    if has_expired is not None:
        b.has_expired_func = has_expired
    b.next(name, clock.now())
    clock.step(non_expired)
    b.next(name, clock.now())
    assert b.get(name) >= 2.0
    clock.step(expired)
    b.next(name, clock.now())
    assert b.get(name) == 1.0
