"""The generated SharedInformerFactory over a fake clientset: one shared informer per type, options, start (once
per informer, in a thread each), shutdown (joins them), wait_for_cache_sync's per-type result, for_resource."""

from __future__ import annotations

import threading
import time

import pytest

from kubernetes_py import context, informers
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.informers import internalinterfaces
from kubernetes_py.informers.core import v1 as coreinformers
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import cache

WAIT = 10.0  # seconds any wait in these tests may take at most


def _pod(name, namespace="default", labels_=None):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace=namespace, labels=labels_ or {}))


def _informer_threads():
    return sorted(t.name for t in threading.enumerate() if t.name.startswith("informer "))


def _eventually(check, what):
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


@pytest.fixture
def stop():
    event = threading.Event()
    yield event
    event.set()


def test_one_informer_per_type_and_accessors():
    factory = informers.new_shared_informer_factory(fake.new_simple_clientset(), 0)
    pods = factory.core().v1().pods()
    assert isinstance(pods, coreinformers.PodInformer)
    assert pods.informer() is factory.core().v1().pods().informer()
    assert factory.apps().v1().deployments().informer() is not pods.informer()
    assert factory.apps().v1().deployments().informer() is factory.apps().v1().deployments().informer()
    assert factory.internal().v1alpha1().storage_versions().informer() is not None
    # informer_for keys by the object's type and calls new_func only the first time
    calls = []

    def new_func(client, resync):
        calls.append((client, resync))
        return pods.informer()

    assert factory.informer_for(corev1.Pod(), new_func) is pods.informer()
    assert calls == []
    assert set(pods.informer().get_indexer().get_indexers()) == {cache.NamespaceIndex}


def test_resync_periods_and_transform():
    made = []

    def recording(client, resync):
        informer = coreinformers.new_config_map_informer(client, metav1.NamespaceAll, resync, {})
        made.append(resync)
        return informer

    transform = lambda obj: obj  # noqa: E731
    factory = informers.new_shared_informer_factory_with_options(
        fake.new_simple_clientset(),
        30,
        informers.with_custom_resync_config({corev1.Pod: 5, appsv1.Deployment: 7}),
        informers.with_transform(transform),
    )
    factory.informer_for(corev1.ConfigMap(), recording)
    assert made == [30]
    assert factory.informer_for(corev1.Pod(), lambda c, r: made.append(r) or recording(c, r)) is not None
    assert made[-1] == 5
    factory.informer_for(appsv1.Deployment(), lambda c, r: made.append(r) or recording(c, r))
    assert made[-1] == 7
    assert factory.core().v1().config_maps().informer().transform is transform


def test_start_is_idempotent_and_shutdown_joins(stop):
    cs = fake.new_simple_clientset(_pod("web"))
    factory = informers.new_shared_informer_factory(cs, 0)
    factory.core().v1().pods().informer()
    factory.start(stop)
    factory.start(stop)
    assert _informer_threads() == ["informer *v1.Pod"]
    factory.apps().v1().deployments().informer()
    factory.start(stop)
    assert _informer_threads() == ["informer *v1.Deployment", "informer *v1.Pod"]
    assert factory.wait_for_cache_sync(stop) == {corev1.Pod: True, appsv1.Deployment: True}
    # shutdown waits for the informers, which run until stop is set
    done = threading.Event()
    shutter = threading.Thread(target=lambda: (factory.shutdown(), done.set()), name="test shutdown")
    shutter.start()
    assert not done.wait(0.2)
    stop.set()
    assert done.wait(WAIT)
    shutter.join()
    assert _informer_threads() == []
    factory.shutdown()  # again: returns at once
    # nothing starts once shut down
    factory.core().v1().secrets().informer()
    factory.start(threading.Event())
    assert _informer_threads() == []


def test_shutdown_without_start_returns_at_once():
    factory = informers.new_shared_informer_factory(fake.new_simple_clientset(), 0)
    factory.core().v1().pods().informer()
    factory.shutdown()
    assert _informer_threads() == []


