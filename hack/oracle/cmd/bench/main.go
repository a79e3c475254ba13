// Command bench times client-go itself on the same workloads as the Python benchmarks in benchmarks/, so that
// they can print client-go's figures beside ours in one run. Each subcommand prints one JSON object on stdout.
//
//	bench decode <file> <iterations>                      decode a List (JSON or protobuf, sniffed) into typed objects
//	bench encode <file> <iterations>                      decode once, then encode back to the same format
//	bench get <kubeconfig> <namespace> <configmap> <n>    n sequential GETs of one ConfigMap
//	bench list <kubeconfig> <namespace> <json|protobuf> <n>  n LISTs of the Pods in a namespace
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: bench decode|encode|get|list ...")
	}
	var result map[string]any
	switch os.Args[1] {
	case "decode", "encode":
		result = codec(os.Args[1], os.Args[2], atoi(os.Args[3]))
	case "get":
		result = get(os.Args[2], os.Args[3], os.Args[4], atoi(os.Args[5]))
	case "list":
		result = list(os.Args[2], os.Args[3], os.Args[4], atoi(os.Args[5]))
	default:
		fail("unknown subcommand " + os.Args[1])
	}
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail(err.Error())
	}
	return n
}

// best returns the fastest of n timed runs of f, in seconds, as the Python side reports its figures.
func best(n int, f func()) float64 {
	fastest := time.Duration(1 << 62)
	for i := 0; i < n; i++ {
		start := time.Now()
		f()
		if d := time.Since(start); d < fastest {
			fastest = d
		}
	}
	return fastest.Seconds()
}

func codec(mode, file string, iterations int) map[string]any {
	data, err := os.ReadFile(file)
	if err != nil {
		fail(err.Error())
	}
	mediaType := runtime.ContentTypeJSON
	if bytes.HasPrefix(data, []byte{'k', '8', 's', 0}) {
		mediaType = runtime.ContentTypeProtobuf
	}
	decoder := scheme.Codecs.UniversalDeserializer()
	decode := func() runtime.Object {
		obj, _, err := decoder.Decode(data, nil, nil)
		if err != nil {
			fail(err.Error())
		}
		return obj
	}
	if mode == "decode" {
		return map[string]any{"media_type": mediaType, "seconds": best(iterations, func() { decode() })}
	}
	info, ok := runtime.SerializerInfoForMediaType(scheme.Codecs.SupportedMediaTypes(), mediaType)
	if !ok {
		fail("no serializer for " + mediaType)
	}
	obj := decode()
	var buf bytes.Buffer
	seconds := best(iterations, func() {
		buf.Reset()
		if err := info.Serializer.Encode(obj, &buf); err != nil {
			fail(err.Error())
		}
	})
	return map[string]any{"media_type": mediaType, "seconds": seconds, "bytes": buf.Len()}
}

func clientset(kubeconfig, contentType string) *kubernetes.Clientset {
	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		fail(err.Error())
	}
	config.QPS, config.Burst = 1e6, 1e6 // measure the client, not its rate limiter
	if contentType == "json" {
		config.ContentType = runtime.ContentTypeJSON
	}
	cs, err := kubernetes.NewForConfig(config)
	if err != nil {
		fail(err.Error())
	}
	return cs
}

func get(kubeconfig, namespace, name string, n int) map[string]any {
	cs := clientset(kubeconfig, "protobuf")
	ctx := context.Background()
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := cs.CoreV1().ConfigMaps(namespace).Get(ctx, name, metav1.GetOptions{}); err != nil {
			fail(err.Error())
		}
	}
	elapsed := time.Since(start).Seconds()
	return map[string]any{"requests": n, "seconds": elapsed, "per_second": float64(n) / elapsed}
}

func list(kubeconfig, namespace, contentType string, n int) map[string]any {
	cs := clientset(kubeconfig, contentType)
	ctx := context.Background()
	items := 0
	seconds := best(n, func() {
		pods, err := cs.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			fail(err.Error())
		}
		items = len(pods.Items)
	})
	return map[string]any{"content_type": contentType, "seconds": seconds, "items": items}
}
