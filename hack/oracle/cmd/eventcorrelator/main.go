// Command eventcorrelator runs client-go's record.EventCorrelator over a script of events read as JSON from
// stdin, on a SimpleIntervalClock, and prints what it makes of each event (one JSON object per line).
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/record"
	testclocks "k8s.io/utils/clock/testing"
)

type script struct {
	StartUnix   int64      `json:"startUnix"`
	IntervalSec float64    `json:"intervalSec"`
	Burst       int        `json:"burst"`
	QPS         float32    `json:"qps"`
	MaxEvents   int        `json:"maxEvents"`
	Events      []v1.Event `json:"events"`
}

type outcome struct {
	Skip      bool   `json:"skip"`
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	Count     int32  `json:"count"`
	Message   string `json:"message"`
	First     int64  `json:"first"`
	Last      int64  `json:"last"`
	Patch     string `json:"patch"`
}

func main() {
	var s script
	if err := json.NewDecoder(os.Stdin).Decode(&s); err != nil {
		panic(err)
	}
	clock := &testclocks.SimpleIntervalClock{Time: time.Unix(s.StartUnix, 0), Duration: time.Duration(s.IntervalSec * float64(time.Second))}
	c := record.NewEventCorrelatorWithOptions(record.CorrelatorOptions{Clock: clock, BurstSize: s.Burst, QPS: s.QPS, MaxEvents: s.MaxEvents})
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for i := range s.Events {
		result, err := c.EventCorrelate(&s.Events[i])
		if err != nil {
			panic(err)
		}
		o := outcome{Skip: result.Skip}
		if !result.Skip {
			e := result.Event
			c.UpdateState(e)
			o.Name, o.Namespace, o.Count, o.Message = e.Name, e.Namespace, e.Count, e.Message
			o.First, o.Last = e.FirstTimestamp.UnixNano(), e.LastTimestamp.UnixNano()
			o.Patch = string(result.Patch)
		}
		if err := enc.Encode(o); err != nil {
			panic(err)
		}
	}
}
