package main

import (
	"encoding/json"
	"math"
	"strconv"

	"k8s.io/apimachinery/pkg/api/resource"
)

func init() {
	handlers["quantity"] = quantityCase
	handlers["quantityops"] = quantityOpsCase
}

var reportedScales = []resource.Scale{-12, resource.Nano, resource.Micro, resource.Milli, -1, 0, 1, resource.Kilo,
	resource.Mega, resource.Giga, resource.Tera, resource.Peta, resource.Exa, 20}

func floatBits(f float64) string {
	return strconv.FormatUint(math.Float64bits(f), 10)
}

type quantityInput struct {
	S string `json:"s"`
}

func quantityCase(raw json.RawMessage) any {
	var in quantityInput
	mustDecode(raw, &in)
	q, err := resource.ParseQuantity(in.S)
	out := map[string]any{"error": errText(err)}
	if err != nil {
		return out
	}
	// Every reading works on its own copy: some of them switch the representation, as in Go.
	c := func() *resource.Quantity { x := q.DeepCopy(); return &x }
	out["string"] = c().String()
	js, _ := c().MarshalJSON()
	out["json"] = string(js)
	out["format"] = string(q.Format)
	out["value"] = c().Value()
	out["milli"] = c().MilliValue()
	scaled := []int64{}
	for _, s := range reportedScales {
		scaled = append(scaled, c().ScaledValue(s))
	}
	out["scaled"] = scaled
	v, ok := c().AsInt64()
	out["int64"] = []any{v, ok}
	out["float"] = floatBits(c().AsApproximateFloat64())
	// The exact readings expand 10^scale: only for scales a test can afford (Go would take minutes beyond).
	if scale := c().AsDec().Scale(); scale > -1000 && scale < 1000 {
		out["slow"] = floatBits(c().AsFloat64Slow())
		out["dec"] = c().AsDec().String()
	}
	out["sign"] = c().Sign()
	out["zero"] = c().IsZero()
	for _, s := range []resource.Scale{resource.Milli, 0, resource.Kilo} {
		r := c()
		exact := r.RoundUp(s)
		out["roundup"+strconv.Itoa(int(s))] = []any{r.String(), exact}
	}
	m := c()
	mulOK := m.Mul(3)
	out["mul3"] = []any{m.String(), mulOK}
	n := c()
	n.Neg()
	out["neg"] = n.String()
	return out
}

type quantityOpsInput struct {
	A string `json:"a"`
	B string `json:"b"`
}

func quantityOpsCase(raw json.RawMessage) any {
	var in quantityOpsInput
	mustDecode(raw, &in)
	a := resource.MustParse(in.A)
	b := resource.MustParse(in.B)
	x, y := a.DeepCopy(), b.DeepCopy()
	out := map[string]any{"cmp": x.Cmp(y)}
	sum := a.DeepCopy()
	sum.Add(b.DeepCopy())
	out["add"] = sum.String()
	diff := a.DeepCopy()
	diff.Sub(b.DeepCopy())
	out["sub"] = diff.String()
	eq := a.DeepCopy()
	out["equal"] = eq.Equal(b.DeepCopy())
	return out
}
