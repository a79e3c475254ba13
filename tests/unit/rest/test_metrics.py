"""The request metrics client-go's REST client and transport cache report (tools/metrics hooks), at the places and
with the labels client-go uses."""

from __future__ import annotations

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import rest
from kubernetes_py.tools import metrics
from kubernetes_py.util import flowcontrol


class Recorder:
    def __init__(self):
        self.calls = []

    def observe(self, *args):
        self.calls.append(args[1:])  # without ctx

    def increment(self, *args):
        self.calls.append(args[1:] if len(args) == 4 else args)

    def increment_retry(self, *args):
        self.calls.append(args[1:])


@pytest.fixture
def recorded(monkeypatch):
    hooks = {
        name: Recorder()
        for name in (
            "RequestLatency",
            "RequestSize",
            "ResponseSize",
            "RateLimiterLatency",
            "RequestResult",
            "RequestRetry",
            "TransportCreateCalls",
        )
    }
    for name, hook in hooks.items():
        monkeypatch.setattr(metrics, name, hook)
    return hooks


def _client(httpserver, limiter=None):
    return rest.new_rest_client(
        httpserver.url_for("/"), "/api/v1", rest.ClientContentConfig(), limiter, requests.Session()
    )


def test_every_attempt_counts_and_retries_count_again(httpserver, recorded):
    answers = [Response(b"slow", status=429, headers={"Retry-After": "0"}), Response(b"done")]
    httpserver.expect_request("/api/v1/namespaces/ns/pods/web").respond_with_handler(lambda r: answers.pop(0))
    body = (
        _client(httpserver, flowcontrol.new_token_bucket_rate_limiter(100, 10))
        .get()
        .namespace("ns")
        .resource("pods")
        .name("web")
        .param("pretty", "true")
        .do_raw()
    )
    assert body == b"done"
    host = f"localhost:{httpserver.port}"
    assert recorded["RequestResult"].calls == [("429", "GET", host), ("200", "GET", host)]
    assert recorded["RequestRetry"].calls == [("200", "GET", host)]
    assert recorded["RequestSize"].calls == [("GET", host, 0), ("GET", host, 0)]
    assert recorded["ResponseSize"].calls == [("GET", host, 4)]
    ((verb, url, latency),) = recorded["RequestLatency"].calls
    assert (verb, url.path, url.query) == ("GET", "/api/v1/namespaces/{namespace}/pods/{name}", "pretty=%7Bvalue%7D")
    assert latency > 0
    assert [c[1].path for c in recorded["RateLimiterLatency"].calls] == [
        "/api/v1/namespaces/{namespace}/pods/{name}"
    ] * 2


def test_a_transport_error_is_counted_as_error(recorded):
    c = rest.new_rest_client("http://127.0.0.1:1", "/api/v1", rest.ClientContentConfig(), None, requests.Session())
    with pytest.raises(Exception):
        c.post().resource("pods").body(b"{}").do_raw()
    assert recorded["RequestResult"].calls == [("<error>", "POST", "127.0.0.1:1")]
    assert recorded["RequestSize"].calls == [("POST", "127.0.0.1:1", 2)]
    assert recorded["ResponseSize"].calls == []


@pytest.mark.parametrize(
    "path,template",
    [
        ("/api/v1/namespaces", "/api/v1/namespaces"),
        ("/api/v1/namespaces/ns", "/api/v1/namespaces/{name}"),
        ("/api/v1/namespaces/ns/finalize", "/api/v1/namespaces/{name}/finalize"),
        ("/api/v1/namespaces/ns/status", "/api/v1/namespaces/{name}/status"),
        ("/api/v1/namespaces/ns/pods", "/api/v1/namespaces/{namespace}/pods"),
        ("/api/v1/namespaces/ns/pods/web", "/api/v1/namespaces/{namespace}/pods/{name}"),
        ("/api/v1/namespaces/ns/pods/web/status", "/api/v1/namespaces/{namespace}/pods/{name}/status"),
        (
            "/apis/apps/v1/namespaces/ns/deployments/d/scale",
            "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
        ),
        ("/apis/apps/v1/deployments", "/apis/apps/v1/deployments"),
        ("/healthz/ping", "/{prefix}"),
    ],
)
def test_final_url_template(path, template):
    c = rest.new_rest_client("https://h:6443", "", rest.ClientContentConfig(), None, requests.Session())
    req = c.get().abs_path(path).param("labelSelector", "a=b")
    url = req._final_url_template()
    assert url.path == template
    assert url.query == ("" if template == "/{prefix}" else "labelSelector=%7Bvalue%7D")


def test_the_transport_cache_reports_hits_and_misses(recorded):
    from kubernetes_py.transport.transport import tls_cache

    config = rest.Config(host="https://metrics-cache.example", server_name="metrics-cache-test")
    first = rest.http_client_for(config)
    second = rest.http_client_for(config)  # the first is alive: its transport is shared
    assert recorded["TransportCreateCalls"].calls == [("miss",), ("hit",)]
    assert first.transport.delegate is not None and len(tls_cache) >= 1
    del first, second
