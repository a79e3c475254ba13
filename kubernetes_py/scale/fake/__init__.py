"""client-go scale/fake: a ScalesGetter answering from a testing.Fake's reactors and recording its actions."""

from __future__ import annotations

from typing import Optional

from kubernetes_py import testing
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionResource
from kubernetes_py import context

__all__ = ["FakeScaleClient"]


class FakeScaleClient(testing.Fake):
    """A testing.Fake (reactors, actions()) that is a ScalesGetter: get, update and patch of ``scale``
    subresources become actions; with no reactor handling one, an empty autoscaling/v1 Scale is returned."""

    def scales(self, namespace: str) -> "_FakeNamespacedScaleClient":
        return _FakeNamespacedScaleClient(namespace, self)


class _FakeNamespacedScaleClient:
    def __init__(self, namespace: str, fake: testing.Fake):
        self.namespace = namespace
        self.fake = fake

    def _invoke(self, action: testing.Action) -> autoscalingv1.Scale:
        """The reactors' answer to ``action``: an empty Scale when none handles it."""
        scale: autoscalingv1.Scale = self.fake.invokes(action, autoscalingv1.Scale())
        return scale

    def get(
        self, ctx: context.Context | None, resource: GroupResource, name: str, opts: Optional[metav1.GetOptions] = None
    ) -> autoscalingv1.Scale:
        return self._invoke(
            testing.new_get_subresource_action(resource.with_version(""), self.namespace, "scale", name)
        )

    def update(
        self,
        ctx: context.Context | None,
        resource: GroupResource,
        scale: autoscalingv1.Scale,
        opts: Optional[metav1.UpdateOptions] = None,
    ) -> autoscalingv1.Scale:
        return self._invoke(
            testing.new_update_subresource_action(resource.with_version(""), "scale", self.namespace, scale)
        )

    def patch(
        self,
        ctx: context.Context | None,
        gvr: GroupVersionResource,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
    ) -> autoscalingv1.Scale:
        return self._invoke(testing.new_patch_subresource_action(gvr, self.namespace, name, pt, data, "scale"))
