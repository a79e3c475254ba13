"""client-go tools/cache the_real_fifo_test.go, as exact sequences; plus batches and producers under load."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import (
    Added,
    Bookmark,
    BookmarkInfo,
    Deleted,
    DeletedFinalStateUnknown,
    Delta,
    Deltas,
    Replaced,
    ReplacedAll,
    ReplacedAllInfo,
    Sync,
    SyncAll,
    SyncAllInfo,
    Updated,
)

from .fifo_util import LiteralListerGetter, fifo_object_key_func, mk_fifo_obj, pop, pop2

CLOSED = "FIFO WAS CLOSED"
IS_ATOMIC = "ATOMIC REPLACED OBJ"


def new_fifo(known=(), transformer=None, key_func=fifo_object_key_func):
    known = list(known)
    return cache.new_real_fifo(key_func, LiteralListerGetter(lambda: known), transformer)


def atomic_fifo(**kw):
    return cache.new_real_fifo_with_options(
        cache.RealFIFOOptions(key_function=fifo_object_key_func, atomic_events=True, **kw)
    )


def get_items(f):
    with f._lock:
        return list(f._items)


def pop_n(f, n):
    out = Deltas()
    for _ in range(n):
        out.extend(pop(f))
    return out


def pop_object(f):
    val = pop(f)
    if val is None:
        return mk_fifo_obj(CLOSED, None)
    newest = val.newest()
    if newest.type == ReplacedAll:
        return mk_fifo_obj(IS_ATOMIC, list(newest.object.objects))
    return newest.object


def start_popper(f, got):
    def run():
        while True:
            obj = pop_object(f)
            if obj.name == CLOSED:
                return
            got.append(obj)

    t = threading.Thread(target=run, name="popper")
    t.start()
    return t


def wait_for(cond, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not cond() and time.monotonic() < deadline:
        time.sleep(0.005)


def test_basic():
    f = new_fifo()
    amount = 500

    def producer(prefix, conv):
        for i in range(amount):
            f.add(mk_fifo_obj(prefix + chr(i), conv(i + 1)))

    threads = [
        threading.Thread(target=producer, args=("a", int), name="producer a"),
        threading.Thread(target=producer, args=("b", float), name="producer b"),
    ]
    for t in threads:
        t.start()
    last_int, last_float = 0, 0.0
    for _ in range(amount * 2):
        val = pop_object(f).val
        if isinstance(val, int):
            assert val > last_int
            last_int = val
        else:
            assert val > last_float
            last_float = val
    for t in threads:
        t.join(10)


def test_replace_with_delete_delta_in():
    old_obj, new_obj = mk_fifo_obj("foo", 1), mk_fifo_obj("foo", 2)
    f = new_fifo([old_obj])
    f.delete(old_obj)
    f.replace([new_obj], "")
    assert get_items(f) == [Delta(Deleted, old_obj), Delta(Replaced, new_obj)]


OBJ = mk_fifo_obj("foo", 2)
OBJ_V2 = mk_fifo_obj("foo", 3)


@pytest.mark.parametrize(
    "ops,expected",
    [
        ([("add", OBJ), ("replace", [])], [Delta(Added, OBJ), Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ))]),
        ([("add", OBJ), ("delete", OBJ), ("replace", [])], [Delta(Added, OBJ), Delta(Deleted, OBJ)]),
        (
            [("add", OBJ), ("replace", [OBJ]), ("replace", [OBJ]), ("replace", [])],
            [
                Delta(Added, OBJ),
                Delta(Replaced, OBJ),
                Delta(Replaced, OBJ),
                Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ)),
            ],
        ),
        (
            [("add", OBJ), ("replace", []), ("replace", [])],
            [Delta(Added, OBJ), Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ))],
        ),
        (
            [("add", OBJ), ("delete", OBJ), ("add", OBJ_V2), ("replace", [])],
            [
                Delta(Added, OBJ),
                Delta(Deleted, OBJ),
                Delta(Added, OBJ_V2),
                Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ_V2)),
            ],
        ),
        ([("bookmark", "123"), ("replace", []), ("replace", [])], []),
    ],
    ids=["added", "deleted", "synced", "multiple-replaces", "added-deleted-added", "bookmark-not-atomic"],
)
def test_replace_makes_deletions_for_objects_only_in_queue(ops, expected):
    f = new_fifo()
    for op, arg in ops:
        if op == "replace":
            f.replace(arg, "0")
        else:
            getattr(f, op)(arg)
    assert pop_n(f, len(get_items(f))) == expected
    assert get_items(f) == []


def test_add_update():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("foo", 12))
    f.delete(mk_fifo_obj("foo", 15))
    assert get_items(f) == [
        Delta(Added, mk_fifo_obj("foo", 10)),
        Delta(Updated, mk_fifo_obj("foo", 12)),
        Delta(Deleted, mk_fifo_obj("foo", 15)),
    ]
    got = []
    t = start_popper(f, got)
    wait_for(lambda: len(got) >= 3)
    time.sleep(0.05)
    assert [o.val for o in got] == [10, 12, 15]
    assert get_items(f) == []
    f.close()
    t.join(5)


class RvAndXfrm:
    def __init__(self, rv):
        self.rv = rv
        self.xfrm = 0


def test_transformer():
    def mk(name, rv):
        return mk_fifo_obj(name, RvAndXfrm(rv))

    def xfrm(obj):
        if isinstance(obj, DeletedFinalStateUnknown):
            raise AssertionError("tombstones are not transformed")
        obj.val.xfrm += 1
        return obj

    f = new_fifo(transformer=xfrm)
    objs = [mk("foo", 10), mk("bar", 11), mk("foo", 12), mk("foo", 15)]
    f.add(objs[0])
    f.add(objs[1])
    f.update(objs[2])
    f.delete(objs[3])
    f.replace([], "")
    bar16 = mk("bar", 16)
    f.add(bar16)
    f.replace([], "")
    expected = [
        Delta(Added, objs[0]),
        Delta(Added, objs[1]),
        Delta(Updated, objs[2]),
        Delta(Deleted, objs[3]),
        Delta(Deleted, DeletedFinalStateUnknown("bar", objs[1])),
        Delta(Added, bar16),
        Delta(Deleted, DeletedFinalStateUnknown("bar", bar16)),
    ]
    assert get_items(f) == expected
    assert all(o.val.xfrm == 1 for o in objs + [bar16])
    assert [pop(f)[0] for _ in expected] == expected


def test_enqueueing_no_lister():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("bar", 15))
    f.add(mk_fifo_obj("qux", 17))
    f.delete(mk_fifo_obj("qux", 18))
    f.delete(mk_fifo_obj("baz", 20))  # unlike DeltaFIFO, every delete is queued
    assert [pop_object(f).val for _ in range(5)] == [10, 15, 17, 18, 20]
    assert get_items(f) == []


def test_enqueueing_with_lister():
    f = new_fifo([mk_fifo_obj("foo", 5), mk_fifo_obj("bar", 6), mk_fifo_obj("baz", 7)])
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("bar", 15))
    f.delete(mk_fifo_obj("baz", 20))
    assert [pop_object(f).val for _ in range(3)] == [10, 15, 20]
    assert get_items(f) == []


def test_add_replace():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.replace([mk_fifo_obj("foo", 15)], "0")
    got = []
    t = start_popper(f, got)
    wait_for(lambda: len(got) >= 2)
    time.sleep(0.05)
    assert [o.val for o in got] == [10, 15]
    assert get_items(f) == []
    f.close()
    t.join(5)


def test_resync_non_existing():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    f.delete(mk_fifo_obj("foo", 10))
    f.resync()
    assert [d.type for d in get_items(f)] == [Deleted]


def test_resync():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    f.resync()
    assert get_items(f) == [Delta(Sync, mk_fifo_obj("foo", 5))]


def test_delete_existing_non_propagated():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 5))
    f.delete(mk_fifo_obj("foo", 6))
    assert [d.type for d in get_items(f)] == [Added, Deleted]


KNOWN = [mk_fifo_obj("foo", 5), mk_fifo_obj("bar", 6), mk_fifo_obj("baz", 7)]


def tomb(key, val):
    return Delta(Deleted, DeletedFinalStateUnknown(key, mk_fifo_obj(key, val)))


def test_replace_makes_deletions():
    f = new_fifo(KNOWN)
    f.delete(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(3)] == [
        [Delta(Deleted, mk_fifo_obj("baz", 10))],
        [tomb("bar", 6)],
        [Delta(Replaced, mk_fifo_obj("foo", 5))],
    ]

    f = new_fifo(KNOWN)
    f.add(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(4)] == [
        [Delta(Added, mk_fifo_obj("baz", 10))],
        [tomb("baz", 10)],
        [tomb("bar", 6)],
        [Delta(Replaced, mk_fifo_obj("foo", 5))],
    ]

    f = new_fifo(KNOWN)
    f.delete(mk_fifo_obj("bar", 6))
    f.add(mk_fifo_obj("bar", 100))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(5)] == [
        [Delta(Deleted, mk_fifo_obj("bar", 6))],
        [Delta(Added, mk_fifo_obj("bar", 100))],
        [tomb("bar", 100)],
        [tomb("baz", 7)],
        [Delta(Replaced, mk_fifo_obj("foo", 5))],
    ]

    f = new_fifo(KNOWN)
    f.replace([mk_fifo_obj("bar", 100), mk_fifo_obj("foo", 5)], "0")
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(5)] == [
        [tomb("baz", 7)],
        [Delta(Replaced, mk_fifo_obj("bar", 100))],
        [Delta(Replaced, mk_fifo_obj("foo", 5))],
        [tomb("bar", 100)],
        [Delta(Replaced, mk_fifo_obj("foo", 5))],
    ]

    f = new_fifo()
    f.add(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(3)] == [
        [Delta(Added, mk_fifo_obj("baz", 10))],
        [tomb("baz", 10)],
        [Delta(Replaced, mk_fifo_obj("foo", 5))],
    ]


def test_replace_makes_deletions_replaced():
    f = new_fifo(KNOWN)
    f.delete(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 6)], "0")
    assert [pop(f) for _ in range(3)] == [
        [Delta(Deleted, mk_fifo_obj("baz", 10))],
        [tomb("bar", 6)],
        [Delta(Replaced, mk_fifo_obj("foo", 6))],
    ]


def test_update_resync_race():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    f.update(mk_fifo_obj("foo", 6))
    f.resync()
    assert pop(f) == [Delta(Updated, mk_fifo_obj("foo", 6))]
    assert get_items(f) == []


def test_has_synced_correct_on_deletion():
    f = new_fifo(KNOWN)
    f.replace([mk_fifo_obj("foo", 5)], "0")
    for e in ([tomb("bar", 6)], [tomb("baz", 7)], [Delta(Replaced, mk_fifo_obj("foo", 5))]):
        assert not f.has_synced()
        cur, initial = pop2(f)
        assert cur == e
        assert initial is True
    assert f.has_synced()


def test_has_synced_only_after_processing():
    f = new_fifo()
    f.replace([mk_fifo_obj("a", 1)], "1")
    during = []
    f.pop(lambda obj, initial: during.append((f.has_synced(), initial)))
    assert during == [(False, True)]
    assert f.has_synced()


def test_detect_line_jumpers():
    f = new_fifo()
    for name, val in [("foo", 10), ("bar", 1), ("foo", 11), ("foo", 13), ("zab", 30)]:
        f.add(mk_fifo_obj(name, val))
    assert pop_object(f).val == 10
    f.add(mk_fifo_obj("foo", 14))
    assert [pop_object(f).val for _ in range(5)] == [1, 11, 13, 30, 14]


@pytest.mark.parametrize(
    "obj,key",
    [
        (mk_fifo_obj("A", None), "A"),
        (DeletedFinalStateUnknown("B", None), "B"),
        (Deltas([Delta(object=mk_fifo_obj("C", None))]), "C"),
        (Deltas([Delta(object=DeletedFinalStateUnknown("D", None))]), "D"),
    ],
)
def test_key_of(obj, key):
    assert new_fifo()._key_of(obj) == key


@pytest.mark.parametrize(
    "actions,expected",
    [
        ([], False),
        ([lambda f: f.add(mk_fifo_obj("a", 1))], True),
        ([lambda f: f.replace([], "0")], True),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0")], False),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0"), pop], False),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0"), pop, pop], True),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("a", 2)], "0"), pop, pop], True),
    ],
)
def test_has_synced(actions, expected):
    f = new_fifo()
    for action in actions:
        action(f)
    assert f.has_synced() is expected
    assert f.has_synced_checker().done().is_set() is expected


def test_pop_should_unblock_when_closed():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    raised = []

    def popper():
        try:
            f.pop(lambda obj, initial: None)
        except cache.FIFOClosedError as err:
            raised.append(err)

    threads = [threading.Thread(target=popper, name=f"popper {i}") for i in range(10)]
    for t in threads:
        t.start()
    time.sleep(0.01)
    f.close()
    for t in threads:
        t.join(0.5)
        assert not t.is_alive(), "timed out waiting for pop to return after close"
    assert raised == [cache.ErrFIFOClosed] * 10


def pop_batches(f, attempts=10):
    """Pops batches until the queue is empty; each batch as a list of Deltas, with its is_in_initial_list."""
    batches = []
    for _ in range(attempts):
        if not get_items(f):
            break
        f.pop_batch(
            lambda deltas, initial: batches.append((list(deltas), initial)),
            lambda deltas, initial: batches.append(([deltas.newest()], initial)),
        )
    return batches


O1, O2, O3, O4 = (mk_fifo_obj(f"foo{i}", 5) for i in range(1, 5))
UNLIMITED = 999999


@pytest.mark.parametrize(
    "initial,actions,batch_size,expected",
    [
        ([O1, O2, O3], [], UNLIMITED, [[Delta(Replaced, O1), Delta(Replaced, O2), Delta(Replaced, O3)]]),
        ([O1, O2], [O3, O4], 2, [[Delta(Replaced, O1), Delta(Replaced, O2)], [Delta(Updated, O3), Delta(Updated, O4)]]),
        ([O1], [O1, O1], UNLIMITED, [[Delta(Replaced, O1)], [Delta(Updated, O1)], [Delta(Updated, O1)]]),
        (
            [O1, O2],
            [O2, O3],
            UNLIMITED,
            [[Delta(Replaced, O1), Delta(Replaced, O2)], [Delta(Updated, O2), Delta(Updated, O3)]],
        ),
        (
            [O1, O2, O3],
            [O2],
            UNLIMITED,
            [[Delta(Replaced, O1), Delta(Replaced, O2), Delta(Replaced, O3)], [Delta(Updated, O2)]],
        ),
        ([O1, O2, O3], [], 2, [[Delta(Replaced, O1), Delta(Replaced, O2)], [Delta(Replaced, O3)]]),
        ([], [O1, O2, O3], 2, [[Delta(Updated, O1), Delta(Updated, O2)], [Delta(Updated, O3)]]),
        (
            [O1, O2, O3],
            [O4],
            2,
            [[Delta(Replaced, O1), Delta(Replaced, O2)], [Delta(Replaced, O3)], [Delta(Updated, O4)]],
        ),
    ],
    ids=["unique", "initial-list", "non-unique-1", "non-unique-2", "non-unique-3", "size-1", "size-2", "size-3"],
)
def test_pop_multiple_delta_in_batch(initial, actions, batch_size, expected):
    f = new_fifo(initial)
    f._batch_size = batch_size
    f.replace(list(initial), "123")
    for obj in actions:
        f.update(obj)
    batches = pop_batches(f)
    assert [b for b, _ in batches] == expected
    assert [d.object for b, initial_list in batches if initial_list for d in b] == initial
    assert f.has_synced()


F3, F4 = mk_fifo_obj("foo3", 5), mk_fifo_obj("foo4", 5)


@pytest.mark.parametrize(
    "incoming,expected",
    [
        ([F3], [[F3]]),
        ([O1, O2, F3], [[O1, O2, F3]]),
        ([O1, O2, F3, F4], [[O1, O2, F3], [F4]]),
        ([F3, O1, F4], [[F3], [O1, F4]]),
    ],
    ids=["first", "nth", "multiple-nth", "mixed"],
)
def test_pop_broken_items_in_batch(incoming, expected):
    def key_func(obj):
        if obj in (F3, F4):
            raise ValueError("test key func error")
        return obj.name

    f = new_fifo(key_func=key_func)
    f._batch_size = UNLIMITED
    f._items.extend(Delta(Added, o) for o in incoming)
    batches = pop_batches(f)
    assert [b for b, _ in batches] == [[Delta(Added, o) for o in batch] for batch in expected]


def test_unbatchable_deltas_go_alone():
    f = atomic_fifo(emit_delta_type_bookmark=True)
    f.add(O1)
    f.add(O2)
    f.bookmark("7")
    f.add(O3)
    f.resync()
    batches = pop_batches(f)
    assert [b for b, _ in batches] == [
        [Delta(Added, O1), Delta(Added, O2)],
        [Delta(Bookmark, BookmarkInfo("7"))],
        [Delta(Added, O3)],
        [Delta(SyncAll, SyncAllInfo())],
    ]


@pytest.mark.parametrize(
    "ops,expected",
    [
        ([("replace", [], "123")], [Delta(ReplacedAll, ReplacedAllInfo("123", []))]),
        ([("add", OBJ), ("replace", [], "123")], [Delta(Added, OBJ), Delta(ReplacedAll, ReplacedAllInfo("123", []))]),
        (
            [("add", OBJ), ("replace", [OBJ], "10"), ("replace", [OBJ], "20"), ("replace", [], "56")],
            [
                Delta(Added, OBJ),
                Delta(ReplacedAll, ReplacedAllInfo("10", [OBJ])),
                Delta(ReplacedAll, ReplacedAllInfo("20", [OBJ])),
                Delta(ReplacedAll, ReplacedAllInfo("56", [])),
            ],
        ),
        (
            [("bookmark", "123"), ("replace", [], "1234")],
            [Delta(Bookmark, BookmarkInfo("123")), Delta(ReplacedAll, ReplacedAllInfo("1234", []))],
        ),
    ],
    ids=["base", "added", "in-order", "bookmark"],
)
def test_replace_atomic(ops, expected):
    f = atomic_fifo(emit_delta_type_bookmark=True)
    for op in ops:
        if op[0] == "replace":
            f.replace(op[1], op[2])
        else:
            getattr(f, op[0])(op[1])
    assert pop_n(f, len(get_items(f))) == expected
    assert get_items(f) == []


def test_replace_atomic_pop():
    f = atomic_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.replace([mk_fifo_obj("foo", 15)], "20")
    got = []
    t = start_popper(f, got)
    wait_for(lambda: len(got) >= 2)
    time.sleep(0.05)
    assert got == [mk_fifo_obj("foo", 10), mk_fifo_obj(IS_ATOMIC, [mk_fifo_obj("foo", 15)])]
    assert get_items(f) == []
    f.close()
    t.join(5)


@pytest.mark.parametrize("add_first", [False, True])
def test_resync_atomic(add_first):
    f = atomic_fifo()
    if add_first:
        f.add(OBJ)
    f.resync()
    expected = ([Delta(Added, OBJ)] if add_first else []) + [Delta(SyncAll, SyncAllInfo())]
    assert pop_n(f, len(get_items(f))) == expected


def test_atomic_transformer_applies_to_replaced_objects():
    f = atomic_fifo(transformer=lambda o: mk_fifo_obj(o.name, o.val * 2))
    f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "9")
    assert get_items(f) == [Delta(ReplacedAll, ReplacedAllInfo("9", [mk_fifo_obj("a", 2), mk_fifo_obj("b", 4)]))]


def test_bookmark_not_emitted_by_default():
    f = atomic_fifo()
    f.bookmark("5")
    assert get_items(f) == []


def test_option_validation():
    known = LiteralListerGetter(lambda: [])
    with pytest.raises(ValueError, match="knownObjects must not be provided when AtomicEvents is true"):
        cache.RealFIFO(cache.RealFIFOOptions(atomic_events=True, known_objects=known))
    with pytest.raises(ValueError, match="UnlockWhileProcessing must be false when AtomicEvents is false"):
        cache.RealFIFO(cache.RealFIFOOptions(known_objects=known, unlock_while_processing=True))
    with pytest.raises(ValueError, match="knownObjects must be provided when AtomicEvents is false"):
        cache.RealFIFO(cache.RealFIFOOptions())
    with pytest.raises(ValueError, match="EmitDeltaTypeBookmark must be false when AtomicEvents is false"):
        cache.RealFIFO(cache.RealFIFOOptions(known_objects=known, emit_delta_type_bookmark=True))
    assert atomic_fifo(name="RealFIFO *v1.Pod").name() == "RealFIFO *v1.Pod"
    assert atomic_fifo().name() == "RealFIFO"


def test_unlock_while_processing_lets_producers_add():
    f = atomic_fifo(unlock_while_processing=True)
    f.add(mk_fifo_obj("a", 1))
    added = []

    def process(deltas, initial):
        # would deadlock if the queue were locked while processing
        t = threading.Thread(target=lambda: added.append(f.add(mk_fifo_obj("b", 2))), name="producer")
        t.start()
        t.join(5)

    f.pop(process)
    assert added == [None]
    assert get_items(f) == [Delta(Added, mk_fifo_obj("b", 2))]


@pytest.mark.parametrize("unlock", [False, True])
@pytest.mark.parametrize("batch", [False, True])
def test_many_producers_one_consumer(unlock, batch, fast_thread_switching):
    """Invariants: nothing lost, each key's deltas in the order they were made, close wakes the consumer."""
    f = atomic_fifo(unlock_while_processing=unlock)
    producers, keys_per_producer, updates = 4, 25, 40
    total = producers * keys_per_producer * updates
    seen = {}
    errors = []

    def record(deltas):
        for d in deltas:
            seen.setdefault(d.object.name, []).append(d.object.val)

    def consume():
        try:
            while True:
                try:
                    if batch:
                        f.pop_batch(lambda ds, initial: record(ds), lambda ds, initial: record(ds))
                    else:
                        f.pop(lambda ds, initial: record(ds))
                except cache.FIFOClosedError:
                    return
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    def produce(p):
        for u in range(updates):
            for k in range(keys_per_producer):
                f.update(mk_fifo_obj(f"p{p}-k{k}", u))

    consumer = threading.Thread(target=consume, name="consumer")
    consumer.start()
    threads = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(producers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    wait_for(lambda: sum(len(v) for v in seen.values()) >= total, timeout=30)
    f.close()
    consumer.join(5)
    assert not consumer.is_alive()
    assert not errors
    assert len(seen) == producers * keys_per_producer
    assert all(v == list(range(updates)) for v in seen.values())


def test_failing_consumer_loses_nothing_else(fast_thread_switching):
    """Fault: the consumer's process raises on some deltas; every delta is still handed out once, in order."""
    f = atomic_fifo()
    total = 2000
    seen = []
    failures = []

    def process(deltas, initial):
        seen.append(deltas[0].object.val)
        if deltas[0].object.val % 7 == 0:
            raise RuntimeError("handler failed")

    def consume():
        while True:
            try:
                f.pop(process)
            except cache.FIFOClosedError:
                return
            except RuntimeError as err:
                failures.append(err)

    consumer = threading.Thread(target=consume, name="consumer")
    consumer.start()
    for i in range(total):
        f.update(mk_fifo_obj("k", i))
    wait_for(lambda: len(seen) >= total, timeout=30)
    f.close()
    consumer.join(5)
    assert seen == list(range(total))
    assert len(failures) == len(range(0, total, 7))


def test_slow_processing_with_a_deep_queue_is_traced(caplog):
    f = atomic_fifo()
    for i in range(12):
        f.add(mk_fifo_obj(f"k{i}", i))
    with caplog.at_level("INFO", logger="kubernetes_py.tools.cache.the_real_fifo"):
        f.pop(lambda deltas, initial: time.sleep(0.11))
        f.pop(lambda deltas, initial: None)
    traces = [r.getMessage() for r in caplog.records]
    assert len(traces) == 1
    assert traces[0].startswith(
        '"Trace" name="RealFIFO Pop Process" ID="k0" Depth="11" '
        'Reason="slow event handlers blocking the queue" Name="RealFIFO" (total time: '
    )
