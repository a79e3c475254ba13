package main

import (
	"encoding/json"

	"k8s.io/apimachinery/pkg/util/intstr"
)

func init() {
	handlers["intstr"] = intstrCase
}

type intstrInput struct {
	IsInt   bool   `json:"isInt"`
	Int     int32  `json:"int"`
	Str     string `json:"str"`
	Total   int    `json:"total"`
	RoundUp bool   `json:"roundUp"`
}

func intstrCase(raw json.RawMessage) any {
	var in intstrInput
	mustDecode(raw, &in)
	v := intstr.FromString(in.Str)
	if in.IsInt {
		v = intstr.FromInt32(in.Int)
	}
	out := map[string]any{"string": v.String(), "intValue": v.IntValue()}
	scaled, err := intstr.GetScaledValueFromIntOrPercent(&v, in.Total, in.RoundUp)
	out["scaled"] = []any{scaled, errText(err)}
	value, err := intstr.GetValueFromIntOrPercent(&v, in.Total, in.RoundUp)
	out["value"] = []any{value, errText(err)}
	js, _ := json.Marshal(v)
	out["json"] = string(js)
	parsed := intstr.Parse(in.Str)
	out["parse"] = []any{int(parsed.Type), parsed.String()}
	return out
}
