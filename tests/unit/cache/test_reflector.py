"""tools/cache Reflector: the cases of client-go's reflector_test.go, reflector_watchlist_test.go and
retry_with_deadline_test.go, as exact sequences of list/watch calls, events and store contents."""

from __future__ import annotations

import errno
import logging
import random
import threading
import time

import pytest

from kubernetes_py import context, features
from kubernetes_py.api.core import v1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersionKind
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import reflector as refl
from kubernetes_py.utils.clock import RealClock
from kubernetes_py.utils.clock.testing import FakeClock

from .fifo_util import pop

TIMEOUT = 10.0


def mk_pod(name, rv="", namespace=""):
    return v1.Pod(metadata=metav1.ObjectMeta(name=name, resourceVersion=rv, namespace=namespace))


def mk_list(rv, *pods, cont=""):
    out = v1.PodList(metadata=metav1.ListMeta(resourceVersion=rv), items=list(pods))
    setattr(out.metadata, "continue", cont)
    return out


class UnsupportedWatchList:
    """client-go's toListWatcherWithUnSupportedWatchListSemantics: a ListWatch whose client cannot serve
    WatchList, so the reflector lists."""

    def __init__(self, lw):
        self.lw = lw

    def is_watch_list_semantics_un_supported(self):
        return True

    def list(self, options):
        return self.lw.list(options)

    def watch(self, options):
        return self.lw.watch(options)


def no_list_watch():
    return cache.ListWatch()


def new_test_reflector(lw, store, delay, clock=None):
    """A Reflector built field by field, as client-go's tests build &Reflector{...}."""
    return refl.Reflector(
        name="test-reflector",
        lister_watcher=cache.to_lister_watcher_with_context(lw),
        store=store,
        delay_handler=delay,
        clock=clock or RealClock(),
        watch_error_handler=cache.DefaultWatchErrorHandler,
    )


class FakeDelayFunc:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return 0.0


def eventually(condition, timeout=TIMEOUT):
    """Poll until condition() is true (wait.PollUntilContextTimeout without a context timer thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def fifo_list(f):
    """client-go's test-only FIFO.List."""
    with f._lock:
        return list(f._items.values())


def fifo_has(f, obj):
    """client-go's test-only FIFO.Get, for existence."""
    with f._lock:
        return cache.meta_namespace_key_func(obj) in f._items


def run_in_thread(fn, *args):
    result = {}

    def target():
        try:
            result["value"] = fn(*args)
        except BaseException as err:  # noqa: BLE001 - inspected by the test
            result["error"] = err

    t = threading.Thread(target=target, name="test list_and_watch", daemon=True)
    t.start()
    return t, result


# ---------------------------------------------------------------------------------------------------------------


def test_close_watch_channel_on_error():
    r = cache.new_reflector(no_list_watch(), v1.Pod(), cache.new_store(cache.meta_namespace_key_func), 0)
    fw = watch.new_fake()
    r.lister_watcher = cache.ListWatch(watch_func=lambda options: fw, list_func=lambda options: mk_list("1"))
    r.use_watch_list = False
    t, result = run_in_thread(r.list_and_watch_with_context, context.background())
    fw.error(mk_pod("bar"))
    value, ok = fw.result_chan().recv(timeout=wait.ForeverTestTimeout)
    assert not ok, "Watch channel left open after cancellation"
    t.join(TIMEOUT)
    assert "error" not in result


def test_run_until():
    ctx, cancel = context.with_cancel(context.background())
    store = cache.new_store(cache.meta_namespace_key_func)
    r = cache.new_reflector(no_list_watch(), v1.Pod(), store, 0)
    fw = watch.new_fake()
    r.lister_watcher = cache.ListWatch(watch_func=lambda options: fw, list_func=lambda options: mk_list("1"))
    r.use_watch_list = False
    t = threading.Thread(target=r.run_with_context, args=(ctx,), daemon=True)
    t.start()
    # Synchronous: once it is taken, the reflector is in the watch handler.
    fw.add(mk_pod("bar"))
    cancel()
    t.join(TIMEOUT)
    assert not t.is_alive()
    _, ok = fw.result_chan().recv(timeout=1)
    assert not ok, "Watch channel left open after stopping the watch"


def test_run_with_a_stop_event():
    stop = threading.Event()
    fw = watch.new_fake()
    store = cache.new_store(cache.meta_namespace_key_func)
    lw = UnsupportedWatchList(
        cache.ListWatch(watch_func=lambda options: fw, list_func=lambda options: mk_list("1", mk_pod("a", "1")))
    )
    r = cache.new_reflector(lw, v1.Pod(), store, 0)
    t = threading.Thread(target=r.run, args=(stop,), daemon=True)
    t.start()
    fw.add(mk_pod("b", "2"))
    assert sorted(store.list_keys()) == ["a", "b"]
    stop.set()
    t.join(TIMEOUT)
    assert not t.is_alive() and fw.is_stopped()


def test_reflector_watch_stopped_before():
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    lw = cache.ListWatch(
        list_func=lambda o: pytest.fail("ListFunc called unexpectedly"),
        watch_func=lambda o: pytest.fail("WatchFunc called unexpectedly"),
    )
    target = cache.new_reflector(lw, v1.Pod(), None, 0)
    assert target._watch(ctx, None, None) is None


def test_reflector_watch_stopped_after():
    ctx, cancel = context.with_cancel(context.background())
    watchers = []
    timers = []

    def watch_func(options):
        timer = threading.Timer(0.01, cancel)
        timers.append(timer)
        timer.start()
        w = watch.new_fake()
        watchers.append(w)
        return w

    target = cache.new_reflector(
        cache.ListWatch(list_func=lambda o: pytest.fail("list"), watch_func=watch_func), v1.Pod(), None, 0
    )
    target._watch(ctx, None, None)
    for timer in timers:
        timer.join()
    assert len(watchers) == 1 and watchers[0].is_stopped()


def test_reflector_resync_chan():
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0.001)
    started = time.monotonic()
    assert refl._clock_wait(g.clock, g.resync_period, threading.Event())
    assert time.monotonic() - started < 1.0


def mock_watcher(calls, result_ch, close_on_stop=True, on_result_chan=None):
    def stop():
        calls.append("Stop")
        if close_on_stop and not result_ch.closed:
            result_ch.close()

    def result_chan():
        calls.append("ResultChan")
        if on_result_chan is not None:
            on_result_chan()
        return result_ch

    return watch.MockWatcher(stop_func=stop, result_chan_func=result_chan)


def handle(g, ctx, fw, s, set_rv=None):
    return refl.handle_watch(
        ctx,
        time.monotonic(),
        fw,
        s,
        g.expected_type,
        g.expected_gvk,
        g.name,
        g.type_description,
        set_rv or (lambda rv, _b: g.set_last_sync_resource_version(rv)),
        g.clock,
        None,
    )


def test_reflector_handle_watch_stopped_before():
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    calls = []
    fw = mock_watcher(calls, watch.Chan())
    assert handle(g, ctx, fw, s) is refl.errorStopRequested
    assert calls == ["ResultChan", "Stop"]


def test_reflector_handle_watch_stopped_after():
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    ctx, cancel = context.with_cancel(context.background())
    calls = []
    timer = threading.Timer(0.01, cancel)
    fw = mock_watcher(calls, watch.Chan(), on_result_chan=timer.start)
    assert handle(g, ctx, fw, s) is refl.errorStopRequested
    timer.join()
    assert calls == ["ResultChan", "Stop"]


def test_reflector_handle_watch_result_chan_closed_before():
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    calls = []
    ch = watch.Chan()
    fw = mock_watcher(calls, ch, close_on_stop=False)
    ch.close()
    err = handle(g, context.background(), fw, s)
    assert err == refl.VeryShortWatchError(g.name)
    assert str(err) == (
        f"very short watch: {g.name}: Unexpected watch close - watch lasted less than a second and no items received"
    )
    assert calls == ["ResultChan", "Stop"]


def test_reflector_handle_watch_result_chan_closed_after():
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    calls = []
    ch = watch.Chan()
    timer = threading.Timer(0.01, ch.close)
    fw = mock_watcher(calls, ch, close_on_stop=False, on_result_chan=timer.start)
    assert handle(g, context.background(), fw, s) == refl.VeryShortWatchError(g.name)
    timer.join()
    assert calls == ["ResultChan", "Stop"]


def test_reflector_watch_handler(caplog):
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    ctx, cancel = context.with_cancel(context.background())

    def set_rv(rv, _besides_added):
        g.set_last_sync_resource_version(rv)
        if rv == "32":
            cancel()

    fw = watch.new_fake()
    s.add(mk_pod("foo"))
    s.add(mk_pod("bar"))

    def produce():
        fw.add(v1.Service(metadata=metav1.ObjectMeta(name="rejected")))
        fw.delete(mk_pod("foo"))
        fw.modify(mk_pod("bar", "55"))
        fw.add(mk_pod("baz", "32"))

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    with caplog.at_level(logging.ERROR):
        assert handle(g, ctx, fw, s, set_rv) is refl.errorStopRequested
    producer.join(TIMEOUT)
    for pod, exists in [
        (mk_pod("foo"), False),
        (mk_pod("rejected"), False),
        (mk_pod("bar", "55"), True),
        (mk_pod("baz", "32"), True),
    ]:
        obj, found = s.get(pod)
        assert found is exists
        if found:
            assert obj.metadata.resourceVersion == pod.metadata.resourceVersion
    assert g.last_sync_resource_version() == "32"
    assert any(
        '"Unexpected watch event object type"' in r.getMessage()
        and 'expectedType="*v1.Pod"' in r.getMessage()
        and 'actualType="*v1.Service"' in r.getMessage()
        for r in caplog.records
    )


