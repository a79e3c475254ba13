"""The generated SharedInformerFactory against a real kube-apiserver, generated from the resource list: for every
resource of for_resource that the server serves with list and watch, the factory's informer syncs, sees an
object created, changed and deleted, and its typed lister returns the object while it exists; once with a
protobuf clientset and once with a JSON one. Then the dynamic and metadata informers, for a custom resource and
for pods.

All resources run in one namespace and one factory per format (informers created before start, as controllers
do), the resources in parallel (a thread pool), each informer narrowed to the objects of its run by a label
(with_tweak_list_options), so the whole file stays within about two minutes.
"""

from __future__ import annotations

import concurrent.futures
import random
import threading
import time
import uuid

import pytest

from kubernetes_py import context, informers, kubernetes, metadata, rest
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.dynamic import dynamicinformer
from kubernetes_py.metadata import metadatainformer
from kubernetes_py.tools import cache, clientcmd
from kubernetes_py.util import retry
from tests.integration.test_clientset import (  # noqa: F401 - fixtures
    NOT_COVERED,
    _name_for,
    _resource_client,
    _resource_clients,
    _typed,
    fillers,
    served,
)
from tests.integration.test_dynamic import config_for, widget, widgets  # noqa: F401 - a fixture

CTX = context.todo()
TIMEOUT = 30.0  # the most any one wait may take
LABEL = "informer-test"
PODS = GroupVersionResource("", "v1", "pods")


def _eventually(cond, what):
    deadline = time.monotonic() + TIMEOUT
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class _Recorder:
    """An event handler keeping (event, name) pairs, safe to read from any thread."""

    def __init__(self):
        self._lock = threading.Lock()
        self.events = []

    def _add(self, kind, obj):
        if isinstance(obj, cache.DeletedFinalStateUnknown):
            obj = obj.obj
        with self._lock:
            self.events.append((kind, obj.get_name(), obj))

    def handler(self):
        return cache.ResourceEventHandlerFuncs(
            add_func=lambda o: self._add("add", o),
            update_func=lambda old, new: self._add("update", new),
            delete_func=lambda o: self._add("delete", o),
        )

    def seen(self, kind, name, check=lambda obj: True):
        with self._lock:
            return any(k == kind and n == name and check(o) for k, n, o in self.events)


def _clientset(apiserver, content_type):
    config = clientcmd.build_config_from_flags("", str(apiserver.kubeconfig))
    if content_type:
        config.content_type = content_type
    return kubernetes.new_for_config(config)


def _plans(served, namespace):
    """gvr -> (clientset accessor, getter, kind) for every informer resource served with list and watch."""
    table = {}
    cs = _clientset_stub()
    for accessor, getter in _resource_clients():
        client = _resource_client(cs, accessor, getter, namespace)
        gv = client.get_client().api_version()
        gvr = GroupVersionResource(gv.group, gv.version, client._resource)
        table[gvr] = (accessor, getter, type(client._new_object()).__name__)
    plans = {}
    for gvr in informers._RESOURCE_INFORMERS:
        verbs = served.get((gvr.group, gvr.version, gvr.resource))
        if verbs is None or not {"list", "watch"} <= verbs:
            continue
        plans[gvr] = table[gvr]
    return plans


def _clientset_stub():
    return kubernetes.new_for_config(rest.Config(host="https://table.invalid"))


def _typed_lister(factory, gvr, namespace):
    """The typed lister of the resource, narrowed to ``namespace`` when the resource is namespaced."""
    lister = informers._RESOURCE_INFORMERS[gvr](factory).lister()
    accessor = [m for m in vars(type(lister)) if not m.startswith("_")]
    return getattr(lister, accessor[0])(namespace) if accessor else lister


def _lister_get(lister, name):
    try:
        return lister.get(name)
    except errors.StatusError as err:
        assert errors.is_not_found(err), err
        return None


def _cycle(clientset, factory, recorders, gvr, plan, namespace, fill, run):
    """Create, change and delete one object of ``gvr``; the informer and its lister must follow."""
    accessor, getter, kind = plan
    client = _resource_client(clientset, accessor, getter, namespace)
    name = _name_for(kind)
    obj = _typed(client, gvr.group, gvr.version, kind, name, namespace, fill)
    obj.metadata.labels[LABEL] = run
    lister = _typed_lister(factory, gvr, namespace)
    recorder = recorders[gvr]
    client.create(CTX, obj, metav1.CreateOptions())
    _eventually(lambda: recorder.seen("add", name), f"{gvr}: the add of {name}")
    _eventually(lambda: _lister_get(lister, name) is not None, f"{gvr}: the lister to return {name}")
    assert type(lister.get(name)) is type(obj)

    def update():
        current = client.get(CTX, name, metav1.GetOptions())
        current.metadata.labels["changed"] = "yes"
        client.update(CTX, current, metav1.UpdateOptions())

    retry.retry_on_conflict(retry.DefaultRetry, update)
    changed = lambda o: o.metadata.labels.get("changed") == "yes"  # noqa: E731
    _eventually(lambda: recorder.seen("update", name, changed), f"{gvr}: the update of {name}")
    _eventually(lambda: changed(lister.get(name)), f"{gvr}: the lister to return the change")

    client.delete(CTX, name, metav1.DeleteOptions())

    def gone():
        if recorder.seen("delete", name):
            return _lister_get(lister, name) is None
        # finalizers that only a controller would remove (no controller-manager runs) keep it, marked
        cached = _lister_get(lister, name)
        return cached is not None and cached.metadata.HasField("deletionTimestamp")

    _eventually(gone, f"{gvr}: the delete of {name}")


