// Command machinery runs apimachinery's labels, fields, resource, intstr, meta/v1 time and api/errors code on
// inputs read from stdin and prints the results, so the Python port can be compared with the Go original.
//
// Input: {"kind": "<area>", "cases": [...]}. Output: a JSON list with one result per case.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

type request struct {
	Kind  string            `json:"kind"`
	Cases []json.RawMessage `json:"cases"`
}

// handlers maps a kind to its case handler; each area registers itself in an init function.
var handlers = map[string]func(json.RawMessage) any{}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var req request
	if err := json.Unmarshal(data, &req); err != nil {
		fail(err)
	}
	handle, ok := handlers[req.Kind]
	if !ok {
		fail(fmt.Errorf("unknown kind %q", req.Kind))
	}
	out := make([]any, 0, len(req.Cases))
	for _, c := range req.Cases {
		out = append(out, handle(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}

func errText(err error) *string {
	if err == nil {
		return nil
	}
	s := err.Error()
	return &s
}

func mustDecode(raw json.RawMessage, into any) {
	if err := json.Unmarshal(raw, into); err != nil {
		fail(err)
	}
}
