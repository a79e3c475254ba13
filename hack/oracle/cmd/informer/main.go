// Command informer runs client-go's shared informer over the ConfigMaps of one namespace and prints every
// handler call, one line each ("add <name> <uid> <rv> <initial>", "update <name> <old rv> <new rv>",
// "delete <name> <rv>|tombstone"). A line "dump" on stdin prints the cache ("cache <name> <uid> <rv>", sorted)
// then "end"; end of stdin stops the informer.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig")
	namespace := flag.String("namespace", "", "namespace")
	flag.Parse()
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		panic(err)
	}
	clientset := kubernetes.NewForConfigOrDie(config)
	informer := cache.NewSharedInformer(
		cache.NewListWatchFromClient(clientset.CoreV1().RESTClient(), "configmaps", *namespace, fields.Everything()),
		&v1.ConfigMap{}, 0)
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	emit := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	_, err = informer.AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(obj any, initial bool) {
			cm := obj.(*v1.ConfigMap)
			emit("add %s %s %s %t", cm.Name, cm.UID, cm.ResourceVersion, initial)
		},
		UpdateFunc: func(oldObj, newObj any) {
			o, n := oldObj.(*v1.ConfigMap), newObj.(*v1.ConfigMap)
			emit("update %s %s %s", n.Name, o.ResourceVersion, n.ResourceVersion)
		},
		DeleteFunc: func(obj any) {
			if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				emit("delete %s tombstone", t.Key[len(*namespace)+1:])
				return
			}
			cm := obj.(*v1.ConfigMap)
			emit("delete %s %s", cm.Name, cm.ResourceVersion)
		},
	})
	if err != nil {
		panic(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		informer.Run(stop)
		close(done)
	}()
	if !cache.WaitForCacheSync(stop, informer.HasSynced) {
		panic("not synced")
	}
	emit("synced")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if in.Text() != "dump" {
			continue
		}
		var lines []string
		for _, obj := range informer.GetStore().List() {
			cm := obj.(*v1.ConfigMap)
			lines = append(lines, fmt.Sprintf("cache %s %s %s", cm.Name, cm.UID, cm.ResourceVersion))
		}
		sort.Strings(lines)
		for _, l := range lines {
			emit("%s", l)
		}
		emit("end")
	}
	close(stop)
	<-done
}
