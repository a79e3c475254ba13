"""Port of k8s.io/client-go/discovery/cached/memory: a discovery client caching every answer in memory."""

from kubernetes_py.discovery.cached.memory.memcache import (
    ErrCacheNotFound,
    new_mem_cache_client,
    new_mem_cache_client_with_context,
)

__all__ = [
    "ErrCacheNotFound",
    "new_mem_cache_client",
    "new_mem_cache_client_with_context",
]
