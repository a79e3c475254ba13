"""StreamWatcher: turns a Decoder of watch events into a watch.Interface
(k8s.io/apimachinery/pkg/watch/streamwatcher.go).

Go's result channel is unbuffered: its decoding goroutine hands over each event and only then decodes the next.
Here that rendezvous would cost two thread switches per event (the decoder blocks until the receiver has taken
the value), about a third of an informer's CPU per event; so the decoder may run ``RESULT_BUFFER`` events ahead.
What a receiver sees is Go's: every event decoded before the stream ended, then the close; after ``stop()``,
nothing more but the close (the events decoded ahead and not yet received are dropped, as Go's decoder drops the
event whose send lost its select to the done channel).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Optional, Protocol

from kubernetes_py._go.chan import Chan
from kubernetes_py.apimachinery.util import net as utilnet

from .watch import Error, Event, EventType, StopOnExit

_log = logging.getLogger("kubernetes_py.watch")

RESULT_BUFFER = 64
"""Events the decoding thread may decode before the receiver takes them."""


class Decoder(Protocol):
    """Reads watch events off a stream.

    ``decode()`` returns ``(event_type, object)``; at the end of the stream it raises EOFError
    (Go's io.EOF / io.ErrUnexpectedEOF); any other exception is a decoding failure.
    ``close()`` releases the stream and makes a blocked decode() end.
    """

    def decode(self) -> tuple[EventType, Any]: ...

    def close(self) -> None: ...


class Reporter(Protocol):
    """Turns an error into the object of an Error event (usually a *metav1.Status)."""

    def as_object(self, err: BaseException) -> Any: ...


class StreamWatcher(StopOnExit):
    """Decodes events from ``source`` on a daemon thread and delivers them on result_chan().

    The channel closes when the stream ends (EOF, a connection cut or timeout: silently) or when
    stop() is called. Any other decoding failure is delivered first as one Error event whose object
    is ``reporter.as_object(error)``.
    """

    def __init__(self, source: Decoder, reporter: Reporter, logger: Optional[logging.Logger] = None):
        self._logger = logger or _log
        self._lock = threading.Lock()
        self._source = source
        self._reporter = reporter
        self._result = Chan(RESULT_BUFFER)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._receive, name="stream-watcher", daemon=True)
        self._thread.start()

    def result_chan(self) -> Chan:
        return self._result

    def stop(self) -> None:
        """Stop decoding and close the source; the events not yet received are dropped. Safe to call more than
        once and from any thread."""
        self._stop()
        self._result.discard()  # after done is set: the decoder adds nothing from now on

    def _stop(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self._done.set()
            self._result.wake()
            self._source.close()

    def _receive(self) -> None:
        try:
            while True:
                try:
                    action, obj = self._source.decode()
                except EOFError as err:
                    if type(err) is not EOFError:
                        self._logger.debug("Unexpected EOF during watch stream event decoding: %s", err)
                    return
                except Exception as err:  # noqa: BLE001 - every failure ends the stream
                    if self._done.is_set():
                        return
                    if utilnet.is_probable_eof(err) or utilnet.is_timeout(err):
                        self._logger.debug("Unable to decode an event from the watch stream: %s", err)
                    else:
                        wrapped = RuntimeError(f"unable to decode an event from the watch stream: {err}")
                        wrapped.__cause__ = err
                        self._result.send(Event(Error, self._reporter.as_object(wrapped)), abort=self._done)
                    return
                if not self._result.send(Event(action, obj), abort=self._done):
                    return
        except Exception:  # noqa: BLE001 - Go's HandleCrash: log, never kill the process
            self._logger.exception("stream watcher crashed")
        finally:
            self._stop()  # what was decoded stays receivable until the close
            self._result.close()


def new_stream_watcher(d: Decoder, r: Reporter) -> StreamWatcher:
    return StreamWatcher(d, r)


def new_stream_watcher_with_logger(logger: logging.Logger, d: Decoder, r: Reporter) -> StreamWatcher:
    return StreamWatcher(d, r, logger)
