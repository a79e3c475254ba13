"""tools/reference: ref_test.go ported test by test, plus the list and reference-to-reference cases of ref.go."""

from __future__ import annotations

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind, from_api_version_and_kind
from kubernetes_py.kubernetes import scheme as clientscheme
from kubernetes_py.tools import reference


class TestRuntimeObj:
    """ref_test.go's TestRuntimeObj: TypeMeta and ObjectMeta, and a deep copy that must never be made."""

    __test__ = False  # not a pytest test class

    def __init__(self, api_version: str = "", kind: str = "", metadata: metav1.ObjectMeta | None = None) -> None:
        self.apiVersion = api_version
        self.kind = kind
        self.metadata = metadata if metadata is not None else metav1.ObjectMeta()

    def get_object_kind(self) -> TestRuntimeObj:
        return self

    def group_version_kind(self) -> GroupVersionKind:
        return from_api_version_and_kind(self.apiVersion, self.kind)

    def set_group_version_kind(self, gvk: GroupVersionKind) -> None:
        self.apiVersion, self.kind = gvk.to_api_version_and_kind()

    def get_object_meta(self) -> metav1.ObjectMeta:
        return self.metadata

    def deep_copy_object(self) -> TestRuntimeObj:
        raise RuntimeError("die")


@pytest.mark.parametrize(
    "group_version,expected",
    [(GroupVersion("", "v1"), "v1"), (GroupVersion("foo.group", "v3"), "foo.group/v3")],
    ids=["v1 GV from scheme", "foo.group/v3 GV from scheme"],
)
def test_get_reference_ref_version(group_version, expected):
    s = runtime.new_scheme()
    s.add_known_types(group_version, TestRuntimeObj)
    ref = reference.get_reference(s, TestRuntimeObj())
    assert ref.apiVersion == expected
    assert ref.kind == "TestRuntimeObj"


def test_get_reference_nil_scheme():
    with pytest.raises(ValueError) as caught:
        reference.get_reference(None, TestRuntimeObj())
    assert str(caught.value) == "scheme is required to look up gvk"


def test_get_reference_nil_scheme_with_populated_gvk():
    ref = reference.get_reference(
        None, TestRuntimeObj(api_version="foo.group/v3", kind="Bar", metadata=metav1.ObjectMeta(name="a-name"))
    )
    assert (ref.apiVersion, ref.kind, ref.name) == ("foo.group/v3", "Bar", "a-name")


def test_nil_object_and_reference_to_a_reference():
    with pytest.raises(reference.ErrNilObject) as caught:
        reference.get_reference(clientscheme.Scheme, None)
    assert str(caught.value) == "can't reference a nil object"
    ref = corev1.ObjectReference(kind="Pod", name="p")
    assert reference.get_reference(None, ref) is ref


def test_whole_reference_of_a_typed_object_and_of_a_list():
    pod = corev1.Pod(
        metadata=metav1.ObjectMeta(name="p", namespace="ns", uid="u-1", resourceVersion="7"),
    )
    assert reference.get_partial_reference(clientscheme.Scheme, pod, "spec.containers[0]") == corev1.ObjectReference(
        kind="Pod",
        apiVersion="v1",
        name="p",
        namespace="ns",
        uid="u-1",
        resourceVersion="7",
        fieldPath="spec.containers[0]",
    )
    pods = corev1.PodList(metadata=metav1.ListMeta(resourceVersion="12"))
    assert reference.get_reference(clientscheme.Scheme, pods) == corev1.ObjectReference(
        kind="PodList", apiVersion="v1", resourceVersion="12"
    )
