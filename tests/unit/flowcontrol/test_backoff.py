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
