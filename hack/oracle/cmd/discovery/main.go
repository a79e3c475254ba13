// Command discovery runs client-go's DiscoveryClient against an HTTP server serving the canned discovery
// documents read on stdin, and prints what ServerGroups, ServerGroupsAndResources, ServerPreferredResources and
// ServerPreferredNamespacedResources return (errors as their text), so the Python port can be compared.
//
// Input: {"responses": {"/path": {"status": 200, "contentType": "...", "body": "...",
//
//	"aggregated": {"status": ..., "contentType": ..., "body": ...}}}, "legacy": false}
//
// A path's "aggregated" answer is served when the request's Accept asks for APIGroupDiscoveryList.
// "client" picks the client under test: "direct" (default) or "memory" (memory.NewMemCacheClient); the calls
// run twice, and "requests" lists the paths the server saw (sorted), so what a cache answers by itself shows.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	restclient "k8s.io/client-go/rest"
)

type answer struct {
	Status      int     `json:"status"`
	ContentType string  `json:"contentType"`
	Body        string  `json:"body"`
	Aggregated  *answer `json:"aggregated"`
}

type input struct {
	Responses map[string]answer `json:"responses"`
	Legacy    bool              `json:"legacy"`
	Client    string            `json:"client"`
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func describeLists(lists []*metav1.APIResourceList) []string {
	out := []string{}
	for _, rl := range lists {
		for _, r := range rl.APIResources {
			out = append(out, fmt.Sprintf("%s %s|%s|%v|%s|%s|%s|%s|%s|%s", rl.GroupVersion, r.Name, r.SingularName,
				r.Namespaced, r.Group, r.Version, r.Kind, strings.Join(r.Verbs, ","), strings.Join(r.ShortNames, ","),
				strings.Join(r.Categories, ",")))
		}
		if len(rl.APIResources) == 0 {
			out = append(out, rl.GroupVersion+" <empty>")
		}
	}
	sort.Strings(out)
	return out
}

func describeGroups(groups []*metav1.APIGroup) []string {
	out := []string{}
	for _, g := range groups {
		versions := []string{}
		for _, v := range g.Versions {
			versions = append(versions, v.GroupVersion+"="+v.Version)
		}
		out = append(out, fmt.Sprintf("%s [%s] preferred=%s/%s", g.Name, strings.Join(versions, " "),
			g.PreferredVersion.GroupVersion, g.PreferredVersion.Version))
	}
	return out
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		a, ok := in.Responses[r.URL.Path]
		if !ok {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte("404 page not found"))
			return
		}
		if a.Aggregated != nil && strings.Contains(r.Header.Get("Accept"), "as=APIGroupDiscoveryList") {
			a = *a.Aggregated
		}
		w.Header().Set("Content-Type", a.ContentType)
		w.WriteHeader(a.Status)
		_, _ = w.Write([]byte(a.Body))
	}))
	defer srv.Close()

	direct, err := discovery.NewDiscoveryClientForConfig(&restclient.Config{Host: srv.URL})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	direct.UseLegacyDiscovery = in.Legacy
	var d discovery.DiscoveryInterface = direct
	if in.Client == "memory" {
		d = memory.NewMemCacheClient(direct)
	}
	out := map[string]any{}
	for round := 1; round <= 2; round++ {
		r := map[string]any{}
		groups, err := d.ServerGroups()
		r["serverGroupsErr"] = errText(err)
		if groups != nil {
			gs := []*metav1.APIGroup{}
			for i := range groups.Groups {
				gs = append(gs, &groups.Groups[i])
			}
			r["serverGroups"] = describeGroups(gs)
		}
		gs, rs, err := d.ServerGroupsAndResources()
		r["groups"], r["resources"], r["groupsAndResourcesErr"] = describeGroups(gs), describeLists(rs), errText(err)
		pref, err := d.ServerPreferredResources()
		r["preferred"], r["preferredErr"] = describeLists(pref), errText(err)
		ns, err := d.ServerPreferredNamespacedResources()
		r["namespaced"], r["namespacedErr"] = describeLists(ns), errText(err)
		if round == 1 {
			for k, v := range r {
				out[k] = v
			}
		} else {
			out["second"] = r
		}
	}
	mu.Lock()
	sort.Strings(seen)
	out["requests"] = seen
	mu.Unlock()
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
