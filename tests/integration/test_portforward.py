"""Port-forward through the local cluster, kubectl and the library side by side on the same pod: kwok connects every
pod port to one loopback address, where an echo server of the test's answers. 20 concurrent connections each send
and receive 1 MB, byte-exact, through kubectl port-forward, the library's default dialer (the SPDY-over-WebSocket
tunnel with the SPDY upgrade as fallback, as kubectl builds it) and the SPDY upgrade alone. Faults: the far end
closing a connection mid-stream, the forwarder stopped with transfers open, the API server restarted under it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import threading
import time

import pytest

from kubernetes_py import kubernetes, rest
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.tools import clientcmd, portforward
from kubernetes_py.transport import spdy
from tests.integration.test_cluster import running_pod

MB = 1 << 20


class EchoServer:
    """Echoes every connection's bytes as they come, a thread per connection; ``cut_after`` bytes into a
    connection it closes that connection abruptly instead."""

    def __init__(self, address: tuple[str, int], cut_after: int = 0):
        self.cut_after = cut_after
        self.server = socket.create_server(address)
        self.conns: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.accepted = 0
        self._start(self._accept)

    def _start(self, target, *args):
        t = threading.Thread(target=target, args=args, name="port-forward-echo", daemon=True)
        with self.lock:
            self.threads.append(t)
        t.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with self.lock:
                self.conns.append(conn)
                self.accepted += 1
            self._start(self._echo, conn)

    def _echo(self, conn):
        seen = 0
        try:
            while chunk := conn.recv(65536):
                seen += len(chunk)
                if self.cut_after and seen >= self.cut_after:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    break
                conn.sendall(chunk)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        try:
            self.server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.server.close()
        with self.lock:
            conns, threads = list(self.conns), list(self.threads)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in threads:
            t.join(10)
        assert not any(t.is_alive() for t in threads)


def roundtrip(port: int, data: bytes, reset_ends: bool = False) -> bytes:
    """Send data while reading the echo; the bytes read once as many came back, or the connection ended (with
    ``reset_ends``, also by a reset: a forwarder closing a connection it has not read to the end resets it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:

        def write():
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)  # kwok ends a forwarded connection once both directions have
            except OSError:
                pass

        writer = threading.Thread(target=write, name="port-forward-client", daemon=True)
        writer.start()
        got = bytearray()
        try:
            while len(got) < len(data):
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    if not reset_ends:
                        raise
                    break
                if not chunk:
                    break
                got += chunk
        finally:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            writer.join(30)
        return bytes(got)


