"""dynamicinformer/dynamiclister and metadatainformer/metadatalister: client-go's informer_test.go and
lister_test.go of both packages ported, plus shutdown, tweaks and the lister shims."""

from __future__ import annotations

import json
import queue
import threading

import pytest
from werkzeug import Response

from kubernetes_py import context, dynamic, features, rest
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime import new_scheme
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.dynamic import dynamicinformer, dynamiclister
from kubernetes_py.dynamic import fake as dynamicfake
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.metadata import metadatainformer, metadatalister
from kubernetes_py.metadata import fake as metadatafake
from kubernetes_py.tools import cache

TIMEOUT = 3.0  # what client-go's tests wait for an event
DEPLOYMENTS = GroupVersionResource("apps", "v1", "deployments")
EXT_DEPLOYMENTS = GroupVersionResource("extensions", "v1beta1", "deployments")
THE_KINDS = GroupVersionResource("group", "version", "TheKinds")


def _unstructured(api_version, kind, namespace, name):
    return Unstructured({"apiVersion": api_version, "kind": kind, "metadata": {"namespace": namespace, "name": name}})


def _partial(api_version, kind, namespace, name):
    return metav1.PartialObjectMetadata(
        apiVersion=api_version, kind=kind, metadata=metav1.ObjectMeta(namespace=namespace, name=name)
    )


def _handler(received, kind):
    def put(*objs):
        received.put(objs[-1])

    return cache.ResourceEventHandlerFuncs(**{kind: put})


@pytest.fixture
def ctx():
    c, cancel = context.with_timeout(context.background(), TIMEOUT)
    yield c
    cancel()


def _run(factory, informer, received, ctx, trigger, gvr):
    """Start, wait for sync, trigger, and return what the handler got within the timeout (None if nothing)."""
    informer.informer()  # created before start, as in the Go tests
    factory.start(ctx)
    try:
        assert factory.wait_for_cache_sync(ctx)[gvr], f"informer for {gvr} hasn't synced"
        expected = trigger()
        try:
            return expected, received.get(timeout=TIMEOUT)
        except queue.Empty:
            return expected, None
    finally:
        ctx_cancel = getattr(ctx, "_test_cancel", None)
        if ctx_cancel:
            ctx_cancel()


def _stop_and_shutdown(factory, cancel):
    cancel()
    factory.shutdown()


# --- dynamicinformer (informer_test.go) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inform_ns,ns,tweak",
    [
        ("ns-bar", "ns-foo", None),
        ("ns-foo", "ns-foo", None),
        ("ns-foo", "ns-foo", lambda o: setattr(o, "fieldSelector", "metadata.name=name-bar")),
        ("ns-foo", "ns-foo", lambda o: setattr(o, "fieldSelector", "metadata.name=name-foo")),
        ("ns-foo", "ns-foo", lambda o: setattr(o, "labelSelector", "environment=production")),
        ("ns-foo", "ns-foo", lambda o: setattr(o, "labelSelector", "environment=test")),
    ],
    ids=[
        "other namespace",
        "same namespace",
        "field selector not matching",
        "field selector matching",
        "label selector not matching",
        "label selector matching",
    ],
)
def test_filtered_dynamic_shared_informer_factory(inform_ns, ns, tweak):
    """As in client-go, the object arrives exactly when the namespaces match: the fake client's watch (like Go's
    object tracker) does not filter by the tweaked selectors, so the tweak cases only check they do no harm."""
    expect = ns == inform_ns
    # DeploymentList is not in the scheme: an informer works on a client whose scheme does not know the type
    client = dynamicfake.new_simple_dynamic_client_with_custom_list_kinds(new_scheme(), {DEPLOYMENTS: "DeploymentList"})
    factory = dynamicinformer.new_filtered_dynamic_shared_informer_factory(client, 0, inform_ns, tweak)
    received = queue.Queue()
    informer = factory.for_resource(DEPLOYMENTS)
    informer.informer().add_event_handler(_handler(received, "add_func"))
    ctx, cancel = context.with_timeout(context.background(), TIMEOUT)
    try:
        factory.start(ctx)
        assert factory.wait_for_cache_sync(ctx) == {DEPLOYMENTS: True}
        obj = _unstructured("apps/v1", "Deployment", "ns-foo", "name-foo")
        obj.set_labels({"environment": "test"})
        created = client.resource(DEPLOYMENTS).namespace(ns).create(None, obj, metav1.CreateOptions())
        try:
            got = received.get(timeout=TIMEOUT if expect else 0.3)
        except queue.Empty:
            got = None
    finally:
        _stop_and_shutdown(factory, cancel)
    if expect:
        assert got == created
    else:
        assert got is None


