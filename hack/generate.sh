#!/usr/bin/env bash
# Regenerate kubernetes_py's schema data (kubernetes_py/_schema/descriptors.binpb, gotypes.json) and the
# generated API modules (kubernetes_py/api/**, apimachinery/apis/meta/v1/generated.py, apiextensions)
# from the Kubernetes release pinned in hack/versions.env. Needs Go and .venv (pip install -e .[dev]).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
cd "$repo/hack"
"$python" -m codegen "$@"
# The typed clientset (kubernetes_py/kubernetes/**) from the +genclient tags of k8s.io/api.
"$python" -m codegen.clientset "$@"
# The structured-merge-diff schema of the built-in types (kubernetes_py/applyconfigurations/internal/schema.json),
# from client-go's applyconfigurations/internal/internal.go.
"$python" -m codegen.applyschema "$@"
# The listers (kubernetes_py/listers/**) and the shared informer factory (kubernetes_py/informers/**), from the same tags.
"$python" -m codegen.listers "$@"
exec "$python" -m codegen.informers "$@"
