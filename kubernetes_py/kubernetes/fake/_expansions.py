"""The hand-written methods of client-go's fake typed clients (typed/core/v1/fake/fake_*_expansion.go)."""
from __future__ import annotations

from typing import Any, Optional

from kubernetes_py import testing
from kubernetes_py.apimachinery import types

__all__ = ["for_resource"]


class FakePodExpansion:
    """bind, get_binding, evict (policy/v1beta1 and v1) and proxy_get on the fake pods client."""

    def bind(self, ctx: Any, binding: Any, opts: Any = None) -> None:
        action = testing.CreateActionImpl(verb="create", namespace=binding.metadata.namespace,
                                          resource=self.resource(), subresource="binding", object=binding)
        self.fake.invokes(action, binding)

    def get_binding(self, name: str) -> Any:
        from kubernetes_py.api.core import v1 as corev1

        empty = corev1.Binding()
        obj = self.fake.invokes(testing.new_get_subresource_action(self.resource(), self.namespace(), "binding",
                                                                   name), empty)
        return empty if obj is None else obj

    def evict(self, ctx: Any, eviction: Any) -> None:
        self.evict_v1beta1(ctx, eviction)

    def evict_v1(self, ctx: Any, eviction: Any) -> None:
        self._evict(eviction)

    def evict_v1beta1(self, ctx: Any, eviction: Any) -> None:
        self._evict(eviction)

    def _evict(self, eviction: Any) -> None:
        action = testing.CreateActionImpl(verb="create", namespace=self.namespace(), resource=self.resource(),
                                          subresource="eviction", object=eviction)
        self.fake.invokes(action, eviction)

    def proxy_get(self, scheme: str, name: str, port: str, path: str, params: Optional[dict]) -> Any:
        return self.fake.invokes_proxy(testing.new_proxy_get_action(self.resource(), self.namespace(), scheme, name,
                                                                    port, path, params))


class FakeServiceExpansion:
    """proxy_get on the fake services client."""

    def proxy_get(self, scheme: str, name: str, port: str, path: str, params: Optional[dict]) -> Any:
        return self.fake.invokes_proxy(testing.new_proxy_get_action(self.resource(), self.namespace(), scheme, name,
                                                                    port, path, params))


class FakeNamespaceExpansion:
    """finalize on the fake namespaces client."""

    def finalize(self, ctx: Any, namespace: Any, opts: Any = None) -> Any:
        action = testing.CreateActionImpl(verb="create", resource=self.resource(), subresource="finalize",
                                          object=namespace)
        return self.fake.invokes(action, namespace)


class FakeNodeExpansion:
    """patch_status on the fake nodes client (a strategic merge patch of the status subresource)."""

    def patch_status(self, ctx: Any, node_name: str, data: bytes) -> Any:
        from kubernetes_py.api.core import v1 as corev1

        empty = corev1.Node()
        obj = self.fake.invokes(testing.new_root_patch_subresource_action(
            self.resource(), node_name, types.StrategicMergePatchType, data, "status"), empty)
        return empty if obj is None else obj


_BY_RESOURCE = {("", "pods"): (FakePodExpansion,), ("", "services"): (FakeServiceExpansion,),
                ("", "namespaces"): (FakeNamespaceExpansion,), ("", "nodes"): (FakeNodeExpansion,)}


def for_resource(resource: str, group: str) -> tuple:
    """The expansion mix-ins of a resource's fake client."""
    return _BY_RESOURCE.get((group, resource), ())
