// Command fakeapply runs a sequence of actions through client-go's fake.NewClientset (the field-managed object
// tracker) and prints what each answers. Input on stdin, one JSON document:
//
//	{"ops": [{"verb": "create"|"update"|"apply"|"patch", "group": "", "version": "v1", "resource": "configmaps",
//	  "subresource": "", "namespace": "ns", "name": "x", "manager": "m", "force": true|false|null,
//	  "object": {...}, "patchType": "...", "patch": "<text>"}, ...]}
//
// create and update send "object" decoded into its typed Go object; apply and patch send "patch" as the patch
// body. The output, one JSON document, is per action {"error": "<text>"} or {"object": <the answer as JSON>}.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/kubernetes/scheme"
	clienttesting "k8s.io/client-go/testing"
)

type op struct {
	Verb        string          `json:"verb"`
	Group       string          `json:"group"`
	Version     string          `json:"version"`
	Resource    string          `json:"resource"`
	Subresource string          `json:"subresource"`
	Namespace   string          `json:"namespace"`
	Name        string          `json:"name"`
	Manager     string          `json:"manager"`
	Force       *bool           `json:"force"`
	Object      json.RawMessage `json:"object"`
	PatchType   string          `json:"patchType"`
	Patch       string          `json:"patch"`
}

type result struct {
	Error  string         `json:"error,omitempty"`
	Object runtime.Object `json:"object,omitempty"`
}

func main() {
	var in struct {
		Ops []op `json:"ops"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cs := fake.NewClientset()
	decoder := scheme.Codecs.UniversalDeserializer()
	var out []result
	for _, o := range in.Ops {
		gvr := schema.GroupVersionResource{Group: o.Group, Version: o.Version, Resource: o.Resource}
		var action clienttesting.Action
		switch o.Verb {
		case "create", "update":
			obj, _, err := decoder.Decode(o.Object, nil, nil)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			if o.Verb == "create" {
				action = clienttesting.NewCreateSubresourceActionWithOptions(gvr, o.Name, o.Subresource, o.Namespace, obj,
					metav1.CreateOptions{FieldManager: o.Manager})
				if o.Subresource == "" {
					action = clienttesting.NewCreateActionWithOptions(gvr, o.Namespace, obj, metav1.CreateOptions{FieldManager: o.Manager})
				}
			} else if o.Subresource == "" {
				action = clienttesting.NewUpdateActionWithOptions(gvr, o.Namespace, obj, metav1.UpdateOptions{FieldManager: o.Manager})
			} else {
				action = clienttesting.NewUpdateSubresourceActionWithOptions(gvr, o.Subresource, o.Namespace, obj,
					metav1.UpdateOptions{FieldManager: o.Manager})
			}
		case "apply", "patch":
			pt := types.PatchType(o.PatchType)
			if o.Verb == "apply" {
				pt = types.ApplyPatchType
			}
			opts := metav1.PatchOptions{FieldManager: o.Manager, Force: o.Force}
			if o.Subresource == "" {
				action = clienttesting.NewPatchActionWithOptions(gvr, o.Namespace, o.Name, pt, []byte(o.Patch), opts)
			} else {
				action = clienttesting.NewPatchSubresourceActionWithOptions(gvr, o.Namespace, o.Name, pt, []byte(o.Patch), opts,
					o.Subresource)
			}
		default:
			fmt.Fprintln(os.Stderr, "unknown verb", o.Verb)
			os.Exit(2)
		}
		obj, err := cs.Invokes(action, nil)
		if err != nil {
			out = append(out, result{Error: err.Error()})
		} else {
			out = append(out, result{Object: obj})
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
