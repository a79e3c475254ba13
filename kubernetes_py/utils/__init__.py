"""Ports of k8s.io/utils packages (``k8s.io/utils/clock`` is ``kubernetes_py.utils.clock``)."""
