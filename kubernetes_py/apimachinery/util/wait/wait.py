"""Polling, periodic loops and back-off (Go's k8s.io/apimachinery/pkg/util/wait).

Durations are float seconds. A condition is ``condition() -> bool`` (or ``condition(ctx) -> bool`` for the
``*_with_context`` forms); raising from it is Go's returning an error, and stops the wait with that exception.
Where Go returns ``ErrWaitTimeout`` or ``ctx.Err()``, these functions raise it. A stop channel is a
``threading.Event`` (or a ``kubernetes_py.context.Context``); ``None`` never stops, like a nil channel.
"""

from __future__ import annotations

import copy
import dataclasses
import random
import threading
import time
from typing import Any, Callable, Optional, Protocol, TypeVar, Union

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.util import runtime as _utilruntime
from kubernetes_py.utils.clock import PassiveClock

ForeverTestTimeout = 30.0
"""How long tests wait for something that should happen (Go's wait.ForeverTestTimeout)."""

NeverStop = threading.Event()
"""A stop event nobody sets."""

ConditionFunc = Callable[[], bool]
ConditionWithContextFunc = Callable[[_context.Context], bool]
StopChannel = Union[threading.Event, _context.Context, None]
_CtxT = TypeVar("_CtxT", bound=Optional[_context.Context])

jitter_rand: Callable[[], float] = random.random
"""The random source of jitter (replaceable in tests, like Go's jitterRand)."""


class ErrWaitTimeout(Exception):
    """A wait ended without its condition being met (Go's ``ErrWaitTimeout`` / ``ErrorInterrupted``).

    ``wait.interrupted(err)`` is true for it and for context cancellation and deadlines.
    """

    def __init__(self, message: str = "timed out waiting for the condition"):
        super().__init__(message)


def error_interrupted(cause: Optional[BaseException]) -> ErrWaitTimeout:
    """An ErrWaitTimeout carrying ``cause`` (its message is the cause's)."""
    if isinstance(cause, ErrWaitTimeout):
        return cause
    if cause is None:
        return ErrWaitTimeout()
    err = ErrWaitTimeout(str(cause))
    err.__cause__ = cause
    return err


