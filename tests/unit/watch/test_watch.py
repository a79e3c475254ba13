"""kubernetes_py.apimachinery.watch: channels, fakes, proxy, filter, stream watcher, broadcaster."""

import socket
import threading
import time

import pytest

from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.watch import Chan, ChannelClosedError


def _drain(ch, timeout=2.0):
    out = []
    deadline = time.monotonic() + timeout
    while True:
        value, ok = ch.recv(timeout=max(0.0, deadline - time.monotonic()))
        if not ok:
            return out
        out.append(value)


def test_event_type_constants():
    assert (watch.Added, watch.Modified, watch.Deleted, watch.Bookmark, watch.Error) == (
        "ADDED",
        "MODIFIED",
        "DELETED",
        "BOOKMARK",
        "ERROR",
    )
    assert watch.Event(watch.Added, "x") == watch.Event(type="ADDED", object="x")


def test_unbuffered_chan_send_blocks_until_received():
    ch = Chan()
    sent = threading.Event()

    def sender():
        ch.send(1)
        sent.set()

    threading.Thread(target=sender, daemon=True).start()
    assert not sent.wait(0.1)
    assert ch.recv(timeout=1) == (1, True)
    assert sent.wait(1)


def test_chan_close_drains_buffer_then_ends():
    ch = Chan(3)
    ch.send("a")
    ch.send("b")
    ch.close()
    assert list(ch) == ["a", "b"]
    assert ch.recv() == (None, False)
    with pytest.raises(ChannelClosedError, match="send on closed channel"):
        ch.send("c")
    with pytest.raises(ChannelClosedError, match="close of closed channel"):
        ch.close()


def test_chan_recv_timeout_and_try_send():
    ch = Chan(1)
    with pytest.raises(TimeoutError):
        ch.recv(timeout=0)
    assert ch.try_send(1) is True
    assert ch.try_send(2) is False
    assert Chan().try_send(1) is False  # nobody waiting on an unbuffered channel


def test_chan_send_abort():
    ch = Chan()
    stop = threading.Event()
    result = []
    t = threading.Thread(target=lambda: result.append(ch.send("x", abort=stop)), daemon=True)
    t.start()
    time.sleep(0.05)
    stop.set()
    ch.wake()
    t.join(1)
    assert result == [False]
    assert len(ch) == 0


def test_empty_watch():
    w = watch.new_empty_watch()
    w.stop()
    assert list(w.result_chan()) == []


def test_fake_watcher_delivers_in_order_and_stops():
    f = watch.new_fake()
    table = [
        (watch.Added, "foo"),
        (watch.Modified, "qux"),
        (watch.Modified, "bar"),
        (watch.Deleted, "bar"),
        (watch.Error, "error: blah"),
        (watch.Bookmark, "bm"),
    ]

    def sender():
        f.add("foo")
        f.action(watch.Modified, "qux")
        f.modify("bar")
        f.delete("bar")
        f.error("error: blah")
        f.action(watch.Bookmark, "bm")
        f.stop()

    threading.Thread(target=sender, daemon=True).start()
    got = [(e.type, e.object) for e in f.result_chan()]
    assert got == table
    assert f.is_stopped()
    f.stop()  # idempotent
    f.reset()
    assert not f.is_stopped()


def test_fake_watcher_with_chan_size_does_not_block():
    f = watch.new_fake_with_chan_size(2, False)
    f.add("a")
    f.add("b")
    f.stop()
    assert [e.object for e in f.result_chan()] == ["a", "b"]


def test_race_free_fake_watcher_full_and_stopped():
    f = watch.new_race_free_fake()
    for i in range(watch.DefaultChanSize):
        f.add(i)
    with pytest.raises(watch.ChannelFullError, match="channel full"):
        f.add("one too many")
    f.stop()
    assert f.stopped
    f.modify("ignored after stop")
    assert len(list(f.result_chan())) == watch.DefaultChanSize


def test_proxy_watcher():
    ch = Chan(2)
    pw = watch.new_proxy_watcher(ch)
    ch.send(watch.Event(watch.Added, 1))
    assert pw.result_chan().recv(timeout=1) == (watch.Event(watch.Added, 1), True)
    assert not pw.stopping()
    pw.stop()
    pw.stop()
    assert pw.stopping() and pw.stop_chan().is_set()
    with pytest.raises(TypeError, match="needs a watch Chan"):
        watch.new_proxy_watcher([])


