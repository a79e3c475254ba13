// Command gotypes prints, as JSON on stdout, what kubernetes_py needs to know about the Go API types
// of the pinned release: every named type of the API packages (struct fields with their JSON and
// protobuf tags, Go type expressions, custom JSON marshalling), their exported constants, and the
// kinds each package's AddToScheme registers. hack/codegen runs it (cwd: hack/oracle) and writes
// kubernetes_py/_schema/gotypes.json from it.
//
// Types and constants come from go/types over the compiler's export data of the real packages
// (located with `go list -export`); kinds come from calling the real AddToScheme functions.
package main

import (
	"encoding/json"
	"fmt"
	"go/constant"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strconv"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	admissionv1beta1 "k8s.io/api/admission/v1beta1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	admissionregistrationv1alpha1 "k8s.io/api/admissionregistration/v1alpha1"
	admissionregistrationv1beta1 "k8s.io/api/admissionregistration/v1beta1"
	apidiscoveryv2 "k8s.io/api/apidiscovery/v2"
	apidiscoveryv2beta1 "k8s.io/api/apidiscovery/v2beta1"
	apiserverinternalv1alpha1 "k8s.io/api/apiserverinternal/v1alpha1"
	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	authenticationv1 "k8s.io/api/authentication/v1"
	authenticationv1alpha1 "k8s.io/api/authentication/v1alpha1"
	authenticationv1beta1 "k8s.io/api/authentication/v1beta1"
	authorizationv1 "k8s.io/api/authorization/v1"
	authorizationv1beta1 "k8s.io/api/authorization/v1beta1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	batchv1beta1 "k8s.io/api/batch/v1beta1"
	certificatesv1 "k8s.io/api/certificates/v1"
	certificatesv1alpha1 "k8s.io/api/certificates/v1alpha1"
	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	coordinationv1 "k8s.io/api/coordination/v1"
	coordinationv1alpha2 "k8s.io/api/coordination/v1alpha2"
	coordinationv1beta1 "k8s.io/api/coordination/v1beta1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	discoveryv1beta1 "k8s.io/api/discovery/v1beta1"
	eventsv1 "k8s.io/api/events/v1"
	eventsv1beta1 "k8s.io/api/events/v1beta1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	flowcontrolv1beta1 "k8s.io/api/flowcontrol/v1beta1"
	flowcontrolv1beta2 "k8s.io/api/flowcontrol/v1beta2"
	flowcontrolv1beta3 "k8s.io/api/flowcontrol/v1beta3"
	imagepolicyv1alpha1 "k8s.io/api/imagepolicy/v1alpha1"
	lifecyclev1alpha1 "k8s.io/api/lifecycle/v1alpha1"
	networkingv1 "k8s.io/api/networking/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	nodev1 "k8s.io/api/node/v1"
	nodev1alpha1 "k8s.io/api/node/v1alpha1"
	nodev1beta1 "k8s.io/api/node/v1beta1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	rbacv1 "k8s.io/api/rbac/v1"
	rbacv1alpha1 "k8s.io/api/rbac/v1alpha1"
	rbacv1beta1 "k8s.io/api/rbac/v1beta1"
	resourcev1 "k8s.io/api/resource/v1"
	resourcev1alpha3 "k8s.io/api/resource/v1alpha3"
	resourcev1beta1 "k8s.io/api/resource/v1beta1"
	resourcev1beta2 "k8s.io/api/resource/v1beta2"
	schedulingv1 "k8s.io/api/scheduling/v1"
	schedulingv1alpha3 "k8s.io/api/scheduling/v1alpha3"
	schedulingv1beta1 "k8s.io/api/scheduling/v1beta1"
	storagev1 "k8s.io/api/storage/v1"
	storagev1alpha1 "k8s.io/api/storage/v1alpha1"
	storagev1beta1 "k8s.io/api/storage/v1beta1"
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	storagemigrationv1beta1 "k8s.io/api/storagemigration/v1beta1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsv1beta1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1beta1 "k8s.io/apimachinery/pkg/apis/meta/v1beta1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
)

