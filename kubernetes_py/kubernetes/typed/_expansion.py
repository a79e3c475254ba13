"""Requests that several of client-go's hand-written ``*_expansion.go`` files build alike: the proxy GET of pods
and services, the eviction POST of pods and of policy's evictions clients, and the event writes of the core/v1
and events/v1beta1 events clients in the event's own namespace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Protocol, TypeVar

from kubernetes_py import context
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.util import net

if TYPE_CHECKING:
    from kubernetes_py import gentype, rest

__all__ = ["post_eviction", "proxy_get", "send_to_subresource", "write_in_event_namespace"]


class _Named(Protocol):
    def get_name(self) -> str: ...
    def get_namespace(self) -> str: ...


E = TypeVar("E")


def proxy_get(
    client: gentype.Client[Any],
    resource: str,
    scheme: str,
    name: str,
    port: str,
    path: str,
    params: Optional[dict[str, str]],
) -> rest.Request:
    """The unsent GET request through the API server's proxy to a port of the named pod or service."""
    request = (
        client.get_client()
        .get()
        .namespace(client.get_namespace())
        .resource(resource)
        .sub_resource("proxy")
        .name(net.join_scheme_name_port(scheme, name, port))
        .suffix(path)
    )
    for k, v in (params or {}).items():
        request = request.param(k, v)
    return request


def send_to_subresource(
    request: rest.Request,
    ctx: context.Context | None,
    resource: str,
    name: str,
    subresource: str,
    opts: Any,
    body: Any,
) -> rest.Result:
    """Send ``body`` (with ``opts`` as query parameters) to a subresource of the named object: a pod's binding,
    a namespace's finalize, a CSR's approval, a deployment's rollback."""
    from kubernetes_py.kubernetes import scheme

    return (
        request.resource(resource)
        .name(name)
        .versioned_params(opts, scheme.ParameterCodec)
        .sub_resource(subresource)
        .body(body)
        .do(ctx)
    )


def post_eviction(request: rest.Request, ctx: context.Context | None, namespace: str, eviction: _Named) -> None:
    """POST ``eviction`` (an Eviction of policy/v1 or v1beta1) to the eviction subresource of the pod it names."""
    (
        request.namespace(namespace)
        .resource("pods")
        .name(eviction.get_name())
        .sub_resource("eviction")
        .body(eviction)
        .do(ctx)
        .error()
    )


def write_in_event_namespace(
    client: gentype.Client[Any], ctx: context.Context | None, action: str, event: _Named, body: Any, result: E
) -> E:
    """POST (``action`` "create"), PUT ("update") or strategic-merge PATCH ("patch") ``body`` for ``event`` in the
    event's own namespace, which must be the client's unless the client is for all namespaces; ``result`` is
    filled with the server's answer and returned."""
    namespace = event.get_namespace()
    if client.get_namespace() != "" and namespace != client.get_namespace():
        raise ValueError(
            f"can't {action} an event with namespace '{namespace}' in namespace '{client.get_namespace()}'"
        )
    if action == "create":
        request = client.get_client().post()
    elif action == "update":
        request = client.get_client().put()
    else:
        request = client.get_client().patch(types.StrategicMergePatchType)
    request = request.namespace_if_scoped(namespace, len(namespace) > 0).resource("events")
    if action != "create":
        request = request.name(event.get_name())
    request.body(body).do(ctx).into(result)
    return result
