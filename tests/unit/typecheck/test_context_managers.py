"""Users' habits: a watch is a context manager whose block's end stops it (Go's ``defer w.Stop()``); an informer
factory's block stops and joins its informers; a clientset or REST client closes, at the end of its block, the idle
connections of the HTTP client it made."""

from __future__ import annotations

import json
import threading

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, informers, kubernetes, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake, scheme


def test_a_fake_watch_stops_at_the_end_of_its_block():
    with watch.new_fake_with_chan_size(1) as w:
        assert isinstance(w, watch.FakeWatcher)
        assert not w.is_stopped()
    assert w.is_stopped()
    assert w.result_chan().recv(timeout=1) == (None, False)


def test_a_watch_stops_when_its_block_raises():
    with pytest.raises(KeyError):
        with watch.new_race_free_fake() as w:
            raise KeyError("x")
    assert w.result_chan().recv(timeout=1) == (None, False)


def test_every_watcher_of_the_package_is_a_context_manager():
    broadcaster = watch.new_broadcaster(1, watch.WaitIfChannelFull)
    try:
        watchers = [
            watch.new_empty_watch(),
            watch.new_fake(),
            watch.new_race_free_fake(),
            watch.filter(watch.new_fake(), lambda e: (e, True)),
            watch.new_recorder(watch.new_fake()),
            broadcaster.watch(),
        ]
        for w in watchers:
            with w as entered:
                assert entered is w
            assert w.result_chan().recv(timeout=1) == (None, False), type(w).__name__
    finally:
        broadcaster.shutdown()
    proxy = watch.new_proxy_watcher(watch.Chan())  # its stop closes the stop channel, not the result channel (Go's)
    with proxy:
        assert not proxy.stopping()
    assert proxy.stopping()


def test_a_typed_client_watch_stops_its_stream_at_the_end_of_the_block(httpserver):
    """Read one of three events in the block: after it, the stream is stopped and the rest never arrives."""
    events = b"".join(
        json.dumps(
            {
                "type": "ADDED",
                "object": {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": n, "namespace": "ns1"}},
            }
        ).encode()
        + b"\n"
        for n in ("a", "b", "c")
    )
    httpserver.expect_request("/api/v1/namespaces/ns1/pods", query_string="watch=true").respond_with_response(
        Response(events, content_type="application/json")
    )
    clientset = kubernetes.new_for_config(
        rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type="application/json")
    )
    with clientset.core_v1().pods("ns1").watch(context.todo(), metav1.ListOptions()) as w:
        event, ok = w.result_chan().recv(timeout=5)
        assert ok and event.object.metadata.name == "a"
    assert w.result_chan().recv(timeout=5) == (None, False)


def _informer_threads():
    return sorted(t.name for t in threading.enumerate() if t.name.startswith("informer "))


def test_a_factory_block_stops_and_joins_the_informers_it_started():
    """The caller's stop is never set: the end of the block cancels the informers and joins their threads."""
    stop = threading.Event()
    with informers.new_shared_informer_factory(fake.new_simple_clientset(), 0) as factory:
        factory.core().v1().pods().informer()
        factory.start(stop)
        assert factory.wait_for_cache_sync(stop) == {corev1.Pod: True}
        assert _informer_threads() == ["informer *v1.Pod"]
    assert _informer_threads() == []
    assert not stop.is_set()
    factory.apps().v1().deployments().informer()
    factory.start(stop)  # shut down: starts nothing more
    assert _informer_threads() == []


class _CloseRecorder:
    def __init__(self, http_client):
        self.calls = 0
        self._close = http_client.close_idle_connections

    def __call__(self):
        self.calls += 1
        self._close()


def test_clients_close_the_idle_connections_of_the_http_client_they_made(httpserver, monkeypatch):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/p").respond_with_json(
        {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "p", "namespace": "ns1"}}
    )
    config = rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type="application/json")
    with kubernetes.new_for_config(config) as clientset:
        http_client = clientset.core_v1().rest_client().client
        recorder = _CloseRecorder(http_client)
        monkeypatch.setattr(http_client, "close_idle_connections", recorder)
        assert clientset.core_v1().pods("ns1").get(context.todo(), "p", metav1.GetOptions()).metadata.name == "p"
        assert recorder.calls == 0
    assert recorder.calls == 1

    shared = rest.http_client_for(config)
    shared_recorder = _CloseRecorder(shared)
    monkeypatch.setattr(shared, "close_idle_connections", shared_recorder)
    with kubernetes.new_for_config_and_client(config, shared):
        pass
    with rest.rest_client_for_config_and_client(_core_config(config), shared):
        pass
    assert shared_recorder.calls == 0  # a given HTTP client is its owner's to close

    with rest.rest_client_for(_core_config(config)) as rest_client:
        own = _CloseRecorder(rest_client.client)
        monkeypatch.setattr(rest_client.client, "close_idle_connections", own)
    assert own.calls == 1


def _core_config(config):
    c = rest.copy_config(config)
    c.group_version = corev1.SchemeGroupVersion
    c.api_path = "/api"
    c.negotiated_serializer = scheme.Codecs.without_conversion()
    return c
