"""tools/cache ListWatch: client-go's listwatch_test.go, the function fallbacks, and the requests
new_list_watch_from_client / new_filtered_list_watch_from_client send."""

import json

import pytest

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery import fields, watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache
from kubernetes_py.util import watchlist


class FakeWatchListClient:
    def __init__(self, unsupported):
        self.unsupported = unsupported

    def is_watch_list_semantics_un_supported(self):
        return self.unsupported


@pytest.mark.parametrize(
    "client,expect",
    [(None, False), (FakeWatchListClient(True), True), (FakeWatchListClient(False), False)],
    ids=[
        "client which doesn't implement the interface supports WatchList semantics",
        "client does not support WatchList semantics",
        "client supports WatchList semantics",
    ],
)
def test_to_list_watcher_with_watch_list_semantics(client, expect):
    target = cache.to_list_watcher_with_watch_list_semantics(cache.ListWatch(), client)
    assert watchlist.does_client_not_support_watch_list_semantics(target) is expect


def test_list_watch_prefers_the_functions_of_its_kind():
    calls = []
    lw = cache.ListWatch(
        list_func=lambda o: calls.append(("list", o.limit)) or "L",
        watch_func=lambda o: calls.append(("watch", o.limit)) or "W",
        list_with_context_func=lambda ctx, o: calls.append(("list ctx", o.limit)) or "LC",
        watch_func_with_context=lambda ctx, o: calls.append(("watch ctx", o.limit)) or "WC",
    )
    ctx = context.background()
    assert [
        lw.list(metav1.ListOptions(limit=1)),
        lw.watch(metav1.ListOptions(limit=2)),
        lw.list_with_context(ctx, metav1.ListOptions(limit=3)),
        lw.watch_with_context(ctx, metav1.ListOptions(limit=4)),
    ] == ["L", "W", "LC", "WC"]
    assert calls == [("list", 1), ("watch", 2), ("list ctx", 3), ("watch ctx", 4)]


def test_list_watch_falls_back_to_the_other_kind():
    seen = []
    only_plain = cache.ListWatch(list_func=lambda o: "L", watch_func=lambda o: "W")
    only_ctx = cache.ListWatch(
        list_with_context_func=lambda ctx, o: seen.append(ctx) or "LC",
        watch_func_with_context=lambda ctx, o: seen.append(ctx) or "WC",
    )
    ctx = context.todo()
    assert only_plain.list_with_context(ctx, metav1.ListOptions()) == "L"
    assert only_plain.watch_with_context(ctx, metav1.ListOptions()) == "W"
    assert only_ctx.list(metav1.ListOptions()) == "LC"
    assert only_ctx.watch(metav1.ListOptions()) == "WC"
    assert seen == [context.background(), context.background()]


def test_to_lister_watcher_with_context_wraps_plain_lister_watchers():
    class Plain:
        def list(self, options):
            return ("list", options.resourceVersion)

        def watch(self, options):
            return ("watch", options.resourceVersion)

    wrapped = cache.to_lister_watcher_with_context(Plain())
    assert wrapped.list_with_context(None, metav1.ListOptions(resourceVersion="1")) == ("list", "1")
    assert wrapped.watch_with_context(None, metav1.ListOptions(resourceVersion="2")) == ("watch", "2")
    lw = cache.ListWatch(list_func=lambda o: None, watch_func=lambda o: None)
    assert cache.to_lister_watcher_with_context(lw) is lw


POD_LIST = {
    "kind": "PodList",
    "apiVersion": "v1",
    "metadata": {"resourceVersion": "7"},
    "items": [{"metadata": {"name": "a", "namespace": "ns", "resourceVersion": "5"}}],
}


@pytest.fixture
def core_client(httpserver):
    cs = kubernetes.new_for_config(
        rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type="application/json")
    )
    return cs.core_v1().rest_client()


def test_new_list_watch_from_client_lists_with_the_field_selector(httpserver, core_client):
    httpserver.expect_oneshot_request(
        "/api/v1/namespaces/ns/pods",
        query_string={"fieldSelector": "spec.nodeName=n1", "limit": "500", "resourceVersion": "0"},
    ).respond_with_json(POD_LIST)
    lw = cache.new_list_watch_from_client(
        core_client, "pods", "ns", fields.one_term_equal_selector("spec.nodeName", "n1")
    )
    options = metav1.ListOptions(resourceVersion="0", limit=500)
    got = lw.list_with_context(context.background(), options)
    assert [p.metadata.name for p in got.items] == ["a"] and got.metadata.resourceVersion == "7"
    assert options == metav1.ListOptions(resourceVersion="0", limit=500)
    httpserver.check_assertions()


def test_new_filtered_list_watch_from_client_watches(httpserver, core_client):
    def modifier(options):
        options.labelSelector = "app=web"

    event = {
        "type": "ADDED",
        "object": {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "a", "namespace": "", "resourceVersion": "8"},
        },
    }
    httpserver.expect_oneshot_request(
        "/api/v1/pods",
        query_string={
            "labelSelector": "app=web",
            "watch": "true",
            "allowWatchBookmarks": "true",
            "resourceVersion": "7",
            "timeoutSeconds": "300",
        },
    ).respond_with_data(json.dumps(event) + "\n", content_type="application/json")
    lw = cache.new_filtered_list_watch_from_client(core_client, "pods", metav1.NamespaceAll, modifier)
    w = lw.watch(metav1.ListOptions(resourceVersion="7", allowWatchBookmarks=True, timeoutSeconds=300))
    try:
        got = next(iter(w.result_chan()))
    finally:
        w.stop()
    assert (got.type, got.object.metadata.name, got.object.metadata.resourceVersion) == (watch.Added, "a", "8")
    httpserver.check_assertions()
