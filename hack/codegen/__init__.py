"""The schema generator of kubernetes_py (run it with `bash hack/generate.sh`).

It reads the pinned Kubernetes release from hack/versions.env, takes the API schema from the Go
module cache (the `generated.proto` files and, through hack/oracle/cmd/gotypes, the Go types
themselves) and writes the data and modules under kubernetes_py/ that the package loads.
"""
