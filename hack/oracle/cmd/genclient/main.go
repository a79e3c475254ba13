// Command genclient reports what client-go's typed clientset is and does, for the Python port to be compared with.
//
//	genclient surface   JSON: every group accessor of kubernetes.Interface, its resource getters (namespaced or
//	                    not) and the methods of each resource interface.
//	genclient requests  JSON: for every resource method that sends one request, the request it sends (method,
//	                    path, query, Content-Type, Accept, body) against a server that answers 404 with a Status,
//	                    and the error the method returns.
//	genclient requests-json   the same with a config whose ContentType is application/json.
//	genclient apply     JSON: the same for a fixed set of Apply/ApplyStatus/ApplyScale calls with apply
//	                    configurations (the cases are named; tests build the same objects by those names).
//
// Arguments are made from the parameter types: "n1" for names, namespace "ns1", fixed options, and for an
// object parameter a new object of that type named n1 in ns1. Methods taking apply configurations or a
// runtime.Scheme, and methods that return an unsent request, are left out.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	applyappsv1 "k8s.io/client-go/applyconfigurations/apps/v1"
	applyautoscalingv1 "k8s.io/client-go/applyconfigurations/autoscaling/v1"
	applycorev1 "k8s.io/client-go/applyconfigurations/core/v1"
	applymetav1 "k8s.io/client-go/applyconfigurations/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

type getter struct {
	Name       string   `json:"name"`
	Namespaced bool     `json:"namespaced"`
	Interface  string   `json:"interface"`
	Methods    []string `json:"methods"`
}

type group struct {
	Accessor string   `json:"accessor"`
	Getters  []getter `json:"getters"`
}

type request struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	Query       string `json:"query"`
	ContentType string `json:"content_type"`
	Accept      string `json:"accept"`
	Body        []byte `json:"body"`
}

type call struct {
	Group      string    `json:"group"`
	Getter     string    `json:"getter"`
	Namespaced bool      `json:"namespaced"`
	Method     string    `json:"method"`
	Args       []string  `json:"args"`
	Requests   []request `json:"requests"`
	Error      string    `json:"error"`
}

var (
	ctxType     = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
	patchType   = reflect.TypeOf(types.PatchType(""))
	bytesType   = reflect.TypeOf([]byte(nil))
	stringType  = reflect.TypeOf("")
	ten         = int64(10)
	zero        = int64(0)
	optionsArgs = map[reflect.Type]reflect.Value{
		reflect.TypeOf(metav1.GetOptions{}):    reflect.ValueOf(metav1.GetOptions{ResourceVersion: "5"}),
		reflect.TypeOf(metav1.ListOptions{}):   reflect.ValueOf(metav1.ListOptions{LabelSelector: "a=b", Limit: 3, TimeoutSeconds: &ten}),
		reflect.TypeOf(metav1.CreateOptions{}): reflect.ValueOf(metav1.CreateOptions{DryRun: []string{"All"}, FieldManager: "m"}),
		reflect.TypeOf(metav1.UpdateOptions{}): reflect.ValueOf(metav1.UpdateOptions{FieldManager: "m"}),
		reflect.TypeOf(metav1.PatchOptions{}):  reflect.ValueOf(metav1.PatchOptions{FieldManager: "m"}),
		reflect.TypeOf(metav1.DeleteOptions{}): reflect.ValueOf(metav1.DeleteOptions{GracePeriodSeconds: &zero}),
	}
	optionsNames = map[reflect.Type]string{
		reflect.TypeOf(metav1.GetOptions{}):    "GetOptions",
		reflect.TypeOf(metav1.ListOptions{}):   "ListOptions",
		reflect.TypeOf(metav1.CreateOptions{}): "CreateOptions",
		reflect.TypeOf(metav1.UpdateOptions{}): "UpdateOptions",
		reflect.TypeOf(metav1.PatchOptions{}):  "PatchOptions",
		reflect.TypeOf(metav1.DeleteOptions{}): "DeleteOptions",
	}
)

const status404 = `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"nothing here","reason":"NotFound","code":404}`

type recorder struct {
	mu       sync.Mutex
	requests []request
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests = append(r.requests, request{
		Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.RawQuery,
		ContentType: req.Header.Get("Content-Type"), Accept: req.Header.Get("Accept"), Body: body,
	})
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, status404)
}

func (r *recorder) take() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.requests
	r.requests = nil
	if out == nil {
		out = []request{}
	}
	return out
}

