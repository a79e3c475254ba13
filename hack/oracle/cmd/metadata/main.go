// Command metadata runs a fixed script of client-go metadata-client calls against a recording HTTP server and
// prints each request (method, path, raw query, Content-Type, Accept, body) and what each call returned, so the
// Python metadata client can be compared. The script is mirrored in tests/differential/test_metadata.py.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/metadata"
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
		case r.URL.Path == "/apis/example.com/v1/namespaces/ns1/widgets/nometa":
			_, _ = w.Write([]byte(`{"apiVersion":"example.com/v1","kind":"Widget","spec":{}}`))
		case r.URL.Path == "/apis/example.com/v1/namespaces/ns1/widgets/w1":
			_, _ = w.Write([]byte(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","uid":"u"},"spec":{"a":1}}`))
		case r.URL.Path == "/apis/example.com/v1/namespaces/ns1/widgets":
			_, _ = w.Write([]byte(`{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"a"}}]}`))
		default:
			_, _ = w.Write([]byte(`{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":{"name":"p","labels":{"x":"y"}}}`))
		}
	}))
	defer srv.Close()
	client, err := metadata.NewForConfig(&restclient.Config{Host: srv.URL})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	pods := client.Resource(schema.GroupVersionResource{Version: "v1", Resource: "pods"}).Namespace("ns1")
	widgets := client.Resource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}).Namespace("ns1")
	five, thirty := int64(5), int64(30)
	results := []string{}
	note := func(obj any, err error) {
		switch o := obj.(type) {
		case *metav1.PartialObjectMetadata:
			if o != nil {
				results = append(results, fmt.Sprintf("%s/%s name=%s uid=%s labels=%v", o.APIVersion, o.Kind, o.Name, o.UID, o.Labels))
				return
			}
		case *metav1.PartialObjectMetadataList:
			if o != nil {
				results = append(results, fmt.Sprintf("%s/%s rv=%s items=%d", o.APIVersion, o.Kind, o.ResourceVersion, len(o.Items)))
				return
			}
		}
		if err != nil {
			results = append(results, "error: "+err.Error())
		} else {
			results = append(results, "ok")
		}
	}
	note(pods.Get(ctx, "p", metav1.GetOptions{ResourceVersion: "3"}))
	note(pods.Get(ctx, "p", metav1.GetOptions{}, "status"))
	note(widgets.Get(ctx, "w1", metav1.GetOptions{}))
	note(widgets.Get(ctx, "nometa", metav1.GetOptions{}))
	note(pods.List(ctx, metav1.ListOptions{LabelSelector: "a=b", Limit: 5}))
	note(widgets.List(ctx, metav1.ListOptions{}))
	note(nil, pods.Delete(ctx, "p", metav1.DeleteOptions{GracePeriodSeconds: &five}))
	note(nil, pods.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{FieldSelector: "f=g"}))
	note(pods.Patch(ctx, "p", types.MergePatchType, []byte(`{"metadata":{"labels":{"x":"y"}}}`), metav1.PatchOptions{FieldManager: "m"}))
	w, err := pods.Watch(ctx, metav1.ListOptions{ResourceVersion: "9", TimeoutSeconds: &thirty})
	note(nil, err)
	if w != nil {
		for range w.ResultChan() {
		}
	}
	note(pods.Get(ctx, "", metav1.GetOptions{}))
	mu.Lock()
	defer mu.Unlock()
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"requests": reqs, "results": results}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
