"""client-go's controller_test.go: the low-level controller, new_informer and friends, process_deltas (batches
and the replace sequence), as exact sequences of handler calls."""

from __future__ import annotations

import random
import threading
import time

import pytest

from kubernetes_py import context
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import controller as ctrl
from kubernetes_py.tools.cache import the_real_fifo as rf
from kubernetes_py.tools.cache.listwatch import ListWatch
from kubernetes_py.tools.cache.testing import new_fake_controller_source

TIMEOUT = 10.0

context.with_timeout(context.background(), 3600)[1]()  # the shared deadline thread, started before leak checks


@pytest.fixture
def source():
    s = new_fake_controller_source()
    yield s
    s.shutdown()


def _pod(name, ns="", rv="", labels=None):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace=ns, resourceVersion=rv, labels=labels or {}))


class Runner:
    """Runs a controller (or informer) in a thread; stop() cancels and joins."""

    def __init__(self, c):
        self.ctx, self.cancel = context.with_cancel(context.background())
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(c,), name="test controller")
        self.thread.start()

    def _run(self, c):
        try:
            c.run_with_context(self.ctx)
        except BaseException as err:  # noqa: BLE001 - recorded for the test
            self.error = err

    def stop(self):
        self.cancel()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


def _eventually(cond, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.002)
    return cond()


def test_example_controller_deletes_everything_it_sees(source):
    downstream = cache.new_store(cache.deletion_handling_meta_namespace_key_func)
    fifo = rf.new_real_fifo(cache.meta_namespace_key_func, downstream, None)
    deleted = []

    def process(obj, is_in_initial_list):
        newest = obj.newest()
        if newest.type != cache.Deleted:
            downstream.add(newest.object)
            source.delete(newest.object)
        else:
            downstream.delete(newest.object)
            deleted.append(cache.deletion_handling_meta_namespace_key_func(newest.object))

    r = Runner(
        ctrl.new(
            ctrl.Config(
                queue=fifo, lister_watcher=source, object_type=corev1.Pod(), full_resync_period=0.1, process=process
            )
        )
    )
    try:
        for name in ["a-hello", "b-controller", "c-framework"]:
            source.add(_pod(name))
        # a resync may delete an object twice: the set of deleted keys is what counts
        assert _eventually(lambda: set(deleted) == {"a-hello", "b-controller", "c-framework"})
    finally:
        r.stop()


def test_example_new_informer(source):
    deleted = []
    _, c = cache.new_informer(
        source,
        corev1.Pod(),
        0.1,
        cache.ResourceEventHandlerDetailedFuncs(
            add_func=lambda obj, initial: source.delete(obj),
            delete_func=lambda obj: deleted.append(cache.deletion_handling_meta_namespace_key_func(obj)),
        ),
    )
    r = Runner(c)
    try:
        for name in ["a-hello", "b-controller", "c-framework"]:
            source.add(_pod(name))
        # a resync may delete an object twice: the set of deleted keys is what counts
        assert _eventually(lambda: set(deleted) == {"a-hello", "b-controller", "c-framework"})
    finally:
        r.stop()


def test_hammer_controller(source):
    """Three writers churn the source; each key's calls form a valid history and the store ends equal to it."""
    lock = threading.Lock()
    output = {}

    def record(event, obj):
        key = cache.deletion_handling_meta_namespace_key_func(obj)
        with lock:
            output.setdefault(key, []).append(event)

    store, c = cache.new_informer(
        source,
        corev1.Pod(),
        0.1,
        cache.ResourceEventHandlerDetailedFuncs(
            add_func=lambda obj, initial: record("add", obj),
            update_func=lambda old, new: record("update", new),
            delete_func=lambda obj: record("delete", obj),
        ),
    )
    assert not c.has_synced()
    r = Runner(c)
    try:
        assert cache.wait_for_cache_sync(r.ctx, c.has_synced)

        def writer(seed):
            rnd = random.Random(seed)
            current = set()
            for i in range(100):
                if not current or rnd.randrange(3) == 1:
                    name = f"{seed}-{i}"
                    current.add(name)
                    source.add(_pod(name, ns="default"))
                    continue
                name = rnd.choice(sorted(current))
                if rnd.randrange(2) == 0:
                    source.modify(_pod(name, ns="default"))
                else:
                    current.discard(name)
                    source.delete(_pod(name, ns="default"))

        writers = [threading.Thread(target=writer, args=(i,)) for i in range(3)]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        want = sorted(f"{ns}/{name}" for ns, name, _ in source.items)
        assert _eventually(lambda: sorted(store.list_keys()) == want)
    finally:
        r.stop()
    for key, events in output.items():
        assert events[0] == "add", (key, events)
        alive = False
        for e in events:
            assert (e == "add") != alive or e == "update" and alive, (key, events)
            alive = e != "delete"


