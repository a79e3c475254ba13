// Command patch is the Go oracle for kubernetes_py's patch packages. It reads one JSON request per line on
// stdin and writes one JSON answer per line: the bytes (as a string) that apimachinery's strategicpatch and
// evanphx/json-patch v4 (the library client-go's fake tracker uses) produce, or the error text.
//
// Requests: {"op": "two_way" | "three_way" | "smp" | "json_patch" | "merge_patch" | "create_merge_patch" |
// "three_way_json", "kind": "Pod", ...}
// with the documents as JSON strings in "original", "modified", "current" and "patch", and "overwrite" for
// three_way. {"op": "fake", "objects": [...], "steps": [...]} runs the steps on client-go's
// fake.NewSimpleClientset (see fake.go) and answers with what each step observed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/jsonmergepatch"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
)

var kinds = map[string]func() interface{}{
	"Pod":           func() interface{} { return &corev1.Pod{} },
	"Service":       func() interface{} { return &corev1.Service{} },
	"ConfigMap":     func() interface{} { return &corev1.ConfigMap{} },
	"Secret":        func() interface{} { return &corev1.Secret{} },
	"Node":          func() interface{} { return &corev1.Node{} },
	"Deployment":    func() interface{} { return &appsv1.Deployment{} },
	"StatefulSet":   func() interface{} { return &appsv1.StatefulSet{} },
	"DaemonSet":     func() interface{} { return &appsv1.DaemonSet{} },
	"Job":           func() interface{} { return &batchv1.Job{} },
	"Ingress":       func() interface{} { return &networkingv1.Ingress{} },
	"NetworkPolicy": func() interface{} { return &networkingv1.NetworkPolicy{} },
	"Role":          func() interface{} { return &rbacv1.Role{} },
	"Unstructured":  func() interface{} { return &unstructured.Unstructured{} },
}

type request struct {
	Op        string       `json:"op"`
	Objects   []fakeObject `json:"objects"`
	Steps     []fakeStep   `json:"steps"`
	Kind      string       `json:"kind"`
	Original  *string      `json:"original"`
	Modified  *string      `json:"modified"`
	Current   *string      `json:"current"`
	Patch     *string      `json:"patch"`
	Overwrite bool         `json:"overwrite"`
}

type answer struct {
	Result *string     `json:"result,omitempty"`
	Error  *string     `json:"error,omitempty"`
	Fake   *fakeAnswer `json:"fake,omitempty"`
}

func bytesOf(s *string) []byte {
	if s == nil {
		return nil
	}
	return []byte(*s)
}

func run(r request) ([]byte, error) {
	switch r.Op {
	case "json_patch":
		p, err := jsonpatch.DecodePatch(bytesOf(r.Patch))
		if err != nil {
			return nil, err
		}
		return p.Apply(bytesOf(r.Original))
	case "merge_patch":
		return jsonpatch.MergePatch(bytesOf(r.Original), bytesOf(r.Patch))
	case "create_merge_patch":
		return jsonpatch.CreateMergePatch(bytesOf(r.Original), bytesOf(r.Modified))
	case "three_way_json":
		return jsonmergepatch.CreateThreeWayJSONMergePatch(bytesOf(r.Original), bytesOf(r.Modified), bytesOf(r.Current))
	}
	newObj, ok := kinds[r.Kind]
	if !ok {
		return nil, fmt.Errorf("oracle: unknown kind %q", r.Kind)
	}
	switch r.Op {
	case "two_way":
		return strategicpatch.CreateTwoWayMergePatch(bytesOf(r.Original), bytesOf(r.Modified), newObj())
	case "smp":
		return strategicpatch.StrategicMergePatch(bytesOf(r.Original), bytesOf(r.Patch), newObj())
	case "three_way":
		schema, err := strategicpatch.NewPatchMetaFromStruct(newObj())
		if err != nil {
			return nil, err
		}
		return strategicpatch.CreateThreeWayMergePatch(bytesOf(r.Original), bytesOf(r.Modified), bytesOf(r.Current), schema, r.Overwrite)
	}
	return nil, fmt.Errorf("oracle: unknown op %q", r.Op)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var r request
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			panic(err)
		}
		var a answer
		if r.Op == "fake" {
			a.Fake = runFake(r.Objects, r.Steps)
			if err := out.Encode(a); err != nil {
				panic(err)
			}
			continue
		}
		result, err := run(r)
		if err != nil {
			msg := err.Error()
			a.Error = &msg
		} else {
			s := string(result)
			a.Result = &s
		}
		if err := out.Encode(a); err != nil {
			panic(err)
		}
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
