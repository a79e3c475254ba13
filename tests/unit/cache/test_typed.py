"""client-go tools/cache typed_test.go (the type-safe handlers, indexer and informer view) and controller_test.go's
TestDeletedObjectGetObjectName / TestDeletedObjectGetKey, with one informer run delivering typed deletes."""

from __future__ import annotations

import threading

import pytest

from kubernetes_py import context
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import shared_informer as si
from kubernetes_py.tools.cache.testing import new_fake_controller_source

TIMEOUT = 10.0


def _pod(name, namespace="", labels=None):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace=namespace, labels=labels or {}))


class RecordingTypedHandler:
    """A TypedResourceEventHandler of pods that records every call."""

    def __init__(self):
        self.added = []
        self.added_initial = []
        self.updated_old = []
        self.updated_new = []
        self.deleted = []

    def on_add(self, obj, is_in_initial_list):
        self.added.append(obj)
        self.added_initial.append(is_in_initial_list)

    def on_update(self, old_obj, new_obj):
        self.updated_old.append(old_obj)
        self.updated_new.append(new_obj)

    def on_delete(self, obj):
        self.deleted.append(obj)


POD = _pod("pod")
OLD_POD = _pod("old-pod")


# TestTypedResourceEventHandlerFuncs
def test_typed_resource_event_handler_funcs_callbacks_are_invoked():
    added, updated, deleted = [], [], []
    funcs = cache.TypedResourceEventHandlerFuncs[corev1.Pod](
        add_func=added.append,
        update_func=lambda o, n: updated.append((o, n)),
        delete_func=deleted.append,
    )
    funcs.on_add(POD, True)
    assert added == [POD] and added[0] is POD
    funcs.on_update(OLD_POD, POD)
    assert updated == [(OLD_POD, POD)]
    funcs.on_delete(cache.DeletedObject(optional_obj=POD))
    assert len(deleted) == 1 and deleted[0].optional_obj is POD


@pytest.mark.parametrize("cls", [cache.TypedResourceEventHandlerFuncs, cache.TypedResourceEventHandlerDetailedFuncs])
def test_typed_funcs_nil_callbacks_do_nothing(cls):
    funcs = cls()
    funcs.on_add(POD, False)
    funcs.on_update(OLD_POD, POD)
    funcs.on_delete(cache.DeletedObject(optional_obj=POD))


# TestTypedResourceEventHandlerDetailedFuncs
def test_typed_resource_event_handler_detailed_funcs_pass_is_in_initial_list():
    calls = []
    funcs = cache.TypedResourceEventHandlerDetailedFuncs[corev1.Pod](
        add_func=lambda obj, initial: calls.append(("add", obj, initial)),
        update_func=lambda o, n: calls.append(("update", o, n)),
        delete_func=lambda d: calls.append(("delete", d.optional_obj)),
    )
    funcs.on_add(POD, True)
    funcs.on_add(POD, False)
    funcs.on_update(OLD_POD, POD)
    funcs.on_delete(cache.DeletedObject(optional_obj=POD))
    assert calls == [("add", POD, True), ("add", POD, False), ("update", OLD_POD, POD), ("delete", POD)]


# TestTypedFilteringResourceEventHandler
@pytest.mark.parametrize("passes", [True, False], ids=["filter-passes", "filter-fails"])
def test_typed_filtering_on_add(passes):
    handler = RecordingTypedHandler()
    new_pod = _pod("new")
    r = cache.TypedFilteringResourceEventHandler[corev1.Pod](filter_func=lambda obj: passes, handler=handler)
    r.on_add(new_pod, True)
    if passes:
        assert handler.added == [new_pod] and handler.added_initial == [True]
    else:
        assert handler.added == []


@pytest.mark.parametrize("passes", [True, False], ids=["filter-passes", "filter-fails"])
def test_typed_filtering_on_delete(passes):
    handler = RecordingTypedHandler()
    deleted = cache.DeletedObject(optional_obj=_pod("old"))
    r = cache.TypedFilteringResourceEventHandler(filter_func=lambda obj: passes, handler=handler)
    r.on_delete(deleted)
    assert handler.deleted == ([deleted] if passes else [])