def test_reflector_stop_watch():
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    fw = watch.new_fake()
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    assert handle(g, ctx, fw, s) is refl.errorStopRequested


def opts(**kw):
    return metav1.ListOptions(**kw)


LIST_AND_WATCH_CASES = {
    "UseWatchList enabled": dict(
        use_watch_list=True,
        list_results=[],
        events=[
            (watch.Added, mk_pod("foo", "1")),
            (
                watch.Bookmark,
                v1.Pod(
                    metadata=metav1.ObjectMeta(
                        name="foo", resourceVersion="1", annotations={metav1.InitialEventsAnnotationKey: "true"}
                    )
                ),
            ),
            (watch.Modified, mk_pod("foo", "2")),
            (watch.Added, mk_pod("bar", "3")),
            (watch.Added, mk_pod("baz", "4")),
            (watch.Added, mk_pod("qux", "5")),
            (watch.Added, mk_pod("zoo", "6")),
        ],
        list_options=[],
        watch_options=[
            opts(
                allowWatchBookmarks=True,
                resourceVersion="",
                resourceVersionMatch="NotOlderThan",
                sendInitialEvents=True,
            )
        ],
    ),
    "UseWatchList disabled": dict(
        use_watch_list=False,
        list_results=[mk_list("1", mk_pod("foo", "1"))],
        events=[
            (watch.Modified, mk_pod("foo", "2")),
            (watch.Added, mk_pod("bar", "3")),
            (watch.Added, mk_pod("baz", "4")),
            (watch.Added, mk_pod("qux", "5")),
            (watch.Added, mk_pod("zoo", "6")),
        ],
        list_options=[opts(resourceVersion="0", limit=500)],
        watch_options=[opts(allowWatchBookmarks=True, resourceVersion="1")],
    ),
}


@pytest.mark.parametrize("name", list(LIST_AND_WATCH_CASES))
def test_reflector_list_and_watch(name):
    tc = LIST_AND_WATCH_CASES[name]
    list_opts, watch_opts = [], []
    watchers = watch.Chan(10)

    def watch_func(options):
        watch_opts.append(options)
        if len(watch_opts) > len(tc["watch_options"]):
            raise RuntimeError(f"Expected ListerWatcher.Watch to only be called {len(tc['watch_options'])} times")
        w = watch.new_fake()
        watchers.send(w)
        return w

    def list_func(options):
        list_opts.append(options)
        if len(list_opts) > len(tc["list_results"]):
            raise RuntimeError(f"Expected ListerWatcher.List to only be called {len(tc['list_results'])} times")
        return tc["list_results"][len(list_opts) - 1]

    with set_feature_during_test(features.WatchListClient, tc["use_watch_list"]):
        s = cache.new_fifo(cache.meta_namespace_key_func)
        r = cache.new_reflector(cache.ListWatch(watch_func=watch_func, list_func=list_func), v1.Pod(), s, 0)
        ctx, cancel = context.with_cancel(context.background())
        t, result = run_in_thread(r.list_and_watch_with_context, ctx)
        try:
            fw, _ = watchers.recv(timeout=TIMEOUT)
            for event_type, obj in tc["events"]:
                fw.action(event_type, obj)
            for want in ["foo/2", "bar/3", "baz/4", "qux/5", "zoo/6"]:
                got = pop(s)
                assert f"{got.metadata.name}/{got.metadata.resourceVersion}" == want
        finally:
            cancel()
            t.join(TIMEOUT)
    assert "error" not in result
    for o in list_opts + watch_opts:
        o.ClearField("timeoutSeconds")
    assert list_opts == tc["list_options"]
    assert watch_opts == tc["watch_options"]


def test_reflector_list_and_watch_with_errors():
    table = [
        dict(list=mk_list("1"), events=[(watch.Added, mk_pod("foo", "2")), (watch.Added, mk_pod("bar", "3"))]),
        dict(
            list=mk_list("3", mk_pod("foo", "2"), mk_pod("bar", "3")),
            events=[(watch.Deleted, mk_pod("foo", "4")), (watch.Added, mk_pod("qux", "5"))],
        ),
        dict(list_err=RuntimeError("a list error")),
        dict(list=mk_list("5", mk_pod("bar", "3"), mk_pod("qux", "5")), watch_err=RuntimeError("a watch error")),
        dict(list=mk_list("5", mk_pod("bar", "3"), mk_pod("qux", "5")), events=[(watch.Added, mk_pod("baz", "6"))]),
        dict(list=mk_list("6", mk_pod("bar", "3"), mk_pod("qux", "5"), mk_pod("baz", "6"))),
    ]
    s = cache.new_fifo(cache.meta_namespace_key_func)
    for line, item in enumerate(table):
        if item.get("list") is not None:
            current = {p.metadata.name: p.metadata.resourceVersion for p in fifo_list(s)}
            assert current == {p.metadata.name: p.metadata.resourceVersion for p in item["list"].items}, line
        ctx, cancel = context.with_cancel(context.background())
        state = {"watch_err": item.get("watch_err")}
        producers = []

        def watch_func(options, item=item, state=state, cancel=cancel, producers=producers):
            if state["watch_err"] is not None:
                raise state["watch_err"]
            state["watch_err"] = RuntimeError("second watch")
            fw = watch.new_fake()

            def produce():
                for event_type, obj in item.get("events", []):
                    fw.action(event_type, obj)
                cancel()

            t = threading.Thread(target=produce, daemon=True)
            producers.append(t)
            t.start()
            return fw

        def list_func(options, item=item):
            if item.get("list_err") is not None:
                raise item["list_err"]
            return item["list"]

        lw = UnsupportedWatchList(cache.ListWatch(watch_func=watch_func, list_func=list_func))
        r = cache.new_reflector(lw, v1.Pod(), s, 0)
        if item.get("list_err") or item.get("watch_err"):
            with pytest.raises(Exception) as info:
                r.list_and_watch_with_context(ctx)
            want = item.get("list_err") or item.get("watch_err")
            assert info.value is want or info.value.__cause__ is want
            if item.get("list_err"):
                assert str(info.value) == "failed to list *v1.Pod: a list error"
        else:
            r.list_and_watch_with_context(ctx)
        for t in producers:
            t.join(TIMEOUT)
        cancel()


@pytest.mark.parametrize("num_conn_fails,lower,upper", [(5, 0.032, 0.064), (40, 35 * 2 * 0.05, 40 * 2 * 0.05)])
def test_reflector_list_and_watch_init_conn_backoff(num_conn_fails, lower, upper):
    max_backoff = 0.05
    ctx, cancel = context.with_cancel(context.background())
    fake_clock = FakeClock(0.0)
    backoff = wait.Backoff(duration=0.001, cap=max_backoff, steps=1000, factor=2.0, jitter=1.0)
    delay_fn = backoff.delay_with_reset(fake_clock, 0.1)
    done = threading.Event()

    def stepper():
        i = 0
        while not done.is_set():
            if fake_clock.has_waiters():
                fake_clock.step(min((1 << (i + 1)) * 0.001, max_backoff * 2))
                i += 1
            time.sleep(0.0001)

    step_thread = threading.Thread(target=stepper, daemon=True)
    step_thread.start()
    fails = [num_conn_fails]

    def watch_func(options):
        if fails[0] > 0:
            fails[0] -= 1
            raise ConnectionRefusedError(errno.ECONNREFUSED, "connection refused")
        cancel()
        return watch.new_fake()

    lw = cache.ListWatch(watch_func=watch_func, list_func=lambda o: mk_list("1"))
    r = new_test_reflector(lw, cache.new_fifo(cache.meta_namespace_key_func), delay_fn, fake_clock)
    try:
        start = fake_clock.now()
        r.list_and_watch_with_context(ctx)
        elapsed = fake_clock.since(start)
    finally:
        done.set()
        step_thread.join()
    assert lower <= elapsed <= upper


@pytest.mark.parametrize(
    "backoff,num_conn_fails,lower,upper",
    [
        (None, 2, 0.0, 10.0),
        (wait.Backoff(duration=0.01, factor=2.0, jitter=0, steps=100, cap=0.1), 5, 0.25, 0.30),
    ],
    ids=["default backoff", "custom backoff"],
)
def test_new_reflector_with_custom_backoff(backoff, num_conn_fails, lower, upper):
    ctx, cancel = context.with_cancel(context.background())
    fails = [num_conn_fails]

    def watch_func(options):
        if fails[0] > 0:
            fails[0] -= 1
            raise ConnectionRefusedError(errno.ECONNREFUSED, "connection refused")
        cancel()
        return watch.new_fake()

    lw = cache.ListWatch(list_func=lambda o: mk_list("1"), watch_func=watch_func)
    r = cache.new_reflector_with_options(
        lw, v1.Pod(), cache.new_store(cache.meta_namespace_key_func), cache.ReflectorOptions(backoff=backoff)
    )
    r.use_watch_list = False
    start = time.monotonic()
    r.list_and_watch_with_context(ctx)
    assert lower <= time.monotonic() - start <= upper + 0.1


