"""util.wait and util.runtime: cases from wait_test.go / runtime_test.go, with short intervals."""

import threading
import time

import pytest

from kubernetes_py import context
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait


@pytest.fixture
def no_crash(monkeypatch):
    handled = []
    monkeypatch.setattr(utilruntime, "ReallyCrash", False)
    monkeypatch.setattr(utilruntime, "PanicHandlers", [lambda ctx, r: handled.append(r)])
    return handled


def test_backoff_step_sequence():
    b = wait.Backoff(duration=1.0, factor=2.0, steps=4, cap=5.0)
    assert [b.step() for _ in range(6)] == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert b.steps == 0
    no_factor = wait.Backoff(duration=0.5, steps=3)
    assert [no_factor.step() for _ in range(4)] == [0.5, 0.5, 0.5, 0.5]


def test_backoff_jitter(monkeypatch):
    monkeypatch.setattr(wait.wait, "jitter_rand", lambda: 0.5)
    b = wait.Backoff(duration=1.0, factor=3.0, jitter=0.2, steps=2)
    assert b.step() == pytest.approx(1.1) and b.duration == 3.0
    assert wait.jitter(2.0, 0) == pytest.approx(3.0)  # a max factor <= 0 means 1.0
    f = wait.Backoff(duration=1.0, factor=2.0, steps=3).delay_func()
    assert [f(), f(), f()] == [1.0, 2.0, 4.0]


def test_exponential_backoff_counts_steps():
    calls = []
    with pytest.raises(wait.ErrWaitTimeout) as err:
        wait.exponential_backoff(wait.Backoff(duration=0.001, factor=1.0, steps=3), lambda: calls.append(1) or False)
    assert len(calls) == 3 and str(err.value) == "timed out waiting for the condition"
    assert wait.interrupted(err.value)
    calls.clear()
    backoff = wait.Backoff(duration=0.001, steps=5)
    wait.exponential_backoff(backoff, lambda: calls.append(1) or len(calls) == 2)
    assert len(calls) == 2 and backoff.steps == 5  # passed by value, as in Go


def test_exponential_backoff_condition_error_stops():
    with pytest.raises(ValueError, match="boom"):
        wait.exponential_backoff(
            wait.Backoff(duration=0.001, steps=5), lambda: (_ for _ in ()).throw(ValueError("boom"))
        )


def test_exponential_backoff_with_context_cancelled():
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    with pytest.raises(context.Canceled):
        wait.exponential_backoff_with_context(ctx, wait.Backoff(duration=0.001, steps=3), lambda c: False)


def test_poll_immediate_and_timeout():
    calls = []
    wait.poll_immediate(0.001, 1.0, lambda: calls.append(1) or True)
    assert len(calls) == 1
    start = time.monotonic()
    with pytest.raises(wait.ErrWaitTimeout):
        wait.poll(0.01, 0.05, lambda: False)
    assert 0.04 <= time.monotonic() - start < 1.0
    n = []
    wait.poll(0.001, 1.0, lambda: n.append(1) or len(n) == 3)
    assert len(n) == 3


def test_poll_until_stop_event():
    stop = threading.Event()
    stop.set()
    with pytest.raises(wait.ErrWaitTimeout):
        wait.poll_until(0.001, lambda: False, stop)
    calls = []
    wait.poll_immediate_until(10.0, lambda: calls.append(1) or True, stop)
    assert calls == [1]


def test_poll_until_context_cancel_and_timeout():
    ctx, cancel = context.with_timeout(context.background(), 0.05)
    try:
        with pytest.raises(context.DeadlineExceeded):
            wait.poll_until_context_cancel(ctx, 0.005, True, lambda c: False)
    finally:
        cancel()
    with pytest.raises(context.DeadlineExceeded):
        wait.poll_until_context_timeout(None, 0.005, 0.03, False, lambda c: False)
    seen = []
    wait.poll_until_context_timeout(None, 0.001, 1.0, False, lambda c: seen.append(c) or len(seen) == 2)
    assert len(seen) == 2
    assert wait.interrupted(context.Canceled()) and not wait.interrupted(ValueError())


def test_until_runs_until_stopped():
    stop = threading.Event()
    calls = []

    def f():
        calls.append(1)
        if len(calls) == 3:
            stop.set()

    wait.until(f, 0.001, stop)
    assert len(calls) == 3
    never = []
    wait.jitter_until(lambda: never.append(1), 0, 1.0, True, stop)  # already stopped: f never runs
    assert never == []


def test_jitter_until_returns_immediately_when_stopped_inside():
    stop = threading.Event()
    start = time.monotonic()
    wait.jitter_until(stop.set, 30.0, 1.0, True, stop)
    assert time.monotonic() - start < 5


