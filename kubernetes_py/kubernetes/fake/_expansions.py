"""The hand-written methods of client-go's fake typed clients (typed/core/v1/fake/fake_*_expansion.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional

from kubernetes_py import testing
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py import context

if TYPE_CHECKING:
    from kubernetes_py.gentype.fake import FakeClient

    # For checkers the mix-ins are the fake client they are mixed into (fake_resource_class puts them first).
    _Fake = FakeClient
else:
    _Fake = object

__all__ = ["for_resource"]


class _FakeProxyGetter(_Fake):
    """proxy_get on a fake client of pods or services."""

    def proxy_get(self, scheme: str, name: str, port: str, path: str, params: Optional[dict[str, str]]) -> Any:
        return self.fake.invokes_proxy(
            testing.new_proxy_get_action(self.resource(), self.namespace(), scheme, name, port, path, params)
        )


class FakePodExpansion(_FakeProxyGetter):
    """bind, get_binding, evict (policy/v1beta1 and v1) and proxy_get on the fake pods client."""

    def bind(self, ctx: context.Context | None, binding: Any, opts: Any = None) -> None:
        action = testing.CreateActionImpl(
            verb="create",
            namespace=binding.metadata.namespace,
            resource=self.resource(),
            subresource="binding",
            object=binding,
        )
        self.fake.invokes(action, binding)

    def get_binding(self, name: str) -> Any:
        from kubernetes_py.api.core import v1 as corev1

        empty = corev1.Binding()
        obj = self.fake.invokes(
            testing.new_get_subresource_action(self.resource(), self.namespace(), "binding", name), empty
        )
        return empty if obj is None else obj

    def evict(self, ctx: context.Context | None, eviction: Any) -> None:
        self.evict_v1beta1(ctx, eviction)

    def evict_v1(self, ctx: context.Context | None, eviction: Any) -> None:
        self._evict(eviction)

    def evict_v1beta1(self, ctx: context.Context | None, eviction: Any) -> None:
        self._evict(eviction)

    def _evict(self, eviction: Any) -> None:
        action = testing.CreateActionImpl(
            verb="create", namespace=self.namespace(), resource=self.resource(), subresource="eviction", object=eviction
        )
        self.fake.invokes(action, eviction)

    def get_logs(self, name: str, opts: Any) -> Any:
        """An unsent request whose body is the log a reactor answers for a "get pods/log" action (a
        runtime.Unknown; "fake logs" when no reactor handles it). A reactor's error is raised when the
        request is sent."""
        from kubernetes_py.apimachinery import runtime
        from kubernetes_py.kubernetes import scheme
        from kubernetes_py.rest import fake as restfake

        action = testing.GenericActionImpl(
            verb="get", namespace=self.namespace(), resource=self.resource(), subresource="log", value=opts
        )
        default = runtime.Unknown(raw=b"fake logs")
        logs, failure = default.raw, None
        try:
            obj = self.fake.invokes(action, default)
        except Exception as err:  # Go keeps the error for the request to return  # noqa: BLE001
            failure = err
        else:
            if isinstance(obj, runtime.Unknown):
                logs = obj.raw
            else:
                failure = TypeError(
                    f"fake Pods.GetLogs expected reactor to return *runtime.Unknown, got "
                    f"{'<nil>' if obj is None else type(obj).__name__}"
                )

        def round_trip(request: Any) -> Any:
            if failure is not None:
                raise failure
            return restfake.new_response(200, logs)

        client = restfake.RESTClient(
            negotiated_serializer=scheme.Codecs.without_conversion(),
            group_version=self.kind().group_version(),
            versioned_api_path=f"/api/v1/namespaces/{self.namespace()}/pods/{name}/log",
            client=restfake.create_http_client(round_trip),
        )
        return client.request()


class FakeServiceExpansion(_FakeProxyGetter):
    """proxy_get on the fake services client."""


class FakeNamespaceExpansion(_Fake):
    """finalize on the fake namespaces client."""

    def finalize(self, ctx: context.Context | None, namespace: Any, opts: Any = None) -> Any:
        action = testing.CreateActionImpl(
            verb="create", resource=self.resource(), subresource="finalize", object=namespace
        )
        return self.fake.invokes(action, namespace)


class FakeNodeExpansion(_Fake):
    """patch_status on the fake nodes client (a strategic merge patch of the status subresource)."""

    def patch_status(self, ctx: context.Context | None, node_name: str, data: bytes) -> Any:
        from kubernetes_py.api.core import v1 as corev1

        empty = corev1.Node()
        obj = self.fake.invokes(
            testing.new_root_patch_subresource_action(
                self.resource(), node_name, types.StrategicMergePatchType, data, "status"
            ),
            empty,
        )
        return empty if obj is None else obj


class FakeCoreEventExpansion(_Fake):
    """The core/v1 event methods the event recorder uses, recorded on the Fake (in the event's namespace
    when the client has none)."""

    def _ns_of(self, event: Any) -> str:
        return self.namespace() if self.namespace() != "" else event.metadata.namespace

    def _answer(self, action: Any, event: Any) -> Any:
        return self.fake.invokes(action, event)

    def create_with_event_namespace(self, event: Any) -> Any:
        return self.create_with_event_namespace_with_context(None, event)

    def create_with_event_namespace_with_context(self, ctx: context.Context | None, event: Any) -> Any:
        return self._answer(testing.new_create_action(self.resource(), self._ns_of(event), event), event)

    def update_with_event_namespace(self, event: Any) -> Any:
        return self.update_with_event_namespace_with_context(None, event)

    def update_with_event_namespace_with_context(self, ctx: context.Context | None, event: Any) -> Any:
        return self._answer(testing.new_update_action(self.resource(), self._ns_of(event), event), event)

    def patch_with_event_namespace(self, event: Any, data: bytes) -> Any:
        return self.patch_with_event_namespace_with_context(None, event, data)

    def patch_with_event_namespace_with_context(self, ctx: context.Context | None, event: Any, data: bytes) -> Any:
        return self._answer(
            testing.new_patch_action(
                self.resource(), self._ns_of(event), event.metadata.name, types.StrategicMergePatchType, data
            ),
            event,
        )

    def search(self, scheme: Any, obj_or_ref: Any) -> Any:
        return self.search_with_context(None, scheme, obj_or_ref)

    def search_with_context(self, ctx: context.Context | None, scheme: Any, obj_or_ref: Any) -> Any:
        """A list action in the client's namespace ("default" for a client of all namespaces)."""
        from kubernetes_py.api.core import v1 as corev1
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1

        ns = self.namespace() if self.namespace() != "" else metav1.NamespaceDefault
        empty = corev1.EventList()
        obj = self.fake.invokes(testing.new_list_action(self.resource(), self.kind(), ns, metav1.ListOptions()), empty)
        return empty if obj is None else obj

    def get_field_selector(
        self,
        involved_object_name: Optional[str],
        involved_object_namespace: Optional[str],
        involved_object_kind: Optional[str],
        involved_object_uid: Optional[str],
    ) -> Any:
        """Records a "get-field-selector" action and selects everything."""
        from kubernetes_py.apimachinery import fields

        self.fake.invokes(testing.GenericActionImpl(verb="get-field-selector", resource=self.resource()), None)
        return fields.everything()


