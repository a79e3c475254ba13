"""tools/watch RetryWatcher: client-go's retrywatcher_test.go cases, as exact event sequences and watch counts."""

import threading
import time

import pytest

from kubernetes_py import context
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource
from kubernetes_py.tools import cache
from kubernetes_py.tools import watch as watchtools
from kubernetes_py.tools.watch.retrywatcher import _new_retry_watcher


class RVObject:
    def __init__(self, rv):
        self.rv = rv

    def get_resource_version(self):
        return self.rv

    def __eq__(self, other):
        return isinstance(other, RVObject) and other.rv == self.rv

    def __repr__(self):
        return f"RVObject({self.rv!r})"


class UnexpectedError:
    """Not a metav1.Status: from_object cannot make an API error of it."""


def ev(rv):
    return watch.Event(watch.Added, RVObject(str(rv)))


def err_ev(status):
    return watch.Event(watch.Error, status)


def array_to_channel(events):
    ch = watch.Chan(max(len(events), 1))
    for e in events:
        ch.send(e)
    return ch


def from_rv(rv, events):
    start = int(rv) if rv else 0
    out = []
    for e in events:
        if e.type == watch.Error:
            if not out:
                continue
        elif (
            callable(getattr(e.object, "get_resource_version", None)) and int(e.object.get_resource_version()) <= start
        ):
            continue
        out.append(e)
    return out


class Forwarders:
    """Threads of close_after_n, joined by the test."""

    def __init__(self):
        self.threads = []
        self.stop = threading.Event()

    def close_after_n(self, n, source):
        result = watch.Chan()

        def forward():
            try:
                for _ in range(n):
                    while True:
                        if self.stop.is_set():
                            return
                        try:
                            value, ok = source.recv(timeout=0.05)
                            break
                        except TimeoutError:
                            continue
                    if not result.send(value, abort=self.stop):
                        return
            finally:
                result.close()
                source.close()

        t = threading.Thread(target=forward, daemon=True)
        self.threads.append(t)
        t.start()
        return result

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join(5)


def proxy(events, options):
    return watch.new_proxy_watcher(array_to_channel(from_rv(options.resourceVersion, events)))


def first_fails(error_or_none, events):
    state = {"first": True}

    def watch_func(options):
        if state["first"]:
            state["first"] = False
            if error_or_none is None:
                return None
            raise error_or_none
        return proxy(events, options)

    return watch_func


def forbidden():
    return apierrors.new_forbidden(GroupResource(), "", RuntimeError("unknown"))


CASES = [
    (
        "recovers if watchClient returns error",
        "1",
        lambda f: first_fails(RuntimeError("test error"), [ev(2)]),
        2,
        [ev(2)],
    ),
    (
        "recovers from 410 Gone error on watch establishment",
        "1",
        lambda f: first_fails(apierrors.new_resource_expired(""), [ev(2)]),
        2,
        [ev(2)],
    ),
    ("recovers if watchClient returns nil watcher", "1", lambda f: first_fails(None, [ev(2)]), 2, [ev(2)]),
    ("works with empty initialRV", "1", lambda f: lambda o: proxy([ev(2)], o), 1, [ev(2)]),
    (
        "works with initialRV set, skipping the preceding items but reading those directly following",
        "1",
        lambda f: lambda o: proxy([ev(1), ev(2)], o),
        1,
        [ev(2)],
    ),
    (
        "works with initialRV set, skipping the preceding items with none following",
        "3",
        lambda f: lambda o: proxy([ev(2)], o),
        1,
        [],
    ),
    (
        "fails on Gone (RV too old error)",
        "5",
        lambda f: lambda o: proxy([ev(5), ev(6), err_ev(apierrors.new_gone("").err_status), ev(7), ev(8)], o),
        1,
        [ev(6), err_ev(apierrors.new_gone("").err_status)],
    ),
    (
        "fails on Forbidden",
        "5",
        lambda f: lambda o: (_ for _ in ()).throw(forbidden()),
        1,
        [err_ev(forbidden().err_status)],
    ),
    (
        "fails on Unauthorized",
        "5",
        lambda f: lambda o: (_ for _ in ()).throw(apierrors.new_unauthorized("")),
        1,
        [err_ev(apierrors.new_unauthorized("").err_status)],
    ),
    (
        "recovers from timeout error",
        "5",
        lambda f: lambda o: proxy([ev(6), err_ev(apierrors.new_timeout_error("", 0).err_status), ev(7)], o),
        2,
        [ev(6), ev(7)],
    ),
    (
        "recovers from internal server error",
        "5",
        lambda f: lambda o: proxy([ev(6), err_ev(apierrors.new_internal_error(RuntimeError("")).err_status), ev(7)], o),
        2,
        [ev(6), ev(7)],
    ),
    (
        "recovers from unexpected error code",
        "5",
        lambda f: lambda o: proxy([ev(6), err_ev(metav1.Status(code=666)), ev(7)], o),
        2,
        [ev(6), ev(7)],
    ),
    (
        "recovers from unexpected error type",
        "5",
        lambda f: lambda o: proxy([ev(6), err_ev(UnexpectedError()), ev(7)], o),
        2,
        [ev(6), ev(7)],
    ),
    (
        "survives 1 closed watch and reads 1 item",
        "5",
        lambda f: (
            lambda o: watch.new_proxy_watcher(f.close_after_n(1, array_to_channel(from_rv(o.resourceVersion, [ev(6)]))))
        ),
        2,
        [ev(6)],
    ),
    (
        "survives 2 closed watches and reads 2 items",
        "4",
        lambda f: (
            lambda o: watch.new_proxy_watcher(
                f.close_after_n(1, array_to_channel(from_rv(o.resourceVersion, [ev(5), ev(6)])))
            )
        ),
        3,
        [ev(5), ev(6)],
    ),
    (
        "survives 2 closed watches and reads 2 items for nonconsecutive RVs",
        "4",
        lambda f: (
            lambda o: watch.new_proxy_watcher(
                f.close_after_n(1, array_to_channel(from_rv(o.resourceVersion, [ev(5), ev(7)])))
            )
        ),
        3,
        [ev(5), ev(7)],
    ),
    (
        "survives 2 closed watches and reads 2 items for nonconsecutive RVs starting at much lower RV",
        "2",
        lambda f: (
            lambda o: watch.new_proxy_watcher(
                f.close_after_n(1, array_to_channel(from_rv(o.resourceVersion, [ev(5), ev(7)])))
            )
        ),
        3,
        [ev(5), ev(7)],
    ),
    (
        "survives 4 closed watches and reads 4 items for nonconsecutive, spread RVs",
        "2",
        lambda f: (
            lambda o: watch.new_proxy_watcher(
                f.close_after_n(1, array_to_channel(from_rv(o.resourceVersion, [ev(5), ev(6), ev(7), ev(11)])))
            )
        ),
        5,
        [ev(5), ev(6), ev(7), ev(11)],
    ),
    (
        "survives 4 closed watches and reads 4 items for nonconsecutive, spread RVs and skips those with lower or "
        "equal RV",
        "2",
        lambda f: (
            lambda o: watch.new_proxy_watcher(
                f.close_after_n(
                    1, array_to_channel(from_rv(o.resourceVersion, [ev(1), ev(2), ev(5), ev(6), ev(7), ev(11)]))
                )
            )
        ),
        5,
        [ev(5), ev(6), ev(7), ev(11)],
    ),
    (
        "survives 2 closed watches and reads 2+2+1 items skipping those with equal RV",
        "1",
        lambda f: (
            lambda o: watch.new_proxy_watcher(
                f.close_after_n(
                    2, array_to_channel(from_rv(o.resourceVersion, [ev(1), ev(2), ev(5), ev(6), ev(7), ev(11)]))
                )
            )
        ),
        3,
        [ev(2), ev(5), ev(6), ev(7), ev(11)],
    ),
]