// addToScheme holds the registration function of every API package, by import path.
var addToScheme = map[string]func(*runtime.Scheme) error{
	"k8s.io/api/admission/v1":                                       admissionv1.AddToScheme,
	"k8s.io/api/admission/v1beta1":                                  admissionv1beta1.AddToScheme,
	"k8s.io/api/admissionregistration/v1":                           admissionregistrationv1.AddToScheme,
	"k8s.io/api/admissionregistration/v1alpha1":                     admissionregistrationv1alpha1.AddToScheme,
	"k8s.io/api/admissionregistration/v1beta1":                      admissionregistrationv1beta1.AddToScheme,
	"k8s.io/api/apidiscovery/v2":                                    apidiscoveryv2.AddToScheme,
	"k8s.io/api/apidiscovery/v2beta1":                               apidiscoveryv2beta1.AddToScheme,
	"k8s.io/api/apiserverinternal/v1alpha1":                         apiserverinternalv1alpha1.AddToScheme,
	"k8s.io/api/apps/v1":                                            appsv1.AddToScheme,
	"k8s.io/api/apps/v1beta1":                                       appsv1beta1.AddToScheme,
	"k8s.io/api/apps/v1beta2":                                       appsv1beta2.AddToScheme,
	"k8s.io/api/authentication/v1":                                  authenticationv1.AddToScheme,
	"k8s.io/api/authentication/v1alpha1":                            authenticationv1alpha1.AddToScheme,
	"k8s.io/api/authentication/v1beta1":                             authenticationv1beta1.AddToScheme,
	"k8s.io/api/authorization/v1":                                   authorizationv1.AddToScheme,
	"k8s.io/api/authorization/v1beta1":                              authorizationv1beta1.AddToScheme,
	"k8s.io/api/autoscaling/v1":                                     autoscalingv1.AddToScheme,
	"k8s.io/api/autoscaling/v2":                                     autoscalingv2.AddToScheme,
	"k8s.io/api/batch/v1":                                           batchv1.AddToScheme,
	"k8s.io/api/batch/v1beta1":                                      batchv1beta1.AddToScheme,
	"k8s.io/api/certificates/v1":                                    certificatesv1.AddToScheme,
	"k8s.io/api/certificates/v1alpha1":                              certificatesv1alpha1.AddToScheme,
	"k8s.io/api/certificates/v1beta1":                               certificatesv1beta1.AddToScheme,
	"k8s.io/api/coordination/v1":                                    coordinationv1.AddToScheme,
	"k8s.io/api/coordination/v1alpha2":                              coordinationv1alpha2.AddToScheme,
	"k8s.io/api/coordination/v1beta1":                               coordinationv1beta1.AddToScheme,
	"k8s.io/api/core/v1":                                            corev1.AddToScheme,
	"k8s.io/api/discovery/v1":                                       discoveryv1.AddToScheme,
	"k8s.io/api/discovery/v1beta1":                                  discoveryv1beta1.AddToScheme,
	"k8s.io/api/events/v1":                                          eventsv1.AddToScheme,
	"k8s.io/api/events/v1beta1":                                     eventsv1beta1.AddToScheme,
	"k8s.io/api/extensions/v1beta1":                                 extensionsv1beta1.AddToScheme,
	"k8s.io/api/flowcontrol/v1":                                     flowcontrolv1.AddToScheme,
	"k8s.io/api/flowcontrol/v1beta1":                                flowcontrolv1beta1.AddToScheme,
	"k8s.io/api/flowcontrol/v1beta2":                                flowcontrolv1beta2.AddToScheme,
	"k8s.io/api/flowcontrol/v1beta3":                                flowcontrolv1beta3.AddToScheme,
	"k8s.io/api/imagepolicy/v1alpha1":                               imagepolicyv1alpha1.AddToScheme,
	"k8s.io/api/lifecycle/v1alpha1":                                 lifecyclev1alpha1.AddToScheme,
	"k8s.io/api/networking/v1":                                      networkingv1.AddToScheme,
	"k8s.io/api/networking/v1beta1":                                 networkingv1beta1.AddToScheme,
	"k8s.io/api/node/v1":                                            nodev1.AddToScheme,
	"k8s.io/api/node/v1alpha1":                                      nodev1alpha1.AddToScheme,
	"k8s.io/api/node/v1beta1":                                       nodev1beta1.AddToScheme,
	"k8s.io/api/policy/v1":                                          policyv1.AddToScheme,
	"k8s.io/api/policy/v1beta1":                                     policyv1beta1.AddToScheme,
	"k8s.io/api/rbac/v1":                                            rbacv1.AddToScheme,
	"k8s.io/api/rbac/v1alpha1":                                      rbacv1alpha1.AddToScheme,
	"k8s.io/api/rbac/v1beta1":                                       rbacv1beta1.AddToScheme,
	"k8s.io/api/resource/v1":                                        resourcev1.AddToScheme,
	"k8s.io/api/resource/v1alpha3":                                  resourcev1alpha3.AddToScheme,
	"k8s.io/api/resource/v1beta1":                                   resourcev1beta1.AddToScheme,
	"k8s.io/api/resource/v1beta2":                                   resourcev1beta2.AddToScheme,
	"k8s.io/api/scheduling/v1":                                      schedulingv1.AddToScheme,
	"k8s.io/api/scheduling/v1alpha3":                                schedulingv1alpha3.AddToScheme,
	"k8s.io/api/scheduling/v1beta1":                                 schedulingv1beta1.AddToScheme,
	"k8s.io/api/storage/v1":                                         storagev1.AddToScheme,
	"k8s.io/api/storage/v1alpha1":                                   storagev1alpha1.AddToScheme,
	"k8s.io/api/storage/v1beta1":                                    storagev1beta1.AddToScheme,
	"k8s.io/api/storagemigration/v1":                                storagemigrationv1.AddToScheme,
	"k8s.io/api/storagemigration/v1beta1":                           storagemigrationv1beta1.AddToScheme,
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1":      apiextensionsv1.AddToScheme,
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1": apiextensionsv1beta1.AddToScheme,
	"k8s.io/apimachinery/pkg/apis/meta/v1":                          metav1.AddMetaToScheme,
	"k8s.io/apimachinery/pkg/apis/meta/v1beta1":                     metav1beta1.AddMetaToScheme,
}

