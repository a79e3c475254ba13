// Command bench times client-go itself on the same workloads as the Python benchmarks in benchmarks/, so that
// they can print client-go's figures beside ours in one run. Each subcommand prints one JSON object on stdout.
//
//	bench decode <file> <iterations>                      decode a List (JSON or protobuf, sniffed) into typed objects
//	bench encode <file> <iterations>                      decode once, then encode back to the same format
//	bench get <kubeconfig> <namespace> <configmap> <n>    n sequential GETs of one ConfigMap
//	bench list <kubeconfig> <namespace> <json|protobuf> <n>  n LISTs of the Pods in a namespace
//	bench small <kubeconfig> <namespace> <configmap> <get|patch|update> <threads> <n>
//	                                                      n small requests on one ConfigMap from <threads> goroutines;
//	                                                      CPU is this process's during the requests (start excluded)
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

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
	case "small":
		result = small(os.Args[2], os.Args[3], os.Args[4], os.Args[5], atoi(os.Args[6]), atoi(os.Args[7]))
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

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fail(err.Error())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// small sends n requests of one verb on one ConfigMap, split over threads goroutines: GET, a merge PATCH of one
// annotation, or an unconditional UPDATE (PUT without resourceVersion), as benchmarks/rest_get.py does.
func small(kubeconfig, namespace, name, verb string, threads, n int) map[string]any {
	cs := clientset(kubeconfig, "protobuf")
	ctx := context.Background()
	cms := cs.CoreV1().ConfigMaps(namespace)
	one := func(i int) {
		var err error
		switch verb {
		case "get":
			_, err = cms.Get(ctx, name, metav1.GetOptions{})
		case "patch":
			patch := fmt.Sprintf(`{"metadata":{"annotations":{"bench":"%d"}}}`, i)
			_, err = cms.Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
		case "update":
			cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
				Data: map[string]string{"key": "value", "i": strconv.Itoa(i)}}
			_, err = cms.Update(ctx, cm, metav1.UpdateOptions{})
		default:
			fail("unknown verb " + verb)
		}
		if err != nil {
			fail(err.Error())
		}
	}
	for i := 0; i < threads; i++ { // warm up one connection per goroutine
		one(i)
	}
	var wg sync.WaitGroup
	cpu := cpuSeconds()
	start := time.Now()
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			for i := t; i < n; i += threads {
				one(i)
			}
		}(t)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	cpu = cpuSeconds() - cpu
	return map[string]any{"requests": n, "seconds": elapsed, "per_second": float64(n) / elapsed,
		"cpu_us_per_request": cpu / float64(n) * 1e6}
}
