"""FakeRecorder for events.k8s.io/v1 recorders in tests (tools/events/fake.go)."""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from kubernetes_py._go.fmt import sprintf
from kubernetes_py.apimachinery.watch import Chan
from kubernetes_py.tools.internal.events import EventCall, RecorderBase

__all__ = ["FakeRecorder", "new_fake_recorder"]


def _annotations_string(annotations: Optional[Dict[str, str]]) -> str:
    if not annotations:
        return ""
    return " map[" + " ".join(f"{k}:{annotations[k]}" for k in sorted(annotations)) + "]"


def _object_string(obj: Any) -> str:
    if obj is None:
        return ""
    gvk = obj.get_object_kind().group_version_kind()
    if gvk.empty():
        return ""
    return f" {{kind={gvk.kind},apiVersion={gvk.group_version()}}}"


class FakeRecorder(RecorderBase):
    """Sends "<type> <reason> <note>" to ``events`` (a channel; the send blocks while it is full); with
    ``verbose``, "<type> <reason> <action> <note>" plus the objects' kinds and the annotations."""

    def __init__(self, events: Optional[Chan] = None, verbose: bool = False):
        self.events = events
        self.verbose = verbose

    def with_logger(self, logger: logging.Logger) -> "FakeRecorder":
        return self

    def _record(self, call: EventCall) -> None:
        if self.events is None:
            return
        msg = sprintf(f"{call.eventtype} {call.reason} {call.note}", *call.args)
        if self.verbose:
            msg = (
                f"{call.eventtype} {call.reason} {call.action} {sprintf(call.note, *call.args)}"
                + _object_string(call.regarding)
                + _object_string(call.related)
                + _annotations_string(call.annotations)
            )
        self.events.send(msg)


def new_fake_recorder(buffer_size: int) -> FakeRecorder:
    return FakeRecorder(events=Chan(buffer_size))
