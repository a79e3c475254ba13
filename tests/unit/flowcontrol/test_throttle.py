"""util.flowcontrol token-bucket limiters, with a fake clock (one real-time test)."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py import context
from kubernetes_py._go import rate as _gorate
from kubernetes_py.util import flowcontrol


def test_starts_full_then_refuses():
    r = flowcontrol.new_token_bucket_rate_limiter_with_clock(1, 3, flowcontrol.FakeClock())
    assert [r.try_accept() for _ in range(4)] == [True, True, True, False]
    assert r.qps() == 1.0


def test_refills_at_qps_and_caps_at_burst():
    clock = flowcontrol.FakeClock(1000.0)
    r = flowcontrol.new_token_bucket_rate_limiter_with_clock(10, 2, clock)
    assert r.try_accept() and r.try_accept() and not r.try_accept()
    clock.step(0.05)
    assert not r.try_accept()  # half a token
    clock.step(0.05)
    assert r.try_accept() and not r.try_accept()
    clock.step(100)
    assert [r.try_accept() for _ in range(3)] == [True, True, False]


def test_accept_sleeps_exactly_the_reservation_delay():
    clock = flowcontrol.FakeClock(0.0)
    r = flowcontrol.new_token_bucket_rate_limiter_with_clock(4, 1, clock)
    r.accept()
    assert clock.now() == 0.0
    r.accept()
    assert clock.now() == pytest.approx(0.25, abs=1e-9)
    for _ in range(4):
        r.accept()
    assert clock.now() == pytest.approx(1.25, abs=1e-9)


def test_rate_precision_bug():
    """Go's TestRatePrecisionBug: a qps just under 1 with 2 s steps must never refuse."""
    qps = _gorate.float32(1e9) / _gorate.float32(1031425 * 1e3)
    clock = flowcontrol.FakeClock(946684800.0)
    tb = flowcontrol.new_token_bucket_rate_limiter_with_clock(qps, 1, clock)
    for i in range(60):
        assert tb.try_accept(), f"failed after {i * 2} seconds"
        clock.sleep(2)


def test_zero_burst_never_accepts_and_wait_explains():
    r = flowcontrol.new_token_bucket_rate_limiter_with_clock(10, 0, flowcontrol.FakeClock())
    assert not r.try_accept()
    with pytest.raises(flowcontrol.RateLimiterWaitError, match=r"^rate: Wait\(n=1\) exceeds limiter's burst 0$"):
        r.wait(context.background())


def test_wait_would_exceed_deadline():
    """Go's TestWait: a slow bucket serves the first wait, the second cannot finish within 1 s."""
    r = flowcontrol.new_token_bucket_rate_limiter(0.0001, 1)
    ctx, cancel = context.with_timeout(context.background(), 1)
    r.wait(ctx)
    cancel()
    ctx2, cancel2 = context.with_timeout(context.background(), 1)
    start = time.monotonic()
    with pytest.raises(flowcontrol.RateLimiterWaitError, match=r"^rate: Wait\(n=1\) would exceed context deadline$"):
        r.wait(ctx2)
    assert time.monotonic() - start < 0.5  # refused up front, not after waiting
    cancel2()


def test_wait_raises_ctx_error_when_cancelled_and_returns_the_token():
    r = flowcontrol.new_token_bucket_rate_limiter(2, 1)
    r.wait(None)
    ctx, cancel = context.with_cancel(context.background())
    threading.Timer(0.05, cancel).start()
    with pytest.raises(context.Canceled):
        r.wait(ctx)
    done, cancel_done = context.with_cancel(context.background())
    cancel_done()
    with pytest.raises(context.Canceled):
        r.wait(done)


def test_wait_honours_timeout_deadline_while_blocked():
    r = flowcontrol.new_token_bucket_rate_limiter(10, 1)
    r.wait(None)
    ctx, _ = context.with_timeout(context.background(), 0.05)  # the token arrives after ~0.1 s: refused
    with pytest.raises(flowcontrol.RateLimiterWaitError):
        r.wait(ctx)
    ok_ctx, _ = context.with_timeout(context.background(), 5)
    start = time.monotonic()
    r.wait(ok_ctx)
    assert 0.05 < time.monotonic() - start < 0.5


def test_fifty_accepts_at_ten_qps_take_at_least_four_and_a_half_seconds():
    """The one real-time test: 1 token up front, then 49 at 10/s."""
    r = flowcontrol.new_token_bucket_rate_limiter(10, 1)
    start = time.monotonic()
    for _ in range(50):
        r.accept()
    elapsed = time.monotonic() - start
    assert 4.5 <= elapsed < 6.0


def test_multithreaded_accept_shares_the_bucket():
    clock = flowcontrol.FakeClock()
    r = flowcontrol.new_token_bucket_rate_limiter_with_clock(100, 1, clock)
    threads = [threading.Thread(target=lambda: [r.accept() for _ in range(10)]) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 100 tokens: 1 up front, then 99 at 1/100 s, each sleep advancing the shared fake clock.
    assert clock.now() >= 0.99 - 1e-9


def test_fakes():
    always = flowcontrol.new_fake_always_rate_limiter()
    assert always.try_accept() and always.qps() == 1.0
    always.accept()
    always.wait(None)

    never = flowcontrol.new_fake_never_rate_limiter()
    assert not never.try_accept()
    with pytest.raises(flowcontrol.RateLimiterWaitError, match="^can not be accept$"):
        never.wait(None)
    finished = threading.Event()
    t = threading.Thread(target=lambda: (never.accept(), finished.set()))
    t.start()
    assert not finished.wait(0.2)
    never.stop()
    assert finished.wait(2)


def test_bad_burst_type():
    with pytest.raises(TypeError, match="burst must be an int"):
        flowcontrol.new_token_bucket_rate_limiter(5, 1.5)


def test_go_basic_throttle():
    r = flowcontrol.new_token_bucket_rate_limiter(1, 3)
    assert [r.try_accept() for _ in range(4)] == [True, True, True, False]


def test_go_increment_throttle_on_a_fake_clock():
    clock = flowcontrol.FakeClock(0.0)
    r = flowcontrol.new_token_bucket_rate_limiter_with_clock(1, 1, clock)
    assert r.try_accept() and not r.try_accept()
    clock.step(2)  # Go sleeps 2 s to let the bucket refill
    assert r.try_accept()


def test_go_throttle():
    """5 tokens at once, the other 11 at 10 qps: at least a second in all."""
    r = flowcontrol.new_token_bucket_rate_limiter(10, 5)
    expected_finish = time.monotonic() + 1.0
    for _ in range(16):
        r.accept()
    assert time.monotonic() >= expected_finish - 0.01


class _GoFakeClock:
    """throttle_test.go's fakeClock: sleep moves now, since is real."""

    def __init__(self) -> None:
        self._now = 946684800.0

    def now(self) -> float:
        return self._now

    def sleep(self, d: float) -> None:
        self._now += d

    def since(self, ts: float) -> float:
        return time.time() - ts


def test_go_rate_precision_bug_with_a_clock_of_its_own():
    qps = _gorate.float32(1e9) / _gorate.float32(1031425 * 1e3)
    clock = _GoFakeClock()
    tb = flowcontrol.new_token_bucket_rate_limiter_with_clock(qps, 1, clock)
    for i in range(60):
        assert tb.try_accept(), f"failed after {i * 2} seconds"
        clock.sleep(2)
