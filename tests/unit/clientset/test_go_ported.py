"""client-go's typed-client tests, ported: typed/core/v1 and typed/events/v1beta1 event_expansion_test.go,
typed/core/v1/fake/fake_pod_expansion_test.go and fake/clientset_generated_test.go's TestNewSimpleClientset."""

from __future__ import annotations

import pytest

from kubernetes_py import context, testing
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.events import v1beta1 as eventsv1beta1
from kubernetes_py.api.policy import v1 as policyv1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake, scheme
from kubernetes_py.kubernetes.typed.core import v1 as corev1client
from kubernetes_py.kubernetes.typed.events import v1beta1 as eventsv1beta1client
from kubernetes_py.rest import fake as restfake

CTX = context.background()


def _rest_client(sent: list) -> restfake.RESTClient:
    def round_trip(request):
        sent.append((request.method, request.url))
        return restfake.new_response(200, b"{}")

    return restfake.RESTClient(
        negotiated_serializer=scheme.Codecs.without_conversion(), client=restfake.create_http_client(round_trip)
    )


_GROUPS = {
    "core/v1": (corev1client, corev1.Event),
    "events/v1beta1": (eventsv1beta1client, eventsv1beta1.Event),
}


@pytest.mark.parametrize("group", list(_GROUPS))
@pytest.mark.parametrize(
    "verb,call",
    [
        ("create", lambda e, ev: e.create_with_event_namespace(ev)),
        ("patch", lambda e, ev: e.patch_with_event_namespace(ev, b"")),
        ("update", lambda e, ev: e.update_with_event_namespace(ev)),
    ],
    ids=["TestCreateWithEventNamespace", "TestPatchWithEventNamespace", "TestUpdateWithEventNamespace"],
)
def test_write_with_event_namespace(group, verb, call):
    client_pkg, event_type = _GROUPS[group]
    event = event_type(metadata=metav1.ObjectMeta(name="test", namespace="default"))
    sent: list = []
    e = client_pkg.new(_rest_client(sent)).events("default")
    assert isinstance(call(e, event), event_type)
    method = {"create": "POST", "patch": "PATCH", "update": "PUT"}[verb]
    path = "/namespaces/default/events" + ("" if verb == "create" else "/test")
    assert [(m, u.split("://", 1)[1].split("/", 1)[1]) for m, u in sent] == [(method, path.lstrip("/"))]
    # "... with different namespace": refused before anything is sent.
    other = client_pkg.new(_rest_client(sent)).events("other")
    with pytest.raises(ValueError, match=f"^can't {verb} an event with namespace 'default' in namespace 'other'$"):
        call(other, event)
    assert len(sent) == 1


def test_fake_pods_get_logs():  # TestFakePodsGetLogs
    body = fake.new_simple_clientset().core_v1().pods("default").get_logs("foo", corev1.PodLogOptions()).stream(CTX)
    try:
        assert body.read() == b"fake logs"
    finally:
        body.close()


def test_fake_pods_get_logs_reactor_error():  # TestFakePodsGetLogsReactorError
    cs = fake.new_simple_clientset()
    expected = RuntimeError("reactor get logs failure")
    seen = []

    def reactor(action):
        assert isinstance(action, testing.GenericAction)
        opts = action.get_value()
        assert isinstance(opts, corev1.PodLogOptions)
        seen.append(opts.container)
        return True, None, expected

    cs.prepend_reactor("get", "pods/log", reactor)
    req = cs.core_v1().pods("default").get_logs("foo", corev1.PodLogOptions(container="ctr"))
    with pytest.raises(Exception) as e:
        req.stream(CTX)
    chain = []
    err: BaseException | None = e.value
    while err is not None:
        chain.append(err)
        err = err.__cause__ or err.__context__
    assert expected in chain
    assert seen == ["ctr"]


def test_fake_pods_get_logs_reactor_response():  # TestFakePodsGetLogsReactorResponse
    cs = fake.new_simple_clientset()
    cs.prepend_reactor("get", "pods/log", lambda a: (True, runtime.Unknown(raw=b"reactor logs"), None))
    body = cs.core_v1().pods("default").get_logs("foo", corev1.PodLogOptions()).stream(CTX)
    try:
        assert body.read() == b"reactor logs"
    finally:
        body.close()


def test_fake_pods_get_logs_reactor_invalid_object():  # TestFakePodsGetLogsReactorInvalidObject
    cs = fake.new_simple_clientset()
    cs.prepend_reactor("get", "pods/log", lambda a: (True, corev1.Pod(), None))
    req = cs.core_v1().pods("default").get_logs("foo", corev1.PodLogOptions())
    with pytest.raises(Exception, match=r"expected reactor to return \*runtime\.Unknown"):
        req.stream(CTX)


def test_new_simple_clientset():  # TestNewSimpleClientset
    client = fake.new_simple_clientset()
    pods = client.core_v1().pods("default")
    expected = [
        pods.create(CTX, corev1.Pod(metadata=metav1.ObjectMeta(name=n, namespace="default")), metav1.CreateOptions())
        for n in ("pod-1", "pod-2")
    ]
    pods.evict_v1(CTX, policyv1.Eviction(metadata=metav1.ObjectMeta(name="pod-2")))
    # client-go's fake records the eviction and deletes nothing: both pods are still listed.
    assert list(pods.list(CTX, metav1.ListOptions()).items) == expected
    assert [(a.get_verb(), a.get_subresource()) for a in client.actions()] == [
        ("create", ""),
        ("create", ""),
        ("create", "eviction"),
        ("list", ""),
    ]
    # Evicting a pod the tracker does not hold is NotFound, as client-go's ObjectReaction answers.
    from kubernetes_py.apimachinery.api import errors

    with pytest.raises(errors.StatusError) as e:
        pods.evict_v1(CTX, policyv1.Eviction(metadata=metav1.ObjectMeta(name="pod-3")))
    assert errors.is_not_found(e.value) and str(e.value) == 'pods "pod-3" not found'
