"""The registration function runs when a REST client, a transport config or a transport is made, before any
request (client-go calls metrics.EnsureRegistered in NewRESTClient, RESTClientForConfigAndClient,
Config.TransportConfig, transport.New and the exec plugin's GetAuthenticator)."""

from __future__ import annotations

import pytest

from kubernetes_py import rest, transport
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import metrics


@pytest.fixture
def ran(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(metrics, "_ensure_registered_fn", lambda: calls.append(1))
    monkeypatch.setattr(metrics, "_ensured", False)
    return calls


def test_rest_client_construction(ran):
    cfg = rest.Config(
        host="https://127.0.0.1:1",
        group_version=GroupVersion("", "v1"),
        negotiated_serializer=scheme.Codecs.without_conversion(),
    )
    rest.rest_client_for(cfg)
    assert ran == [1]


@pytest.mark.parametrize(
    "make",
    [
        lambda: rest.transport_config_for(rest.Config(host="https://127.0.0.1:1")),
        lambda: transport.new(transport.Config()),
        lambda: rest.new_rest_client("https://127.0.0.1:1", "/api/v1", rest.ClientContentConfig(), None, None),
        lambda: rest.rest_client_for_config_and_client(
            rest.Config(
                host="https://127.0.0.1:1",
                group_version=GroupVersion("", "v1"),
                negotiated_serializer=scheme.Codecs.without_conversion(),
            ),
            None,
        ),
    ],
)
def test_each_constructor(ran, make):
    make()
    assert ran == [1]
