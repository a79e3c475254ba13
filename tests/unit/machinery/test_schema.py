"""Table tests ported from apimachinery/pkg/runtime/schema/group_version_test.go."""

import pytest

from kubernetes_py.apimachinery.runtime import schema


@pytest.mark.parametrize(
    "text, expected",
    [
        ("v1", schema.GroupVersion(version="v1")),
        ("v2", schema.GroupVersion(version="v2")),
        ("/v1", schema.GroupVersion(version="v1")),
        ("v1/", schema.GroupVersion(group="v1")),
        ("v1/a", schema.GroupVersion(group="v1", version="a")),
        ("", schema.GroupVersion()),
        ("/", schema.GroupVersion()),
    ],
)
def test_parse_group_version(text, expected):
    assert schema.parse_group_version(text) == expected


def test_parse_group_version_rejects_two_slashes():
    with pytest.raises(ValueError) as err:
        schema.parse_group_version("/v1/")
    assert str(err.value) == "unexpected GroupVersion string: /v1/"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("v1", schema.GroupResource(resource="v1")),
        (".v1", schema.GroupResource(group="v1")),
        ("v1.", schema.GroupResource(resource="v1")),
        ("v1.a", schema.GroupResource(group="a", resource="v1")),
        ("b.v1.a", schema.GroupResource(group="v1.a", resource="b")),
    ],
)
def test_parse_group_resource(text, expected):
    assert schema.parse_group_resource(text) == expected


@pytest.mark.parametrize(
    "text, gvr, gr",
    [
        ("v1", None, schema.GroupResource(resource="v1")),
        (".v1", None, schema.GroupResource(group="v1")),
        ("v1.", None, schema.GroupResource(resource="v1")),
        ("v1.a", None, schema.GroupResource(group="a", resource="v1")),
        (
            "b.v1.a",
            schema.GroupVersionResource(group="a", version="v1", resource="b"),
            schema.GroupResource(group="v1.a", resource="b"),
        ),
    ],
)
def test_parse_resource_arg(text, gvr, gr):
    assert schema.parse_resource_arg(text) == (gvr, gr)


@pytest.mark.parametrize(
    "text, gvk, gk",
    [
        ("Pod", None, schema.GroupKind(kind="Pod")),
        (".apps", None, schema.GroupKind(group="apps")),
        ("Pod.", None, schema.GroupKind(kind="Pod")),
        ("StatefulSet.apps", None, schema.GroupKind(group="apps", kind="StatefulSet")),
        (
            "StatefulSet.v1.apps",
            schema.GroupVersionKind(group="apps", version="v1", kind="StatefulSet"),
            schema.GroupKind(group="v1.apps", kind="StatefulSet"),
        ),
    ],
)
def test_parse_kind_arg(text, gvk, gk):
    assert schema.parse_kind_arg(text) == (gvk, gk)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pod", schema.GroupKind(kind="Pod")),
        (".StatefulSet", schema.GroupKind(group="StatefulSet")),
        ("StatefulSet.apps", schema.GroupKind(group="apps", kind="StatefulSet")),
    ],
)
def test_parse_group_kind(text, expected):
    assert schema.parse_group_kind(text) == expected


def test_kind_for_group_version_kinds():
    gvs = schema.GroupVersions(
        [
            schema.GroupVersion(group="batch", version="v1"),
            schema.GroupVersion(group="batch", version="v2alpha1"),
            schema.GroupVersion(group="policy", version="v1beta1"),
        ]
    )
    GVK = schema.GroupVersionKind
    assert gvs.kind_for_group_version_kinds([GVK(group="batch", version="v2alpha1", kind="ScheduledJob")]) == (
        GVK(group="batch", version="v2alpha1", kind="ScheduledJob"),
        True,
    )
    assert gvs.kind_for_group_version_kinds([GVK(group="batch", version="v3alpha1", kind="CronJob")]) == (
        GVK(group="batch", version="v1", kind="CronJob"),
        True,
    )
    assert gvs.kind_for_group_version_kinds([GVK(group="policy", version="v1beta1", kind="PodDisruptionBudget")]) == (
        GVK(group="policy", version="v1beta1", kind="PodDisruptionBudget"),
        True,
    )
    assert gvs.kind_for_group_version_kinds([GVK(group="apps", version="v1alpha1", kind="StatefulSet")]) == (
        GVK(),
        False,
    )
    assert gvs.identifier() == "[batch/v1,batch/v2alpha1,policy/v1beta1]"


def test_to_api_version_and_kind_and_back():
    assert schema.GroupVersionKind(version="V1", kind="pod").to_api_version_and_kind() == ("V1", "pod")
    assert schema.GroupVersionKind().to_api_version_and_kind() == ("", "")
    assert schema.GroupVersionKind(group="apps", version="v1", kind="Deployment").to_api_version_and_kind() == (
        "apps/v1",
        "Deployment",
    )
    assert schema.from_api_version_and_kind("apps/v1", "Deployment") == schema.GroupVersionKind(
        group="apps", version="v1", kind="Deployment"
    )
    assert schema.from_api_version_and_kind("a/b/c", "X") == schema.GroupVersionKind(kind="X")


def test_string_forms_match_go():
    gvk = schema.GroupVersionKind(group="apps", version="v1", kind="Deployment")
    assert str(gvk) == "apps/v1, Kind=Deployment"
    assert str(schema.GroupVersionKind(version="v1", kind="Pod")) == "/v1, Kind=Pod"
    assert str(schema.GroupVersionResource(group="apps", version="v1", resource="deployments")) == (
        "apps/v1, Resource=deployments"
    )
    assert str(schema.GroupVersion(version="v1")) == "v1"
    assert str(schema.GroupVersion(group="apps", version="v1")) == "apps/v1"
    assert str(schema.GroupKind(kind="Pod")) == "Pod"
    assert str(schema.GroupKind(group="apps", kind="Deployment")) == "Deployment.apps"
    assert str(schema.GroupResource(resource="pods")) == "pods"
    assert str(schema.GroupResource(group="apps", resource="deployments")) == "deployments.apps"


def test_with_helpers_and_projections():
    gv = schema.GroupVersion(group="apps", version="v1")
    assert gv.with_kind("Deployment") == schema.GroupVersionKind(group="apps", version="v1", kind="Deployment")
    assert gv.with_resource("deployments") == schema.GroupVersionResource(
        group="apps", version="v1", resource="deployments"
    )
    gvr = gv.with_resource("deployments")
    assert gvr.group_resource() == schema.GroupResource(group="apps", resource="deployments")
    assert gvr.group_version() == gv
    assert gvr.group_resource().with_version("v2").version == "v2"
    assert gv.with_kind("D").group_kind().with_version("v1") == gv.with_kind("D")
    assert schema.GroupVersionKind().empty() and not gv.empty()


def test_values_are_frozen_and_hashable():
    gvk = schema.GroupVersionKind(group="apps", version="v1", kind="Deployment")
    assert {gvk: 1}[schema.GroupVersionKind(group="apps", version="v1", kind="Deployment")] == 1
    with pytest.raises(AttributeError):
        gvk.kind = "x"


def test_empty_object_kind():
    schema.EmptyObjectKind.set_group_version_kind(schema.GroupVersionKind(kind="X"))
    assert schema.EmptyObjectKind.group_version_kind() == schema.GroupVersionKind()
    assert isinstance(schema.EmptyObjectKind, schema.ObjectKind)