// Packages whose types are described but which have no AddToScheme.
var typeOnlyPackages = []string{
	"k8s.io/apimachinery/pkg/api/resource",
	"k8s.io/apimachinery/pkg/runtime",
	"k8s.io/apimachinery/pkg/runtime/schema",
	"k8s.io/apimachinery/pkg/util/intstr",
	"k8s.io/apimachinery/pkg/types",
}

// placeholder is the group version handed to metav1.AddToGroupVersion to see what it registers.
var placeholder = schema.GroupVersion{Group: "placeholder.kubernetes-py.invalid", Version: "v0"}

type Kind struct {
	Group       string `json:"group"`
	Version     string `json:"version"`
	Kind        string `json:"kind"`
	Type        string `json:"type"`
	Unversioned bool   `json:"unversioned,omitempty"`
}

type Field struct {
	Name      string   `json:"name"`
	JSON      string   `json:"json"`
	Options   []string `json:"json_options,omitempty"`
	Embedded  bool     `json:"embedded,omitempty"`
	Inline    bool     `json:"inline,omitempty"`
	Type      string   `json:"type"`
	Kind      string   `json:"kind"`
	Proto     string   `json:"proto,omitempty"`
	ProtoNum  int      `json:"proto_number,omitempty"`
	ProtoWire string   `json:"proto_wire,omitempty"`
	// The strategic merge patch tags: patchStrategy ("merge", "replace", "retainKeys", "merge,retainKeys")
	// and patchMergeKey.
	PatchStrategy string `json:"patch_strategy,omitempty"`
	PatchMergeKey string `json:"patch_merge_key,omitempty"`
}

type Type struct {
	Kind          string  `json:"kind"`
	Underlying    string  `json:"underlying,omitempty"`
	Fields        []Field `json:"fields,omitempty"`
	MarshalJSON   string  `json:"marshal_json,omitempty"`
	UnmarshalJSON bool    `json:"unmarshal_json,omitempty"`
}

type Constant struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

type Output struct {
	Types             map[string]*Type               `json:"types"`
	Constants         map[string]map[string]Constant `json:"constants"`
	PackageKinds      map[string][]Kind              `json:"package_kinds"`
	GroupVersionKinds []Kind                         `json:"add_to_group_version_kinds"`
	SchemeKinds       []Kind                         `json:"scheme_kinds"`
	Functions         map[string][]string            `json:"functions"`
	Aliases           map[string]map[string]string   `json:"aliases"`
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() + "." + t.Name()
}

