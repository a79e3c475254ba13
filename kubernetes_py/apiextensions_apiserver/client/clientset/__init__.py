"""Go's k8s.io/apiextensions-apiserver/pkg/client/clientset: the generated typed clientset lives in ``.clientset``."""