@pytest.mark.parametrize("initial_rv", ["", "0"])
def test_new_retry_watcher(initial_rv):
    with pytest.raises(
        ValueError, match=f'^initial RV "{initial_rv}" is not supported due to issues with underlying WATCH$'
    ):
        watchtools.new_retry_watcher(initial_rv, None)


@pytest.mark.parametrize("name,initial_rv,make_watch_func,watch_count,expected", CASES, ids=[c[0] for c in CASES])
def test_retry_watcher(name, initial_rv, make_watch_func, watch_count, expected):
    forwarders = Forwarders()
    inner = make_watch_func(forwarders)
    counter = [0]
    lock = threading.Lock()

    def counting(options):
        with lock:
            counter[0] += 1
        return inner(options)

    watcher = _new_retry_watcher(context.background(), initial_rv, cache.ListWatch(watch_func=counting), 0.0)
    try:
        got = []
        for want in expected:
            event, ok = watcher.result_chan().recv(timeout=10)
            assert ok, f"expected event {want}, but channel is closed"
            got.append(event)
        try:
            event, ok = watcher.result_chan().recv(timeout=0.01)
            assert not ok, f"Unexpected event received after reading all the expected ones: {event}"
        except TimeoutError:
            pass
        deadline = time.monotonic() + 10
        while counter[0] != watch_count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert counter[0] == watch_count
        assert got == expected
    finally:
        watcher.stop()
        assert watcher.done().wait(10)
        forwarders.join()


def test_retry_watcher_to_finish_with_unread_events():
    watcher = watchtools.new_retry_watcher(
        "1", cache.ListWatch(watch_func=lambda options: watch.new_proxy_watcher(array_to_channel([ev(2)])))
    )
    time.sleep(0.01)  # the watcher is now blocked sending
    watcher.stop()
    watcher.stop()  # a second stop is harmless
    assert watcher.done().wait(1.0), "The watcher failed to be closed in 1s"
    _, ok = watcher.result_chan().recv(timeout=1)
    assert not ok, "ResultChan is not closed"


def test_retry_watcher_stops_with_its_context():
    ctx, cancel = context.with_cancel(context.background())
    watcher = watchtools.new_retry_watcher_with_context(
        ctx, "1", cache.ListWatch(watch_func=lambda options: watch.new_proxy_watcher(array_to_channel([ev(2)])))
    )
    event, ok = watcher.result_chan().recv(timeout=5)
    assert ok and event == ev(2)
    cancel()
    assert watcher.done().wait(5)


def test_retry_watcher_hides_bookmarks_but_moves_past_them():
    options_seen = []

    def watch_func(options):
        options_seen.append((options.resourceVersion, options.allowWatchBookmarks))
        if len(options_seen) == 1:
            ch = watch.Chan(1)
            ch.send(watch.Event(watch.Bookmark, RVObject("9")))
            ch.close()
            return watch.new_proxy_watcher(ch)
        return watch.new_proxy_watcher(array_to_channel([ev(10)]))

    watcher = _new_retry_watcher(context.background(), "1", cache.ListWatch(watch_func=watch_func), 0.0)
    try:
        event, ok = watcher.result_chan().recv(timeout=5)
        assert ok and event == ev(10)
        assert options_seen == [("1", True), ("9", True)]
    finally:
        watcher.stop()
        watcher.done().wait(5)
