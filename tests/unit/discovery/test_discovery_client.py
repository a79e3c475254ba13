"""DiscoveryClient against a fake API server: exact requests and Accept headers, aggregated discovery and its
fallback, partial failures, preferred resources."""

from __future__ import annotations

import pytest

from kubernetes_py import discovery
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind, GroupVersionResource

from .fixtures import FakeAPIServer, serve

ACCEPT_V2_FIRST = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"


def _client(httpserver, **kw):
    server = FakeAPIServer(**kw)
    return discovery.new_discovery_client_for_config(serve(httpserver, server)), server


def _names(resource_list):
    return [r.name for r in resource_list.resources]


def test_accept_header_constants_match_client_go():
    assert discovery.AcceptV1 == "application/json"
    assert discovery.AcceptV2 == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    assert discovery.AcceptV2NoPeer == discovery.AcceptV2 + ";profile=nopeer"


def test_legacy_server_groups_asks_for_aggregated_first_then_reads_plain_json(httpserver):
    d, server = _client(httpserver)
    groups = d.server_groups()
    assert [g.name for g in groups.groups] == ["", "apps", "autoscaling"]
    core = groups.groups[0]
    assert [(v.groupVersion, v.version) for v in core.versions] == [("v1", "v1")]
    assert core.preferredVersion.groupVersion == "v1"
    assert groups.groups[2].preferredVersion.version == "v2"
    assert server.requests == [("/api", ACCEPT_V2_FIRST), ("/apis", ACCEPT_V2_FIRST)]


def test_legacy_mode_and_nopeer_accept_headers(httpserver):
    d, server = _client(httpserver)
    d.with_legacy().server_groups()
    assert server.requests == [("/api", "application/json"), ("/apis", "application/json")]
    assert d.use_legacy_discovery is False  # with_legacy copies
    server.requests.clear()
    d.no_peer_discovery = True
    d.server_groups()
    assert server.requests[0] == ("/api", discovery.AcceptV2NoPeer + "," + ACCEPT_V2_FIRST)


def test_server_resources_for_group_version_paths(httpserver):
    d, server = _client(httpserver)
    core = d.server_resources_for_group_version("v1")
    apps = d.server_resources_for_group_version("apps/v1")
    assert core.groupVersion == "v1" and _names(core) == ["pods", "pods/status", "namespaces"]
    assert list(core.resources[0].verbs.items) == ["create", "delete", "get", "list", "watch"]
    assert list(core.resources[0].shortNames) == ["po"]
    assert core.resources[2].namespaced is False
    assert apps.groupVersion == "apps/v1" and _names(apps) == ["deployments"]
    assert server.paths() == ["/api/v1", "/apis/apps/v1"]
    with pytest.raises(ValueError, match="^groupVersion shouldn't be empty$"):
        d.server_resources_for_group_version("")


def test_legacy_groups_and_resources_fetch_each_group_version(httpserver):
    d, server = _client(httpserver)
    groups, resources = d.server_groups_and_resources()
    assert [g.name for g in groups] == ["", "apps", "autoscaling"]
    # ordered as the groups list them, whatever order the parallel requests finished in
    assert [r.groupVersion for r in resources] == ["v1", "apps/v1", "autoscaling/v2", "autoscaling/v1"]
    assert sorted(server.paths()[2:]) == ["/api/v1", "/apis/apps/v1", "/apis/autoscaling/v1", "/apis/autoscaling/v2"]


def test_aggregated_discovery_needs_no_per_group_requests(httpserver):
    d, server = _client(httpserver, aggregated=True)
    groups, resources_by_gv, failed = d.groups_and_maybe_resources()
    assert server.paths() == ["/api", "/apis"]
    assert [g.name for g in groups.groups] == ["", "apps", "autoscaling"]
    # the stale autoscaling/v1 is left out of the group and reported
    assert [v.version for v in groups.groups[2].versions] == ["v2"]
    assert groups.groups[2].preferredVersion.groupVersion == "autoscaling/v2"
    assert list(failed) == [GroupVersion(group="autoscaling", version="v1")]
    assert (
        str(failed[GroupVersion(group="autoscaling", version="v1")]) == "stale GroupVersion discovery: autoscaling/v1"
    )
    core = resources_by_gv[GroupVersion(version="v1")]
    assert _names(core) == ["pods", "pods/status", "namespaces"]
    pods, status, ns = core.resources
    assert (pods.singularName, pods.namespaced, pods.kind, pods.version) == ("pod", True, "Pod", "v1")
    assert (status.singularName, status.namespaced, list(status.verbs.items)) == ("pod", True, ["get", "patch"])
    assert ns.namespaced is False and list(ns.shortNames) == ["ns"]


def test_aggregated_partial_failure_is_reported_with_partial_results(httpserver):
    d, server = _client(httpserver, aggregated=True)
    with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
        d.server_groups_and_resources()
    err = info.value
    assert str(err) == (
        "unable to retrieve the complete list of server APIs: "
        "autoscaling/v1: stale GroupVersion discovery: autoscaling/v1"
    )
    assert [r.groupVersion for r in err.partial_resources] == ["v1", "apps/v1", "autoscaling/v2"]
    assert [g.name for g in err.partial_groups] == ["", "apps", "autoscaling"]
    assert discovery.is_group_discovery_failed_error(err)
    groups, ok = discovery.group_discovery_failed_error_groups(err)
    assert ok and list(groups) == [GroupVersion(group="autoscaling", version="v1")]
    # withRetries: a group discovery failure is retried once more
    assert server.paths() == ["/api", "/apis", "/api", "/apis"]


