"""The per-event shortcuts of the informer path give what the general code gives: keys, index values and
resourceVersions read straight from an API message's metadata, the processor listener taking its buffer at once,
and the frame readers reading a raw stream into one scratch buffer."""

from __future__ import annotations

import io
import random
import struct
import threading
import time

from kubernetes_py import context
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.serializer import _frames
from kubernetes_py.tools.cache import _accessor, index, store
from kubernetes_py.tools.cache import controller as ctrl
from kubernetes_py.tools.cache import shared_informer as si

TIMEOUT = 10.0

context.with_timeout(context.background(), 3600)[1]()  # the shared deadline thread, started before leak checks


class _Checker:
    def __init__(self):
        self._done = threading.Event()
        self._done.set()

    def name(self):
        return "checker"

    def done(self):
        return self._done


def _general_key(obj) -> str:
    m = _accessor.accessor(obj)
    return f"{m.get_namespace()}/{m.get_name()}" if m.get_namespace() else m.get_name()


def test_keys_index_values_and_resource_versions_as_the_accessor_gives_them():
    objs = [
        corev1.Pod(metadata=metav1.ObjectMeta(name="p", namespace="ns", resourceVersion="5")),
        corev1.Pod(metadata=metav1.ObjectMeta(name="cluster-wide")),
        corev1.Node(metadata=metav1.ObjectMeta(name="n", resourceVersion="9")),
        appsv1.Deployment(metadata=metav1.ObjectMeta(name="d", namespace="kube-system")),
        corev1.Pod(),
    ]
    for obj in objs:
        assert _accessor.has_plain_metadata(type(obj))
        m = _accessor.accessor(obj)
        assert store.meta_namespace_key_func(obj) == _general_key(obj)
        assert index.meta_namespace_index_func(obj) == [m.get_namespace()]
        assert si._resource_version(obj) == m.get_resource_version()
    u = unstructured.Unstructured({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "u", "namespace": "x"}})
    assert not _accessor.has_plain_metadata(type(u))
    assert store.meta_namespace_key_func(u) == "x/u" and index.meta_namespace_index_func(u) == ["x"]
    assert store.meta_namespace_key_func(store.ExplicitKey("a/b")) == "a/b"
    assert not _accessor.has_plain_metadata(store.ExplicitKey)


def test_the_listener_delivers_everything_in_order_once_under_a_busy_producer():
    """Invariant: taken at once or one by one, notifications reach the handler in the order they were added,
    each once, while producers add concurrently and the handler is now fast, now slow."""
    seen: list[tuple[int, int]] = []
    rng = random.Random(3)

    def on_add(obj, _initial):
        seen.append(obj)
        if rng.random() < 0.002:
            time.sleep(0.002)

    pl = si.new_process_listener(
        None, ctrl.ResourceEventHandlerDetailedFuncs(add_func=on_add), 0, 0, 0.0, si.initialBufferSize, _Checker()
    )
    thread = pl.start("handler under load")
    per_producer = 20000

    def produce(p: int) -> None:
        for i in range(per_producer):
            pl.add(si._AddNotification((p, i), False))
            if i % 5000 == 0:
                time.sleep(0.001)

    producers = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(3)]
    for t in producers:
        t.start()
    for t in producers:
        t.join(TIMEOUT)
    deadline = time.monotonic() + TIMEOUT
    while len(seen) < 3 * per_producer and time.monotonic() < deadline:
        time.sleep(0.005)
    assert pl.pending_notifications() == 0
    pl.close()
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert len(seen) == 3 * per_producer
    for p in range(3):
        assert [i for q, i in seen if q == p] == list(range(per_producer))


def test_the_listener_counts_what_it_took_as_pending_and_drops_it_on_close():
    gate = threading.Event()
    entered = threading.Event()
    seen = []

    def on_add(obj, _initial):
        seen.append(obj)
        entered.set()
        gate.wait(TIMEOUT)

    pl = si.new_process_listener(
        None, ctrl.ResourceEventHandlerDetailedFuncs(add_func=on_add), 0, 0, 0.0, si.initialBufferSize, _Checker()
    )
    for i in range(5):
        pl.add(si._AddNotification(i, False))
    thread = pl.start("handler")
    assert entered.wait(TIMEOUT)
    pl.add(si._AddNotification(5, False))
    assert pl.pending_notifications() == 5  # four taken with the first, one added since
    pl.close()
    gate.set()
    thread.join(TIMEOUT)
    assert not thread.is_alive() and seen == [0]


