// Command clientgometrics runs a small client workload with component-base's client-go metrics registration
// (k8s.io/component-base/metrics/prometheus/clientgo: restclient, workqueue, informer FIFO, leader election) and
// prints, as JSON, the metric families in the legacy registry afterwards: name, type and label names.
//
//	clientgometrics <kubeconfig> <namespace>
//
// The workload: a list, a watch that sees one event, a burst of gets throttled by QPS 5 / burst 1, an informer of
// a factory with an informer name (synced), a named rate-limiting workqueue run (adds, a rate-limited add,
// gets and dones) and a leader election won on a Lease (then released).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/client-go/util/workqueue"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	"k8s.io/component-base/metrics/legacyregistry"
)

type family struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	Labels []string `json:"labels"`
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	kubeconfig, ns := os.Args[1], os.Args[2]
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	must(err)
	cfg.QPS, cfg.Burst = 5, 1
	cs, err := kubernetes.NewForConfig(cfg)
	must(err)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cms := cs.CoreV1().ConfigMaps(ns)

	_, err = cms.List(ctx, metav1.ListOptions{})
	must(err)
	w, err := cms.Watch(ctx, metav1.ListOptions{})
	must(err)
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "m"}}, metav1.CreateOptions{})
	must(err)
	<-w.ResultChan()
	w.Stop()
	for i := 0; i < 4; i++ {
		_, err = cms.Get(ctx, "m", metav1.GetOptions{})
		must(err)
	}

	name, err := cache.NewInformerName("oracle")
	must(err)
	factory := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns),
		informers.WithInformerName(name))
	factory.Core().V1().ConfigMaps().Informer()
	stop := make(chan struct{})
	factory.Start(stop)
	factory.WaitForCacheSync(stop)

	q := workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
		workqueue.TypedRateLimitingQueueConfig[string]{Name: "oracle"})
	q.Add("a")
	q.AddRateLimited("b")
	for i := 0; i < 2; i++ {
		item, _ := q.Get()
		q.Forget(item)
		q.Done(item)
	}
	q.ShutDown()

	lock, err := resourcelock.New(resourcelock.LeasesResourceLock, ns, "oracle", cs.CoreV1(), cs.CoordinationV1(),
		resourcelock.ResourceLockConfig{Identity: "oracle"})
	must(err)
	leCtx, leCancel := context.WithCancel(ctx)
	leaderelection.RunOrDie(leCtx, leaderelection.LeaderElectionConfig{
		Lock: lock, LeaseDuration: 15 * time.Second, RenewDeadline: 10 * time.Second, RetryPeriod: 2 * time.Second,
		ReleaseOnCancel: true, Name: "oracle",
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { leCancel() },
			OnStoppedLeading: func() {},
		},
	})

	mfs, err := legacyregistry.DefaultGatherer.Gather()
	must(err)
	var out []family
	for _, mf := range mfs {
		n := mf.GetName()
		if !(strings.HasPrefix(n, "rest_client_") || strings.HasPrefix(n, "workqueue_") ||
			strings.HasPrefix(n, "informer_") || strings.HasPrefix(n, "leader_election_")) || len(mf.Metric) == 0 {
			continue
		}
		labels := []string{}
		for _, l := range mf.Metric[0].GetLabel() {
			labels = append(labels, l.GetName())
		}
		sort.Strings(labels)
		out = append(out, family{Name: n, Type: strings.ToLower(mf.GetType().String()), Labels: labels})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	close(stop)
	factory.Shutdown()
	b, err := json.Marshal(out)
	must(err)
	fmt.Println(string(b))
}
