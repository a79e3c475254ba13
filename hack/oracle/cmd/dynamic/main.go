// Command dynamic runs a fixed script of client-go dynamic-client calls (every verb, with options set) against a
// recording HTTP server and prints each request it sent (method, path, raw query, Content-Type, Accept, body), so
// the Python dynamic client can be compared request for request. The script is mirrored in
// tests/differential/test_dynamic.py.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	restclient "k8s.io/client-go/rest"
)

type recorded struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	Query       string `json:"query"`
	ContentType string `json:"contentType"`
	Accept      string `json:"accept"`
	Body        string `json:"body"`
}

func widget(name string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": name, "labels": map[string]any{"a": "b"}},
		"spec":     map[string]any{"size": int64(3), "note": "<&>", "ratio": 0.5},
	}}
}

func main() {
	var mu sync.Mutex
	var reqs []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"),
			r.Header.Get("Accept"), string(body)})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Query().Get("watch") == "true":
			return
		case r.Method == http.MethodDelete:
			_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Success"}`))
		case r.Method == http.MethodGet && !strings.Contains(r.URL.Path, "/w1"):
			_, _ = w.Write([]byte(`{"apiVersion":"example.com/v1","kind":"WidgetList","items":[]}`))
		default:
			_, _ = w.Write([]byte(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}`))
		}
	}))
	defer srv.Close()
	client, err := dynamic.NewForConfig(&restclient.Config{Host: srv.URL})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	gvr := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	res := client.Resource(gvr).Namespace("ns1")
	five, thirty, yes := int64(5), int64(30), true
	uid := types.UID("u-1")
	errs := []string{}
	check := func(_ any, err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	check(res.Create(ctx, widget("w1"), metav1.CreateOptions{FieldManager: "m", DryRun: []string{"All"}}))
	check(res.Create(ctx, widget("w1"), metav1.CreateOptions{}, "scale"))
	check(res.Update(ctx, widget("w1"), metav1.UpdateOptions{FieldValidation: "Strict"}))
	check(res.UpdateStatus(ctx, widget("w1"), metav1.UpdateOptions{}))
	check(nil, res.Delete(ctx, "w1", metav1.DeleteOptions{GracePeriodSeconds: &five,
		PropagationPolicy: func() *metav1.DeletionPropagation { p := metav1.DeletePropagationForeground; return &p }(),
		Preconditions:     &metav1.Preconditions{UID: &uid}}))
	check(nil, res.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "a=b", Limit: 10}))
	check(res.Get(ctx, "w1", metav1.GetOptions{ResourceVersion: "5"}, "status"))
	check(res.List(ctx, metav1.ListOptions{FieldSelector: "x=y", ResourceVersion: "0",
		ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, TimeoutSeconds: &thirty, AllowWatchBookmarks: true}))
	w, err := res.Watch(ctx, metav1.ListOptions{ResourceVersion: "10", AllowWatchBookmarks: true, SendInitialEvents: &yes})
	check(nil, err)
	if w != nil {
		for range w.ResultChan() {
		}
	}
	check(res.Patch(ctx, "w1", types.JSONPatchType, []byte(`[{"op":"add","path":"/x","value":1}]`),
		metav1.PatchOptions{Force: &yes, FieldManager: "m"}))
	check(res.Apply(ctx, "w1", widget("w1"), metav1.ApplyOptions{FieldManager: "m", Force: true, DryRun: []string{"All"}}))
	check(res.ApplyStatus(ctx, "w1", widget("w1"), metav1.ApplyOptions{FieldManager: "m"}))
	check(client.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Get(ctx, "w1", metav1.GetOptions{}))
	mu.Lock()
	defer mu.Unlock()
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"requests": reqs, "errors": errs}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
