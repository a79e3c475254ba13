"""client-go metadata/fake/simple_test.go, test by test (Go names in the docstrings)."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.apimachinery.types import JSONPatchType, MergePatchType, StrategicMergePatchType
from kubernetes_py.metadata import fake
from kubernetes_py.util import watchlist

TEST_GVR = GroupVersionResource(group="testgroup", version="testversion", resource="testkinds")
TEST_NAMESPACE, TEST_NAME, TEST_KIND, TEST_API_VERSION = "testns", "testname", "TestKind", "testgroup/testversion"


def new_partial_object_metadata(api_version, kind, namespace, name):
    return metav1.PartialObjectMetadata(
        apiVersion=api_version, kind=kind, metadata=metav1.ObjectMeta(namespace=namespace, name=name)
    )


def new_partial_object_metadata_with_annotations(annotations):
    u = new_partial_object_metadata(TEST_API_VERSION, TEST_KIND, TEST_NAMESPACE, TEST_NAME)
    u.metadata.annotations.update(annotations)
    return u


def _client(*objects):
    scheme = fake.new_test_scheme()
    metav1.add_meta_to_scheme(scheme)
    return fake.new_simple_metadata_client(scheme, *objects)


def test_does_client_support_watch_list_semantics():
    """TestDoesClientSupportWatchListSemantics: the zero FakeMetadataClient does not."""
    assert watchlist.does_client_not_support_watch_list_semantics(fake.FakeMetadataClient())


def test_list():
    """TestList: only the resource's group, sorted by name."""
    client = _client(
        new_partial_object_metadata("group/version", "TheKind", "ns-foo", "name-foo"),
        new_partial_object_metadata("group2/version", "TheKind", "ns-foo", "name2-foo"),
        new_partial_object_metadata("group/version", "TheKind", "ns-foo", "name-bar"),
        new_partial_object_metadata("group/version", "TheKind", "ns-foo", "name-baz"),
        new_partial_object_metadata("group2/version", "TheKind", "ns-foo", "name2-baz"),
    )
    gvr = GroupVersionResource(group="group", version="version", resource="thekinds")
    list_first = client.resource(gvr).list(None, metav1.ListOptions())
    assert list(list_first.items) == [
        new_partial_object_metadata("group/version", "TheKind", "ns-foo", "name-bar"),
        new_partial_object_metadata("group/version", "TheKind", "ns-foo", "name-baz"),
        new_partial_object_metadata("group/version", "TheKind", "ns-foo", "name-foo"),
    ]


@pytest.mark.parametrize(
    ("name", "annotations", "pt", "patch", "want_err", "want"),
    [
        (
            "jsonpatch fails with merge type",
            {"foo": "bar"},
            StrategicMergePatchType,
            b"[]",
            "invalid JSON document",
            None,
        ),
        ("jsonpatch works with empty patch", {"foo": "bar"}, JSONPatchType, b"[]", "", {"foo": "bar"}),
        (
            "jsonpatch works with simple change patch",
            {"foo": "bar"},
            JSONPatchType,
            b'[{"op": "replace", "path": "/metadata/annotations/foo", "value": "foobar"}]',
            "",
            {"foo": "foobar"},
        ),
        (
            "jsonpatch works with simple addition",
            {"foo": "bar"},
            JSONPatchType,
            b'[{"op": "add", "path": "/metadata/annotations/newvalue", "value": "dummy"}]',
            "",
            {"foo": "bar", "newvalue": "dummy"},
        ),
        (
            "jsonpatch works with simple deletion",
            {"foo": "bar", "toremove": "shouldnotbehere"},
            JSONPatchType,
            b'[{"op": "remove", "path": "/metadata/annotations/toremove"}]',
            "",
            {"foo": "bar"},
        ),
        (
            "strategic merge patch fails with JSONPatch",
            {"foo": "bar"},
            StrategicMergePatchType,
            b'[{"op": "add", "path": "/metadata/annotations/newvalue", "value": "dummy"}]',
            "invalid JSON document",
            None,
        ),
        (
            "merge patch works with simple replacement",
            {"foo": "bar"},
            MergePatchType,
            b'{ "metadata": {"annotations": { "foo": "baz" } } }',
            "",
            {"foo": "baz"},
        ),
    ],
)
def test_patch(name, annotations, pt, patch, want_err, want):
    """TestPatch: the error text exactly, or the whole patched object."""
    client = _client(new_partial_object_metadata_with_annotations(annotations))
    resource_interface = client.resource(TEST_GVR).namespace(TEST_NAMESPACE)
    if want_err:
        with pytest.raises(Exception) as info:
            resource_interface.patch(None, TEST_NAME, pt, patch, metav1.PatchOptions())
        assert str(info.value) == want_err
        return
    got = resource_interface.patch(None, TEST_NAME, pt, patch, metav1.PatchOptions())
    assert got == new_partial_object_metadata_with_annotations(want)
