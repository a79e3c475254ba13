#!/usr/bin/env bash
# Builds kube-apiserver and etcd of the pinned release (hack/versions.env) into a cache outside git:
# ${KUBERNETES_PY_CACHE:-~/.cache/kubernetes_py}/bin/<version>/. Prints that directory. A second run
# with the binaries present does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/versions.env"
out="${KUBERNETES_PY_CACHE:-$HOME/.cache/kubernetes_py}/bin/${KUBE_VERSION}"
if [[ -x "$out/kube-apiserver" && -x "$out/etcd" ]]; then
  echo "$out"
  exit 0
fi
command -v go >/dev/null || { echo "build-apiserver: the Go toolchain is needed to build kube-apiserver" >&2; exit 1; }
mkdir -p "$out"
cd "$here/tools"
# -trimpath and no debug info keep the binaries small; CGO off gives static binaries as upstream ships.
export CGO_ENABLED=0 GOFLAGS=-mod=mod
ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION} \
 -X k8s.io/component-base/version.gitMajor=${KUBE_VERSION%%.*} \
 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=v${KUBE_VERSION}"
go build -trimpath -ldflags "$ldflags" -o "$out/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver >&2
go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3 >&2
mv "$out/kube-apiserver.tmp" "$out/kube-apiserver"
mv "$out/etcd.tmp" "$out/etcd"
echo "$out"
