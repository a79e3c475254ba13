// Command workqueuebench times client-go's workqueue on the workload of benchmarks/workqueue.py: add, get and done
// of one key per cycle, from one goroutine or several sharing one queue. Every cycle adds a key of its own (an int),
// so no add collapses into another and every get finds an item. It prints one JSON object on stdout.
//
//	workqueuebench <queue|ratelimiting> <goroutines> <cycles>
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"k8s.io/client-go/util/workqueue"
)

type queue interface {
	Add(item int)
	Get() (int, bool)
	Done(item int)
	ShutDown()
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "sequences" {
		out, _ := json.Marshal(sequences())
		fmt.Println(string(out))
		return
	}
	if len(os.Args) != 4 {
		fail("usage: workqueuebench <queue|ratelimiting> <goroutines> <cycles> | sequences")
	}
	goroutines, cycles := atoi(os.Args[2]), atoi(os.Args[3])
	var q queue
	switch os.Args[1] {
	case "queue":
		q = workqueue.NewTyped[int]()
	case "ratelimiting":
		q = workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[int](),
			workqueue.TypedRateLimitingQueueConfig[int]{Name: "bench"})
	default:
		fail("unknown queue " + os.Args[1])
	}
	defer q.ShutDown()
	var wg sync.WaitGroup
	start := time.Now()
	for g := 0; g < goroutines; g++ {
		n := cycles / goroutines
		if g < cycles%goroutines {
			n++
		}
		wg.Add(1)
		go func(g, n int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				q.Add(i*goroutines + g)
				key, _ := q.Get()
				q.Done(key)
			}
		}(g, n)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	out, _ := json.Marshal(map[string]any{"per_second": float64(cycles) / elapsed, "seconds": elapsed})
	fmt.Println(string(out))
}

// sequences asks each rate limiter for its delays, item by item, as a controller's failures would.
func sequences() map[string][]int64 {
	when := func(l workqueue.TypedRateLimiter[string], items ...string) []int64 {
		var out []int64
		for _, item := range items {
			out = append(out, int64(l.When(item)))
		}
		return out
	}
	repeat := func(item string, n int) []string {
		items := make([]string, n)
		for i := range items {
			items[i] = item
		}
		return items
	}
	ms := time.Millisecond
	exp := workqueue.NewTypedItemExponentialFailureRateLimiter[string](5*ms, 1000*time.Second)
	overflow := workqueue.NewTypedItemExponentialFailureRateLimiter[string](ms, 1000*time.Second)
	when(overflow, repeat("x", 1090)...)
	odd := workqueue.NewTypedItemExponentialFailureRateLimiter[string](1500*time.Microsecond+7, 90*time.Second)
	fastSlow := workqueue.NewTypedItemFastSlowRateLimiter[string](5*ms, 10*time.Second, 3)
	maxOf := workqueue.NewTypedMaxOfRateLimiter[string](
		workqueue.NewTypedItemFastSlowRateLimiter[string](5*ms, 3*time.Second, 3),
		workqueue.NewTypedItemExponentialFailureRateLimiter[string](ms, time.Second))
	maxWait := workqueue.NewTypedWithMaxWaitRateLimiter[string](
		workqueue.NewTypedItemExponentialFailureRateLimiter[string](ms, 1000*time.Second), 100*ms)
	return map[string][]int64{
		"exponential": when(exp, repeat("a", 40)...),
		"overflow":    when(overflow, repeat("x", 20)...),
		"odd":         when(odd, repeat("o", 40)...),
		"fast_slow":   when(fastSlow, "a", "a", "a", "a", "b", "a"),
		"max_of":      when(maxOf, repeat("a", 12)...),
		"max_wait":    when(maxWait, repeat("a", 12)...),
	}
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail(err.Error())
	}
	return n
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}
