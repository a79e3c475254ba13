"""restmapper: discovery-built mappers, the deferred mapper and short names (cases from client-go's tests)."""

from __future__ import annotations

import pytest

from kubernetes_py import discovery, restmapper
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersionKind, GroupVersionResource
from kubernetes_py.discovery.cached import memory

from tests.unit.discovery.fixtures import FakeAPIServer, serve

GVR = GroupVersionResource
GVK = GroupVersionKind


def _group(name, versions, preferred):
    return metav1.APIGroup(
        name=name,
        versions=[metav1.GroupVersionForDiscovery(version=v) for v in versions],
        preferredVersion=metav1.GroupVersionForDiscovery(version=preferred),
    )


def _res(name, kind, namespaced=True):
    return metav1.APIResource(name=name, namespaced=namespaced, kind=kind)


@pytest.fixture
def mapper():
    resources = [
        restmapper.APIGroupResources(
            _group("extensions", ["v1beta"], "v1beta"), {"v1beta": [_res("jobs", "Job"), _res("pods", "Pod")]}
        ),
        restmapper.APIGroupResources(
            _group("", ["v1", "v2"], "v1"), {"v1": [_res("pods", "Pod")], "v2": [_res("pods", "Pod")]}
        ),
        restmapper.APIGroupResources(
            _group("unpreferred", ["v1", "v2beta1", "v2alpha1"], "v1"),
            {
                "v1": [_res("broccoli", "Broccoli")],
                "v2beta1": [_res("broccoli", "Broccoli"), _res("peas", "Pea")],
                "v2alpha1": [_res("broccoli", "Broccoli"), _res("peas", "Pea")],
            },
        ),
    ]
    return restmapper.new_discovery_rest_mapper(resources)


@pytest.mark.parametrize(
    "given,want",
    [
        (GVR(resource="pods"), GVK(version="v1", kind="Pod")),
        (GVR(version="v1", resource="pods"), GVK(version="v1", kind="Pod")),
        (GVR(version="v2", resource="pods"), GVK(version="v2", kind="Pod")),
        (GVR(resource="jobs"), GVK(group="extensions", version="v1beta", kind="Job")),
        (GVR(resource="peas"), GVK(group="unpreferred", version="v2beta1", kind="Pea")),
    ],
)
def test_kind_for(mapper, given, want):
    assert mapper.kind_for(given) == want


@pytest.mark.parametrize(
    "given,want",
    [
        (GVR(resource="pods"), GVR(version="v1", resource="pods")),
        (GVR(version="v1", resource="pods"), GVR(version="v1", resource="pods")),
        (GVR(version="v2", resource="pods"), GVR(version="v2", resource="pods")),
        (GVR(resource="jobs"), GVR(group="extensions", version="v1beta", resource="jobs")),
        (GVR(resource="peas"), GVR(group="unpreferred", version="v2beta1", resource="peas")),
        (GVR(resource="pod"), GVR(version="v1", resource="pods")),  # singular guessed from the kind
    ],
)
def test_resource_for(mapper, given, want):
    assert mapper.resource_for(given) == want


def test_rest_mapping_scopes_and_lists(mapper):
    m = mapper.rest_mapping(GroupKind(kind="Pod"))
    assert (m.resource, m.group_version_kind, m.scope.name()) == (
        GVR(version="v1", resource="pods"),
        GVK(version="v1", kind="Pod"),
        "namespace",
    )
    m = mapper.rest_mapping(GroupKind(group="unpreferred", kind="Pea"))
    assert m.group_version_kind == GVK(group="unpreferred", version="v2beta1", kind="Pea")
    m = mapper.rest_mapping(GroupKind(kind="Pod"), "v2")
    assert m.resource == GVR(version="v2", resource="pods")
    assert mapper.kind_for(GVR(group="extensions", version="v1beta", resource="podlists")) == GVK(
        group="extensions", version="v1beta", kind="PodList"
    )


def test_no_match_errors_have_go_text(mapper):
    with pytest.raises(meta.NoResourceMatchError) as info:
        mapper.resource_for(GVR(resource="nothing"))
    assert str(info.value) == "no matches for /, Resource=nothing"
    assert meta.is_no_match_error(info.value)
    with pytest.raises(Exception) as info:
        mapper.rest_mapping(GroupKind(group="apps", kind="Deployment"), "v1")
    assert meta.is_no_match_error(info.value)
    assert str(info.value) == 'no matches for kind "Deployment" in version "apps/v1"'


def _discovery(httpserver, **kw):
    server = FakeAPIServer(**kw)
    return discovery.new_discovery_client_for_config(serve(httpserver, server)), server