def test_default_backoff_is_client_gos():
    r = cache.new_reflector(no_list_watch(), v1.Pod(), cache.new_store(cache.meta_namespace_key_func), 0)
    saved = wait.wait.jitter_rand
    wait.wait.jitter_rand = lambda: 0.0
    try:
        delays = [r.delay_handler() for _ in range(8)]
    finally:
        wait.wait.jitter_rand = saved
    assert delays == [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30.0, 30.0]


def test_backoff_on_too_many_requests():
    err = apierrors.new_too_many_requests("too many requests", 1)
    fd = FakeDelayFunc()

    def watch_func(options):
        if fd.calls == 0:
            raise err
        if fd.calls == 1:
            w = watch.new_fake_with_chan_size(1, False)
            w.error(err.status())
            return w
        w = watch.new_fake()
        w.stop()
        return w

    lw = cache.ListWatch(list_func=lambda o: mk_list("1"), watch_func=watch_func)
    r = new_test_reflector(lw, cache.new_fifo(cache.meta_namespace_key_func), fd)
    r.list_and_watch_with_context(context.background())
    assert fd.calls == 2


def test_no_relist_on_too_many_requests():
    err = apierrors.new_too_many_requests("too many requests", 1)
    fd = FakeDelayFunc()
    calls = {"list": 0, "watch": 0}

    def list_func(options):
        calls["list"] += 1
        return mk_list("1")

    def watch_func(options):
        calls["watch"] += 1
        if calls["watch"] < 5:
            raise err
        w = watch.new_fake()
        w.stop()
        return w

    r = new_test_reflector(
        cache.ListWatch(list_func=list_func, watch_func=watch_func), cache.new_fifo(cache.meta_namespace_key_func), fd
    )
    r.list_and_watch_with_context(context.background())
    assert calls == {"list": 1, "watch": 5}


@pytest.mark.parametrize(
    "max_internal,rewind,want_retries",
    [(0.0, 0, 0), (30.0, 0, 31), (30.0, 10, 40)],
    ids=["retries off", "retries on, all calls fail", "retries on, one call successful"],
)
def test_retry_internal_error(max_internal, rewind, want_retries):
    err = apierrors.new_internal_error(RuntimeError("etcdserver: no leader"))
    fake_clock = FakeClock(time.time())
    counter = [0]

    def watch_func(options):
        counter[0] += 1
        if counter[0] == rewind:
            fake_clock.step(60.0)
        fake_clock.step(1.0)
        w = watch.new_fake_with_chan_size(1, False)
        w.error(err.status())
        return w

    r = new_test_reflector(
        cache.ListWatch(list_func=lambda o: mk_list("1"), watch_func=watch_func),
        cache.new_fifo(cache.meta_namespace_key_func),
        FakeDelayFunc(),
        fake_clock,
    )
    r.max_internal_error_retry_duration = max_internal
    r.list_and_watch_with_context(context.background())
    assert counter[0] - 1 == want_retries


class FakeCustomStore:
    """Enough of client-go's FakeCustomStore for the reflector: every method may be replaced."""

    def __init__(self, resync_func=None):
        self.resync_func = resync_func

    def add(self, obj):
        pass

    def update(self, obj):
        pass

    def delete(self, obj):
        pass

    def replace(self, items, rv):
        pass

    def resync(self):
        if self.resync_func is not None:
            self.resync_func()


def test_reflector_resync():
    iteration = [0]

    def resync():
        iteration[0] += 1
        if iteration[0] == 2:
            raise RuntimeError("expected resync reached")

    s = FakeCustomStore(resync)
    lw = UnsupportedWatchList(cache.ListWatch(watch_func=lambda o: watch.new_fake(), list_func=lambda o: mk_list("0")))
    r = cache.new_reflector(lw, v1.Pod(), s, 0.001)
    # The error from resync ends the watch; it is not returned.
    r.list_and_watch_with_context(context.background())
    assert iteration[0] == 2


def paged_list_func(expect_limit, expect_rv=None):
    pods = [mk_pod(f"pod-{i}", str(i)) for i in range(10)]

    def list_func(options):
        assert options.limit == expect_limit
        if expect_rv is not None:
            assert options.resourceVersion == expect_rv
        cont = getattr(options, "continue")
        if cont == "":
            return mk_list("10", *pods[0:4], cont="C1")
        if cont == "C1":
            return mk_list("10", *pods[4:8], cont="C2")
        if cont == "C2":
            return mk_list("10", *pods[8:10])
        raise AssertionError(f"Unrecognized continue: {cont}")

    return list_func


def cancel_on_watch(holder):
    def watch_func(options):
        holder["cancel"]()
        return watch.new_fake()

    return watch_func


def test_reflector_watch_list_page_size():
    holder = {}
    ctx, holder["cancel"] = context.with_cancel(context.background())
    s = cache.new_store(cache.meta_namespace_key_func)
    lw = UnsupportedWatchList(cache.ListWatch(watch_func=cancel_on_watch(holder), list_func=paged_list_func(4)))
    r = cache.new_reflector(lw, v1.Pod(), s, 0)
    r.set_last_sync_resource_version("10")
    r.watch_list_page_size = 4
    r.list_and_watch_with_context(ctx)
    assert len(s.list()) == 10


def test_reflector_not_paginating_not_consistent_reads():
    holder = {}
    ctx, holder["cancel"] = context.with_cancel(context.background())
    s = cache.new_store(cache.meta_namespace_key_func)

    def list_func(options):
        assert options.resourceVersion == "10"
        assert options.limit == 0
        return mk_list("10", *[mk_pod(f"pod-{i}", str(i)) for i in range(10)])

    lw = UnsupportedWatchList(cache.ListWatch(watch_func=cancel_on_watch(holder), list_func=list_func))
    r = cache.new_reflector(lw, v1.Pod(), s, 0)
    r.set_last_sync_resource_version("10")
    r.list_and_watch_with_context(ctx)
    assert len(s.list()) == 10


def test_reflector_paginating_non_consistent_reads_if_watch_cache_disabled():
    holder = {}
    s = cache.new_store(cache.meta_namespace_key_func)
    lw = UnsupportedWatchList(cache.ListWatch(watch_func=cancel_on_watch(holder), list_func=paged_list_func(500)))
    r = cache.new_reflector(lw, v1.Pod(), s, 0)
    ctx, holder["cancel"] = context.with_cancel(context.background())
    r.list_and_watch_with_context(ctx)
    assert len(s.list()) == 10
    # The first list (at "0") was paginated: later ones at a resourceVersion are paginated too.
    ctx, holder["cancel"] = context.with_cancel(context.background())
    r.list_and_watch_with_context(ctx)
    assert len(s.list()) == 10


def relist_scenario(list_func, rounds, page_size=0):
    holder = {}
    s = cache.new_store(cache.meta_namespace_key_func)
    lw = UnsupportedWatchList(cache.ListWatch(watch_func=cancel_on_watch(holder), list_func=list_func))
    r = cache.new_reflector(lw, v1.Pod(), s, 0)
    r.watch_list_page_size = page_size
    sizes = []
    for _ in range(rounds):
        ctx, holder["cancel"] = context.with_cancel(context.background())
        r.list_and_watch_with_context(ctx)
        sizes.append(len(s.list()))
    return sizes


def eight_pods():
    return [mk_pod(f"pod-{i}", str(i)) for i in range(8)]


def test_reflector_resync_with_resource_version():
    rvs = []

    def list_func(options):
        rvs.append(options.resourceVersion)
        pods = eight_pods()
        if options.resourceVersion == "0":
            return mk_list("10", *pods[0:4])
        if options.resourceVersion == "10":
            return mk_list("11", *pods)
        raise AssertionError(f"Unrecognized ResourceVersion: {options.resourceVersion}")

    assert relist_scenario(list_func, 2) == [4, 8]
    assert rvs == ["0", "10"]


def test_reflector_expired_exact_resource_version():
    rvs = []

    def list_func(options):
        rvs.append(options.resourceVersion)
        pods = eight_pods()
        if options.resourceVersion == "0":
            return mk_list("10", *pods[0:4])
        if options.resourceVersion == "10":
            raise apierrors.new_resource_expired("The resourceVersion for the provided watch is too old.")
        if options.resourceVersion == "":
            return mk_list("11", *pods)
        raise AssertionError(f"Unrecognized ResourceVersion: {options.resourceVersion}")

    assert relist_scenario(list_func, 2) == [4, 8]
    assert rvs == ["0", "10", ""]


def test_reflector_full_list_if_expired():
    rvs = []

    def list_func(options):
        rvs.append(options.resourceVersion)
        pods = eight_pods()
        key = (options.resourceVersion, getattr(options, "continue"), options.limit)
        if key == ("0", "", 4):
            return mk_list("10", *pods[0:4])
        if key == ("10", "", 4):
            return mk_list("11", *pods[0:4], cont="C1")
        if key == ("", "C1", 4):
            raise apierrors.new_resource_expired("The resourceVersion for the provided watch is too old.")
        if key == ("10", "", 0):
            return mk_list("11", *pods)
        raise AssertionError(f"unexpected list options: {options}")

    assert relist_scenario(list_func, 2, page_size=4) == [4, 8]
    assert rvs == ["0", "10", "", "10"]


