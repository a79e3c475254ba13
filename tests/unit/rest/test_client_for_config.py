"""rest_client_for / unversioned_rest_client_for: required fields, rate-limiter defaults, warning handlers."""

from __future__ import annotations

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.util import flowcontrol

V1 = schema.GroupVersion(version="v1")


def _config(**kw) -> rest.Config:
    return rest.Config(host="127.0.0.1", api_path="/api", **kw)


def test_group_version_and_serializer_are_required():
    with pytest.raises(ValueError) as info:
        rest.rest_client_for(_config(negotiated_serializer=scheme.Codecs))
    assert str(info.value) == "GroupVersion is required when initializing a RESTClient"
    with pytest.raises(ValueError) as info:
        rest.rest_client_for(_config(group_version=V1))
    assert str(info.value) == "NegotiatedSerializer is required when initializing a RESTClient"
    with pytest.raises(ValueError) as info:
        rest.unversioned_rest_client_for(_config())
    assert str(info.value) == "NegotiatedSerializer is required when initializing a RESTClient"
    c = rest.rest_client_for(_config(group_version=V1, negotiated_serializer=scheme.Codecs))
    assert c.get().resource("pods").url() == "http://127.0.0.1/api/v1/pods"
    assert c.api_version() == V1


def _limiter_of(c):
    lim = c.get_rate_limiter()
    return None if lim is None else (lim.qps(), lim._limiter.burst)


@pytest.mark.parametrize("for_config", [rest.rest_client_for, rest.unversioned_rest_client_for])
@pytest.mark.parametrize(
    "kw,expected",
    [
        ({}, (5.0, 10)),
        ({"qps": 10}, (10.0, 10)),
        ({"burst": 3}, (5.0, 3)),
        ({"qps": -1}, None),
    ],
)
def test_rate_limiter_defaults(for_config, kw, expected):
    c = for_config(_config(group_version=V1, negotiated_serializer=scheme.Codecs, **kw))
    assert _limiter_of(c) == expected


def test_given_rate_limiter_is_used_as_is():
    lim = flowcontrol.new_token_bucket_rate_limiter(11, 12)
    c = rest.rest_client_for(_config(group_version=V1, negotiated_serializer=scheme.Codecs, rate_limiter=lim))
    assert c.get_rate_limiter() is lim


def test_unversioned_client_defaults_to_meta_v1_and_versioned_path():
    c = rest.unversioned_rest_client_for(rest.Config(host="https://h:6443", negotiated_serializer=scheme.Codecs))
    assert c.api_version() == schema.GroupVersion(group="meta.k8s.io", version="v1")  # metav1.SchemeGroupVersion
    assert c.get().abs_path("/apis").url() == "https://h:6443/apis"


def test_config_content_types_reach_requests():
    c = rest.rest_client_for(
        _config(
            group_version=V1,
            negotiated_serializer=scheme.Codecs,
            content_type="application/vnd.kubernetes.protobuf",
            accept_content_types="application/vnd.kubernetes.protobuf,application/json",
        )
    )
    r = c.get()
    assert r._headers["Accept"] == ["application/vnd.kubernetes.protobuf,application/json"]
    assert r._content_config.content_type == "application/vnd.kubernetes.protobuf"


def test_config_timeout_becomes_the_request_timeout():
    c = rest.rest_client_for(_config(group_version=V1, negotiated_serializer=scheme.Codecs, timeout=30))
    assert c.get().resource("pods").url() == "http://127.0.0.1/api/v1/pods?timeout=30s"


def test_config_warning_handlers():
    class Plain:
        def handle_warning_header(self, code, agent, text):
            pass

    class WithCtx:
        def handle_warning_header_with_context(self, ctx, code, agent, text):
            pass

    plain, with_ctx = Plain(), WithCtx()
    c = rest.rest_client_for(_config(group_version=V1, negotiated_serializer=scheme.Codecs, warning_handler=plain))
    assert c._warning_handler.handler is plain
    c = rest.rest_client_for(
        _config(
            group_version=V1,
            negotiated_serializer=scheme.Codecs,
            warning_handler=plain,
            warning_handler_with_context=with_ctx,
        )
    )
    assert c._warning_handler is with_ctx
    c = rest.rest_client_for(_config(group_version=V1, negotiated_serializer=scheme.Codecs))
    assert c._warning_handler is None


def test_bad_host_is_rejected():
    with pytest.raises(ValueError) as info:
        rest.rest_client_for(rest.Config(host="host/server", group_version=V1, negotiated_serializer=scheme.Codecs))
    assert str(info.value) == 'host must be a URL or a host:port pair: "host/server"'
