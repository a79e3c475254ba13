"""client-go dynamic/fake/simple_test.go, test by test (Go names in the docstrings). Go's mockResource and
mockResourceList (TypeMeta + ObjectMeta, TypeMeta + ListMeta + items) are played by metav1.PartialObjectMetadata
and PartialObjectMetadataList registered under the test kinds."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredJSONScheme, UnstructuredList
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.apimachinery.types import JSONPatchType, MergePatchType, StrategicMergePatchType
from kubernetes_py.dynamic import fake
from kubernetes_py.util import watchlist

TEST_GROUP, TEST_VERSION, TEST_RESOURCE = "testgroup", "testversion", "testkinds"
TEST_NAMESPACE, TEST_NAME, TEST_KIND, TEST_API_VERSION = "testns", "testname", "TestKind", "testgroup/testversion"
THEKINDS = GroupVersionResource(group="group", version="version", resource="thekinds")
TEST_GVR = GroupVersionResource(group=TEST_GROUP, version=TEST_VERSION, resource=TEST_RESOURCE)


def new_unstructured(api_version, kind, namespace, name):
    return Unstructured({"apiVersion": api_version, "kind": kind, "metadata": {"namespace": namespace, "name": name}})


def new_unstructured_with_spec(spec):
    u = new_unstructured(TEST_API_VERSION, TEST_KIND, TEST_NAMESPACE, TEST_NAME)
    u.object["spec"] = spec
    return u


def test_does_client_support_watch_list_semantics():
    """TestDoesClientSupportWatchListSemantics: the zero FakeDynamicClient does not."""
    assert watchlist.does_client_not_support_watch_list_semantics(fake.FakeDynamicClient())


def test_get():
    """TestGet."""
    client = fake.new_simple_dynamic_client(
        runtime.new_scheme(), new_unstructured("group/version", "TheKind", "ns-foo", "name-foo")
    )
    got = client.resource(THEKINDS).namespace("ns-foo").get(None, "name-foo", metav1.GetOptions())
    assert got == Unstructured(
        {"apiVersion": "group/version", "kind": "TheKind", "metadata": {"name": "name-foo", "namespace": "ns-foo"}}
    )


def test_list_decoding():
    """TestListDecoding."""
    got = runtime.decode(UnstructuredJSONScheme, b'{"apiVersion": "group/version", "kind": "TheKindList", "items":[]}')
    assert type(got) is UnstructuredList
    assert got == UnstructuredList({"apiVersion": "group/version", "kind": "TheKindList"}, [])


def test_get_decoding():
    """TestGetDecoding."""
    got = runtime.decode(UnstructuredJSONScheme, b'{"apiVersion": "group/version", "kind": "TheKind"}')
    assert type(got) is Unstructured
    assert got == Unstructured({"apiVersion": "group/version", "kind": "TheKind"})


def test_list():
    """TestList: only the resource's group, sorted by name."""
    client = fake.new_simple_dynamic_client_with_custom_list_kinds(
        runtime.new_scheme(),
        {THEKINDS: "TheKindList"},
        new_unstructured("group/version", "TheKind", "ns-foo", "name-foo"),
        new_unstructured("group2/version", "TheKind", "ns-foo", "name2-foo"),
        new_unstructured("group/version", "TheKind", "ns-foo", "name-bar"),
        new_unstructured("group/version", "TheKind", "ns-foo", "name-baz"),
        new_unstructured("group2/version", "TheKind", "ns-foo", "name2-baz"),
    )
    list_first = client.resource(THEKINDS).list(None, metav1.ListOptions())
    assert list_first.items == [
        new_unstructured("group/version", "TheKind", "ns-foo", "name-bar"),
        new_unstructured("group/version", "TheKind", "ns-foo", "name-baz"),
        new_unstructured("group/version", "TheKind", "ns-foo", "name-foo"),
    ]


def test_list_kind():
    """Test_ListKind: a list fixture adds its items; the list's resourceVersion counts them."""
    client = fake.new_simple_dynamic_client_with_custom_list_kinds(
        runtime.new_scheme(),
        {THEKINDS: "TheKindList"},
        UnstructuredList(
            {"apiVersion": "group/version", "kind": "TheKindList"},
            [
                new_unstructured("group/version", "TheKind", "ns-foo", "name-foo"),
                new_unstructured("group/version", "TheKind", "ns-foo", "name-bar"),
                new_unstructured("group/version", "TheKind", "ns-foo", "name-baz"),
            ],
        ),
    )
    list_first = client.resource(THEKINDS).list(None, metav1.ListOptions())
    assert list_first == UnstructuredList(
        {
            "apiVersion": "group/version",
            "kind": "TheKindList",
            "metadata": {"continue": "", "resourceVersion": "4"},  # three objects created; it starts at 1
        },
        [
            new_unstructured("group/version", "TheKind", "ns-foo", "name-bar"),
            new_unstructured("group/version", "TheKind", "ns-foo", "name-baz"),
            new_unstructured("group/version", "TheKind", "ns-foo", "name-foo"),
        ],
    )


