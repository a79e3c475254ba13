"""Building the Clientset and its group clients (client-go kubernetes/clientset.go, typed/*/*_client.go)."""

from __future__ import annotations

import pytest
import requests

from kubernetes_py import discovery, kubernetes, rest
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes.typed.apps import v1 as appsv1client


def _config(**kwargs) -> rest.Config:
    return rest.Config(host="https://example.invalid:6443", **kwargs)


def test_every_group_client_gets_its_group_version_and_api_path():
    cs = kubernetes.new_for_config(_config())
    core = cs.core_v1().rest_client()
    apps = cs.apps_v1().rest_client()
    assert core.api_version() == schema.GroupVersion(group="", version="v1")
    assert apps.api_version() == schema.GroupVersion(group="apps", version="v1")
    assert cs.core_v1().pods("ns").get_client() is core
    assert cs.internal_v1alpha1().storage_versions().get_client().api_version() == schema.GroupVersion(
        group="internal.apiserver.k8s.io", version="v1alpha1"
    )
    assert core.get().resource("pods").url() == "https://example.invalid:6443/api/v1/pods"
    assert apps.get().resource("deployments").url() == "https://example.invalid:6443/apis/apps/v1/deployments"


def test_group_clients_share_one_rate_limiter_and_one_http_client():
    cs = kubernetes.new_for_config(_config(qps=7, burst=9))
    limiter = cs.core_v1().rest_client().get_rate_limiter()
    assert limiter is not None and limiter.qps() == 7
    assert cs.apps_v1().rest_client().get_rate_limiter() is limiter
    assert cs.apps_v1().rest_client().client is cs.core_v1().rest_client().client


def test_qps_without_burst_is_rejected():
    with pytest.raises(
        ValueError,
        match="^burst is required to be greater than 0 when RateLimiter is not set and QPS is set to greater than 0$",
    ):
        kubernetes.new_for_config(_config(qps=5, burst=0))


def test_the_callers_config_is_left_as_it_was():
    config = _config(qps=5, burst=10)
    kubernetes.new_for_config(config)
    assert config.user_agent == "" and config.rate_limiter is None and config.group_version is None


def test_default_user_agent_is_sent_unless_the_config_has_one(httpserver):
    from kubernetes_py import context
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    httpserver.expect_request("/api/v1/namespaces").respond_with_json(
        {"kind": "NamespaceList", "apiVersion": "v1", "items": []}
    )
    host = httpserver.url_for("/").rstrip("/")
    kubernetes.new_for_config(rest.Config(host=host)).core_v1().namespaces().list(context.todo(), metav1.ListOptions())
    kubernetes.new_for_config(rest.Config(host=host, user_agent="ctl/1")).core_v1().namespaces().list(
        context.todo(), metav1.ListOptions()
    )
    assert [r.headers["User-Agent"] for r, _ in httpserver.log] == [rest.default_kubernetes_user_agent(), "ctl/1"]


def test_new_uses_one_rest_client_for_every_group():
    rc = rest.new_rest_client(
        "https://example.invalid/", "/api/v1", rest.ClientContentConfig(), None, requests.Session()
    )
    cs = kubernetes.new(rc)
    assert cs.core_v1().rest_client() is rc and cs.storage_v1().rest_client() is rc
    assert isinstance(cs.discovery(), discovery.DiscoveryClient)


def test_discovery_client_shares_the_transport_and_its_methods_are_the_clientsets():
    cs = kubernetes.new_for_config(_config())
    assert isinstance(cs.discovery(), discovery.DiscoveryClient)
    assert cs.server_version.__self__ is cs.discovery()
    with pytest.raises(AttributeError):
        cs.no_such_method  # noqa: B018


def test_group_package_constructors():
    apps = appsv1client.new_for_config(_config())
    assert isinstance(apps, appsv1client.AppsV1Client)
    assert appsv1client.AppsV1Interface is appsv1client.AppsV1Client
    assert apps.deployments("ns").get_namespace() == "ns"
    assert repr(apps.deployments("ns")) == "DeploymentInterface(resource='deployments', namespace='ns')"


def test_group_accessors_cover_alpha_and_beta_versions():
    cs = kubernetes.new_for_config(_config())
    for accessor in (
        "admissionregistration_v1alpha1",
        "apps_v1beta2",
        "flowcontrol_v1beta3",
        "resource_v1alpha3",
        "storagemigration_v1beta1",
        "coordination_v1alpha2",
        "autoscaling_v2",
        "batch_v1",
    ):
        assert getattr(cs, accessor)().rest_client() is not None