def test_update_transitions(source):
    allowed = {("from", "to"), ("to", "to"), ("from", "from")}
    watch_started = threading.Event()
    bad = []
    done = []

    def watch_func(options):
        w = source.watch(options)
        watch_started.set()
        return w

    def on_update(old, new):
        pair = (old.metadata.labels["check"], new.metadata.labels["check"])
        if pair not in allowed:
            bad.append((pair, new.metadata.name))
        if new.metadata.labels.get("final") == "true":
            source.delete(new)

    lw = ListWatch(list_func=source.list, watch_func=watch_func)
    _, c = cache.new_informer(
        lw,
        corev1.Pod(),
        0,
        cache.ResourceEventHandlerFuncs(update_func=on_update, delete_func=lambda obj: done.append(obj.metadata.name)),
    )
    r = Runner(c)
    try:
        assert watch_started.wait(TIMEOUT)

        def test(name):
            name = "a-" + name
            source.add(_pod(name, labels={"check": "from"}))
            source.modify(_pod(name, labels={"check": "to", "final": "true"}))

        threads = [threading.Thread(target=test, args=(f"{i}-0",)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert _eventually(lambda: len(done) == 3)
        assert sorted(done) == ["a-0-0", "a-1-0", "a-2-0"] and bad == []
    finally:
        r.stop()


def test_panic_propagated(source):
    def add(obj, initial):
        raise RuntimeError("Just panic.")

    _, c = cache.new_informer(source, corev1.Pod(), 0.1, cache.ResourceEventHandlerDetailedFuncs(add_func=add))
    r = Runner(c)
    try:
        source.add(_pod("test"))
        r.thread.join(TIMEOUT)
        assert not r.thread.is_alive()
        assert isinstance(r.error, RuntimeError) and str(r.error) == "Just panic."
    finally:
        r.stop()


def test_transforming_informer(source):
    def make_pod(name, generation):
        return corev1.Pod(
            metadata=metav1.ObjectMeta(name=name, namespace="namespace", labels={"generation": generation}),
            spec=corev1.PodSpec(hostname="hostname", subdomain="subdomain"),
        )

    def expected(name, generation):
        p = make_pod(name, generation)
        p.spec.hostname = "new-hostname"
        p.spec.subdomain = ""
        p.spec.nodeName = "nodename"
        return p

    def transform(obj):
        if not isinstance(obj, corev1.Pod):
            raise TypeError(f"unexpected object type: {type(obj)}")
        obj.spec.hostname = "new-hostname"
        obj.spec.subdomain = ""
        obj.spec.nodeName = "nodename"
        obj.metadata.resourceVersion = ""
        return obj

    source.add(make_pod("pod1", "1"))
    source.modify(make_pod("pod1", "2"))
    events = []
    cond = threading.Condition()

    def record(t, prev, cur):
        with cond:
            events.append((t, prev, cur))
            cond.notify_all()

    def verify(t, prev, cur):
        with cond:
            assert cond.wait_for(lambda: events, TIMEOUT)
            assert events.pop(0) == (t, prev, cur)

    store, c = cache.new_transforming_informer(
        source,
        corev1.Pod(),
        0,
        cache.ResourceEventHandlerDetailedFuncs(
            add_func=lambda obj, initial: record(watch.Added, None, obj),
            update_func=lambda old, new: record(watch.Modified, old, new),
            delete_func=lambda obj: record(watch.Deleted, obj, None),
        ),
        transform,
    )

    def verify_store(*want):
        items = store.list()
        assert len(items) == len(want) and all(w in items for w in want)

    r = Runner(c)
    try:
        verify(watch.Added, None, expected("pod1", "2"))
        verify_store(expected("pod1", "2"))
        source.add(make_pod("pod2", "1"))
        verify(watch.Added, None, expected("pod2", "1"))
        verify_store(expected("pod1", "2"), expected("pod2", "1"))
        source.add(make_pod("pod3", "1"))
        verify(watch.Added, None, expected("pod3", "1"))
        source.modify(make_pod("pod2", "2"))
        verify(watch.Modified, expected("pod2", "1"), expected("pod2", "2"))
        source.delete(make_pod("pod1", "2"))
        verify(watch.Deleted, expected("pod1", "2"), None)
        verify_store(expected("pod2", "2"), expected("pod3", "1"))
    finally:
        r.stop()


def test_transforming_informer_race(source):
    """Resyncs every 5 ms while readers fetch every object: an object is transformed once (a resync or replace never
    hands the store's own object back to the transform) and readers always see the transformed state."""
    label = "to-be-transformed"
    bad_transform = []

    def transform(obj):
        if not isinstance(obj, corev1.Pod):
            raise TypeError(f"unexpected object type: {type(obj)}")
        if obj.metadata.labels[label] != "true":
            bad_transform.append(obj.metadata.name)
            raise ValueError(f"object already transformed: {obj.metadata.name}")
        obj.metadata.labels[label] = "false"
        return obj

    num_objs = 5
    for i in range(num_objs):
        source.add(
            corev1.Pod(
                metadata=metav1.ObjectMeta(name=f"pod-{i}", namespace="namespace", labels={label: "true"}),
                spec=corev1.PodSpec(hostname="hostname"),
            )
        )
    events = []
    store, c = cache.new_transforming_informer(
        source,
        corev1.Pod(),
        0.005,
        cache.ResourceEventHandlerDetailedFuncs(
            add_func=lambda obj, initial: events.append(watch.Added),
            update_func=lambda old, new: events.append(watch.Modified),
            delete_func=lambda obj: events.append(watch.Deleted),
        ),
        transform,
    )
    r = Runner(c)
    errors = []
    readers = []
    try:
        assert _eventually(lambda: events.count(watch.Added) == num_objs)
        reading = threading.Event()
        reading.set()

        def read(key):
            while reading.is_set():
                obj, ok = store.get_by_key(key)
                if not ok:
                    errors.append(f"couldn't get the object for {key}")
                    return
                if obj.metadata.labels[label] != "false":
                    errors.append(f"unexpected object: {obj}")
                    return

        readers = [
            threading.Thread(target=read, args=(f"namespace/pod-{i}",), name=f"reader {i}") for i in range(num_objs)
        ]
        for t in readers:
            t.start()
        assert _eventually(lambda: events.count(watch.Modified) >= 3 * num_objs)  # resyncs happened
        time.sleep(0.3)
    finally:
        reading.clear()
        for t in readers:
            t.join(TIMEOUT)
        r.stop()
    assert errors == []
    assert bad_transform == []
    assert r.error is None
    assert watch.Deleted not in events


@pytest.mark.parametrize(
    "obj,want",
    [
        (cache.DeletedFinalStateUnknown(key="ns/name", obj=None), ("ns", "name")),
        (cache.DeletedFinalStateUnknown(key="name", obj=None), ("", "name")),
        (_pod("name", ns="ns"), ("ns", "name")),
    ],
)
def test_deletion_handling_object_to_name(obj, want):
    name = cache.deletion_handling_object_to_name(obj)
    assert (name.namespace, name.name) == want


# ---------------------------------------------------------------------------------------------------------------
# process_deltas_in_batch


class MockTxnStore:
    """A store whose transaction fails for the given objects."""

    def __init__(self, failing):
        self.store = cache.new_store(cache.meta_namespace_key_func)
        self.failing = failing
        self.succeed_count = 0

    def get(self, obj):
        return self.store.get(obj)

    def transaction(self, *txns):
        successful, errs = [], []
        for i, txn in enumerate(txns):
            for fail in self.failing:
                if fail == txn.object:
                    errs.append(RuntimeError("test error"))
                else:
                    successful.append(i)
        if errs:
            self.succeed_count = len(successful)
            raise cache.TransactionError(successful, len(txns), errs)
        self.succeed_count = len(txns)


def _cm(name):
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name, namespace="testnamespace"))


