#!/usr/bin/env bash
# Builds the rest of a local cluster beside kube-apiserver and etcd (hack/build-apiserver.sh), into the same
# cache outside git, ${KUBERNETES_PY_CACHE:-~/.cache/kubernetes_py}/bin/:
#   <kube version>/kube-controller-manager, kube-scheduler  from k8s.io/kubernetes of hack/versions.env, in the
#                                                           Go module hack/tools (hack/gen-tools-mod.sh);
#   kwok-<kwok version>/kwok and stages/*.yaml               sigs.k8s.io/kwok (its own go.mod, no replace directives,
#                                                           so `go install pkg@version` builds it) and the Stage
#                                                           configurations that release ships: nodes made Ready
#                                                           (kwok renews their Leases), pods Running and Ready at once.
#                                                           Not its node status heartbeat stage: against this release
#                                                           it patches the Nodes' addresses away.
# Prints the two directories, one a line. A second run with everything present does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/versions.env"
# The newest kwok release the Go module proxy serves (`go list -m -versions sigs.k8s.io/kwok`).
KWOK_VERSION=v0.8.0
cache="${KUBERNETES_PY_CACHE:-$HOME/.cache/kubernetes_py}/bin"
kube="$cache/${KUBE_VERSION}"
kwok="$cache/kwok-${KWOK_VERSION}"
stages=(node/fast/node-initialize.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml)

if [[ ! -x "$kube/kube-controller-manager" || ! -x "$kube/kube-scheduler" ]]; then
  command -v go >/dev/null || { echo "build-cluster: the Go toolchain is needed" >&2; exit 1; }
  mkdir -p "$kube"
  tmp="$(mktemp -d "$kube/.build-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # The same flags as kube-apiserver's build: static, trimmed, stamped with the release's version.
  ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION} \
 -X k8s.io/component-base/version.gitMajor=${KUBE_VERSION%%.*} \
 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=v${KUBE_VERSION}"
  # One `go build` for both: the packages they share are compiled once.
  (cd "$here/tools" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler) >&2
  mv "$tmp/kube-controller-manager" "$tmp/kube-scheduler" "$kube/"
  rm -rf "$tmp"
fi

if [[ ! -x "$kwok/kwok" || ! -d "$kwok/stages" ]]; then
  command -v go >/dev/null || { echo "build-cluster: the Go toolchain is needed" >&2; exit 1; }
  mkdir -p "$kwok"
  tmp="$(mktemp -d "$kwok/.build-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && CGO_ENABLED=0 GOFLAGS= GOBIN="$tmp" go install -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION}" \
    "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}") >&2
  src="$(cd "$tmp" && GOFLAGS= go mod download -json "sigs.k8s.io/kwok@${KWOK_VERSION}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$tmp/stages"
  for s in "${stages[@]}"; do cp "$src/kustomize/stage/$s" "$tmp/stages/"; done
  chmod u+w "$tmp/stages"/*
  rm -rf "$kwok/stages"
  mv "$tmp/stages" "$kwok/stages"
  mv "$tmp/kwok" "$kwok/kwok"
  rm -rf "$tmp"
fi
echo "$kube"
echo "$kwok"