@pytest.mark.parametrize(
    "content_type", ["application/vnd.kubernetes.protobuf", "application/json"], ids=["protobuf", "json"]
)
def test_every_informer_syncs_and_follows_its_resource(apiserver, served, fillers, namespace, content_type):
    plans = _plans(served, namespace)
    assert len(plans) > 60, sorted(map(str, plans))
    clientset = _clientset(apiserver, content_type)
    run = uuid.uuid4().hex[:10]

    def tweak(options):
        options.labelSelector = f"{LABEL}={run}"

    factory = informers.new_shared_informer_factory_with_options(
        clientset, 0, informers.with_namespace(namespace), informers.with_tweak_list_options(tweak)
    )
    recorders = {}
    for gvr in plans:
        recorders[gvr] = _Recorder()
        factory.for_resource(gvr).informer().add_event_handler(recorders[gvr].handler())
    stop = threading.Event()
    try:
        factory.start(stop)
        ctx, cancel = context.with_timeout(context.background(), 60)
        try:
            result = factory.wait_for_cache_sync_with_context(ctx)
        finally:
            cancel()
        assert result.err is None and result.synced and all(result.synced.values()), result.as_error()
        assert len(result.synced) == len(plans)
        fill = {
            **fillers,
            "namespace": namespace,
            "cidr": f"10.{random.randint(100, 250)}.{random.randint(0, 255)}.0/24",
        }
        covered = {gvr: plan for gvr, plan in plans.items() if (gvr.group, plan[2]) not in NOT_COVERED}
        with concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="informer test") as pool:
            futures = {
                pool.submit(_cycle, clientset, factory, recorders, gvr, plan, namespace, fill, run): gvr
                for gvr, plan in covered.items()
            }
            failures = []
            for future in concurrent.futures.as_completed(futures):
                if future.exception() is not None:
                    failures.append(f"{futures[future]}: {future.exception()!r}")
        assert not failures, "\n".join(sorted(failures))
    finally:
        stop.set()
        factory.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("informer ")]


@pytest.mark.parametrize("kind", ["widgets", "pods"])
def test_dynamic_and_metadata_informers(apiserver, widgets, namespace, kind):  # noqa: F811
    client, group, widgets_gvr = widgets
    gvr = widgets_gvr if kind == "widgets" else PODS
    meta_client = metadata.new_for_config(config_for(apiserver))
    dynamic_factory = dynamicinformer.new_filtered_dynamic_shared_informer_factory(client, 0, namespace, None)
    metadata_factory = metadatainformer.new_filtered_shared_informer_factory(meta_client, 0, namespace, None)
    recorders = {"dynamic": _Recorder(), "metadata": _Recorder()}
    informers_ = {"dynamic": dynamic_factory.for_resource(gvr), "metadata": metadata_factory.for_resource(gvr)}
    for mode, informer in informers_.items():
        informer.informer().add_event_handler(recorders[mode].handler())
    stop = threading.Event()
    try:
        for factory in (dynamic_factory, metadata_factory):
            factory.start(stop)
            assert factory.wait_for_cache_sync(stop) == {gvr: True}
        resource = client.resource(gvr).namespace(namespace)
        name = f"x-{uuid.uuid4().hex[:8]}"
        if kind == "widgets":
            obj = widget(group, name, 1)
        else:
            obj = Unstructured(
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"name": name},
                    "spec": {"containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10"}]},
                }
            )
        resource.create(None, obj, metav1.CreateOptions())
        for mode, informer in informers_.items():
            _eventually(lambda: recorders[mode].seen("add", name), f"{mode}: the add")
            got = informer.lister().by_namespace(namespace).get(name)
            assert type(got) is (Unstructured if mode == "dynamic" else metav1.PartialObjectMetadata)
            assert got.get_name() == name
            assert [o.get_name() for o in informer.lister().list(labels.everything())] == [name]
        current = resource.get(None, name)
        current.set_labels({"changed": "yes"})
        resource.update(None, current, metav1.UpdateOptions())
        for mode, informer in informers_.items():
            _eventually(
                lambda: recorders[mode].seen("update", name, lambda o: o.get_labels() == {"changed": "yes"}),
                f"{mode}: the update",
            )
            assert informer.lister().get(f"{namespace}/{name}").get_labels() == {"changed": "yes"}
        if kind == "widgets":
            assert "spec" in informers_["dynamic"].lister().by_namespace(namespace).get(name).object
        resource.delete(None, name, metav1.DeleteOptions(gracePeriodSeconds=0))
        for mode, informer in informers_.items():
            _eventually(lambda: recorders[mode].seen("delete", name), f"{mode}: the delete")
            with pytest.raises(errors.StatusError) as raised:
                informer.lister().by_namespace(namespace).get(name)
            assert str(raised.value) == f'{gvr.group_resource()} "{name}" not found'
    finally:
        stop.set()
        dynamic_factory.shutdown()
        metadata_factory.shutdown()
