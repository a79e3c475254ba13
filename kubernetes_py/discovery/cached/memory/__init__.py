"""Port of k8s.io/client-go/discovery/cached/memory: a discovery client caching every answer in memory."""
from kubernetes_py.discovery.cached.memory.memcache import (  # noqa: F401
    ErrCacheNotFound,
    new_mem_cache_client,
    new_mem_cache_client_with_context,
)
