"""kubernetes_py._go.chan.Chan under load: several producers, a slow consumer, a close or an abort mid-stream.

The invariants (Chan's docstring): every value is received at most once, each producer's values in the order it
sent them, a send that returned True is received (unless discarded), a buffered channel never holds more than its
capacity, and a waiter is always woken although a hand-over with nobody waiting notifies nobody."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from kubernetes_py._go.chan import Chan, ChannelClosedError

TIMEOUT = 10.0


@pytest.fixture(autouse=True)
def fast_thread_switching():
    """Threads switch every 10 us instead of every 5 ms: many more interleavings of senders and receivers."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(previous)


def _join(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.join(TIMEOUT)
        assert not t.is_alive(), f"{t.name} did not end"


def _check_per_producer_order(received: list[tuple[int, int]], producers: int) -> dict[int, list[int]]:
    by_producer: dict[int, list[int]] = {p: [] for p in range(producers)}
    for p, i in received:
        by_producer[p].append(i)
    for seq in by_producer.values():
        assert seq == sorted(seq) and len(set(seq)) == len(seq)
    return by_producer


@pytest.mark.parametrize("capacity", [0, 1, 4, 64])
def test_several_producers_slow_consumer_every_value_once_in_order(capacity):
    ch = Chan(capacity)
    producers, per_producer = 4, 300
    sent_ok: list[list[int]] = [[] for _ in range(producers)]
    overfull = []

    def produce(p: int) -> None:
        for i in range(per_producer):
            assert ch.send((p, i))
            sent_ok[p].append(i)
            if capacity and len(ch) > capacity:
                overfull.append(len(ch))

    threads = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(producers)]
    for t in threads:
        t.start()
    received = []
    deadline = time.monotonic() + TIMEOUT
    while len(received) < producers * per_producer and time.monotonic() < deadline:
        value, ok = ch.recv(timeout=TIMEOUT)
        assert ok
        received.append(value)
        if len(received) % 97 == 0:
            time.sleep(0.002)  # a slow consumer: the producers fill the buffer and wait for slots
    _join(threads)
    ch.close()
    assert ch.recv(timeout=1) == (None, False)
    assert not overfull
    by_producer = _check_per_producer_order(received, producers)
    assert by_producer == {p: list(range(per_producer)) for p in range(producers)}


@pytest.mark.parametrize("capacity", [0, 8])
def test_several_consumers_each_value_once(capacity):
    ch = Chan(capacity)
    total = 2000
    got: list[list[int]] = [[] for _ in range(3)]

    def consume(c: int) -> None:
        for value in ch:
            got[c].append(value)

    consumers = [threading.Thread(target=consume, args=(c,), name=f"consumer {c}") for c in range(3)]
    for t in consumers:
        t.start()
    for i in range(total):
        assert ch.send(i)
    ch.close()
    _join(consumers)
    assert sorted(v for g in got for v in g) == list(range(total))
    for g in got:
        assert g == sorted(g)


def test_close_mid_stream_receiver_drains_then_ends_and_blocked_senders_fail():
    ch = Chan(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def produce(p: int) -> None:
        try:
            for i in range(1000):
                ch.send((p, i))
        except ChannelClosedError:
            with lock:
                outcomes.append("closed")

    threads = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(3)]
    for t in threads:
        t.start()
    received = [ch.recv(timeout=TIMEOUT)[0] for _ in range(50)]
    time.sleep(0.05)  # every producer blocks on the full buffer
    ch.close()
    _join(threads)
    assert outcomes == ["closed"] * 3
    rest = list(ch)
    assert len(rest) <= 2
    _check_per_producer_order(received + rest, 3)
    assert ch.recv(timeout=0) == (None, False)


def test_abort_mid_stream_adds_nothing_after_the_abort():
    ch = Chan(4)
    stop = threading.Event()
    results: list[tuple[int, int, bool]] = []
    lock = threading.Lock()

    def produce(p: int) -> None:
        for i in range(10000):
            ok = ch.send((p, i), abort=stop)
            with lock:
                results.append((p, i, ok))
            if not ok:
                return

    threads = [threading.Thread(target=produce, args=(p,), name=f"producer {p}") for p in range(3)]
    for t in threads:
        t.start()
    received = []
    for _ in range(200):
        received.append(ch.recv(timeout=TIMEOUT)[0])
        if len(received) % 50 == 0:
            time.sleep(0.002)
    stop.set()
    ch.wake()
    _join(threads)
    received += [ch.recv(timeout=0)[0] for _ in range(len(ch))]
    sent = {(p, i) for p, i, ok in results if ok}
    assert set(received) == sent  # nothing received that was refused, nothing sent that was lost
    assert all(not ok for p, i, ok in results if (p, i) not in sent)
    _check_per_producer_order(received, 3)


def test_waiting_receiver_is_woken_by_each_hand_over():
    """The notify-only-when-waiting shortcut never strands a receiver: a ping-pong of single values."""
    ping, pong = Chan(1), Chan(1)

    def echo() -> None:
        for value in ping:
            pong.send(value + 1)
        pong.close()

    t = threading.Thread(target=echo, name="echo")
    t.start()
    for i in range(0, 2000, 2):
        ping.send(i)
        assert pong.recv(timeout=TIMEOUT) == (i + 1, True)
    ping.close()
    assert pong.recv(timeout=TIMEOUT) == (None, False)
    _join([t])


def test_try_send_on_unbuffered_reaches_a_receiver_that_just_started_waiting():
    ch = Chan()
    got = []
    t = threading.Thread(target=lambda: got.append(ch.recv(timeout=TIMEOUT)), name="receiver")
    t.start()
    deadline = time.monotonic() + TIMEOUT
    while not ch.try_send("x"):
        assert time.monotonic() < deadline
        time.sleep(0.001)
    _join([t])
    assert got == [("x", True)]
