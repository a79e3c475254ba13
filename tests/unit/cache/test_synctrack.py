"""client-go's synctrack_test.go and lazy_test.go."""

import threading
import time

import pytest

from kubernetes_py.tools.cache import synctrack


def _single_file():
    t = synctrack.new_single_file_tracker("")
    return t.upstream_has_synced, t.start, t.finished, t.has_synced, t.done()


def _async():
    t = synctrack.new_async_tracker("")
    return t.upstream_has_synced, lambda: t.start("key"), lambda: t.finished("key"), t.has_synced, t.done()


# (synced, synced_before_finish, start, finish, expect_synced)
BASIC = [
    (False, False, True, True, False),
    (True, False, True, False, False),
    (True, True, True, False, False),
    (False, False, True, False, False),
    (True, False, True, True, True),
    (True, True, True, True, True),
]


@pytest.mark.parametrize("construct", [_single_file, _async], ids=["SingleFile", "Async"])
@pytest.mark.parametrize("synced,before,start_,finish,expect", BASIC)
def test_basic_logic(construct, synced, before, start_, finish, expect):
    upstream, start, finished, has_synced, done = construct()
    assert not has_synced() and not done.is_set()
    if start_:
        start()
    assert not has_synced() and not done.is_set()
    if synced and before:
        upstream()
        assert not has_synced() and not done.is_set()
    if finish:
        finished()
    if synced and not before:
        assert not has_synced() and not done.is_set()
        upstream()
    assert has_synced() is expect
    assert done.is_set() is expect


def test_async_locking():
    aft = synctrack.new_async_tracker("")
    threads = []

    def work(i):
        aft.start(i)
        t = threading.Thread(target=aft.finished, args=(i,))
        t.start()
        t.join()

    for i in range(11):
        threads.append(threading.Thread(target=work, args=(i,)))
        threads[-1].start()
    for t in threads:
        t.join()
    aft.upstream_has_synced()
    assert aft.has_synced()


def test_single_file_counting():
    sft = synctrack.new_single_file_tracker("")
    for _ in range(100):
        sft.start()
    assert not sft.has_synced()
    for _ in range(99):
        sft.finished()
    assert not sft.has_synced()
    sft.finished()
    sft.upstream_has_synced()
    assert sft.has_synced()
    with pytest.raises(RuntimeError, match="negative counter"):
        sft.finished()
    assert sft.has_synced()  # a negative counter still means synced


# (synced, synced_before_stops, starts, stops, expect_synced)
@pytest.mark.parametrize(
    "synced,before,starts,stops,expect",
    [
        (False, False, 1, 1, False),
        (True, False, 1, 0, False),
        (True, True, 1, 0, False),
        (False, False, 1, 0, False),
        (True, False, 1, 1, True),
        (True, True, 1, 1, True),
    ],
)
def test_single_file(synced, before, starts, stops, expect):
    sft = synctrack.SingleFileTracker()
    for _ in range(starts):
        sft.start()
    if synced and before:
        sft.upstream_has_synced()
    for _ in range(stops):
        sft.finished()
    if synced and not before:
        sft.upstream_has_synced()
    assert sft.has_synced() is expect


def test_names():
    assert synctrack.new_single_file_tracker("a").name() == "a"
    assert synctrack.new_async_tracker("b").name() == "b"


def test_lazy_never_goes_back_in_time():
    reality = [0]
    lock = threading.Lock()
    z = synctrack.Lazy()
    z.evaluate = lambda: reality[0]
    errors = []

    def worker():
        for _ in range(100):
            with lock:
                reality[0] += 1
                current = reality[0]
            z.notify()
            got = z.get()
            if got < current:
                errors.append((got, current))

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_lazy_only_once():
    calls = []
    gate = threading.Event()

    def evaluate():
        calls.append(1)
        gate.wait(5)
        return time.monotonic_ns()

    z = synctrack.Lazy(evaluate)
    z.notify()
    results = []
    threads = [threading.Thread(target=lambda: results.append(z.get())) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    gate.set()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(set(results)) == 1


def test_lazy_error_is_not_cached():
    succeed = [False]

    def evaluate():
        if not succeed[0]:
            raise ValueError("deliberate fail")
        return True

    z = synctrack.Lazy(evaluate)
    with pytest.raises(ValueError, match="deliberate fail"):
        z.get()
    succeed[0] = True  # no notify: the error was not cached
    assert z.get() is True
