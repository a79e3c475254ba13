"""The apiextensions Clientset (Go's k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset) and its scheme."""

from __future__ import annotations

import pytest

from kubernetes_py import discovery, rest
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1 as apiextensionsv1
from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1beta1 as apiextensionsv1beta1
from kubernetes_py.apiextensions_apiserver.client.clientset import clientset as apiextensionsclientset
from kubernetes_py.apiextensions_apiserver.client.clientset.clientset import scheme
from kubernetes_py.apiextensions_apiserver.client.clientset.clientset.typed.apiextensions import v1 as typedv1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

HOST = "http://127.0.0.1:6443"


def test_new_for_config_builds_both_group_versions_and_discovery():
    cs = apiextensionsclientset.new_for_config(rest.Config(host=HOST))
    v1 = cs.apiextensions_v1()
    assert isinstance(v1, typedv1.ApiextensionsV1Client)
    assert v1.rest_client().api_version() == apiextensionsv1.SchemeGroupVersion
    assert repr(v1.rest_client()) == (
        "rest.RESTClient(base='http://127.0.0.1:6443/', versioned_api_path='/apis/apiextensions.k8s.io/v1')"
    )
    assert cs.apiextensions_v1beta1().rest_client().api_version() == apiextensionsv1beta1.SchemeGroupVersion
    crds = v1.custom_resource_definitions()
    assert repr(crds) == "CustomResourceDefinitionInterface(resource='customresourcedefinitions', namespace='')"
    assert crds.get_client() is v1.rest_client() and crds.get_namespace() == ""
    assert isinstance(cs.discovery(), discovery.DiscoveryClient)


def test_group_clients_share_one_rate_limiter_and_the_callers_config_stays_unchanged():
    config = rest.Config(host=HOST, qps=5, burst=10)
    cs = apiextensionsclientset.new_for_config(config)
    limiter = cs.apiextensions_v1().rest_client().get_rate_limiter()
    assert limiter is not None and limiter is cs.apiextensions_v1beta1().rest_client().get_rate_limiter()
    assert config.rate_limiter is None and config.user_agent == "" and config.group_version is None


def test_qps_without_burst_is_rejected():
    with pytest.raises(
        ValueError,
        match="^burst is required to be greater than 0 when RateLimiter is not set and QPS is set to greater than 0$",
    ):
        apiextensionsclientset.new_for_config(rest.Config(host=HOST, qps=5, burst=0))


def test_new_over_one_rest_client():
    client = rest.rest_client_for(_v1_config())
    cs = apiextensionsclientset.new(client)
    assert cs.apiextensions_v1().rest_client() is client and cs.apiextensions_v1beta1().rest_client() is client


def _v1_config() -> rest.Config:
    config = rest.Config(host=HOST)
    config.group_version = apiextensionsv1.SchemeGroupVersion
    config.api_path = "/apis"
    config.negotiated_serializer = scheme.Codecs.without_conversion()
    return config


def test_the_scheme_knows_both_versions_and_meta_options():
    for module in (apiextensionsv1, apiextensionsv1beta1):
        gv = module.SchemeGroupVersion
        for kind in ("CustomResourceDefinition", "CustomResourceDefinitionList", "DeleteOptions", "ListOptions"):
            assert scheme.Scheme.recognizes(GroupVersionKind(group=gv.group, version=gv.version, kind=kind)), kind
    assert scheme.Scheme.recognizes(GroupVersionKind(group="", version="v1", kind="Status"))
    assert not scheme.Scheme.recognizes(GroupVersionKind(group="", version="v1", kind="Pod"))


def test_every_verb_the_tags_allow():
    crds = typedv1.CustomResourceDefinitionInterface
    assert crds.VERBS == (
        "create",
        "update",
        "updateStatus",
        "delete",
        "deleteCollection",
        "get",
        "list",
        "watch",
        "patch",
        "apply",
        "applyStatus",
    )
    for method in (
        "create",
        "update",
        "update_status",
        "delete",
        "delete_collection",
        "get",
        "list",
        "watch",
        "patch",
        "apply",
        "apply_status",
    ):
        assert callable(getattr(crds, method)), method
