"""Port of k8s.io/client-go/features: client-go's feature gates, read from ``KUBE_FEATURE_<name>`` variables.

``feature_gates().enabled(WatchListClient)`` answers as Go's ``FeatureGates().Enabled``: a value set with
``set``/``set_for_testing`` wins, then the environment (read once, on first use), then the default.
"""

from .envvar import FeatureNotRegisteredError
from .features import (
    GA,
    Alpha,
    Beta,
    Deprecated,
    Feature,
    FeatureSpec,
    Gates,
    Registry,
    VersionedRegistry,
    VersionedSpecs,
    add_features_to_existing_feature_gates,
    add_versioned_features_to_existing_feature_gates,
    feature_gates,
    replace_feature_gates,
)
from .known_features import (
    AtomicFIFO,
    ClientsAllowCARotation,
    ClientsAllowCBOR,
    ClientsAllowTLSCacheGC,
    ClientsPreferCBOR,
    InformerResourceVersion,
    InOrderInformers,
    InOrderInformersBatchProcess,
    UnlockWhileProcessingFIFO,
    WatchListClient,
)

__all__ = [
    "GA",
    "Alpha",
    "AtomicFIFO",
    "Beta",
    "ClientsAllowCARotation",
    "ClientsAllowCBOR",
    "ClientsAllowTLSCacheGC",
    "ClientsPreferCBOR",
    "Deprecated",
    "Feature",
    "FeatureNotRegisteredError",
    "FeatureSpec",
    "Gates",
    "InOrderInformers",
    "InOrderInformersBatchProcess",
    "InformerResourceVersion",
    "Registry",
    "UnlockWhileProcessingFIFO",
    "VersionedRegistry",
    "VersionedSpecs",
    "WatchListClient",
    "add_features_to_existing_feature_gates",
    "add_versioned_features_to_existing_feature_gates",
    "feature_gates",
    "replace_feature_gates",
]
