"""kubernetes_py: Go's k8s.io/client-go ported to Python, package for package.

See README.md for what works today and ../shared/DESIGN.md for the architecture.
"""