@pytest.mark.parametrize(
    "deltas,failing,want_objs,want_count,want_err",
    [
        ([_cm("testname1")], [], [_cm("testname1")], 1, None),
        ([_cm("testname1")], [_cm("testname1")], [], 0, "failed to execute (1/1) transactions"),
        (
            [_cm("testname1"), _cm("testname2")],
            [_cm("testname2")],
            [_cm("testname1")],
            1,
            "failed to execute (1/2) transactions",
        ),
        (
            [_cm("testname1"), _cm("testname2"), _cm("testname3")],
            [_cm("testname2")],
            [_cm("testname1"), _cm("testname3")],
            2,
            "failed to execute (1/3) transactions",
        ),
    ],
)
def test_process_deltas_in_batch(deltas, failing, want_objs, want_count, want_err):
    store = MockTxnStore(failing)
    got = []
    handler = cache.ResourceEventHandlerFuncs(
        add_func=got.append, update_func=lambda o, n: got.append(n), delete_func=got.append
    )
    batch = [cache.Delta(cache.Added, o) for o in deltas]
    if want_err is None:
        ctrl.process_deltas_in_batch(handler, store, batch, True, cache.deletion_handling_meta_namespace_key_func)
    else:
        with pytest.raises(ctrl.ProcessError, match=want_err.replace("(", r"\(").replace(")", r"\)")):
            ctrl.process_deltas_in_batch(handler, store, batch, True, cache.deletion_handling_meta_namespace_key_func)
    assert store.succeed_count == want_count
    assert got == want_objs


