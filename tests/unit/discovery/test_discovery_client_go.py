"""client-go discovery/discovery_client_test.go, test by test (names in each docstring). Partial results that Go
returns beside an ErrGroupDiscoveryFailed are the exception's partial_groups / partial_resources here.

Not ported: TestGetOpenAPISchemaV3 (client-go's openapi package and its OpenAPIV3() client are not in
kubernetes_py); TestGetOpenAPISchema checks the bytes, since open_api_schema returns the server's protobuf
document undecoded (no gnostic models)."""

from __future__ import annotations

import time

import pytest

from kubernetes_py import discovery, rest
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.discovery import discovery_client

from . import gotests as g
from .gotests import CLUSTER, STALE, agg_list, by_path, group, reply, res, serve, version


def _client(httpserver, handler):
    return discovery.new_discovery_client_for_config_or_die(serve(httpserver, handler))


def test_get_server_version(httpserver):
    """TestGetServerVersion."""
    expect = Info(major="foo", minor="bar", git_commit="baz")
    client = _client(httpserver, lambda req: reply(expect.to_json_dict()))
    assert client.server_version() == expect


def test_get_server_groups_with_v1_server(httpserver):
    """TestGetServerGroupsWithV1Server."""
    apis = {"groups": [g.api_group("extensions", ("extensions/v1beta1", ""))]}
    client = _client(httpserver, by_path({"/api": g.api_versions("v1"), "/apis": apis}))
    assert metav1.extract_group_versions(client.server_groups()) == ["v1", "extensions/v1beta1"]


def test_discovery_tolerates_missing_core_group(httpserver):
    """TestDiscoveryToleratesMissingCoreGroup: a 404 from /api is tolerated (aggregated API servers do this)."""
    apis = {"groups": [g.api_group("extensions", ("extensions/v1beta1", ""))]}
    client = _client(httpserver, by_path({"/api": reply(None, status=404), "/apis": apis}))
    assert metav1.extract_group_versions(client.server_groups()) == ["extensions/v1beta1"]


def test_discovery_fails_when_non_core_groups_missing(httpserver):
    """TestDiscoveryFailsWhenNonCoreGroupsMissing."""
    client = _client(httpserver, by_path({"/api": g.api_versions("v1")}))
    with pytest.raises(errors.StatusError) as info:
        client.server_groups()
    assert errors.is_not_found(info.value)
    assert str(info.value) == "the server could not find the requested resource"


@pytest.mark.parametrize("status", [404, 403])
def test_get_server_groups_with_broken_server(httpserver, status):
    """TestGetServerGroupsWithBrokenServer: 404 fails at /apis, 403 at /api already."""
    client = _client(httpserver, lambda req: reply(None, status=status))
    with pytest.raises(errors.StatusError) as info:
        client.server_groups()
    assert errors.reason_for_error(info.value) == ("NotFound" if status == 404 else "Forbidden")


def test_timeout_is_set():
    """TestTimeoutIsSet."""
    cfg = rest.Config()
    discovery_client._set_discovery_defaults(cfg)
    assert cfg.timeout == discovery_client._DEFAULT_TIMEOUT == 32.0
    assert cfg.burst == discovery_client._DEFAULT_BURST == 300


def _many_versions_server():
    stable = g.resource_list(
        "v1", ("pods", True, "Pod"), ("services", True, "Service"), ("namespaces", False, "Namespace")
    )
    beta = g.resource_list(
        "extensions/v1beta1", ("deployments", True, "Deployment"), ("ingresses", True, "Ingress"), ("jobs", True, "Job")
    )
    routes = {"/api/v1": stable, "/apis/extensions/v1beta1": beta}
    routes["/apis/extensions/v1beta2"] = g.resource_list(
        "extensions/v1beta2", ("deployments", True, "Deployment"), ("ingresses", True, "Ingress"), ("jobs", True, "Job")
    )
    for grp, first in (("extensions", 3), ("apps", 1)):
        for i in range(first, 11):
            gv = f"{grp}/v1beta{i}"
            routes[f"/apis/{gv}"] = g.resource_list(gv, ("deployments", True, "Deployment"))
    routes["/api"] = g.api_versions("v1")
    routes["/apis"] = {
        "groups": [
            g.api_group(grp, *[(f"{grp}/v1beta{i}", f"v1beta{i}") for i in range(1, 11)])
            for grp in ("apps", "extensions")
        ]
    }
    return routes, stable, beta


