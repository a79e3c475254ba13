#!/usr/bin/env python3
"""Port-forward and exec throughput, kubernetes_py beside kubectl on the same pod of one local cluster, in one run.

    .venv/bin/python benchmarks/streams.py [--mb 64] [--connections 20] [--mb-each 8] [--rounds 3]

Starts the whole local cluster (hack/localcluster.py with kwok: kwok connects every pod port to one loopback
address and runs a pod's exec commands on this machine), one Running pod, and an echo server at kwok's forward
address. Then, in interleaved rounds (a busy moment of the shared machine hits every variant alike), it measures:

* port-forward, one connection: ``--mb`` MB sent through the forwarded port and echoed back, MB/s of the echo;
* port-forward, ``--connections`` at once: each sends and reads back ``--mb-each`` MB; MB/s of all the bytes;
  through ``kubectl port-forward`` (its default: SPDY tunnelled in a WebSocket), the library's default dialer (the
  same tunnel, SPDY upgrade as fallback) and the library over the SPDY upgrade alone;
* exec stdout: ``head -c <--mb>M /dev/zero`` run in the pod, its stdout read to the end, through ``kubectl exec``
  (a process per run: its start-up counts) and tools.remotecommand's fallback executor (WebSocket v5, as kubectl;
  a new executor per run: its connection set-up counts).

The echo server and the connections' load run in processes of their own, so that this one holds the library's
forwarder alone, as kubectl's process holds kubectl's. Medians of the rounds are printed, and each library figure as a
ratio to kubectl's (above 1: faster than kubectl).
Every transfer is checked byte for byte (port-forward) or by length (exec).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hack"))

from localcluster import WHOLE_CLUSTER, LocalCluster  # noqa: E402

from kubernetes_py import context, kubernetes, rest  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.apimachinery.util import httpstream  # noqa: E402
from kubernetes_py.kubernetes import scheme  # noqa: E402
from kubernetes_py.tools import clientcmd, portforward, remotecommand  # noqa: E402
from kubernetes_py.transport import spdy  # noqa: E402

MB = 1 << 20
NAMESPACE = "default"
POD = "bench-streams"


class EchoServer:
    def __init__(self, address):
        self.server = socket.create_server(address)
        self.conns: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.accept_thread = threading.Thread(target=self._accept, name="echo accept", daemon=True)
        self.accept_thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            t = threading.Thread(target=self._echo, args=(conn,), name="echo", daemon=True)
            with self.lock:
                self.conns.append(conn)
                self.threads.append(t)
            t.start()

    @staticmethod
    def _echo(conn):
        try:
            while chunk := conn.recv(256 * 1024):
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
        for t in threads + [self.accept_thread]:
            t.join(10)


def echo_through(port: int, payload: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        writer = threading.Thread(target=s.sendall, args=(payload,), name="bench writer", daemon=True)
        writer.start()
        got = bytearray()
        while len(got) < len(payload):
            chunk = s.recv(256 * 1024)
            if not chunk:
                break
            got += chunk
        writer.join()
    if bytes(got) != payload:
        raise AssertionError(f"echo differs: {len(got)} bytes back of {len(payload)}")


def timed_forward(port: int, connections: int, size: int) -> float:
    """MB/s of echoing size bytes over each of connections at once, measured by a load process of its own (so that
    only the forwarder runs in this one, as kubectl's runs in its own)."""
    out = subprocess.run(
        [sys.executable, __file__, "--load", str(port), str(connections), str(size)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the load failed: {out.stderr}")
    return float(out.stdout)


def load(port: int, connections: int, size: int) -> None:
    payloads = [os.urandom(size) for _ in range(connections)]
    errors: list[BaseException] = []

    def one(p):
        try:
            echo_through(port, p)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=one, args=(p,), name="bench client", daemon=True) for p in payloads]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - started
    if errors:
        raise errors[0]
    print(connections * size / MB / took)


class KubectlForward:
    def __init__(self, kubeconfig: str):
        self.proc = subprocess.Popen(
            [
                "kubectl",
                f"--kubeconfig={kubeconfig}",
                "-n",
                NAMESPACE,
                "port-forward",
                f"pod/{POD}",
                ":8080",
                "--address=127.0.0.1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.proc.stdout.readline()
        match = re.match(r"Forwarding from 127\.0\.0\.1:(\d+) -> 8080", line)
        if not match:
            raise RuntimeError(f"kubectl port-forward printed {line!r}")
        self.port = int(match.group(1))
        # kubectl prints "Handling connection for ..." per connection: read it away so its pipe never fills.
        self.drain = threading.Thread(target=lambda: [None for _ in self.proc.stdout], name="kubectl out", daemon=True)
        self.drain.start()

    def close(self):
        self.proc.terminate()
        self.proc.wait(30)
        self.drain.join(10)


class LibraryForward:
    def __init__(self, dialer):
        self.stop, self.ready = threading.Event(), threading.Event()
        self.pf = portforward.new_on_addresses(dialer, ["127.0.0.1"], [":8080"], self.stop, self.ready, None, None)
        self.error: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, name="bench forward", daemon=True)
        self.thread.start()
        if not self.ready.wait(30):
            raise RuntimeError(f"the forwarder is not ready: {self.error}")
        self.port = self.pf.get_ports()[0].local

    def _run(self):
        try:
            self.pf.forward_ports()
        except BaseException as e:  # noqa: BLE001
            self.error.append(e)

    def close(self):
        self.stop.set()
        self.thread.join(30)


def tunnel_dialer(config, url):
    transport, upgrader = spdy.round_tripper_for(config)
    upgrading = spdy.new_dialer(upgrader, rest.HTTPClient(transport), "POST", url)
    return portforward.new_fallback_dialer(
        portforward.new_spdy_over_websocket_dialer(url, config),
        upgrading,
        lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err),
    )


def spdy_dialer(config, url):
    transport, upgrader = spdy.round_tripper_for(config)
    return spdy.new_dialer(upgrader, rest.HTTPClient(transport), "POST", url)


class Counter:
    def __init__(self):
        self.n = 0

    def write(self, data: bytes) -> int:
        self.n += len(data)
        return len(data)


def exec_kubectl(kubeconfig: str, mb: int) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            "kubectl",
            f"--kubeconfig={kubeconfig}",
            "-n",
            NAMESPACE,
            "exec",
            POD,
            "--",
            "head",
            "-c",
            f"{mb}M",
            "/dev/zero",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    n = 0
    while chunk := proc.stdout.read1(1 << 20):
        n += len(chunk)
    proc.wait(60)
    took = time.perf_counter() - started
    if n != mb * MB:
        raise AssertionError(f"kubectl exec gave {n} bytes of {mb * MB}")
    return mb / took


def exec_library(config, clientset, mb: int) -> float:
    started = time.perf_counter()
    req = (
        clientset.core_v1()
        .rest_client()
        .post()
        .resource("pods")
        .name(POD)
        .namespace(NAMESPACE)
        .sub_resource("exec")
        .versioned_params(
            corev1.PodExecOptions(command=["head", "-c", f"{mb}M", "/dev/zero"], stdout=True), scheme.ParameterCodec
        )
    )
    executor = remotecommand.new_fallback_executor(
        remotecommand.new_web_socket_executor(config, "GET", req.url()),
        remotecommand.new_spdy_executor(config, "POST", req.url()),
        lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err),
    )
    out = Counter()
    executor.stream_with_context(context.background(), remotecommand.StreamOptions(stdout=out))
    took = time.perf_counter() - started
    if out.n != mb * MB:
        raise AssertionError(f"the executor gave {out.n} bytes of {mb * MB}")
    return mb / took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=64, help="MB over one connection, and of exec stdout")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--mb-each", type=int, default=8, help="MB over each of the concurrent connections")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--go-bench", help=argparse.SUPPRESS)  # benchmarks/run.py passes it to every script
    args = parser.parse_args()
    if shutil.which("kubectl") is None:
        sys.exit("streams: kubectl is not installed")

    cluster = LocalCluster(components=WHOLE_CLUSTER, nodes=1)
    cluster.start(timeout=180.0)
    echo = None
    try:
        kubeconfig = str(cluster.kubeconfig)
        config = clientcmd.build_config_from_flags("", kubeconfig)
        clientset = kubernetes.new_for_config(config)
        pods = clientset.core_v1().pods(NAMESPACE)
        pods.create(
            context.todo(),
            corev1.Pod(
                metadata=metav1.ObjectMeta(name=POD),
                spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="registry.k8s.io/pause:3.10")]),
            ),
            metav1.CreateOptions(),
        )
        deadline = time.monotonic() + 120
        while pods.get(context.todo(), POD, metav1.GetOptions()).status.phase != "Running":
            if time.monotonic() > deadline:
                sys.exit("streams: the pod did not start")
            time.sleep(0.2)
        host, port = cluster.port_forward_address
        echo = subprocess.Popen(
            [sys.executable, __file__, "--echo", host, str(port)], stdout=subprocess.PIPE, text=True
        )
        echo.stdout.readline()  # listening
        url = (
            clientset.core_v1()
            .rest_client()
            .post()
            .resource("pods")
            .namespace(NAMESPACE)
            .name(POD)
            .sub_resource("portforward")
            .url()
        )

        forwarders = {
            "kubectl port-forward": lambda: KubectlForward(kubeconfig),
            "kubernetes_py (WebSocket tunnel)": lambda: LibraryForward(tunnel_dialer(config, url)),
            "kubernetes_py (SPDY upgrade)": lambda: LibraryForward(spdy_dialer(config, url)),
        }
        execs = {
            "kubectl exec": lambda: exec_kubectl(kubeconfig, args.mb),
            "kubernetes_py executor": lambda: exec_library(config, clientset, args.mb),
        }
        one: dict[str, list[float]] = {k: [] for k in forwarders}
        many: dict[str, list[float]] = {k: [] for k in forwarders}
        stdout: dict[str, list[float]] = {k: [] for k in execs}
        for _ in range(args.rounds):
            for name, make in forwarders.items():
                forward = make()
                try:
                    echo_through(forward.port, b"warm-up")
                    one[name].append(timed_forward(forward.port, 1, args.mb * MB))
                    many[name].append(timed_forward(forward.port, args.connections, args.mb_each * MB))
                finally:
                    forward.close()
            for name, run in execs.items():
                stdout[name].append(run())

        def table(title, results, base):
            print(f"\n{title}")
            base_median = statistics.median(results[base])
            for name, values in results.items():
                median = statistics.median(values)
                ratio = "" if name == base else f"   {median / base_median:.2f}x kubectl"
                print(f"  {name:34s} {median:8.1f} MB/s{ratio}")

        print(f"streams: {args.rounds} rounds, medians; machine: {os.cpu_count()} CPUs")
        table(f"port-forward, one connection, {args.mb} MB echoed", one, "kubectl port-forward")
        table(
            f"port-forward, {args.connections} connections at once, {args.mb_each} MB echoed each",
            many,
            "kubectl port-forward",
        )
        table(f"exec stdout, {args.mb} MB (head -c {args.mb}M /dev/zero), set-up included", stdout, "kubectl exec")
    finally:
        if echo is not None:
            echo.terminate()
            echo.wait(30)
        cluster.stop()


def serve_echo(host: str, port: int) -> None:
    server = EchoServer((host, port))
    print("listening", flush=True)
    try:
        server.accept_thread.join()
    finally:
        server.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        load(*map(int, sys.argv[2:5]))
    elif sys.argv[1:2] == ["--echo"]:
        serve_echo(sys.argv[2], int(sys.argv[3]))
    else:
        main()
