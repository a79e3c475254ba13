// Command informersync times client-go's SharedInformerFactory beside benchmarks/informer_sync.py: informers for
// pods, deployments, replicasets and configmaps of one namespace, from Start to WaitForCacheSync, and the memory
// the synced caches hold. It prints one JSON object on stdout.
//
//	informersync <kubeconfig> <namespace>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: informersync <kubeconfig> <namespace>")
		os.Exit(2)
	}
	config, err := clientcmd.BuildConfigFromFlags("", os.Args[1])
	check(err)
	config.QPS, config.Burst = 1e6, 1e6
	client, err := kubernetes.NewForConfig(config)
	check(err)
	runtime.GC()
	debug.FreeOSMemory()
	heapBefore, rssBefore := heapInUse(), rss()

	ctx, cancel := context.WithCancel(context.Background())
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(os.Args[2]))
	pods := factory.Core().V1().Pods()
	deployments := factory.Apps().V1().Deployments()
	replicaSets := factory.Apps().V1().ReplicaSets()
	configMaps := factory.Core().V1().ConfigMaps()
	pods.Informer()
	deployments.Informer()
	replicaSets.Informer()
	configMaps.Informer()
	start := time.Now()
	factory.Start(ctx.Done())
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			fmt.Fprintf(os.Stderr, "%v did not sync\n", typ)
			os.Exit(1)
		}
	}
	seconds := time.Since(start).Seconds()
	counts := map[string]int{}
	p, _ := pods.Lister().List(labels.Everything())
	d, _ := deployments.Lister().List(labels.Everything())
	r, _ := replicaSets.Lister().List(labels.Everything())
	c, _ := configMaps.Lister().List(labels.Everything())
	counts["pods"], counts["deployments"], counts["replicasets"], counts["configmaps"] = len(p), len(d), len(r), len(c)
	runtime.GC()
	debug.FreeOSMemory()
	result := map[string]any{"seconds": seconds, "heap_bytes": heapInUse() - heapBefore, "rss_bytes": rss() - rssBefore,
		"counts": counts}
	cancel()
	factory.Shutdown()
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}

func heapInUse() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

func rss() int64 {
	data, err := os.ReadFile("/proc/self/status")
	check(err)
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, err := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			check(err)
			return kb * 1024
		}
	}
	return 0
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
