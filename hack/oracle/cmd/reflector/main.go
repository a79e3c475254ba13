// Command reflector runs client-go's Reflector (tools/cache) against scripted list and watch answers and prints
// every request it made, what each ListAndWatch round returned and what ended up in its store, for
// tests/differential/test_reflector.py.
//
// stdin: {"scripts": [script...]}, a script being {"watchList": bool, "pageSize": int, "rounds": int,
// "lists": [answer...], "watches": [answer...]}. Each list request takes the next list answer, each watch request
// the next watch answer:
//
//	list answers:  ["items", rv, continue, [[name, rv]...]] or ["error", kind]
//	watch answers: ["events", [[type, name, rv, initialEventsEnd(bool)]...], end] or ["error", kind];
//	               end is "close" (the watch ends) or "error:<kind>" (an ERROR event, then the end)
//
// kind is one of expired, gone, toolarge, internal, toomany, invalid, forbidden, other. When a kind of answer
// runs out, the context is cancelled: a watch then never ends, a list ends after the reflector gave up on it.
// Up to "rounds" ListAndWatch rounds run on one context (the reflector's back-off is 1 µs).
//
// stdout: one JSON object per script: {"requests": [[verb, rv, rvMatch, limit, continue, sendInitialEvents,
// allowWatchBookmarks, hasTimeout]...], "rounds": [error text or null...], "store": [[name, rv]...],
// "lastSyncResourceVersion": rv}.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/features"
	"k8s.io/client-go/tools/cache"
)

type script struct {
	WatchList bool                `json:"watchList"`
	PageSize  int64               `json:"pageSize"`
	Rounds    int                 `json:"rounds"`
	Lists     [][]json.RawMessage `json:"lists"`
	Watches   [][]json.RawMessage `json:"watches"`
}

func apiError(kind string) error {
	switch kind {
	case "expired":
		return apierrors.NewResourceExpired("too old resource version: 1 (2)")
	case "gone":
		return apierrors.NewGone("gone away")
	case "toolarge":
		err := apierrors.NewTimeoutError("Too large resource version", 1)
		err.ErrStatus.Details.Causes = []metav1.StatusCause{{Type: metav1.CauseTypeResourceVersionTooLarge}}
		return err
	case "internal":
		return apierrors.NewInternalError(errors.New("etcdserver: no leader"))
	case "toomany":
		return apierrors.NewTooManyRequests("busy", 1)
	case "invalid":
		return apierrors.NewInvalid(schema.GroupKind{}, "streaming is not allowed", nil)
	case "forbidden":
		return apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", errors.New("no RBAC"))
	}
	return errors.New("boom")
}

func pod(name, rv string, initialEventsEnd bool) *v1.Pod {
	p := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, ResourceVersion: rv}}
	if initialEventsEnd {
		p.Annotations = map[string]string{metav1.InitialEventsAnnotationKey: "true"}
	}
	return p
}

type fakeLW struct {
	mu       sync.Mutex
	s        script
	cancel   func()
	requests [][]interface{}
	watchers []*watch.FakeWatcher
}

func (lw *fakeLW) record(verb string, o metav1.ListOptions) {
	var sendInitialEvents interface{}
	if o.SendInitialEvents != nil {
		sendInitialEvents = *o.SendInitialEvents
	}
	lw.requests = append(lw.requests, []interface{}{verb, o.ResourceVersion, string(o.ResourceVersionMatch), o.Limit,
		o.Continue, sendInitialEvents, o.AllowWatchBookmarks, o.TimeoutSeconds != nil})
}

func (lw *fakeLW) List(o metav1.ListOptions) (runtime.Object, error) {
	lw.mu.Lock()
	lw.record("list", o)
	if len(lw.s.Lists) == 0 {
		lw.mu.Unlock()
		lw.cancel()
		time.Sleep(50 * time.Millisecond) // the reflector has given up on this list by now
		return nil, errors.New("script exhausted")
	}
	answer := lw.s.Lists[0]
	lw.s.Lists = lw.s.Lists[1:]
	lw.mu.Unlock()
	var kind string
	json.Unmarshal(answer[0], &kind)
	if kind == "error" {
		var errKind string
		json.Unmarshal(answer[1], &errKind)
		return nil, apiError(errKind)
	}
	var rv, cont string
	var items [][2]string
	json.Unmarshal(answer[1], &rv)
	json.Unmarshal(answer[2], &cont)
	json.Unmarshal(answer[3], &items)
	list := &v1.PodList{ListMeta: metav1.ListMeta{ResourceVersion: rv, Continue: cont}}
	for _, it := range items {
		list.Items = append(list.Items, *pod(it[0], it[1], false))
	}
	return list, nil
}

func (lw *fakeLW) Watch(o metav1.ListOptions) (watch.Interface, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.record("watch", o)
	if len(lw.s.Watches) == 0 {
		lw.cancel()
		w := watch.NewFake()
		lw.watchers = append(lw.watchers, w)
		return w, nil
	}
	answer := lw.s.Watches[0]
	lw.s.Watches = lw.s.Watches[1:]
	var kind string
	json.Unmarshal(answer[0], &kind)
	if kind == "error" {
		var errKind string
		json.Unmarshal(answer[1], &errKind)
		return nil, apiError(errKind)
	}
	var events [][]interface{}
	var end string
	json.Unmarshal(answer[1], &events)
	json.Unmarshal(answer[2], &end)
	w := watch.NewFakeWithChanSize(len(events)+1, false)
	for _, e := range events {
		w.Action(watch.EventType(e[0].(string)), pod(e[1].(string), e[2].(string), e[3].(bool)))
	}
	if len(end) > 6 && end[:6] == "error:" {
		status := apiError(end[6:]).(apierrors.APIStatus).Status()
		w.Error(&status)
	}
	w.Stop()
	return w, nil
}

func run(s script) map[string]interface{} {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lw := &fakeLW{s: s, cancel: cancel}
	store := cache.NewStore(cache.MetaNamespaceKeyFunc)
	if err := features.FeatureGates().(interface {
		Set(features.Feature, bool) error
	}).Set(features.WatchListClient, s.WatchList); err != nil {
		panic(err)
	}
	r := cache.NewReflectorWithOptions(lw, &v1.Pod{}, store, cache.ReflectorOptions{
		Name:    "oracle",
		Backoff: &wait.Backoff{Duration: time.Microsecond},
	})
	r.WatchListPageSize = s.PageSize
	rounds := []interface{}{}
	for i := 0; i < s.Rounds && ctx.Err() == nil; i++ {
		if err := r.ListAndWatchWithContext(ctx); err != nil {
			rounds = append(rounds, err.Error())
		} else {
			rounds = append(rounds, nil)
		}
	}
	items := [][2]string{}
	for _, o := range store.List() {
		p := o.(*v1.Pod)
		items = append(items, [2]string{p.Name, p.ResourceVersion})
	}
	sort.Slice(items, func(i, j int) bool { return items[i][0] < items[j][0] })
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return map[string]interface{}{"requests": lw.requests, "rounds": rounds, "store": items,
		"lastSyncResourceVersion": r.LastSyncResourceVersion()}
}

func main() {
	var in struct {
		Scripts []script `json:"scripts"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := json.NewEncoder(os.Stdout)
	for _, s := range in.Scripts {
		if err := out.Encode(run(s)); err != nil {
			panic(err)
		}
	}
}
