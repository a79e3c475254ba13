"""Ports of k8s.io/apimachinery/pkg/api/... packages."""
