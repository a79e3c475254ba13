package main

import (
	"encoding/json"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func init() {
	handlers["labelselector"] = labelSelectorCase
}

type labelSelectorInput struct {
	Nil      bool                 `json:"nil"`
	Selector metav1.LabelSelector `json:"selector"`
	Text     string               `json:"text"`
	Sets     []map[string]string  `json:"sets"`
}

func labelSelectorCase(raw json.RawMessage) any {
	var in labelSelectorInput
	mustDecode(raw, &in)
	var ps *metav1.LabelSelector
	if !in.Nil {
		ps = &in.Selector
	}
	out := map[string]any{"format": metav1.FormatLabelSelector(ps)}
	sel, err := metav1.LabelSelectorAsSelector(ps)
	out["asSelectorError"] = errText(err)
	if err == nil {
		out["asSelector"] = sel.String()
		matches := []bool{}
		for _, s := range in.Sets {
			matches = append(matches, sel.Matches(labelsSet(s)))
		}
		out["matches"] = matches
	}
	m, err := metav1.LabelSelectorAsMap(ps)
	out["asMap"] = []any{m, errText(err)}
	parsed, err := metav1.ParseToLabelSelector(in.Text)
	out["parseError"] = errText(err)
	if err == nil {
		out["parsed"] = parsed
		out["parsedFormat"] = metav1.FormatLabelSelector(parsed)
	}
	return out
}
