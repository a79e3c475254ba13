"""util/connrotation: connrotation_test.go's TestCloseAll and TestCloseAllRace, and real sockets through the dialer."""

from __future__ import annotations

import queue
import socket
import threading
import time

from kubernetes_py import context
from kubernetes_py.util import connrotation


class CloseOnlyConn:
    def __init__(self, on_close):
        self.on_close = on_close

    def close(self):
        self.on_close()


def test_close_all():
    closed: queue.Queue[None] = queue.Queue(50)
    dialer = connrotation.new_dialer(lambda ctx, network, address: CloseOnlyConn(lambda: closed.put(None)))
    num_conns = 10
    for i in range(5):  # the dialer is reusable after close_all
        for _ in range(num_conns):
            dialer.dial("", "")
        dialer.close_all()
        deadline = time.monotonic() + 1
        for j in range(num_conns):
            try:
                closed.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise AssertionError(f"iteration {i}: 1s after CloseAll only {j}/{num_conns} connections closed")
        assert closed.empty()


def test_close_all_race():
    lock = threading.Lock()
    conns = 0

    def dec():
        nonlocal conns
        with lock:
            conns -= 1

    dialer = connrotation.new_dialer(lambda ctx, network, address: CloseOnlyConn(dec))
    race_count = 2000
    begin = threading.Event()

    def closer():
        begin.wait()
        for _ in range(race_count):
            dialer.close_all()

    def dialing():
        nonlocal conns
        begin.wait()
        for _ in range(race_count):
            dialer.dial("", "")
            with lock:
                conns += 1

    threads = [threading.Thread(target=closer, name="close all"), threading.Thread(target=dialing, name="dial")]
    for t in threads:
        t.start()
    begin.set()
    for t in threads:
        t.join(10)
        assert not t.is_alive()
    dialer.close_all()  # after every dial
    assert conns == 0


def test_closed_connections_are_no_longer_tracked_and_a_shared_tracker():
    closes = []
    tracker = connrotation.new_connection_tracker()
    a = connrotation.new_dialer_with_tracker(lambda ctx, n, addr: CloseOnlyConn(lambda: closes.append(addr)), tracker)
    b = connrotation.new_dialer_with_tracker(lambda ctx, n, addr: CloseOnlyConn(lambda: closes.append(addr)), tracker)
    first = a.dial("tcp", "a:1")
    b.dial_context(context.background(), "tcp", "b:2")
    first.close()
    assert closes == ["a:1"]
    a.close_all()  # closes b's connection too: one tracker
    assert closes == ["a:1", "b:2"]
    a.close_all()
    assert closes == ["a:1", "b:2"]


def test_default_dial_opens_tcp_connections_that_close_all_closes():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = server.getsockname()[1]
    try:
        dialer = connrotation.new_dialer(None)
        ctx, cancel = context.with_timeout(context.background(), 5)
        conn = dialer.dial_context(ctx, "tcp", f"127.0.0.1:{port}")
        cancel()
        peer, _ = server.accept()
        conn.sendall(b"hi")
        assert peer.recv(2) == b"hi"
        dialer.close_all()
        assert conn.fileno() == -1
        assert peer.recv(1) == b""  # the server sees the close
        peer.close()
    finally:
        server.close()
