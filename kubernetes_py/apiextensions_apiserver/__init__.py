"""Go's k8s.io/apiextensions-apiserver (the API types of CustomResourceDefinitions)."""
