"""client-go's shared_informer_test.go: the shared informer's handlers, resync periods, registration and
shutdown, as exact sequences; plus the handler threads' isolation and a late handler under load."""

from __future__ import annotations

import logging
import random
import threading
import time

import pytest

from kubernetes_py import context
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache.testing import new_fake_controller_source
from kubernetes_py.utils.clock.testing import FakeClock

TIMEOUT = 10.0

context.with_timeout(context.background(), 3600)[1]()  # the shared deadline thread, started before leak checks


@pytest.fixture
def source():
    s = new_fake_controller_source()
    yield s
    s.shutdown()


def _pod(name, uid="", rv="", labels=None):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, uid=uid, resourceVersion=rv, labels=labels or {}))


def _eventually(cond, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.002)
    return cond()


class TestListener:
    """client-go's testListener: records the names it is given (adds and updates)."""

    __test__ = False

    def __init__(self, name, resync_period, *expected):
        self.name = name
        self.resync_period = resync_period
        self.expected = set(expected)
        self.received = []
        self.lock = threading.Lock()

    def on_add(self, obj, is_in_initial_list):
        self._handle(obj)

    def on_update(self, old, new):
        self._handle(new)

    def on_delete(self, obj):
        pass

    def _handle(self, obj):
        with self.lock:
            self.received.append(obj.metadata.name)

    def satisfied(self):
        with self.lock:
            return set(self.received) == self.expected

    def ok(self, straggler_wait=0.2):
        if not _eventually(self.satisfied, 2.0):
            return False
        time.sleep(straggler_wait)  # let unexpected stragglers come in
        return self.satisfied()

    def reset(self):
        with self.lock:
            self.received = []


class Running:
    """An informer running in a thread; stop() sets the event and joins."""

    def __init__(self, informer):
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=informer.run, args=(self.stop_event,), name="test informer")
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


def _handler_count(informer):
    with informer._started_lock:
        return len(informer.processor.listeners or {})


def _is_registered(informer, handle):
    return informer.processor.get_listener(handle) is not None


def test_indexer(source):
    pod1 = _pod("pod1", labels={"a": "a-val", "b": "b-val1"})
    pod2 = _pod("pod2", labels={"b": "b-val2"})
    pod3 = _pod("pod3", labels={"a": "a-val2"})
    source.add(pod1)
    source.add(pod2)
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    informer.add_indexers({"labels": lambda obj: list(obj.metadata.labels)})
    r = Running(informer)
    try:
        assert cache.wait_for_cache_sync(r.stop_event, informer.has_synced)
        assert informer.get_indexer().by_index("labels", "a") == [pod1]
        source.add(pod3)
        by_name = lambda objs: sorted(objs, key=lambda p: p.metadata.name)  # noqa: E731
        assert _eventually(lambda: by_name(informer.get_indexer().by_index("labels", "a")) == [pod1, pod3])
        informer.add_indexers({"labels-again": lambda obj: list(obj.metadata.labels)})
        assert by_name(informer.get_indexer().by_index("labels-again", "a")) == [pod1, pod3]
        assert set(informer.get_indexer().list_index_func_values("labels")) == {"a", "b"}
        assert set(informer.get_indexer().list_index_func_values("labels-again")) == {"a", "b"}
    finally:
        r.stop()


def _step_until(clock, listeners, cond, step=0.1, limit=50):
    for _ in range(limit):
        if cond():
            return True
        clock.step(step)
        time.sleep(0.01)
    return cond()


