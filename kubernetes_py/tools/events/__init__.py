"""k8s.io/client-go/tools/events: events.k8s.io/v1 Events, with series for repeated events.

    broadcaster = events.new_broadcaster(events.EventSinkImpl(clientset.events_v1()))
    broadcaster.start_recording_to_sink(stop)
    recorder = broadcaster.new_recorder(scheme.Scheme, "my-controller")
    recorder.eventf(pod, None, corev1.EventTypeNormal, "Scheduled", "Binding", "bound to %s", node)

See event_broadcaster.py for series and threads.
"""

from .event_broadcaster import (
    EventSinkImpl,
    new_broadcaster,
    new_event_broadcaster_adapter,
    new_event_broadcaster_adapter_with_context,
)
from .fake import FakeRecorder, new_fake_recorder
from .helper import get_field_selector
from . import interfaces
from .interfaces import *  # noqa: F403 - its __all__ is this package's too

__all__ = [
    "EventSinkImpl",
    "FakeRecorder",
    "get_field_selector",
    "new_broadcaster",
    "new_event_broadcaster_adapter",
    "new_event_broadcaster_adapter_with_context",
    "new_fake_recorder",
]
__all__ += interfaces.__all__
