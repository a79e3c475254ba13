"""Port of k8s.io/client-go/discovery/cached: discovery clients that cache in memory or on disk."""
