"""The dynamic client: every verb on any resource, with objects as ``unstructured.Unstructured``
(client-go dynamic/simple.go). JSON on the wire, as client-go's dynamic client speaks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from kubernetes_py._go.fmt import go_sprint
from kubernetes_py._go.json import go_json
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

from .scheme import new_basic_negotiated_serializer
from kubernetes_py import context as _context
from kubernetes_py.dynamic._resource import ClientBase, ResourceClientBase, config_with, required_name
from kubernetes_py.dynamic._resource import ctx_or_background as _ctx

if TYPE_CHECKING:
    from kubernetes_py import rest
    from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredList
    from kubernetes_py.apimachinery import watch

__all__ = ["DynamicClient", "config_for", "new", "new_for_config", "new_for_config_and_client", "new_for_config_or_die"]

_APPLY_PATCH_TYPE = "application/apply-patch+yaml"


def _validate_namespace_with_optional_name(namespace: str, *name: str) -> None:
    from kubernetes_py import rest

    msgs = rest.is_valid_path_segment_name(namespace)
    if msgs:
        raise ValueError(f"invalid namespace {go_quote(namespace)}: {go_sprint(msgs)}")
    if len(name) > 1:
        raise TypeError("Invalid number of names")
    if name:
        msgs = rest.is_valid_path_segment_name(name[0])
        if msgs:
            raise ValueError(f"invalid resource name {go_quote(name[0])}: {go_sprint(msgs)}")


def _name_of(obj: Any) -> str:
    """The object's name (Go reads it through meta.Accessor; an Unstructured is its own accessor)."""
    return str(obj.get_name())


def _unstructured() -> Unstructured:
    from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured

    return Unstructured()


def _unstructured_list() -> UnstructuredList:
    from kubernetes_py.apimachinery.apis.meta.v1.unstructured import UnstructuredList

    return UnstructuredList()


