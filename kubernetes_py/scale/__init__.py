"""Port of k8s.io/client-go/scale: the polymorphic scale client, the scale kind resolver and converter."""

from kubernetes_py.scale.client import new, new_for_config  # noqa: F401
from kubernetes_py.scale.interfaces import ScaleInterface, ScalesGetter  # noqa: F401
from kubernetes_py.scale.util import (  # noqa: F401
    PreferredResourceMapper,
    ScaleConverter,
    ScaleKindResolver,
    new_discovery_scale_kind_resolver,
    new_scale_converter,
)
