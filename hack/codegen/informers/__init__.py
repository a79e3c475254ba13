"""The informer generator: informer-gen's input (the +genclient tags of k8s.io/api) -> kubernetes_py/informers/**."""
