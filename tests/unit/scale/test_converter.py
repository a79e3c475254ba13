"""The scale converter (client-go scale/util.go and scale/scheme/*/conversion.go): every external scale kind
round-trips through the internal Scale, with the selector rules of client-go's conversions."""

from __future__ import annotations

import pytest

from kubernetes_py import scale
from kubernetes_py.api.apps import v1beta1 as appsv1beta1
from kubernetes_py.api.apps import v1beta2 as appsv1beta2
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.api.extensions import v1beta1 as extv1beta1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.error import NotRegisteredError
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.scale import scheme as scalescheme

V1BETA = [
    (extv1beta1.Scale, extv1beta1.SchemeGroupVersion),
    (appsv1beta1.Scale, appsv1beta1.SchemeGroupVersion),
    (appsv1beta2.Scale, appsv1beta2.SchemeGroupVersion),
]


def _auto(selector: str) -> autoscalingv1.Scale:
    s = autoscalingv1.Scale(metadata=metav1.ObjectMeta(name="web", namespace="ns", resourceVersion="3"))
    s.spec.replicas, s.status.replicas, s.status.selector = 4, 2, selector
    return s


@pytest.mark.parametrize("cls,gv", V1BETA)
def test_autoscaling_to_v1beta_and_back(cls, gv):
    c = scale.new_scale_converter()
    out = c.convert_to_version(_auto("app=web,tier=front"), gv)
    assert type(out) is cls and (out.kind, out.apiVersion) == ("Scale", str(gv))
    assert out.metadata == metav1.ObjectMeta(name="web", namespace="ns", resourceVersion="3")
    assert (out.spec.replicas, out.status.replicas) == (4, 2)
    assert dict(out.status.selector) == {"app": "web", "tier": "front"}
    assert out.status.targetSelector == "app=web,tier=front"
    back = c.convert_to_version(out, autoscalingv1.SchemeGroupVersion)
    expected = _auto("app=web,tier=front")
    expected.kind, expected.apiVersion = "Scale", "autoscaling/v1"
    assert back == expected


@pytest.mark.parametrize("cls,gv", V1BETA)
def test_selector_with_expressions_has_no_map_form(cls, gv):
    out = scale.new_scale_converter().convert_to_version(_auto("app in (a,b),!canary"), gv)
    assert dict(out.status.selector) == {}
    assert out.status.targetSelector == "app in (a,b),!canary"


def test_v1beta_map_selector_without_target_selector():
    s = extv1beta1.Scale(metadata=metav1.ObjectMeta(name="x"))
    s.status.selector.update({"b": "2", "a": "1"})
    out = scale.new_scale_converter().convert_to_version(s, autoscalingv1.SchemeGroupVersion)
    assert out.status.selector == "a=1,b=2"


def test_target_selector_wins_over_map():
    s = appsv1beta2.Scale()
    s.status.selector.update({"a": "1"})
    s.status.targetSelector = "z=9"
    assert scale.new_scale_converter().convert_to_version(s, autoscalingv1.SchemeGroupVersion).status.selector == "z=9"


def test_no_selector_stays_empty():
    out = scale.new_scale_converter().convert_to_version(_auto(""), extv1beta1.SchemeGroupVersion)
    assert dict(out.status.selector) == {} and out.status.targetSelector == ""


def test_unparsable_selector():
    with pytest.raises(ValueError, match="^failed to parse target selector: "):
        scale.new_scale_converter().convert_to_version(_auto("a=(b"), extv1beta1.SchemeGroupVersion)


def test_internal_versions_and_input_not_modified():
    c = scale.new_scale_converter()
    src = _auto("a=b")
    internal = c.convert_to_version(src, scalescheme.SchemeGroupVersion)
    assert isinstance(internal, scalescheme.Scale)
    assert internal.status.selector == metav1.LabelSelector(matchLabels={"a": "b"})
    internal.metadata.name = "changed"
    assert src.metadata.name == "web" and src.kind == ""
    assert c.convert_to_version(internal, appsv1beta1.SchemeGroupVersion).metadata.name == "changed"


def test_unregistered_targets():
    c = scale.new_scale_converter()
    with pytest.raises(NotRegisteredError) as err:
        c.convert_to_version(_auto(""), GroupVersion("apps", "v1"))
    assert str(err.value) == (
        'no kind "Scale" is registered for version "apps/v1" in scheme "pkg/runtime/scheme.go:111"'
    )
    with pytest.raises(NotRegisteredError) as err:
        c.convert_to_version(_auto(""), GroupVersion("cheese.testing.k8s.io", "v1"))
    assert str(err.value) == (
        'scheme.Scale is not suitable for converting to "cheese.testing.k8s.io/v1" in scheme '
        '"pkg/runtime/scheme.go:111"'
    )


def test_scale_versions_and_scheme():
    c = scale.new_scale_converter()
    assert [str(gv) for gv in c.scale_versions()] == [
        "autoscaling/v1",
        "autoscaling/__internal",
        "extensions/v1beta1",
        "extensions/__internal",
        "apps/__internal",
        "apps/v1beta1",
        "apps/v1beta2",
    ]
    assert sorted(str(k) for k in c.scheme().all_known_types()) == [
        "apps/v1beta1, Kind=Scale",
        "apps/v1beta2, Kind=Scale",
        "autoscaling/v1, Kind=Scale",
        "extensions/v1beta1, Kind=Scale",
    ]
