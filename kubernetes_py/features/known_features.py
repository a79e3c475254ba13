"""The features client-go knows and their specs by version in v0.37 (known_features.go)."""

from __future__ import annotations

from typing import Dict

from kubernetes_py.apimachinery.util.version import must_parse

from .features import GA, Alpha, Beta, Feature, FeatureSpec, VersionedSpecs, unversioned_feature_gates

AtomicFIFO: Feature = "AtomicFIFO"
ClientsAllowCARotation: Feature = "ClientsAllowCARotation"
ClientsAllowCBOR: Feature = "ClientsAllowCBOR"
ClientsAllowTLSCacheGC: Feature = "ClientsAllowTLSCacheGC"
ClientsPreferCBOR: Feature = "ClientsPreferCBOR"
InOrderInformers: Feature = "InOrderInformers"
InOrderInformersBatchProcess: Feature = "InOrderInformersBatchProcess"
InformerResourceVersion: Feature = "InformerResourceVersion"
UnlockWhileProcessingFIFO: Feature = "UnlockWhileProcessingFIFO"
WatchListClient: Feature = "WatchListClient"

default_versioned_kubernetes_feature_gates: Dict[Feature, VersionedSpecs] = {
    AtomicFIFO: [FeatureSpec(version=must_parse("1.36"), default=True, pre_release=Beta)],
    ClientsAllowCARotation: [FeatureSpec(version=must_parse("1.36"), default=True, pre_release=Beta)],
    ClientsAllowCBOR: [FeatureSpec(version=must_parse("1.32"), default=False, pre_release=Alpha)],
    ClientsAllowTLSCacheGC: [FeatureSpec(version=must_parse("1.36"), default=True, pre_release=Beta)],
    ClientsPreferCBOR: [FeatureSpec(version=must_parse("1.32"), default=False, pre_release=Alpha)],
    InOrderInformers: [
        FeatureSpec(version=must_parse("1.33"), default=True, pre_release=Beta),
        FeatureSpec(version=must_parse("1.36"), default=True, pre_release=GA, lock_to_default=True),
    ],
    InOrderInformersBatchProcess: [FeatureSpec(version=must_parse("1.35"), default=True, pre_release=Beta)],
    InformerResourceVersion: [
        FeatureSpec(version=must_parse("1.30"), default=False, pre_release=Alpha),
        FeatureSpec(version=must_parse("1.35"), default=True, pre_release=GA),
    ],
    UnlockWhileProcessingFIFO: [FeatureSpec(version=must_parse("1.36"), default=True, pre_release=Beta)],
    WatchListClient: [
        FeatureSpec(version=must_parse("1.30"), default=False, pre_release=Beta),
        FeatureSpec(version=must_parse("1.35"), default=True, pre_release=Beta),
    ],
}

# The latest spec of each feature: the gates client-go builds by default.
default_kubernetes_feature_gates: Dict[Feature, FeatureSpec] = unversioned_feature_gates(
    default_versioned_kubernetes_feature_gates
)