class _Raw(io.RawIOBase):
    """A raw stream handing out its bytes in reads of the sizes given, in turn."""

    def __init__(self, data: bytes, sizes: list[int]):
        self._data, self._sizes, self._pos, self._i = data, sizes, 0, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self._sizes[self._i % len(self._sizes)], len(self._data) - self._pos)
        self._i += 1
        b[:n] = self._data[self._pos : self._pos + n]
        self._pos += n
        return n


def test_frame_readers_over_a_raw_stream_read_every_frame_whatever_the_read_sizes():
    frames = [bytes([i % 251]) * (i * 37 % 9000 + 1) for i in range(200)]
    delimited = b"".join(struct.pack(">I", len(f)) + f for f in frames)
    for sizes in ([1], [3, 70000, 5], [65536], [4096, 1]):
        reader = _frames.LengthDelimitedFrameReader(_Raw(delimited, sizes))
        assert [reader.read_frame() for _ in frames] == frames
        try:
            reader.read_frame()
        except EOFError as err:
            assert type(err) is EOFError
        else:
            raise AssertionError("no EOF")
    docs = [b'{"a": %d, "s": "%s"}' % (i, b"x}" * i) for i in range(300)]
    reader = _frames.JSONFrameReader(_Raw(b"\n".join(docs), [7, 100, 65536]))
    assert [reader.read_frame() for _ in docs] == docs


def test_the_real_fifo_wakes_its_waiting_consumer_and_loses_nothing_under_load():
    """Invariant: an add notifies only while a pop waits, and a waiting pop is always woken: every delta is popped
    once, in order per key, whether the consumer was busy or waiting when it was added."""
    from kubernetes_py.tools.cache.the_real_fifo import RealFIFO, RealFIFOOptions

    q = RealFIFO(RealFIFOOptions(key_function=lambda o: o[0], atomic_events=True, unlock_while_processing=True))
    per_key, keys = 3000, 4
    got: dict[str, list[int]] = {f"k{k}": [] for k in range(keys)}
    total = [0]

    def take(deltas, _initial):
        for d in deltas:
            got[d.object[0]].append(d.object[1])
        total[0] += len(deltas)

    def consume():
        from kubernetes_py.tools.cache.fifo import ErrFIFOClosed

        try:
            while total[0] < per_key * keys:
                q.pop_batch(take, take)
        except ErrFIFOClosed:
            pass

    consumer = threading.Thread(target=consume, name="fifo consumer")
    consumer.start()
    rng = random.Random(5)

    def produce(k: int) -> None:
        for i in range(per_key):
            q.update((f"k{k}", i))
            if rng.random() < 0.003:
                time.sleep(0.001)  # the consumer catches up and waits

    producers = [threading.Thread(target=produce, args=(k,), name=f"producer {k}") for k in range(keys)]
    for t in producers:
        t.start()
    for t in producers:
        t.join(TIMEOUT)
    consumer.join(TIMEOUT)
    q.close()
    consumer.join(TIMEOUT)
    assert not consumer.is_alive()
    assert all(seq == list(range(per_key)) for seq in got.values())


def test_without_the_schema_mixin_keys_take_the_long_way(monkeypatch):
    from kubernetes_py._schema import _object

    monkeypatch.setattr(_accessor, "_PLAIN_METADATA_TYPES", {})
    monkeypatch.setattr(store, "_PLAIN_METADATA_TYPES", _accessor._PLAIN_METADATA_TYPES)
    monkeypatch.delattr(_object, "ObjectWithMetaMethods")
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="p", namespace="ns"))
    assert not _accessor.has_plain_metadata(corev1.Pod)
    assert store.meta_namespace_key_func(pod) == "ns/p"


