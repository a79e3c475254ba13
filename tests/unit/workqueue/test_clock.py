"""kubernetes_py.utils.clock (k8s.io/utils/clock) and its FakeClock, as the queues use them."""

from __future__ import annotations

import time

import pytest

from kubernetes_py.utils import clock
from kubernetes_py.utils.clock import testing as testingclock


def test_fake_clock_timers_fire_when_stepped_past():
    c = testingclock.new_fake_clock(100.0)
    t = c.new_timer(1.0)
    after = c.after(2.0)
    called = []
    c.after_func(0.5, lambda: called.append(c.now()))
    assert c.waiters() == 3
    c.step(0.5)
    assert called == [100.5]
    with pytest.raises(TimeoutError):
        t.c().recv(timeout=0)
    c.step(0.5)
    assert t.c().recv(timeout=0) == (101.0, True)
    assert c.waiters() == 1
    c.set_time(105.0)
    assert after.recv(timeout=0) == (105.0, True)
    assert not c.has_waiters()
    assert c.since(100.0) == 5.0


def test_fake_timer_stop_and_reset():
    c = testingclock.FakeClock()
    t = c.new_timer(1.0)
    assert t.stop() is True
    assert t.stop() is False
    c.step(2.0)
    with pytest.raises(TimeoutError):
        t.c().recv(timeout=0)
    assert t.reset(1.0) is False
    c.step(1.0)
    assert t.c().recv(timeout=0) == (3.0, True)


def test_fake_ticker_holds_one_tick_and_keeps_ticking():
    c = testingclock.FakeClock()
    ticker = c.new_ticker(1.0)
    c.step(1.0)
    c.step(1.0)  # dropped: the slot is full
    assert ticker.c().recv(timeout=0) == (1.0, True)
    with pytest.raises(TimeoutError):
        ticker.c().recv(timeout=0)
    c.step(3.5)
    assert ticker.c().recv(timeout=0) == (5.5, True)
    ticker.stop()
    assert c.waiters() == 1  # as in Go, a fake ticker stays registered
    assert c.tick(0) is None


def test_fake_clock_steps_add_up_exactly_and_sleep_steps():
    c = testingclock.FakeClock(0.0)
    for _ in range(1000):
        c.step(0.001)
    assert c.now() == 1.0
    c.sleep(0.5)
    assert c.now() == 1.5
    p = testingclock.new_fake_passive_clock(3.0)
    p.set_time(4.0)
    assert p.now() == 4.0 and p.since(3.5) == 0.5


def test_interval_clock():
    c = testingclock.IntervalClock(time=10.0, duration=0.5)
    assert c.now() == 10.5
    assert c.now() == 11.0
    assert c.since(10.0) == 1.0
    with pytest.raises(NotImplementedError, match="IntervalClock doesn't implement NewTimer"):
        c.new_timer(1.0)


def test_simple_interval_clock_is_only_a_passive_clock():
    c = testingclock.SimpleIntervalClock(time=10.0, duration=0.5)
    assert (c.now(), c.now(), c.since(10.0)) == (10.5, 11.0, 1.0)
    assert not hasattr(c, "new_timer")


def test_real_clock_timer_after_func_and_ticker():
    c = clock.RealClock()
    start = c.now()
    t = c.new_timer(0.02)
    fired, ok = t.c().recv(timeout=5)
    assert ok and fired - start >= 0.02
    assert t.stop() is False
    stopped = c.new_timer(60.0)
    assert stopped.stop() is True
    called = []
    f = c.after_func(0.01, lambda: called.append(True))
    deadline = time.monotonic() + 5
    while not called and time.monotonic() < deadline:
        time.sleep(0.002)
    assert called == [True]
    assert f.stop() is False
    ticker = c.new_ticker(0.01)
    ticks = [ticker.c().recv(timeout=5)[0] for _ in range(3)]
    ticker.stop()
    assert ticks == sorted(ticks) and ticks[2] - ticks[0] >= 0.015
    assert c.since(start) > 0
    c.sleep(0.001)