@pytest.mark.parametrize("scenario", ["add", "update", "delete"])
def test_dynamic_shared_informer_factory(scenario):
    existing = [] if scenario == "add" else [_unstructured("extensions/v1beta1", "Deployment", "ns-foo", "name-foo")]
    client = dynamicfake.new_simple_dynamic_client_with_custom_list_kinds(
        new_scheme(), {EXT_DEPLOYMENTS: "DeploymentList"}, *existing
    )
    factory = dynamicinformer.new_dynamic_shared_informer_factory(client, 0)
    received = queue.Queue()
    handler = {"add": "add_func", "update": "update_func", "delete": "delete_func"}[scenario]
    factory.for_resource(EXT_DEPLOYMENTS).informer().add_event_handler(_handler(received, handler))
    resource = client.resource(EXT_DEPLOYMENTS).namespace("ns-foo")
    ctx, cancel = context.with_timeout(context.background(), TIMEOUT)
    try:
        factory.start(ctx)
        assert factory.wait_for_cache_sync(ctx)[EXT_DEPLOYMENTS]
        if scenario == "add":
            expected = resource.create(
                None, _unstructured("extensions/v1beta1", "Deployment", "ns-foo", "name-foo"), metav1.CreateOptions()
            )
        elif scenario == "update":
            obj = existing[0].deep_copy()
            obj.object["spec"] = "updatedName"
            expected = resource.update(None, obj, metav1.UpdateOptions())
        else:
            resource.delete(None, "name-foo", metav1.DeleteOptions())
            expected = existing[0]
        got = received.get(timeout=TIMEOUT)
    finally:
        _stop_and_shutdown(factory, cancel)
    assert got == expected


def test_unsupported_watch_list_semantics():
    """The fake client cannot serve WatchList requests: with the feature on, the informer lists instead and syncs."""
    with set_feature_during_test(features.WatchListClient, True):
        scheme = new_scheme()
        appsv1.add_to_scheme(scheme)
        client = dynamicfake.new_simple_dynamic_client(scheme)
        factory = dynamicinformer.new_filtered_dynamic_shared_informer_factory(client, 0, "ns", None)
        target = factory.for_resource(DEPLOYMENTS)
        ctx, cancel = context.with_timeout(context.background(), 5)
        try:
            factory.start(ctx)
            assert cache.wait_for_cache_sync(ctx, target.informer().has_synced)
            assert [a.get_verb() for a in client.actions()][:2] == ["list", "watch"]
        finally:
            _stop_and_shutdown(factory, cancel)


def test_watch_list_semantics_simple(httpserver):
    """A real client with WatchListClient on streams: the server answers only watch requests (a bookmark that ends
    the initial events), and the informer syncs on it."""
    requests = []

    def handle(request):
        requests.append(dict(request.args))
        if "watch" not in request.args:
            return Response("unexpected request", status=500)
        obj = {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"annotations": {metav1.InitialEventsAnnotationKey: "true"}},
        }
        return Response(json.dumps({"type": "BOOKMARK", "object": obj}), content_type="application/json")

    httpserver.expect_request("/apis/apps/v1/namespaces/ns/deployments").respond_with_handler(handle)
    with set_feature_during_test(features.WatchListClient, True):
        client = dynamic.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/")))
        factory = dynamicinformer.new_filtered_dynamic_shared_informer_factory(client, 0, "ns", None)
        target = factory.for_resource(DEPLOYMENTS)
        ctx, cancel = context.with_timeout(context.background(), 5)
        try:
            factory.start(ctx)
            assert cache.wait_for_cache_sync(ctx, target.informer().has_synced)
        finally:
            _stop_and_shutdown(factory, cancel)
    assert requests[0].get("sendInitialEvents") == "true" and requests[0].get("watch") == "true"


