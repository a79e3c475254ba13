// Command floatjson prints how client-go's JSON paths write float64 values. One input line holds a value's
// IEEE-754 bits in hex; the output line holds, tab-separated: an Unstructured {"a": f} as
// unstructured.UnstructuredJSONScheme encodes it, a CustomResourceDefinition whose schema has maximum f as
// the JSON serializer encodes it (a typed object), and json.Marshal of f alone. An error is written as
// "error: <text>".
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
)

func encode(e runtime.Encoder, obj runtime.Object) string {
	var buf bytes.Buffer
	if err := e.Encode(obj, &buf); err != nil {
		return "error: " + err.Error()
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func main() {
	scheme := runtime.NewScheme()
	if err := apiextensionsv1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	typed := kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme, kjson.SerializerOptions{})
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		bits, err := strconv.ParseUint(line, 16, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad input %q: %v\n", line, err)
			os.Exit(2)
		}
		f := math.Float64frombits(bits)
		u := &unstructured.Unstructured{Object: map[string]interface{}{"apiVersion": "v1", "kind": "X", "a": f}}
		crd := &apiextensionsv1.CustomResourceDefinition{
			TypeMeta: metav1.TypeMeta{APIVersion: "apiextensions.k8s.io/v1", Kind: "CustomResourceDefinition"},
			Spec: apiextensionsv1.CustomResourceDefinitionSpec{Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: "v1",
				Schema: &apiextensionsv1.CustomResourceValidation{
					OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{Maximum: &f},
				},
			}}},
		}
		alone := ""
		if data, err := json.Marshal(f); err != nil {
			alone = "error: " + err.Error()
		} else {
			alone = string(data)
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", encode(unstructured.UnstructuredJSONScheme, u), encode(typed, crd), alone)
	}
}
