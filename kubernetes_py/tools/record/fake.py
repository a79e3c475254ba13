"""FakeRecorder: a recorder for tests that writes each event as a line to a channel (record/fake.go)."""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from kubernetes_py._go.fmt import sprintf
from kubernetes_py.apimachinery.watch import Chan

__all__ = ["FakeRecorder", "new_fake_recorder"]


def _object_string(obj: Any, include_object: bool) -> str:
    if not include_object:
        return ""
    gvk = obj.get_object_kind().group_version_kind()
    return f" involvedObject{{kind={gvk.kind},apiVersion={gvk.group_version()}}}"


def _annotations_string(annotations: Optional[Dict[str, str]]) -> str:
    if not annotations:
        return ""
    return " map[" + " ".join(f"{k}:{annotations[k]}" for k in sorted(annotations)) + "]"


class FakeRecorder:
    """Sends "<type> <reason> <message>" (plus the object's kind with ``include_object`` and the annotations)
    to ``events``, a channel (``line, ok = recorder.events.recv()``); the send blocks while the channel is full.
    With ``events`` None, events are dropped. Safe from any thread."""

    def __init__(self, events: Optional[Chan] = None, include_object: bool = False):
        self.events = events
        self.include_object = include_object

    def _write_event(
        self, obj: Any, annotations: Optional[Dict[str, str]], eventtype: str, reason: str, message_fmt: str, *args: Any
    ) -> None:
        if self.events is not None:
            self.events.send(
                sprintf(f"{eventtype} {reason} {message_fmt}", *args)
                + _object_string(obj, self.include_object)
                + _annotations_string(annotations)
            )

    def event(self, obj: Any, eventtype: str, reason: str, message: str) -> None:
        self._write_event(obj, None, eventtype, reason, "%s", message)

    def eventf(self, obj: Any, eventtype: str, reason: str, message_fmt: str, *args: Any) -> None:
        self._write_event(obj, None, eventtype, reason, message_fmt, *args)

    def annotated_eventf(
        self, obj: Any, annotations: Optional[Dict[str, str]], eventtype: str, reason: str, message_fmt: str, *args: Any
    ) -> None:
        self._write_event(obj, annotations, eventtype, reason, message_fmt, *args)

    def with_logger(self, logger: logging.Logger) -> "FakeRecorder":
        return self


def new_fake_recorder(buffer_size: int) -> FakeRecorder:
    """A FakeRecorder whose channel holds ``buffer_size`` events."""
    return FakeRecorder(events=Chan(buffer_size))
