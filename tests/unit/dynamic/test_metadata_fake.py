"""metadata.fake (cases from client-go's metadata/fake/simple_test.go)."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.metadata import fake

THEKINDS = GroupVersionResource(group="group", version="version", resource="thekinds")
TESTKINDS = GroupVersionResource(group="testgroup", version="testversion", resource="testkinds")


def partial(api_version, kind, namespace, name, **meta):
    return metav1.PartialObjectMetadata(
        apiVersion=api_version, kind=kind, metadata=metav1.ObjectMeta(namespace=namespace, name=name, **meta)
    )


def new_client(*objects):
    scheme = fake.new_test_scheme()
    metav1.add_meta_to_scheme(scheme)
    return fake.new_simple_metadata_client(scheme, *objects)


def test_list_filters_by_resource_and_label():
    client = new_client(
        partial("group/version", "TheKind", "ns-foo", "name-foo"),
        partial("group2/version", "TheKind", "ns-foo", "name2-foo"),
        partial("group/version", "TheKind", "ns-foo", "name-bar", labels={"a": "b"}),
        partial("group/version", "TheKind", "ns-foo", "name-baz"),
        partial("group2/version", "TheKind", "ns-foo", "name2-baz"),
    )
    lst = client.resource(THEKINDS).list(None, metav1.ListOptions())
    assert isinstance(lst, metav1.PartialObjectMetadataList)
    assert list(lst.items) == [
        partial("group/version", "TheKind", "ns-foo", "name-bar", labels={"a": "b"}),
        partial("group/version", "TheKind", "ns-foo", "name-baz"),
        partial("group/version", "TheKind", "ns-foo", "name-foo"),
    ]
    assert lst.metadata.resourceVersion == "4"
    selected = client.resource(THEKINDS).namespace("ns-foo").list(None, metav1.ListOptions(labelSelector="a=b"))
    assert [i.metadata.name for i in selected.items] == ["name-bar"]
    assert client.is_watch_list_semantics_un_supported()


@pytest.mark.parametrize(
    "pt,patch,want_annotations,want_err",
    [
        ("application/strategic-merge-patch+json", b"[]", None, "invalid JSON document"),
        ("application/json-patch+json", b"[]", {"foo": "bar"}, None),
        (
            "application/json-patch+json",
            b'[{"op": "replace", "path": "/metadata/annotations/foo", "value": "foobar"}]',
            {"foo": "foobar"},
            None,
        ),
        (
            "application/json-patch+json",
            b'[{"op": "add", "path": "/metadata/annotations/newvalue", "value": "dummy"}]',
            {"foo": "bar", "newvalue": "dummy"},
            None,
        ),
        ("application/json-patch+json", b'[{"op": "remove", "path": "/metadata/annotations/foo"}]', {}, None),
        ("application/merge-patch+json", b'{ "metadata": {"annotations": { "foo": "baz" } } }', {"foo": "baz"}, None),
    ],
)
def test_patch(pt, patch, want_annotations, want_err):
    client = new_client(partial("testgroup/testversion", "TestKind", "testns", "testname", annotations={"foo": "bar"}))
    res = client.resource(TESTKINDS).namespace("testns")
    if want_err is not None:
        with pytest.raises(Exception, match=want_err):
            res.patch(None, "testname", pt, patch, metav1.PatchOptions())
        return
    got = res.patch(None, "testname", pt, patch, metav1.PatchOptions())
    assert dict(got.metadata.annotations) == want_annotations
    assert dict(res.get(None, "testname").metadata.annotations) == want_annotations


def test_create_update_get_delete_and_watch():
    client = new_client()
    res = client.resource(TESTKINDS).namespace("testns")
    w = res.watch(None, metav1.ListOptions())
    created = res.create_fake(partial("testgroup/testversion", "TestKind", "testns", "a"))
    assert created.metadata.name == "a"
    created.metadata.labels["x"] = "y"
    assert dict(res.update_fake(created).metadata.labels) == {"x": "y"}
    assert res.get(None, "a").metadata.labels["x"] == "y"
    res.delete(None, "a")
    with pytest.raises(errors.StatusError) as info:
        res.get(None, "a")
    assert str(info.value) == 'testkinds.testgroup "a" not found'
    events = []
    for event in w.result_chan():
        events.append(event.type)
        if event.type == "DELETED":
            break
    w.stop()
    assert events == ["ADDED", "MODIFIED", "DELETED"]
    assert [a.get_verb() for a in client.actions()] == ["watch", "create", "update", "get", "delete", "get"]