func groupAccessors(cs *kubernetes.Clientset) []reflect.Method {
	var out []reflect.Method
	t := reflect.TypeOf((*kubernetes.Interface)(nil)).Elem()
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		if m.Name == "Discovery" {
			continue
		}
		out = append(out, m)
	}
	return out
}

// getters of a group interface: methods returning a resource interface (all but RESTClient).
func getters(groupIface reflect.Type) []reflect.Method {
	var out []reflect.Method
	for i := 0; i < groupIface.NumMethod(); i++ {
		m := groupIface.Method(i)
		if m.Name == "RESTClient" {
			continue
		}
		out = append(out, m)
	}
	return out
}

func methodNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumMethod(); i++ {
		names = append(names, t.Method(i).Name)
	}
	sort.Strings(names)
	return names
}

func typeName(t reflect.Type) string {
	return t.PkgPath() + "." + t.Name()
}

// args makes the arguments of a method, with a description of each; ok is false when one cannot be made.
func args(m reflect.Type) ([]reflect.Value, []string, bool) {
	var values []reflect.Value
	var kinds []string
	for i := 0; i < m.NumIn(); i++ {
		in := m.In(i)
		if m.IsVariadic() && i == m.NumIn()-1 {
			break
		}
		switch {
		case in == ctxType:
			values = append(values, reflect.ValueOf(context.Background()))
			kinds = append(kinds, "ctx")
		case in == stringType:
			values = append(values, reflect.ValueOf("n1"))
			kinds = append(kinds, "name")
		case in == patchType:
			values = append(values, reflect.ValueOf(types.MergePatchType))
			kinds = append(kinds, "patchType")
		case in == bytesType:
			values = append(values, reflect.ValueOf([]byte(`{"metadata":{"labels":{"a":"b"}}}`)))
			kinds = append(kinds, "patchData")
		case optionsArgs[in].IsValid():
			values = append(values, optionsArgs[in])
			kinds = append(kinds, optionsNames[in])
		case in.Kind() == reflect.Pointer && in.Elem().Kind() == reflect.Struct:
			if strings.Contains(in.Elem().PkgPath(), "applyconfigurations") || strings.HasSuffix(in.Elem().PkgPath(), "pkg/runtime") {
				return nil, nil, false
			}
			obj := reflect.New(in.Elem())
			if accessor, err := meta.Accessor(obj.Interface()); err == nil {
				accessor.SetName("n1")
				accessor.SetNamespace("ns1")
			} else if f := obj.Elem().FieldByName("Name"); f.IsValid() && f.Kind() == reflect.String {
				f.SetString("n1")
			}
			values = append(values, obj)
			kinds = append(kinds, "object:"+typeName(in.Elem()))
		default:
			return nil, nil, false
		}
	}
	return values, kinds, true
}

func sendsRequest(m reflect.Type) bool {
	if m.NumOut() == 0 || m.Out(m.NumOut()-1) != errorType {
		return false
	}
	return true
}

type applyCall struct {
	Case     string    `json:"case"`
	Requests []request `json:"requests"`
	Error    string    `json:"error"`
}