def test_dynamic_factory_shares_informers_and_names_threads():
    scheme = new_scheme()
    appsv1.add_to_scheme(scheme)
    client = dynamicfake.new_simple_dynamic_client(scheme, _unstructured("apps/v1", "Deployment", "a", "x"))
    factory = dynamicinformer.new_dynamic_shared_informer_factory(client, 0)
    informer = factory.for_resource(DEPLOYMENTS)
    assert factory.for_resource(DEPLOYMENTS) is informer
    stop = threading.Event()
    factory.start(stop)
    factory.start(stop)
    try:
        assert sorted(t.name for t in threading.enumerate() if t.name.startswith("informer ")) == [
            "informer apps/v1, Resource=deployments"
        ]
        assert factory.wait_for_cache_sync(stop) == {DEPLOYMENTS: True}
        lister = informer.lister()
        assert [o.get_name() for o in lister.list(labels.everything())] == ["x"]
        assert lister.by_namespace("a").get("x").get_name() == "x"
        with pytest.raises(errors.StatusError, match=r'^deployments\.apps "y" not found$'):
            lister.by_namespace("a").get("y")
        with pytest.raises(errors.StatusError, match=r'^deployments\.apps "x" not found$'):
            lister.get("x")  # cluster-wide get takes the key: namespace/name
        assert lister.get("a/x").get_name() == "x"
    finally:
        stop.set()
        factory.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("informer ")]
    factory.for_resource(EXT_DEPLOYMENTS)
    factory.start(threading.Event())  # shut down: starts nothing
    assert not [t for t in threading.enumerate() if t.name.startswith("informer ")]


# --- dynamiclister and metadatalister (lister_test.go) -----------------------------------------------------------


LISTERS = [(dynamiclister, _unstructured), (metadatalister, _partial)]


def _indexer(objs):
    indexer = cache.new_indexer(cache.meta_namespace_key_func, {})
    for obj in objs:
        indexer.add(obj)
    return indexer


@pytest.mark.parametrize("package,new_obj", LISTERS, ids=["dynamiclister", "metadatalister"])
def test_namespace_get_method(package, new_obj):
    objs = [
        new_obj("group/version", "TheKind", "ns-foo", "name-foo"),
        new_obj("group/version", "TheKind", "ns-foo", "name-foo1"),
        new_obj("group/version", "TheKind", "ns-bar", "name-bar"),
    ]
    target = package.new(_indexer(objs), THE_KINDS).namespace("ns-foo")
    assert target.get("name-foo1") == new_obj("group/version", "TheKind", "ns-foo", "name-foo1")
    with pytest.raises(errors.StatusError) as raised:
        target.get("name-foo-non-existing")
    assert errors.is_not_found(raised.value)
    assert str(raised.value) == 'TheKinds.group "name-foo-non-existing" not found'


@pytest.mark.parametrize("package,new_obj", LISTERS, ids=["dynamiclister", "metadatalister"])
def test_namespace_list_method(package, new_obj):
    objs = [
        new_obj("group/version", "TheKind", "ns-foo", "name-foo"),
        new_obj("group/version", "TheKind", "ns-foo", "name-foo1"),
        new_obj("group/version", "TheKind", "ns-bar", "name-bar"),
    ]
    got = package.new(_indexer(objs), THE_KINDS).namespace("ns-foo").list(labels.everything())
    assert sorted(got, key=lambda o: o.get_name()) == objs[:2]


@pytest.mark.parametrize("package,new_obj", LISTERS, ids=["dynamiclister", "metadatalister"])
def test_lister_get_method(package, new_obj):
    objs = [
        new_obj("group/version", "TheKind", "ns-foo", "name-foo"),
        new_obj("group/version", "TheKind", "", "name-foo1"),
        new_obj("group/version", "TheKind", "ns-bar", "name-bar"),
    ]
    target = package.new(_indexer(objs), THE_KINDS)
    assert target.get("name-foo1") == new_obj("group/version", "TheKind", "", "name-foo1")
    with pytest.raises(errors.StatusError):
        target.get("name-foo")  # it is ns-foo/name-foo


