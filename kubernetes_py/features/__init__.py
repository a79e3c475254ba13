"""Port of k8s.io/client-go/features: client-go's feature gates, read from ``KUBE_FEATURE_<name>`` variables.

``feature_gates().enabled(WatchListClient)`` answers as Go's ``FeatureGates().Enabled``: a value set with
``set``/``set_for_testing`` wins, then the environment (read once, on first use), then the default.
"""

from .features import Alpha, Beta, Deprecated, GA, Feature, FeatureSpec, Gates, feature_gates, replace_feature_gates
from .known_features import (
    AtomicFIFO,
    ClientsAllowCARotation,
    ClientsAllowCBOR,
    ClientsAllowTLSCacheGC,
    ClientsPreferCBOR,
    InOrderInformers,
    InOrderInformersBatchProcess,
    InformerResourceVersion,
    UnlockWhileProcessingFIFO,
    WatchListClient,
)

__all__ = [
    "Alpha",
    "AtomicFIFO",
    "Beta",
    "ClientsAllowCARotation",
    "ClientsAllowCBOR",
    "ClientsAllowTLSCacheGC",
    "ClientsPreferCBOR",
    "Deprecated",
    "Feature",
    "FeatureSpec",
    "GA",
    "Gates",
    "InOrderInformers",
    "InOrderInformersBatchProcess",
    "InformerResourceVersion",
    "UnlockWhileProcessingFIFO",
    "WatchListClient",
    "feature_gates",
    "replace_feature_gates",
]
