// Command corpus prints, for every kind in client-go's scheme, randomly filled objects as the Go
// libraries serialize them: encoding/json bytes and apimachinery's protobuf serializer bytes.
//
// Output: one JSON document per line:
//
//	{"group":..,"version":..,"kind":..,"variant":..,"json":{...},"json_via_protobuf":{...},"protobuf":"<base64>"}
//
// or, when Go itself cannot produce a sample, {"group":..,"version":..,"kind":..,"variant":..,"error":".."}.
//
// Variants: "zero" (the Go zero value), "full" (every pointer set, one element per slice and map) and
// "sparse-N" (half the pointers nil, zero or one element per collection), filled by sigs.k8s.io/randfill with the
// fill functions apimachinery's own round-trip tests use so that Time, Quantity, RawExtension... hold valid values.
// Each sample is passed once through Go's JSON decoder first, so both encodings describe the object that a
// client would hold after reading the JSON.
//
// Usage: corpus [-sparse N] [-kinds Kind1,Kind2] [-apiextensions]
//
//	corpus -decode < requests.jsonl   (Go's JSON decoding of given bytes, with its error texts)
//	corpus -params < requests.jsonl   (Go's query parameters of given option objects)
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"reflect"
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsv1beta1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1"
	"k8s.io/apimachinery/pkg/api/apitesting/fuzzer"
	metafuzzer "k8s.io/apimachinery/pkg/apis/meta/fuzzer"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	serjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	clientscheme "k8s.io/client-go/kubernetes/scheme"
)

type sample struct {
	Group    string          `json:"group"`
	Version  string          `json:"version"`
	Kind     string          `json:"kind"`
	Variant  string          `json:"variant"`
	JSON     json.RawMessage `json:"json,omitempty"`
	// JSONViaProtobuf is Go's JSON of the object read back from its protobuf bytes: protobuf has no
	// nil-versus-empty distinction for lists and maps, so this is the form both encodings agree on.
	JSONViaProtobuf json.RawMessage `json:"json_via_protobuf,omitempty"`
	Protobuf []byte          `json:"protobuf,omitempty"`
	Error    string          `json:"error,omitempty"`
}

func seedFor(gvk schema.GroupVersionKind, variant string) int64 {
	h := fnv.New64a()
	h.Write([]byte(gvk.String() + "/" + variant))
	return int64(h.Sum64() & 0x7fffffffffffffff)
}

func main() {
	sparse := flag.Int("sparse", 2, "number of sparse samples per kind")
	kindsFlag := flag.String("kinds", "", "comma-separated kinds to emit (default: all)")
	withCRD := flag.Bool("apiextensions", false, "also emit apiextensions.k8s.io kinds (not in client-go's scheme)")
	decodeMode := flag.Bool("decode", false, "read {group,version,kind,data} lines on stdin; print what Go's JSON "+
		"serializer (strict and not) makes of each")
	paramsMode := flag.Bool("params", false, "read {group,version,kind,json} lines on stdin; print Go's "+
		"ParameterCodec.EncodeParameters of each")
	flag.Parse()

	scheme := runtime.NewScheme()
	if err := clientscheme.AddToScheme(scheme); err != nil {
		panic(err)
	}
	if *withCRD {
		if err := apiextensionsv1.AddToScheme(scheme); err != nil {
			panic(err)
		}
		if err := apiextensionsv1beta1.AddToScheme(scheme); err != nil {
			panic(err)
		}
	}
	codecs := serializer.NewCodecFactory(scheme)
	if *decodeMode || *paramsMode {
		if err := serveStdin(scheme, codecs, *paramsMode); err != nil {
			panic(err)
		}
		return
	}
	wantKinds := map[string]bool{}
	for _, k := range strings.Split(*kindsFlag, ",") {
		if k != "" {
			wantKinds[k] = true
		}
	}

	var gvks []schema.GroupVersionKind
	for gvk := range scheme.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal {
			continue
		}
		gvks = append(gvks, gvk)
	}
	sort.Slice(gvks, func(i, j int) bool { return gvks[i].String() < gvks[j].String() })

	// Types that every group version registers (ListOptions, WatchEvent, Status...) are emitted once.
	seenType := map[reflect.Type]bool{}
	protoSer := protobuf.NewSerializer(scheme, scheme)
	jsonSer := serjson.NewSerializerWithOptions(serjson.DefaultMetaFactory, scheme, scheme, serjson.SerializerOptions{})
	out := json.NewEncoder(os.Stdout)

	for _, gvk := range gvks {
		t := scheme.AllKnownTypes()[gvk]
		if seenType[t] {
			continue
		}
		seenType[t] = true
		if len(wantKinds) > 0 && !wantKinds[gvk.Kind] {
			continue
		}
		variants := []string{"zero", "full"}
		for i := 0; i < *sparse; i++ {
			variants = append(variants, fmt.Sprintf("sparse-%d", i))
		}
		for _, variant := range variants {
			s := sample{Group: gvk.Group, Version: gvk.Version, Kind: gvk.Kind, Variant: variant}
			if err := produce(&s, scheme, codecs, protoSer, jsonSer, gvk, variant); err != nil {
				s.JSON, s.Protobuf, s.Error = nil, nil, err.Error()
			}
			if err := out.Encode(&s); err != nil {
				panic(err)
			}
		}
	}
}

