package main

import (
	"encoding/json"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

func init() {
	handlers["labels"] = labelCase
	handlers["requirements"] = requirementCase
}

type labelInput struct {
	Selector string              `json:"selector"`
	Sets     []map[string]string `json:"sets"`
	Exact    []string            `json:"exact"`
}

type labelResult struct {
	Error   *string  `json:"error"`
	String  string   `json:"string"`
	Empty   bool     `json:"empty"`
	Matches []bool   `json:"matches"`
	Exact   []any    `json:"exact"`
	Reqs    []string `json:"requirements"`
}

func labelCase(raw json.RawMessage) any {
	var in labelInput
	mustDecode(raw, &in)
	sel, err := labels.Parse(in.Selector)
	res := labelResult{Error: errText(err), Matches: []bool{}, Exact: []any{}, Reqs: []string{}}
	if err != nil {
		return res
	}
	res.String = sel.String()
	res.Empty = sel.Empty()
	for _, s := range in.Sets {
		res.Matches = append(res.Matches, sel.Matches(labels.Set(s)))
	}
	for _, k := range in.Exact {
		v, found := sel.RequiresExactMatch(k)
		res.Exact = append(res.Exact, []any{v, found})
	}
	reqs, _ := sel.Requirements()
	for _, r := range reqs {
		res.Reqs = append(res.Reqs, r.Key()+"|"+string(r.Operator()))
	}
	return res
}

type requirementInput struct {
	Key    string    `json:"key"`
	Op     string    `json:"op"`
	Values *[]string `json:"values"`
}

func requirementCase(raw json.RawMessage) any {
	var in requirementInput
	mustDecode(raw, &in)
	var vals []string
	if in.Values != nil {
		vals = *in.Values
		if vals == nil {
			vals = []string{}
		}
	}
	r, err := labels.NewRequirement(in.Key, selection.Operator(in.Op), vals)
	out := map[string]any{"error": errText(err)}
	if err == nil {
		out["string"] = r.String()
	}
	return out
}

func labelsSet(m map[string]string) labels.Set { return labels.Set(m) }
