"""scale/fake: the actions the fake scale client records and the answers of its reactors."""

from __future__ import annotations

from kubernetes_py import testing
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionResource
from kubernetes_py.scale import fake


def test_actions_and_reactors():
    f = fake.FakeScaleClient()
    answer = autoscalingv1.Scale(metadata=metav1.ObjectMeta(name="web"))
    answer.spec.replicas = 3
    f.add_reactor("get", "deployments", lambda action: (True, answer, None))
    s = f.scales("ns")
    assert s.get(None, GroupResource("apps", "deployments"), "web") is answer
    assert s.update(None, GroupResource("apps", "statefulsets"), answer) == autoscalingv1.Scale()
    s.patch(None, GroupVersionResource("apps", "v1", "replicasets"), "rs", "application/merge-patch+json", b"{}")
    acts = f.actions()
    assert [(a.get_verb(), str(a.get_resource()), a.get_subresource(), a.get_namespace()) for a in acts] == [
        ("get", "apps/, Resource=deployments", "scale", "ns"),
        ("update", "apps/, Resource=statefulsets", "scale", "ns"),
        ("patch", "apps/v1, Resource=replicasets", "scale", "ns"),
    ]
    assert acts[0].get_name() == "web" and acts[2].get_patch() == b"{}"
    assert isinstance(f, testing.Fake)
