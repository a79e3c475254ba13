"""client-go scale/client_test.go, ported: the scale client against a fake REST client serving a different scale
kind per resource (autoscaling/v1, extensions/v1beta1, apps/v1beta1, apps/v1beta2), resolved from fake discovery."""

from __future__ import annotations

import pytest

from kubernetes_py import dynamic, restmapper, scale
from kubernetes_py import testing as coretesting
from kubernetes_py._jsonpatch import decode_patch, merge_patch
from kubernetes_py.api.apps import v1beta1 as appsv1beta1
from kubernetes_py.api.apps import v1beta2 as appsv1beta2
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.api.extensions import v1beta1 as extv1beta1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersion, GroupVersionResource
from kubernetes_py.discovery.fake import FakeDiscovery
from kubernetes_py.rest import fake as fakerest
from kubernetes_py.scale import client as scaleclient


def _res(name: str, kind: str, group: str = "", version: str = "") -> metav1.APIResource:
    return metav1.APIResource(name=name, namespaced=True, kind=kind, group=group, version=version)


def _discovery() -> FakeDiscovery:
    d = FakeDiscovery(fake=coretesting.Fake())
    d.resources = [
        metav1.APIResourceList(
            groupVersion="v1",
            resources=[
                _res("pods", "Pod"),
                _res("replicationcontrollers", "ReplicationController"),
                _res("replicationcontrollers/scale", "Scale", "autoscaling", "v1"),
            ],
        ),
        metav1.APIResourceList(
            groupVersion="extensions/v1beta1",
            resources=[_res("replicasets", "ReplicaSet"), _res("replicasets/scale", "Scale")],
        ),
        metav1.APIResourceList(
            groupVersion="apps/v1beta2",
            resources=[_res("deployments", "Deployment"), _res("deployments/scale", "Scale", "apps", "v1beta2")],
        ),
        metav1.APIResourceList(
            groupVersion="apps/v1beta1",
            resources=[_res("statefulsets", "StatefulSet"), _res("statefulsets/scale", "Scale", "apps", "v1beta1")],
        ),
        metav1.APIResourceList(
            groupVersion="cheese.testing.k8s.io/v27alpha15",
            resources=[_res("cheddars", "Cheddar"), _res("cheddars/scale", "Scale", "extensions", "v1beta1")],
        ),
    ]
    return d


def _typed(cls, gv: GroupVersion, selector_field: str):
    obj = cls(metadata=metav1.ObjectMeta(name="foo"))
    obj.spec.replicas = 10
    obj.status.replicas = 10
    setattr(obj.status, selector_field, "foo=bar")
    obj.get_object_kind().set_group_version_kind(gv.with_kind("Scale"))
    return obj


def _expected(replicas: int = 10) -> autoscalingv1.Scale:
    s = autoscalingv1.Scale(metadata=metav1.ObjectMeta(name="foo"))
    s.spec.replicas = replicas
    s.status.replicas = 10
    s.status.selector = "foo=bar"
    s.kind, s.apiVersion = "Scale", "autoscaling/v1"
    return s


GROUP_RESOURCES = [
    GroupResource("", "replicationcontrollers"),
    GroupResource("extensions", "replicasets"),
    GroupResource("apps", "deployments"),
    GroupResource("cheese.testing.k8s.io", "cheddars"),
]


