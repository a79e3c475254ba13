"""The polymorphic scale client (client-go scale/client.go): the ``scale`` subresource of any resource that has
one, as an autoscaling/v1 Scale whatever scale kind the server speaks for it.

    mapper = restmapper.new_deferred_discovery_rest_mapper(cached_discovery)
    resolver = scale.new_discovery_scale_kind_resolver(discovery_client)
    scales = scale.new_for_config(config, mapper, dynamic.legacy_api_path_resolver_func, resolver)
    s = scales.scales("ns").get(ctx, schema.GroupResource("apps", "deployments"), "web", metav1.GetOptions())
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from kubernetes_py import context as _context
from kubernetes_py import rest
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersion, GroupVersionResource
from kubernetes_py.dynamic._resource import ctx_or_background as _ctx
from kubernetes_py.dynamic.scheme import dynamic_parameter_codec, versionV1

from .util import PreferredResourceMapper, ScaleKindResolver, new_scale_converter

__all__ = ["new", "new_for_config"]

# Go's package variables scaleConverter and codecs (the scale kinds' codec factory)
scale_converter = new_scale_converter()
codecs = scale_converter.codecs()


def _convert_to_scale(result: rest.Result) -> autoscalingv1.Scale:
    """The body of a /scale answer, whichever scale kind it is, as an autoscaling/v1 Scale."""
    raw_scale, _ = codecs.universal_deserializer().decode(result.raw(), None, None)
    try:
        scale: autoscalingv1.Scale = scale_converter.convert_to_version(raw_scale, autoscalingv1.SchemeGroupVersion)
        return scale
    except Exception as err:
        raise ValueError(
            f"received an object from a /scale endpoint which was not convertible to autoscaling Scale: {err}"
        ) from err


class _ScaleClient:
    """A ScalesGetter over a REST client, a PreferredResourceMapper and an APIPathResolverFunc."""

    def __init__(
        self,
        client_base: Any,
        mapper: PreferredResourceMapper,
        api_path_resolver_func: Callable[[Any], str],
        scale_kind_resolver: ScaleKindResolver,
    ):
        self.mapper = mapper
        self.api_path_resolver_func = api_path_resolver_func
        self.scale_kind_resolver = scale_kind_resolver
        self.client_base = client_base

    def __repr__(self) -> str:
        return f"scale.ScalesGetter(client={self.client_base!r})"

    def _api_path_for(self, group_ver: GroupVersion) -> str:
        api_path = self.api_path_resolver_func(group_ver.with_kind("")) or "/api"
        return rest.default_versioned_api_path(api_path, group_ver)

    def _path_and_version_for(self, resource: GroupResource) -> tuple[str, GroupVersionResource]:
        try:
            gvr = self.mapper.resource_for(resource.with_version(""))
        except Exception as err:
            raise RuntimeError(f"unable to get full preferred group-version-resource for {resource}: {err}") from err
        return self._api_path_for(gvr.group_version()), gvr

    def scales(self, namespace: str) -> "_NamespacedScaleClient":
        """The scales of one namespace ("" for cluster-scoped resources)."""
        return _NamespacedScaleClient(self, namespace)


class _NamespacedScaleClient:
    """A ScaleInterface for one namespace."""

    def __init__(self, client: _ScaleClient, namespace: str):
        self.client = client
        self.namespace = namespace

    def _path_and_version_for(self, resource: GroupResource) -> tuple[str, GroupVersionResource]:
        try:
            return self.client._path_and_version_for(resource)
        except Exception as err:
            raise RuntimeError(f"unable to get client for {resource}: {err}") from err

    def _scale(self, req: rest.Request, path: str, resource: str, name: str, opts: Any) -> rest.Request:
        """``req`` for the scale subresource of the object ``name``, with ``opts`` as v1 query parameters."""
        return (
            req.abs_path(path)
            .namespace_if_scoped(self.namespace, self.namespace != "")
            .resource(resource)
            .name(name)
            .sub_resource("scale")
            .specifically_versioned_params(opts, dynamic_parameter_codec(), versionV1)
        )

    def get(
        self, ctx: _context.Context | None, resource: GroupResource, name: str, opts: Optional[metav1.GetOptions] = None
    ) -> autoscalingv1.Scale:
        """The autoscaling/v1 Scale of the named object of ``resource``."""
        path, gvr = self._path_and_version_for(resource)
        options = opts if opts is not None else metav1.GetOptions()
        result = self._scale(self.client.client_base.get(), path, gvr.resource, name, options).do(_ctx(ctx))
        result.error()
        return _convert_to_scale(result)

    def update(
        self,
        ctx: _context.Context | None,
        resource: GroupResource,
        scale: autoscalingv1.Scale,
        opts: Optional[metav1.UpdateOptions] = None,
    ) -> autoscalingv1.Scale:
        """PUT ``scale`` (an autoscaling/v1 Scale) as the scale kind the resource's endpoint speaks."""
        path, gvr = self._path_and_version_for(resource)
        try:
            desired_gvk = self.client.scale_kind_resolver.scale_for_resource(gvr)
        except Exception as err:
            raise RuntimeError(f"could not find proper group-version for scale subresource of {gvr}: {err}") from err
        try:
            scale_update = scale_converter.convert_to_version(scale, desired_gvk.group_version())
        except Exception as err:
            raise ValueError(f"could not convert scale update to external Scale: {err}") from err
        try:
            body = runtime.encode(codecs.legacy_codec(desired_gvk.group_version()), scale_update)
        except Exception as err:
            raise ValueError(f"could not encode scale update to external Scale: {err}") from err
        options = opts if opts is not None else metav1.UpdateOptions()
        req = self._scale(self.client.client_base.put(), path, gvr.resource, scale.metadata.name, options)
        result = req.body(body).do(_ctx(ctx))
        result.error()  # the API's own error (errors.is_conflict works on it)
        return _convert_to_scale(result)

    def patch(
        self,
        ctx: _context.Context | None,
        gvr: GroupVersionResource,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
    ) -> autoscalingv1.Scale:
        """PATCH the scale of the named object of the fully qualified resource ``gvr``."""
        path = self.client._api_path_for(gvr.group_version())
        options = opts if opts is not None else metav1.PatchOptions()
        result = (
            self._scale(self.client.client_base.patch(pt), path, gvr.resource, name, options).body(data).do(_ctx(ctx))
        )
        result.error()
        return _convert_to_scale(result)


def new_for_config(
    cfg: Any, mapper: PreferredResourceMapper, resolver: Callable[[Any], str], scale_kind_resolver: ScaleKindResolver
) -> _ScaleClient:
    """A ScalesGetter for a rest.Config. As client-go, sets the config's group version (empty) and negotiated
    serializer (the scale kinds' codecs, without conversion) and its default user agent."""
    cfg.group_version = GroupVersion()
    cfg.negotiated_serializer = codecs.without_conversion()
    if not cfg.user_agent:
        cfg.user_agent = rest.default_kubernetes_user_agent()
    return new(rest.rest_client_for(cfg), mapper, resolver, scale_kind_resolver)


def new(
    base_client: Any,
    mapper: PreferredResourceMapper,
    resolver: Callable[[Any], str],
    scale_kind_resolver: ScaleKindResolver,
) -> _ScaleClient:
    """A ScalesGetter making its requests with ``base_client`` (its group version is not used)."""
    return _ScaleClient(base_client, mapper, resolver, scale_kind_resolver)