def test_typed_filtering_on_delete_filters_the_optional_obj_even_when_none():
    seen = []
    handler = RecordingTypedHandler()
    r = cache.TypedFilteringResourceEventHandler(filter_func=lambda obj: seen.append(obj) or True, handler=handler)
    tomb = cache.DeletedObject(final_state_unknown=cache.DeletedFinalStateUnknown(key="ns/gone"))
    r.on_delete(tomb)
    assert seen == [None]
    assert handler.deleted == [tomb]


@pytest.mark.parametrize(
    "older,newer,want",
    [
        (True, True, "update"),
        (False, True, "add"),
        (True, False, "delete"),
        (False, False, None),
    ],
    ids=["still-passing-to-update", "starts-passing-to-add", "stops-passing-to-delete", "still-failing-to-nothing"],
)
def test_typed_filtering_on_update(older, newer, want):
    old_pod, new_pod = _pod("old"), _pod("new")
    handler = RecordingTypedHandler()

    def filter_func(obj):
        if obj is old_pod:
            return older
        if obj is new_pod:
            return newer
        raise AssertionError(f"unexpected object {obj}")

    r = cache.TypedFilteringResourceEventHandler(filter_func=filter_func, handler=handler)
    r.on_update(old_pod, new_pod)
    if want == "add":
        assert handler.added == [new_pod] and handler.added_initial == [False]
    else:
        assert handler.added == []
    if want == "update":
        assert handler.updated_old == [old_pod] and handler.updated_new == [new_pod]
    else:
        assert handler.updated_new == []
    if want == "delete":
        assert handler.deleted == [cache.DeletedObject(optional_obj=old_pod)]
        assert handler.deleted[0].final_state_unknown is None
    else:
        assert handler.deleted == []


# TestTypedResourceEventHandlerAdapter
def test_typed_resource_event_handler_adapter_add_and_update():
    handler = RecordingTypedHandler()
    adapter = si._TypedResourceEventHandler(handler)
    adapter.on_add(POD, True)
    adapter.on_update(OLD_POD, POD)
    assert handler.added == [POD] and handler.added_initial == [True]
    assert handler.updated_old == [OLD_POD] and handler.updated_new == [POD]


def test_typed_resource_event_handler_adapter_delete_with_a_plain_object():
    handler = RecordingTypedHandler()
    si._TypedResourceEventHandler(handler).on_delete(POD)
    assert len(handler.deleted) == 1
    assert handler.deleted[0].optional_obj is POD
    assert handler.deleted[0].final_state_unknown is None


@pytest.mark.parametrize("with_obj", [True, False], ids=["carrying-an-object", "without-an-object"])
def test_typed_resource_event_handler_adapter_delete_with_a_tombstone(with_obj):
    handler = RecordingTypedHandler()
    tomb = cache.DeletedFinalStateUnknown(key="default/pod", obj=POD if with_obj else None)
    si._TypedResourceEventHandler(handler).on_delete(tomb)
    assert len(handler.deleted) == 1
    got = handler.deleted[0]
    assert got.optional_obj is (POD if with_obj else None)
    assert got.final_state_unknown is tomb
    assert got.final_state_unknown.key == "default/pod"
    assert got.get_key() == "default/pod"


def _foo_indexer():
    pod1 = _pod("pod1", "ns", {"foo": "bar"})
    pod2 = _pod("pod2", "ns", {"foo": "bar"})
    raw = cache.new_indexer(cache.meta_namespace_key_func, {"foo": lambda obj: [obj.metadata.labels["foo"]]})
    raw.add(pod1)
    raw.add(pod2)
    return raw, pod1, pod2


def _keys(objs):
    return sorted(cache.meta_namespace_key_func(o) for o in objs)