class FakeEventsV1beta1Expansion(_Fake):
    """The events.k8s.io/v1beta1 event methods, recorded on the Fake (root actions for a client of all
    namespaces)."""

    def _invoke_for(
        self,
        event: Any,
        namespaced: Callable[..., testing.Action],
        root: Callable[..., testing.Action],
        *args: Any,
    ) -> Any:
        """The action ``namespaced`` makes in the client's namespace, or ``root`` for a client of all namespaces."""
        namespace = self.namespace()
        action = namespaced(self.resource(), namespace, *args) if namespace else root(self.resource(), *args)
        return self.fake.invokes(action, event)

    def create_with_event_namespace(self, event: Any) -> Any:
        return self._invoke_for(event, testing.new_create_action, testing.new_root_create_action, event)

    def update_with_event_namespace(self, event: Any) -> Any:
        return self._invoke_for(event, testing.new_update_action, testing.new_root_update_action, event)

    def patch_with_event_namespace(self, event: Any, data: bytes) -> Any:
        return self._invoke_for(
            event,
            testing.new_patch_action,
            testing.new_root_patch_action,
            event.metadata.name,
            types.StrategicMergePatchType,
            data,
        )


class FakeDeploymentRollbackExpansion(_Fake):
    """rollback on the fake extensions/v1beta1 deployments client."""

    def rollback(self, ctx: context.Context | None, deployment_rollback: Any, opts: Any = None) -> None:
        action = testing.CreateActionImpl(
            verb="create", resource=self.resource(), subresource="rollback", object=deployment_rollback
        )
        self.fake.invokes(action, deployment_rollback)


class FakeEvictionExpansion(_Fake):
    """evict on the fake policy evictions client: a create of the pods' eviction subresource."""

    def evict(self, ctx: context.Context | None, eviction: Any) -> None:
        action = testing.CreateActionImpl(
            verb="create",
            namespace=self.namespace(),
            resource=GroupVersionResource("", "v1", "pods"),
            subresource="eviction",
            object=eviction,
        )
        self.fake.invokes(action, eviction)


class FakeCSRApprovalExpansion(_Fake):
    """update_approval on the fake certificates/v1beta1 client (v1 has it as a generated method)."""

    def update_approval(self, ctx: context.Context | None, csr: Any, opts: Any = None) -> Any:
        empty = type(csr)()
        obj = self.fake.invokes(testing.new_root_update_subresource_action(self.resource(), "approval", csr), empty)
        return empty if obj is None else obj


_BY_RESOURCE: dict[tuple[str, str, str], tuple[type, ...]] = {
    ("", "v1", "pods"): (FakePodExpansion,),
    ("", "v1", "services"): (FakeServiceExpansion,),
    ("", "v1", "namespaces"): (FakeNamespaceExpansion,),
    ("", "v1", "nodes"): (FakeNodeExpansion,),
    ("", "v1", "events"): (FakeCoreEventExpansion,),
    ("events.k8s.io", "v1beta1", "events"): (FakeEventsV1beta1Expansion,),
    ("extensions", "v1beta1", "deployments"): (FakeDeploymentRollbackExpansion,),
    ("policy", "v1", "evictions"): (FakeEvictionExpansion,),
    ("policy", "v1beta1", "evictions"): (FakeEvictionExpansion,),
    ("certificates.k8s.io", "v1beta1", "certificatesigningrequests"): (FakeCSRApprovalExpansion,),
}


def for_resource(gvr: GroupVersionResource) -> tuple[type, ...]:
    """The expansion mix-ins of a resource's fake client."""
    return _BY_RESOURCE.get((gvr.group, gvr.version, gvr.resource), ())