@pytest.mark.parametrize("package,new_obj", LISTERS, ids=["dynamiclister", "metadatalister"])
def test_lister_list_method_and_shim(package, new_obj):
    objs = [
        new_obj("group/version", "TheKind", "ns-foo", "name-foo"),
        new_obj("group/version", "TheKind", "ns-foo", "name-bar"),
    ]
    target = package.new(_indexer(objs), THE_KINDS)
    assert sorted(target.list(labels.everything()), key=lambda o: o.get_name()) == [objs[1], objs[0]]
    assert target.list(labels.nothing()) == []
    shim = package.new_runtime_object_shim(target)
    assert sorted(o.get_name() for o in shim.list(labels.everything())) == ["name-bar", "name-foo"]
    assert shim.get("ns-foo/name-bar") == objs[1]
    assert shim.by_namespace("ns-foo").get("name-foo") == objs[0]
    assert shim.by_namespace("other").list(labels.everything()) == []


# --- metadatainformer (informer_test.go) -------------------------------------------------------------------------


def _metadata_client(*objs):
    scheme = metadatafake.new_test_scheme()
    metav1.add_meta_to_scheme(scheme)
    return metadatafake.new_simple_metadata_client(scheme, *objs)


@pytest.mark.parametrize("scenario", ["add", "update", "delete"])
def test_metadata_shared_informer_factory(scenario):
    existing = [] if scenario == "add" else [_partial("extensions/v1beta1", "Deployment", "ns-foo", "name-foo")]
    client = _metadata_client(*existing)
    factory = metadatainformer.new_shared_informer_factory(client, 0)
    received = queue.Queue()
    handler = {"add": "add_func", "update": "update_func", "delete": "delete_func"}[scenario]
    factory.for_resource(EXT_DEPLOYMENTS).informer().add_event_handler(_handler(received, handler))
    resource = client.resource(EXT_DEPLOYMENTS).namespace("ns-foo")
    ctx, cancel = context.with_timeout(context.background(), TIMEOUT)
    try:
        factory.start(ctx)
        assert factory.wait_for_cache_sync(ctx)[EXT_DEPLOYMENTS]
        if scenario == "add":
            expected = resource.create_fake(
                _partial("extensions/v1beta1", "Deployment", "ns-foo", "name-foo"), metav1.CreateOptions()
            )
        elif scenario == "update":
            obj = existing[0].deep_copy()
            obj.metadata.annotations["test"] = "updatedName"
            expected = resource.update_fake(obj, metav1.UpdateOptions())
        else:
            resource.delete(None, "name-foo", metav1.DeleteOptions())
            expected = existing[0]
        got = received.get(timeout=TIMEOUT)
    finally:
        _stop_and_shutdown(factory, cancel)
    assert got == expected


def test_metadata_factory_transform_and_unsupported_watch_list():
    seen = []

    def transform(obj):
        seen.append(obj.metadata.name)
        return obj

    with set_feature_during_test(features.WatchListClient, True):
        client = _metadata_client(_partial("apps/v1", "Deployment", "ns", "d"))
        factory = metadatainformer.new_shared_informer_factory_with_options(
            client, 0, metadatainformer.with_transform(transform)
        )
        target = factory.for_resource(DEPLOYMENTS)
        stop = threading.Event()
        try:
            factory.start(stop)
            assert factory.wait_for_cache_sync(stop) == {DEPLOYMENTS: True}
            assert seen == ["d"]
            assert target.lister().by_namespace("ns").get("d").metadata.name == "d"
            with pytest.raises(errors.StatusError, match=r'^deployments\.apps "e" not found$'):
                target.lister().by_namespace("ns").get("e")
        finally:
            stop.set()
            factory.shutdown()


def test_metadata_filtered_factory_namespace():
    client = _metadata_client(_partial("apps/v1", "Deployment", "a", "x"), _partial("apps/v1", "Deployment", "b", "y"))
    factory = metadatainformer.new_filtered_shared_informer_factory(client, 0, "b", None)
    target = factory.for_resource(DEPLOYMENTS)
    stop = threading.Event()
    try:
        factory.start(stop)
        assert factory.wait_for_cache_sync(stop) == {DEPLOYMENTS: True}
        assert [o.metadata.name for o in target.lister().list(labels.everything())] == ["y"]
    finally:
        stop.set()
        factory.shutdown()