def test_filter_and_recorder():
    source = watch.new_fake_with_chan_size(10, False)
    for i in range(5):
        source.add(i)
    source.stop()
    w = watch.filter(source, lambda e: (watch.Event(e.type, e.object * 10), e.object % 2 == 0))
    assert [e.object for e in w.result_chan()] == [0, 20, 40]

    source = watch.new_fake_with_chan_size(10, False)
    source.add("a")
    source.delete("b")
    source.stop()
    rec = watch.new_recorder(source)
    assert [e.object for e in rec.result_chan()] == ["a", "b"]
    assert rec.events() == [watch.Event(watch.Added, "a"), watch.Event(watch.Deleted, "b")]


class _FakeDecoder:
    def __init__(self, err=None):
        self.items = Chan(5)
        self.err = err
        self.closed = False

    def decode(self):
        if self.err is not None:
            raise self.err
        item, ok = self.items.recv()
        if not ok:
            raise EOFError()
        return item.type, item.object

    def close(self):
        if not self.closed:
            self.closed = True
            self.items.close()


class _FakeReporter:
    def __init__(self):
        self.err = None

    def as_object(self, err):
        self.err = err
        return {"status": "Failure", "message": str(err)}


def test_stream_watcher_delivers_then_ends_on_eof():
    fd = _FakeDecoder()
    sw = watch.new_stream_watcher(fd, None)
    fd.items.send(watch.Event(watch.Added, "foo"))
    assert sw.result_chan().recv(timeout=2) == (watch.Event(watch.Added, "foo"), True)
    sw.stop()
    assert _drain(sw.result_chan()) == []
    assert fd.closed


def test_stream_watcher_decode_error_becomes_one_error_event():
    fd = _FakeDecoder(err=ValueError("test error"))
    reporter = _FakeReporter()
    sw = watch.new_stream_watcher(fd, reporter)
    events = _drain(sw.result_chan())
    assert events == [
        watch.Event(
            watch.Error, {"status": "Failure", "message": "unable to decode an event from the watch stream: test error"}
        )
    ]
    assert str(reporter.err) == "unable to decode an event from the watch stream: test error"
    assert fd.closed


@pytest.mark.parametrize(
    "err",
    [EOFError("unexpected EOF"), ConnectionResetError(104, "connection reset by peer"), socket.timeout("timed out")],
)
def test_stream_watcher_ends_silently_on_eof_reset_timeout(err):
    reporter = _FakeReporter()
    sw = watch.new_stream_watcher(_FakeDecoder(err=err), reporter)
    assert _drain(sw.result_chan()) == []
    assert reporter.err is None


def test_stream_watcher_stop_while_consumer_is_gone():
    fd = _FakeDecoder()
    sw = watch.new_stream_watcher(fd, None)
    fd.items.send(watch.Event(watch.Added, 1))
    time.sleep(0.05)  # the watcher is now blocked sending to nobody
    sw.stop()
    sw._thread.join(2)
    assert not sw._thread.is_alive()


def test_stream_watcher_race_stop_drops_the_pending_error():
    # client-go's TestStreamWatcherRace: the Error event the watcher could not hand over is gone after stop
    sw = watch.new_stream_watcher(_FakeDecoder(err=ValueError("test error")), _FakeReporter())
    time.sleep(0.01)
    sw.stop()
    time.sleep(0.01)
    assert sw.result_chan().recv(timeout=2) == (None, False)


class _ListDecoder:
    """Decodes ``count`` Added events (None: without end), then EOF; counts its decode calls."""

    def __init__(self, count=None):
        self.count, self.decoded, self.closed = count, 0, threading.Event()

    def decode(self):
        if self.closed.is_set() or self.decoded == self.count:
            raise EOFError()
        self.decoded += 1
        return watch.Added, self.decoded

    def close(self):
        self.closed.set()


