"""util/consistencydetector: client-go's data_consistency_detector_test.go cases, and the reflector's check."""

import threading

import pytest

from kubernetes_py import context, features
from kubernetes_py.api.core import v1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.tools import cache
from kubernetes_py.util import consistencydetector as cd


def make_pod(name, rv):
    return v1.Pod(metadata=metav1.ObjectMeta(name=name, resourceVersion=rv, uid=name))


def pod_list(rv, *pods):
    return v1.PodList(metadata=metav1.ListMeta(resourceVersion=rv), items=list(pods))


def make_unstructured(version, kind, name):
    return unstructured.Unstructured({"apiVersion": version, "kind": kind, "metadata": {"name": name}})


class ListWrapper:
    def __init__(self, response):
        self.counter = 0
        self.request_options = []
        self.response = response

    def list(self, ctx, opts):
        self.counter += 1
        self.request_options.append(opts)
        return self.response


EXACT = metav1.ResourceVersionMatchExact
SCENARIOS = [
    (
        "data consistency check won't panic when data is consistent",
        "2",
        pod_list("2", make_pod("p1", "1"), make_pod("p2", "2")),
        metav1.ListOptions(timeoutSeconds=39),
        [make_pod("p1", "1"), make_pod("p2", "2")],
        1,
        [metav1.ListOptions(resourceVersion="2", resourceVersionMatch=EXACT, timeoutSeconds=39)],
        False,
    ),
    (
        "data consistency check works with unstructured data (dynamic client)",
        "2",
        unstructured.UnstructuredList(
            {"apiVersion": "vTest", "kind": "rTestList"},
            [make_unstructured("vTest", "rTest", "item1"), make_unstructured("vTest", "rTest", "item2")],
        ),
        metav1.ListOptions(timeoutSeconds=39),
        [make_unstructured("vTest", "rTest", "item1"), make_unstructured("vTest", "rTest", "item2")],
        1,
        [metav1.ListOptions(resourceVersion="2", resourceVersionMatch=EXACT, timeoutSeconds=39)],
        False,
    ),
    (
        "legacy, the limit is removed from the list options when it wasn't honored by the watch cache",
        "2",
        pod_list("2", make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")),
        metav1.ListOptions(resourceVersion="0", limit=2),
        [make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")],
        1,
        [metav1.ListOptions(resourceVersion="2", resourceVersionMatch=EXACT)],
        False,
    ),
    (
        "the limit is NOT removed from the list options for non-legacy request",
        "2",
        pod_list("2", make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")),
        metav1.ListOptions(resourceVersion="2", limit=2),
        [make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")],
        1,
        [metav1.ListOptions(limit=2, resourceVersion="2", resourceVersionMatch=EXACT)],
        False,
    ),
    (
        "legacy, the limit is NOT removed from the list options when the watch cache is disabled",
        "2",
        pod_list("2", make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")),
        metav1.ListOptions(resourceVersion="0", limit=5),
        [make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")],
        1,
        [metav1.ListOptions(limit=5, resourceVersion="2", resourceVersionMatch=EXACT)],
        False,
    ),
    (
        "data consistency check won't panic when there is no data",
        "2",
        pod_list("2"),
        metav1.ListOptions(timeoutSeconds=39),
        [],
        1,
        [metav1.ListOptions(resourceVersion="2", resourceVersionMatch=EXACT, timeoutSeconds=39)],
        False,
    ),
    (
        "data consistency check won't be performed when Continuation was set",
        "",
        None,
        metav1.ListOptions(continue_="fake continuation token"),
        [],
        0,
        [],
        False,
    ),
    (
        "data consistency check won't be performed when ResourceVersion was set to 0",
        "0",
        pod_list("0", make_pod("p1", "1"), make_pod("p2", "2")),
        metav1.ListOptions(),
        [],
        0,
        [],
        False,
    ),
    (
        "data consistency panics when data is inconsistent",
        "2",
        pod_list("2", make_pod("p1", "1"), make_pod("p2", "2"), make_pod("p3", "3")),
        metav1.ListOptions(timeoutSeconds=39),
        [make_pod("p1", "1"), make_pod("p2", "2")],
        1,
        [metav1.ListOptions(resourceVersion="2", resourceVersionMatch=EXACT, timeoutSeconds=39)],
        True,
    ),
]


@pytest.mark.parametrize(
    "name,last_rv,response,options,retrieved,want_lists,want_options,want_panic",
    SCENARIOS,
    ids=[s[0] for s in SCENARIOS],
)
def test_data_consistency_checker(name, last_rv, response, options, retrieved, want_lists, want_options, want_panic):
    lister = ListWrapper(response if response is not None else v1.PodList())
    if want_panic:
        with pytest.raises(cd.DataInconsistencyPanic, match="^data inconsistency detected for , panicking!$"):
            cd.check_data_consistency(context.todo(), "", last_rv, lister.list, None, options, lambda: retrieved)
    else:
        cd.check_data_consistency(context.todo(), "", last_rv, lister.list, None, options, lambda: retrieved)
    assert lister.counter == want_lists
    assert lister.request_options == want_options


def test_data_consistency_checker_retry():
    calls = [0]

    def failing_list(ctx, opts):
        calls[0] += 1
        if calls[0] == 2:
            return v1.PodList()
        raise RuntimeError("nasty error")

    cd.check_data_consistency(context.todo(), "", "", failing_list, None, metav1.ListOptions(), lambda: None)
    assert calls[0] == 2


def test_off_by_default_and_switchable():
    restore = cd.set_data_consistency_detection_for_watch_list_enabled_for_test(True)
    assert cd.is_data_consistency_detection_for_watch_list_enabled()
    restore()
    assert not cd.is_data_consistency_detection_for_watch_list_enabled()


@pytest.mark.parametrize("transformer_enabled", [False, True])
def test_reflector_data_consistency_detector(transformer_enabled):
    def mark_transformed(obj):
        pod = obj.deep_copy()
        pod.metadata.labels["transformed"] = "true"
        return pod

    restore = cd.set_data_consistency_detection_for_watch_list_enabled_for_test(True)
    producers = []
    lists = []

    def watch_func(options):
        w = watch.new_fake()

        def produce():
            w.add(v1.Pod(metadata=metav1.ObjectMeta(name="pod-1", resourceVersion="1")))
            w.action(
                watch.Bookmark,
                v1.Pod(
                    metadata=metav1.ObjectMeta(
                        name="pod-1", resourceVersion="1", annotations={metav1.InitialEventsAnnotationKey: "true"}
                    )
                ),
            )

        t = threading.Thread(target=produce, daemon=True)
        producers.append(t)
        t.start()
        return w

    def list_func(options):
        lists.append(options)
        return v1.PodList(
            metadata=metav1.ListMeta(resourceVersion="1"),
            items=[v1.Pod(metadata=metav1.ObjectMeta(name="pod-1", resourceVersion="1"))],
        )

    try:
        store = cache.new_store(cache.meta_namespace_key_func)
        fifo = cache.new_real_fifo_with_options(
            cache.RealFIFOOptions(
                key_function=cache.meta_namespace_key_func,
                known_objects=store,
                transformer=mark_transformed if transformer_enabled else None,
            )
        )
        with set_feature_during_test(features.WatchListClient, True):
            r = cache.new_reflector(cache.ListWatch(list_func=list_func, watch_func=watch_func), v1.Pod(), fifo, 0)
        ctx, cancel = context.with_cancel(context.background())

        def cancel_when_synced():
            import time

            deadline = time.monotonic() + 5
            while r.last_sync_resource_version() == "" and time.monotonic() < deadline:
                time.sleep(0.01)
            cancel()

        canceller = threading.Thread(target=cancel_when_synced, daemon=True)
        canceller.start()
        r.list_and_watch_with_context(ctx)
        canceller.join(5)
        for t in producers:
            t.join(5)
    finally:
        restore()
    # The check listed once, at exactly the streamed resourceVersion, and found the same (transformed) pod.
    assert lists == [metav1.ListOptions(resourceVersion="1", resourceVersionMatch=EXACT)]
    assert r.last_sync_resource_version() == "1"


def test_reflector_panics_when_the_stream_and_the_list_disagree():
    restore = cd.set_data_consistency_detection_for_watch_list_enabled_for_test(True)
    watchers = []

    def watch_func(options):
        w = watch.new_fake_with_chan_size(2)
        w.add(make_pod("pod-1", "1"))
        w.action(
            watch.Bookmark,
            v1.Pod(
                metadata=metav1.ObjectMeta(resourceVersion="2", annotations={metav1.InitialEventsAnnotationKey: "true"})
            ),
        )
        watchers.append(w)
        return w

    def list_func(options):
        return pod_list("2", make_pod("pod-1", "1"), make_pod("pod-2", "2"))

    try:
        store = cache.new_store(cache.meta_namespace_key_func)
        with set_feature_during_test(features.WatchListClient, True):
            r = cache.new_reflector(cache.ListWatch(list_func=list_func, watch_func=watch_func), v1.Pod(), store, 0)
        with pytest.raises(cd.DataInconsistencyPanic):
            r.list_and_watch_with_context(context.background())
    finally:
        restore()
    # Nothing reached the store, and the stream was closed.
    assert store.list() == [] and watchers[0].is_stopped()