def test_reflector_full_list_if_too_large():
    rvs = []
    version = [30]

    def list_func(options):
        rvs.append(options.resourceVersion)
        rv = str(version[0])
        if options.resourceVersion == "0":
            return mk_list("20")
        if options.resourceVersion == "20":
            err = apierrors.new_timeout_error("too large resource version", 1)
            err.err_status.details.causes.append(metav1.StatusCause(reason=metav1.CauseTypeResourceVersionTooLarge))
            raise err
        if options.resourceVersion == "30":
            err = apierrors.new_timeout_error("too large resource version", 1)
            err.err_status.details.causes.append(metav1.StatusCause(message="Too large resource version"))
            raise err
        if options.resourceVersion == "40":
            raise apierrors.new_timeout_error("Too large resource version", 1)
        if options.resourceVersion == "":
            version[0] += 10
            return mk_list(rv)
        raise RuntimeError(f"unexpected List call: {options.resourceVersion}")

    relist_scenario(list_func, 4)
    assert rvs == ["0", "20", "", "30", "", "40", ""]


def test_get_type_description_from_object():
    obj = unstructured.Unstructured()
    gvk = GroupVersionKind("mygroup", "v1", "MyKind")
    obj.set_group_version_kind(gvk)
    assert refl.get_type_description_from_object(None) == "<unspecified>"
    assert refl.get_type_description_from_object(v1.Pod()) == "*v1.Pod"
    assert refl.get_type_description_from_object(unstructured.Unstructured()) == "*unstructured.Unstructured"
    assert refl.get_type_description_from_object(obj) == "mygroup/v1, Kind=MyKind"


def test_get_expected_gvk_from_object():
    obj = unstructured.Unstructured()
    gvk = GroupVersionKind("mygroup", "v1", "MyKind")
    obj.set_group_version_kind(gvk)
    assert refl.get_expected_gvk_from_object(None) is None
    assert refl.get_expected_gvk_from_object(v1.Pod()) is None
    assert refl.get_expected_gvk_from_object(unstructured.Unstructured()) is None
    assert refl.get_expected_gvk_from_object(obj) == gvk


def test_unstructured_events_of_another_gvk_are_dropped():
    want = unstructured.Unstructured(
        {"apiVersion": "mygroup/v1", "kind": "MyKind", "metadata": {"name": "a", "resourceVersion": "2"}}
    )
    other = unstructured.Unstructured(
        {"apiVersion": "mygroup/v1", "kind": "Other", "metadata": {"name": "b", "resourceVersion": "3"}}
    )
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), want, s, 0)
    fw = watch.new_fake_with_chan_size(2)
    fw.add(other)
    fw.add(want)
    fw.stop()
    handle(g, context.background(), fw, s)
    assert s.list_keys() == ["a"]


@pytest.mark.parametrize(
    "min_watch_timeout,expected_min",
    [(0.0, 300), (1.0, 300), (1800.0, 1800)],
    ids=["no timeout", "small timeout not honored", "30m timeout"],
)
def test_watch_timeout(min_watch_timeout, expected_min):
    ctx, cancel = context.with_cancel(context.background())
    got = []

    def watch_func(options):
        got.append(options.timeoutSeconds if options.HasField("timeoutSeconds") else None)
        cancel()
        return watch.new_fake()

    lw = cache.ListWatch(list_func=lambda o: mk_list("10"), watch_func=watch_func)
    r = cache.new_reflector_with_options(
        lw,
        v1.Pod(),
        cache.new_store(cache.meta_namespace_key_func),
        cache.ReflectorOptions(min_watch_timeout=min_watch_timeout),
    )
    r.use_watch_list = False
    r.list_and_watch_with_context(ctx)
    assert len(got) == 1 and expected_min <= got[0] <= 2 * expected_min


class StoreWithRV:
    def __init__(self):
        self.store = cache.new_store(cache.meta_namespace_key_func)
        self.resource_versions = []

    def __getattr__(self, name):
        return getattr(self.store, name)

    def update_resource_version(self, rv):
        self.resource_versions.append(rv)


def test_reflector_resource_version_update():
    s = StoreWithRV()
    ctx, cancel = context.with_cancel(context.background())
    fw = watch.new_fake()
    lw = UnsupportedWatchList(cache.ListWatch(watch_func=lambda o: fw, list_func=lambda o: mk_list("10")))
    r = cache.new_reflector(lw, v1.Pod(), s, 0)

    def produce():
        fw.action(watch.Added, mk_pod("", "10"))
        fw.action(watch.Modified, mk_pod("", "20"))
        fw.action(watch.Bookmark, mk_pod("", "30"))
        fw.action(watch.Deleted, mk_pod("", "40"))
        cancel()

    t = threading.Thread(target=produce, daemon=True)
    t.start()
    r.list_and_watch_with_context(ctx)
    t.join(TIMEOUT)
    assert s.resource_versions == ["10", "20", "30", "40"]


def test_watch_from_rv_0_does_not_move_the_rv_before_a_non_added_event():
    # After a list at "0"... the watch starts at the list's RV; from "" or "0", initial ADDED events come in any
    # order and only the first other event moves the resourceVersion.
    s = cache.new_store(cache.meta_namespace_key_func)
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    seen = []
    fw = watch.new_fake_with_chan_size(3)
    fw.add(mk_pod("a", "7"))
    fw.add(mk_pod("b", "5"))
    fw.modify(mk_pod("a", "8"))
    fw.stop()
    handle(g, context.background(), fw, s, lambda rv, besides: seen.append((rv, besides)))
    assert seen == [("7", False), ("5", False), ("8", True)]


def test_reflector_list_extract_copies_items():
    pages = []

    class PagingLW:
        def list(self, options):
            n = len(pages)
            page = mk_list("", *[mk_pod(f"pod-{n * 100 + i}") for i in range(100)], cont="" if n == 4 else "true")
            pages.append(page)
            return page

        def watch(self, options):
            return None

    store = cache.new_store(lambda obj: obj.metadata.name)
    r = cache.new_reflector(PagingLW(), v1.Pod(), store, 0)
    r.watch_list_page_size = 100
    r._list(context.background())
    assert len(store.list()) == 500
    # Every stored pod is a copy that shares nothing with the decoded pages.
    for page in pages:
        for item in page.items:
            stored, ok = store.get_by_key(item.metadata.name)
            assert ok and stored == item and stored is not item
            stored.metadata.labels["copied"] = "yes"
            assert "copied" not in item.metadata.labels


def test_single_page_list_items_are_copied():
    listed = mk_list("1", mk_pod("a"), mk_pod("b"))
    store = cache.new_store(cache.meta_namespace_key_func)
    lw = UnsupportedWatchList(cache.ListWatch(list_func=lambda o: listed, watch_func=lambda o: None))
    r = cache.new_reflector(lw, v1.Pod(), store, 0)
    r._list(context.background())
    stored, _ = store.get_by_key("a")
    stored.metadata.name = "changed"
    assert listed.items[0].metadata.name == "a"
    assert r.last_sync_resource_version() == "1"


class BeforeAfterReplaceStore:
    def __init__(self, inner, before, after):
        self.inner = inner
        self.before = before
        self.after = after

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def replace(self, items, rv):
        self.before(items, rv)
        err = None
        try:
            self.inner.replace(items, rv)
        except Exception as e:  # noqa: BLE001
            err = e
        self.after(rv, err)
        if err is not None:
            raise err


def test_reflector_replaces_store_on_unsafe_delete():
    pre_existing = mk_pod("foo-1", "1", "ns")
    pods = [pre_existing, mk_pod("foo-2", "2", "ns"), mk_pod("foo-3", "3", "ns")]
    last_expected_rv = "5"
    lists = [mk_list("3", *pods), mk_list(last_expected_rv, *pods)]
    corrupt = mk_pod("foo", "4", "ns")
    status = metav1.Status(
        status=metav1.StatusFailure,
        code=500,
        reason=metav1.StatusReasonStoreReadError,
        message="failed to prepare current and previous objects: corrupt object has been deleted",
    )
    events = [(watch.Added, corrupt), (watch.Error, status)]
    s = cache.new_fifo(cache.meta_namespace_key_func)
    invoked = []
    problems = []

    def before(items, rv):
        if rv == last_expected_rv:
            invoked.append("before")
            if not fifo_has(s, corrupt):
                problems.append("corrupt object not in the store before replace")
            if not fifo_has(s, pre_existing):
                problems.append("pre-existing object not in the store before replace")

    def after(rv, err):
        if rv == last_expected_rv:
            invoked.append("after")
            if err is not None:
                problems.append(f"replace failed: {err}")
            if fifo_has(s, corrupt):
                problems.append("corrupt object still in the store")
            if not fifo_has(s, pre_existing):
                problems.append("pre-existing object gone")

    store = BeforeAfterReplaceStore(s, before, after)
    once = threading.Lock()
    producers = []

    def watch_func(options):
        fw = watch.new_fake()

        def produce():
            if once.acquire(blocking=False):
                for event_type, obj in events:
                    fw.action(event_type, obj)

        t = threading.Thread(target=produce, daemon=True)
        producers.append(t)
        t.start()
        return fw

    def list_func(options):
        return lists.pop(0) if lists else None

    lw = UnsupportedWatchList(cache.ListWatch(watch_func=watch_func, list_func=list_func))
    r = cache.new_reflector(lw, v1.Pod(), store, 0)
    stop = threading.Event()
    t = threading.Thread(target=r.run, args=(stop,), daemon=True)
    t.start()
    try:
        eventually(lambda: r.last_sync_resource_version() == last_expected_rv)
    finally:
        stop.set()
        t.join(TIMEOUT)
        for p in producers:
            p.join(TIMEOUT)
    assert not t.is_alive()
    assert problems == []
    assert invoked == ["before", "after"]
    assert len(fifo_list(s)) == len(pods)


