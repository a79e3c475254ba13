"""client-go discovery/aggregated_discovery_test.go: TestSplitGroupsAndResources, case by case, with whole objects."""

from __future__ import annotations

import pytest

from kubernetes_py.api.apidiscovery import v2 as apidiscovery
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.discovery import StaleGroupVersionError, split_groups_and_resources

from . import gotests

_gvk, _res, _sub, _version, _group = gotests.gvk, gotests.res, gotests.sub, gotests.version, gotests.group
NS, CLUSTER, STALE = gotests.NS, gotests.CLUSTER, gotests.STALE


def _api_group(name, *group_versions):
    """The legacy APIGroup: versions in order, the first preferred."""
    versions = [
        metav1.GroupVersionForDiscovery(groupVersion=f"{name}/{v}" if name else v, version=v) for v in group_versions
    ]
    return metav1.APIGroup(name=name, versions=versions, preferredVersion=versions[0] if versions else None)


def _api_res(name, group, version, kind, namespaced=True, verbs=None, **kw):
    if verbs is not None:
        kw["verbs"] = metav1.Verbs(items=verbs)
    return metav1.APIResource(name=name, namespaced=namespaced, group=group, version=version, kind=kind, **kw)


def _list(group_version, *resources):
    return metav1.APIResourceList(groupVersion=group_version, resources=list(resources))


GV = GroupVersion

