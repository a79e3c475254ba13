"""The scale kind resolver and the scale converter (client-go scale/util.go).

``ScaleConverter`` converts between the external scale kinds (autoscaling/v1, extensions/v1beta1, apps/v1beta1,
apps/v1beta2 ``Scale``) through the internal ``scheme.Scale``, with client-go's selector rules: autoscaling/v1
carries the selector as a string, the v1beta kinds as ``targetSelector`` (a string) and ``selector`` (a map, only
when the selector has no expressions).

``new_discovery_scale_kind_resolver`` finds the kind of a resource's ``scale`` subresource from discovery and
caches each answer (the cache is safe to share between threads; two threads missing the same resource at once
both ask discovery, as client-go's does).
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from kubernetes_py.api.apps import v1beta1 as appsv1beta1
from kubernetes_py.api.apps import v1beta2 as appsv1beta2
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.api.extensions import v1beta1 as extv1beta1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import serializer
from kubernetes_py.apimachinery.runtime.error import NotRegisteredError
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionKind, GroupVersionResource

from . import scheme as scalescheme

__all__ = [
    "PreferredResourceMapper",
    "ScaleConverter",
    "ScaleKindResolver",
    "new_discovery_scale_kind_resolver",
    "new_scale_converter",
]


class PreferredResourceMapper(Protocol):
    """Finds the preferred version of a resource (a meta.RESTMapper is one)."""

    def resource_for(self, resource: GroupVersionResource) -> GroupVersionResource: ...


class ScaleKindResolver(Protocol):
    """Knows the GroupVersionKind of the scale subresource of a resource."""

    def scale_for_resource(self, resource: GroupVersionResource) -> GroupVersionKind: ...


class _DiscoveryScaleResolver:
    def __init__(self, discovery_client: Any):
        self.discovery_client = discovery_client

    def scale_for_resource(self, input_res: GroupVersionResource) -> GroupVersionKind:
        try:
            resources = self.discovery_client.server_resources_for_group_version(str(input_res.group_version()))
        except Exception as err:
            raise RuntimeError(f"unable to fetch discovery information for {input_res}: {err}") from err
        for res in resources.resources:
            parts = res.name.split("/", 1)
            if len(parts) != 2 or parts[0] != input_res.resource or parts[1] != "scale":
                continue
            scale_gv = input_res.group_version()
            if res.group and res.version:
                scale_gv = GroupVersion(res.group, res.version)
            return scale_gv.with_kind(res.kind)
        raise RuntimeError(f"could not find scale subresource for {input_res} in discovery information")


class _CachedScaleKindResolver:
    def __init__(self, base: ScaleKindResolver):
        self.base = base
        self._cache: dict[GroupVersionResource, GroupVersionKind] = {}
        self._lock = threading.Lock()

    def scale_for_resource(self, resource: GroupVersionResource) -> GroupVersionKind:
        with self._lock:
            gvk = self._cache.get(resource)
        if gvk is not None:
            return gvk
        gvk = self.base.scale_for_resource(resource)
        with self._lock:
            self._cache[resource] = gvk
        return gvk


def new_discovery_scale_kind_resolver(client: Any) -> ScaleKindResolver:
    """A ScaleKindResolver over a discovery client (anything with server_resources_for_group_version), caching."""
    return _CachedScaleKindResolver(_DiscoveryScaleResolver(client))


_EXTERNAL = {
    scalescheme.AutoscalingV1GroupVersion: autoscalingv1.Scale,
    scalescheme.ExtensionsV1beta1GroupVersion: extv1beta1.Scale,
    scalescheme.AppsV1beta1GroupVersion: appsv1beta1.Scale,
    scalescheme.AppsV1beta2GroupVersion: appsv1beta2.Scale,
}
_INTERNAL = (
    scalescheme.SchemeGroupVersion,
    scalescheme.ExtensionsInternalGroupVersion,
    scalescheme.AppsInternalGroupVersion,
)


def _selector_string(selector: Any) -> str:
    try:
        return str(metav1.label_selector_as_selector(selector))
    except Exception as err:
        raise ValueError(f"invalid label selector: {err}") from err


def _parse_selector(s: str) -> Any:
    try:
        return metav1.parse_to_label_selector(s)
    except Exception as err:
        raise ValueError(f"failed to parse target selector: {err}") from err


def _to_internal(obj: Any) -> scalescheme.Scale:
    out = scalescheme.Scale(
        metadata=obj.metadata.deep_copy(),
        spec=scalescheme.ScaleSpec(obj.spec.replicas),
        status=scalescheme.ScaleStatus(obj.status.replicas),
    )
    if isinstance(obj, autoscalingv1.Scale):
        if obj.status.selector:
            out.status.selector = _parse_selector(obj.status.selector)
    elif obj.status.targetSelector:
        out.status.selector = _parse_selector(obj.status.targetSelector)
    elif len(obj.status.selector):  # a protobuf map has no nil: an empty map converts as Go's nil map
        out.status.selector = metav1.LabelSelector(matchLabels=dict(obj.status.selector))
    return out


def _from_internal(internal: scalescheme.Scale, gv: GroupVersion) -> Any:
    out = _EXTERNAL[gv](metadata=internal.metadata.deep_copy())
    out.spec.replicas = internal.spec.replicas
    out.status.replicas = internal.status.replicas
    selector = internal.status.selector
    if selector is not None:
        if isinstance(out, autoscalingv1.Scale):
            out.status.selector = _selector_string(selector)
        else:
            if not len(selector.matchExpressions):
                out.status.selector.update(dict(selector.matchLabels))
            out.status.targetSelector = _selector_string(selector)
    out.get_object_kind().set_group_version_kind(gv.with_kind("Scale"))
    return out


class ScaleConverter:
    """Converts between the external scale versions (through the internal scheme.Scale)."""

    def __init__(self) -> None:
        # the name client-go's scheme gets: its callsite lookup stops inside apimachinery
        self._scheme = runtime.new_scheme("pkg/runtime/scheme.go:111")
        for gv, t in _EXTERNAL.items():
            self._scheme.add_known_types(gv, t)
        self._codecs = serializer.new_codec_factory(self._scheme)

    def scheme(self) -> Any:
        """The scheme of the external scale kinds."""
        return self._scheme

    def codecs(self) -> Any:
        return self._codecs

    def scale_versions(self) -> list[GroupVersion]:
        return [
            scalescheme.AutoscalingV1GroupVersion,
            scalescheme.SchemeGroupVersion,
            scalescheme.ExtensionsV1beta1GroupVersion,
            scalescheme.ExtensionsInternalGroupVersion,
            scalescheme.AppsInternalGroupVersion,
            scalescheme.AppsV1beta1GroupVersion,
            scalescheme.AppsV1beta2GroupVersion,
        ]

    def convert_to_version(self, in_obj: Any, out_version: GroupVersion) -> Any:
        """The scale ``in_obj`` (external or internal) as the scale kind of ``out_version``, a new object."""
        name = self._scheme.name()
        if isinstance(in_obj, scalescheme.Scale):
            internal = in_obj
        elif type(in_obj) in _EXTERNAL.values():
            internal = _to_internal(in_obj)
        else:
            raise NotRegisteredError(name, t=type(in_obj))
        if out_version in _EXTERNAL:
            return _from_internal(internal, out_version)
        if out_version in _INTERNAL:
            return internal.deep_copy()
        if out_version.group in ("autoscaling", "extensions", "apps"):
            raise NotRegisteredError(name, gvk=out_version.with_kind("Scale"))
        raise NotRegisteredError(name, t=scalescheme.Scale, target=out_version)


def new_scale_converter() -> ScaleConverter:
    """A ScaleConverter for autoscaling/v1, extensions/v1beta1, apps/v1beta1 and apps/v1beta2 scales."""
    return ScaleConverter()
