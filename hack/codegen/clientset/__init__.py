"""The clientset generator: client-gen's input (the +genclient tags of k8s.io/api) -> kubernetes_py/kubernetes/**."""