def test_is_unsupported_table_object():
    def u(api_version):
        return unstructured.Unstructured({"apiVersion": api_version, "kind": "Table"})

    assert refl.is_unsupported_table_object(u("meta.k8s.io/v1beta1"))
    assert refl.is_unsupported_table_object(u("meta.k8s.io/v1"))
    assert not refl.is_unsupported_table_object(v1.Pod())
    assert not refl.is_unsupported_table_object(u("custom.group/v1"))


# --- reflector_watchlist_test.go -------------------------------------------------------------------------------


class LWSupports(cache.ListWatch):
    def is_watch_list_semantics_un_supported(self):
        return False


class LWDoesNotSupport(cache.ListWatch):
    def is_watch_list_semantics_un_supported(self):
        return True


@pytest.mark.parametrize(
    "gate,lw,expect",
    [
        (False, LWSupports(), False),
        (True, LWSupports(), True),
        (True, LWDoesNotSupport(), False),
        (True, cache.ListWatch(), True),
    ],
)
def test_new_reflector_with_disablement_watch_list(gate, lw, expect):
    with set_feature_during_test(features.WatchListClient, gate):
        r = cache.new_reflector_with_options(lw, object(), FakeCustomStore(), cache.ReflectorOptions())
    assert r.use_watch_list is expect


def test_watch_list_is_on_by_default():
    r = cache.new_reflector(cache.ListWatch(), v1.Pod(), cache.new_store(cache.meta_namespace_key_func), 0)
    assert r.use_watch_list is features.feature_gates().enabled(features.WatchListClient)
    assert features.known_features.default_kubernetes_feature_gates[features.WatchListClient].default is True


def test_to_list_watcher_with_watch_list_semantics_disables_watch_list():
    class FakeClient:
        def is_watch_list_semantics_un_supported(self):
            return True

    lw = cache.to_list_watcher_with_watch_list_semantics(cache.ListWatch(), FakeClient())
    with set_feature_during_test(features.WatchListClient, True):
        r = cache.new_reflector(lw, v1.Pod(), cache.new_store(cache.meta_namespace_key_func), 0)
    assert r.use_watch_list is False


def test_initial_events_end_bookmark_ticker_noop():
    clock = FakeClock(time.time())
    target = refl.new_initial_events_end_bookmark_ticker(
        logging.getLogger("test"), "testName", clock, clock.now(), False, tick_interval=1.0
    )
    clock.step(30.0)
    assert not target.tick()
    assert target.produce_warning_if_expired() is None
    target.warn_if_expired()
    target.observe_last_event_time_stamp(clock.now())
    assert target.produce_warning_if_expired() is None
    assert not target.tick()
    target.stop()


def test_initial_events_end_bookmark_ticker_with_fake_clock():
    clock = FakeClock(time.time())
    target = refl.new_initial_events_end_bookmark_ticker(
        logging.getLogger("test"), "testName", clock, clock.now(), True, tick_interval=1.0
    )
    clock.step(0.5)
    assert not target.tick()
    clock.step(0.5)
    assert target.tick()
    assert target.produce_warning_if_expired() == (
        "testName: awaiting required bookmark event for initial events stream, no events received for 1s"
    )
    clock.step(1.0)
    assert target.tick()
    assert target.produce_warning_if_expired() == (
        "testName: awaiting required bookmark event for initial events stream, no events received for 2s"
    )
    target.observe_last_event_time_stamp(clock.now())
    clock.step(0.5)
    assert not target.tick()
    clock.step(0.5)
    assert target.tick()
    assert target.produce_warning_if_expired() == (
        "testName: hasn't received required bookmark event marking the end of initial events stream, received "
        "last event 1s ago"
    )
    clock.step(1.0)
    assert target.tick()
    assert target.produce_warning_if_expired() == (
        "testName: hasn't received required bookmark event marking the end of initial events stream, received "
        "last event 2s ago"
    )
    target.stop()
    clock.step(5.0)
    assert not target.tick()


@pytest.mark.parametrize(
    "events,expected_rv",
    [
        ([], ""),
        ([(watch.Added, mk_pod("p1", "1"))], ""),
        (
            [
                (watch.Added, mk_pod("p1", "1")),
                (
                    watch.Bookmark,
                    v1.Pod(
                        metadata=metav1.ObjectMeta(
                            resourceVersion="2", annotations={metav1.InitialEventsAnnotationKey: "true"}
                        )
                    ),
                ),
            ],
            "2",
        ),
    ],
    ids=[
        "empty resource version",
        "empty resource version without bookmark event",
        "non empty resource version with bookmark event and initial events annotation",
    ],
)
def test_watch_list_resource_version(events, expected_rv):
    ctx, cancel = context.with_cancel(context.background())
    fw = watch.new_fake()
    s = cache.new_store(cache.meta_namespace_key_func)
    r = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)

    def produce():
        for event_type, obj in events:
            fw.action(event_type, obj)
        cancel()

    t = threading.Thread(target=produce, daemon=True)
    t.start()
    cur = [""]

    def track(rv, besides_added):
        if besides_added:
            cur[0] = rv

    _, err = refl.handle_list_watch(
        ctx, time.monotonic(), fw, s, r.expected_type, r.expected_gvk, r.name, r.type_description, track, r.clock, None
    )
    t.join(TIMEOUT)
    assert err is None or err is refl.errorStopRequested
    assert cur[0] == expected_rv


def initial_events_end(rv):
    return v1.Pod(
        metadata=metav1.ObjectMeta(resourceVersion=rv, annotations={metav1.InitialEventsAnnotationKey: "true"})
    )


class WatchListLW:
    """Counts list and watch calls; each watch replays a script of events, then blocks until stopped."""

    def __init__(self, scripts, list_result=None):
        self.scripts = list(scripts)
        self.list_result = list_result
        self.watch_options = []
        self.list_options = []
        self.watchers = []
        self.producers = []

    def list(self, options):
        self.list_options.append(options)
        if self.list_result is None:
            raise RuntimeError("list call not expected in WatchList mode")
        return self.list_result

    def watch(self, options):
        self.watch_options.append(options)
        script = self.scripts.pop(0) if self.scripts else []
        if isinstance(script, Exception):
            raise script
        fw = watch.new_fake()
        self.watchers.append(fw)

        def produce():
            for step in script:
                if step == "close":
                    fw.stop()
                    return
                if fw.is_stopped():
                    return
                try:
                    fw.action(*step)
                except watch.ChannelClosedError:
                    return

        t = threading.Thread(target=produce, daemon=True)
        self.producers.append(t)
        t.start()
        return fw

    def join(self):
        for t in self.producers:
            t.join(TIMEOUT)


def test_watch_list_streams_then_keeps_watching():
    lw = WatchListLW(
        [
            [
                (watch.Added, mk_pod("p1", "1")),
                (watch.Added, mk_pod("p2", "2")),
                (watch.Bookmark, initial_events_end("2")),
                (watch.Added, mk_pod("p3", "3")),
                (watch.Modified, mk_pod("p1", "4")),
            ]
        ]
    )
    with set_feature_during_test(features.WatchListClient, True):
        s = cache.new_store(cache.meta_namespace_key_func)
        r = cache.new_reflector(lw, v1.Pod(), s, 0)
    ctx, cancel = context.with_cancel(context.background())
    t, result = run_in_thread(r.list_and_watch_with_context, ctx)
    try:
        eventually(lambda: r.last_sync_resource_version() == "4")
    finally:
        cancel()
        t.join(TIMEOUT)
        lw.join()
    assert "error" not in result
    assert lw.list_options == []
    assert len(lw.watch_options) == 1 and all(w.is_stopped() for w in lw.watchers)
    o = lw.watch_options[0]
    assert (o.resourceVersion, o.resourceVersionMatch, o.sendInitialEvents, o.allowWatchBookmarks) == (
        "",
        "NotOlderThan",
        True,
        True,
    )
    assert 300 <= o.timeoutSeconds < 600
    assert {k: s.get_by_key(k)[0].metadata.resourceVersion for k in s.list_keys()} == {"p1": "4", "p2": "2", "p3": "3"}


def test_watch_list_closed_before_bookmark_restarts_with_a_clean_store():
    lw = WatchListLW(
        [
            [(watch.Added, mk_pod("gone", "1")), "close"],
            [(watch.Added, mk_pod("p1", "5")), (watch.Bookmark, initial_events_end("6"))],
        ]
    )
    replaced = []

    class Recording:
        def __init__(self):
            self.inner = cache.new_store(cache.meta_namespace_key_func)

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def replace(self, items, rv):
            replaced.append(([i.metadata.name for i in items], rv))
            self.inner.replace(items, rv)

    with set_feature_during_test(features.WatchListClient, True):
        r = cache.new_reflector(lw, v1.Pod(), Recording(), 0)
    ctx, cancel = context.with_cancel(context.background())
    t, result = run_in_thread(r.list_and_watch_with_context, ctx)
    try:
        eventually(lambda: r.last_sync_resource_version() == "6")
    finally:
        cancel()
        t.join(TIMEOUT)
        lw.join()
    # The first stream never reached its bookmark: its objects never reach the store.
    assert replaced == [(["p1"], "6")]
    assert len(lw.watch_options) == 2