def test_legacy_partial_failure_names_the_failed_group_versions(httpserver):
    d, server = _client(httpserver, fail={"/apis/autoscaling/v1": 503, "/apis/apps/v1": 403})
    with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
        d.server_groups_and_resources()
    assert str(info.value) == (
        "unable to retrieve the complete list of server APIs: "
        "apps/v1: /apis/apps/v1 failed, autoscaling/v1: /apis/autoscaling/v1 failed"
    )
    assert [r.groupVersion for r in info.value.partial_resources] == ["v1", "autoscaling/v2"]
    assert server.paths().count("/apis/apps/v1") == 2


def test_missing_legacy_api_gives_no_core_group(httpserver):
    d, _ = _client(httpserver, missing_api=True)
    assert [g.name for g in d.server_groups().groups] == ["apps", "autoscaling"]


def test_failure_of_apis_is_raised(httpserver):
    from kubernetes_py.apimachinery.api import errors

    d, _ = _client(httpserver, fail={"/apis": 500})
    # the raw body's error, as Go's Result.Raw() gives it (the Status in the body is not consulted)
    with pytest.raises(errors.StatusError) as info:
        d.server_groups()
    assert str(info.value) == 'an error on the server ("unknown") has prevented the request from succeeding'
    assert errors.is_internal_error(info.value)


def test_server_preferred_resources_take_the_preferred_version(httpserver):
    d, _ = _client(httpserver)
    lists = d.server_preferred_resources()
    assert [(rl.groupVersion, _names(rl)) for rl in lists] == [
        ("v1", ["pods", "namespaces"]),
        ("apps/v1", ["deployments"]),
        ("autoscaling/v2", ["horizontalpodautoscalers"]),
        ("autoscaling/v1", ["oldthings"]),
    ]
    namespaced = d.server_preferred_namespaced_resources()
    assert [(rl.groupVersion, _names(rl)) for rl in namespaced] == [
        ("v1", ["pods"]),
        ("apps/v1", ["deployments"]),
        ("autoscaling/v2", ["horizontalpodautoscalers"]),
        ("autoscaling/v1", ["oldthings"]),
    ]


def test_server_version(httpserver):
    d, server = _client(httpserver)
    info = d.server_version()
    assert (info.major, info.minor, info.git_version, info.platform) == ("1", "37", "v1.37.1", "linux/amd64")
    assert str(info) == "v1.37.1"
    assert server.paths() == ["/version"]


def test_helpers_filter_and_collect():
    rl = metav1.APIResourceList(
        groupVersion="apps/v1",
        resources=[
            metav1.APIResource(name="deployments", verbs=metav1.Verbs(items=["get", "list", "watch"])),
            metav1.APIResource(name="deployments/scale", verbs=metav1.Verbs(items=["get"])),
        ],
    )
    other = metav1.APIResourceList(
        groupVersion="v1", resources=[metav1.APIResource(name="bindings", verbs=metav1.Verbs(items=["create"]))]
    )
    kept = discovery.filtered_by(discovery.SupportsAllVerbs(verbs=["list", "watch"]), [rl, other])
    assert [(k.groupVersion, _names(k)) for k in kept] == [("apps/v1", ["deployments"])]
    assert len(rl.resources) == 2  # the input is not modified
    assert discovery.group_version_resources([rl, other]) == {
        GroupVersionResource(group="apps", version="v1", resource="deployments"),
        GroupVersionResource(group="apps", version="v1", resource="deployments/scale"),
        GroupVersionResource(version="v1", resource="bindings"),
    }


def test_content_type_is_gvk():
    gvk = GroupVersionKind(group="apidiscovery.k8s.io", version="v2", kind="APIGroupDiscoveryList")
    assert discovery.content_type_is_gvk(discovery.AcceptV2, gvk)
    assert discovery.content_type_is_gvk("application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList", gvk)
    assert not discovery.content_type_is_gvk("application/json", gvk)
    with pytest.raises(ValueError, match="mime: no media type"):
        discovery.content_type_is_gvk("", gvk)


def test_resources_of_a_group_version_in_protobuf(httpserver):
    import re

    from werkzeug.wrappers import Response

    from kubernetes_py import rest
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py.kubernetes import scheme

    info, ok = runtime.serializer_info_for_media_type(
        scheme.Codecs.supported_media_types(), "application/vnd.kubernetes.protobuf"
    )
    assert ok
    body = runtime.encode(
        scheme.Codecs.encoder_for_version(info.serializer, GroupVersion(version="v1")),
        metav1.APIResourceList(
            groupVersion="apps/v1",
            resources=[
                metav1.APIResource(
                    name="deployments", kind="Deployment", namespaced=True, verbs=metav1.Verbs(items=["get"])
                )
            ],
        ),
    )
    accepts = []

    def handler(request):
        accepts.append(request.headers.get("Accept"))
        return Response(bytes(body), content_type="application/vnd.kubernetes.protobuf")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    config = rest.Config(host=httpserver.url_for("/").rstrip("/"))
    config.content_type = "application/vnd.kubernetes.protobuf"
    d = discovery.new_discovery_client_for_config(config)
    got = d.server_resources_for_group_version("apps/v1")
    assert (got.groupVersion, [r.name for r in got.resources], list(got.resources[0].verbs.items)) == (
        "apps/v1",
        ["deployments"],
        ["get"],
    )
    assert accepts == ["application/vnd.kubernetes.protobuf, */*"]