def test_an_informers_batches_reach_every_handler_in_order_once_under_load(monkeypatch):
    """Invariant: the notifications of a batch of deltas are distributed together after the batch is in the cache,
    each listener taking its share at once; every handler (a slow one too) gets every change once, in the order
    of the changes, and replaying its calls gives the informer's final cache. Batches of several deltas occur."""
    from kubernetes_py.tools import cache
    from kubernetes_py.tools.cache.testing import new_fake_controller_source

    batch_sizes: list[int] = []
    distribute_all = si._SharedProcessor.distribute_all

    def spy(self, items):
        batch_sizes.append(len(items))
        distribute_all(self, items)

    monkeypatch.setattr(si._SharedProcessor, "distribute_all", spy)
    source = new_fake_controller_source()
    informer = cache.new_shared_informer(source, corev1.Pod(), 0)
    handlers: list[list[tuple[str, str, str]]] = [[], [], []]
    rng = random.Random(11)

    def funcs(seen: list[tuple[str, str, str]], slow: bool) -> cache.ResourceEventHandlerFuncs:
        def record(kind: str, obj) -> None:
            seen.append((kind, obj.metadata.name, obj.metadata.resourceVersion))
            if slow and rng.random() < 0.02:
                time.sleep(0.001)

        return cache.ResourceEventHandlerFuncs(
            add_func=lambda o: record("add", o),
            update_func=lambda _old, o: record("update", o),
            delete_func=lambda o: record("delete", o),
        )

    for i, seen in enumerate(handlers):
        informer.add_event_handler(funcs(seen, slow=i == 0))
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,), name="informer under load")
    runner.start()
    try:
        assert cache.wait_for_cache_sync(stop, informer.has_synced)
        names = [f"p{i}" for i in range(40)]
        live: set[str] = set()
        for step in range(3000):
            name = names[rng.randrange(len(names))]
            pod = corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace="ns"))
            if name not in live:
                source.add(pod)
                live.add(name)
            elif rng.random() < 0.1:
                source.delete(pod)
                live.discard(name)
            else:
                source.modify(pod)
            if step % 500 == 0:
                time.sleep(0.002)
        want = {p.metadata.name: p.metadata.resourceVersion for p in source.list().items}
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and any(len(h) < len(handlers[1]) or len(h) < 3000 for h in handlers):
            time.sleep(0.005)
    finally:
        stop.set()
        runner.join(TIMEOUT)
        source.shutdown()
    assert not runner.is_alive()
    assert len(handlers[0]) == 3000 and handlers[0] == handlers[1] == handlers[2]
    mirror: dict[str, str] = {}
    for kind, name, rv in handlers[0]:
        assert (kind == "add") == (name not in mirror), (kind, name)
        if kind == "delete":
            del mirror[name]
        else:
            mirror[name] = rv
    assert mirror == want == {p.metadata.name: p.metadata.resourceVersion for p in informer.get_store().list()}
    assert max(batch_sizes) > 1


def test_the_reflector_checks_each_object_as_before_when_types_alternate(caplog):
    """The watch loop skips the per-object checks for a type whose objects passed them (a typed message with
    plain metadata): objects of other types in between (an Unstructured Table it refuses, an Unstructured object)
    are still checked one by one, and every resourceVersion is taken as the long way takes it."""
    from kubernetes_py.apimachinery import watch
    from kubernetes_py.tools.cache import reflector as rf
    from kubernetes_py.tools.cache.the_real_fifo import RealFIFO, RealFIFOOptions
    from kubernetes_py.utils.clock import RealClock

    def pod(name, rv):
        return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace="ns", resourceVersion=rv))

    table = unstructured.Unstructured(
        {"apiVersion": "meta.k8s.io/v1", "kind": "Table", "metadata": {"name": "t", "resourceVersion": "9"}}
    )
    cm = unstructured.Unstructured(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "ns", "resourceVersion": "3"}}
    )
    events = [pod("a", "1"), table, pod("b", "2"), cm, pod("a", "4"), table, pod("b", "5")]

    class Watch:
        def __init__(self):
            self.ch = watch.Chan(len(events))
            for obj in events:
                self.ch.send(watch.Event(watch.Modified, obj))
            self.ch.close()

        def result_chan(self):
            return self.ch

        def stop(self):
            pass

    q = RealFIFO(RealFIFOOptions(key_function=store.meta_namespace_key_func, atomic_events=True))
    rvs: list[str] = []
    with caplog.at_level("ERROR"):
        got = rf.handle_any_watch(
            context.background(),
            time.monotonic(),
            Watch(),
            q,
            None,
            None,
            "test",
            "",
            lambda rv, _: rvs.append(rv),
            False,
            RealClock(),
            rf._ErrCh(),
        )
    assert got == (False, None)
    assert rvs == ["1", "2", "3", "4", "5"]
    assert [(d.object.get_name(), d.object.get_resource_version()) for d in q._items] == [
        ("a", "1"),
        ("b", "2"),
        ("c", "3"),
        ("a", "4"),
        ("b", "5"),
    ]
    assert sum("Unsupported watch event object gvk" in r.getMessage() for r in caplog.records) == 2