// applyCases sends the named apply calls; each returns the call's error.
func applyCases(cs *kubernetes.Clientset) map[string]func() error {
	ctx := context.Background()
	opts := metav1.ApplyOptions{FieldManager: "m"}
	forced := metav1.ApplyOptions{FieldManager: "m", Force: true, DryRun: []string{"All"}}
	return map[string]func() error{
		"configmap": func() error {
			_, err := cs.CoreV1().ConfigMaps("ns1").Apply(ctx, applycorev1.ConfigMap("cm", "ns1").
				WithLabels(map[string]string{"b": "2", "a": "1"}).WithData(map[string]string{"k": "v"}), opts)
			return err
		},
		"deployment": func() error {
			container := applycorev1.Container().WithName("c").WithImage("nginx").
				WithPorts(applycorev1.ContainerPort().WithContainerPort(80)).
				WithResources(applycorev1.ResourceRequirements().
					WithLimits(corev1.ResourceList{"cpu": resource.MustParse("250m"), "memory": resource.MustParse("1Gi")}))
			spec := applyappsv1.DeploymentSpec().WithReplicas(0).
				WithSelector(applymetav1.LabelSelector().WithMatchLabels(map[string]string{"app": "web"})).
				WithTemplate(applycorev1.PodTemplateSpec().WithLabels(map[string]string{"app": "web"}).
					WithSpec(applycorev1.PodSpec().WithContainers(container)))
			_, err := cs.AppsV1().Deployments("ns1").Apply(ctx, applyappsv1.Deployment("web", "ns1").WithSpec(spec), forced)
			return err
		},
		"deployment-status": func() error {
			status := applyappsv1.DeploymentStatus().WithReplicas(1).WithConditions(
				applyappsv1.DeploymentCondition().WithType(appsv1.DeploymentAvailable).WithStatus(corev1.ConditionTrue))
			_, err := cs.AppsV1().Deployments("ns1").ApplyStatus(ctx, applyappsv1.Deployment("web", "ns1").WithStatus(status), opts)
			return err
		},
		"scale": func() error {
			_, err := cs.AppsV1().StatefulSets("ns1").ApplyScale(ctx, "db",
				applyautoscalingv1.Scale().WithSpec(applyautoscalingv1.ScaleSpec().WithReplicas(2)), opts)
			return err
		},
		"secret": func() error {
			_, err := cs.CoreV1().Secrets("ns1").Apply(ctx, applycorev1.Secret("s", "ns1").
				WithData(map[string][]byte{"k": {0, 255, 's'}}).WithType(corev1.SecretTypeOpaque), opts)
			return err
		},
		"service": func() error {
			_, err := cs.CoreV1().Services("ns1").Apply(ctx, applycorev1.Service("svc", "ns1").WithSpec(
				applycorev1.ServiceSpec().WithPorts(applycorev1.ServicePort().WithPort(80).
					WithTargetPort(intstr.FromString("http")))), opts)
			return err
		},
		"node": func() error {
			_, err := cs.CoreV1().Nodes().Apply(ctx, applycorev1.Node("n1").
				WithSpec(applycorev1.NodeSpec().WithUnschedulable(false)), opts)
			return err
		},
		"no-name": func() error {
			_, err := cs.CoreV1().ConfigMaps("ns1").Apply(ctx, applycorev1.ConfigMap("", "ns1").WithName(""), opts)
			return err
		},
	}
}

func main() {
	modes := map[string]bool{"surface": true, "requests": true, "requests-json": true, "apply": true}
	if len(os.Args) != 2 || !modes[os.Args[1]] {
		fmt.Fprintln(os.Stderr, "usage: genclient surface|requests|requests-json|apply")
		os.Exit(2)
	}
	rec := &recorder{}
	server := httptest.NewServer(rec)
	defer server.Close()
	config := &rest.Config{Host: server.URL, QPS: -1}
	if os.Args[1] == "requests-json" {
		config.ContentType = "application/json"
	}
	cs, err := kubernetes.NewForConfig(config)
	if err != nil {
		panic(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if os.Args[1] == "apply" {
		cases := applyCases(cs)
		var names []string
		for name := range cases {
			names = append(names, name)
		}
		sort.Strings(names)
		var out []applyCall
		for _, name := range names {
			c := applyCall{Case: name}
			if err := cases[name](); err != nil {
				c.Error = err.Error()
			}
			c.Requests = rec.take()
			out = append(out, c)
		}
		enc.Encode(out)
		return
	}
	csValue := reflect.ValueOf(cs)
	var groups []group
	var calls []call
	for _, accessor := range groupAccessors(cs) {
		groupValue := csValue.MethodByName(accessor.Name).Call(nil)[0]
		g := group{Accessor: accessor.Name}
		for _, get := range getters(accessor.Type.Out(0)) {
			var in []reflect.Value
			if get.Type.NumIn() == 1 {
				in = []reflect.Value{reflect.ValueOf("ns1")}
			}
			iface := get.Type.Out(0)
			g.Getters = append(g.Getters, getter{Name: get.Name, Namespaced: get.Type.NumIn() == 1,
				Interface: iface.Name(), Methods: methodNames(iface)})
			if os.Args[1] == "surface" {
				continue
			}
			resource := groupValue.MethodByName(get.Name).Call(in)[0]
			for i := 0; i < iface.NumMethod(); i++ {
				m := iface.Method(i)
				if !sendsRequest(m.Type) {
					continue
				}
				values, kinds, ok := args(m.Type)
				if !ok {
					continue
				}
				out := resource.MethodByName(m.Name).Call(values)
				c := call{Group: accessor.Name, Getter: get.Name, Namespaced: len(in) == 1, Method: m.Name, Args: kinds}
				if e := out[len(out)-1]; !e.IsNil() {
					c.Error = e.Interface().(error).Error()
				}
				c.Requests = rec.take()
				calls = append(calls, c)
			}
		}
		groups = append(groups, g)
	}
	if os.Args[1] == "surface" {
		enc.Encode(groups)
	} else {
		enc.Encode(calls)
	}
}
