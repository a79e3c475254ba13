"""Go's k8s.io/apiextensions-apiserver/pkg/client: clients of the apiextensions.k8s.io API group."""
