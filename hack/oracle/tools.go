//go:build tools

// Package oracle holds small Go programs (cmd/<name>) that run the real client-go, apimachinery and api
// modules of the pinned release on inputs from the Python tests and print what they produce. This file
// keeps every module those programs use in go.mod.
package oracle

import (
	_ "k8s.io/api/core/v1"
	_ "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	_ "k8s.io/apimachinery/pkg/api/resource"
	_ "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	_ "k8s.io/apimachinery/pkg/labels"
	_ "k8s.io/apimachinery/pkg/fields"
	_ "k8s.io/client-go/kubernetes"
	_ "k8s.io/client-go/kubernetes/scheme"
	_ "k8s.io/client-go/rest"
	_ "k8s.io/client-go/tools/clientcmd"
	_ "k8s.io/client-go/util/flowcontrol"
	_ "k8s.io/client-go/util/workqueue"
	_ "sigs.k8s.io/randfill"
	_ "sigs.k8s.io/yaml"
)
