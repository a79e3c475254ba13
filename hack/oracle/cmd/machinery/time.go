package main

import (
	"encoding/json"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func init() {
	handlers["time"] = timeCase
}

type timeInput struct {
	Zero bool  `json:"zero"`
	Sec  int64 `json:"sec"`
	Nsec int64 `json:"nsec"`
	// A calendar date for metav1.Date (used when Date is true), in UTC or a fixed offset (seconds east of UTC).
	Date   bool  `json:"date"`
	Parts  []int `json:"parts"`
	Offset int   `json:"offset"`
}

func timeCase(raw json.RawMessage) any {
	var in timeInput
	mustDecode(raw, &in)
	var t metav1.Time
	switch {
	case in.Zero:
	case in.Date:
		p := in.Parts
		loc := time.UTC
		if in.Offset != 0 {
			loc = time.FixedZone("", in.Offset)
		}
		t = metav1.Date(p[0], time.Month(p[1]), p[2], p[3], p[4], p[5], p[6], loc)
	default:
		t = metav1.Unix(in.Sec, in.Nsec)
	}
	mt := metav1.NewMicroTime(t.Time)
	tj, _ := t.MarshalJSON()
	mj, _ := mt.MarshalJSON()
	ref := metav1.Unix(1700000000, 500)
	copied := t.Rfc3339Copy()
	return map[string]any{
		"unix":      t.Unix(),
		"nanos":     t.Nanosecond(),
		"timeJSON":  string(tj),
		"microJSON": string(mj),
		"string":    t.String(),
		"zero":      t.IsZero(),
		"microZero": mt.IsZero(),
		"before":    t.Before(&ref),
		"equal":     t.Equal(&ref),
		"copyUnix":  copied.Unix(),
		"copyNanos": copied.Nanosecond(),
	}
}