# ---------------------------------------------------------------------------------------------------------------
# the replace sequence, atomic and not


class EventRecorder:
    """Records (action, key, event RV, store RV, is_in_initial_list) for each call, as client-go's test does."""

    def __init__(self, store, key_func):
        self.store = store
        self.key_func = key_func
        self.cond = threading.Condition()
        self.history = []

    def on_add(self, obj, is_in_initial_list):
        self._record("add", obj, is_in_initial_list)

    def on_update(self, old, obj):
        self._record("update", obj, False)

    def on_delete(self, obj):
        self._record("delete", obj, False)

    def _record(self, action, obj, initial):
        with self.cond:
            key = self.key_func(obj)
            if isinstance(obj, cache.DeletedFinalStateUnknown):
                obj = obj.obj
            try:
                event_rv = meta.accessor(obj).get_resource_version()
            except Exception:  # noqa: BLE001 - not an object
                event_rv = ""
            store_obj, exists = self.store.get_by_key(key)
            store_rv = ""
            if exists:
                try:
                    store_rv = meta.accessor(store_obj).get_resource_version()
                except Exception:  # noqa: BLE001
                    pass
            self.history.append((action, key, event_rv, store_rv, initial))
            self.cond.notify_all()

    def clear(self):
        with self.cond:
            self.history = []

    def get(self):
        with self.cond:
            return list(self.history)

    def wait_for_count(self, n, timeout=5.0):
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.history) >= n, timeout), self.history


def _controller_over(
    source, atomic, key_func=cache.deletion_handling_meta_namespace_key_func, transformer=None, fifo_key_func=None
):
    store = cache.new_store(key_func)
    options = rf.RealFIFOOptions(atomic_events=atomic, transformer=transformer, key_function=fifo_key_func)
    if not atomic:
        options.known_objects = store
    fifo = rf.new_real_fifo_with_options(options)
    recorder = EventRecorder(store, key_func)

    def process(obj, initial):
        ctrl.process_deltas(recorder, store, obj, initial, key_func)

    def process_batch(deltas, initial):
        ctrl.process_deltas_in_batch(recorder, store, deltas, initial, key_func)

    c = ctrl.new(
        ctrl.Config(
            queue=fifo, lister_watcher=source, object_type=corev1.Pod(), process=process, process_batch=process_batch
        )
    )
    return store, fifo, recorder, c


REPLACE_CASES = [
    (
        "Create with no initial objects",
        [],
        [_pod("pod-1", "default", "1")],
        "1",
        [("add", "default/pod-1", "1", "1", False)],
    ),
    (
        "Delete all objects",
        [_pod("pod-1", "default", "1"), _pod("pod-3", "default", "2")],
        [],
        "2",
        [("delete", "default/pod-1", "1", "", False), ("delete", "default/pod-3", "2", "", False)],
    ),
    (
        "Create, update, delete",
        [_pod("pod-1", "default", "1"), _pod("pod-2", "default", "2", {"ver": "1"}), _pod("pod-3", "default", "3")],
        [_pod("pod-1", "default", "4"), _pod("pod-2", "default", "5", {"ver": "2"}), _pod("pod-4", "default", "6")],
        "6",
        [
            ("delete", "default/pod-3", "3", "", False),
            ("update", "default/pod-1", "4", "4", False),
            ("update", "default/pod-2", "5", "5", False),
            ("add", "default/pod-4", "6", "6", False),
        ],
    ),
]


