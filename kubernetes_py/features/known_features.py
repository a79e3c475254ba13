"""The features client-go knows and their defaults in v0.37 (the latest spec of each, as client-go registers them)."""

from __future__ import annotations

from .features import Beta, GA, Alpha, Feature, FeatureSpec

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

default_kubernetes_feature_gates: dict[Feature, FeatureSpec] = {
    AtomicFIFO: FeatureSpec(default=True, pre_release=Beta),
    ClientsAllowCARotation: FeatureSpec(default=True, pre_release=Beta),
    ClientsAllowCBOR: FeatureSpec(default=False, pre_release=Alpha),
    ClientsAllowTLSCacheGC: FeatureSpec(default=True, pre_release=Beta),
    ClientsPreferCBOR: FeatureSpec(default=False, pre_release=Alpha),
    InOrderInformers: FeatureSpec(default=True, pre_release=GA, lock_to_default=True),
    InOrderInformersBatchProcess: FeatureSpec(default=True, pre_release=Beta),
    InformerResourceVersion: FeatureSpec(default=True, pre_release=GA),
    UnlockWhileProcessingFIFO: FeatureSpec(default=True, pre_release=Beta),
    WatchListClient: FeatureSpec(default=True, pre_release=Beta),
}
