"""client-go tools/cache delta_fifo_test.go, as exact sequences; plus producers/consumer under load."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import Added, Deleted, Delta, DeletedFinalStateUnknown, Deltas, Replaced, Sync, Updated

from .fifo_util import LiteralListerGetter, fifo_object_key_func, mk_fifo_obj, pop, pop2


def new_fifo(known=None, **kw):
    return cache.new_delta_fifo_with_options(
        cache.DeltaFIFOOptions(
            key_function=fifo_object_key_func,
            known_objects=LiteralListerGetter(lambda: known) if known is not None else None,
            **kw,
        )
    )


def list_keys(f):
    with f._lock:
        return list(f._queue)


def list_objects(f):
    with f._lock:
        return [d.newest().object for d in f._items.values()]


def get(f, obj):
    with f._lock:
        d = f._items.get(f.key_of(obj))
        return (Deltas(d), True) if d is not None else (None, False)


def pop_object(f):
    return pop(f).newest().object


def start_popper(f, got):
    def run():
        while True:
            obj = pop(f)
            if obj is None:
                return
            got.append(obj.newest().object)

    t = threading.Thread(target=run, name="popper")
    t.start()
    return t


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
    assert (last_int, last_float) == (amount, float(amount))


def test_replace_with_delete_delta_in():
    old_obj, new_obj = mk_fifo_obj("foo", 1), mk_fifo_obj("foo", 2)
    f = new_fifo([old_obj])
    f.delete(old_obj)
    f.replace([new_obj], "")
    assert pop(f) == [Delta(Deleted, old_obj), Delta(Sync, new_obj)]


OBJ = mk_fifo_obj("foo", 2)
OBJ_V2 = mk_fifo_obj("foo", 3)


def _added_replace(f):
    f.add(OBJ)
    f.replace([], "0")


def _replaced_single_delete(f):
    f._emit_delta_type_replaced = True
    f.add(OBJ)
    f.replace([OBJ], "0")
    f.replace([], "0")


def _deleted_single_delete(f):
    f.add(OBJ)
    f.delete(OBJ)
    f.replace([], "0")


def _synced_single_delete(f):
    f.add(OBJ)
    f.replace([OBJ], "0")
    f.replace([OBJ], "0")
    f.replace([], "0")


def _added_multiple_replaces(f):
    f.add(OBJ)
    f.replace([], "0")
    f.replace([], "1")


def _added_deleted_added(f):
    f.add(OBJ)
    f.delete(OBJ)
    f.add(OBJ_V2)
    f.replace([], "0")


@pytest.mark.parametrize(
    "operations,expected",
    [
        (_added_replace, [Delta(Added, OBJ), Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ))]),
        (
            _replaced_single_delete,
            [Delta(Added, OBJ), Delta(Replaced, OBJ), Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ))],
        ),
        (_deleted_single_delete, [Delta(Added, OBJ), Delta(Deleted, OBJ)]),
        (
            _synced_single_delete,
            [
                Delta(Added, OBJ),
                Delta(Sync, OBJ),
                Delta(Sync, OBJ),
                Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ)),
            ],
        ),
        (_added_multiple_replaces, [Delta(Added, OBJ), Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ))]),
        (
            _added_deleted_added,
            [
                Delta(Added, OBJ),
                Delta(Deleted, OBJ),
                Delta(Added, OBJ_V2),
                Delta(Deleted, DeletedFinalStateUnknown("foo", OBJ_V2)),
            ],
        ),
    ],
    ids=["added", "replaced", "deleted", "synced", "multiple-replaces", "added-deleted-added"],
)
def test_replace_makes_deletions_for_objects_only_in_queue(operations, expected):
    for f in (new_fifo([]), new_fifo()):
        operations(f)
        assert pop(f) == expected
        assert f._items == {}


def test_add_update():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("foo", 12))
    f.delete(mk_fifo_obj("foo", 15))
    assert list_objects(f) == [mk_fifo_obj("foo", 15)]
    assert list_keys(f) == ["foo"]
    got = []
    t = start_popper(f, got)
    deadline = time.monotonic() + 5
    while not got and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)
    assert got == [mk_fifo_obj("foo", 15)]
    assert get(f, mk_fifo_obj("foo", "")) == (None, False)
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
    f.add(mk("foo", 10))
    f.add(mk("bar", 11))
    f.update(mk("foo", 12))
    f.delete(mk("foo", 15))
    f.replace([], "")
    f.add(mk("bar", 16))
    f.replace([], "")
    assert list_keys(f) == ["foo", "bar"]
    for _ in range(2):
        obj = pop(f).newest().object
        if isinstance(obj, DeletedFinalStateUnknown):
            assert obj.obj.name == "bar"
            assert (obj.obj.val.rv, obj.obj.val.xfrm) == (16, 1)
        else:
            assert obj.name == "foo"
            assert (obj.val.rv, obj.val.xfrm) == (15, 1)


def test_transformer_error_propagates():
    def xfrm(obj):
        raise ValueError("no")

    f = new_fifo(transformer=xfrm)
    with pytest.raises(ValueError, match="^no$"):
        f.add(mk_fifo_obj("foo", 1))
    assert f._items == {}


def test_enqueueing_no_lister():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("bar", 15))
    f.add(mk_fifo_obj("qux", 17))
    f.delete(mk_fifo_obj("qux", 18))
    f.delete(mk_fifo_obj("baz", 20))  # not queued and not known: nothing to do
    assert [pop_object(f).val for _ in range(3)] == [10, 15, 18]
    assert f._items == {}


def test_enqueueing_with_lister():
    f = new_fifo([mk_fifo_obj("foo", 5), mk_fifo_obj("bar", 6), mk_fifo_obj("baz", 7)])
    f.add(mk_fifo_obj("foo", 10))
    f.update(mk_fifo_obj("bar", 15))
    f.delete(mk_fifo_obj("baz", 20))  # known: the delete is queued
    assert [pop_object(f).val for _ in range(3)] == [10, 15, 20]
    assert f._items == {}


def test_add_replace():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.replace([mk_fifo_obj("foo", 15)], "0")
    got = []
    t = start_popper(f, got)
    deadline = time.monotonic() + 5
    while not got and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)
    assert [o.val for o in got] == [15]
    assert get(f, mk_fifo_obj("foo", "")) == (None, False)
    f.close()
    t.join(5)


def test_resync_non_existing():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    f.delete(mk_fifo_obj("foo", 10))
    f.resync()
    assert [d.type for d in f._items["foo"]] == [Deleted]


def test_resync():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    f.resync()
    assert f._items["foo"] == [Delta(Sync, mk_fifo_obj("foo", 5))]


def test_delete_existing_non_propagated():
    f = new_fifo([])
    f.add(mk_fifo_obj("foo", 5))
    f.delete(mk_fifo_obj("foo", 6))
    assert [d.type for d in f._items["foo"]] == [Added, Deleted]


KNOWN = [mk_fifo_obj("foo", 5), mk_fifo_obj("bar", 6), mk_fifo_obj("baz", 7)]


def test_replace_makes_deletions():
    f = new_fifo(KNOWN)
    f.delete(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(3)] == [
        [Delta(Deleted, mk_fifo_obj("baz", 10))],
        [Delta(Sync, mk_fifo_obj("foo", 5))],
        [Delta(Deleted, DeletedFinalStateUnknown("bar", mk_fifo_obj("bar", 6)))],
    ]

    f = new_fifo(KNOWN)
    f.add(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(3)] == [
        [Delta(Added, mk_fifo_obj("baz", 10)), Delta(Deleted, DeletedFinalStateUnknown("baz", mk_fifo_obj("baz", 10)))],
        [Delta(Sync, mk_fifo_obj("foo", 5))],
        [Delta(Deleted, DeletedFinalStateUnknown("bar", mk_fifo_obj("bar", 6)))],
    ]

    f = new_fifo(KNOWN)
    f.delete(mk_fifo_obj("bar", 6))
    f.add(mk_fifo_obj("bar", 100))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(3)] == [
        [
            Delta(Deleted, mk_fifo_obj("bar", 6)),
            Delta(Added, mk_fifo_obj("bar", 100)),
            Delta(Deleted, DeletedFinalStateUnknown("bar", mk_fifo_obj("bar", 100))),
        ],
        [Delta(Sync, mk_fifo_obj("foo", 5))],
        [Delta(Deleted, DeletedFinalStateUnknown("baz", mk_fifo_obj("baz", 7)))],
    ]

    f = new_fifo(KNOWN)
    f.replace([mk_fifo_obj("bar", 100), mk_fifo_obj("foo", 5)], "0")
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(3)] == [
        [
            Delta(Sync, mk_fifo_obj("bar", 100)),
            Delta(Deleted, DeletedFinalStateUnknown("bar", mk_fifo_obj("bar", 100))),
        ],
        [Delta(Sync, mk_fifo_obj("foo", 5)), Delta(Sync, mk_fifo_obj("foo", 5))],
        [Delta(Deleted, DeletedFinalStateUnknown("baz", mk_fifo_obj("baz", 7)))],
    ]

    f = new_fifo()
    f.add(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert [pop(f) for _ in range(2)] == [
        [Delta(Added, mk_fifo_obj("baz", 10)), Delta(Deleted, DeletedFinalStateUnknown("baz", mk_fifo_obj("baz", 10)))],
        [Delta(Sync, mk_fifo_obj("foo", 5))],
    ]


def test_replace_makes_deletions_replaced():
    f = new_fifo(KNOWN, emit_delta_type_replaced=True)
    f.delete(mk_fifo_obj("baz", 10))
    f.replace([mk_fifo_obj("foo", 6)], "0")
    assert [pop(f) for _ in range(3)] == [
        [Delta(Deleted, mk_fifo_obj("baz", 10))],
        [Delta(Replaced, mk_fifo_obj("foo", 6))],
        [Delta(Deleted, DeletedFinalStateUnknown("bar", mk_fifo_obj("bar", 6)))],
    ]


def test_replace_delta_type():
    f = new_fifo([mk_fifo_obj("foo", 5)], emit_delta_type_replaced=True)
    f.replace([mk_fifo_obj("foo", 5)], "0")
    assert pop(f) == [Delta(Replaced, mk_fifo_obj("foo", 5))]


def test_update_resync_race():
    f = new_fifo([mk_fifo_obj("foo", 5)])
    f.update(mk_fifo_obj("foo", 6))
    f.resync()
    assert pop(f) == [Delta(Updated, mk_fifo_obj("foo", 6))]


def test_has_synced_correct_on_deletion():
    f = new_fifo(KNOWN)
    f.replace([mk_fifo_obj("foo", 5)], "0")
    expected = [
        [Delta(Sync, mk_fifo_obj("foo", 5))],
        [Delta(Deleted, DeletedFinalStateUnknown("bar", mk_fifo_obj("bar", 6)))],
        [Delta(Deleted, DeletedFinalStateUnknown("baz", mk_fifo_obj("baz", 7)))],
    ]
    for e in expected:
        assert not f.has_synced()
        cur, initial = pop2(f)
        assert cur == e
        assert initial is True
    assert f.has_synced()
    assert f.has_synced_checker().done().is_set()
    assert f.has_synced_checker().name() == "DeltaFIFO"


def test_detect_line_jumpers():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 10))
    f.add(mk_fifo_obj("bar", 1))
    f.add(mk_fifo_obj("foo", 11))
    f.add(mk_fifo_obj("foo", 13))
    f.add(mk_fifo_obj("zab", 30))
    assert pop_object(f).val == 13
    f.add(mk_fifo_obj("foo", 14))  # foo does not jump back in line
    assert [pop_object(f).val for _ in range(3)] == [1, 30, 14]


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
    assert new_fifo().key_of(obj) == key


def test_key_of_empty_deltas():
    with pytest.raises(cache.KeyError) as info:
        new_fifo().key_of(Deltas())
    assert info.value.err is cache.ErrZeroLengthDeltasObject


@pytest.mark.parametrize(
    "actions,expected",
    [
        ([], False),
        ([lambda f: f.add(mk_fifo_obj("a", 1))], True),
        ([lambda f: f.replace([], "0")], True),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0")], False),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0"), pop], False),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("b", 2)], "0"), pop, pop], True),
        ([lambda f: f.replace([mk_fifo_obj("a", 1), mk_fifo_obj("a", 2)], "0"), pop], True),
    ],
)
def test_has_synced(actions, expected):
    f = new_fifo()
    for action in actions:
        action(f)
    assert f.has_synced() is expected
    assert f.done().is_set() is expected


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
    assert str(cache.ErrFIFOClosed) == "DeltaFIFO: manipulating with closed queue"
    assert f.is_closed()


def test_process_error_propagates_and_item_is_gone():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 1))

    def process(obj, initial):
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError, match="handler failed"):
        f.pop(process)
    assert f._items == {} and list_keys(f) == []


def test_close_does_not_drop_queued_items():
    f = new_fifo()
    f.add(mk_fifo_obj("foo", 1))
    f.close()
    assert pop_object(f).val == 1
    with pytest.raises(cache.FIFOClosedError):
        f.pop(lambda obj, initial: None)


def test_many_producers_one_consumer(fast_thread_switching):
    """Invariant: nothing lost, and each key's changes arrive in the order they were made."""
    f = new_fifo()
    producers, keys_per_producer, updates = 4, 50, 40
    seen = {}
    errors = []

    def produce(p):
        for u in range(updates):
            for k in range(keys_per_producer):
                obj = mk_fifo_obj(f"p{p}-k{k}", u)
                f.add(obj) if u == 0 else f.update(obj)

    def consume():
        try:
            while True:
                deltas = pop(f)
                if deltas is None:
                    return
                for d in deltas:
                    seen.setdefault(d.object.name, []).append(d.object.val)
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    consumer = threading.Thread(target=consume, name="consumer")
    consumer.start()
    threads = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(producers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    deadline = time.monotonic() + 30
    while sum(len(v) for v in seen.values()) < producers * keys_per_producer * updates and time.monotonic() < deadline:
        time.sleep(0.01)
    f.close()
    consumer.join(5)
    assert not errors
    assert len(seen) == producers * keys_per_producer
    assert all(v == list(range(updates)) for v in seen.values())
