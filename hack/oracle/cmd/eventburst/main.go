// Command eventburst records a burst of similar events about one object through client-go's record
// broadcaster to a real API server, and exits once the broadcaster has handed every event to its sink watcher
// and the writes have settled.
//
// Usage: eventburst <kubeconfig> <namespace> <configmap> <component> <count>
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedv1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
)

func main() {
	args := os.Args[1:]
	if len(args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: eventburst <kubeconfig> <namespace> <configmap> <component> <count>")
		os.Exit(2)
	}
	n, err := strconv.Atoi(args[4])
	if err != nil {
		panic(err)
	}
	config, err := clientcmd.BuildConfigFromFlags("", args[0])
	if err != nil {
		panic(err)
	}
	client := kubernetes.NewForConfigOrDie(config)
	cm, err := client.CoreV1().ConfigMaps(args[1]).Get(context.TODO(), args[2], metav1.GetOptions{})
	if err != nil {
		panic(err)
	}
	broadcaster := record.NewBroadcaster()
	defer broadcaster.Shutdown()
	var handled atomic.Int64
	broadcaster.StartRecordingToSink(&typedv1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	broadcaster.StartEventWatcher(func(*v1.Event) { handled.Add(1) })
	recorder := broadcaster.NewRecorder(scheme.Scheme, v1.EventSource{Component: args[3]})
	for i := 0; i < n; i++ {
		recorder.Eventf(cm, v1.EventTypeWarning, "Burst", "message %d", i)
	}
	for handled.Load() < int64(n) {
		time.Sleep(10 * time.Millisecond)
	}
	// The sink watcher writes the events that pass the spam filter; wait until the server's list settles.
	last, stable := -1, 0
	for stable < 20 {
		list, err := client.CoreV1().Events(args[1]).List(context.TODO(), metav1.ListOptions{FieldSelector: "involvedObject.name=" + args[2]})
		if err != nil {
			panic(err)
		}
		total := 0
		for _, e := range list.Items {
			total += int(e.Count)
		}
		if total == last {
			stable++
		} else {
			last, stable = total, 0
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Println("DONE")
}
