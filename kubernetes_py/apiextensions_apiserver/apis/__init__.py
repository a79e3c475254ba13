"""Go's k8s.io/apiextensions-apiserver/pkg/apis."""
