"""Port of k8s.io/apimachinery/pkg/util/cache (the LRU cache whose entries expire)."""

from kubernetes_py.apimachinery.util.cache.lruexpirecache import *  # noqa: F401,F403