def test_watch_list_expired_restarts_from_the_most_recent_state():
    gone = apierrors.new_resource_expired("too old resource version: 5 (10)")
    lw = WatchListLW([gone, [(watch.Added, mk_pod("p1", "11")), (watch.Bookmark, initial_events_end("12"))]])
    with set_feature_during_test(features.WatchListClient, True):
        r = cache.new_reflector(lw, v1.Pod(), cache.new_store(cache.meta_namespace_key_func), 0)
    r.set_last_sync_resource_version("5")
    ctx, cancel = context.with_cancel(context.background())
    t, result = run_in_thread(r.list_and_watch_with_context, ctx)
    try:
        eventually(lambda: r.last_sync_resource_version() == "12")
    finally:
        cancel()
        t.join(TIMEOUT)
        lw.join()
    assert [o.resourceVersion for o in lw.watch_options] == ["5", ""]


def test_watch_list_unsupported_falls_back_to_list():
    # An old server rejects sendInitialEvents: the round lists instead, then watches from the list.
    rejected = apierrors.new_bad_request(
        "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"
    )
    lw = WatchListLW([rejected, [(watch.Added, mk_pod("p2", "8"))]], list_result=mk_list("7", mk_pod("p1", "7")))
    with set_feature_during_test(features.WatchListClient, True):
        s = cache.new_store(cache.meta_namespace_key_func)
        r = cache.new_reflector(lw, v1.Pod(), s, 0)
    ctx, cancel = context.with_cancel(context.background())
    t, result = run_in_thread(r.list_and_watch_with_context, ctx)
    try:
        eventually(lambda: r.last_sync_resource_version() == "8")
    finally:
        cancel()
        t.join(TIMEOUT)
        lw.join()
    assert [o.resourceVersion for o in lw.list_options] == ["0"]
    assert [(o.resourceVersion, o.sendInitialEvents) for o in lw.watch_options] == [("", True), ("7", False)]
    assert sorted(s.list_keys()) == ["p1", "p2"]


# --- retry_with_deadline_test.go --------------------------------------------------------------------------------

INTERNAL = apierrors.new_internal_error(RuntimeError("etcdserver: no leader"))
OTHER = RuntimeError("some other error")


@pytest.mark.parametrize(
    "duration,is_retryable,scenario",
    [
        (0.0, lambda err: False, [(1.0, None, False), (0.0, INTERNAL, False), (1.0, OTHER, False)]),
        (1.0, apierrors.is_internal_error, [(1.0, INTERNAL, True), (1.0, INTERNAL, True), (1.0, INTERNAL, False)]),
        (1.0, apierrors.is_internal_error, [(1.0, OTHER, False)]),
        (1.0, apierrors.is_internal_error, [(1.0, INTERNAL, True), (0.0, OTHER, True), (1.0, INTERNAL, True)]),
    ],
    ids=[
        "Never retry when duration is zero",
        "Retry when internal error happens only within duration",
        "Don't retry when other error happens",
        "Ignore other errors for retries",
    ],
)
def test_retry_with_deadline(duration, is_retryable, scenario):
    clock = FakeClock(time.time())
    retry = cache.new_retry_with_deadline(duration, 30.0, is_retryable, clock)
    for step, err, want in scenario:
        clock.step(step)
        retry.after(err)
        assert retry.should_retry() is want


# --- bad input and faults ---------------------------------------------------------------------------------------


def test_run_retries_a_forbidden_list_with_backoff_and_logs_it(caplog):
    from kubernetes_py.apimachinery.runtime.schema import GroupResource

    forbidden = apierrors.new_forbidden(GroupResource("", "pods"), "", RuntimeError("no RBAC"))
    calls = []
    stop = threading.Event()
    fw = watch.new_fake()

    def list_func(options):
        calls.append(options.resourceVersion)
        if len(calls) <= 2:
            raise forbidden
        return mk_list("3", mk_pod("a", "3"))

    def watch_func(options):
        stop.set()
        return fw

    fd = FakeDelayFunc()
    s = cache.new_store(cache.meta_namespace_key_func)
    r = new_test_reflector(UnsupportedWatchList(cache.ListWatch(list_func=list_func, watch_func=watch_func)), s, fd)
    r.type_description = "*v1.Pod"
    with caplog.at_level(logging.ERROR):
        r.run(stop)
    assert calls == ["0", "0", "0"]
    assert fd.calls == 3  # one back-off after each round
    assert s.list_keys() == ["a"]
    failures = [rec.getMessage() for rec in caplog.records if '"Failed to watch"' in rec.getMessage()]
    assert (
        failures
        == [
            '"Failed to watch" err="failed to list *v1.Pod: pods is forbidden: no RBAC" '
            'reflector="test-reflector" type="*v1.Pod"'
        ]
        * 2
    )


def test_an_error_event_ends_the_watch_and_the_next_round_relists():
    lists = []
    watches = []
    stop = threading.Event()

    def list_func(options):
        lists.append(options.resourceVersion)
        return mk_list(str(len(lists) * 10), mk_pod("a", str(len(lists) * 10)))

    def watch_func(options):
        watches.append(options.resourceVersion)
        w = watch.new_fake_with_chan_size(2)
        if len(watches) == 1:
            w.add(mk_pod("b", "11"))
            w.error(apierrors.new_resource_expired("too old resource version: 10 (11)").err_status)
        else:
            stop.set()
        return w

    s = cache.new_store(cache.meta_namespace_key_func)
    r = new_test_reflector(
        UnsupportedWatchList(cache.ListWatch(list_func=list_func, watch_func=watch_func)), s, FakeDelayFunc()
    )
    r.run(stop)
    # The relist asks for the last resourceVersion the reflector saw (11), served no older than it.
    assert lists == ["0", "11"]
    assert watches == ["10", "20"]
    assert s.list_keys() == ["a"] and s.get_by_key("a")[0].metadata.resourceVersion == "20"


def test_a_crashing_store_does_not_kill_the_reflector(caplog):
    class Broken:
        def __init__(self):
            self.inner = cache.new_store(cache.meta_namespace_key_func)

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def add(self, obj):
            if obj.metadata.name == "bad":
                raise RuntimeError("store exploded")
            self.inner.add(obj)

    s = Broken()
    g = cache.new_reflector(no_list_watch(), v1.Pod(), s, 0)
    fw = watch.new_fake_with_chan_size(3)
    fw.add(mk_pod("bad", "1"))
    fw.add(mk_pod("good", "2"))
    fw.stop()
    with caplog.at_level(logging.ERROR):
        handle(g, context.background(), fw, s)
    assert s.list_keys() == ["good"] and g.last_sync_resource_version() == "2"
    assert any(
        '"Unable to add watch event object to store"' in rec.getMessage() and "store exploded" in rec.getMessage()
        for rec in caplog.records
    )


# --- reflector_watchlist_test.go TestWatchList --------------------------------------------------------------------


def wl_pod(name, rv, active_deadline=None):
    pod = v1.Pod(metadata=metav1.ObjectMeta(name=name, resourceVersion=rv, uid=name))
    if active_deadline is not None:
        pod.spec.activeDeadlineSeconds = active_deadline
    return pod


def wl_bookmark(rv, value="true"):
    return v1.Pod(
        metadata=metav1.ObjectMeta(resourceVersion=rv, annotations={metav1.InitialEventsAnnotationKey: value})
    )


class FakeListWatcher:
    """client-go's fakeListWatcher: one FakeWatcher shared by every watch request until recreated."""

    def __init__(self, stop_func):
        self.lock = threading.Lock()
        self.fake_watcher = watch.new_fake()
        self.list_counter = 0
        self.watch_counter = 0
        self.close_after_watch_requests = 0
        self.close_after_list_requests = 0
        self.stop_func = stop_func
        self.request_options = []
        self.custom_list_response = None
        self.watch_options_predicate = None

    def list(self, options):
        self.list_counter += 1
        self.request_options.append(options)
        if self.list_counter == self.close_after_list_requests:
            self.stop_func()
        if self.custom_list_response is not None:
            return self.custom_list_response
        raise RuntimeError("not implemented")

    def watch(self, options):
        self.watch_counter += 1
        self.request_options.append(options)
        if self.watch_counter == self.close_after_watch_requests:
            self.stop_func()
        if self.watch_options_predicate is not None:
            self.watch_options_predicate(options)
        with self.lock:
            return self.fake_watcher

    def current(self):
        with self.lock:
            return self.fake_watcher

    def stop_and_recreate_watch(self):
        with self.lock:
            self.fake_watcher.stop()
            self.fake_watcher = watch.new_fake()


def raise_when_streaming(err):
    def predicate(options):
        if options.HasField("sendInitialEvents") and options.sendInitialEvents:
            raise err

    return predicate


def raise_429_twice():
    counter = [1]

    def predicate(options):
        if counter[0] < 3:
            counter[0] += 1
            raise apierrors.new_too_many_requests("busy, check again later", 1)

    return predicate


def raise_expired_on_second():
    counter = [0]

    def predicate(options):
        counter[0] += 1
        if counter[0] == 2:
            raise apierrors.new_resource_expired("rv already expired")

    return predicate


STREAM = dict(sendInitialEvents=True, allowWatchBookmarks=True, resourceVersionMatch="NotOlderThan", timeoutSeconds=1)
LIST0 = dict(resourceVersion="0", limit=500)


def rewatch(rv):
    return dict(allowWatchBookmarks=True, resourceVersion=rv, timeoutSeconds=1)


