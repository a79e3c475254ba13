"""Go's k8s.io/apiextensions-apiserver/pkg/apis/apiextensions: the versioned CRD types."""
