"""Users' habits: a watch is a context manager whose block's end stops it (Go's ``defer w.Stop()``)."""
from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1


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
        watchers = [watch.new_empty_watch(), watch.new_fake(), watch.new_race_free_fake(),
                    watch.filter(watch.new_fake(), lambda e: (e, True)), watch.new_recorder(watch.new_fake()),
                    broadcaster.watch()]
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
    events = b"".join(json.dumps({"type": "ADDED", "object": {"kind": "Pod", "apiVersion": "v1",
                                                              "metadata": {"name": n, "namespace": "ns1"}}}).encode()
                      + b"\n" for n in ("a", "b", "c"))
    httpserver.expect_request("/api/v1/namespaces/ns1/pods", query_string="watch=true").respond_with_response(
        Response(events, content_type="application/json"))
    clientset = kubernetes.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1,
                                                      content_type="application/json"))
    with clientset.core_v1().pods("ns1").watch(context.todo(), metav1.ListOptions()) as w:
        event, ok = w.result_chan().recv(timeout=5)
        assert ok and event.object.metadata.name == "a"
    assert w.result_chan().recv(timeout=5) == (None, False)
