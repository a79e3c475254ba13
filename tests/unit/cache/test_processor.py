"""The handler side of the informer: event handler types, handler names, processor listeners (processor_listener_test,
event_handler_name_test), the sync waits (wait_test) and the resync period rules."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from kubernetes_py import context
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.tools.cache import controller as ctrl
from kubernetes_py.tools.cache import shared_informer as si
from kubernetes_py.tools.cache.event_handler_name import name_for_handler
from kubernetes_py.tools.cache.store import DeletedFinalStateUnknown

TIMEOUT = 10.0

# context's one shared deadline thread lives for the whole process: start it before any test looks for leaks
context.with_timeout(context.background(), 3600)[1]()


class MockChecker:
    def __init__(self, name: str, done: bool):
        self._name = name
        self._done = threading.Event()
        if done:
            self._done.set()

    def name(self):
        return self._name

    def done(self):
        return self._done


class Recorder:
    """A handler recording every call as a tuple."""

    def __init__(self):
        self.calls = []
        self.lock = threading.Lock()

    def on_add(self, obj, is_in_initial_list):
        with self.lock:
            self.calls.append(("add", obj, is_in_initial_list))

    def on_update(self, old, new):
        with self.lock:
            self.calls.append(("update", old, new))

    def on_delete(self, obj):
        with self.lock:
            self.calls.append(("delete", obj))


def _eventually(cond, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.002)
    return cond()


def _pod(name, rv="1", ns=""):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace=ns, resourceVersion=rv))


# ---------------------------------------------------------------------------------------------------------------
# handler types


def test_resource_event_handler_funcs_calls_only_what_is_set():
    calls = []
    h = ctrl.ResourceEventHandlerFuncs(add_func=lambda o: calls.append(("add", o)))
    h.on_add("a", True)
    h.on_update("a", "b")
    h.on_delete("b")
    assert calls == [("add", "a")]
    d = ctrl.ResourceEventHandlerDetailedFuncs(
        add_func=lambda o, initial: calls.append(("dadd", o, initial)), delete_func=lambda o: calls.append(("ddel", o))
    )
    d.on_add("x", True)
    d.on_update("x", "y")
    d.on_delete("y")
    assert calls[1:] == [("dadd", "x", True), ("ddel", "y")]


def test_filtering_resource_event_handler():
    rec = Recorder()
    h = ctrl.FilteringResourceEventHandler(filter_func=lambda o: o.startswith("keep"), handler=rec)
    h.on_add("keep-1", True)
    h.on_add("drop-1", True)
    h.on_update("keep-1", "keep-2")  # both pass: update
    h.on_update("drop-1", "keep-3")  # enters the filter: add, not in the initial list
    h.on_update("keep-3", "drop-2")  # leaves it: delete of the old object
    h.on_update("drop-2", "drop-3")  # neither: nothing
    h.on_delete("keep-2")
    h.on_delete("drop-3")
    assert rec.calls == [
        ("add", "keep-1", True),
        ("update", "keep-1", "keep-2"),
        ("add", "keep-3", False),
        ("delete", "keep-3"),
        ("delete", "keep-2"),
    ]


@pytest.mark.parametrize(
    "obj,want_name,want_key",
    [
        (ctrl.DeletedObject(), ("", ""), ""),
        (ctrl.DeletedObject(optional_obj=_pod("n")), ("", "n"), "n"),
        (ctrl.DeletedObject(optional_obj=_pod("n", ns="ns")), ("ns", "n"), "ns/n"),
        (ctrl.DeletedObject(final_state_unknown=DeletedFinalStateUnknown(key="ns/n")), ("ns", "n"), "ns/n"),
        (ctrl.DeletedObject(final_state_unknown=DeletedFinalStateUnknown(key="n")), ("", "n"), "n"),
        (ctrl.DeletedObject(final_state_unknown=DeletedFinalStateUnknown(key="a/b/c")), ("a", "b/c"), "a/b/c"),
        (
            ctrl.DeletedObject(
                optional_obj=_pod("stale", ns="x"), final_state_unknown=DeletedFinalStateUnknown(key="ns/n")
            ),
            ("ns", "n"),
            "ns/n",
        ),
    ],
)
def test_deleted_object_name_and_key(obj, want_name, want_key):
    name = obj.get_object_name()
    assert (name.namespace, name.name) == want_name
    assert (obj.get_namespace(), obj.get_name()) == want_name
    assert obj.get_key() == want_key


class MockHandler:
    def on_add(self, obj, is_in_initial_list):
        pass

    def on_update(self, old, new):
        pass

    def on_delete(self, obj):
        pass


def test_name_for_handler():
    empty = ctrl.ResourceEventHandlerFuncs()
    here = f"{__name__}.test_name_for_handler"
    mixture = ctrl.ResourceEventHandlerFuncs(update_func=empty.on_update, delete_func=lambda o: None)
    assert name_for_handler(mixture) == (
        "kubernetes_py.tools.cache.controller.ResourceEventHandlerFuncs.on_update+" + here + ".<lambda>"
    )
    assert name_for_handler(ctrl.ResourceEventHandlerFuncs(add_func=lambda o: None)) == here
    assert name_for_handler(ctrl.ResourceEventHandlerFuncs(update_func=lambda o, n: None)) == here
    assert (
        name_for_handler(
            ctrl.ResourceEventHandlerFuncs(
                add_func=lambda o: None, update_func=lambda o, n: None, delete_func=lambda o: None
            )
        )
        == here
    )
    assert name_for_handler(MockHandler()) == f"{__name__}.MockHandler"
    assert name_for_handler(empty) == "kubernetes_py.tools.cache.controller.ResourceEventHandlerFuncs"
    assert name_for_handler(None) == "<nil>"


# ---------------------------------------------------------------------------------------------------------------
# processor listener


def _listener(handler, synced=True, resync=0.0):
    return si.new_process_listener(
        None, handler, resync, resync, 0.0, si.initialBufferSize, MockChecker("mock", synced)
    )


def test_listener_delivers_in_order_and_stops_on_close():
    rec = Recorder()
    pl = _listener(rec)
    t = pl.start("handler 1 of test")
    assert t.name == "handler 1 of test"
    for i in range(1000):
        pl.add(si._AddNotification(i, False))
    pl.add(si._UpdateNotification(1, 2))
    pl.add(si._DeleteNotification(2))
    assert _eventually(lambda: len(rec.calls) == 1002)
    assert rec.calls[:1000] == [("add", i, False) for i in range(1000)]
    assert rec.calls[1000:] == [("update", 1, 2), ("delete", 2)]
    pl.close()
    t.join(TIMEOUT)
    assert not t.is_alive() and pl.shutdown_chan().is_set()


def test_slow_listener_buffers_without_blocking_the_adder_or_others():
    gate = threading.Event()
    slow_seen = []
    slow = _listener(ctrl.ResourceEventHandlerFuncs(add_func=lambda o: (gate.wait(TIMEOUT), slow_seen.append(o))))
    fast = Recorder()
    fast_l = _listener(fast)
    threads = [slow.start("slow"), fast_l.start("fast")]
    n = 20000
    start = time.monotonic()
    for i in range(n):
        slow.add(si._AddNotification(i))
        fast_l.add(si._AddNotification(i))
    assert time.monotonic() - start < 5  # add never waits for the handler
    assert _eventually(lambda: len(fast.calls) == n)
    assert slow_seen == [] and slow.pending_notifications() >= n - 1
    gate.set()
    assert _eventually(lambda: len(slow_seen) == n)
    assert slow_seen == list(range(n))
    slow.close()
    fast_l.close()
    for t in threads:
        t.join(TIMEOUT)


def test_close_drops_what_is_still_buffered():
    started = threading.Event()
    gate = threading.Event()
    seen = []

    def add(o):
        seen.append(o)
        started.set()
        gate.wait(TIMEOUT)

    pl = _listener(ctrl.ResourceEventHandlerFuncs(add_func=add))
    t = pl.start("h")
    for i in range(5):
        pl.add(si._AddNotification(i))
    assert started.wait(TIMEOUT)
    pl.close()
    pl.add(si._AddNotification(99))  # after close: dropped
    gate.set()
    t.join(TIMEOUT)
    assert seen == [0]


@pytest.mark.parametrize("upstream_first", [True, False])
def test_listener_has_synced_after_upstream_and_initial_items(upstream_first):
    upstream = MockChecker("informer", upstream_first)
    gate = threading.Event()
    pl = si.new_process_listener(
        None, ctrl.ResourceEventHandlerFuncs(add_func=lambda o: gate.wait(TIMEOUT)), 0, 0, 0.0, 1024, upstream
    )
    assert pl.has_synced_checker().name() == (
        f"informer + event handler {__name__}.test_listener_has_synced_after_upstream_and_initial_items"
    )
    pl.add(si._AddNotification("a", True))
    pl.add(si._AddNotification("b", True))
    t = pl.start("h")
    pl.watch_synced()
    time.sleep(0.05)
    assert not pl.has_synced()
    gate.set()
    if upstream_first:
        assert pl.has_synced_checker().done().wait(TIMEOUT)
    else:
        time.sleep(0.05)
        assert not pl.has_synced()
        upstream.done().set()
        assert pl.has_synced_checker().done().wait(TIMEOUT)
    pl.close()
    t.join(TIMEOUT)


def test_listener_survives_a_crashing_handler_and_sleeps_a_second(monkeypatch, caplog):
    monkeypatch.setattr(utilruntime, "ReallyCrash", False)
    calls = []

    def add(o):
        calls.append((o, time.monotonic()))
        raise RuntimeError("fake panic")

    pl = _listener(ctrl.ResourceEventHandlerFuncs(add_func=add))
    t = pl.start("h")
    with caplog.at_level(logging.ERROR):
        pl.add(si._AddNotification(1))
        pl.add(si._AddNotification(2))
        assert _eventually(lambda: len(calls) == 2)
    assert calls[1][1] - calls[0][1] >= 0.99  # Go's one-second pause after a panic
    assert sum('"Observed a panic" panic="fake panic"' in r.getMessage() for r in caplog.records) >= 1
    pl.close()
    t.join(TIMEOUT)


def test_listener_resync_bookkeeping():
    pl = _listener(Recorder(), resync=10.0)
    assert not pl.should_resync(5.0)
    assert pl.should_resync(10.0)
    pl.determine_next_resync(10.0)
    assert not pl.should_resync(19.9) and pl.should_resync(20.0)
    pl.set_resync_period(0)
    assert not pl.should_resync(100.0)


def test_processor_sends_syncs_only_to_listeners_due_for_one():
    from kubernetes_py.utils.clock.testing import FakeClock

    clock = FakeClock(0.0)
    p = si._SharedProcessor(clock, "test")
    due, not_due = Recorder(), Recorder()
    l1 = si.new_process_listener(None, due, 1.0, 1.0, clock.now(), 1024, MockChecker("m", True))
    l2 = si.new_process_listener(None, not_due, 5.0, 5.0, clock.now(), 1024, MockChecker("m", True))
    p.add_listener(l1)
    p.add_listener(l2)
    ctx, cancel = context.with_cancel(context.background())
    runner = threading.Thread(target=p.run, args=(ctx,))
    runner.start()
    try:
        clock.step(1.0)
        assert p.should_resync() is True
        p.distribute(si._UpdateNotification("o", "o"), True)
        p.distribute(si._AddNotification("n"), False)
        assert _eventually(lambda: len(due.calls) == 2 and len(not_due.calls) == 1)
        assert due.calls == [("update", "o", "o"), ("add", "n", False)]
        assert not_due.calls == [("add", "n", False)]
        assert sorted(t.name for t in p._threads) == ["handler 1 of test", "handler 2 of test"]
    finally:
        cancel()
        runner.join(TIMEOUT)
    assert l1.shutdown_chan().is_set() and l2.shutdown_chan().is_set()


@pytest.mark.parametrize("desired,check,want", [(0, 0, 0), (0, 5, 0), (5, 0, 0), (3, 5, 5), (7, 5, 7)])
def test_determine_resync_period(desired, check, want):
    assert si.determine_resync_period(desired, check) == want


# ---------------------------------------------------------------------------------------------------------------
# waiting


def test_wait_for_cache_sync():
    stop = threading.Event()
    state = {"a": False}
    threading.Timer(0.15, lambda: state.update(a=True)).start()
    start = time.monotonic()
    assert si.wait_for_cache_sync(stop, lambda: True, lambda: state["a"]) is True
    assert 0.1 < time.monotonic() - start < 5
    stop.set()
    assert si.wait_for_cache_sync(stop, lambda: False) is False


def test_wait_for_named_cache_sync_logs(caplog):
    stop = threading.Event()
    with caplog.at_level(logging.INFO, logger="kubernetes_py"):
        assert si.wait_for_named_cache_sync("ctrl", stop, lambda: True)
        stop.set()
        assert not si.wait_for_named_cache_sync("ctrl", stop, lambda: False)
    msgs = [r.getMessage() for r in caplog.records]
    assert msgs == [
        '"Waiting for caches to sync" controller="ctrl"',
        '"Caches are synced" controller="ctrl"',
        '"Waiting for caches to sync" controller="ctrl"',
        '"Unable to sync caches" controller="ctrl"',
    ]


def _delayed(name, delay):
    c = MockChecker(name, delay == 0)
    if delay and delay > 0:
        timer = threading.Timer(delay, c.done().set)
        timer.daemon = True
        timer.start()
        return c, timer
    return c, None


@pytest.mark.parametrize(
    "case", ["empty", "no-caches", "no-logging", "with-logging", "some-timeout", "some-canceled", "more", "all"]
)
def test_wait_for(case, caplog):
    # delays are scaled down from client-go's (10 s, 5 s, 1 min) to tenths of a second
    what = "" if case in ("empty", "no-logging") else "my-caches"
    delays = {
        "empty": [],
        "no-caches": [],
        "no-logging": [0.2, 0.1, 0],
        "with-logging": [0.2, 0.1, 0],
        "some-timeout": [0.2, -1, 0],
        "some-canceled": [0.2, -1, 0],
        "more": [0.2, -1, 0],
        "all": [-1, -1, -1],
    }[case]
    names = ["first", "second", "last"]
    made = [_delayed(n, d) for n, d in zip(names, delays)]
    ctx, cancel = context.background(), lambda: None
    reason = None
    if case in ("some-timeout", "all"):
        ctx, cancel = context.with_timeout(context.background(), 0.4)
    elif case == "some-canceled":
        ctx, cancel = context.with_cancel(context.background())
        cancel()
    elif case == "more":
        # canceled with a cause before "first" is done (Go: after 5 s of first's 10 s)
        ctx, cancel_cause = context.with_cancel_cause(context.background())
        reason = threading.Timer(0.1, cancel_cause, args=(RuntimeError("go fish"),))
        reason.start()
    with caplog.at_level(logging.INFO, logger="kubernetes_py"):
        done = si.wait_for(ctx, what, *(c for c, _ in made))
    cancel()
    if reason is not None:
        reason.join()
    for _, timer in made:
        if timer:
            timer.cancel()
            timer.join()
    msgs = [r.getMessage() for r in caplog.records]
    want = {
        "empty": (True, []),
        "no-caches": (True, ['"Waiting" for="my-caches"']),
        "no-logging": (True, []),
        "more": (
            False,
            [
                '"Waiting" for="my-caches"',
                '"Done waiting" for="my-caches" instance="last"',
                '"Timed out waiting" for="my-caches" cause="go fish" instances=["first","second"]',
            ],
        ),
        "with-logging": (
            True,
            [
                '"Waiting" for="my-caches"',
                '"Done waiting" for="my-caches" instance="last"',
                '"Done waiting" for="my-caches" instance="second"',
                '"Done waiting" for="my-caches" instance="first"',
            ],
        ),
        "some-timeout": (
            False,
            [
                '"Waiting" for="my-caches"',
                '"Done waiting" for="my-caches" instance="last"',
                '"Done waiting" for="my-caches" instance="first"',
                '"Timed out waiting" for="my-caches" cause="context deadline exceeded" instances=["second"]',
            ],
        ),
        "some-canceled": (
            False,
            [
                '"Waiting" for="my-caches"',
                '"Done waiting" for="my-caches" instance="last"',
                '"Timed out waiting" for="my-caches" cause="context canceled" instances=["first","second"]',
            ],
        ),
        "all": (
            False,
            [
                '"Waiting" for="my-caches"',
                '"Timed out waiting" for="my-caches" cause="context deadline exceeded" '
                'instances=["first","last","second"]',
            ],
        ),
    }[case]
    assert (done, msgs) == want


@pytest.mark.parametrize(
    "result,want",
    [
        (si.SyncResult(), None),
        (
            si.SyncResult(err=RuntimeError("my custom cancellation reason"), synced={int: True, str: False}),
            "failed to sync all caches: str: my custom cancellation reason",
        ),
        (
            si.SyncResult(err=RuntimeError("my custom cancellation reason"), synced={int: False, str: False}),
            "failed to sync all caches: int, str: my custom cancellation reason",
        ),
    ],
)
def test_sync_result(result, want):
    err = result.as_error()
    assert (None if err is None else str(err)) == want
