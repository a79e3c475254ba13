"""A fake API server's port-forward endpoint: an HTTP/1.1 server on loopback that upgrades to SPDY/3.1 and serves
port-forward streams as the kubelet does (an error stream and a data stream per request id; the data stream echoes
what it receives; a port in ``refused_ports`` gets the kubelet's error message on its error stream)."""

from __future__ import annotations

import json
import socket
import threading

from kubernetes_py.apimachinery.util.httpstream import spdy


class FakeKubelet:
    def __init__(self, refused_ports=(), status: int = 101, protocol: str = "portforward.k8s.io"):
        self.refused_ports = set(refused_ports)
        self.status = status
        self.protocol = protocol
        self.requests: list[bytes] = []
        self.stream_headers: list[dict] = []
        self.connections: list = []
        self.sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._pending: dict[str, dict] = {}
        self._lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self._start(self._accept, "fake kubelet accept")

    def _start(self, target, name, *args):
        t = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads.append(t)
        t.start()

    def _accept(self):
        while True:
            try:
                sock, _ = self.server.accept()
            except OSError:
                return
            self.sockets.append(sock)
            self._start(self._serve, "fake kubelet conn", sock)

    def _serve(self, sock):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1)
            if not chunk:
                return
            head += chunk
        self.requests.append(head)
        if self.status != 101:
            body = json.dumps(
                {
                    "kind": "Status",
                    "apiVersion": "v1",
                    "status": "Failure",
                    "message": 'pods "p" is forbidden: no',
                    "reason": "Forbidden",
                    "code": self.status,
                }
            ).encode()
            sock.sendall(
                f"HTTP/1.1 {self.status} Forbidden\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            sock.close()
            return
        sock.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
            b"X-Stream-Protocol-Version: " + self.protocol.encode() + b"\r\n\r\n"
        )
        self.connections.append(spdy.new_server_connection(spdy.SocketConn(sock), self._new_stream))

    def _new_stream(self, stream, reply_sent):
        h = stream.headers()
        self.stream_headers.append({k.lower(): h[k] for k in h.keys()})
        rid = h.get("requestID")
        with self._lock:
            pair = self._pending.setdefault(rid, {})
            pair[h.get("streamType")] = stream
            if len(pair) < 2:
                return
            del self._pending[rid]
        self._start(self._forward, f"fake kubelet forward {rid}", pair, int(h.get("port")), reply_sent)

    def _forward(self, pair, port, reply_sent):
        reply_sent.wait()
        error, data = pair["error"], pair["data"]
        try:
            if port in self.refused_ports:
                error.write(f"error forwarding port {port} to pod abc, uid : connection refused".encode())
                error.close()
                data.reset()
                return
            while True:
                chunk = data.read(65536)
                if not chunk:
                    break
                data.write(chunk)
            data.close()
            error.close()
        except Exception:  # noqa: BLE001 - the client went away
            pass

    def drop_connections(self):
        """Cut every upgraded connection at the TCP level (the server going away mid-stream)."""
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes accept()
        except OSError:
            pass
        self.server.close()
        for c in self.connections:
            c.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(10)
