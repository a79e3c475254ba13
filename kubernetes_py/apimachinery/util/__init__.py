"""Ports of k8s.io/apimachinery/pkg/util/... packages."""
