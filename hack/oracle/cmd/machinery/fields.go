package main

import (
	"encoding/json"

	"k8s.io/apimachinery/pkg/fields"
)

func init() {
	handlers["fields"] = fieldCase
}

type fieldInput struct {
	Selector string              `json:"selector"`
	Sets     []map[string]string `json:"sets"`
	Exact    []string            `json:"exact"`
}

func fieldCase(raw json.RawMessage) any {
	var in fieldInput
	mustDecode(raw, &in)
	sel, err := fields.ParseSelector(in.Selector)
	out := map[string]any{"error": errText(err)}
	if err != nil {
		return out
	}
	out["string"] = sel.String()
	out["empty"] = sel.Empty()
	matches := []bool{}
	for _, s := range in.Sets {
		matches = append(matches, sel.Matches(fields.Set(s)))
	}
	out["matches"] = matches
	exact := []any{}
	for _, k := range in.Exact {
		v, found := sel.RequiresExactMatch(k)
		exact = append(exact, []any{v, found})
	}
	out["exact"] = exact
	reqs := []any{}
	for _, r := range sel.Requirements() {
		reqs = append(reqs, []string{string(r.Operator), r.Field, r.Value})
	}
	out["requirements"] = reqs
	return out
}