CASES = [
    (
        "core/v1 group and pod resource",
        [_group("", _version("v1", _res("pods", ("", "v1", "Pod"))))],
        [_api_group("", "v1")],
        {GV("", "v1"): _list("v1", _api_res("pods", "", "v1", "Pod"))},
        {},
    ),
    (
        "1 group/1 resources at /api, 1 group/2 versions/1 resources at /apis",
        [
            _group(
                "apps",
                _version("v2", _res("deployments", ("apps", "v2", "Deployment"))),
                _version("v1", _res("deployments", ("apps", "v1", "Deployment"))),
            )
        ],
        [_api_group("apps", "v2", "v1")],
        {
            GV("apps", "v1"): _list("apps/v1", _api_res("deployments", "apps", "v1", "Deployment")),
            GV("apps", "v2"): _list("apps/v2", _api_res("deployments", "apps", "v2", "Deployment")),
        },
        {},
    ),
    (
        "1 group/2 resources at /api, 1 group/2 resources at /apis",
        [
            _group("", _version("v1", _res("pods", ("", "v1", "Pod")), _res("services", ("", "v1", "Service")))),
            _group(
                "apps",
                _version(
                    "v1",
                    _res("deployments", ("apps", "v1", "Deployment")),
                    _res("statefulsets", ("apps", "v1", "StatefulSet")),
                ),
            ),
        ],
        [_api_group("", "v1"), _api_group("apps", "v1")],
        {
            GV("", "v1"): _list("v1", _api_res("pods", "", "v1", "Pod"), _api_res("services", "", "v1", "Service")),
            GV("apps", "v1"): _list(
                "apps/v1",
                _api_res("deployments", "apps", "v1", "Deployment"),
                _api_res("statefulsets", "apps", "v1", "StatefulSet"),
            ),
        },
        {},
    ),
    (
        "multiple groups with cluster-scoped resources",
        [
            _group(
                "",
                _version("v1", _res("pods", ("", "v1", "Pod")), _res("namespaces", ("", "v1", "Namespace"), CLUSTER)),
            ),
            _group(
                "rbac.authorization.k8s.io",
                _version(
                    "v1",
                    _res("roles", ("rbac.authorization.k8s.io", "v1", "Role"), CLUSTER),
                    _res("clusterroles", ("rbac.authorization.k8s.io", "v1", "ClusterRole"), CLUSTER),
                ),
            ),
        ],
        [_api_group("", "v1"), _api_group("rbac.authorization.k8s.io", "v1")],
        {
            GV("", "v1"): _list(
                "v1",
                _api_res("pods", "", "v1", "Pod"),
                _api_res("namespaces", "", "v1", "Namespace", namespaced=False),
            ),
            GV("rbac.authorization.k8s.io", "v1"): _list(
                "rbac.authorization.k8s.io/v1",
                _api_res("roles", "rbac.authorization.k8s.io", "v1", "Role", namespaced=False),
                _api_res("clusterroles", "rbac.authorization.k8s.io", "v1", "ClusterRole", namespaced=False),
            ),
        },
        {},
    ),
    (
        "single subresource",
        [
            _group(
                "apps",
                _version(
                    "v1",
                    _res(
                        "deployments",
                        ("apps", "v1", "Deployment"),
                        singularResource="deployment",
                        shortNames=["deploy"],
                        verbs=["parentverb1", "parentverb2", "parentverb3", "parentverb4"],
                        categories=["all", "testcategory"],
                        subresources=[_sub("scale", ("apps", "v1", "Deployment"), ["get", "patch", "update"])],
                    ),
                ),
            )
        ],
        [_api_group("apps", "v1")],
        {
            GV("apps", "v1"): _list(
                "apps/v1",
                _api_res(
                    "deployments",
                    "apps",
                    "v1",
                    "Deployment",
                    singularName="deployment",
                    verbs=["parentverb1", "parentverb2", "parentverb3", "parentverb4"],
                    shortNames=["deploy"],
                    categories=["all", "testcategory"],
                ),
                _api_res(
                    "deployments/scale",
                    "apps",
                    "v1",
                    "Deployment",
                    singularName="deployment",
                    verbs=["get", "patch", "update"],
                ),
            )
        },
        {},
    ),
    (
        "single subresource and parent missing GVK",
        [
            _group(
                "external.metrics.k8s.io",
                _version(
                    "v1beta1",
                    _res("*", subresources=[_sub("other-external-metric", ("", "", "MetricValueList"), ["get"])]),
                ),
            )
        ],
        [_api_group("external.metrics.k8s.io", "v1beta1")],
        {
            GV("external.metrics.k8s.io", "v1beta1"): _list(
                "external.metrics.k8s.io/v1beta1",
                _api_res("*/other-external-metric", "", "", "MetricValueList", verbs=["get"]),
            )
        },
        {},
    ),
    (
        "single subresource and parent empty GVK",
        [
            _group(
                "external.metrics.k8s.io",
                _version(
                    "v1beta1",
                    _res(
                        "*",
                        ("", "", ""),
                        subresources=[_sub("other-external-metric", ("", "", "MetricValueList"), ["get"])],
                    ),
                ),
            )
        ],
        [_api_group("external.metrics.k8s.io", "v1beta1")],
        {
            GV("external.metrics.k8s.io", "v1beta1"): _list(
                "external.metrics.k8s.io/v1beta1",
                _api_res("*/other-external-metric", "", "", "MetricValueList", verbs=["get"]),
            )
        },
        {},
    ),
    (
        "multiple subresources",
        [
            _group(
                "apps",
                _version(
                    "v1",
                    _res(
                        "deployments",
                        ("apps", "v1", "Deployment"),
                        singularResource="deployment",
                        subresources=[
                            _sub("scale", ("apps", "v1", "Deployment"), ["get", "patch", "update"]),
                            _sub("status", ("apps", "v1", "Deployment"), ["get", "patch", "update"]),
                        ],
                    ),
                ),
            )
        ],
        [_api_group("apps", "v1")],
        {
            GV("apps", "v1"): _list(
                "apps/v1",
                # the parent has no verbs: Go's nil Verbs, left unset
                _api_res("deployments", "apps", "v1", "Deployment", singularName="deployment"),
                _api_res(
                    "deployments/scale",
                    "apps",
                    "v1",
                    "Deployment",
                    singularName="deployment",
                    verbs=["get", "patch", "update"],
                ),
                _api_res(
                    "deployments/status",
                    "apps",
                    "v1",
                    "Deployment",
                    singularName="deployment",
                    verbs=["get", "patch", "update"],
                ),
            )
        },
        {},
    ),
    (
        "single failed GV at /api",
        [
            _group(
                "",
                _version(
                    "v1", _res("pods", ("", "v1", "Pod")), _res("services", ("", "v1", "Service")), freshness=STALE
                ),
            )
        ],
        [metav1.APIGroup(name="")],
        {},
        {GV("", "v1"): StaleGroupVersionError(GV("", "v1"))},
    ),
    (
        "single failed GV at /apis",
        [
            _group(
                "apps",
                _version(
                    "v1",
                    _res("deployments", ("apps", "v1", "Deployment")),
                    _res("statefulsets", ("apps", "v1", "StatefulSets")),
                    freshness=STALE,
                ),
            )
        ],
        [metav1.APIGroup(name="apps")],
        {},
        {GV("apps", "v1"): StaleGroupVersionError(GV("apps", "v1"))},
    ),
    (
        "1 group/2 versions/1 failed GV at /apis",
        [
            _group(
                "apps",
                _version("v2", _res("daemonsets", ("apps", "v2", "DaemonSets")), freshness=STALE),
                _version("v1", _res("deployments", ("apps", "v1", "Deployment"))),
            )
        ],
        [_api_group("apps", "v1")],
        {GV("apps", "v1"): _list("apps/v1", _api_res("deployments", "apps", "v1", "Deployment"))},
        {GV("apps", "v2"): StaleGroupVersionError(GV("apps", "v2"))},
    ),
]


@pytest.mark.parametrize(("name", "items", "groups", "resources", "failed"), CASES, ids=[c[0] for c in CASES])
def test_split_groups_and_resources(name, items, groups, resources, failed):
    """TestSplitGroupsAndResources."""
    api_groups, resources_by_gv, failed_gvs = split_groups_and_resources(
        apidiscovery.APIGroupDiscoveryList(items=items)
    )
    assert failed_gvs == failed
    assert [str(e) for e in failed_gvs.values()] == [f"stale GroupVersion discovery: {gv}" for gv in failed]
    assert api_groups == metav1.APIGroupList(groups=groups)
    assert resources_by_gv == resources