class _DynamicResourceClient(ResourceClientBase):
    """NamespaceableResourceInterface / ResourceInterface of the dynamic client."""

    _KIND = "dynamic resource client"

    def _named(self, name: str) -> str:
        """``name`` once it and the namespace are valid path segments (it is required)."""
        _validate_namespace_with_optional_name(self._namespace, required_name(name))
        return name

    def _into_unstructured(self, request: rest.Request, ctx: _context.Context | None) -> Unstructured:
        out = _unstructured()
        request.do(_ctx(ctx)).into(out)
        return out

    def create(
        self,
        ctx: _context.Context | None,
        obj: Unstructured,
        opts: Optional[metav1.CreateOptions] = None,
        *subresources: str,
    ) -> Unstructured:
        """POST the object; with subresources, POST to the named object's subresource."""
        opts = opts if opts is not None else metav1.CreateOptions()
        name = ""
        if subresources:
            name = required_name(_name_of(obj))
        _validate_namespace_with_optional_name(self._namespace, name)
        return self._into_unstructured(self._at(self._rest.post(), name, subresources, opts).body(obj), ctx)

    def update(
        self,
        ctx: _context.Context | None,
        obj: Unstructured,
        opts: Optional[metav1.UpdateOptions] = None,
        *subresources: str,
    ) -> Unstructured:
        """PUT the object (to its subresource when given)."""
        opts = opts if opts is not None else metav1.UpdateOptions()
        name = self._named(_name_of(obj))
        return self._into_unstructured(self._at(self._rest.put(), name, subresources, opts).body(obj), ctx)

    def update_status(
        self, ctx: _context.Context | None, obj: Unstructured, opts: Optional[metav1.UpdateOptions] = None
    ) -> Unstructured:
        """PUT the object's status subresource."""
        return self.update(ctx, obj, opts, "status")

    def delete(
        self, ctx: _context.Context | None, name: str, opts: Optional[metav1.DeleteOptions] = None, *subresources: str
    ) -> None:
        """DELETE one object, with DeleteOptions as the body."""
        opts = opts if opts is not None else metav1.DeleteOptions()
        self._named(name)
        self._rest.delete().abs_path(*self._make_url_segments(name), *subresources).body(opts).do(_ctx(ctx)).error()

    def delete_collection(
        self,
        ctx: _context.Context | None,
        opts: Optional[metav1.DeleteOptions] = None,
        list_options: Optional[metav1.ListOptions] = None,
    ) -> None:
        """DELETE every object matching list_options."""
        opts = opts if opts is not None else metav1.DeleteOptions()
        list_options = list_options if list_options is not None else metav1.ListOptions()
        _validate_namespace_with_optional_name(self._namespace)
        self._at(self._rest.delete(), "", (), list_options).body(opts).do(_ctx(ctx)).error()

    def get(
        self, ctx: _context.Context | None, name: str, opts: Optional[metav1.GetOptions] = None, *subresources: str
    ) -> Unstructured:
        opts = opts if opts is not None else metav1.GetOptions()
        return self._into_unstructured(self._at(self._rest.get(), self._named(name), subresources, opts), ctx)

    def list(self, ctx: _context.Context | None, opts: Optional[metav1.ListOptions] = None) -> UnstructuredList:
        """An UnstructuredList of the resource's objects."""
        opts = opts if opts is not None else metav1.ListOptions()
        _validate_namespace_with_optional_name(self._namespace)
        out = _unstructured_list()
        self._at(self._rest.get(), "", (), opts).do(_ctx(ctx)).into(out)
        return out

    def watch(self, ctx: _context.Context | None, opts: Optional[metav1.ListOptions] = None) -> watch.Interface:
        """A watch.Interface whose events carry Unstructured objects."""
        opts = opts.deep_copy() if opts is not None else metav1.ListOptions()
        opts.watch = True
        _validate_namespace_with_optional_name(self._namespace)
        return self._at(self._rest.get(), "", (), opts).watch(_ctx(ctx))

    def patch(
        self,
        ctx: _context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
        *subresources: str,
    ) -> Unstructured:
        """PATCH with a patch type (types.JSONPatchType, MergePatchType, ...) and the patch bytes."""
        opts = opts if opts is not None else metav1.PatchOptions()
        return self._into_unstructured(
            self._at(self._rest.patch(pt), self._named(name), subresources, opts).body(data), ctx
        )

    def apply(
        self,
        ctx: _context.Context | None,
        name: str,
        obj: Any,
        opts: Optional[metav1.ApplyOptions] = None,
        *subresources: str,
    ) -> Unstructured:
        """Server-side apply of the object as this field manager (opts.fieldManager is required by the server)."""
        opts = opts if opts is not None else metav1.ApplyOptions()
        self._named(name)
        if obj.get_managed_fields():
            raise ValueError(
                "cannot apply an object with managed fields already set.\n\t\tUse the "
                'client-go/applyconfigurations "UnstructructuredExtractor" to obtain the unstructured '
                "ApplyConfiguration for the given field manager that you can use/modify here to apply"
            )
        # ApplyOptions.ToPatchOptions: force is a pointer there, so it is always sent
        patch_opts = metav1.PatchOptions(dryRun=list(opts.dryRun), fieldManager=opts.fieldManager, force=opts.force)
        data = go_json(obj.unstructured_content()).encode()
        req = self._at(self._rest.patch(_APPLY_PATCH_TYPE), name, subresources, patch_opts).body(data)
        return self._into_unstructured(req, ctx)

    def apply_status(
        self, ctx: _context.Context | None, name: str, obj: Unstructured, opts: Optional[metav1.ApplyOptions] = None
    ) -> Unstructured:
        return self.apply(ctx, name, obj, opts, "status")


class DynamicClient(ClientBase[_DynamicResourceClient]):
    """A client for any API resource; ``client.resource(gvr).namespace(ns).get(ctx, name, metav1.GetOptions())``."""

    _NAME = "dynamic.DynamicClient"
    _resource_client = _DynamicResourceClient


def config_for(in_config: rest.Config) -> rest.Config:
    """A copy of the config speaking JSON with the dynamic client's serializers."""
    return config_with(in_config, "application/json", "application/json", new_basic_negotiated_serializer())


def new(c: Any) -> DynamicClient:
    """A DynamicClient over an existing rest.Interface."""
    return DynamicClient(c)


def new_for_config(in_config: Any) -> DynamicClient:
    from kubernetes_py import rest

    config = config_for(in_config)
    return new_for_config_and_client(config, rest.http_client_for(config))


def new_for_config_and_client(in_config: Any, h: Any) -> DynamicClient:
    from kubernetes_py import rest

    config = config_for(in_config)
    config.group_version = None
    config.api_path = "/if-you-see-this-search-for-the-break"
    return DynamicClient(rest.unversioned_rest_client_for_config_and_client(config, h))


def new_for_config_or_die(c: Any) -> DynamicClient:
    """new_for_config; Go panics on error, this raises it."""
    return new_for_config(c)
