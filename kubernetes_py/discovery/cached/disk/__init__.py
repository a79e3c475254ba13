"""Port of k8s.io/client-go/discovery/cached/disk: discovery cached in files, readable by kubectl and back."""

from kubernetes_py.discovery.cached.disk.cached_discovery import (
    CachedDiscoveryClient,
    compute_discover_cache_dir,
    new_cached_discovery_client_for_config,
)
from kubernetes_py.discovery.cached.disk.round_tripper import XFromCache, new_cache_round_tripper  # noqa: E402

__all__ = [
    "CachedDiscoveryClient",
    "XFromCache",
    "compute_discover_cache_dir",
    "new_cache_round_tripper",
    "new_cached_discovery_client_for_config",
]
