"""kubernetes_py.context: cancellation trees, deadlines, values, causes, after_func."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from kubernetes_py import context


def test_background_and_todo_are_never_done():
    for ctx, name in ((context.background(), "context.Background"), (context.todo(), "context.TODO")):
        assert ctx.err() is None
        assert ctx.deadline() == (None, False)
        assert ctx.value("k") is None
        assert not ctx.done().wait(0)
        assert str(ctx) == name
        with pytest.raises(RuntimeError, match="cannot be set"):
            ctx.done().set()


def test_cancel_sets_done_and_err():
    ctx, cancel = context.with_cancel(context.background())
    assert ctx.err() is None and not ctx.done().is_set()
    cancel()
    assert ctx.done().is_set()
    assert isinstance(ctx.err(), context.Canceled)
    assert str(ctx.err()) == "context canceled"
    assert str(ctx) == "context.Background.WithCancel"
    cancel()  # idempotent
    assert isinstance(ctx.err(), context.Canceled)


def test_cancelling_parent_cancels_children_but_not_the_reverse():
    parent, cancel_parent = context.with_cancel(context.background())
    child, cancel_child = context.with_cancel(context.with_value(parent, "k", "v"))
    grandchild, _ = context.with_timeout(child, 60)
    sibling, _ = context.with_cancel(parent)
    cancel_child()
    assert child.done().is_set() and grandchild.done().is_set()
    assert not parent.done().is_set() and not sibling.done().is_set()
    cancel_parent()
    assert sibling.done().is_set()
    assert isinstance(sibling.err(), context.Canceled)
    assert grandchild.value("k") == "v"


def test_child_of_cancelled_parent_starts_cancelled():
    parent, cancel = context.with_cancel(context.background())
    cancel()
    child, _ = context.with_cancel(parent)
    assert child.done().is_set()
    assert isinstance(child.err(), context.Canceled)


def test_timeout_expires_with_deadline_exceeded():
    ctx, cancel = context.with_timeout(context.background(), 0.05)
    d, ok = ctx.deadline()
    assert ok and isinstance(d, dt.datetime) and d.tzinfo is not None
    assert ctx.done().wait(2)
    err = ctx.err()
    assert isinstance(err, context.DeadlineExceeded) and isinstance(err, TimeoutError)
    assert str(err) == "context deadline exceeded"
    cancel()
    assert isinstance(ctx.err(), context.DeadlineExceeded)


def test_deadline_in_the_past_is_done_at_once():
    ctx, _ = context.with_deadline(context.background(), dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1))
    assert ctx.done().is_set()
    assert isinstance(ctx.err(), context.DeadlineExceeded)


def test_later_child_deadline_keeps_parent_deadline():
    parent, _ = context.with_timeout(context.background(), 10)
    child, _ = context.with_timeout(parent, 3600)
    assert child.deadline() == parent.deadline()
    assert context.deadline_monotonic(child) == context.deadline_monotonic(parent)
    earlier, _ = context.with_timeout(parent, 1)
    assert context.deadline_monotonic(earlier) < context.deadline_monotonic(parent)


def test_with_deadline_accepts_monotonic_seconds_and_rejects_naive_datetime():
    when = time.monotonic() + 5
    ctx, cancel = context.with_deadline(context.background(), when)
    assert context.deadline_monotonic(ctx) == when
    cancel()
    with pytest.raises(ValueError, match="timezone-aware"):
        context.with_deadline(context.background(), dt.datetime.now())
    with pytest.raises(TypeError, match="deadline must be"):
        context.with_deadline(context.background(), "soon")


def test_cancel_before_deadline_reports_canceled():
    ctx, cancel = context.with_timeout(context.background(), 0.2)
    cancel()
    assert isinstance(ctx.err(), context.Canceled)
    time.sleep(0.3)
    assert isinstance(ctx.err(), context.Canceled)


def test_values_shadow_and_validate_keys():
    ctx = context.with_value(context.background(), "a", 1)
    ctx = context.with_value(ctx, "b", 2)
    ctx = context.with_value(ctx, "a", 3)
    assert (ctx.value("a"), ctx.value("b"), ctx.value("c")) == (3, 2, None)
    assert str(context.with_value(context.background(), "a", 1)) == "context.Background.WithValue('a', 1)"
    with pytest.raises(ValueError, match="nil key"):
        context.with_value(ctx, None, 1)
    with pytest.raises(TypeError, match="key is not comparable"):
        context.with_value(ctx, [], 1)
    with pytest.raises(ValueError, match="nil parent"):
        context.with_cancel(None)


def test_cause():
    ctx, cancel = context.with_cancel_cause(context.background())
    assert context.cause(ctx) is None
    boom = RuntimeError("boom")
    cancel(boom)
    assert context.cause(ctx) is boom
    assert isinstance(ctx.err(), context.Canceled)
    child, _ = context.with_cancel(ctx)
    assert context.cause(child) is boom
    plain, cancel_plain = context.with_cancel(context.background())
    cancel_plain()
    assert isinstance(context.cause(plain), context.Canceled)
    timed, _ = context.with_timeout_cause(context.background(), 0, boom)
    assert isinstance(timed.err(), context.DeadlineExceeded) and context.cause(timed) is boom


def test_without_cancel_keeps_values_only():
    parent, cancel = context.with_timeout(context.with_value(context.background(), "k", "v"), 60)
    detached = context.without_cancel(parent)
    cancel()
    assert detached.value("k") == "v"
    assert detached.err() is None and detached.deadline() == (None, False)


def test_after_func_runs_once_on_cancel():
    ran = threading.Event()
    calls = []
    ctx, cancel = context.with_cancel(context.background())
    stop = context.after_func(ctx, lambda: (calls.append(1), ran.set()))
    cancel()
    assert ran.wait(2)
    cancel()
    time.sleep(0.05)
    assert calls == [1]
    assert stop() is False


def test_after_func_stop_prevents_run():
    calls = []
    ctx, cancel = context.with_cancel(context.background())
    stop = context.after_func(ctx, lambda: calls.append(1))
    assert stop() is True
    assert stop() is False
    cancel()
    time.sleep(0.05)
    assert calls == []


def test_after_func_on_done_context_runs_immediately_and_on_deadline():
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    ran = threading.Event()
    context.after_func(ctx, ran.set)
    assert ran.wait(2)
    timed, _ = context.with_timeout(context.background(), 0.05)
    fired = threading.Event()
    context.after_func(timed, fired.set)
    assert fired.wait(2)


class _ForeignCtx(context.Context):
    """A user-written Context: the tree must still follow its cancellation."""

    def __init__(self):
        self.ev = threading.Event()

    def deadline(self):
        return None, False

    def done(self):
        return self.ev

    def err(self):
        return context.Canceled() if self.ev.is_set() else None

    def value(self, key):
        return "foreign" if key == "who" else None


def test_foreign_parent_cancellation_reaches_children():
    parent = _ForeignCtx()
    child, _ = context.with_cancel(parent)
    assert child.value("who") == "foreign"
    parent.ev.set()
    assert child.done().wait(2)
    assert isinstance(child.err(), context.Canceled)


def test_many_timeouts_share_one_timer_thread():
    before = threading.active_count()
    ctxs = [context.with_timeout(context.background(), 0.05 + i * 0.001)[0] for i in range(200)]
    assert threading.active_count() <= before + 1
    for c in ctxs:
        assert c.done().wait(2)