def test_wait_for_cache_sync_reports_each_started_type(stop):
    cs = fake.new_simple_clientset()
    cs.prepend_reactor("list", "secrets", lambda action: (True, None, RuntimeError("no secrets for you")))
    factory = informers.new_shared_informer_factory(cs, 0)
    factory.core().v1().pods().informer()
    factory.core().v1().secrets().informer()
    assert factory.wait_for_cache_sync(stop) == {}  # nothing started yet
    factory.start(stop)
    factory.core().v1().config_maps().informer()  # created after start: not started, not waited for
    ctx, cancel = context.with_timeout(context.background(), 0.5)
    try:
        result = factory.wait_for_cache_sync_with_context(ctx)
    finally:
        cancel()
    assert result.synced == {corev1.Pod: True, corev1.Secret: False}
    assert isinstance(result.err, context.DeadlineExceeded)
    assert str(result.as_error()) == "failed to sync all caches: *v1.Secret: context deadline exceeded"
    already = threading.Event()
    already.set()
    assert factory.wait_for_cache_sync(already) == {corev1.Pod: True, corev1.Secret: False}
    stop.set()
    factory.shutdown()


def test_informer_sees_changes_and_lister_reads_cache(stop):
    cs = fake.new_simple_clientset(_pod("web", labels_={"app": "web"}), _pod("other", "kube-system"))
    factory = informers.new_shared_informer_factory(cs, 0)
    pods = factory.core().v1().pods()
    events = []
    seen = threading.Event()

    def record(kind):
        def handler(*objs):
            events.append((kind, objs[-1].metadata.name))
            seen.set()

        return handler

    pods.informer().add_event_handler(
        cache.ResourceEventHandlerFuncs(
            add_func=record("add"), update_func=record("update"), delete_func=record("delete")
        )
    )
    factory.start(stop)
    assert factory.wait_for_cache_sync(stop) == {corev1.Pod: True}
    lister = pods.lister()
    assert sorted(p.metadata.name for p in lister.list(labels.everything())) == ["other", "web"]
    assert [p.metadata.name for p in lister.pods("default").list(labels.parse("app=web"))] == ["web"]
    cs.core_v1().pods("default").create(None, _pod("new"), metav1.CreateOptions())
    _eventually(lambda: ("add", "new") in events, "the add")
    updated = lister.pods("default").get("new").deep_copy()
    updated.metadata.labels["v"] = "2"
    cs.core_v1().pods("default").update(None, updated, metav1.UpdateOptions())
    _eventually(lambda: ("update", "new") in events, "the update")
    assert lister.pods("default").get("new").metadata.labels["v"] == "2"
    cs.core_v1().pods("default").delete(None, "new", metav1.DeleteOptions())
    _eventually(lambda: ("delete", "new") in events, "the delete")
    with pytest.raises(Exception, match='pod "new" not found'):
        lister.pods("default").get("new")
    stop.set()
    factory.shutdown()


def test_namespace_and_tweak_list_options_filter(stop):
    cs = fake.new_simple_clientset(
        _pod("a", "ns1", {"keep": "yes"}), _pod("b", "ns1"), _pod("c", "ns2", {"keep": "yes"})
    )
    tweaks = []

    def tweak(options):
        tweaks.append(options)
        options.labelSelector = "keep=yes"

    factory = informers.new_shared_informer_factory_with_options(
        cs, 0, informers.with_namespace("ns1"), informers.with_tweak_list_options(tweak)
    )
    pods = factory.core().v1().pods()
    pods.informer()
    factory.start(stop)
    assert factory.wait_for_cache_sync(stop) == {corev1.Pod: True}
    assert [p.metadata.name for p in pods.lister().list(labels.everything())] == ["a"]
    lists = [a for a in cs.actions() if a.get_verb() == "list"]
    assert [(a.get_namespace(), str(a.get_list_restrictions().labels)) for a in lists] == [("ns1", "keep=yes")]
    assert tweaks and all(isinstance(o, metav1.ListOptions) for o in tweaks)
    # the deprecated constructor is the same thing
    filtered = informers.new_filtered_shared_informer_factory(cs, 0, "ns2", tweak)
    assert filtered._namespace == "ns2" and filtered._tweak_list_options is tweak
    stop.set()
    factory.shutdown()


def test_tweak_works_on_a_copy_of_the_options():
    cs = fake.new_simple_clientset()
    lw = internalinterfaces.new_list_watch(cs.core_v1().pods(""), lambda o: setattr(o, "labelSelector", "x=y"), cs)
    options = metav1.ListOptions(resourceVersion="0")
    lw.list(options)
    assert options.labelSelector == ""
    assert lw.is_watch_list_semantics_un_supported()  # the fake clientset's answer, so reflectors list