class _Server:
    """The fake HTTP side: one scale object per path, answering GET, PUT (checking the scale kind sent) and
    merge/JSON PATCH; records (method, path, query) of every request."""

    def __init__(self) -> None:
        auto = _typed(autoscalingv1.Scale, autoscalingv1.SchemeGroupVersion, "selector")
        ext = _typed(extv1beta1.Scale, extv1beta1.SchemeGroupVersion, "targetSelector")
        self.paths = {
            "/api/v1/namespaces/default/replicationcontrollers/foo/scale": auto,
            "/apis/extensions/v1beta1/namespaces/default/replicasets/foo/scale": ext,
            "/apis/apps/v1beta1/namespaces/default/statefulsets/foo/scale": _typed(
                appsv1beta1.Scale, appsv1beta1.SchemeGroupVersion, "targetSelector"
            ),
            "/apis/apps/v1beta2/namespaces/default/deployments/foo/scale": _typed(
                appsv1beta2.Scale, appsv1beta2.SchemeGroupVersion, "targetSelector"
            ),
            "/apis/cheese.testing.k8s.io/v27alpha15/namespaces/default/cheddars/foo/scale": ext,
        }
        self.requests: list[tuple[str, str, str]] = []
        self.put_kinds: list[str] = []

    def __call__(self, req):
        import urllib.parse

        u = urllib.parse.urlsplit(req.url)
        self.requests.append((req.method, u.path, u.query))
        obj = self.paths.get(u.path)
        if obj is None:
            raise AssertionError(f"unexpected request for URL {req.url!r} with method {req.method!r}")
        orig = runtime.encode(
            scaleclient.codecs.legacy_codec(obj.get_object_kind().group_version_kind().group_version()), obj
        )
        headers = {"Content-Type": "application/json"}
        if req.method == "GET":
            return fakerest.new_response(200, orig, headers)
        if req.method == "PUT":
            _, gvk = scaleclient.codecs.universal_deserializer().decode(req.body, None, None)
            want = obj.get_object_kind().group_version_kind()
            if gvk != want:
                raise AssertionError(f"unexpected scale API version {gvk} (expected {want})")
            self.put_kinds.append(str(gvk))
            return fakerest.new_response(200, req.body, headers)
        if req.method == "PATCH":
            pt = req.headers["Content-Type"]
            if pt == "application/merge-patch+json":
                return fakerest.new_response(200, merge_patch(orig, req.body), headers)
            if pt == "application/json-patch+json":
                return fakerest.new_response(200, decode_patch(req.body).apply(orig), headers)
            raise AssertionError("invalid patch type")
        raise AssertionError(f"unexpected method {req.method}")


def _fake_scale_client():
    disco = _discovery()
    mapper = restmapper.new_discovery_rest_mapper(restmapper.get_api_group_resources(disco))
    server = _Server()
    client = fakerest.RESTClient(
        client=fakerest.create_http_client(server),
        negotiated_serializer=scaleclient.codecs.without_conversion(),
        group_version=GroupVersion(),
        versioned_api_path="/not/a/real/path",
    )
    resolver = scale.new_discovery_scale_kind_resolver(disco)
    return scale.new(client, mapper, dynamic.legacy_api_path_resolver_func, resolver), server, disco


def test_get_scale():
    sc, server, _ = _fake_scale_client()
    for gr in GROUP_RESOURCES:
        got = sc.scales("default").get(None, gr, "foo", metav1.GetOptions())
        assert isinstance(got, autoscalingv1.Scale)
        assert got == _expected(), gr
        assert (got.kind, got.apiVersion) == ("Scale", "autoscaling/v1")
    assert [r[:2] for r in server.requests] == [
        ("GET", "/api/v1/namespaces/default/replicationcontrollers/foo/scale"),
        ("GET", "/apis/extensions/v1beta1/namespaces/default/replicasets/foo/scale"),
        ("GET", "/apis/apps/v1beta2/namespaces/default/deployments/foo/scale"),
        ("GET", "/apis/cheese.testing.k8s.io/v27alpha15/namespaces/default/cheddars/foo/scale"),
    ]


def test_update_scale():
    sc, server, disco = _fake_scale_client()
    expected = _expected()
    for gr in GROUP_RESOURCES:
        got = sc.scales("default").update(None, gr, expected, metav1.UpdateOptions())
        assert got == expected, gr
    # each PUT carried the scale kind discovery names for the resource's scale subresource
    assert server.put_kinds == [
        "autoscaling/v1, Kind=Scale",
        "extensions/v1beta1, Kind=Scale",
        "apps/v1beta2, Kind=Scale",
        "extensions/v1beta1, Kind=Scale",
    ]
    # the resolver caches: a second round asks discovery for nothing more
    before = len(disco.actions())
    for gr in GROUP_RESOURCES:
        sc.scales("default").update(None, gr, expected)
    assert len(disco.actions()) == before


def _gvrs() -> list[GroupVersionResource]:
    versions = {"": "v1", "extensions": "v1beta1", "apps": "v1beta2"}
    return [gr.with_version(versions.get(gr.group, "v27alpha15")) for gr in GROUP_RESOURCES]


@pytest.mark.parametrize(
    "pt,patch",
    [
        ("application/merge-patch+json", b'{"spec":{"replicas":5}}'),
        ("application/json-patch+json", b'[{"op":"replace","path":"/spec/replicas","value":5}]'),
    ],
)
def test_patch_scale(pt, patch):
    sc, _, _ = _fake_scale_client()
    for gvr in _gvrs():
        got = sc.scales("default").patch(None, gvr, "foo", pt, patch, metav1.PatchOptions())
        assert got == _expected(replicas=5), gvr


