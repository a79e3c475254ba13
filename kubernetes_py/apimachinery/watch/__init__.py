"""Port of k8s.io/apimachinery/pkg/watch: watch events, watchers and the Broadcaster."""
from kubernetes_py._go.chan import Chan, ChannelClosedError, closed_chan

from .filter import FilterFunc, Recorder, filter, new_recorder
from .mux import (Broadcaster, BroadcasterStoppedError, DropIfChannelFull, FullChannelBehavior, WaitIfChannelFull,
                  new_broadcaster, new_long_queue_broadcaster)
from .streamwatcher import Decoder, Reporter, StreamWatcher, new_stream_watcher, new_stream_watcher_with_logger
from .watch import (Added, Bookmark, ChannelFullError, DefaultChanSize, Deleted, Error, Event, EventType,
                    FakeOptions, FakeWatcher, Interface, MockWatcher, Modified, ProxyWatcher, RaceFreeFakeWatcher,
                    StopOnExit, new_empty_watch, new_fake, new_fake_with_chan_size, new_fake_with_options, new_proxy_watcher,
                    new_race_free_fake, new_race_free_fake_with_logger)

__all__ = [
    "Added", "Bookmark", "Broadcaster", "BroadcasterStoppedError", "Chan", "ChannelClosedError", "ChannelFullError",
    "Decoder", "DefaultChanSize", "Deleted", "DropIfChannelFull", "Error", "Event", "EventType", "FakeOptions",
    "FakeWatcher", "FilterFunc", "FullChannelBehavior", "Interface", "MockWatcher", "Modified", "ProxyWatcher",
    "RaceFreeFakeWatcher", "Recorder", "Reporter", "StopOnExit", "StreamWatcher", "WaitIfChannelFull", "closed_chan", "filter",
    "new_broadcaster", "new_empty_watch", "new_fake", "new_fake_with_chan_size", "new_fake_with_options",
    "new_long_queue_broadcaster", "new_proxy_watcher", "new_race_free_fake", "new_race_free_fake_with_logger",
    "new_recorder", "new_stream_watcher", "new_stream_watcher_with_logger",
]