def test_for_resource(stop):
    factory = informers.new_shared_informer_factory(fake.new_simple_clientset(_pod("web")), 0)
    generic = factory.for_resource(schema.GroupVersionResource("", "v1", "pods"))
    assert generic.informer() is factory.core().v1().pods().informer()
    deployments = factory.for_resource(schema.GroupVersionResource("apps", "v1", "deployments"))
    assert deployments.informer() is factory.apps().v1().deployments().informer()
    with pytest.raises(LookupError, match=r"^no informer found for apps/v1, Resource=deploymentz$"):
        factory.for_resource(schema.GroupVersionResource("apps", "v1", "deploymentz"))
    factory.start(stop)
    factory.wait_for_cache_sync(stop)
    assert [p.metadata.name for p in generic.lister().list(labels.everything())] == ["web"]
    assert generic.lister().by_namespace("default").get("web").metadata.name == "web"
    with pytest.raises(Exception, match=r'^pods "nope" not found$'):
        generic.lister().by_namespace("default").get("nope")
    stop.set()
    factory.shutdown()


def test_every_resource_informer_has_its_type():
    """Each of the 147 resources of for_resource gets an informer of the right type through its accessor."""
    factory = informers.new_shared_informer_factory(fake.new_simple_clientset(), 0)
    for gvr in informers._RESOURCE_INFORMERS:
        informer = factory.for_resource(gvr).informer()
        kind = type(informer.object_type)
        assert kind.__module__.endswith(f".{gvr.version}"), (gvr, kind)
        assert kind.__name__.lower() in (gvr.resource, gvr.resource[:-1], gvr.resource[:-2], gvr.resource[:-3] + "y"), (
            gvr,
            kind,
        )
    assert len(factory._informers) == 147


def test_standalone_informer_functions(stop):
    cs = fake.new_simple_clientset(
        _pod("a", "ns1"), _pod("b", "ns2"), corev1.Node(metadata=metav1.ObjectMeta(name="n"))
    )
    pods = coreinformers.new_filtered_pod_informer(cs, "ns2", 0, {}, None)
    nodes = coreinformers.new_node_informer(cs, 0, {cache.NamespaceIndex: cache.meta_namespace_index_func})
    threads = [threading.Thread(target=i.run, args=(stop,), name="test informer") for i in (pods, nodes)]
    for t in threads:
        t.start()
    assert cache.wait_for_cache_sync(stop, pods.has_synced, nodes.has_synced)
    assert [p.metadata.name for p in pods.get_store().list()] == ["b"]
    assert [n.metadata.name for n in nodes.get_store().list()] == ["n"]
    stop.set()
    for t in threads:
        t.join(WAIT)


def test_concurrent_use_one_informer_and_one_thread_per_type(fast_thread_switching):
    """16 threads at once ask for informers, start the factory and wait for sync, then 4 shut it down: every type
    has one informer, run by one thread; every shutdown returns once stop is set, with no informer thread left."""
    factory = informers.new_shared_informer_factory(fake.new_simple_clientset(_pod("web")), 0)
    accessors = [
        lambda: factory.core().v1().pods(),
        lambda: factory.core().v1().config_maps(),
        lambda: factory.apps().v1().deployments(),
        lambda: factory.rbac().v1().roles(),
    ]
    stop = threading.Event()
    seen = [[] for _ in accessors]
    barrier = threading.Barrier(16)
    errors_ = []

    def user(n):
        try:
            barrier.wait(WAIT)
            for i in range(20):
                index = (n + i) % len(accessors)
                seen[index].append(accessors[index]().informer())
                if i % 5 == 0:
                    factory.start(stop)
            factory.start(stop)
            assert all(factory.wait_for_cache_sync(stop).values())
        except Exception as err:  # noqa: BLE001 - reported below
            errors_.append(err)

    users = [threading.Thread(target=user, args=(n,), name=f"test user {n}") for n in range(16)]
    for t in users:
        t.start()
    for t in users:
        t.join(WAIT)
    assert not errors_
    assert all(len({id(i) for i in informers_}) == 1 for informers_ in seen)
    assert _informer_threads() == [
        "informer *v1.ConfigMap",
        "informer *v1.Deployment",
        "informer *v1.Pod",
        "informer *v1.Role",
    ]
    shutters = [threading.Thread(target=factory.shutdown, name=f"test shutdown {n}") for n in range(4)]
    for t in shutters:
        t.start()
    time.sleep(0.05)
    assert all(t.is_alive() for t in shutters)  # blocked until stop
    stop.set()
    for t in shutters:
        t.join(WAIT)
    assert not any(t.is_alive() for t in shutters)
    assert _informer_threads() == []
