// Command hardening answers, for hostile inputs, what client-go does with them: each stdin line is a JSON
// object {"mode": ..., "data": base64}; each stdout line is {"out": text, "err": text}.
//
// Modes: "json" and "protobuf" decode with client-go's scheme (kubernetes/scheme.Codecs.UniversalDeserializer)
// and write the object back as JSON; "unstructured" decodes JSON with unstructured.UnstructuredJSONScheme and
// writes it back; "yaml" is sigs.k8s.io/yaml.YAMLToJSON; "kubeconfig" is clientcmd.Load (the error, or the
// current context).
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	serjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"
)

type request struct {
	Mode string `json:"mode"`
	Data string `json:"data"`
}

type answer struct {
	Out string `json:"out"`
	Err string `json:"err"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := json.NewEncoder(os.Stdout)
	jsonSer := serjson.NewSerializerWithOptions(serjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
		serjson.SerializerOptions{})
	protoSer := protobuf.NewSerializer(scheme.Scheme, scheme.Scheme)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			panic(err)
		}
		data, err := base64.StdEncoding.DecodeString(req.Data)
		if err != nil {
			panic(err)
		}
		var a answer
		switch req.Mode {
		case "json", "protobuf":
			var dec runtime.Decoder = jsonSer
			if req.Mode == "protobuf" {
				dec = protoSer
			}
			obj, _, err := dec.Decode(data, nil, nil)
			if err != nil {
				a.Err = err.Error()
				break
			}
			var buf bytes.Buffer
			if err := jsonSer.Encode(obj, &buf); err != nil {
				a.Err = "encode: " + err.Error()
				break
			}
			a.Out = buf.String()
		case "unstructured":
			obj, _, err := unstructured.UnstructuredJSONScheme.Decode(data, nil, nil)
			if err != nil {
				a.Err = err.Error()
				break
			}
			b, err := json.Marshal(obj)
			if err != nil {
				a.Err = "encode: " + err.Error()
				break
			}
			a.Out = string(b)
		case "yaml":
			b, err := yaml.YAMLToJSON(data)
			if err != nil {
				a.Err = err.Error()
				break
			}
			a.Out = string(b)
		case "kubeconfig":
			cfg, err := clientcmd.Load(data)
			if err != nil {
				a.Err = err.Error()
				break
			}
			a.Out = cfg.CurrentContext
		default:
			panic("unknown mode " + req.Mode)
		}
		if err := out.Encode(a); err != nil {
			panic(err)
		}
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
