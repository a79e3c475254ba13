"""dynamic.fake (cases from client-go's dynamic/fake/simple_test.go)."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionResource
from kubernetes_py.dynamic import fake

THEKINDS = GroupVersionResource(group="group", version="version", resource="thekinds")


def new_unstructured(api_version, kind, namespace, name, **extra):
    return Unstructured(
        {"apiVersion": api_version, "kind": kind, "metadata": {"namespace": namespace, "name": name}, **extra}
    )


def test_get():
    client = fake.new_simple_dynamic_client(
        runtime.new_scheme(), new_unstructured("group/version", "TheKind", "ns-foo", "name-foo")
    )
    got = client.resource(THEKINDS).namespace("ns-foo").get(None, "name-foo", metav1.GetOptions())
    assert got.unstructured_content() == {
        "apiVersion": "group/version",
        "kind": "TheKind",
        "metadata": {"name": "name-foo", "namespace": "ns-foo"},
    }
    with pytest.raises(errors.StatusError) as info:
        client.resource(THEKINDS).namespace("ns-foo").get(None, "nope")
    assert str(info.value) == 'thekinds.group "nope" not found'
    assert [(a.get_verb(), a.get_namespace()) for a in client.actions()] == [("get", "ns-foo"), ("get", "ns-foo")]
    assert client.is_watch_list_semantics_un_supported()


def test_list_with_custom_list_kinds_and_label_selector():
    client = fake.new_simple_dynamic_client_with_custom_list_kinds(
        runtime.new_scheme(),
        {THEKINDS: "TheKindList"},
        new_unstructured("group/version", "TheKind", "ns-foo", "name-foo"),
        new_unstructured("group2/version", "TheKind", "ns-foo", "name2-foo"),
        new_unstructured("group/version", "TheKind", "ns-foo", "name-bar"),
        new_unstructured("group/version", "TheKind", "ns-foo", "name-baz"),
        new_unstructured("group2/version", "TheKind", "ns-foo", "name2-baz"),
    )
    lst = client.resource(THEKINDS).list(None, metav1.ListOptions())
    assert [i.get_name() for i in lst.items] == ["name-bar", "name-baz", "name-foo"]
    assert (lst.get_api_version(), lst.get_kind(), lst.get_resource_version()) == ("group/version", "TheKindList", "4")
    labelled = new_unstructured("group/version", "TheKind", "ns-foo", "labelled")
    labelled.set_labels({"app": "web"})
    client.resource(THEKINDS).namespace("ns-foo").create(None, labelled, metav1.CreateOptions())
    selected = client.resource(THEKINDS).namespace("ns-foo").list(None, metav1.ListOptions(labelSelector="app=web"))
    assert [i.get_name() for i in selected.items] == ["labelled"]


def test_listing_an_unregistered_resource_is_a_coding_error():
    client = fake.new_simple_dynamic_client(runtime.new_scheme())
    with pytest.raises(ValueError, match="^coding error: you must register resource to list kind"):
        client.resource(GroupVersionResource(group="x", version="v1", resource="things")).list(None)
    with pytest.raises(ValueError, match="listGVK must end in List"):
        fake.new_simple_dynamic_client_with_custom_list_kinds(runtime.new_scheme(), {THEKINDS: "TheKinds"})


def test_list_with_no_objects_and_a_typed_scheme():
    from kubernetes_py.api.core import v1 as corev1

    typed = runtime.new_scheme()
    corev1.add_to_scheme(typed)
    client = fake.new_simple_dynamic_client(typed)
    lst = client.resource(GroupVersionResource(version="v1", resource="configmaps")).namespace("ns").list(None)
    assert (lst.get_kind(), lst.get_api_version(), lst.get_resource_version(), lst.items) == (
        "ConfigMapList",
        "v1",
        "1",
        [],
    )


def test_typed_fixtures_become_unstructured():
    from kubernetes_py.api.core import v1 as corev1

    typed = runtime.new_scheme()
    corev1.add_to_scheme(typed)
    cm = corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cfg", namespace="ns"), data={"k": "v"})
    client = fake.new_simple_dynamic_client(typed, cm)
    cms = client.resource(GroupVersionResource(version="v1", resource="configmaps")).namespace("ns")
    lst = cms.list(None)
    assert lst.get_resource_version() == "2"
    assert [i.unstructured_content() for i in lst.items] == [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "ns"}, "data": {"k": "v"}}
    ]


@pytest.mark.parametrize(
    "pt,patch,want_spec,want_err",
    [
        ("application/strategic-merge-patch+json", b"[]", None, "invalid JSON document"),
        ("application/json-patch+json", b"[]", {"foo": "bar"}, None),
        (
            "application/json-patch+json",
            b'[{"op": "replace", "path": "/spec/foo", "value": "foobar"}]',
            {"foo": "foobar"},
            None,
        ),
        (
            "application/json-patch+json",
            b'[{"op": "add", "path": "/spec/newvalue", "value": "dummy"}]',
            {"foo": "bar", "newvalue": "dummy"},
            None,
        ),
        ("application/merge-patch+json", b'{ "spec": { "foo": "baz" } }', {"foo": "baz"}, None),
    ],
)
def test_patch(pt, patch, want_spec, want_err):
    gvr = GroupVersionResource(group="testgroup", version="testversion", resource="testkinds")
    obj = new_unstructured("testgroup/testversion", "TestKind", "testns", "testname", spec={"foo": "bar"})
    client = fake.new_simple_dynamic_client(runtime.new_scheme(), obj)
    res = client.resource(gvr).namespace("testns")
    if want_err is not None:
        with pytest.raises(Exception, match=want_err):
            res.patch(None, "testname", pt, patch, metav1.PatchOptions())
        return
    got = res.patch(None, "testname", pt, patch, metav1.PatchOptions())
    assert got.unstructured_content()["spec"] == want_spec
    assert res.get(None, "testname").unstructured_content()["spec"] == want_spec
    assert client.actions()[-2].get_patch_type() == pt


def test_every_verb_against_the_tracker():
    gvr = GroupVersionResource(group="testgroup", version="testversion", resource="testkinds")
    client = fake.new_simple_dynamic_client(
        runtime.new_scheme(), new_unstructured("testgroup/testversion", "TestKind", "ns", "seed")
    )
    res = client.resource(gvr).namespace("ns")
    w = res.watch(None, metav1.ListOptions())
    created = res.create(None, new_unstructured("testgroup/testversion", "TestKind", "ns", "a", spec={"x": 1}))
    assert created.get_name() == "a"
    with pytest.raises(errors.StatusError, match='^testkinds.testgroup "a" already exists$'):
        res.create(None, new_unstructured("testgroup/testversion", "TestKind", "ns", "a"))
    created.unstructured_content()["spec"] = {"x": 2}
    assert res.update(None, created).unstructured_content()["spec"] == {"x": 2}
    created.unstructured_content()["status"] = {"ok": True}
    assert res.update_status(None, created).unstructured_content()["status"] == {"ok": True}
    # client-go's tracker applies as a strategic merge patch, which has no schema for Unstructured: Go fails the same
    with pytest.raises(
        Exception, match='^unable to find api field in struct Unstructured for the json field "metadata"$'
    ):
        res.apply(
            None,
            "a",
            new_unstructured("testgroup/testversion", "TestKind", "ns", "a", spec={"y": 3}),
            metav1.ApplyOptions(fieldManager="m"),
        )
    assert client.actions()[-1].get_patch_type() == "application/apply-patch+yaml"
    res.delete(None, "a")
    with pytest.raises(errors.StatusError) as info:
        res.delete(None, "a")
    assert errors.is_not_found(info.value)
    events = []
    for event in w.result_chan():
        events.append((event.type, event.object.get_name()))
        if event.type == "DELETED":
            break
    w.stop()
    # with list options given, the tracker first replays what it holds (the seed object), as client-go's does
    assert events == [("ADDED", "seed"), ("ADDED", "a"), ("MODIFIED", "a"), ("MODIFIED", "a"), ("DELETED", "a")]
    verbs = [(a.get_verb(), a.get_subresource()) for a in client.actions()]
    assert verbs == [
        ("watch", ""),
        ("create", ""),
        ("create", ""),
        ("update", ""),
        ("update", "status"),
        ("patch", ""),
        ("delete", ""),
        ("delete", ""),
    ]


def test_reactors_can_fail_calls():
    client = fake.new_simple_dynamic_client(runtime.new_scheme())
    client.prepend_reactor(
        "get",
        "thekinds",
        lambda action: (True, None, errors.new_forbidden(THEKINDS.group_resource(), "x", RuntimeError("no"))),
    )
    with pytest.raises(errors.StatusError) as info:
        client.resource(THEKINDS).get(None, "x")
    assert errors.is_forbidden(info.value)
    assert str(info.value) == 'thekinds.group "x" is forbidden: no'
    assert GroupVersion(group="group", version="version") == THEKINDS.group_version()