@pytest.mark.parametrize(
    ("name", "obj", "pt", "patch", "want_err", "want"),
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
            b'[{"op": "replace", "path": "/spec/foo", "value": "foobar"}]',
            "",
            {"foo": "foobar"},
        ),
        (
            "jsonpatch works with simple addition",
            {"foo": "bar"},
            JSONPatchType,
            b'[{"op": "add", "path": "/spec/newvalue", "value": "dummy"}]',
            "",
            {"foo": "bar", "newvalue": "dummy"},
        ),
        (
            "jsonpatch works with simple deletion",
            {"foo": "bar", "toremove": "shouldnotbehere"},
            JSONPatchType,
            b'[{"op": "remove", "path": "/spec/toremove"}]',
            "",
            {"foo": "bar"},
        ),
        (
            "strategic merge patch fails with JSONPatch",
            {"foo": "bar"},
            StrategicMergePatchType,
            b'[{"op": "add", "path": "/spec/newvalue", "value": "dummy"}]',
            "invalid JSON document",
            None,
        ),
        (
            "merge patch works with simple replacement",
            {"foo": "bar"},
            MergePatchType,
            b'{ "spec": { "foo": "baz" } }',
            "",
            {"foo": "baz"},
        ),
    ],
)
def test_patch(name, obj, pt, patch, want_err, want):
    """TestPatch: the error text exactly, or the whole patched object."""
    client = fake.new_simple_dynamic_client(runtime.new_scheme(), new_unstructured_with_spec(obj))
    resource_interface = client.resource(TEST_GVR).namespace(TEST_NAMESPACE)
    if want_err:
        with pytest.raises(Exception) as info:
            resource_interface.patch(None, TEST_NAME, pt, patch, metav1.PatchOptions())
        assert str(info.value) == want_err
        return
    got = resource_interface.patch(None, TEST_NAME, pt, patch, metav1.PatchOptions())
    assert got == new_unstructured_with_spec(want)


def _typed_scheme():
    """Go's mockResource / mockResourceList under the test kinds."""
    gvk = TEST_GVR.group_version().with_kind(TEST_KIND)
    typed = runtime.new_scheme()
    typed.add_known_type_with_name(gvk, metav1.PartialObjectMetadata)
    typed.add_known_type_with_name(
        TEST_GVR.group_version().with_kind(TEST_KIND + "List"), metav1.PartialObjectMetadataList
    )
    return typed, gvk


def _u(gvk):
    u = Unstructured()
    u.set_group_version_kind(gvk)
    u.set_name("name")
    u.set_namespace("namespace")
    return u


def _expected_list(gvk, resource_version, *items):
    expected = UnstructuredList()
    expected.set_group_version_kind(gvk.group_version().with_kind(gvk.kind + "List"))
    expected.set_resource_version(resource_version)
    expected.set_continue("")
    expected.items.extend(items)
    return expected


def test_list_with_unstructured_objects_and_typed_scheme():
    """TestListWithUnstructuredObjectsAndTypedScheme."""
    typed, gvk = _typed_scheme()
    u = _u(gvk)
    client = fake.new_simple_dynamic_client(typed, u)
    got = client.resource(TEST_GVR).namespace("namespace").list(None, metav1.ListOptions())
    assert got == _expected_list(gvk, "2", u)  # one object created; it starts at 1


def test_list_with_no_fixtures_and_typed_scheme():
    """TestListWithNoFixturesAndTypedScheme."""
    typed, gvk = _typed_scheme()
    client = fake.new_simple_dynamic_client(typed)
    got = client.resource(TEST_GVR).namespace("namespace").list(None, metav1.ListOptions())
    assert got == _expected_list(gvk, "1")


def test_list_with_no_scheme():
    """TestListWithNoScheme: the fixture's kind and its list are registered from the fixture."""
    gvk = TEST_GVR.group_version().with_kind(TEST_KIND)
    u = _u(gvk)
    client = fake.new_simple_dynamic_client(runtime.new_scheme(), u)
    got = client.resource(TEST_GVR).namespace("namespace").list(None, metav1.ListOptions())
    assert got == _expected_list(gvk, "2", u)


def test_list_with_typed_fixtures():
    """TestListWithTypedFixtures: a typed fixture is listed as the Unstructured of its type and metadata."""
    typed, gvk = _typed_scheme()
    r = metav1.PartialObjectMetadata(metadata=metav1.ObjectMeta(name="name", namespace="namespace"))
    r.apiVersion, r.kind = gvk.to_api_version_and_kind()
    client = fake.new_simple_dynamic_client(typed, r)
    got = client.resource(TEST_GVR).namespace("namespace").list(None, metav1.ListOptions())
    assert got == _expected_list(gvk, "2", _u(gvk))
