"""runtime.Scheme registration, lookups, conversion labels and error messages."""

import pytest

from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.apps import v1beta1 as appsv1beta1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind
from kubernetes_py.kubernetes import scheme as clientscheme

APPS = GroupVersion(group="apps", version="v1")


def new():
    s = runtime.new_scheme("test-scheme")
    appsv1.add_to_scheme(s)
    corev1.add_to_scheme(s)
    return s


def test_known_types_and_object_kinds():
    s = new()
    assert s.known_types(APPS)["Deployment"] is appsv1.Deployment
    assert s.object_kinds(appsv1.Deployment()) == ([GroupVersionKind("apps", "v1", "Deployment")], False)
    assert s.recognizes(GroupVersionKind("apps", "v1", "Deployment"))
    assert not s.recognizes(GroupVersionKind("apps", "v1beta1", "Deployment"))
    assert type(s.new(GroupVersionKind("", "v1", "Pod"))) is corev1.Pod
    # option types and WatchEvent are registered in every group version, Status is unversioned
    gvks, unversioned = s.object_kinds(metav1.Status())
    assert unversioned and GroupVersionKind("", "v1", "Status") in gvks
    assert s.is_unversioned(metav1.Status()) == (True, True)
    assert s.is_unversioned(corev1.Container()) == (False, False)
    assert type(s.new(GroupVersionKind("apps", "v1", "Status"))) is metav1.Status


def test_not_registered_errors_have_go_messages():
    s = new()
    with pytest.raises(
        runtime.NotRegisteredError, match='^no kind "Foo" is registered for version "apps/v1" in scheme "test-scheme"$'
    ):
        s.new(GroupVersionKind("apps", "v1", "Foo"))
    with pytest.raises(
        runtime.NotRegisteredError, match='^no kind is registered for the type v1.Container in scheme "test-scheme"$'
    ):
        s.object_kinds(corev1.Container())
    with pytest.raises(
        runtime.NotRegisteredError, match='^no version "x/v9" has been registered in scheme "test-scheme"$'
    ):
        s.new(GroupVersionKind("x", "v9", ""))
    with pytest.raises(runtime.NotRegisteredError, match='internal version of group "apps"'):
        s.new(GroupVersionKind("apps", "__internal", "Deployment"))
    assert runtime.is_not_registered_error(runtime.NotRegisteredError("s", gvk=GroupVersionKind("", "v1", "X")))


def test_registration_rules():
    s = runtime.new_scheme("r")
    with pytest.raises(ValueError, match="version is required on all types"):
        s.add_known_type_with_name(GroupVersionKind("g", "", "K"), corev1.Pod)
    s.add_known_type_with_name(GroupVersionKind("g", "v1", "Thing"), corev1.Pod)
    assert s.object_kinds(corev1.Pod()) == ([GroupVersionKind("g", "v1", "Thing")], False)
    with pytest.raises(ValueError, match=r"Double registration of different types for g/v1, Kind=Thing"):
        s.add_known_type_with_name(GroupVersionKind("g", "v1", "Thing"), corev1.Service)
    with pytest.raises(TypeError, match="must be classes"):
        s.add_known_types(GroupVersion(group="g", version="v1"), corev1.Pod())


def test_version_priority_and_observed_versions():
    s = runtime.new_scheme("p")
    appsv1.add_to_scheme(s)
    appsv1beta1.add_to_scheme(s)
    assert s.prioritized_versions_for_group("apps") == [APPS, GroupVersion(group="apps", version="v1beta1")]
    s.set_version_priority(GroupVersion(group="apps", version="v1beta1"), APPS)
    assert s.prioritized_versions_for_group("apps")[0].version == "v1beta1"
    assert s.versions_for_group_kind(GroupKind(group="apps", kind="Deployment"))[0].version == "v1beta1"
    assert s.is_group_registered("apps") and not s.is_group_registered("batch")
    with pytest.raises(ValueError, match="must register versions for exactly one group: , apps"):
        s.set_version_priority(APPS, GroupVersion(group="", version="v1"))
    with pytest.raises(ValueError, match="internal versions cannot be prioritized"):
        s.set_version_priority(GroupVersion(group="apps", version="__internal"))


