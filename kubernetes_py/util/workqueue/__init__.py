"""client-go util/workqueue: the queue between informers' event handlers and a controller's workers.

- fair: items are processed in the order they are added;
- stingy: an item is never processed by two workers at once, and one added several times before it is processed
  is processed once; one added while being processed is processed again after ``done``;
- many producers and consumers, from any threads; shutdown wakes every waiting ``get``.

The worker loop, as in Go::

    queue = workqueue.new_typed_rate_limiting_queue_with_config(
        workqueue.default_typed_controller_rate_limiter(),
        workqueue.TypedRateLimitingQueueConfig(name="foos"))
    key, shutdown = queue.get()
    if not shutdown:
        try:
            sync_handler(key)
            queue.forget(key)
        except Exception:
            queue.add_rate_limited(key)
        finally:
            queue.done(key)

Go's generic ``Typed...[T]`` and the deprecated untyped names are the same classes here. Delaying and
rate-limiting queues (and named queues, for their metrics) own a thread: call ``shut_down`` (or
``shut_down_with_drain``) when done with them, or use the queue as a context manager (``with ... as queue:``).
``kubernetes_py.util.workqueue.prometheus`` (the ``prometheus`` extra) exports the metrics with prometheus_client.
"""

from __future__ import annotations

from .default_rate_limiters import (
    BucketRateLimiter,
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    MaxOfRateLimiter,
    RateLimiter,
    TypedBucketRateLimiter,
    TypedItemExponentialFailureRateLimiter,
    TypedItemFastSlowRateLimiter,
    TypedMaxOfRateLimiter,
    TypedRateLimiter,
    TypedWithMaxWaitRateLimiter,
    WithMaxWaitRateLimiter,
    default_controller_rate_limiter,
    default_item_based_rate_limiter,
    default_typed_controller_rate_limiter,
    default_typed_item_based_rate_limiter,
    new_item_exponential_failure_rate_limiter,
    new_item_fast_slow_rate_limiter,
    new_max_of_rate_limiter,
    new_typed_item_exponential_failure_rate_limiter,
    new_typed_item_fast_slow_rate_limiter,
    new_typed_max_of_rate_limiter,
    new_typed_with_max_wait_rate_limiter,
    new_with_max_wait_rate_limiter,
)
from .delaying_queue import (
    DelayingInterface,
    DelayingQueueConfig,
    TypedDelayingInterface,
    TypedDelayingQueueConfig,
    new_delaying_queue,
    new_delaying_queue_with_config,
    new_delaying_queue_with_custom_clock,
    new_delaying_queue_with_custom_queue,
    new_named_delaying_queue,
    new_typed_delaying_queue,
    new_typed_delaying_queue_with_config,
    typed_new_delaying_queue,
)
from .metrics import (
    CounterMetric,
    GaugeMetric,
    HistogramMetric,
    MetricsProvider,
    SettableGaugeMetric,
    SummaryMetric,
    set_provider,
)
from .parallelizer import DoWorkPieceFunc, Options, parallelize_until, with_chunk_size
from .queue import (
    Interface,
    Queue,
    QueueConfig,
    Type,
    Typed,
    TypedInterface,
    TypedQueueConfig,
    default_queue,
    new,
    new_named,
    new_typed,
    new_typed_with_config,
    new_with_config,
)
from .rate_limiting_queue import (
    RateLimitingInterface,
    RateLimitingQueueConfig,
    TypedRateLimitingInterface,
    TypedRateLimitingQueueConfig,
    new_named_rate_limiting_queue,
    new_rate_limiting_queue,
    new_rate_limiting_queue_with_config,
    new_rate_limiting_queue_with_delaying_interface,
    new_typed_rate_limiting_queue,
    new_typed_rate_limiting_queue_with_config,
)

__all__ = [
    "BucketRateLimiter",
    "CounterMetric",
    "DelayingInterface",
    "DelayingQueueConfig",
    "DoWorkPieceFunc",
    "GaugeMetric",
    "HistogramMetric",
    "Interface",
    "ItemExponentialFailureRateLimiter",
    "ItemFastSlowRateLimiter",
    "MaxOfRateLimiter",
    "MetricsProvider",
    "Options",
    "Queue",
    "QueueConfig",
    "RateLimiter",
    "RateLimitingInterface",
    "RateLimitingQueueConfig",
    "SettableGaugeMetric",
    "SummaryMetric",
    "Type",
    "Typed",
    "TypedBucketRateLimiter",
    "TypedDelayingInterface",
    "TypedDelayingQueueConfig",
    "TypedInterface",
    "TypedItemExponentialFailureRateLimiter",
    "TypedItemFastSlowRateLimiter",
    "TypedMaxOfRateLimiter",
    "TypedQueueConfig",
    "TypedRateLimiter",
    "TypedRateLimitingInterface",
    "TypedRateLimitingQueueConfig",
    "TypedWithMaxWaitRateLimiter",
    "WithMaxWaitRateLimiter",
    "default_controller_rate_limiter",
    "default_item_based_rate_limiter",
    "default_queue",
    "default_typed_controller_rate_limiter",
    "default_typed_item_based_rate_limiter",
    "new",
    "new_delaying_queue",
    "new_delaying_queue_with_config",
    "new_delaying_queue_with_custom_clock",
    "new_delaying_queue_with_custom_queue",
    "new_item_exponential_failure_rate_limiter",
    "new_item_fast_slow_rate_limiter",
    "new_max_of_rate_limiter",
    "new_named",
    "new_named_delaying_queue",
    "new_named_rate_limiting_queue",
    "new_rate_limiting_queue",
    "new_rate_limiting_queue_with_config",
    "new_rate_limiting_queue_with_delaying_interface",
    "new_typed",
    "new_typed_delaying_queue",
    "new_typed_delaying_queue_with_config",
    "new_typed_item_exponential_failure_rate_limiter",
    "new_typed_item_fast_slow_rate_limiter",
    "new_typed_max_of_rate_limiter",
    "new_typed_rate_limiting_queue",
    "new_typed_rate_limiting_queue_with_config",
    "new_typed_with_max_wait_rate_limiter",
    "new_typed_with_config",
    "new_with_config",
    "new_with_max_wait_rate_limiter",
    "parallelize_until",
    "set_provider",
    "typed_new_delaying_queue",
    "with_chunk_size",
]
