"""Port of k8s.io/client-go/discovery/cached/disk: discovery cached in files, readable by kubectl and back."""
from kubernetes_py.discovery.cached.disk.cached_discovery import (  # noqa: F401
    CachedDiscoveryClient,
    compute_discover_cache_dir,
    new_cached_discovery_client_for_config,
)
from kubernetes_py.discovery.cached.disk.round_tripper import XFromCache, new_cache_round_tripper  # noqa: F401,E402
