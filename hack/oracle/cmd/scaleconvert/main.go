// Command scaleconvert runs client-go's scale.ScaleConverter on cases read as JSON from stdin
// ([{"in": <a Scale object>, "to": "<group/version>"}...]): the input is decoded by the converter's codecs and
// converted to the target version; it prints one JSON result per case, the converted object (as encoding/json
// writes it) or the error text.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/scale"
)

type input struct {
	In json.RawMessage `json:"in"`
	To string          `json:"to"`
}

type result struct {
	Err string          `json:"err,omitempty"`
	Out json.RawMessage `json:"out,omitempty"`
}

func run(c *scale.ScaleConverter, in input) result {
	obj, err := runtime.Decode(c.Codecs().UniversalDeserializer(), in.In)
	if err != nil {
		return result{Err: "decode: " + err.Error()}
	}
	gv, err := schema.ParseGroupVersion(in.To)
	if err != nil {
		return result{Err: err.Error()}
	}
	out, err := c.ConvertToVersion(obj, gv)
	if err != nil {
		return result{Err: err.Error()}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return result{Err: err.Error()}
	}
	return result{Out: b}
}

func main() {
	var ins []input
	if err := json.NewDecoder(os.Stdin).Decode(&ins); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := scale.NewScaleConverter()
	out := make([]result, 0, len(ins))
	for _, in := range ins {
		out = append(out, run(c, in))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