def concurrent_roundtrips(port: int, n: int, size: int) -> dict[int, bool]:
    payloads = [os.urandom(size) for _ in range(n)]
    results: dict[int, bool] = {}

    def client(i):
        results[i] = roundtrip(port, payloads[i]) == payloads[i]

    threads = [threading.Thread(target=client, args=(i,), name="port-forward-client") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


class KubectlForward:
    def __init__(self, cluster, namespace: str, pod: str):
        if shutil.which("kubectl") is None:
            pytest.skip("kubectl is not installed")
        self.proc = subprocess.Popen(
            [
                "kubectl",
                f"--kubeconfig={cluster.kubeconfig}",
                "-n",
                namespace,
                "port-forward",
                f"pod/{pod}",
                ":8080",
                "--address=127.0.0.1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        timer = threading.Timer(30, self.proc.kill)
        timer.start()
        line = self.proc.stdout.readline()
        timer.cancel()
        timer.join()
        match = re.match(r"Forwarding from 127\.0\.0\.1:(\d+) -> 8080", line)
        assert match, f"kubectl port-forward printed {line!r}"
        self.port = int(match.group(1))

    def close(self):
        self.proc.terminate()
        self.proc.communicate(timeout=30)


def portforward_url(clientset, namespace: str, pod: str) -> str:
    return (
        clientset.core_v1()
        .rest_client()
        .post()
        .resource("pods")
        .namespace(namespace)
        .name(pod)
        .sub_resource("portforward")
        .url()
    )


def default_dialer(config, url: str):
    """kubectl port-forward's dialer: the WebSocket tunnel, falling back to the SPDY upgrade."""
    transport, upgrader = spdy.round_tripper_for(config)
    upgrading = spdy.new_dialer(upgrader, rest.HTTPClient(transport), "POST", url)
    tunneling = portforward.new_spdy_over_websocket_dialer(url, config)
    return portforward.new_fallback_dialer(
        tunneling, upgrading, lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err)
    )


def spdy_dialer(config, url: str):
    transport, upgrader = spdy.round_tripper_for(config)
    return spdy.new_dialer(upgrader, rest.HTTPClient(transport), "POST", url)


class LibraryForward:
    def __init__(self, dialer):
        self.stop, self.ready = threading.Event(), threading.Event()
        self.out = io.StringIO()
        self.pf = portforward.new_on_addresses(
            dialer, ["127.0.0.1"], [":8080"], self.stop, self.ready, self.out, io.StringIO()
        )
        self.result: dict = {}
        self.thread = threading.Thread(target=self._run, name="port-forward-library", daemon=True)
        self.thread.start()
        assert self.ready.wait(30), self.result
        self.port = self.pf.get_ports()[0].local

    def _run(self):
        try:
            self.pf.forward_ports()
            self.result["ok"] = True
        except Exception as e:  # noqa: BLE001
            self.result["err"] = e

    def close(self):
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


@pytest.fixture
def config(cluster):
    return clientcmd.build_config_from_flags("", str(cluster.kubeconfig))


@pytest.fixture
def clientset(config):
    return kubernetes.new_for_config(config)


def no_forwarder_threads():
    return [t.name for t in threading.enumerate() if t.name.startswith(("portforward", "spdy", "port-forward"))] == []


def test_twenty_connections_of_1mb_kubectl_and_library(cluster, config, clientset, cluster_namespace):
    running_pod(clientset, cluster_namespace, "fwd")
    url = portforward_url(clientset, cluster_namespace, "fwd")
    echo = EchoServer(cluster.port_forward_address)
    try:
        for name, make in (
            ("kubectl", lambda: KubectlForward(cluster, cluster_namespace, "fwd")),
            ("library (WebSocket tunnel)", lambda: LibraryForward(default_dialer(config, url))),
            ("library (SPDY upgrade)", lambda: LibraryForward(spdy_dialer(config, url))),
        ):
            forward = make()
            try:
                results = concurrent_roundtrips(forward.port, 20, MB)
                assert results == {i: True for i in range(20)}, name
            finally:
                forward.close()
            if isinstance(forward, LibraryForward):
                assert forward.result == {"ok": True}, name
                lines = forward.out.getvalue().splitlines()
                assert lines[0] == f"Forwarding from 127.0.0.1:{forward.port} -> 8080"
                assert lines.count(f"Handling connection for {forward.port}") == 20
    finally:
        echo.close()
    assert no_forwarder_threads()


def test_far_end_resetting_mid_stream_loses_the_connection_as_kubectl(cluster, config, clientset, cluster_namespace):
    """The pod's end resets the connection: kwok reports it on the error stream, and both kubectl and the library
    end the local connection and stop with "lost connection to pod"."""
    running_pod(clientset, cluster_namespace, "cut")
    url = portforward_url(clientset, cluster_namespace, "cut")
    echo = EchoServer(cluster.port_forward_address, cut_after=256 * 1024)
    try:
        kubectl_forward = KubectlForward(cluster, cluster_namespace, "cut")
        try:
            kubectl_got = roundtrip(kubectl_forward.port, os.urandom(MB), reset_ends=True)
            kubectl_forward.proc.wait(timeout=60)
            assert "lost connection to pod" in kubectl_forward.proc.stderr.read()
        finally:
            kubectl_forward.close()
        forward = LibraryForward(default_dialer(config, url))
        try:
            got = roundtrip(forward.port, os.urandom(MB), reset_ends=True)
            forward.thread.join(60)
        finally:
            forward.close()
        assert len(got) < MB and len(kubectl_got) < MB
        assert isinstance(forward.result.get("err"), portforward.ErrLostConnectionToPod), forward.result
    finally:
        echo.close()
    assert no_forwarder_threads()


def test_stop_with_transfers_open(cluster, config, clientset, cluster_namespace):
    """The stop event set while connections carry data: forward_ports returns at once, the local connections are
    closed, every thread is joined."""
    running_pod(clientset, cluster_namespace, "stop")
    url = portforward_url(clientset, cluster_namespace, "stop")
    echo = EchoServer(cluster.port_forward_address)
    try:
        forward = LibraryForward(default_dialer(config, url))
        socks = [socket.create_connection(("127.0.0.1", forward.port), timeout=30) for _ in range(5)]
        try:
            for s in socks:
                s.sendall(b"x" * 1000)
            for s in socks:
                got = b""
                while len(got) < 1000:
                    got += s.recv(1000)
            started = time.monotonic()
        finally:
            forward.close()
        assert time.monotonic() - started < 5
        assert forward.result == {"ok": True}
        for s in socks:
            s.settimeout(10)
            assert s.recv(10) == b""
            s.close()
    finally:
        echo.close()
    assert no_forwarder_threads()


def test_api_server_restart_ends_forwarding_with_lost_connection(cluster, config, clientset, cluster_namespace):
    running_pod(clientset, cluster_namespace, "restart")
    url = portforward_url(clientset, cluster_namespace, "restart")
    echo = EchoServer(cluster.port_forward_address)
    try:
        kubectl_forward = KubectlForward(cluster, cluster_namespace, "restart")
        forward = LibraryForward(default_dialer(config, url))
        try:
            assert roundtrip(forward.port, b"before") == b"before"
            assert roundtrip(kubectl_forward.port, b"before") == b"before"
            cluster.cluster.restart_apiserver()
            forward.thread.join(60)
            assert not forward.thread.is_alive()
            assert isinstance(forward.result.get("err"), portforward.ErrLostConnectionToPod), forward.result
            assert str(forward.result["err"]) == "lost connection to pod"
            kubectl_forward.proc.wait(timeout=60)
            assert "lost connection to pod" in kubectl_forward.proc.stderr.read()
        finally:
            forward.close()
            kubectl_forward.close()
    finally:
        echo.close()
    assert no_forwarder_threads()
