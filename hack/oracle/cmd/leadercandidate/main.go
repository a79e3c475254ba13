// Command leadercandidate is a client-go leader election candidate for tests: it contends for a Lease and prints
// "START <ns>" when it starts leading and "STOP <ns>" when its leader context ends, <ns> being CLOCK_MONOTONIC
// (the clock Python's time.monotonic_ns reads). SIGTERM cancels its context (and releases the lease).
//
// Usage: leadercandidate <kubeconfig> <namespace> <lease> <identity> <leaseDuration> <renewDeadline> <retryPeriod>
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
	"unsafe"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

func monotonicNanos() int64 {
	var ts syscall.Timespec
	const clockMonotonic = 1
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		panic(errno)
	}
	return ts.Nano()
}

func main() {
	args := os.Args[1:]
	if len(args) != 7 {
		fmt.Fprintln(os.Stderr, "usage: leadercandidate <kubeconfig> <namespace> <lease> <identity> <leaseDuration> <renewDeadline> <retryPeriod>")
		os.Exit(2)
	}
	durations := make([]time.Duration, 3)
	for i, a := range args[4:] {
		d, err := time.ParseDuration(a)
		if err != nil {
			panic(err)
		}
		durations[i] = d
	}
	config, err := clientcmd.BuildConfigFromFlags("", args[0])
	if err != nil {
		panic(err)
	}
	client := kubernetes.NewForConfigOrDie(config)
	lock, err := resourcelock.New(resourcelock.LeasesResourceLock, args[1], args[2], client.CoreV1(), client.CoordinationV1(),
		resourcelock.ResourceLockConfig{Identity: args[3]})
	if err != nil {
		panic(err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer cancel()
	fmt.Printf("READY %d\n", monotonicNanos())
	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
		Lock: lock, LeaseDuration: durations[0], RenewDeadline: durations[1], RetryPeriod: durations[2],
		ReleaseOnCancel: true, Name: args[2],
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(ctx context.Context) {
				fmt.Printf("START %d\n", monotonicNanos())
				<-ctx.Done()
				fmt.Printf("STOP %d\n", monotonicNanos())
			},
			OnStoppedLeading: func() {},
		},
	})
	// RunOrDie returns once its context ended; the leading goroutine may still be printing STOP.
	time.Sleep(100 * time.Millisecond)
	fmt.Printf("EXIT %d\n", monotonicNanos())
}