func produce(s *sample, scheme *runtime.Scheme, codecs serializer.CodecFactory, protoSer *protobuf.Serializer,
	jsonSer *serjson.Serializer, gvk schema.GroupVersionKind, variant string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	obj, err := scheme.New(gvk)
	if err != nil {
		return err
	}
	if variant != "zero" {
		f := fuzzer.FuzzerFor(metafuzzer.Funcs, rand.NewSource(seedFor(gvk, variant)), codecs)
		if variant == "full" {
			f = f.NilChance(0).NumElements(1, 1)
		}
		f.MaxDepth(12)
		f.Fill(obj)
	}
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	first, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("json.Marshal: %w", err)
	}
	// Read the JSON back the way a client does, then encode what was read.
	into, err := scheme.New(gvk)
	if err != nil {
		return err
	}
	decoded, _, err := jsonSer.Decode(first, &gvk, into)
	if err != nil {
		return fmt.Errorf("json decode: %w", err)
	}
	decoded.GetObjectKind().SetGroupVersionKind(gvk)
	js, err := json.Marshal(decoded)
	if err != nil {
		return fmt.Errorf("json.Marshal after decode: %w", err)
	}
	var buf bytes.Buffer
	if err := protoSer.Encode(decoded, &buf); err != nil {
		return fmt.Errorf("protobuf encode: %w", err)
	}
	back, err := scheme.New(gvk)
	if err != nil {
		return err
	}
	fromProto, _, err := protoSer.Decode(buf.Bytes(), &gvk, back)
	if err != nil {
		return fmt.Errorf("protobuf decode: %w", err)
	}
	fromProto.GetObjectKind().SetGroupVersionKind(gvk)
	viaProto, err := json.Marshal(fromProto)
	if err != nil {
		return fmt.Errorf("json.Marshal after protobuf: %w", err)
	}
	s.JSON = js
	s.JSONViaProtobuf = viaProto
	s.Protobuf = buf.Bytes()
	return nil
}

type request struct {
	Group   string          `json:"group"`
	Version string          `json:"version"`
	Kind    string          `json:"kind"`
	Data    string          `json:"data"`
	JSON    json.RawMessage `json:"json"`
}

type answer struct {
	Error       string              `json:"error,omitempty"`
	StrictError string              `json:"strict_error,omitempty"`
	JSON        json.RawMessage     `json:"json,omitempty"`
	Params      map[string][]string `json:"params,omitempty"`
}

// serveStdin answers one request per input line: decoding arbitrary bytes as the JSON serializer
// does (errors included), or encoding an options object as query parameters.
func serveStdin(scheme *runtime.Scheme, codecs serializer.CodecFactory, params bool) error {
	jsonSer := serjson.NewSerializerWithOptions(serjson.DefaultMetaFactory, scheme, scheme, serjson.SerializerOptions{})
	strictSer := serjson.NewSerializerWithOptions(serjson.DefaultMetaFactory, scheme, scheme,
		serjson.SerializerOptions{Strict: true})
	paramCodec := runtime.NewParameterCodec(scheme)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return err
		}
		gvk := schema.GroupVersionKind{Group: req.Group, Version: req.Version, Kind: req.Kind}
		var ans answer
		if params {
			obj, err := scheme.New(gvk)
			if err == nil {
				err = json.Unmarshal(req.JSON, obj)
			}
			if err == nil {
				var values map[string][]string
				values, err = paramCodec.EncodeParameters(obj, gvk.GroupVersion())
				ans.Params = values
			}
			if err != nil {
				ans.Error = err.Error()
			}
		} else {
			obj, _, err := jsonSer.Decode([]byte(req.Data), &gvk, nil)
			if err != nil {
				ans.Error = err.Error()
			} else if js, err := json.Marshal(obj); err == nil {
				ans.JSON = js
			} else {
				ans.Error = err.Error()
			}
			if _, _, err := strictSer.Decode([]byte(req.Data), &gvk, nil); err != nil {
				ans.StrictError = err.Error()
			}
		}
		if err := out.Encode(&ans); err != nil {
			return err
		}
	}
	return in.Err()
}