# TestTypedIndexer
def test_typed_indexer():
    raw, pod1, pod2 = _foo_indexer()
    typed = si._TypedIndexer(raw)
    assert _keys(typed.typed_index("foo", pod1)) == ["ns/pod1", "ns/pod2"]
    assert _keys(typed.by_typed_index("foo", "bar")) == ["ns/pod1", "ns/pod2"]
    with pytest.raises(Exception, match="^Index with name does-not-exist does not exist$"):
        typed.by_typed_index("does-not-exist", "bar")
    typed.add_typed_indexers(cache.TypedIndexers[corev1.Pod](name=lambda obj: [obj.metadata.name]))
    assert raw.by_index("name", "pod1") == [pod1]
    # the embedded Indexer's own methods
    assert typed.get_by_key("ns/pod2") == (pod2, True)
    assert sorted(typed.list_keys()) == ["ns/pod1", "ns/pod2"]


class FakeSharedIndexInformer:
    """Records the calls the typed view makes; any other method is missing, as Go's nil embedded interface."""

    def __init__(self, indexer=None):
        self.handler_options = []
        self.handlers = []
        self.added_indexers = None
        self.add_indexers_err = None
        self.indexer = indexer

    def add_event_handler_with_options(self, handler, options):
        self.handlers.append(handler)
        self.handler_options.append(options)
        return None

    def add_indexers(self, indexers):
        self.added_indexers = indexers
        if self.add_indexers_err is not None:
            raise self.add_indexers_err

    def get_indexer(self):
        return self.indexer


# TestTypedSharedIndexInformerAddTypedEventHandler
@pytest.mark.parametrize(
    "options,want",
    [
        ((), cache.HandlerOptions()),
        ((cache.HandlerOptions(resync_period=60.0),), cache.HandlerOptions(resync_period=60.0)),
    ],
    ids=["no-options-uses-the-default", "one-option-is-passed-through"],
)
def test_typed_shared_index_informer_add_typed_event_handler(options, want):
    fake = FakeSharedIndexInformer()
    typed = cache.new_typed_shared_index_informer(fake)
    assert typed.add_typed_event_handler(cache.TypedResourceEventHandlerFuncs[corev1.Pod](), *options) is None
    assert fake.handler_options == [want]
    # the handler the informer gets turns a tombstone into a DeletedObject
    handler = RecordingTypedHandler()
    typed.add_typed_event_handler(handler)
    fake.handlers[-1].on_delete(cache.DeletedFinalStateUnknown(key="ns/x", obj=None))
    assert handler.deleted[0].get_object_name() == cache.ObjectName(namespace="ns", name="x")


def test_typed_shared_index_informer_two_options_are_rejected():
    fake = FakeSharedIndexInformer()
    typed = cache.new_typed_shared_index_informer(fake)
    with pytest.raises(ValueError, match="^at most one HandlerOptions may be passed, got 2$"):
        typed.add_typed_event_handler(
            cache.TypedResourceEventHandlerFuncs(), cache.HandlerOptions(), cache.HandlerOptions()
        )
    assert fake.handler_options == []


# TestTypedSharedIndexInformerAddTypedIndexers
def test_typed_shared_index_informer_add_typed_indexers():
    fake = FakeSharedIndexInformer()
    typed = cache.new_typed_shared_index_informer(fake)
    typed.add_typed_indexers({"name": lambda obj: [obj.metadata.name]})
    assert list(fake.added_indexers) == ["name"]
    assert fake.added_indexers["name"](POD) == ["pod"]
    fake.add_indexers_err = RuntimeError("boom")
    with pytest.raises(RuntimeError, match="^boom$"):
        typed.add_typed_indexers({})


# TestTypedSharedIndexInformerGetTypedIndexer
def test_typed_shared_index_informer_get_typed_indexer():
    pod = _pod("pod", "ns")
    raw = cache.new_indexer(cache.meta_namespace_key_func, {"name": lambda obj: [obj.metadata.name]})
    raw.add(pod)
    typed = cache.new_typed_shared_index_informer(FakeSharedIndexInformer(raw))
    typed_indexer = typed.get_typed_indexer()
    assert typed_indexer.typed_index("name", pod) == [pod]
    assert typed_indexer.by_typed_index("name", "pod") == [pod]


