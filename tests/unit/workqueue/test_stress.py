"""The work queue under threads: 16 producers and 8 workers on one rate-limiting queue.

Producers make WORKQUEUE_STRESS_ADDS adds (default 200,000) over 10,000 keys, each one of add, add_rate_limited
or add_after, mixed with forget; workers sometimes fail (add_rate_limited), re-add the key they hold, or forget it.
Checked:
- no key is ever held by two workers at once;
- no key is lost: the last processing of every key began after its last add was made;
- once producers stop and the delayed adds have come in, shut_down_with_drain returns with nothing in flight,
  and every worker sees shutdown.
"""

from __future__ import annotations

import os
import random
import threading
import time

from kubernetes_py.util import workqueue

ADDS = int(os.environ.get("WORKQUEUE_STRESS_ADDS", "200000"))
KEYS = 10_000
PRODUCERS = 16
WORKERS = 8
MAX_DELAY = 0.005


def test_stress_many_producers_and_workers():
    queue = workqueue.new_typed_rate_limiting_queue_with_config(
        workqueue.new_typed_item_exponential_failure_rate_limiter(0.0001, MAX_DELAY),
        workqueue.TypedRateLimitingQueueConfig(name="stress"),
    )
    monotonic = time.monotonic
    last_add = [0.0] * KEYS  # when the last add of each key was made (taken before the call)
    last_start = [0.0] * KEYS  # when the last processing of each key began (taken after get returned)
    in_flight = set()
    in_flight_lock = threading.Lock()
    violations = []
    processed = [0] * WORKERS
    saw_shutdown = [False] * WORKERS
    producers_done = threading.Event()

    def produce(seed: int, n: int) -> None:
        rng = random.Random(seed)
        rand, randrange = rng.random, rng.randrange
        for i in range(n):
            if not i & 31:
                time.sleep(0)  # let the workers in, so that adds meet keys in flight rather than only collapse
            key = randrange(KEYS)
            r = rand()
            last_add[key] = monotonic()
            if r < 0.6:
                queue.add(key)
            elif r < 0.8:
                queue.add_rate_limited(key)
            else:
                queue.add_after(key, r * MAX_DELAY)
            if r > 0.95:
                queue.forget(key)

    def work(i: int) -> None:
        rng = random.Random(1000 + i)
        rand = rng.random
        count = 0
        while True:
            key, shutdown = queue.get()
            if shutdown:
                saw_shutdown[i] = True
                processed[i] = count
                return
            last_start[key] = monotonic()
            with in_flight_lock:
                if key in in_flight:
                    violations.append(key)
                in_flight.add(key)
            count += 1
            r = rand()
            if r < 0.02:
                time.sleep(0)  # let another thread run while holding the key
            with in_flight_lock:
                in_flight.discard(key)
            if producers_done.is_set() or r > 0.2:
                queue.forget(key)
            elif r < 0.1:
                queue.add_rate_limited(key)  # a failure
            else:
                last_add[key] = monotonic()
                queue.add(key)  # added again while being processed
            queue.done(key)

    start = time.monotonic()
    workers = [threading.Thread(target=work, args=(i,), name=f"stress worker {i}", daemon=True) for i in range(WORKERS)]
    producers = [
        threading.Thread(
            target=produce,
            args=(i, ADDS // PRODUCERS + (i < ADDS % PRODUCERS)),
            name=f"stress producer {i}",
            daemon=True,
        )
        for i in range(PRODUCERS)
    ]
    for t in workers + producers:
        t.start()
    try:
        for t in producers:
            t.join(120)
            assert not t.is_alive()
        producers_done.set()
        # Wait for the delayed adds (at most MAX_DELAY) to come in and be processed: quiet for 20x that long.
        deadline = time.monotonic() + 60
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < 20 * MAX_DELAY:
            assert time.monotonic() < deadline, "the queue never became quiet"
            with in_flight_lock:
                busy = bool(in_flight)
            if busy or queue.len():
                quiet_since = time.monotonic()
            time.sleep(0.001)
        queue.shut_down_with_drain()
        with in_flight_lock:
            assert not in_flight
    finally:
        queue.shut_down()
        for t in workers:
            t.join(30)
    elapsed = time.monotonic() - start
    assert not any(t.is_alive() for t in workers)
    assert all(saw_shutdown)
    assert violations == []
    lost = [k for k in range(KEYS) if last_add[k] and last_start[k] <= last_add[k]]
    assert lost == []
    assert sum(processed) >= len([k for k in range(KEYS) if last_add[k]])
    print(f"stress: {ADDS} adds, {sum(processed)} processings in {elapsed:.2f}s")
