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


class Sequence:
    """Orders lines of several threads (lazy_test.go's sequence): step(n) waits until step n-1 has passed."""

    def __init__(self, n):
        self.events = [threading.Event() for _ in range(n)]

    def start(self):
        self.events[0].set()

    def step(self, n):
        assert self.events[n].wait(5), f"step {n} never came"
        if n + 1 < len(self.events):
            self.events[n + 1].set()


def async_get(seq, z, pre, post, threads):
    """Gets from ``z`` in a thread between steps ``pre`` and ``post``; returns the thread's result getter."""
    result = []

    def run():
        seq.step(pre)
        result.append(z.get())
        seq.step(post)

    t = threading.Thread(target=run, name=f"get {pre}-{post}")
    t.start()
    threads.append(t)

    def value():
        t.join(5)
        assert not t.is_alive()
        return result[0]

    return value


def _eval_in_steps(seq, steps_by_call, calls):
    """An evaluate that takes the given steps on its n-th call; a call with no steps listed is an extra one."""

    def evaluate():
        calls.append(1)
        count = len(calls)
        if count > len(steps_by_call):
            raise AssertionError(f"Eval called extra times. count={count}")
        for n in steps_by_call[count - 1]:
            seq.step(n)
        return time.monotonic_ns()

    return evaluate


def test_lazy_slow_eval():
    """The first evaluate finishes after a later one: its older value is neither cached nor re-evaluated."""
    seq, calls, threads = Sequence(10), [], []
    z = synctrack.Lazy(_eval_in_steps(seq, [(1, 6), (4,)], calls))
    seq.start()
    get_a = async_get(seq, z, 0, 7, threads)
    seq.step(2)
    z.notify()
    get_b = async_get(seq, z, 3, 5, threads)
    get_c = async_get(seq, z, 8, 9, threads)
    a, b, c = get_a(), get_b(), get_c()
    assert a >= b, "failed to create the test condition"
    assert b == c, "wrong value was cached"
    assert len(calls) == 2


def test_lazy_slow_eval2():
    """The first evaluate finishes before a later one: the later value replaces it, with no extra evaluate."""
    seq, calls, threads = Sequence(11), [], []
    z = synctrack.Lazy(_eval_in_steps(seq, [(1, 5), (4, 7)], calls))
    seq.start()
    get_a = async_get(seq, z, 0, 6, threads)
    seq.step(2)
    z.notify()
    get_b = async_get(seq, z, 3, 8, threads)
    get_c = async_get(seq, z, 9, 10, threads)
    a, b, c = get_a(), get_b(), get_c()
    assert a <= b, "failed to create the test condition"
    assert b == c, "wrong value was cached"
    assert len(calls) == 2


def test_lazy_only_once_in_sequence():
    """TestLazyOnlyOnce: gets during one slow evaluate all wait for it; evaluate runs once."""
    seq, calls, threads = Sequence(8), [], []
    z = synctrack.Lazy(_eval_in_steps(seq, [(1, 4)], calls))
    seq.start()
    z.notify()
    get_a = async_get(seq, z, 0, 5, threads)
    get_b = async_get(seq, z, 2, 6, threads)
    get_c = async_get(seq, z, 3, 7, threads)
    a, b, c = get_a(), get_b(), get_c()
    assert a == b == c
    assert len(calls) == 1


def test_lazy_throughput():
    """A notify every 10 ms, a get after each, evaluate taking 11 ms: gets share evaluations instead of queueing
    behind each other (Go's bound: total wait within 3x the run time)."""
    reality = [0]

    def evaluate():
        got = reality[0]
        time.sleep(0.011)
        return got

    z = synctrack.Lazy(evaluate)
    waits, threads = [], []

    def getter():
        start = time.monotonic()
        z.get()
        waits.append(time.monotonic() - start)

    notifies = 30
    for _ in range(notifies):
        time.sleep(0.01)
        reality[0] += 1
        z.notify()
        t = threading.Thread(target=getter, name="getter")
        t.start()
        threads.append(t)
    for t in threads:
        t.join(5)
    assert len(waits) == notifies
    assert sum(waits) < 3 * notifies * 0.01, f"total wait was {sum(waits):.3f}s; par would be ~{notifies * 0.01}s"


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
