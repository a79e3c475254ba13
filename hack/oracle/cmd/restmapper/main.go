// Command restmapper builds client-go's discovery REST mapper (restmapper.NewDiscoveryRESTMapper) from the
// discovery documents read on stdin and prints what it answers for each query, errors as their text, so the
// Python port (kubernetes_py.restmapper / apimachinery api/meta) can be compared with the Go original.
//
// Input: {"groups": [{"group": APIGroup, "versionedResources": {"v1": [APIResource...]}}],
//
//	"resources": [{"group","version","resource"}], "kinds": [{"group","kind","versions":[...]}],
//	"singulars": ["pods", ...], "shortcuts": [{"group","version","resource"}]}
//
// Output: {"resources": [...], "kinds": [...], "singulars": [...], "shortcuts": [...]} with one entry per query.
// Shortcuts go through restmapper.NewShortcutExpander over a fake discovery client listing the same resources
// (one APIResourceList per group version, in input order).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery/fake"
	"k8s.io/client-go/restmapper"
	clienttesting "k8s.io/client-go/testing"
)

type groupInput struct {
	Group              metav1.APIGroup                 `json:"group"`
	VersionedResources map[string][]metav1.APIResource `json:"versionedResources"`
}

type kindQuery struct {
	Group    string   `json:"group"`
	Kind     string   `json:"kind"`
	Versions []string `json:"versions"`
}

type input struct {
	Groups    []groupInput                  `json:"groups"`
	Resources []schema.GroupVersionResource `json:"resources"`
	Kinds     []kindQuery                   `json:"kinds"`
	Singulars []string                      `json:"singulars"`
	Shortcuts []schema.GroupVersionResource `json:"shortcuts"`
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func strs[T fmt.Stringer](items []T) []string {
	out := []string{}
	for _, i := range items {
		out = append(out, i.String())
	}
	return out
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var groups []*restmapper.APIGroupResources
	for i := range in.Groups {
		groups = append(groups, &restmapper.APIGroupResources{Group: in.Groups[i].Group,
			VersionedResources: in.Groups[i].VersionedResources})
	}
	mapper := restmapper.NewDiscoveryRESTMapper(groups)

	out := map[string][]map[string]any{}
	for _, q := range in.Resources {
		r := map[string]any{}
		gvr, err := mapper.ResourceFor(q)
		r["resourceFor"], r["resourceForErr"] = gvr.String(), errText(err)
		gvrs, err := mapper.ResourcesFor(q)
		r["resourcesFor"], r["resourcesForErr"] = strs(gvrs), errText(err)
		gvk, err := mapper.KindFor(q)
		r["kindFor"], r["kindForErr"] = gvk.String(), errText(err)
		gvks, err := mapper.KindsFor(q)
		r["kindsFor"], r["kindsForErr"] = strs(gvks), errText(err)
		out["resources"] = append(out["resources"], r)
	}
	for _, q := range in.Kinds {
		r := map[string]any{}
		m, err := mapper.RESTMapping(schema.GroupKind{Group: q.Group, Kind: q.Kind}, q.Versions...)
		r["mappingErr"] = errText(err)
		if m != nil {
			r["mapping"] = []string{m.Resource.String(), m.GroupVersionKind.String(), string(m.Scope.Name())}
		}
		ms, err := mapper.RESTMappings(schema.GroupKind{Group: q.Group, Kind: q.Kind}, q.Versions...)
		r["mappingsErr"] = errText(err)
		all := []string{}
		for _, m := range ms {
			all = append(all, m.GroupVersionKind.String())
		}
		r["mappings"] = all
		out["kinds"] = append(out["kinds"], r)
	}
	for _, q := range in.Singulars {
		s, err := mapper.ResourceSingularizer(q)
		out["singulars"] = append(out["singulars"], map[string]any{"singular": s, "err": errText(err)})
	}
	var lists []*metav1.APIResourceList
	for _, g := range in.Groups {
		for _, v := range g.Group.Versions {
			if rs, ok := g.VersionedResources[v.Version]; ok {
				lists = append(lists, &metav1.APIResourceList{GroupVersion: v.GroupVersion, APIResources: rs})
			}
		}
	}
	var warnings []string
	expander := restmapper.NewShortcutExpander(mapper, &fake.FakeDiscovery{Fake: &clienttesting.Fake{Resources: lists}},
		func(w string) { warnings = append(warnings, w) })
	for _, q := range in.Shortcuts {
		warnings = nil
		r := map[string]any{}
		gvr, err := expander.ResourceFor(q)
		r["resourceFor"], r["resourceForErr"] = gvr.String(), errText(err)
		gvk, err := expander.KindFor(q)
		r["kindFor"], r["kindForErr"] = gvk.String(), errText(err)
		r["warnings"] = append([]string{}, warnings...)
		out["shortcuts"] = append(out["shortcuts"], r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