def test_options_are_sent_as_query_parameters():
    sc, server, _ = _fake_scale_client()
    sc.scales("default").get(None, GROUP_RESOURCES[2], "foo", metav1.GetOptions(resourceVersion="7"))
    sc.scales("default").update(None, GROUP_RESOURCES[2], _expected(), metav1.UpdateOptions(dryRun=["All"]))
    sc.scales("default").patch(
        None, _gvrs()[2], "foo", "application/merge-patch+json", b"{}", metav1.PatchOptions(fieldManager="m")
    )
    assert [r[2] for r in server.requests] == ["resourceVersion=7", "dryRun=All", "fieldManager=m"]


def test_unknown_resource_errors():
    sc, _, _ = _fake_scale_client()
    with pytest.raises(RuntimeError) as err:
        sc.scales("default").get(None, GroupResource("apps", "nothings"), "foo")
    assert str(err.value).startswith(
        "unable to get client for nothings.apps: unable to get full preferred "
        "group-version-resource for nothings.apps: "
    )


def test_update_without_scale_subresource_in_discovery():
    sc, _, _ = _fake_scale_client()
    with pytest.raises(RuntimeError) as err:
        sc.scales("default").update(None, GroupResource("", "pods"), _expected())
    assert str(err.value) == (
        "could not find proper group-version for scale subresource of /v1, Resource=pods: "
        "could not find scale subresource for /v1, Resource=pods in discovery information"
    )


def test_api_errors_propagate_unwrapped():
    from kubernetes_py.apimachinery.api import errors

    disco = _discovery()
    mapper = restmapper.new_discovery_rest_mapper(restmapper.get_api_group_resources(disco))
    body = (
        b'{"kind":"Status","apiVersion":"v1","status":"Failure","message":"conflict here",'
        b'"reason":"Conflict","code":409}'
    )
    client = fakerest.RESTClient(
        resp=fakerest.new_response(409, body, {"Content-Type": "application/json"}),
        negotiated_serializer=scaleclient.codecs.without_conversion(),
    )
    sc = scale.new(
        client, mapper, dynamic.legacy_api_path_resolver_func, scale.new_discovery_scale_kind_resolver(disco)
    )
    with pytest.raises(errors.StatusError) as err:
        sc.scales("default").update(None, GROUP_RESOURCES[2], _expected())
    assert errors.is_conflict(err.value)


def test_new_for_config_over_http(httpserver):
    """new_for_config sets the config's group version, negotiated serializer and user agent as client-go does, and
    speaks JSON to the server: a GET of a StatefulSet's apps/v1beta1 scale, a PUT of the apps/v1beta1 kind."""
    import json

    from werkzeug import Response

    from kubernetes_py import rest

    body = {
        "kind": "Scale",
        "apiVersion": "apps/v1beta1",
        "metadata": {"name": "foo", "namespace": "ns"},
        "spec": {"replicas": 2},
        "status": {"replicas": 2, "targetSelector": "app=x"},
    }
    path = "/apis/apps/v1beta1/namespaces/ns/statefulsets/foo/scale"
    httpserver.expect_request(path, method="GET").respond_with_json(body)
    httpserver.expect_request(path, method="PUT").respond_with_handler(
        lambda req: Response(req.data, content_type="application/json")
    )
    cfg = rest.Config(host=httpserver.url_for("/"))
    disco = _discovery()
    mapper = restmapper.new_discovery_rest_mapper(restmapper.get_api_group_resources(disco))
    sc = scale.new_for_config(
        cfg, mapper, dynamic.legacy_api_path_resolver_func, scale.new_discovery_scale_kind_resolver(disco)
    )
    assert cfg.group_version == GroupVersion() and cfg.user_agent == rest.default_kubernetes_user_agent()
    assert cfg.negotiated_serializer is not None
    got = sc.scales("ns").get(None, GroupResource("apps", "statefulsets"), "foo")
    assert (got.apiVersion, got.spec.replicas, got.status.selector) == ("autoscaling/v1", 2, "app=x")
    got.spec.replicas = 7
    sc.scales("ns").update(None, GroupResource("apps", "statefulsets"), got)
    sent = json.loads(httpserver.log[-1][0].data)
    assert sent["apiVersion"] == "apps/v1beta1" and sent["spec"] == {"replicas": 7}
    assert sent["status"] == {"replicas": 2, "selector": {"app": "x"}, "targetSelector": "app=x"}
    assert httpserver.log[0][0].headers["Accept"] == "application/json, */*"