def test_get_server_resources_for_group_version(httpserver):
    """TestGetServerResourcesForGroupVersion."""
    routes, stable, beta = _many_versions_server()
    client = _client(httpserver, by_path(routes))
    assert client.server_resources_for_group_version("v1") == stable
    assert client.server_resources_for_group_version("extensions/v1beta1") == beta
    with pytest.raises(errors.StatusError) as info:
        client.server_resources_for_group_version("foobar")
    assert errors.is_not_found(info.value)

    start = time.monotonic()
    _, server_resources = client.server_groups_and_resources()
    assert time.monotonic() - start < 1.0, "took too long to perform discovery"
    assert g.group_versions(server_resources) == ["v1"] + [
        f"{grp}/v1beta{i}" for grp in ("apps", "extensions") for i in range(1, 11)
    ]


def test_get_open_api_schema(httpserver):
    """TestGetOpenAPISchema: GET /openapi/v2 with the protobuf Accept; the document's bytes come back as sent."""
    document = b"\x12\x1c\n\x1a\n\x0bfake.type.1\x12\x0b\x8a\x02\x08\n\x06\n\x05count"  # any protobuf bytes
    seen = []

    def handler(req):
        seen.append((req.method, req.path, req.headers.get("Accept")))
        return reply(None, status=404) if req.path != "/openapi/v2" else g.Response(document, status=200)

    client = _client(httpserver, handler)
    assert client.open_api_schema() == document
    assert seen == [("GET", "/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]


def _preferred_case_one(req):
    stable = g.resource_list(
        "v1", ("pods", True, "Pod"), ("services", True, "Service"), ("namespaces", False, "Namespace")
    )
    routes = {
        "/apis/extensions/v1beta1": reply(None, status=500),
        "/api/v1": stable,
        "/api": g.api_versions("v1"),
        "/apis": {"groups": [g.api_group("", ("extensions/v1beta1", ""))]},
    }
    return by_path(routes)(req)


def _preferred_case_two(req):
    routes = {
        "/apis/extensions/v1beta1": reply(None, status=500),
        "/api/v1": reply(None, status=500),
        "/api": g.api_versions("v1"),
        "/apis": {"groups": [g.api_group("", ("extensions/v1beta1", ""))]},
    }
    return by_path(routes)(req)


@pytest.mark.parametrize(
    ("handler", "failed"),
    [(_preferred_case_one, [("", "")]), (_preferred_case_two, [("", ""), ("", "v1")])],
    ids=["one-group-fails", "all-fail"],
)
def test_server_preferred_resources(httpserver, handler, failed):
    """TestServerPreferredResources: both cases fail with ErrGroupDiscoveryFailed. The group without a name and a
    version is asked for as "" (Go's GroupVersion{}.String()), which fails before any request."""
    client = _client(httpserver, handler)
    with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
        client.server_preferred_resources()
    assert discovery.is_group_discovery_failed_error(info.value)
    assert sorted((gv.group, gv.version) for gv in info.value.groups) == failed
    assert str(info.value.groups[GroupVersion()]) == "groupVersion shouldn't be empty"


def _retrying_server(num_errors):
    stable = g.resource_list("v1", ("pods", True, "Pod"))
    beta = g.resource_list("extensions/v1", ("deployments", True, "Deployment"))
    count = [0]
    routes = {
        "/api/v1": stable,
        "/api": g.api_versions("v1"),
        "/apis": {
            "groups": [
                g.api_group(
                    "extensions", ("extensions/v1beta1", "v1beta1"), preferred=("extensions/v1beta1", "v1beta1")
                )
            ]
        },
    }

    def handler(req):
        if req.path == "/apis/extensions/v1beta1":
            if count[0] < num_errors:
                count[0] += 1
                return reply(None, status=500)
            return reply(beta)
        return by_path(routes)(req)

    return handler


def test_server_preferred_resources_retries(httpserver):
    """TestServerPreferredResourcesRetries: one failure is retried away; two leave the partial result."""
    client = _client(httpserver, _retrying_server(1))
    assert len(discovery.group_version_resources(client.server_preferred_resources())) == 2

    client = _client(httpserver, _retrying_server(2))
    with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
        client.server_preferred_resources()
    assert discovery.group_version_resources(info.value.partial_resources) == {
        GroupVersionResource(group="", version="v1", resource="pods")
    }


def _batch_lists():
    return {
        "/apis/batch/v1": g.resource_list("batch/v1", ("jobs", True, "Job")),
        "/apis/batch/v2alpha1": g.resource_list("batch/v2alpha1", ("jobs", True, "Job"), ("cronjobs", True, "CronJob")),
        "/apis/batch/v3alpha1": g.resource_list("batch/v3alpha1", ("jobs", True, "Job"), ("cronjobs", True, "CronJob")),
    }


def _gvrs(*triples):
    return {GroupVersionResource(group=a, version=b, resource=c) for a, b, c in triples}


def _batch_group(preferred):
    return g.api_group(
        "batch",
        ("batch/v1", "v1"),
        ("batch/v2alpha1", "v2alpha1"),
        ("batch/v3alpha1", "v3alpha1"),
        preferred=preferred,
    )


NAMESPACED_CASES = [
    # Combines discovery for /api and /apis.
    (
        {
            "/api": g.api_versions("v1"),
            "/api/v1": g.resource_list(
                "v1", ("pods", True, "Pod"), ("services", True, "Service"), ("namespaces", False, "Namespace")
            ),
            "/apis": {"groups": [g.api_group("batch", ("batch/v1", "v1"), preferred=("batch/v1", "v1"))]},
            "/apis/batch/v1": _batch_lists()["/apis/batch/v1"],
        },
        _gvrs(("", "v1", "pods"), ("", "v1", "services"), ("batch", "v1", "jobs")),
    ),
    # Only /apis (no legacy /api): a 404 for core/v1 is tolerated.
    (
        {"/apis": {"groups": [_batch_group(("batch/v1", "v1"))]}, **_batch_lists()},
        _gvrs(("batch", "v1", "jobs"), ("batch", "v2alpha1", "cronjobs")),
    ),
    # The preferred version is found by its version (its groupVersion here is misspelt).
    (
        {"/apis": {"groups": [_batch_group(("batch/v2alpha", "v2alpha1"))]}, **_batch_lists()},
        _gvrs(("batch", "v2alpha1", "jobs"), ("batch", "v2alpha1", "cronjobs")),
    ),
]


@pytest.mark.parametrize(("routes", "expected"), NAMESPACED_CASES, ids=["api-and-apis", "apis-only", "preferred"])
def test_server_preferred_namespaced_resources(httpserver, routes, expected):
    """TestServerPreferredNamespacedResources."""
    client = _client(httpserver, by_path(routes))
    assert discovery.group_version_resources(client.server_preferred_namespaced_resources()) == expected


def _agg_handler(corev1, apis, core_status=200, apis_status=200):
    """The aggregated discovery server of client-go's tests (a charset parameter in the content type)."""

    def handler(req):
        if req.path == "/api":
            return reply(corev1, status=core_status, content_type=g.AGG_CONTENT_TYPE)
        if req.path == "/apis":
            return reply(apis, status=apis_status, content_type=g.AGG_CONTENT_TYPE)
        return reply(None, status=404)

    return handler


POD = res("pods", ("", "v1", "Pod"))
SERVICE = res("services", ("", "v1", "Service"))
CORE_POD = agg_list(group("", version("v1", POD)))
CORE_POD_SERVICE = agg_list(group("", version("v1", POD, SERVICE)))


def _apps(ver, *kinds, stale=False):
    resources = [res(k.lower() + "s", ("apps", ver, k)) for k in kinds]
    return version(ver, *resources, freshness=STALE if stale else "")


def _batch(ver, stale=False):
    return version(
        ver,
        res("jobs", ("batch", ver, "Job")),
        res("cronjobs", ("batch", ver, "CronJob")),
        freshness=STALE if stale else "",
    )


AGG_GROUPS_CASES = [
    (
        "1 group/1 version at /api, 1 group/1 version at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["v1", "apps/v1"],
    ),
    (
        "1 group/1 version at /api, 1 group/2 versions at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v2", "Deployment"), _apps("v1", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1", "apps/v2"],
        ["v1", "apps/v2"],
    ),
    (
        "/api returns nothing, 2 groups at /apis",
        agg_list(),
        agg_list(
            group("apps", _apps("v1", "Deployment", "StatefulSet")), group("batch", _batch("v1"), _batch("v1beta1"))
        ),
        ["apps", "batch"],
        ["apps/v1", "batch/v1", "batch/v1beta1"],
        ["apps/v1", "batch/v1"],
    ),
]


@pytest.mark.parametrize(("name", "corev1", "apis", "names", "gvs", "preferred"), AGG_GROUPS_CASES)
def test_aggregated_server_groups(httpserver, name, corev1, apis, names, gvs, preferred):
    """TestAggregatedServerGroups."""
    groups = _client(httpserver, _agg_handler(corev1, apis)).server_groups()
    assert set(g.group_names(groups.groups)) == set(names)
    assert set(metav1.extract_group_versions(groups)) == set(gvs)
    assert {grp.preferredVersion.groupVersion for grp in groups.groups} == set(preferred)


AGG_GROUPS_AND_RESOURCES_CASES = [
    (
        "1 group/1 resources at /api, 1 group/1 resources at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["/v1/Pod", "apps/v1/Deployment"],
        [],
    ),
    (
        "1 group/1 resources at /api, 1 group/2 versions/1 resources at /apis",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"), _apps("v2", "Deployment"))),
        ["", "apps"],
        ["v1", "apps/v1", "apps/v2"],
        ["/v1/Pod", "apps/v1/Deployment", "apps/v2/Deployment"],
        [],
    ),
    (
        "1 group/1 resources at /api, 1 group/2 versions/1 resources at /apis, one stale",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"), _apps("v2", "Deployment", stale=True))),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["/v1/Pod", "apps/v1/Deployment"],
        ["apps/v2"],
    ),
    (
        "1 group/2 resources at /api, 1 group/2 resources at /apis",
        CORE_POD_SERVICE,
        agg_list(
            group(
                "apps", _apps("v2", "Deployment", "StatefulSet", stale=True), _apps("v1", "Deployment", "StatefulSet")
            )
        ),
        ["", "apps"],
        ["v1", "apps/v1"],
        ["/v1/Pod", "/v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet"],
        ["apps/v2"],
    ),
    (
        "1 group/2 resources at /api, 2 group/2 resources/1 stale GV at /apis",
        CORE_POD_SERVICE,
        agg_list(
            group("apps", _apps("v1", "Deployment", "StatefulSet")),
            group("batch", _batch("v1", stale=True), _batch("v1beta1")),
        ),
        ["", "apps", "batch"],
        ["v1", "apps/v1", "batch/v1beta1"],
        [
            "/v1/Pod",
            "/v1/Service",
            "apps/v1/Deployment",
            "apps/v1/StatefulSet",
            "batch/v1beta1/Job",
            "batch/v1beta1/CronJob",
        ],
        ["batch/v1"],
    ),
    (
        "/api returns nothing, 2 groups/2 resources at /apis",
        agg_list(),
        agg_list(
            group("apps", _apps("v1", "Deployment", "StatefulSet")),
            group("batch", _batch("v1"), _batch("v1beta1", stale=True)),
        ),
        ["apps", "batch"],
        ["apps/v1", "batch/v1"],
        ["apps/v1/Deployment", "apps/v1/StatefulSet", "batch/v1/Job", "batch/v1/CronJob"],
        ["batch/v1beta1"],
    ),
]


@pytest.mark.parametrize(("name", "corev1", "apis", "names", "gvs", "gvks", "failed"), AGG_GROUPS_AND_RESOURCES_CASES)
def test_aggregated_server_groups_and_resources(httpserver, name, corev1, apis, names, gvs, gvks, failed):
    """TestAggregatedServerGroupsAndResources."""
    client = _client(httpserver, _agg_handler(corev1, apis))
    if failed:
        with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
            client.server_groups_and_resources()
        assert {str(gv) for gv in info.value.groups} == set(failed)
        api_groups, resources = info.value.partial_groups, info.value.partial_resources
    else:
        api_groups, resources = client.server_groups_and_resources()
    assert set(g.group_names(api_groups)) == set(names)
    if "" in names:  # the core group comes first
        assert api_groups[0].versions[0].groupVersion == "v1"
    assert set(g.group_versions(resources)) == set(gvs)
    assert set(g.group_version_kinds(resources)) == set(gvks)


APPS_DEPLOY_DS = agg_list(
    group(
        "apps",
        version("v1", res("deployments", ("apps", "v1", "Deployment")), res("daemonsets", ("apps", "v1", "DaemonSet"))),
    )
)


@pytest.mark.parametrize(
    ("name", "core_status", "apis_status", "error"),
    [
        ("404 for core/v1 is tolerated", 404, 200, None),
        ("403 for core/v1 causes error", 403, 200, "Forbidden"),
        ("404 for /apis causes error", 200, 404, "NotFound"),
        ("403 for /apis causes error", 200, 403, "Forbidden"),
    ],
)
def test_aggregated_server_groups_and_resources_with_errors(httpserver, name, core_status, apis_status, error):
    """TestAggregatedServerGroupsAndResourcesWithErrors: an error other than a 404 from /api fails the whole call
    (Go returns nil groups and resources with it)."""
    apis = APPS_DEPLOY_DS if error is None else agg_list()
    client = _client(httpserver, _agg_handler(agg_list(), apis, core_status, apis_status))
    if error is not None:
        with pytest.raises(errors.StatusError) as info:
            client.server_groups_and_resources()
        assert errors.reason_for_error(info.value) == error
        return
    api_groups, resources = client.server_groups_and_resources()
    assert g.group_names(api_groups) == ["apps"]
    assert set(g.group_version_kinds(resources)) == {"apps/v1/Deployment", "apps/v1/DaemonSet"}


AGG_PREFERRED_CASES = [
    (
        "basic corev1 and apps/v1 preferred resources returned",
        CORE_POD,
        agg_list(group("apps", _apps("v1", "Deployment"))),
        ["/v1/Pod", "apps/v1/Deployment"],
        [],
    ),
    (
        "only resources from preferred apps/v2 group/version",
        CORE_POD,
        agg_list(group("apps", _apps("v2", "Deployment"), _apps("v1", "Deployment"))),
        ["/v1/Pod", "apps/v2/Deployment"],
        [],
    ),
    (
        "stale Group/Version can not produce preferred version",
        CORE_POD,
        agg_list(group("apps", _apps("v2", "Deployment", stale=True), _apps("v1", "Deployment"))),
        ["/v1/Pod", "apps/v1/Deployment"],
        ["apps/v2"],
    ),
    (
        "preferred multiple resources from multiple group/versions",
        CORE_POD_SERVICE,
        agg_list(
            group(
                "apps",
                _apps("v1", "Deployment", "StatefulSet"),
                _apps("v1beta1", "Deployment", "StatefulSet", stale=True),
            )
        ),
        ["/v1/Pod", "/v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet"],
        ["apps/v1beta1"],
    ),
    (
        "resources from multiple preferred group versions at /apis",
        CORE_POD_SERVICE,
        agg_list(
            group("apps", _apps("v1", "Deployment", "StatefulSet"), _apps("v1beta1", "Deployment", "StatefulSet")),
            group("batch", _batch("v1")),
        ),
        [
            "/v1/Pod",
            "/v1/Service",
            "apps/v1/Deployment",
            "apps/v1/StatefulSet",
            "batch/v1/Job",
            "batch/v1/CronJob",
        ],
        [],
    ),
    (
        "resources from only preferred group versions for batch group",
        CORE_POD_SERVICE,
        agg_list(
            group("apps", _apps("v1", "Deployment", "StatefulSet")),
            group("batch", _batch("v1"), _batch("v1beta1")),
        ),
        [
            "/v1/Pod",
            "/v1/Service",
            "apps/v1/Deployment",
            "apps/v1/StatefulSet",
            "batch/v1/Job",
            "batch/v1/CronJob",
        ],
        [],
    ),
]


@pytest.mark.parametrize(("name", "corev1", "apis", "gvks", "failed"), AGG_PREFERRED_CASES)
def test_aggregated_server_preferred_resources(httpserver, name, corev1, apis, gvks, failed):
    """TestAggregatedServerPreferredResources."""
    client = _client(httpserver, _agg_handler(corev1, apis))
    if failed:
        with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
            client.server_preferred_resources()
        assert {str(gv) for gv in info.value.groups} == set(failed)
        resources = info.value.partial_resources
    else:
        resources = client.server_preferred_resources()
    assert set(g.group_version_kinds(resources)) == set(gvks)


V2 = GroupVersionKind(group="apidiscovery.k8s.io", version="v2", kind="APIGroupDiscoveryList")


@pytest.mark.parametrize(
    ("content_type", "match"),
    [
        ("application/json; g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", True),
        ("application/json; v=v2;as=APIGroupDiscoveryList;g=apidiscovery.k8s.io", True),
        ("application/json; as=APIGroupDiscoveryList;g=apidiscovery.k8s.io;v=v2", True),
        ("application/json; g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;charset=utf-8", True),
        ("application/json", False),
        ("application/json; charset=UTF-8", False),
        ("text/json", False),
        ("text/html", False),
    ],
)
def test_discovery_content_type_version(content_type, match):
    """TestDiscoveryContentTypeVersion."""
    assert discovery.content_type_is_gvk(content_type, V2) is match


def test_discovery_content_type_version_error():
    """TestDiscoveryContentTypeVersion: an empty content type is an error."""
    with pytest.raises(ValueError, match="^mime: no media type$"):
        discovery.content_type_is_gvk("", V2)


def test_use_legacy_discovery(httpserver):
    """TestUseLegacyDiscovery: the default client asks for aggregated discovery first, then the legacy format;
    with use_legacy_discovery set only the legacy format."""
    accepts = []

    def handler(req):
        accepts.append(req.headers.get("Accept"))
        return reply({})

    client = _client(httpserver, handler)
    client.server_groups()
    assert accepts == [discovery_client._ACCEPT_DISCOVERY_FORMATS] * 2
    assert discovery_client._ACCEPT_DISCOVERY_FORMATS == discovery.AcceptV2 + "," + discovery.AcceptV1
    accepts.clear()
    client = _client(httpserver, handler)
    client.use_legacy_discovery = True
    client.server_groups()
    assert accepts == [discovery.AcceptV1] * 2


def test_aggregated_cluster_scope_kept(httpserver):
    """The scope of an aggregated resource is its Namespaced field (TestAggregated* serve namespaced ones only)."""
    apis = agg_list(
        group(
            "rbac.authorization.k8s.io",
            version("v1", res("clusterroles", ("rbac.authorization.k8s.io", "v1", "ClusterRole"), CLUSTER)),
        )
    )
    client = _client(httpserver, _agg_handler(CORE_POD, apis))
    assert [(r.name, r.namespaced) for rl in client.server_preferred_resources() for r in rl.resources] == [
        ("pods", True),
        ("clusterroles", False),
    ]


def test_with_retries_gives_up_when_the_context_is_done(httpserver):
    """discovery_client.go's withRetries: a group discovery failure is retried once, unless the context is done
    by then; the error is then returned without the partial results."""
    from kubernetes_py import context

    ctx, cancel = context.with_cancel(context.background())
    paths = []
    routes = {
        "/api": g.api_versions("v1"),
        "/api/v1": g.resource_list("v1", ("pods", True, "Pod")),
        "/apis": {"groups": [g.api_group("apps", ("apps/v1", "v1"), preferred=("apps/v1", "v1"))]},
    }

    def handler(req):
        paths.append(req.path)
        if req.path == "/apis/apps/v1":
            cancel()
            return reply(None, status=503)
        return by_path(routes)(req)

    client = _client(httpserver, handler)
    with pytest.raises(discovery.ErrGroupDiscoveryFailed) as info:
        client.server_groups_and_resources_with_context(ctx)
    assert (info.value.partial_groups, info.value.partial_resources) == (None, None)
    # one round only (/api/v1 may be canceled before it is sent: it runs beside /apis/apps/v1)
    assert [p for p in paths if p != "/api/v1"] == ["/api", "/apis", "/apis/apps/v1"]