WATCH_LIST_SCENARIOS = [
    dict(
        name="the reflector won't be synced if the bookmark event has been received",
        watch_events=[(watch.Added, wl_pod("p1", "1"))],
        close_after_watch_events=1,
        expected_watch_requests=1,
        expected_request_options=[STREAM],
    ),
    dict(
        name="the reflector uses the old LIST/WATCH semantics if the UseWatchList is turned off",
        disable_use_watch_list=True,
        close_after_watch_requests=1,
        pod_list=mk_list("1", wl_pod("p1", "1")),
        expected_watch_requests=1,
        expected_list_requests=1,
        expected_request_options=[LIST0, rewatch("1")],
        expected_store_content=[wl_pod("p1", "1")],
    ),
    dict(
        name="returning any other error than apierrors.NewInvalid forces fallback",
        watch_options_predicate=lambda: raise_when_streaming(RuntimeError("dummy error")),
        pod_list=mk_list("1", wl_pod("p1", "1")),
        close_after_watch_events=1,
        watch_events=[(watch.Added, wl_pod("p2", "2"))],
        expected_watch_requests=2,
        expected_list_requests=1,
        expected_store_content=[wl_pod("p1", "1"), wl_pod("p2", "2")],
        expected_request_options=[STREAM, LIST0, rewatch("1")],
    ),
    dict(
        name="the reflector can fall back to old LIST/WATCH semantics when a server doesn't support streaming",
        watch_options_predicate=lambda: raise_when_streaming(
            apierrors.new_invalid(GroupKind(), "streaming is not allowed", [])
        ),
        pod_list=mk_list("1", wl_pod("p1", "1")),
        close_after_watch_events=1,
        watch_events=[(watch.Added, wl_pod("p2", "2"))],
        expected_watch_requests=2,
        expected_list_requests=1,
        expected_store_content=[wl_pod("p1", "1"), wl_pod("p2", "2")],
        expected_request_options=[STREAM, LIST0, rewatch("1")],
    ),
    dict(
        name="prove that the reflector is synced after receiving a bookmark event",
        close_after_watch_events=3,
        watch_events=[
            (watch.Added, wl_pod("p1", "1")),
            (watch.Added, wl_pod("p2", "2")),
            (watch.Bookmark, wl_bookmark("2")),
        ],
        expected_watch_requests=1,
        expected_request_options=[STREAM],
        expected_store_content=[wl_pod("p1", "1"), wl_pod("p2", "2")],
    ),
    dict(
        name="check if Updates and Deletes events are propagated during streaming (until the bookmark is received)",
        close_after_watch_events=6,
        watch_events=[
            (watch.Added, wl_pod("p1", "1")),
            (watch.Added, wl_pod("p2", "2")),
            (watch.Modified, wl_pod("p1", "3", active_deadline=12)),
            (watch.Added, wl_pod("p3", "4")),
            (watch.Deleted, wl_pod("p3", "5")),
            (watch.Bookmark, wl_bookmark("5")),
        ],
        expected_watch_requests=1,
        expected_request_options=[STREAM],
        expected_store_content=[wl_pod("p2", "2"), wl_pod("p1", "3", active_deadline=12)],
    ),
    dict(
        name="checks if the reflector retries 429",
        watch_options_predicate=raise_429_twice,
        close_after_watch_events=2,
        watch_events=[(watch.Added, wl_pod("p1", "1")), (watch.Bookmark, wl_bookmark("2"))],
        expected_watch_requests=3,
        expected_request_options=[STREAM, STREAM, STREAM],
        expected_store_content=[wl_pod("p1", "1")],
        expected_backoffs=2,
    ),
    dict(
        name="check if stopping a watcher before sync results in creating a new watch-list request",
        stop_after_watch_events=1,
        close_after_watch_events=3,
        watch_events=[
            (watch.Added, wl_pod("p1", "1")),
            (watch.Added, wl_pod("p1", "1")),
            (watch.Bookmark, wl_bookmark("1")),
        ],
        expected_watch_requests=2,
        expected_request_options=[STREAM, STREAM],
        expected_store_content=[wl_pod("p1", "1")],
    ),
    dict(
        name="stopping a watcher after synchronization results in creating a new watch request",
        stop_after_watch_events=4,
        close_after_watch_events=5,
        watch_events=[
            (watch.Added, wl_pod("p1", "1")),
            (watch.Added, wl_pod("p2", "2")),
            (watch.Bookmark, wl_bookmark("2")),
            (watch.Added, wl_pod("p3", "3")),
            (watch.Added, wl_pod("p4", "4")),
        ],
        expected_watch_requests=2,
        expected_request_options=[STREAM, rewatch("3")],
        expected_store_content=[wl_pod("p1", "1"), wl_pod("p2", "2"), wl_pod("p3", "3"), wl_pod("p4", "4")],
    ),
    dict(
        name="expiring an established watcher results in returning an error from the reflector",
        watch_options_predicate=raise_expired_on_second,
        stop_after_watch_events=3,
        watch_events=[
            (watch.Added, wl_pod("p1", "1")),
            (watch.Bookmark, wl_bookmark("2")),
            (watch.Added, wl_pod("p3", "3")),
        ],
        expected_watch_requests=2,
        expected_request_options=[STREAM, rewatch("3")],
        expected_store_content=[wl_pod("p1", "1"), wl_pod("p3", "3")],
        expected_error="rv already expired",
    ),
    dict(
        name="prove that the reflector is checking the value of the initialEventsEnd annotation",
        close_after_watch_events=3,
        watch_events=[
            (watch.Added, wl_pod("p1", "1")),
            (watch.Added, wl_pod("p2", "2")),
            (watch.Bookmark, wl_bookmark("2", "false")),
        ],
        expected_watch_requests=1,
        expected_request_options=[STREAM],
    ),
]


@pytest.mark.parametrize("scenario", WATCH_LIST_SCENARIOS, ids=[s["name"] for s in WATCH_LIST_SCENARIOS])
def test_watch_list(scenario):
    ctx, cancel = context.with_cancel(context.background())
    with set_feature_during_test(features.WatchListClient, not scenario.get("disable_use_watch_list", False)):
        s = cache.new_store(cache.meta_namespace_key_func)
        lw = FakeListWatcher(cancel)
        r = cache.new_reflector(lw, v1.Pod(), s, 0)
    lw.watch_options_predicate = (
        scenario["watch_options_predicate"]() if "watch_options_predicate" in scenario else None
    )
    lw.close_after_watch_requests = scenario.get("close_after_watch_requests", 0)
    lw.custom_list_response = scenario.get("pod_list")
    # client-go waits out its real back-off here; a counting delay of 0 shows the same waits without the seconds.
    r.delay_handler = delays = FakeDelayFunc()
    stop_after = scenario.get("stop_after_watch_events", 0)
    close_after = scenario.get("close_after_watch_events", 0)

    def produce():
        for i, (event_type, obj) in enumerate(scenario.get("watch_events", [])):
            lw.current().action(event_type, obj)
            if i + 1 == stop_after:
                lw.stop_and_recreate_watch()
                continue
            if i + 1 == close_after:
                cancel()

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    try:
        if scenario.get("expected_error"):
            with pytest.raises(Exception) as info:
                r.list_and_watch_with_context(ctx)
            assert str(info.value) == scenario["expected_error"]
        else:
            r.list_and_watch_with_context(ctx)
    finally:
        cancel()
        lw.current().stop()
        producer.join(TIMEOUT)
    assert lw.watch_counter == scenario["expected_watch_requests"]
    assert lw.list_counter == scenario.get("expected_list_requests", 0)
    assert delays.calls == scenario.get("expected_backoffs", 0)
    expected = scenario["expected_request_options"]
    assert len(lw.request_options) == len(expected)
    for got, want in zip(lw.request_options, expected):
        # A timeout must be there exactly when expected; its (random) value is not compared.
        assert got.HasField("timeoutSeconds") is ("timeoutSeconds" in want)
        got.ClearField("timeoutSeconds")
        assert got == metav1.ListOptions(**{k: v for k, v in want.items() if k != "timeoutSeconds"})
    assert sorted(s.list(), key=lambda p: p.metadata.name) == sorted(
        scenario.get("expected_store_content", []), key=lambda p: p.metadata.name
    )


# --- under load and faults ----------------------------------------------------------------------------------------