@pytest.mark.parametrize("atomic", [False, True])
def test_replace_events(source, atomic):
    store, fifo, recorder, c = _controller_over(source, atomic)
    r = Runner(c)
    try:
        assert cache.wait_for_cache_sync(r.ctx, c.has_synced)
        for name, initial, replaced, rv, want in REPLACE_CASES:
            recorder.clear()
            for obj in initial:
                fifo.add(obj)
            recorder.wait_for_count(len(initial))
            recorder.clear()
            fifo.replace([o.deep_copy() for o in replaced], rv)
            recorder.wait_for_count(len(want))
            items = sorted(store.list(), key=cache.deletion_handling_meta_namespace_key_func)
            assert items == replaced, name
            history = recorder.get()
            deletes = sorted(h for h in history if h[0] == "delete")
            assert deletes + [h for h in history if h[0] != "delete"] == want, name
    finally:
        r.stop()


@pytest.mark.parametrize("atomic", [False, True])
def test_reset_watch(source, atomic):
    source.add(_pod("pod-1", "default"))
    store, fifo, recorder, c = _controller_over(source, atomic)
    r = Runner(c)
    try:
        assert cache.wait_for_cache_sync(r.ctx, c.has_synced)
        recorder.wait_for_count(1)
        assert [(h[0], h[1], h[4]) for h in recorder.get()] == [("add", "default/pod-1", True)]
        recorder.clear()
        source.modify_drop_watch(_pod("pod-1", "default"))
        source.add_drop_watch(_pod("pod-2", "default"))
        source.reset_watch()  # the watch ends, re-watching from its RV is 410 Gone: a relist
        recorder.wait_for_count(2)
        assert sorted((h[0], h[1], h[4]) for h in recorder.get()) == [
            ("add", "default/pod-2", False),
            ("update", "default/pod-1", False),
        ]
    finally:
        r.stop()


def test_store_resource_version(source):
    source.add(_pod("pod-1", "default"))
    store, fifo, recorder, c = _controller_over(source, True)
    r = Runner(c)
    try:
        assert cache.wait_for_cache_sync(r.ctx, c.has_synced)
        recorder.wait_for_count(1)
        assert [(h[0], h[1], h[4]) for h in recorder.get()] == [("add", "default/pod-1", True)]
        recorder.clear()
        source.modify(_pod("pod-1", "default", labels={"foo": "bar"}))
        recorder.wait_for_count(1)
        assert recorder.get()[0][2] == store.last_store_sync_resource_version()
        recorder.clear()
        source.delete(_pod("pod-1", "default"))
        recorder.wait_for_count(1)
        assert recorder.get()[0][2] == store.last_store_sync_resource_version()
    finally:
        r.stop()


def test_store_resource_version_with_non_meta_transform(source):
    source.add(_pod("pod-1", "default"))

    def key_func(obj):
        return "pod-1"

    def transformer(obj):
        if not isinstance(obj, corev1.Pod):
            raise TypeError(f"expected *v1.Pod, got {type(obj)}")
        return obj.metadata.name

    store, fifo, recorder, c = _controller_over(source, True, key_func, transformer, key_func)
    r = Runner(c)
    try:
        assert cache.wait_for_cache_sync(r.ctx, c.has_synced)
        recorder.wait_for_count(1)
        assert [(h[0], h[1], h[4]) for h in recorder.get()] == [("add", "pod-1", True)]
        replace_rv = store.last_store_sync_resource_version()
        recorder.clear()
        source.modify(_pod("pod-1", "default", labels={"foo": "bar"}))
        recorder.wait_for_count(1)
        assert store.last_store_sync_resource_version() == replace_rv
        recorder.clear()
        source.modify_drop_watch(_pod("pod-1", "default", labels={"foo": "bar2"}))
        source.reset_watch()
        recorder.wait_for_count(1)
        assert store.last_store_sync_resource_version() == "3"
    finally:
        r.stop()


def test_controller_last_sync_resource_version(source):
    source.add(_pod("a"))
    source.add(_pod("b"))
    _, c = cache.new_informer(source, corev1.Pod(), 0, cache.ResourceEventHandlerFuncs())
    assert c.last_sync_resource_version() == ""
    r = Runner(c)
    try:
        assert cache.wait_for_cache_sync(r.ctx, c.has_synced)
        assert c.last_sync_resource_version() == "2"
    finally:
        r.stop()
