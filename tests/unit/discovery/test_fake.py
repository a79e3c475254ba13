"""discovery.fake.FakeDiscovery (cases from client-go's discovery/fake tests)."""

from __future__ import annotations

import pytest

from kubernetes_py import discovery, restmapper, testing
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.discovery.fake import FakeDiscovery


def lists():
    return [
        metav1.APIResourceList(
            groupVersion="v1",
            resources=[metav1.APIResource(name="pods", kind="Pod", namespaced=True, shortNames=["po"])],
        ),
        metav1.APIResourceList(
            groupVersion="apps/v1",
            resources=[metav1.APIResource(name="deployments", kind="Deployment", namespaced=True)],
        ),
        metav1.APIResourceList(groupVersion="apps/v1beta1", resources=[]),
    ]


def test_groups_and_resources_come_from_the_fake_resources():
    fake = FakeDiscovery(fake=testing.Fake())
    fake.resources = lists()  # the embedded Fake's field, as in Go
    assert fake.fake.resources is fake.resources
    groups = fake.server_groups()
    assert [(g.name, [v.groupVersion for v in g.versions], g.preferredVersion.groupVersion) for g in groups.groups] == [
        ("", ["v1"], "v1"),
        ("apps", ["apps/v1", "apps/v1beta1"], "apps/v1"),
    ]
    gs, rs = fake.server_groups_and_resources()
    assert [g.name for g in gs] == ["", "apps"] and [r.groupVersion for r in rs] == ["v1", "apps/v1", "apps/v1beta1"]
    assert fake.server_resources_for_group_version("apps/v1").resources[0].name == "deployments"
    with pytest.raises(errors.StatusError) as info:
        fake.server_resources_for_group_version("dummy.group.io/v1beta2")
    assert errors.is_not_found(info.value)
    assert str(info.value) == (
        'the server could not find the requested resource, GroupVersion "dummy.group.io/v1beta2" not found'
    )
    assert [(a.get_verb(), a.get_resource().resource) for a in fake.actions()] == [
        ("get", "group"),
        ("get", "group"),
        ("get", "resource"),
        ("get", "resource"),
        ("get", "resource"),
    ]
    assert fake.server_preferred_resources() is None
    assert isinstance(fake, discovery.ServerGroupsInterface)


def test_faking_server_version():
    fake = FakeDiscovery()
    assert fake.server_version().git_version == "v0.0.0-master+$Format:%H$"
    fake.faked_server_version = Info(git_commit="v1.0.0")
    assert fake.server_version().git_commit == "v1.0.0"


def test_reactor_errors_are_raised():
    expected = RuntimeError("an error occurred")
    fake = FakeDiscovery()
    fake.resources = lists()
    fake.prepend_reactor("*", "*", lambda action: (True, None, expected))
    for call in (
        fake.server_version,
        fake.server_groups,
        lambda: fake.server_resources_for_group_version("dummy.group.io/v1beta2"),
    ):
        with pytest.raises(RuntimeError) as info:
            call()
        assert info.value is expected


def test_failing_resource_action_keeps_the_groups_on_the_error():
    expected = RuntimeError("an error occurred")
    fake = FakeDiscovery()
    fake.resources = lists()
    fake.prepend_reactor("get", "resource", lambda action: (True, None, expected))
    with pytest.raises(RuntimeError) as info:
        fake.server_groups_and_resources()
    assert info.value is expected
    assert [g.name for g in info.value.partial_groups] == ["", "apps"] and len(info.value.partial_resources) == 3


def test_rest_mapper_and_shortcuts_over_the_fake():
    fake = FakeDiscovery()
    fake.resources = lists()
    mapper = restmapper.new_shortcut_expander(
        restmapper.new_discovery_rest_mapper(restmapper.get_api_group_resources(fake)), fake
    )
    assert mapper.resource_for(GroupVersionResource(resource="po")) == GroupVersionResource(
        version="v1", resource="pods"
    )
    assert mapper.resource_for(GroupVersionResource(resource="deployment")) == GroupVersionResource(
        group="apps", version="v1", resource="deployments"
    )