def test_reflector_converges_under_churn_dropped_events_and_compaction():
    """Invariants under load: the store converges to the source after missed events once a relist happens; every
    watch the reflector opened is stopped; run() returns promptly and leaves no thread behind."""
    from kubernetes_py.tools.cache.testing import fake_controller_source as fcs

    rng = random.Random(7)
    source = fcs.new_fake_controller_source()
    for i in range(20):
        source.add(mk_pod(f"p{i}", namespace="ns"))
    opened = []
    opened_lock = threading.Lock()

    def watch_func(options):
        w = source.watch(options)
        with opened_lock:
            opened.append(w)
        return w

    lw = UnsupportedWatchList(cache.ListWatch(list_func=source.list, watch_func=watch_func))
    store = cache.new_store(cache.meta_namespace_key_func)
    r = cache.new_reflector_with_options(
        lw,
        v1.Pod(),
        store,
        cache.ReflectorOptions(name="stress", resync_period=0.001, backoff=wait.Backoff(duration=0.001)),
    )
    stop = threading.Event()
    runner = threading.Thread(target=r.run, args=(stop,), name="reflector stress", daemon=True)
    runner.start()
    changes = 0
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        name = f"p{rng.randrange(30)}"
        existing = [o for (ns, n, _), o in list(source.items.items()) if n == name]
        roll = rng.random()
        if roll < 0.05:
            source.reset_watch()  # every watch ends; rewatches from an older RV get 410 Gone
        elif existing and roll < 0.35:
            (source.delete_drop_watch if roll < 0.1 else source.delete)(existing[0].deep_copy())
        elif existing:
            pod = existing[0].deep_copy()
            pod.metadata.labels["n"] = str(changes)
            (source.modify_drop_watch if roll < 0.45 else source.modify)(pod)
        else:
            source.add(mk_pod(name, namespace="ns"))
        changes += 1
        time.sleep(0.0005)
    # A change no watcher hears of, then every watch ends: the rewatch from an older RV gets 410 Gone, and the
    # relist brings back what the dropped events hid.
    source.add_drop_watch(mk_pod("last", namespace="ns"))
    source.reset_watch()

    def state(objects):
        return {o.metadata.name: o.metadata.resourceVersion for o in objects}

    try:
        eventually(lambda: state(store.list()) == state(source.items.values()))
    finally:
        stop.set()
        runner.join(TIMEOUT)
        source.broadcaster.shutdown()
    assert not runner.is_alive()
    assert changes > 200
    with opened_lock:
        assert opened and all(w._stopped.is_set() or w.result_chan().closed for w in opened)


def drain(queue):
    """Closes the queue and pops what it still holds; returns {key: last object} (a Deleted delta drops it)."""
    queue.close()
    objects = {}
    got = []
    while True:
        try:
            queue.pop(lambda deltas, is_in_initial_list: got.extend(deltas))
        except cache.FIFOClosedError:
            break
    for d in got:
        key = cache.meta_namespace_key_func(d.object)
        if d.type == cache.Deleted:
            objects.pop(key, None)
        else:
            objects[key] = d.object
    return objects


@pytest.mark.parametrize("kind", ["real-fifo", "delta-fifo"])
def test_reflector_respect_store_transformer(kind):
    counter = [0]
    lock = threading.Lock()

    def transform(obj):
        with lock:
            counter[0] += 1
        obj.spec.hostname = "transformed"
        return obj

    if kind == "real-fifo":
        s = cache.new_real_fifo(
            cache.meta_namespace_key_func, cache.new_store(cache.meta_namespace_key_func), transform
        )
    else:
        s = cache.new_delta_fifo_with_options(
            cache.DeltaFIFOOptions(key_function=cache.meta_namespace_key_func, transformer=transform)
        )

    def mk(name, rv):
        return v1.Pod(
            metadata=metav1.ObjectMeta(namespace="ns", name=name, resourceVersion=rv), spec=v1.PodSpec(hostname="test")
        )

    events = [
        (watch.Added, mk("foo-1", "1")),
        (watch.Added, mk("foo-2", "2")),
        (
            watch.Bookmark,
            v1.Pod(
                metadata=metav1.ObjectMeta(resourceVersion="3", annotations={metav1.InitialEventsAnnotationKey: "true"})
            ),
        ),
        (watch.Added, mk("foo-3", "3")),
    ]
    once = threading.Lock()
    producers = []

    def watch_func(options):
        fw = watch.new_fake()

        def produce():
            if once.acquire(blocking=False):
                for event_type, obj in events:
                    fw.action(event_type, obj)

        t = threading.Thread(target=produce, daemon=True)
        producers.append(t)
        t.start()
        return fw

    lw = cache.ListWatch(
        watch_func=watch_func, list_func=lambda o: (_ for _ in ()).throw(RuntimeError("list call not expected"))
    )
    with set_feature_during_test(features.WatchListClient, True):
        r = cache.new_reflector(lw, v1.Pod(), s, 0)
    stop = threading.Event()
    runner = threading.Thread(target=r.run, args=(stop,), daemon=True)
    runner.start()
    try:
        eventually(lambda: r.last_sync_resource_version() == "3")
        # The last ADDED event is applied after the bookmark moved the RV: wait for all 5 transformations.
        eventually(lambda: counter[0] >= 5)
    finally:
        stop.set()
        runner.join(TIMEOUT)
        for t in producers:
            t.join(TIMEOUT)
    items = drain(s)
    assert sorted(items) == ["ns/foo-1", "ns/foo-2", "ns/foo-3"]
    assert all(o.spec.hostname == "transformed" for o in items.values())
    # Twice in the temporary store of the stream, twice on replace, once for the event after the bookmark.
    assert counter[0] == 5


ARENA_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from serialization import _release_free_memory, _rss
from list_item_arena import _proto_list
from serialization import _codec
from kubernetes_py import context
from kubernetes_py.api.core import v1
from kubernetes_py.tools import cache

mode, n = sys.argv[2], int(sys.argv[3])
proto = _codec("application/vnd.kubernetes.protobuf")
data = _proto_list(n)
proto.decode(data)
_release_free_memory()
before = _rss()
decoded, _ = proto.decode(data)
store = cache.new_store(cache.meta_namespace_key_func)
if mode == "view":
    store.replace(list(decoded.items), decoded.metadata.resourceVersion)
else:
    class Client:
        def is_watch_list_semantics_un_supported(self):
            return True
    lw = cache.to_list_watcher_with_watch_list_semantics(
        cache.ListWatch(list_func=lambda o: decoded, watch_func=lambda o: None), Client())
    cache.new_reflector(lw, v1.Pod(), store, 0)._list(context.background())
del decoded
for key in store.list_keys()[n // 100:]:  # churn: all but 1 pod in 100 replaced by newer ones
    store.delete(store.get_by_key(key)[0])
_release_free_memory()
print(json.dumps({"held": _rss() - before, "kept": len(store.list_keys())}))
"""


def test_reflector_list_does_not_keep_decoded_lists_alive():
    """client-go's TestReflectorListExtract, by memory: after the list, keeping 1 pod in 100 of a decoded
    protobuf PodList must not keep the list. Keeping items as views into the list does, for comparison."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    benchmarks = str(Path(__file__).resolve().parents[3] / "benchmarks")

    def held(mode):
        proc = subprocess.run(
            [sys.executable, "-c", ARENA_CHILD, benchmarks, mode, "3000"], capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        out = json.loads(proc.stdout)
        assert out["kept"] == 30
        return out["held"]

    views, reflector = held("view"), held("reflector")
    assert views > 20e6  # 3,000 decoded pods of ~10 KB
    assert reflector < views / 10


def test_default_name_is_the_callers_file_and_line():
    import inspect

    line = inspect.currentframe().f_lineno + 1
    r = cache.new_reflector(cache.ListWatch(), v1.Pod(), cache.new_store(cache.meta_namespace_key_func), 0)
    assert r.name == f"cache/test_reflector.py:{line}"
    assert cache.new_named_reflector("pods", cache.ListWatch(), v1.Pod(), None, 0).name == "pods"


def test_new_namespace_keyed_indexer_and_reflector():
    indexer, r = cache.new_namespace_keyed_indexer_and_reflector(cache.ListWatch(), v1.Pod(), 0)
    assert list(indexer.get_indexers()) == [cache.NamespaceIndex]
    assert r.store is indexer and r.type_description == "*v1.Pod"


def test_a_garbled_watch_stream_ends_the_round_and_the_reflector_relists(httpserver, caplog):
    """Through the real REST client: a watch body that is not JSON is reported as client-go's decoding error
    (an ERROR event of a 500 Status), logged, and the next round lists again."""
    from kubernetes_py import kubernetes, rest
    from kubernetes_py.apimachinery import fields

    pod_list = {
        "kind": "PodList",
        "apiVersion": "v1",
        "metadata": {"resourceVersion": "5"},
        "items": [{"metadata": {"name": "a", "namespace": "ns", "resourceVersion": "5"}}],
    }
    lists = []

    def on_list(request):
        from werkzeug import Response

        lists.append(request.args.get("resourceVersion"))
        return Response(__import__("json").dumps(pod_list), content_type="application/json")

    httpserver.expect_request(
        "/api/v1/namespaces/ns/pods", query_string={"watch": "true"}, method="GET"
    ).respond_with_data(b"{not json at all\n", content_type="application/json")
    httpserver.expect_request("/api/v1/namespaces/ns/pods", method="GET").respond_with_handler(on_list)
    cs = kubernetes.new_for_config(
        rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type="application/json")
    )
    lw = UnsupportedWatchList(
        cache.new_list_watch_from_client(cs.core_v1().rest_client(), "pods", "ns", fields.everything())
    )
    store = cache.new_store(cache.meta_namespace_key_func)
    r = cache.new_reflector_with_options(
        lw, v1.Pod(), store, cache.ReflectorOptions(name="garbled", backoff=wait.Backoff(duration=0.01))
    )
    stop = threading.Event()
    runner = threading.Thread(target=r.run, args=(stop,), daemon=True)
    with caplog.at_level(logging.INFO):
        runner.start()
        try:
            eventually(lambda: len(lists) >= 3)
        finally:
            stop.set()
            runner.join(TIMEOUT)
    assert lists[:3] == ["0", "5", "5"]
    assert store.list_keys() == ["ns/a"]
    messages = [rec.getMessage() for rec in caplog.records]
    assert any(
        '"Warning: watch ended with error" reflector=garbled' in m
        and "unable to decode an event from the watch stream" in m
        for m in messages
    ), messages
