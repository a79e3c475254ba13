"""client-go discovery/helper_blackbox_test.go (TestServerSupportsVersion over rest/fake's HTTP client, as Go's
test swaps the discovery client's http.Client) and discovery/fake/discovery_test.go."""

from __future__ import annotations

import json

import pytest
import requests

from kubernetes_py import discovery, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.discovery.fake import FakeDiscovery
from kubernetes_py.kubernetes import fake as fakeclientset
from kubernetes_py.rest import fake as restfake


@pytest.mark.parametrize(
    ("name", "required", "server_versions", "send_err", "status", "expect"),
    [
        ("explicit version supported", GroupVersion(version="v1"), ["/version1", "v1"], None, 200, None),
        (
            "explicit version not supported on server",
            GroupVersion(version="v1"),
            ["version1"],
            None,
            200,
            'server does not support API version "v1"',
        ),
        (
            "Status 403 Forbidden for core/v1 group returns error and is unsupported",
            GroupVersion(version="v1"),
            ["/version1", "v1"],
            None,
            403,
            "unknown",
        ),
        (
            "Status 404 Not Found for core/v1 group returns empty and is unsupported",
            GroupVersion(version="v1"),
            ["/version1", "v1"],
            None,
            404,
            "server could not find the requested resource",
        ),
        ("connection refused error", GroupVersion(), ["version1"], "connection refused", 200, "connection refused"),
    ],
)
def test_server_supports_version(name, required, server_versions, send_err, status, expect):
    """TestServerSupportsVersion."""

    def round_trip(req):
        if send_err is not None:
            raise requests.ConnectionError(send_err)
        body = json.dumps({"versions": server_versions, "serverAddressByClientCIDRs": None}).encode()
        return restfake.new_response(status, body, {"Content-Type": "application/json"})

    c = discovery.new_discovery_client_for_config_or_die(rest.Config())
    c.rest_client().client = restfake.create_http_client(round_trip)
    if expect is None:
        discovery.server_supports_version(c, required)
        return
    with pytest.raises(Exception) as info:
        discovery.server_supports_version(c, required)
    assert expect in str(info.value)


def _stringify(rls):
    result = []
    for rl in rls:
        result.extend(rl.groupVersion + "." + r.name for r in rl.resources)
        if not rl.resources:
            result.append(rl.groupVersion)
    return result


def test_filtered_by():
    """TestFilteredBy."""
    all_ = discovery.ResourcePredicateFunc(lambda gv, r: True)
    none = discovery.ResourcePredicateFunc(lambda gv, r: False)
    only_v2 = discovery.ResourcePredicateFunc(lambda gv, r: gv.endswith("/v2") or gv == "v2")
    only_bar = discovery.ResourcePredicateFunc(lambda gv, r: r.kind == "Bar")

    def lst(gv, *names):
        return metav1.APIResourceList(
            groupVersion=gv, resources=[metav1.APIResource(name=n, kind=n.capitalize()) for n in names]
        )

    foo = [lst("foo/v1", "bar", "test"), lst("foo/v2", "bar", "test"), lst("foo/v3")]
    cases = [
        ([], all_, []),
        ([metav1.APIResourceList(groupVersion="foo/v1")], all_, []),
        (foo, all_, ["foo/v1.bar", "foo/v1.test", "foo/v2.bar", "foo/v2.test"]),
        (foo, only_v2, ["foo/v2.bar", "foo/v2.test"]),
        (foo, only_bar, ["foo/v1.bar", "foo/v2.bar"]),
        (foo, none, []),
    ]
    for rls, pred, expected in cases:
        assert set(_stringify(discovery.filtered_by(pred, rls))) == set(expected)


def test_faking_server_version():
    """TestFakingServerVersion."""
    client = fakeclientset.new_simple_clientset()
    fake_discovery = client.discovery()
    assert isinstance(fake_discovery, FakeDiscovery)
    fake_discovery.faked_server_version = Info(git_commit="v1.0.0")
    assert client.discovery().server_version().git_commit == "v1.0.0"


def _failing(client, verb="*", resource="*"):
    expected = RuntimeError("an error occurred")
    client.discovery().prepend_reactor(verb, resource, lambda action: (True, None, expected))
    return expected


def test_faking_server_version_with_error():
    """TestFakingServerVersionWithError."""
    client = fakeclientset.new_simple_clientset()
    expected = _failing(client)
    with pytest.raises(RuntimeError) as info:
        client.discovery().server_version()
    assert info.value is expected


def test_faking_server_resources_for_group_version_with_error():
    """TestFakingServerResourcesForGroupVersionWithError."""
    client = fakeclientset.new_clientset()
    expected = _failing(client)
    with pytest.raises(RuntimeError) as info:
        client.discovery().server_resources_for_group_version("dummy.group.io/v1beta2")
    assert info.value is expected


def test_faking_server_groups_with_error():
    """TestFakingServerGroupsWithError."""
    client = fakeclientset.new_clientset()
    expected = _failing(client)
    with pytest.raises(RuntimeError) as info:
        client.discovery().server_groups()
    assert info.value is expected


def test_faking_server_groups_and_resources_with_error():
    """TestFakingServerGroupsAndResourcesWithError: only the "resource" action fails."""
    client = fakeclientset.new_clientset()
    expected = _failing(client, "get", "resource")
    with pytest.raises(RuntimeError) as info:
        client.discovery().server_groups_and_resources()
    assert info.value is expected
    assert [(a.get_verb(), a.get_resource().resource) for a in client.actions()] == [
        ("get", "group"),
        ("get", "resource"),
    ]
