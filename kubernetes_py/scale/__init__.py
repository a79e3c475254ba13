"""Port of k8s.io/client-go/scale: the polymorphic scale client, the scale kind resolver and converter."""

from kubernetes_py.scale.client import new, new_for_config
from kubernetes_py.scale.interfaces import ScaleInterface, ScalesGetter
from kubernetes_py.scale.util import (
    PreferredResourceMapper,
    ScaleConverter,
    ScaleKindResolver,
    new_discovery_scale_kind_resolver,
    new_scale_converter,
)

__all__ = [
    "PreferredResourceMapper",
    "ScaleConverter",
    "ScaleInterface",
    "ScaleKindResolver",
    "ScalesGetter",
    "new",
    "new_discovery_scale_kind_resolver",
    "new_for_config",
    "new_scale_converter",
]