func kindsOf(s *runtime.Scheme) []Kind {
	var kinds []Kind
	for gvk, t := range s.AllKnownTypes() {
		kinds = append(kinds, Kind{Group: gvk.Group, Version: gvk.Version, Kind: gvk.Kind, Type: typeName(t),
			Unversioned: gvk.Version != runtime.APIVersionInternal && isUnversioned(s, t)})
	}
	sort.Slice(kinds, func(i, j int) bool {
		a, b := kinds[i], kinds[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		return a.Kind < b.Kind
	})
	return kinds
}

func isUnversioned(s *runtime.Scheme, t reflect.Type) bool {
	unversioned, _ := s.IsUnversioned(reflect.New(t).Interface().(runtime.Object))
	return unversioned
}

func collectKinds(out *Output) {
	for path, add := range addToScheme {
		s := runtime.NewScheme()
		if err := add(s); err != nil {
			panic(fmt.Sprintf("%s AddToScheme: %v", path, err))
		}
		out.PackageKinds[path] = kindsOf(s)
	}
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, placeholder)
	out.GroupVersionKinds = kindsOf(s)

	all := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, apiextensionsv1.AddToScheme, apiextensionsv1beta1.AddToScheme} {
		if err := add(all); err != nil {
			panic(err)
		}
	}
	metav1.AddToGroupVersion(all, schema.GroupVersion{Version: "v1"})
	out.SchemeKinds = kindsOf(all)
}

// exportData maps each import path to its compiled export data file.
func exportData(paths []string) map[string]string {
	args := append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, paths...)
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		panic(fmt.Sprintf("go list -export: %v", err))
	}
	files := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		parts := strings.SplitN(line, "\t", 2)
		if len(parts) == 2 && parts[1] != "" {
			files[parts[0]] = parts[1]
		}
	}
	return files
}

func qualifier(p *types.Package) string { return p.Path() }

func goKind(t types.Type) string {
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return "pointer"
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return "bytes"
		}
		return "slice"
	case *types.Array:
		return "array"
	case *types.Map:
		return "map"
	case *types.Struct:
		return "struct"
	case *types.Interface:
		return "interface"
	case *types.Basic:
		return u.Name()
	default:
		return fmt.Sprintf("%T", u)
	}
}

var jsonMarshaler, jsonUnmarshaler *types.Interface

func marshalInfo(named *types.Named) (string, bool) {
	marshal := ""
	if types.Implements(named, jsonMarshaler) {
		marshal = "value"
	} else if types.Implements(types.NewPointer(named), jsonMarshaler) {
		marshal = "pointer"
	}
	return marshal, types.Implements(types.NewPointer(named), jsonUnmarshaler)
}

func tagInfo(tag string, f *types.Var) Field {
	st := reflect.StructTag(tag)
	ft := deepUnalias(f.Type())
	field := Field{Name: f.Name(), Embedded: f.Embedded(), Type: types.TypeString(ft, qualifier), Kind: goKind(ft)}
	jsonTag, hasJSON := st.Lookup("json")
	parts := strings.Split(jsonTag, ",")
	field.JSON = parts[0]
	if len(parts) > 1 {
		field.Options = parts[1:]
	}
	if !hasJSON || field.JSON == "" {
		if f.Embedded() && goKind(ft) == "struct" {
			field.Inline = true
			field.JSON = ""
		} else {
			field.JSON = f.Name()
		}
	}
	field.PatchStrategy = st.Get("patchStrategy")
	field.PatchMergeKey = st.Get("patchMergeKey")
	if proto, ok := st.Lookup("protobuf"); ok && proto != "-" {
		pparts := strings.Split(proto, ",")
		if len(pparts) < 3 {
			panic(fmt.Sprintf("unexpected protobuf tag %q on field %s", proto, f.Name()))
		}
		field.ProtoWire = pparts[0]
		if n, err := strconv.Atoi(pparts[1]); err == nil {
			field.ProtoNum = n
		}
		for _, p := range pparts[2:] {
			if strings.HasPrefix(p, "name=") {
				field.Proto = strings.TrimPrefix(p, "name=")
			}
		}
	}
	return field
}

