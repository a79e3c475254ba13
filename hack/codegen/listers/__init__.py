"""The lister generator: lister-gen's input (the +genclient tags of k8s.io/api) -> kubernetes_py/listers/**."""