def test_typed_shared_index_informer_passes_other_methods_through():
    fake = FakeSharedIndexInformer(cache.new_indexer(cache.meta_namespace_key_func, {}))
    typed = cache.new_typed_shared_index_informer(fake)
    assert typed.get_indexer() is fake.indexer
    with pytest.raises(AttributeError):
        typed.run  # noqa: B018 - the fake has no run, as Go's nil embedded interface


# TestTypedIndexersToIndexers
def test_typed_indexers_to_indexers():
    untyped = cache.typed_indexers_to_indexers({"name": lambda obj: [obj.metadata.name]})
    assert list(untyped) == ["name"]
    assert untyped["name"](POD) == ["pod"]


# controller_test.go TestDeletedObjectGetObjectName and TestDeletedObjectGetKey
def _config_map():
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name="testname", namespace="testnamespace"))


def _deleted_objects(cm):
    key = cache.meta_namespace_key_func(cm)
    return [
        cache.DeletedObject(optional_obj=cm),
        cache.DeletedObject(final_state_unknown=cache.DeletedFinalStateUnknown(key=key, obj=cm)),
        cache.DeletedObject(final_state_unknown=cache.DeletedFinalStateUnknown(key=key, obj=None)),
    ]


def test_deleted_object_get_object_name():
    cm = _config_map()
    expected = cache.object_to_name(cm)
    for deleted in _deleted_objects(cm):
        assert deleted.get_object_name() == expected
    assert cache.DeletedObject().get_object_name() == cache.ObjectName()


def test_deleted_object_get_key():
    cm = _config_map()
    expected = cache.meta_namespace_key_func(cm)
    assert expected == "testnamespace/testname"
    for deleted in _deleted_objects(cm):
        assert deleted.get_key() == expected
    assert cache.DeletedObject().get_key() == ""


@pytest.fixture
def source():
    s = new_fake_controller_source()
    yield s
    s.shutdown()


def test_a_typed_handler_on_a_running_informer_gets_typed_deletes(source):
    """End to end: adds from the initial list, an update, a delete, and a delete missed by the watch that the
    relist turns into a DeletedObject holding the tombstone and the last known object."""
    source.add(_pod("a", "ns"))
    source.add(_pod("b", "ns"))
    informer = cache.new_typed_shared_index_informer(cache.new_shared_index_informer(source, corev1.Pod(), 0, {}))
    calls = []
    got = threading.Condition()

    def record(*call):
        with got:
            calls.append(call)
            got.notify_all()

    def wait_for(n):
        with got:
            assert got.wait_for(lambda: len(calls) >= n, TIMEOUT), calls

    registration = informer.add_typed_event_handler(
        cache.TypedResourceEventHandlerDetailedFuncs[corev1.Pod](
            add_func=lambda obj, initial: record("add", obj.metadata.name, initial),
            update_func=lambda old, new: record("update", new.metadata.name),
            delete_func=lambda d: record("delete", d.get_key(), d.final_state_unknown is not None, d.optional_obj),
        )
    )
    ctx, cancel = context.with_cancel(context.background())
    runner = threading.Thread(target=informer.run_with_context, args=(ctx,), name="typed informer test")
    runner.start()
    try:
        assert cache.wait_for_cache_sync(ctx, registration.has_synced)
        wait_for(2)
        assert sorted(calls) == [("add", "a", True), ("add", "b", True)]
        calls.clear()
        source.modify(_pod("a", "ns", {"x": "y"}))
        wait_for(1)
        source.delete(_pod("a", "ns"))
        wait_for(2)
        assert calls[0] == ("update", "a")
        assert calls[1][:3] == ("delete", "ns/a", False) and calls[1][3].metadata.name == "a"
        calls.clear()
        source.delete_drop_watch(_pod("b", "ns"))
        source.reset_watch()  # the re-watch is 410 Gone: the relist finds b gone
        wait_for(1)
        assert len(calls) == 1 and calls[0][:3] == ("delete", "ns/b", True)
        assert calls[0][3].metadata.name == "b"  # the last state the cache knew
        assert [p.metadata.name for p in informer.get_typed_indexer().list()] == []
    finally:
        cancel()
        runner.join(TIMEOUT)
    assert not runner.is_alive()
