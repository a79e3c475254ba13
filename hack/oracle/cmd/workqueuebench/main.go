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
	if len(os.Args) != 4 {
		fail("usage: workqueuebench <queue|ratelimiting> <goroutines> <cycles>")
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
