"""k8s.io/client-go/tools/record: recording core/v1 Events about objects, for ``kubectl describe``.

    broadcaster = record.new_broadcaster(record.with_context(ctx))
    broadcaster.start_recording_to_sink(corev1client.EventSinkImpl(clientset.core_v1().events("")))
    recorder = broadcaster.new_recorder(scheme.Scheme, corev1.EventSource(component="my-controller"))
    recorder.eventf(pod, corev1.EventTypeNormal, "Synced", "synced %s", pod.metadata.name)

See event.py (broadcaster, threads, retries) and events_cache.py (aggregation, deduplication, spam filter).
"""

from . import util
from .event import (
    BroadcasterOption,
    CorrelatorOptions,
    EventBroadcaster,
    EventRecorder,
    EventRecorderAdapter,
    EventRecorderLogger,
    EventSink,
    new_broadcaster,
    new_broadcaster_for_tests,
    new_broadcaster_with_correlator_options,
    new_event_recorder_adapter,
    with_context,
    with_correlator_options,
    with_sleep_duration,
)
from .events_cache import (
    EventAggregator,
    EventAggregatorByReasonFunc,
    EventAggregatorByReasonMessageFunc,
    EventAggregatorKeyFunc,
    EventAggregatorMessageFunc,
    EventCorrelateResult,
    EventCorrelator,
    EventFilterFunc,
    EventSourceObjectSpamFilter,
    EventSpamKeyFunc,
    new_event_aggregator,
    new_event_correlator,
    new_event_correlator_with_options,
    new_event_source_object_spam_filter,
)
from .fake import FakeRecorder, new_fake_recorder

__all__ = [
    "BroadcasterOption",
    "CorrelatorOptions",
    "EventAggregator",
    "EventAggregatorByReasonFunc",
    "EventAggregatorByReasonMessageFunc",
    "EventAggregatorKeyFunc",
    "EventAggregatorMessageFunc",
    "EventBroadcaster",
    "EventCorrelateResult",
    "EventCorrelator",
    "EventFilterFunc",
    "EventRecorder",
    "EventRecorderAdapter",
    "EventRecorderLogger",
    "EventSink",
    "EventSourceObjectSpamFilter",
    "EventSpamKeyFunc",
    "FakeRecorder",
    "new_broadcaster",
    "new_broadcaster_for_tests",
    "new_broadcaster_with_correlator_options",
    "new_event_aggregator",
    "new_event_correlator",
    "new_event_correlator_with_options",
    "new_event_recorder_adapter",
    "new_event_source_object_spam_filter",
    "new_fake_recorder",
    "util",
    "with_context",
    "with_correlator_options",
    "with_sleep_duration",
]
