package main

import (
	"context"
	"encoding/json"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"
)

// fakeObject is an initial object of the clientset: its resource ("pods", "configmaps", "deployments",
// "services", "nodes") and its JSON.
type fakeObject struct {
	Resource string          `json:"resource"`
	Object   json.RawMessage `json:"object"`
}

// fakeStep is one call on a typed client of the fake clientset.
type fakeStep struct {
	Verb            string          `json:"verb"` // create update update_status get list delete patch watch events
	Resource        string          `json:"resource"`
	Namespace       string          `json:"namespace"`
	Name            string          `json:"name"`
	Object          json.RawMessage `json:"object"`
	LabelSelector   string          `json:"labelSelector"`
	ResourceVersion string          `json:"resourceVersion"`
	PatchType       string          `json:"patchType"`
	Data            string          `json:"data"`
	Watch           int             `json:"watch"` // which watch "events" drains (in start order)
}

type fakeAnswer struct {
	Steps   []stepAnswer `json:"steps"`
	Actions [][]string   `json:"actions"`
}

type stepAnswer struct {
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
	Events [][]string      `json:"events,omitempty"`
}

type typedClient[T runtime.Object, L runtime.Object] interface {
	Create(context.Context, T, metav1.CreateOptions) (T, error)
	Update(context.Context, T, metav1.UpdateOptions) (T, error)
	Get(context.Context, string, metav1.GetOptions) (T, error)
	List(context.Context, metav1.ListOptions) (L, error)
	Delete(context.Context, string, metav1.DeleteOptions) error
	Patch(context.Context, string, types.PatchType, []byte, metav1.PatchOptions, ...string) (T, error)
	Watch(context.Context, metav1.ListOptions) (watch.Interface, error)
}

type stepRunner func(s fakeStep) (runtime.Object, watch.Interface, error)

func runnerFor[T runtime.Object, L runtime.Object](c typedClient[T, L], newObj func() T) stepRunner {
	ctx := context.Background()
	decode := func(raw json.RawMessage) T {
		obj := newObj()
		if err := json.Unmarshal(raw, obj); err != nil {
			panic(err)
		}
		return obj
	}
	return func(s fakeStep) (runtime.Object, watch.Interface, error) {
		switch s.Verb {
		case "create":
			o, err := c.Create(ctx, decode(s.Object), metav1.CreateOptions{})
			return o, nil, err
		case "update":
			o, err := c.Update(ctx, decode(s.Object), metav1.UpdateOptions{})
			return o, nil, err
		case "update_status":
			us, ok := any(c).(interface {
				UpdateStatus(context.Context, T, metav1.UpdateOptions) (T, error)
			})
			if !ok {
				panic(fmt.Sprintf("%s has no status", s.Resource))
			}
			o, err := us.UpdateStatus(ctx, decode(s.Object), metav1.UpdateOptions{})
			return o, nil, err
		case "get":
			o, err := c.Get(ctx, s.Name, metav1.GetOptions{})
			return o, nil, err
		case "list":
			o, err := c.List(ctx, metav1.ListOptions{LabelSelector: s.LabelSelector})
			return o, nil, err
		case "delete":
			return nil, nil, c.Delete(ctx, s.Name, metav1.DeleteOptions{})
		case "patch":
			o, err := c.Patch(ctx, s.Name, types.PatchType(s.PatchType), []byte(s.Data), metav1.PatchOptions{})
			return o, nil, err
		case "watch":
			w, err := c.Watch(ctx, metav1.ListOptions{LabelSelector: s.LabelSelector, ResourceVersion: s.ResourceVersion})
			return nil, w, err
		}
		panic(fmt.Sprintf("unknown verb %q", s.Verb))
	}
}

func clientFor(cs *fake.Clientset, resource, ns string) stepRunner {
	switch resource {
	case "pods":
		return runnerFor(cs.CoreV1().Pods(ns), func() *corev1.Pod { return &corev1.Pod{} })
	case "configmaps":
		return runnerFor(cs.CoreV1().ConfigMaps(ns), func() *corev1.ConfigMap { return &corev1.ConfigMap{} })
	case "services":
		return runnerFor(cs.CoreV1().Services(ns), func() *corev1.Service { return &corev1.Service{} })
	case "nodes":
		return runnerFor(cs.CoreV1().Nodes(), func() *corev1.Node { return &corev1.Node{} })
	case "deployments":
		return runnerFor(cs.AppsV1().Deployments(ns), func() *appsv1.Deployment { return &appsv1.Deployment{} })
	}
	panic(fmt.Sprintf("unknown resource %q", resource))
}

func newObject(resource string) runtime.Object {
	switch resource {
	case "pods":
		return &corev1.Pod{}
	case "configmaps":
		return &corev1.ConfigMap{}
	case "services":
		return &corev1.Service{}
	case "nodes":
		return &corev1.Node{}
	case "deployments":
		return &appsv1.Deployment{}
	}
	panic(fmt.Sprintf("unknown resource %q", resource))
}

func runFake(objects []fakeObject, steps []fakeStep) *fakeAnswer {
	var initial []runtime.Object
	for _, o := range objects {
		obj := newObject(o.Resource)
		if err := json.Unmarshal(o.Object, obj); err != nil {
			panic(err)
		}
		initial = append(initial, obj)
	}
	cs := fake.NewSimpleClientset(initial...)
	var watches []watch.Interface
	answer := &fakeAnswer{}
	for _, s := range steps {
		var sa stepAnswer
		if s.Verb == "events" {
			sa.Events = drain(watches[s.Watch])
			answer.Steps = append(answer.Steps, sa)
			continue
		}
		obj, w, err := clientFor(cs, s.Resource, s.Namespace)(s)
		if err != nil {
			sa.Error = err.Error()
		} else if w != nil {
			watches = append(watches, w)
		} else if obj != nil {
			raw, merr := json.Marshal(obj)
			if merr != nil {
				panic(merr)
			}
			sa.Result = raw
		}
		answer.Steps = append(answer.Steps, sa)
	}
	for _, a := range cs.Actions() {
		name := ""
		switch typed := a.(type) {
		case clienttesting.GetAction:
			name = typed.GetName()
		case clienttesting.PatchAction:
			name = typed.GetName()
		case clienttesting.DeleteAction:
			name = typed.GetName()
		}
		answer.Actions = append(answer.Actions, []string{a.GetVerb(), a.GetResource().String(), a.GetSubresource(), a.GetNamespace(), name})
	}
	return answer
}

// drain returns the events the watch holds now (the fake delivers them synchronously).
func drain(w watch.Interface) [][]string {
	var out [][]string
	for {
		select {
		case e, ok := <-w.ResultChan():
			if !ok {
				return out
			}
			raw, err := json.Marshal(e.Object)
			if err != nil {
				panic(err)
			}
			out = append(out, []string{string(e.Type), string(raw)})
		default:
			return out
		}
	}
}