@pytest.mark.parametrize("startup_delay", [0.0, 0.3], ids=["TestListenerResyncPeriods", "Delayed"])
def test_listener_resync_periods(source, startup_delay):
    """Handlers never resynced, every 2 s and every 3 s, on an informer checking every second (a fake clock).
    Delayed: the processor starts its listeners only after the initial list has been distributed (Go's
    sharedProcessorRunHook), which once deadlocked client-go."""
    source.add(_pod("pod1"))
    source.add(_pod("pod2"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    if startup_delay:
        run_processor = informer.processor.run

        def delayed_run(ctx):
            time.sleep(startup_delay)
            run_processor(ctx)

        informer.processor.run = delayed_run
    clock = FakeClock(1000.0)
    informer.clock = clock
    informer.processor.clock = clock
    l1 = TestListener("listener1", 0, "pod1", "pod2")
    l2 = TestListener("listener2", 2.0, "pod1", "pod2")
    l3 = TestListener("listener3", 3.0, "pod1", "pod2")
    for listener in (l1, l2, l3):
        informer.add_event_handler_with_resync_period(listener, listener.resync_period)
    r = Running(informer)
    try:
        for listener in (l1, l2, l3):
            assert listener.ok(0.05), (listener.name, listener.received)
            listener.reset()
        assert _eventually(lambda: clock.has_waiters())
        clock.step(2.0)  # listener2 is due
        assert _eventually(l2.satisfied)
        time.sleep(0.1)
        assert l1.received == [] and l3.received == []
        l2.reset()
        clock.step(1.0)  # listener3 is due
        assert _eventually(l3.satisfied)
        time.sleep(0.1)
        assert l1.received == [] and l2.received == []
    finally:
        r.stop()


def test_resync_check_period(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 12 * 3600.0)
    gl = informer.processor.get_listener
    clock = FakeClock(0.0)
    informer.clock = clock
    informer.processor.clock = clock
    h1 = informer.add_event_handler_with_resync_period(TestListener("l1", 0), 0)
    assert informer.resync_check_period == 12 * 3600.0
    assert gl(h1).resync_period == 0
    h2 = informer.add_event_handler_with_resync_period(TestListener("l2", 60.0), 60.0)
    assert informer.resync_check_period == 60.0
    assert (gl(h1).resync_period, gl(h2).resync_period) == (0, 60.0)
    h3 = informer.add_event_handler_with_resync_period(TestListener("l3", 55.0), 55.0)
    assert informer.resync_check_period == 55.0
    assert (gl(h1).resync_period, gl(h2).resync_period, gl(h3).resync_period) == (0, 60.0, 55.0)
    h4 = informer.add_event_handler_with_resync_period(TestListener("l4", 5.0), 5.0)
    assert informer.resync_check_period == 5.0
    assert [gl(h).resync_period for h in (h1, h2, h3, h4)] == [0, 60.0, 55.0, 5.0]


def test_resync_period_minimum_and_after_start(source, caplog):
    informer = cache.new_shared_informer(source, corev1.Pod(), 2.0)
    with caplog.at_level(logging.INFO, logger="kubernetes_py.tools.cache"):
        h = informer.add_event_handler_with_resync_period(TestListener("l", 0.1), 0.1)
    assert informer.processor.get_listener(h).resync_period == 1.0
    assert informer.resync_check_period == 1.0
    assert (
        '"Warning: resync period is too small. Changing it to the minimum allowed value" resyncPeriod="100ms" '
        'minimumResyncPeriod="1s"'
    ) in [r.getMessage() for r in caplog.records]
    r = Running(informer)
    try:
        assert cache.wait_for_cache_sync(r.stop_event, informer.has_synced)
        late = informer.add_event_handler_with_options(TestListener("late", 0), cache.HandlerOptions(resync_period=0.5))
        # after start, a period below the check period becomes the check period
        assert informer.processor.get_listener(late).resync_period == 1.0
        assert informer.resync_check_period == 1.0
    finally:
        r.stop()


def test_shared_informer_initialization_race(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    adder = threading.Thread(target=informer.add_event_handler_with_resync_period, args=(TestListener("race", 0), 0))
    adder.start()
    r = Running(informer)
    adder.join()
    r.stop()


def test_shared_informer_watch_disruption(source):
    source.add(_pod("pod1", "pod1", "1"))
    source.add(_pod("pod2", "pod2", "2"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    clock = FakeClock(1000.0)
    informer.clock = clock
    informer.processor.clock = clock
    no_resync = TestListener("listenerNoResync", 0, "pod1", "pod2")
    resync = TestListener("listenerResync", 1.0, "pod1", "pod2")
    informer.add_event_handler_with_resync_period(no_resync, 0)
    informer.add_event_handler_with_resync_period(resync, 1.0)
    r = Running(informer)
    try:
        for listener in (no_resync, resync):
            assert listener.ok(0.05), listener.received
        # pod3 added and pod2 bumped without telling the watch: seen only on relist
        source.add_drop_watch(_pod("pod3", "pod3", "3"))
        source.modify_drop_watch(_pod("pod2", "pod2", "4"))
        for listener in (no_resync, resync):
            assert listener.ok(0.05), listener.received
            listener.reset()
        no_resync.expected = {"pod2", "pod3"}
        resync.expected = {"pod1", "pod2", "pod3"}
        clock.step(1.0)  # should_resync: only listenerResync is due
        source.reset_watch()  # connection lost
        assert _step_until(clock, [], lambda: no_resync.satisfied() and resync.satisfied(), step=0.4)
        for listener in (no_resync, resync):
            assert listener.ok(0.05), (listener.name, listener.received)
    finally:
        r.stop()


def test_shared_informer_error_handling(source):
    source.add(_pod("pod1"))
    source.list_error = RuntimeError("Access Denied")
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    errors = []
    got = threading.Event()

    def handler(reflector, err):
        errors.append(err)
        got.set()

    informer.set_watch_error_handler(handler)
    r = Running(informer)
    try:
        assert got.wait(TIMEOUT)
        assert "Access Denied" in str(errors[0])
        assert not informer.has_synced()
    finally:
        r.stop()


def test_shared_informer_start_race(source):
    """set_transform and set_watch_error_handler racing run: each either takes effect before the start or is
    refused with Go's error; the informer starts and stops either way."""
    source.add(_pod("pod1"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    stop = threading.Event()
    outcomes = set()

    def setter():
        while not stop.is_set():
            for set_ in (
                lambda: informer.set_transform(lambda o: o),
                lambda: informer.set_watch_error_handler(lambda r_, e: None),
            ):
                try:
                    set_()
                    outcomes.add("set")
                except RuntimeError as err:
                    outcomes.add("refused" if str(err) == "informer has already started" else str(err))

    racer = threading.Thread(target=setter, name="setter")
    racer.start()
    r = Running(informer)
    try:
        assert cache.wait_for_cache_sync(r.stop_event, informer.has_synced)
        assert _eventually(lambda: "refused" in outcomes)
    finally:
        stop.set()
        racer.join(TIMEOUT)
        r.stop()
    assert outcomes <= {"set", "refused"}
    assert informer.get_store().list_keys() == ["pod1"]


def test_set_after_start_is_refused(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    r = Running(informer)
    try:
        assert _eventually(informer.has_started)
        with pytest.raises(RuntimeError, match="^informer has already started$"):
            informer.set_transform(lambda o: o)
        with pytest.raises(RuntimeError, match="^informer has already started$"):
            informer.set_watch_error_handler(lambda r_, e: None)
    finally:
        r.stop()


def test_shared_informer_transformer(source):
    source.add(_pod("pod1", "pod1", "1"))
    source.add(_pod("pod2", "pod2", "2"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)

    def upper(obj):
        if isinstance(obj, corev1.Pod) and obj.metadata.name.upper() != obj.metadata.name:
            obj.metadata.name = obj.metadata.name.upper()
        return obj

    informer.set_transform(upper)
    listener = TestListener("listenerTransformer", 0, "POD1", "POD2")
    informer.add_event_handler(listener)
    r = Running(informer)
    try:
        assert listener.ok(), listener.received
    finally:
        r.stop()


def test_shared_informer_remove_handler(source):
    source.add(_pod("pod1"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    h1 = informer.add_event_handler(cache.ResourceEventHandlerFuncs())
    h2 = informer.add_event_handler(cache.ResourceEventHandlerFuncs())
    assert _handler_count(informer) == 2
    informer.remove_event_handler(h2)
    assert _handler_count(informer) == 1
    informer.remove_event_handler(h1)
    assert _handler_count(informer) == 0


def test_shared_informer_remove_foreign_handler(source):
    source2 = new_fake_controller_source()
    try:
        informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
        informer2 = cache.new_shared_informer(source2, corev1.Pod(), 1.0)
        h1 = informer.add_event_handler(cache.ResourceEventHandlerFuncs())
        h2 = informer.add_event_handler(cache.ResourceEventHandlerFuncs())
        assert (_handler_count(informer), _handler_count(informer2)) == (2, 0)
        assert not _is_registered(informer2, h1) and not _is_registered(informer2, h2)
        informer2.remove_event_handler(h1)  # not its handler: nothing happens
        assert (_handler_count(informer), _handler_count(informer2)) == (2, 0)
        assert _is_registered(informer, h1) and _is_registered(informer, h2)
        informer.remove_event_handler(h2)
        assert _handler_count(informer) == 1
        informer.remove_event_handler(h1)
        assert _handler_count(informer) == 0
        with pytest.raises(TypeError, match="invalid key type"):
            informer.remove_event_handler("not a registration")
    finally:
        source2.shutdown()


def test_shared_informer_multiple_registration(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    handler = cache.ResourceEventHandlerFuncs()
    reg1 = informer.add_event_handler(handler)
    assert _is_registered(informer, reg1)
    reg2 = informer.add_event_handler(handler)
    assert _is_registered(informer, reg2) and _handler_count(informer) == 2
    informer.remove_event_handler(reg1)
    assert not _is_registered(informer, reg1) and _is_registered(informer, reg2)
    assert _handler_count(informer) == 1
    informer.remove_event_handler(reg2)
    assert not _is_registered(informer, reg2) and _handler_count(informer) == 0


def test_removing_removed_shared_informer(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    reg = informer.add_event_handler(cache.ResourceEventHandlerFuncs())
    informer.remove_event_handler(reg)
    assert not _is_registered(informer, reg)
    informer.remove_event_handler(reg)  # no error
    assert not _is_registered(informer, reg)


def test_shared_informer_handler_abuse(source):
    """Many threads add and remove handlers while the source churns and the informer stops under them."""
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    r = Running(informer)
    failures = []
    funcs = cache.ResourceEventHandlerDetailedFuncs(
        add_func=lambda o, i: None, update_func=lambda o, n: None, delete_func=lambda o: None
    )

    def worker(seed):
        rnd = random.Random(seed)
        handles = []
        while True:
            try:
                if rnd.randrange(2) == 0:
                    handles.append(informer.add_event_handler_with_resync_period(funcs, 1.0))
                elif handles:
                    informer.remove_event_handler(handles.pop(rnd.randrange(len(handles))))
            except RuntimeError as err:
                if "stopped already" in str(err):
                    return
                failures.append(err)
                return

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for w in workers:
        w.start()
    rnd = random.Random(1)
    objs = []
    for i in range(2000):
        if not objs:
            objs.append(_pod(f"pod{i}"))
            source.add(objs[-1].deep_copy())
        op = rnd.randrange(3)
        if op == 0:
            objs.append(_pod(f"pod{i}"))
            source.add(objs[-1].deep_copy())
        elif op == 1:
            source.modify(objs[rnd.randrange(len(objs))].deep_copy())
        else:
            source.delete(objs.pop(rnd.randrange(len(objs))).deep_copy())
    r.stop()
    for w in workers:
        w.join(TIMEOUT)
        assert not w.is_alive()
    assert failures == []


def test_state_shared_informer(source):
    source.add(_pod("pod1"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    listener = TestListener("listener", 0, "pod1")
    informer.add_event_handler_with_resync_period(listener, 0)
    assert not informer.has_started() and not informer.is_stopped()
    r = Running(informer)
    try:
        assert listener.ok()
        assert informer.has_started() and not informer.is_stopped()
    finally:
        r.stop()
    assert informer.is_stopped() and informer.has_started()


def test_add_on_stopped_shared_informer(source):
    source.add(_pod("pod1"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    r = Running(informer)
    r.stop()
    assert informer.is_stopped()
    with pytest.raises(RuntimeError, match="was not added to shared informer because it has stopped already$"):
        informer.add_event_handler_with_resync_period(TestListener("listener", 0, "pod1"), 0)
    with pytest.raises(RuntimeError, match="^indexer was not added because it has stopped already$"):
        informer.add_indexers({"x": lambda o: []})


def test_remove_on_stopped_shared_informer(source):
    source.add(_pod("pod1"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    handle = informer.add_event_handler_with_resync_period(TestListener("listener", 0, "pod1"), 0)
    r = Running(informer)
    r.stop()
    assert informer.is_stopped()
    informer.remove_event_handler(handle)


def test_remove_while_active(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    listener = TestListener("listener", 0, "pod1")
    handle = informer.add_event_handler(listener)
    r = Running(informer)
    try:
        source.add(_pod("pod1"))
        assert listener.ok()
        informer.remove_event_handler(handle)
        assert not _is_registered(informer, handle)
        source.add(_pod("pod2"))
        assert listener.ok()
    finally:
        r.stop()


def test_add_while_active(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    l1 = TestListener("originalListener", 0, "pod1")
    l2 = TestListener("listener2", 0, "pod1", "pod2")
    h1 = informer.add_event_handler(l1)
    assert not h1.has_synced()
    r = Running(informer)
    try:
        source.add(_pod("pod1"))
        assert l1.ok()
        assert h1.has_synced_checker().done().wait(TIMEOUT) and h1.has_synced()
        with l2.lock:  # hold it before it can process its initial list
            h2 = informer.add_event_handler(l2)
            assert not h2.has_synced()
        source.add(_pod("pod2"))
        assert l2.ok()
        assert _eventually(h2.has_synced)
        assert _is_registered(informer, h1) and _is_registered(informer, h2)
        l1.expected = l2.expected
        assert l1.ok()
    finally:
        r.stop()


def test_late_handler_gets_cache_then_every_change_once(source):
    """A handler added while the source churns receives the cache's contents (initial-list adds) and then every
    later change: replaying its calls gives exactly the informer's final cache."""
    for i in range(50):
        source.add(_pod(f"p{i}"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    r = Running(informer)
    stop_churn = threading.Event()

    def churn():
        rnd = random.Random(7)
        i = 50
        while not stop_churn.is_set():
            op = rnd.randrange(3)
            names = [n for _, n, _ in list(source.items)]
            if op == 0 or not names:
                source.add(_pod(f"p{i}"))
                i += 1
            elif op == 1:
                source.modify(_pod(rnd.choice(names)))
            else:
                source.delete(_pod(rnd.choice(names)))

    try:
        assert cache.wait_for_cache_sync(r.stop_event, informer.has_synced)
        churner = threading.Thread(target=churn)
        churner.start()
        time.sleep(0.05)
        mirror = {}
        errors = []
        initial = []

        def add(obj, is_initial):
            if obj.metadata.name in mirror:
                errors.append(("add twice", obj.metadata.name))
            mirror[obj.metadata.name] = obj.metadata.resourceVersion
            initial.append(is_initial)

        def update(old, new):
            if new.metadata.name not in mirror:
                errors.append(("update before add", new.metadata.name))
            mirror[new.metadata.name] = new.metadata.resourceVersion

        def delete(obj):
            if mirror.pop(cache.deletion_handling_meta_namespace_key_func(obj), None) is None:
                errors.append(("delete unknown", obj))

        reg = informer.add_event_handler(
            cache.ResourceEventHandlerDetailedFuncs(add_func=add, update_func=update, delete_func=delete)
        )
        time.sleep(0.2)
        stop_churn.set()
        churner.join()
        assert _eventually(reg.has_synced)
        want = {p.metadata.name: p.metadata.resourceVersion for p in source.list().items}
        assert _eventually(
            lambda: {p.metadata.name: p.metadata.resourceVersion for p in informer.get_store().list()} == want
        )
        assert _eventually(lambda: mirror == want)
        assert errors == [] and initial.count(True) > 0
    finally:
        stop_churn.set()
        r.stop()


def test_slow_handler_does_not_delay_others(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    gate = threading.Event()
    slow_seen, fast_seen = [], []
    informer.add_event_handler(
        cache.ResourceEventHandlerFuncs(add_func=lambda o: (gate.wait(TIMEOUT), slow_seen.append(o.metadata.name)))
    )
    informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: fast_seen.append(o.metadata.name)))
    r = Running(informer)
    try:
        for i in range(200):
            source.add(_pod(f"p{i}"))
        assert _eventually(lambda: len(fast_seen) == 200)
        assert slow_seen == []
        assert _eventually(lambda: len(informer.get_store().list()) == 200)
        names = sorted(t.name for t in threading.enumerate() if t.name.startswith("handler "))
        assert names == ["handler 1 of v1.Pod", "handler 2 of v1.Pod"]
        gate.set()
        assert _eventually(lambda: len(slow_seen) == 200)
        assert slow_seen == fast_seen == [f"p{i}" for i in range(200)]
    finally:
        gate.set()
        r.stop()


@pytest.mark.parametrize("case", ["no-context", "no-context-later", "no-run"])
def test_shutdown(source, case):
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)
    if case == "no-run":
        informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: None))
        return
    handler = None
    if case == "no-context":
        handler = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: None))
    r = Running(informer)
    try:
        assert _eventually(informer.has_synced)
        if case == "no-context-later":
            handler = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: None))
        informer.remove_event_handler(handler)
    finally:
        r.stop()


def test_run_with_context_and_run_twice(source, caplog):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    ctx, cancel = context.with_cancel(context.background())
    t = threading.Thread(target=informer.run_with_context, args=(ctx,))
    t.start()
    try:
        assert _eventually(informer.has_synced)
        with caplog.at_level(logging.INFO, logger="kubernetes_py.tools.cache"):
            informer.run(threading.Event())  # returns at once
        assert '"Warning: the sharedIndexInformer has started, run more than once is not allowed"' in [
            rec.getMessage() for rec in caplog.records
        ]
    finally:
        cancel()
        t.join(TIMEOUT)
    assert informer.is_stopped()


def test_event_panics(source, monkeypatch, caplog):
    monkeypatch.setattr(utilruntime, "ReallyCrash", False)
    for i in range(3):
        source.add(_pod(f"pod{i + 1}"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 1.0)

    def add(obj):
        raise RuntimeError("fake panic")

    h1 = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=add))
    h2 = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=add))
    start = time.monotonic()
    with caplog.at_level(logging.ERROR):
        r = Running(informer)
        try:
            assert _eventually(informer.has_synced)
            assert _eventually(
                lambda: sum('"Observed a panic" panic="fake panic"' in rec.getMessage() for rec in caplog.records) == 6
            )
        finally:
            informer.remove_event_handler(h1)
            informer.remove_event_handler(h2)
            r.stop()
    assert time.monotonic() - start >= 2.0  # one second after each panic but the last
    assert not h1.has_synced()  # a handler that never returned from its initial adds never syncs


def test_remove_event_handler_asynchronous_and_shut_down(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    r = Running(informer)
    try:
        started, unblock, finished = threading.Event(), threading.Event(), threading.Event()

        def add(obj):
            started.set()
            unblock.wait(TIMEOUT)
            finished.set()

        handle = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=add))
        source.add(_pod("pod1"))
        assert started.wait(TIMEOUT)
        informer.remove_event_handler(handle)  # returns while the handler still runs
        assert not finished.is_set() and not handle.shutdown_chan().is_set()
        unblock.set()
        cache.shut_down_event_handler(informer, handle)  # waits for the handler's thread
        assert finished.is_set() and handle.shutdown_chan().is_set()
    finally:
        r.stop()


@pytest.mark.parametrize("order", ["never-started", "started-then-added", "added-then-started"])
def test_shut_down_event_handler_lifecycles(source, order):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    r = None
    handle = None
    if order == "added-then-started":
        handle = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: None))
    if order != "never-started":
        r = Running(informer)
        ctx, cancel = context.with_timeout(context.background(), 2.0)
        assert cache.wait_for(ctx, "informer sync", informer.has_synced_checker())
        cancel()
    if handle is None:
        handle = informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: None))
    cache.shut_down_event_handler(informer, handle)
    if r is not None:
        r.stop()


def test_informer_checker_names_and_dummy_controller(source):
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    assert informer.has_synced_checker().name() == "SharedIndexInformer *v1.Pod"
    reg = informer.add_event_handler(cache.ResourceEventHandlerFuncs())
    assert reg.has_synced_checker().name() == (
        "SharedIndexInformer *v1.Pod + event handler kubernetes_py.tools.cache.controller.ResourceEventHandlerFuncs"
    )
    c = informer.get_controller()
    assert not c.has_synced() and c.last_sync_resource_version() == ""
    source.add(_pod("a"))
    r = Running(informer)
    try:
        assert _eventually(c.has_synced)
        assert c.last_sync_resource_version() == "1" == informer.last_sync_resource_version()
    finally:
        r.stop()


def test_dead_reflector_never_leaves_a_synced_stale_cache(source, caplog):
    """A watch error handler that raises ends the reflector's thread: the informer stops with it, and has_synced
    turns false for good instead of staying true over a cache nothing updates any more."""
    source.add(_pod("pod1"))
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    seen = []
    informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=lambda o: seen.append(o.metadata.name)))

    def handler(reflector, err):
        raise RuntimeError(f"handler gave up: {err}")

    informer.set_watch_error_handler(handler)
    errors = []

    def run():
        try:
            informer.run(threading.Event())
        except RuntimeError as err:
            errors.append(err)

    t = threading.Thread(target=run)
    with caplog.at_level(logging.ERROR):
        t.start()
        assert _eventually(informer.has_synced)
        source.list_error = RuntimeError("boom")
        source.add_drop_watch(_pod("pod2"))
        source.reset_watch()  # the re-watch from an RV reset_watch forgot is 410: a relist, which fails
        t.join(TIMEOUT)
    assert not t.is_alive()
    assert len(errors) == 1 and str(errors[0]).startswith("handler gave up")
    assert informer.is_stopped() and not informer.has_synced()
    assert seen == ["pod1"]