def test_get_api_group_resources_from_a_server(httpserver):
    d, _ = _discovery(httpserver)
    groups = restmapper.get_api_group_resources(d)
    assert [g.group.name for g in groups] == ["", "apps", "autoscaling"]
    assert {v: [r.name for r in rs] for v, rs in groups[2].versioned_resources.items()} == {
        "v2": ["horizontalpodautoscalers"],
        "v1": ["horizontalpodautoscalers", "oldthings"],
    }
    m = restmapper.new_discovery_rest_mapper(groups)
    assert m.resource_for(GVR(resource="horizontalpodautoscalers")) == GVR(
        group="autoscaling", version="v2", resource="horizontalpodautoscalers"
    )
    assert m.rest_mapping(GroupKind(kind="Namespace")).scope is meta.RESTScopeRoot


def test_deferred_mapper_discovers_once_and_resets_on_a_miss(httpserver):
    d, server = _discovery(httpserver, aggregated=True)
    mc = memory.new_mem_cache_client(d)
    m = restmapper.new_deferred_discovery_rest_mapper(mc)
    assert server.requests == []  # nothing until first use
    assert m.kind_for(GVR(resource="deployments")) == GVK(group="apps", version="v1", kind="Deployment")
    assert server.paths() == ["/api", "/apis"]
    assert m.resource_for(GVR(resource="pods")) == GVR(version="v1", resource="pods")
    assert server.paths() == ["/api", "/apis"]
    # a miss while the cache is fresh is an answer, not a reason to rediscover
    with pytest.raises(meta.NoResourceMatchError):
        m.resource_for(GVR(resource="widgets"))
    assert server.paths() == ["/api", "/apis"]
    m.reset()
    assert not mc.fresh()
    m.resource_for(GVR(resource="pods"))
    assert server.paths() == ["/api", "/apis", "/api", "/apis"]


def test_shortcut_expander(httpserver):
    d, _ = _discovery(httpserver)
    warnings = []
    delegate = restmapper.new_discovery_rest_mapper(restmapper.get_api_group_resources(d))
    m = restmapper.new_shortcut_expander(delegate, d, warnings.append)
    assert m.resource_for(GVR(resource="po")) == GVR(version="v1", resource="pods")
    assert m.resource_for(GVR(resource="deploy")) == GVR(group="apps", version="v1", resource="deployments")
    assert m.kind_for(GVR(resource="ns")) == GVK(version="v1", kind="Namespace")
    assert m.resource_for(GVR(resource="pod")) == GVR(version="v1", resource="pods")
    assert m.resource_singularizer("hpa") == "horizontalpodautoscaler"
    # hpa is the short name in autoscaling/v2 and autoscaling/v1: both expand to the same resource, no warning
    assert m.resource_for(GVR(resource="hpa")).resource == "horizontalpodautoscalers"
    assert warnings == []


def test_shortcut_expander_warns_about_a_shadowed_short_name():
    class TwoGroups:
        def server_groups_and_resources(self):
            lists = [
                metav1.APIResourceList(
                    groupVersion="a.example.com/v1",
                    resources=[metav1.APIResource(name="widgets", kind="Widget", shortNames=["w"])],
                ),
                metav1.APIResourceList(
                    groupVersion="b.example.com/v1",
                    resources=[metav1.APIResource(name="wheels", kind="Wheel", shortNames=["w"])],
                ),
            ]
            return [], lists

    warnings = []
    expander = restmapper.new_shortcut_expander(meta.new_default_rest_mapper(), TwoGroups(), warnings.append)
    assert expander._expand_resource_shortcut(None, GVR(resource="w")) == GVR(group="a.example.com", resource="widgets")
    assert warnings == ['short name "w" could also match lower priority resource wheels.b.example.com']


def test_category_expansion():
    class Lists:
        def server_groups_and_resources(self):
            return [], [
                metav1.APIResourceList(
                    groupVersion="apps/v1",
                    resources=[
                        metav1.APIResource(name="deployments", categories=["all"]),
                        metav1.APIResource(name="controllerrevisions"),
                    ],
                ),
                metav1.APIResourceList(
                    groupVersion="v1", resources=[metav1.APIResource(name="pods", categories=["all"])]
                ),
            ]

    expander = restmapper.new_discovery_category_expander(Lists())
    from kubernetes_py.apimachinery.runtime.schema import GroupResource

    assert expander.expand("all") == (
        [GroupResource(group="apps", resource="deployments"), GroupResource(resource="pods")],
        True,
    )
    assert expander.expand("nope") == ([], False)
    union = restmapper.UnionCategoryExpander(
        [
            restmapper.SimpleCategoryExpander({"all": [GroupResource(resource="pods"), GroupResource(resource="x")]}),
            expander,
        ]
    )
    assert union.expand("all") == (
        [
            GroupResource(resource="pods"),
            GroupResource(resource="x"),
            GroupResource(group="apps", resource="deployments"),
        ],
        True,
    )