def test_convert_to_version_labels_a_copy():
    s = new()
    d = appsv1.Deployment()
    out = s.convert_to_version(d, APPS)
    assert out is not d and out.kind == "Deployment" and out.apiVersion == "apps/v1" and d.kind == ""
    with pytest.raises(runtime.NotRegisteredError, match='v1.Deployment is not suitable for converting to "batch/v1"'):
        s.convert_to_version(d, GroupVersion(group="batch", version="v1"))


def test_convert_between_typed_and_unstructured():
    s = new()
    u = Unstructured()
    s.convert(appsv1.Deployment(spec=appsv1.DeploymentSpec(replicas=3)), u)
    assert u.get_api_version() == "apps/v1" and u.object["spec"]["replicas"] == 3
    typed = appsv1.Deployment()
    s.convert(u, typed)
    assert typed.spec.replicas == 3 and typed.kind == "Deployment"
    typed2 = s.unsafe_convert_to_version(u, APPS)
    assert typed2.spec.replicas == 3


def test_field_label_conversion_default():
    s = new()
    assert s.convert_field_label(GroupVersionKind("", "v1", "Pod"), "metadata.name", "x") == ("metadata.name", "x")
    with pytest.raises(
        ValueError, match='^"spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"$'
    ):
        s.convert_field_label(GroupVersionKind("", "v1", "Pod"), "spec.nodeName", "n")
    s.add_field_label_conversion_func(GroupVersionKind("", "v1", "Pod"), lambda label, value: (label, value.upper()))
    assert s.convert_field_label(GroupVersionKind("", "v1", "Pod"), "spec.nodeName", "n") == ("spec.nodeName", "N")


def test_defaulting_funcs():
    s = new()
    s.add_type_defaulting_func(corev1.Pod, lambda p: setattr(p.spec, "restartPolicy", p.spec.restartPolicy or "Always"))
    p = corev1.Pod()
    s.default(p)
    assert p.spec.restartPolicy == "Always"


def test_client_go_scheme_has_every_builtin_group():
    all_kinds = clientscheme.Scheme.all_known_types()
    assert clientscheme.Scheme.name() == "k8s.io/client-go/kubernetes/scheme/register.go:84"
    for gvk in (
        GroupVersionKind("", "v1", "Pod"),
        GroupVersionKind("apps", "v1", "Deployment"),
        GroupVersionKind("batch", "v1", "CronJob"),
        GroupVersionKind("", "v1", "Status"),
        GroupVersionKind("storage.k8s.io", "v1", "ListOptions"),
    ):
        assert gvk in all_kinds, gvk
    assert not clientscheme.Scheme.recognizes(
        GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition")
    )


def test_multi_group_versioner():
    gv = runtime.new_multi_group_versioner(APPS, GroupKind(group="extensions", kind=""))
    kind, ok = gv.kind_for_group_version_kinds([GroupVersionKind("extensions", "v1beta1", "Deployment")])
    assert ok and kind == GroupVersionKind("apps", "v1", "Deployment")
    assert gv.kind_for_group_version_kinds([GroupVersionKind("batch", "v1", "Job")]) == (GroupVersionKind(), False)
    assert runtime.new_multi_group_versioner(APPS) is APPS
    assert runtime.InternalGroupVersioner.kind_for_group_version_kinds(
        [GroupVersionKind("apps", "v1", "Deployment")]
    ) == (GroupVersionKind("apps", "__internal", "Deployment"), True)


def test_scheme_builder_registers_in_order_and_stops_at_the_first_error():
    calls = []

    def add_types(s):
        calls.append("types")
        s.add_known_types(GroupVersion(group="example.com", version="v1"), corev1.ConfigMap)

    def fail(s):
        calls.append("fail")
        raise ValueError("boom")

    builder = runtime.new_scheme_builder(add_types)
    s = runtime.new_scheme("b")
    builder.add_to_scheme(s)
    assert s.recognizes(GroupVersionKind("example.com", "v1", "ConfigMap"))
    builder.register(fail, add_types)
    with pytest.raises(ValueError, match="boom"):
        builder.add_to_scheme(runtime.new_scheme("c"))
    assert calls == ["types", "types", "fail"]