def test_until_with_context_and_crash_recovery(no_crash):
    ctx, cancel = context.with_cancel(context.background())
    calls = []

    def f(c):
        calls.append(c)
        if len(calls) == 2:
            cancel()
        raise RuntimeError("crash")

    wait.until_with_context(ctx, f, 0.001)
    assert len(calls) == 2 and [str(e) for e in no_crash] == ["crash", "crash"]


def test_backoff_managers():
    from kubernetes_py.util.flowcontrol.clock import FakeClock

    clock = FakeClock()
    m = wait.new_exponential_backoff_manager(1.0, 4.0, 10.0, 2.0, 0.0, clock)
    assert [m.backoff() for _ in range(4)] == [1.0, 2.0, 4.0, 4.0]
    clock.step(11.0)
    assert m.backoff() == 1.0
    assert wait.new_jittered_backoff_manager(2.0, 0.0).backoff() == 2.0


def test_group_waits_for_all():
    g = wait.Group()
    out = []
    for i in range(3):
        g.start(lambda i=i: (time.sleep(0.01), out.append(i)))
    g.wait()
    assert sorted(out) == [0, 1, 2]


def test_group_names_threads_and_drops_finished_ones():
    g = wait.Group()
    names = []
    g.start(lambda: names.append(threading.current_thread().name), name="worker one")
    g.wait()
    g.start(lambda: None, name="worker two")
    g.wait()
    assert names == ["worker one"]
    assert len(g._threads) <= 1  # the first, finished, was dropped when the second started


def test_group_wait_from_one_of_its_threads_waits_for_the_others():
    g = wait.Group()
    release = threading.Event()
    seen = []

    def other():
        release.wait(5)
        seen.append("other")

    def stopper():
        release.set()
        g.wait()  # must not wait for itself
        seen.append("stopper")

    g.start(other, name="other")
    g.start(stopper, name="stopper")
    g.wait()
    assert seen == ["other", "stopper"]


def test_group_several_waiters_each_wait_for_all():
    g = wait.Group()
    release = threading.Event()
    g.start(lambda: release.wait(5), name="slow")
    returned = []
    waiters = [threading.Thread(target=lambda: (g.wait(), returned.append(release.is_set()))) for _ in range(3)]
    for t in waiters:
        t.start()
    time.sleep(0.05)
    assert returned == []
    release.set()
    for t in waiters:
        t.join(5)
    assert returned == [True, True, True]


def test_error_interrupted_keeps_cause():
    cause = ValueError("deadline")
    err = wait.error_interrupted(cause)
    assert str(err) == "deadline" and err.__cause__ is cause and wait.interrupted(err)
    assert wait.error_interrupted(err) is err


def test_context_for_channel():
    stop = threading.Event()
    ctx = wait.context_for_channel(stop)
    assert ctx.err() is None
    stop.set()
    assert isinstance(ctx.err(), context.Canceled) and ctx.done() is stop


def test_handle_error_runs_handlers(monkeypatch):
    seen = []
    monkeypatch.setattr(utilruntime, "ErrorHandlers", [lambda ctx, err, msg, *kv: seen.append((err, msg, kv))])
    boom = ValueError("boom")
    utilruntime.handle_error(boom)
    utilruntime.handle_error(None)
    utilruntime.handle_error_with_context(None, boom, "syncing", "key", "ns/name")
    assert seen == [(boom, "Unhandled Error", ()), (boom, "syncing", ("key", "ns/name"))]


def test_default_error_handler_logs(caplog):
    with caplog.at_level("ERROR", logger="kubernetes_py.UnhandledError"):
        utilruntime.handle_error_with_context(None, ValueError("boom"), "sync failed", "key", "a/b", "n", 3)
    assert caplog.messages == ['"sync failed" err="boom" key="a/b" n=3']


def test_handle_crash(no_crash, monkeypatch):
    extra = []
    with utilruntime.handle_crash(extra.append):
        raise KeyError("x")
    assert len(no_crash) == 1 and isinstance(extra[0], KeyError)
    monkeypatch.setattr(utilruntime, "ReallyCrash", True)
    with pytest.raises(KeyError):
        with utilruntime.handle_crash():
            raise KeyError("y")


def test_must_and_get_caller():
    utilruntime.must(None)
    with pytest.raises(ValueError):
        utilruntime.must(ValueError("x"))

    def inner():
        return utilruntime.get_caller()

    def outer():
        return inner()

    assert outer().endswith("test_must_and_get_caller.<locals>.outer")
