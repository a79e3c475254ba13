// Command watchreplay times client-go's shared informer beside benchmarks/watch_replay.py: a pod informer of one
// namespace, from Start until its event handler has been called (add or update) `events` times, against the
// replaying server of that script (plain HTTP on loopback, no credentials). It prints one JSON object on stdout.
//
//	watchreplay <url> <namespace> <protobuf|json> <events>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: watchreplay <url> <namespace> <protobuf|json> <events>")
		os.Exit(2)
	}
	want, err := strconv.ParseInt(os.Args[4], 10, 64)
	check(err)
	config := &rest.Config{Host: os.Args[1], QPS: 1e6, Burst: 1e6}
	if os.Args[3] == "protobuf" {
		config.ContentType = "application/vnd.kubernetes.protobuf"
	}
	client, err := kubernetes.NewForConfig(config)
	check(err)

	var seen atomic.Int64
	done := make(chan struct{})
	count := func() {
		if seen.Add(1) == want {
			close(done)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(os.Args[2]))
	_, err = factory.Core().V1().Pods().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj interface{}) { count() },
		UpdateFunc: func(oldObj, newObj interface{}) { count() },
	})
	check(err)
	cpuBefore := cpu()
	start := time.Now()
	factory.Start(ctx.Done())
	select {
	case <-done:
	case <-time.After(10 * time.Minute):
		fmt.Fprintf(os.Stderr, "only %d of %d events after 10 minutes\n", seen.Load(), want)
		os.Exit(1)
	}
	seconds := time.Since(start).Seconds()
	cpuSeconds := cpu() - cpuBefore
	cancel()
	factory.Shutdown()
	out, _ := json.Marshal(map[string]any{"seconds": seconds, "events": seen.Load(), "cpu_seconds": cpuSeconds})
	fmt.Println(string(out))
}

// cpu is the process's user and system CPU time in seconds.
func cpu() float64 {
	var usage syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &usage))
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