def interrupted(err: Optional[BaseException]) -> bool:
    """Whether ``err`` (or an error it wraps) says a wait was cut short: timeout, cancellation or deadline."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, (ErrWaitTimeout, _context.Canceled, _context.DeadlineExceeded)):
            return True
        err = err.__cause__
    return False


def jitter(duration: float, max_factor: float) -> float:
    """``duration`` plus a random part of up to ``max_factor * duration`` (max_factor <= 0 means 1)."""
    if max_factor <= 0.0:
        max_factor = 1.0
    return duration + jitter_rand() * max_factor * duration


# ----------------------------------------------------------------------------------------------------------------
# Stop channels as contexts


class _ChannelContext(_context.Context):
    """A context that is done when a stop event is set (Go's ContextForChannel)."""

    def __init__(self, stop: threading.Event):
        self._stop = stop

    def deadline(self) -> tuple[None, bool]:
        return None, False

    def done(self) -> threading.Event:
        return self._stop

    def err(self) -> Optional[BaseException]:
        return _context.Canceled() if self._stop.is_set() else None

    def value(self, key: Any) -> Any:
        return None

    def _deadline_mono(self) -> Optional[float]:
        return None


def context_for_channel(stop: StopChannel) -> _context.Context:
    """A context done when ``stop`` is set (a Context is returned as is; None never ends)."""
    if stop is None or stop is NeverStop:
        return _context.background()
    if isinstance(stop, _context.Context):
        return stop
    if isinstance(stop, threading.Event):
        return _ChannelContext(stop)
    raise TypeError(f"a stop channel is a threading.Event or a Context, got {type(stop).__name__}")


def _ctx(ctx: Optional[_context.Context]) -> _context.Context:
    return _context.background() if ctx is None else ctx


def _wait_until(ctx: _context.Context, deadline: float) -> bool:
    """Sleep until the monotonic ``deadline``; False if the context ended first."""
    done = ctx.done()
    while True:
        remaining = deadline - time.monotonic()
        if done.is_set():
            return False
        if remaining <= 0:
            return True
        if done.wait(remaining):
            return False


def _call_with_crash_handling(ctx: _context.Context, f: Callable[[], None]) -> None:
    with _utilruntime.handle_crash_with_context(ctx):
        f()


# ----------------------------------------------------------------------------------------------------------------
# Backoff


@dataclasses.dataclass
class Backoff:
    """Exponential back-off parameters; ``step()`` returns the next wait and advances (Go's wait.Backoff)."""

    duration: float = 0.0
    factor: float = 0.0
    jitter: float = 0.0
    steps: int = 0
    cap: float = 0.0

    def step(self) -> float:
        """The next wait (jittered), moving ``duration``/``steps`` on as Go does."""
        next_wait, self.duration, self.steps = _delay(self.steps, self.duration, self.cap, self.factor, self.jitter)
        return next_wait

    def delay_func(self) -> Callable[[], float]:
        """A function returning successive waits from a copy of this back-off (this one is not changed)."""
        state = copy.copy(self)
        return state.step

    def delay_with_reset(self, clock: PassiveClock, reset_interval: float) -> Callable[[], float]:
        """Like delay_func, safe to call from any thread, and back to this back-off's start whenever more than
        ``reset_interval`` passed on ``clock`` (which needs ``now()``) since the last reset (Go's
        DelayWithReset). Without a factor it is delay_func; a reset_interval <= 0 gives a constant delay."""
        if self.factor <= 0:
            return self.delay_func()
        if reset_interval <= 0:
            return dataclasses.replace(self, steps=0, factor=0.0).delay_func()
        return _ResettingBackoff(self, reset_interval, clock).step


def _delay(steps: int, duration: float, cap: float, factor: float, jitter_factor: float) -> tuple[float, float, int]:
    if steps < 1:
        if jitter_factor > 0:
            return jitter(duration, jitter_factor), duration, 0
        return duration, duration, 0
    steps -= 1
    if factor != 0:
        next_duration = _go_duration(duration * factor)
        if cap > 0 and next_duration > cap:
            next_duration = cap
            steps = 0
    else:
        next_duration = duration
    if jitter_factor > 0:
        duration = jitter(duration, jitter_factor)
    return duration, next_duration, steps


def _go_duration(seconds: float) -> float:
    # Go's time.Duration(float64(d) * factor) truncates to whole nanoseconds.
    return int(seconds * 1e9) / 1e9


class _ResettingBackoff:
    # Go's backoffManager.Step: the reset is measured from the last reset, not from the last call.
    def __init__(self, initial: Backoff, reset_interval: float, clock: PassiveClock):
        self._initial = copy.copy(initial)
        self._backoff = copy.copy(initial)
        self._reset_interval = reset_interval
        self._clock = clock
        self._last_start = clock.now()
        self._lock = threading.Lock()

    def step(self) -> float:
        with self._lock:
            if self._clock.now() - self._last_start > self._reset_interval:
                self._backoff = copy.copy(self._initial)
                self._last_start = self._clock.now()
            return self._backoff.step()


class BackoffManager(Protocol):
    """Gives the wait before the next run of a loop (Go's BackoffManager returns a timer of that length)."""

    def backoff(self) -> float: ...


class _ExponentialBackoffManager:
    def __init__(
        self,
        init_backoff: float,
        max_backoff: float,
        reset_duration: float,
        backoff_factor: float,
        jitter_factor: float,
        clock: PassiveClock,
    ):
        self._backoff = Backoff(
            duration=init_backoff, factor=backoff_factor, jitter=jitter_factor, steps=(1 << 31) - 1, cap=max_backoff
        )
        self._initial = init_backoff
        self._clock = clock
        self._last_start = clock.now()
        self._reset = reset_duration
        self._lock = threading.Lock()

    def backoff(self) -> float:
        with self._lock:
            if self._clock.now() - self._last_start > self._reset:
                self._backoff.steps = (1 << 31) - 1
                self._backoff.duration = self._initial
            self._last_start = self._clock.now()
            return self._backoff.step()


class _JitteredBackoffManager:
    def __init__(self, duration: float, jitter_factor: float):
        self._duration = duration
        self._jitter = jitter_factor

    def backoff(self) -> float:
        if self._jitter > 0.0:
            return jitter(self._duration, self._jitter)
        return self._duration


def _default_clock() -> PassiveClock:
    from kubernetes_py.utils.clock import RealClock

    return RealClock()


def new_exponential_backoff_manager(
    init_backoff: float,
    max_backoff: float,
    reset_duration: float,
    backoff_factor: float,
    jitter_factor: float,
    clock: Optional[PassiveClock] = None,
) -> BackoffManager:
    """Back-off growing by ``backoff_factor`` up to ``max_backoff``, back to the start after ``reset_duration``
    without a call. ``clock`` needs ``now()`` (kubernetes_py.util.flowcontrol.clock)."""
    return _ExponentialBackoffManager(
        init_backoff,
        max_backoff,
        reset_duration,
        backoff_factor,
        jitter_factor,
        clock if clock is not None else _default_clock(),
    )


def new_jittered_backoff_manager(
    duration: float, jitter_factor: float, clock: Optional[PassiveClock] = None
) -> BackoffManager:
    return _JitteredBackoffManager(duration, jitter_factor)


# ----------------------------------------------------------------------------------------------------------------
# Loops


def backoff_until_with_context(
    ctx: Optional[_context.Context], f: Callable[[_context.Context], None], backoff: BackoffManager, sliding: bool
) -> None:
    """Run ``f(ctx)`` until the context ends, waiting ``backoff.backoff()`` between runs. With ``sliding`` the
    wait starts after ``f`` returns; otherwise it includes the time ``f`` took. A crash in ``f`` goes through
    util.runtime.handle_crash."""
    ctx = _ctx(ctx)
    done = ctx.done()
    while True:
        if done.is_set():
            return
        deadline = 0.0
        if not sliding:
            deadline = time.monotonic() + backoff.backoff()
        _call_with_crash_handling(ctx, lambda: f(ctx))
        if sliding:
            deadline = time.monotonic() + backoff.backoff()
        if not _wait_until(ctx, deadline):
            return


def backoff_until(f: Callable[[], None], backoff: BackoffManager, sliding: bool, stop: StopChannel) -> None:
    backoff_until_with_context(context_for_channel(stop), lambda _ctx: f(), backoff, sliding)


def jitter_until_with_context(
    ctx: Optional[_context.Context],
    f: Callable[[_context.Context], None],
    period: float,
    jitter_factor: float,
    sliding: bool,
) -> None:
    backoff_until_with_context(ctx, f, new_jittered_backoff_manager(period, jitter_factor), sliding)


def jitter_until(f: Callable[[], None], period: float, jitter_factor: float, sliding: bool, stop: StopChannel) -> None:
    """Run ``f`` every ``period`` (plus up to ``jitter_factor * period``) until ``stop`` is set."""
    backoff_until(f, new_jittered_backoff_manager(period, jitter_factor), sliding, stop)


def until(f: Callable[[], None], period: float, stop: StopChannel) -> None:
    """Run ``f`` every ``period`` seconds (measured from the end of a run) until ``stop`` is set."""
    jitter_until(f, period, 0.0, True, stop)


def until_with_context(ctx: Optional[_context.Context], f: Callable[[_context.Context], None], period: float) -> None:
    jitter_until_with_context(ctx, f, period, 0.0, True)


def non_sliding_until(f: Callable[[], None], period: float, stop: StopChannel) -> None:
    """Like until, but ``period`` is measured from the start of each run."""
    jitter_until(f, period, 0.0, False, stop)


def non_sliding_until_with_context(
    ctx: Optional[_context.Context], f: Callable[[_context.Context], None], period: float
) -> None:
    jitter_until_with_context(ctx, f, period, 0.0, False)


def forever(f: Callable[[], None], period: float) -> None:
    until(f, period, NeverStop)


# ----------------------------------------------------------------------------------------------------------------
# Polling


def _loop_condition_until_context(
    ctx: _context.Context, interval: float, immediate: bool, condition: ConditionWithContextFunc
) -> None:
    # A fixed ticker started before the first check (Go's non-sliding loop over Backoff{Duration: interval}).
    next_tick = time.monotonic() + interval
    if immediate and condition(ctx):
        return
    while True:
        if not _wait_until(ctx, next_tick):
            raise ctx.err() or _context.Canceled()
        err = ctx.err()
        if err is not None:
            raise err
        now = time.monotonic()
        next_tick += interval
        if interval > 0 and next_tick <= now:  # a ticker drops the ticks a slow condition missed
            next_tick += ((now - next_tick) // interval + 1) * interval
        if condition(ctx):
            return


def poll_until_context_cancel(
    ctx: Optional[_context.Context], interval: float, immediate: bool, condition: ConditionWithContextFunc
) -> None:
    """Check ``condition(ctx)`` every ``interval`` until it returns True; raises the context's error when it ends
    first (and whatever the condition raises)."""
    _loop_condition_until_context(_ctx(ctx), interval, immediate, condition)


def poll_until_context_timeout(
    ctx: Optional[_context.Context],
    interval: float,
    timeout: float,
    immediate: bool,
    condition: ConditionWithContextFunc,
) -> None:
    """Like poll_until_context_cancel with a deadline ``timeout`` seconds away (raises DeadlineExceeded)."""
    deadline_ctx, cancel = _context.with_timeout(_ctx(ctx), timeout)
    try:
        _loop_condition_until_context(deadline_ctx, interval, immediate, condition)
    finally:
        cancel()


def _poll(
    ctx: _context.Context, immediate: bool, interval: float, timeout: float, condition: ConditionWithContextFunc
) -> None:
    if immediate and condition(ctx):
        return
    if ctx.done().is_set():
        raise ErrWaitTimeout()
    _wait_for(ctx, interval, timeout, condition)


def _wait_for(ctx: _context.Context, interval: float, timeout: float, condition: ConditionWithContextFunc) -> None:
    # Go's poller: a ticker every interval; after timeout (0 = none) its channel closes, which runs the
    # condition one last time before ErrWaitTimeout. The caller's context ending gives ErrWaitTimeout.
    start = time.monotonic()
    end = start + timeout if timeout else None
    next_tick = start + interval
    done = ctx.done()
    while True:
        target = next_tick if end is None else min(next_tick, end)
        remaining = target - time.monotonic()
        if remaining > 0 and done.wait(remaining):
            raise ErrWaitTimeout()
        if done.is_set():
            raise ErrWaitTimeout()
        closed = end is not None and time.monotonic() >= end and next_tick > end
        if condition(ctx):
            return
        if closed:
            raise ErrWaitTimeout()
        now = time.monotonic()
        next_tick += interval
        if interval > 0 and next_tick <= now:
            next_tick += ((now - next_tick) // interval + 1) * interval


def poll(interval: float, timeout: float, condition: ConditionFunc) -> None:
    """Deprecated in Go: check ``condition()`` every ``interval`` for up to ``timeout`` (first check after one
    interval); raises ErrWaitTimeout."""
    _poll(_context.background(), False, interval, timeout, lambda _c: condition())


def poll_with_context(
    ctx: Optional[_context.Context], interval: float, timeout: float, condition: ConditionWithContextFunc
) -> None:
    _poll(_ctx(ctx), False, interval, timeout, condition)


def poll_until(interval: float, condition: ConditionFunc, stop: StopChannel) -> None:
    _poll(context_for_channel(stop), False, interval, 0, lambda _c: condition())


def poll_until_with_context(
    ctx: Optional[_context.Context], interval: float, condition: ConditionWithContextFunc
) -> None:
    _poll(_ctx(ctx), False, interval, 0, condition)


def poll_infinite(interval: float, condition: ConditionFunc) -> None:
    _poll(_context.background(), False, interval, 0, lambda _c: condition())


def poll_infinite_with_context(
    ctx: Optional[_context.Context], interval: float, condition: ConditionWithContextFunc
) -> None:
    _poll(_ctx(ctx), False, interval, 0, condition)


def poll_immediate(interval: float, timeout: float, condition: ConditionFunc) -> None:
    """Like poll, but checks once right away."""
    _poll(_context.background(), True, interval, timeout, lambda _c: condition())


def poll_immediate_with_context(
    ctx: Optional[_context.Context], interval: float, timeout: float, condition: ConditionWithContextFunc
) -> None:
    _poll(_ctx(ctx), True, interval, timeout, condition)


def poll_immediate_until(interval: float, condition: ConditionFunc, stop: StopChannel) -> None:
    _poll(context_for_channel(stop), True, interval, 0, lambda _c: condition())


def poll_immediate_until_with_context(
    ctx: Optional[_context.Context], interval: float, condition: ConditionWithContextFunc
) -> None:
    _poll(_ctx(ctx), True, interval, 0, condition)


def poll_immediate_infinite(interval: float, condition: ConditionFunc) -> None:
    _poll(_context.background(), True, interval, 0, lambda _c: condition())


def poll_immediate_infinite_with_context(
    ctx: Optional[_context.Context], interval: float, condition: ConditionWithContextFunc
) -> None:
    _poll(_ctx(ctx), True, interval, 0, condition)


def exponential_backoff(backoff: Backoff, condition: ConditionFunc) -> None:
    """Check ``condition()`` up to ``backoff.steps`` times, sleeping ``backoff.step()`` between checks; raises
    ErrWaitTimeout when the steps run out. ``backoff`` itself is not changed (Go passes it by value)."""
    backoff = copy.copy(backoff)
    while backoff.steps > 0:
        if condition():
            return
        if backoff.steps == 1:
            break
        time.sleep(backoff.step())
    raise ErrWaitTimeout()


def exponential_backoff_with_context(
    ctx: Optional[_context.Context], backoff: Backoff, condition: ConditionWithContextFunc
) -> None:
    """Like exponential_backoff; the context ending raises its error."""
    ctx = _ctx(ctx)
    backoff = copy.copy(backoff)
    while backoff.steps > 0:
        err = ctx.err()
        if err is not None:
            raise err
        if condition(ctx):
            return
        if backoff.steps == 1:
            break
        wait = backoff.step()
        if not _wait_until(ctx, time.monotonic() + wait):
            raise ctx.err() or _context.Canceled()
    raise ErrWaitTimeout()


class Group:
    """Starts functions in daemon threads and waits for all of them (Go's wait.Group): the goroutines of one owner,
    joined when it stops.

    Beyond Go: a thread may carry a name (the role it plays), finished threads are dropped as new ones start (a
    long-lived owner keeps none), and ``wait`` does not wait for the calling thread itself (an owner may be stopped
    from one of its own threads, where Go would deadlock).

    Invariant: ``wait`` returns once every thread started before or during it has ended, the caller excepted, in
    each of several threads waiting at once."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self, f: Callable[[], object], *, name: Optional[str] = None) -> None:
        t = threading.Thread(target=f, name=name, daemon=True)
        with self._lock:
            self._threads = [x for x in self._threads if x.is_alive()]
            self._threads.append(t)
        t.start()

    def start_with_channel(self, stop: StopChannel, f: Callable[[StopChannel], None]) -> None:
        self.start(lambda: f(stop))

    def start_with_context(self, ctx: _CtxT, f: Callable[[_CtxT], None]) -> None:
        self.start(lambda: f(ctx))

    def wait(self) -> None:
        while True:
            me = threading.current_thread()
            with self._lock:
                pending = [t for t in self._threads if t.is_alive() and t is not me]
            if not pending:
                return
            for t in pending:
                t.join()
