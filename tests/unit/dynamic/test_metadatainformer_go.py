"""client-go metadata/metadatainformer/informer_test.go's TestWatchListSemanticsSimple (the rest of that file and
of the dynamic informer and lister tests are ported in tests/unit/informers/test_dynamic_metadata.py)."""

from __future__ import annotations

import json

from werkzeug import Response

from kubernetes_py import context, features, metadata, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.metadata import metadatainformer
from kubernetes_py.tools import cache


def test_watch_list_semantics_simple(httpserver):
    """TestWatchListSemanticsSimple: with WatchListClient on, the metadata informer syncs from a watch stream
    whose only event is the bookmark ending the initial events; no list request is made."""
    queries = []

    def handle(request):
        queries.append(dict(request.args))
        if "watch" not in request.args:
            return Response("unexpected request", status=500)
        obj = {
            "apiVersion": "meta.k8s.io/v1",
            "kind": "PartialObjectMetadata",
            "metadata": {"annotations": {metav1.InitialEventsAnnotationKey: "true"}},
        }
        return Response(json.dumps({"type": "BOOKMARK", "object": obj}), content_type="application/json")

    httpserver.expect_request("/apis/apps/v1/namespaces/ns/deployments").respond_with_handler(handle)
    with set_feature_during_test(features.WatchListClient, True):
        client = metadata.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/")))
        factory = metadatainformer.new_filtered_shared_informer_factory(client, 0, "ns", None)
        target = factory.for_resource(GroupVersionResource(group="apps", version="v1", resource="deployments"))
        ctx, cancel = context.with_timeout(context.background(), 5)
        try:
            factory.start(ctx)
            assert cache.wait_for_cache_sync(ctx, target.informer().has_synced), "failed to wait for caches to sync"
        finally:
            cancel()
            factory.shutdown()
    assert queries[0].get("watch") == "true" and queries[0].get("sendInitialEvents") == "true"
