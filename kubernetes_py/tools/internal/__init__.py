"""Helpers shared by client-go's tools packages (k8s.io/client-go/tools/internal)."""
