"""A fake exec endpoint over SPDY/3.1 for the tests (the kubelet's side of client-go's spdy_test.go): it upgrades,
picks the first protocol it knows among those the client asks for, waits for the streams the request's query names
(error always; stdin, stdout, stderr, resize when the query says so) and runs ``handler(streams)`` in a thread.
A WebSocket upgrade is refused with 400, as by a server without WebSocket support. Every thread is joined by
``close()``."""

from __future__ import annotations

import urllib.parse
from typing import Any, Callable

from tests.spdytestserver import SPDYTestServer

SERVER_PROTOCOLS = (
    "v5.channel.k8s.io",
    "v4.channel.k8s.io",
    "v3.channel.k8s.io",
    "v2.channel.k8s.io",
    "channel.k8s.io",
)


class SPDYExecServer(SPDYTestServer):
    def __init__(self, handler: Callable[[dict], Any]):
        self.handler = handler
        self.requests: list[str] = []
        self.protocols: list[str] = []
        self.errors: list[BaseException] = []
        super().__init__("spdy test")

    def _serve(self, sock, head):
        lines = head.decode("latin-1").split("\r\n")
        self.requests.append(lines[0])
        headers = [(k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:] if line)]
        if ("upgrade", "websocket") in headers:
            body = b"websocket not supported"
            sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            sock.close()
            return
        asked = [v for k, v in headers if k == "x-stream-protocol-version"]
        chosen = next((p for p in asked if p in SERVER_PROTOCOLS), "")
        self.protocols.append(chosen)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(lines[0].split(" ")[1]).query)
        expected = {"error"} | {name for name in ("stdin", "stdout", "stderr") if query.get(name) == ["true"]}
        if query.get("tty") == ["true"]:
            expected.add("resize")
            expected.discard("stderr")
        streams: dict = {}

        def new_stream(stream, reply_sent):
            with self._lock:
                streams[stream.headers().get("streamType")] = stream
                if set(streams) != expected:
                    return
            self._start(self._run, "spdy test exec", dict(streams), reply_sent)

        self._upgrade(sock, chosen, new_stream)

    def _run(self, streams, reply_sent):
        reply_sent.wait(10)
        try:
            self.handler(streams)
        except Exception as e:  # noqa: BLE001 - reported by the test unless the client went away
            self.errors.append(e)
