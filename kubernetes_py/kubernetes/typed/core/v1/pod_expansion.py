"""The hand-written methods of the pods client (client-go typed/core/v1/pod_expansion.go)."""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py import context, gentype
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["PodExpansion"]


class PodExpansion(gentype.Expansion[corev1.Pod]):
    """bind, evict (policy/v1beta1 and v1), get_logs and proxy_get on PodInterface."""

    def bind(self, ctx: context.Context | None, binding: Any, opts: Any) -> None:
        """POST a corev1.Binding to the binding subresource of the pod it names."""
        request = self.get_client().post().namespace(self.get_namespace())
        _expansion.send_to_subresource(request, ctx, "pods", binding.get_name(), "binding", opts, binding).error()

    def evict(self, ctx: context.Context | None, eviction: Any) -> None:
        """POST a policy/v1beta1 Eviction to the eviction subresource of the pod it names."""
        self._post_eviction(ctx, eviction)

    def evict_v1beta1(self, ctx: context.Context | None, eviction: Any) -> None:
        """POST a policy/v1beta1 Eviction to the eviction subresource of the pod it names."""
        self._post_eviction(ctx, eviction)

    def evict_v1(self, ctx: context.Context | None, eviction: Any) -> None:
        """POST a policy/v1 Eviction to the eviction subresource of the pod it names."""
        self._post_eviction(ctx, eviction)

    def _post_eviction(self, ctx: context.Context | None, eviction: Any) -> None:
        _expansion.post_eviction(self.get_client().post(), ctx, self.get_namespace(), eviction)

    def get_logs(self, name: str, opts: Any) -> Any:
        """The unsent GET request for a pod's log (``.stream(ctx)`` reads it, ``.do(ctx).raw()`` at once)."""
        from kubernetes_py.kubernetes import scheme

        return (
            self.get_client()
            .get()
            .namespace(self.get_namespace())
            .name(name)
            .resource("pods")
            .sub_resource("log")
            .versioned_params(opts, scheme.ParameterCodec)
        )

    def proxy_get(self, scheme: str, name: str, port: str, path: str, params: Optional[dict[str, str]]) -> Any:
        """The unsent GET request through the API server's proxy to a pod's port."""
        return _expansion.proxy_get(self, "pods", scheme, name, port, path, params)
