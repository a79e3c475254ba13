"""A fake API server's port-forward endpoint: an HTTP/1.1 server on loopback that upgrades to SPDY/3.1 and serves
port-forward streams as the kubelet does (an error stream and a data stream per request id; the data stream echoes
what it receives; a port in ``refused_ports`` gets the kubelet's error message on its error stream)."""

from __future__ import annotations

import json

from tests.spdytestserver import SPDYTestServer


class FakeKubelet(SPDYTestServer):
    def __init__(self, refused_ports=(), status: int = 101, protocol: str = "portforward.k8s.io"):
        self.refused_ports = set(refused_ports)
        self.status = status
        self.protocol = protocol
        self.requests: list[bytes] = []
        self.stream_headers: list[dict] = []
        self._pending: dict[str, dict] = {}
        super().__init__("fake kubelet")

    def _serve(self, sock, head):
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
        self._upgrade(sock, self.protocol, self._new_stream)

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