def test_stream_watcher_decodes_ahead_and_delivers_everything_before_the_end():
    fd = _ListDecoder(count=3 * watch.streamwatcher.RESULT_BUFFER)
    sw = watch.new_stream_watcher(fd, None)
    deadline = time.monotonic() + 2
    while len(sw.result_chan()) < watch.streamwatcher.RESULT_BUFFER and time.monotonic() < deadline:
        time.sleep(0.001)
    assert len(sw.result_chan()) == watch.streamwatcher.RESULT_BUFFER  # ran ahead, then blocked on the full buffer
    assert [e.object for e in _drain(sw.result_chan())] == list(range(1, fd.count + 1))
    sw._thread.join(2)
    assert not sw._thread.is_alive()


def test_stream_watcher_stop_drops_the_events_decoded_ahead():
    fd = _ListDecoder()
    sw = watch.new_stream_watcher(fd, None)
    deadline = time.monotonic() + 2
    while len(sw.result_chan()) < watch.streamwatcher.RESULT_BUFFER and time.monotonic() < deadline:
        time.sleep(0.001)
    assert sw.result_chan().recv(timeout=2) == (watch.Event(watch.Added, 1), True)
    sw.stop()
    assert _drain(sw.result_chan()) == []  # nothing after stop but the close
    sw._thread.join(2)
    assert not sw._thread.is_alive() and fd.closed.is_set()


def test_buffered_chan_send_with_abort_set_never_adds():
    ch = Chan(2)
    stopped = threading.Event()
    assert ch.send(1, abort=stopped)
    stopped.set()
    assert not ch.send(2, abort=stopped)  # a free slot, but the abort wins
    assert len(ch) == 1


def test_chan_discard_drops_buffered_values_and_frees_blocked_unbuffered_senders():
    ch = Chan(3)
    for v in (1, 2, 3):
        ch.send(v)
    assert ch.discard() == 3 and len(ch) == 0
    ch.send(4)
    assert ch.recv(timeout=0) == (4, True)
    unbuffered = Chan()
    sender = threading.Thread(target=unbuffered.send, args=("x",))
    sender.start()
    deadline = time.monotonic() + 2
    while len(unbuffered) == 0 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert unbuffered.discard() == 1
    sender.join(2)
    assert not sender.is_alive()
    with pytest.raises(TimeoutError):
        unbuffered.recv(timeout=0)


def test_broadcaster_fans_out_in_order():
    m = watch.new_broadcaster(0, watch.WaitIfChannelFull)
    watchers = [m.watch() for _ in range(3)]
    got = [[] for _ in watchers]
    threads = []
    for w, sink in zip(watchers, got):
        t = threading.Thread(target=lambda w=w, sink=sink: sink.extend(e.object for e in w.result_chan()), daemon=True)
        t.start()
        threads.append(t)
    for i in range(5):
        m.action(watch.Added, i)
    m.shutdown()
    for t in threads:
        t.join(2)
    assert got == [[0, 1, 2, 3, 4]] * 3
    with pytest.raises(watch.BroadcasterStoppedError, match="broadcaster already stopped"):
        m.action(watch.Added, 5)
    with pytest.raises(watch.BroadcasterStoppedError, match="broadcaster already stopped"):
        m.watch()


def test_broadcaster_watch_with_prefix_and_stop_watching():
    m = watch.new_broadcaster(1, watch.WaitIfChannelFull)
    w = m.watch_with_prefix([watch.Event(watch.Added, "old1"), watch.Event(watch.Added, "old2")])
    m.action(watch.Modified, "new")
    assert [w.result_chan().recv(timeout=2)[0].object for _ in range(3)] == ["old1", "old2", "new"]
    w.stop()
    assert _drain(w.result_chan()) == []
    m.action(watch.Added, "nobody listens")
    m.shutdown()


def test_broadcaster_drop_if_channel_full():
    m = watch.new_broadcaster(1, watch.DropIfChannelFull)
    w = m.watch()
    for i in range(3):
        m.action(watch.Added, i)
    m.shutdown()
    assert [e.object for e in w.result_chan()] == [0]


def test_broadcaster_action_or_drop():
    m = watch.new_long_queue_broadcaster(1, watch.WaitIfChannelFull)
    m.shutdown()
    with pytest.raises(watch.BroadcasterStoppedError):
        m.action_or_drop(watch.Added, 1)