func describe(named *types.Named, out *Output, queue *[]*types.Named) {
	obj := named.Obj()
	key := obj.Pkg().Path() + "." + obj.Name()
	if _, done := out.Types[key]; done {
		return
	}
	t := &Type{Kind: goKind(named)}
	t.MarshalJSON, t.UnmarshalJSON = marshalInfo(named)
	if st, ok := named.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if !f.Exported() {
				continue
			}
			t.Fields = append(t.Fields, tagInfo(st.Tag(i), f))
			enqueue(deepUnalias(f.Type()), queue)
		}
	} else {
		t.Underlying = types.TypeString(deepUnalias(named.Underlying()), qualifier)
		enqueue(deepUnalias(named.Underlying()), queue)
	}
	out.Types[key] = t
}

// deepUnalias replaces every alias inside t by the type it stands for, so type expressions name real types.
func deepUnalias(t types.Type) types.Type {
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return types.NewPointer(deepUnalias(u.Elem()))
	case *types.Slice:
		return types.NewSlice(deepUnalias(u.Elem()))
	case *types.Array:
		return types.NewArray(deepUnalias(u.Elem()), u.Len())
	case *types.Map:
		return types.NewMap(deepUnalias(u.Key()), deepUnalias(u.Elem()))
	default:
		return u
	}
}

// enqueue adds every named type that t mentions.
func enqueue(t types.Type, queue *[]*types.Named) {
	switch u := t.(type) {
	case *types.Named:
		if u.Obj().Pkg() != nil {
			*queue = append(*queue, u)
		}
	case *types.Pointer:
		enqueue(u.Elem(), queue)
	case *types.Slice:
		enqueue(u.Elem(), queue)
	case *types.Array:
		enqueue(u.Elem(), queue)
	case *types.Map:
		enqueue(u.Key(), queue)
		enqueue(u.Elem(), queue)
	}
}

func constantValue(c *types.Const) (json.RawMessage, bool) {
	v := c.Val()
	var value any
	switch v.Kind() {
	case constant.String:
		value = constant.StringVal(v)
	case constant.Int:
		i, exact := constant.Int64Val(v)
		if !exact {
			return nil, false
		}
		value = i
	case constant.Bool:
		value = constant.BoolVal(v)
	default:
		return nil, false
	}
	raw, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	return raw, true
}

func collectTypes(out *Output) {
	var paths []string
	for path := range addToScheme {
		paths = append(paths, path)
	}
	paths = append(paths, typeOnlyPackages...)
	sort.Strings(paths)
	files := exportData(append(paths, "encoding/json"))
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := files[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	jsonPkg, err := imp.Import("encoding/json")
	if err != nil {
		panic(err)
	}
	jsonMarshaler = jsonPkg.Scope().Lookup("Marshaler").Type().Underlying().(*types.Interface)
	jsonUnmarshaler = jsonPkg.Scope().Lookup("Unmarshaler").Type().Underlying().(*types.Interface)

	var queue []*types.Named
	aliases := out.Aliases
	for _, path := range paths {
		pkg, err := imp.Import(path)
		if err != nil {
			panic(fmt.Sprintf("import %s: %v", path, err))
		}
		consts := map[string]Constant{}
		for _, name := range pkg.Scope().Names() {
			switch obj := pkg.Scope().Lookup(name).(type) {
			case *types.TypeName:
				if obj.Exported() && obj.IsAlias() {
					if aliases[path] == nil {
						aliases[path] = map[string]string{}
					}
					target := deepUnalias(obj.Type())
					aliases[path][name] = types.TypeString(target, qualifier)
					enqueue(target, &queue)
				} else if obj.Exported() {
					if named, ok := obj.Type().(*types.Named); ok && named.TypeParams() == nil {
						queue = append(queue, named)
					}
				}
			case *types.Func:
				if obj.Exported() {
					out.Functions[path] = append(out.Functions[path], name)
				}
			case *types.Const:
				if !obj.Exported() {
					continue
				}
				if raw, ok := constantValue(obj); ok {
					consts[name] = Constant{Type: types.TypeString(obj.Type(), qualifier), Value: raw}
				}
			}
		}
		out.Constants[path] = consts
	}
	for len(queue) > 0 {
		named := queue[0]
		queue = queue[1:]
		if named.Obj().Pkg().Path() == "encoding/json" || !named.Obj().Exported() {
			continue
		}
		describe(named, out, &queue)
	}
}

func main() {
	out := &Output{
		Types:        map[string]*Type{},
		Constants:    map[string]map[string]Constant{},
		PackageKinds: map[string][]Kind{},
		Functions:    map[string][]string{},
		Aliases:      map[string]map[string]string{},
	}
	collectKinds(out)
	collectTypes(out)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
