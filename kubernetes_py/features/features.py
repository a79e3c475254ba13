"""Feature gates of client-go (features.go): the gates client-go consults and how a program replaces them.

Invariant: ``feature_gates()`` always returns one whole gates object; ``replace_feature_gates`` swaps it under a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Mapping, Optional, Protocol

from kubernetes_py.apimachinery.util import runtime as _utilruntime
from kubernetes_py.apimachinery.util.version import Version

if TYPE_CHECKING:
    from .envvar import envVarFeatureGates

__all__ = [
    "GA",
    "Alpha",
    "Beta",
    "Deprecated",
    "Feature",
    "FeatureSpec",
    "Gates",
    "Registry",
    "VersionedRegistry",
    "VersionedSpecs",
    "add_features_to_existing_feature_gates",
    "add_versioned_features_to_existing_feature_gates",
    "feature_gates",
    "replace_feature_gates",
]

Feature = str

# Values of FeatureSpec.pre_release.
Alpha = "ALPHA"
Beta = "BETA"
GA = ""
Deprecated = "DEPRECATED"


@dataclass(frozen=True)
class FeatureSpec:
    """A feature's default, whether it can be changed, its maturity and the first version the spec holds for."""

    default: bool = False
    lock_to_default: bool = False
    pre_release: str = ""
    version: Optional[Version] = None


VersionedSpecs = List[FeatureSpec]


class Gates(Protocol):
    """Tells whether a feature is on."""

    def enabled(self, key: Feature) -> bool: ...


class Registry(Protocol):
    """An external feature gates registry client-go's features can be added to."""

    def add(self, features: Dict[Feature, FeatureSpec]) -> None: ...


class VersionedRegistry(Protocol):
    """An external versioned feature gates registry client-go's features can be added to."""

    def add_versioned(self, features: Dict[Feature, VersionedSpecs]) -> None: ...


_gates_lock = threading.Lock()
_gates: Optional[Gates] = None


def feature_gates() -> Gates:
    """The gates client-go consults (Go's FeatureGates()): by default ``KUBE_FEATURE_<name>`` variables."""
    global _gates
    with _gates_lock:
        if _gates is None:
            _gates = _new_default_gates()
        return _gates


def _new_default_gates() -> envVarFeatureGates:
    from .envvar import envVarFeatureGates
    from .known_features import default_versioned_kubernetes_feature_gates

    return envVarFeatureGates(unversioned_feature_gates(default_versioned_kubernetes_feature_gates))


def add_features_to_existing_feature_gates(registry: Registry) -> None:
    """Add client-go's features (the latest spec of each, without versions) to ``registry``."""
    from .known_features import default_versioned_kubernetes_feature_gates

    registry.add(unversioned_feature_gates(default_versioned_kubernetes_feature_gates))


def add_versioned_features_to_existing_feature_gates(registry: VersionedRegistry) -> None:
    """Add client-go's versioned features to ``registry``."""
    from .known_features import default_versioned_kubernetes_feature_gates

    registry.add_versioned(default_versioned_kubernetes_feature_gates)


def replace_feature_gates(new_feature_gates: Gates) -> None:
    """Use other gates from now on (an error is reported when the default ones were already consulted)."""
    if replace_feature_gates_with_warning_indicator(new_feature_gates):
        _utilruntime.handle_error_with_context(
            None,
            None,
            "The default feature gates implementation has already been used and now it's being "
            "overwritten. This might lead to unexpected behaviour. Check your initialization order.",
        )


def replace_feature_gates_with_warning_indicator(new_feature_gates: Gates) -> bool:
    """Swap the gates; True when the default gates being replaced had already read the environment."""
    from .envvar import envVarFeatureGates

    global _gates
    current = feature_gates()
    warn = isinstance(current, envVarFeatureGates) and current.has_already_read_env_var()
    with _gates_lock:
        _gates = new_feature_gates
    return warn


def unversioned_feature_gates(feature_gates: Mapping[Feature, VersionedSpecs]) -> Dict[Feature, FeatureSpec]:
    """The latest spec of each feature, its version cleared (features without specs left out)."""
    return {
        feature: FeatureSpec(
            default=specs[-1].default, lock_to_default=specs[-1].lock_to_default, pre_release=specs[-1].pre_release
        )
        for feature, specs in feature_gates.items()
        if specs
    }
