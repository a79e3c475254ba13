"""client-go tools/portforward: forward local ports to a pod's ports over one streaming connection.

    dialer = ...  # an httpstream.Dialer: new_spdy_over_websocket_dialer, spdy.new_dialer, or a FallbackDialer of both
    pf = portforward.new(dialer, ["8080:80", ":443"], stop, ready, sys.stdout, sys.stderr)
    pf.forward_ports()  # blocks until stop is set (returns) or the connection is lost (ErrLostConnectionToPod)

Threads (named after their role) and invariants:

* ``forward_ports`` runs in the caller's thread: it dials, listens, sets ``ready`` and waits for ``stop`` or the
  connection's end. When it returns or raises, every listener is closed, the connection is closed (every stream
  reset), every local connection is shut down, and every thread below has been joined.
* one ``portforward listener <address>`` thread per listening socket accepts connections;
* one ``portforward connection <local port>#<request id>`` thread per accepted connection: it opens the error stream
  then the data stream (headers streamType, port, requestID; request ids count from 0 per forwarder), copies the
  pod's bytes to the local socket, and ends with the data stream's reset; a ``portforward upload`` thread copies the
  local bytes to the pod and half-closes the data stream at the local end of input, and a
  ``portforward error stream`` thread reads the error stream to its end. A message there (the kubelet's "error
  forwarding port ..."), or a failure to read it, is reported through ``utilruntime.handle_error_with_context`` and
  closes the connection, so ``forward_ports`` raises ErrLostConnectionToPod, as client-go does.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import socket
import threading
from typing import Any, Optional

from urllib3 import HTTPHeaderDict

from kubernetes_py._go.strconv import GoNumError, go_quote
from kubernetes_py.api.core import v1
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util.wait import context_for_channel

log = logging.getLogger("kubernetes_py.tools.portforward")

PortForwardProtocolV1Name = "portforward.k8s.io"

# How often forward_ports looks at the stop channel and the connection (it waits on both).
_POLL = 0.05
_COPY_BUFFER = 32 * 1024


class ErrLostConnectionToPod(Exception):
    """The streaming connection ended while ports were being forwarded."""

    def __init__(self) -> None:
        super().__init__("lost connection to pod")


class ForwardedPort:
    """A local port and the pod's port it forwards to (``local`` becomes the chosen port after listening on 0)."""

    __slots__ = ("local", "remote")

    def __init__(self, local: int = 0, remote: int = 0):
        self.local = local
        self.remote = remote

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ForwardedPort) and (self.local, self.remote) == (other.local, other.remote)

    def __repr__(self) -> str:
        return f"ForwardedPort(local={self.local}, remote={self.remote})"

    def __str__(self) -> str:
        return f"{{{self.local} {self.remote}}}"


class _ListenAddress:
    """An address to listen on (Go's listenAddress): failure_mode "all" (one of localhost's two must work) or
    "any" (this one must)."""

    __slots__ = ("address", "protocol", "failure_mode")

    def __init__(self, address: str, protocol: str, failure_mode: str):
        self.address = address
        self.protocol = protocol
        self.failure_mode = failure_mode

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ListenAddress) and (self.address, self.protocol, self.failure_mode) == (
            other.address,
            other.protocol,
            other.failure_mode,
        )

    def __repr__(self) -> str:
        return f"listenAddress({self.address!r}, {self.protocol!r}, {self.failure_mode!r})"


listenAddress = _ListenAddress  # Go's name, for tests that build the addresses parse_addresses returns


def _parse_uint16(s: str) -> int:
    """Go's strconv.ParseUint(s, 10, 16)."""
    if not s or not all("0" <= c <= "9" for c in s):
        raise GoNumError("ParseUint", s, "invalid syntax")
    n = int(s)
    if n > 0xFFFF:
        raise GoNumError("ParseUint", s, "value out of range")
    return n


def parse_ports(ports: list[str]) -> list[ForwardedPort]:
    """ "5000" (local 5000 to remote 5000), "8888:5000", and "0:5000" or ":5000" (a free local port), as client-go
    parses them; ValueError with client-go's message otherwise."""
    forwards = []
    for port_string in ports:
        parts = port_string.split(":")
        if len(parts) == 1:
            local_string = remote_string = parts[0]
        elif len(parts) == 2:
            local_string = parts[0] or "0"
            remote_string = parts[1]
        else:
            raise ValueError(f"invalid port format '{port_string}'")
        try:
            local = _parse_uint16(local_string)
        except GoNumError as e:
            raise ValueError(f"error parsing local port '{local_string}': {e}") from None
        try:
            remote = _parse_uint16(remote_string)
        except GoNumError as e:
            raise ValueError(f"error parsing remote port '{remote_string}': {e}") from None
        if remote == 0:
            raise ValueError("remote port must be > 0")
        forwards.append(ForwardedPort(local, remote))
    return forwards


def _parse_ip(address: str) -> Optional[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        pass
    # Go's ParseIPSloppy accepts IPv4 parts with leading zeros (decimal).
    parts = address.split(".")
    if len(parts) == 4 and all(p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts):
        return ipaddress.ip_address(".".join(str(int(p)) for p in parts))
    return None


def parse_addresses(addresses: list[str]) -> list[_ListenAddress]:
    """Listen addresses: "localhost" is 127.0.0.1 and ::1 (listening must succeed on one), an IP is itself
    (listening must succeed on it); sorted by address, each once."""
    parsed: dict[str, _ListenAddress] = {}
    for address in addresses:
        if address == "localhost":
            parsed.setdefault("127.0.0.1", _ListenAddress("127.0.0.1", "tcp4", "all"))
            parsed.setdefault("::1", _ListenAddress("::1", "tcp6", "all"))
            continue
        ip = _parse_ip(address)
        if ip is None:
            raise ValueError(f"{address} is not a valid IP")
        v4 = isinstance(ip, ipaddress.IPv4Address) or ip.ipv4_mapped is not None
        parsed[address] = _ListenAddress(address, "tcp4" if v4 else "tcp6", "any")
    return sorted(parsed.values(), key=lambda a: a.address)


def _join_host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _fprint(w: Any, text: str) -> None:
    if w is None:
        return
    if isinstance(w, io.TextIOBase) or getattr(w, "encoding", None) is not None:
        w.write(text)
    else:
        w.write(text.encode())
    flush = getattr(w, "flush", None)
    if flush is not None:
        flush()


def _go_os_error(op: str, e: OSError) -> str:
    text = e.strerror or str(e)
    return f"{op}: {text[:1].lower()}{text[1:]}"


class PortForwarder:
    """Forwards local ports to a pod's (Go's *PortForwarder); see the module's docstring."""

    def __init__(
        self,
        dialer: Any = None,
        addresses: Optional[list[_ListenAddress]] = None,
        ports: Optional[list[ForwardedPort]] = None,
        stop: Any = None,
        ready: Optional[threading.Event] = None,
        out: Any = None,
        err_out: Any = None,
    ):
        """Every argument may be left out, as Go's zero PortForwarder{} (whose get_listener works); ``new`` and
        ``new_on_addresses`` build a usable one."""
        self.dialer = dialer
        self.addresses = addresses if addresses is not None else []
        self.ports = ports if ports is not None else []
        self.stop_chan = context_for_channel(stop).done()
        self.ready = ready
        self.out = out
        self.err_out = err_out
        self.stream_conn: Any = None
        self.listeners: list[socket.socket] = []
        self._request_id_lock = threading.Lock()
        self._request_id = 0
        self._threads_lock = threading.Lock()
        self._threads: set[threading.Thread] = set()
        self._local_conns: set[Any] = set()
        self._closing = False

    # --- running ---------------------------------------------------------------------------------------------
    def forward_ports(self) -> None:
        """Dial, listen on every port and forward until the stop channel is set (returns) or the connection is
        lost (raises ErrLostConnectionToPod); raises when the dial fails or no port could be listened on."""
        try:
            try:
                self.stream_conn, protocol = self.dialer.dial(PortForwardProtocolV1Name)
            except Exception as e:
                raise ConnectionError(f"error upgrading connection: {e}") from e
            try:
                if protocol != PortForwardProtocolV1Name:
                    raise ValueError(
                        f"unable to negotiate protocol: client supports "
                        f"{go_quote(PortForwardProtocolV1Name)}, server returned {go_quote(protocol)}"
                    )
                self._forward()
            finally:
                self.close()
                self.stream_conn.close()
        finally:
            self._shutdown()

    def _forward(self) -> None:
        listen_success = False
        for port in self.ports:
            try:
                self.listen_on_port(port)
                listen_success = True
            except Exception as e:  # noqa: BLE001 - reported per port, as in Go
                _fprint(self.err_out, f"Unable to listen on port {port.local}: {e}\n")
        if not listen_success:
            raise OSError(f"unable to listen on any of the requested ports: [{' '.join(str(p) for p in self.ports)}]")
        if self.ready is not None:
            self.ready.set()
        closed = self.stream_conn.close_chan()
        while True:
            if self.stop_chan.is_set():
                return
            if closed.is_set():
                raise ErrLostConnectionToPod()
            self.stop_chan.wait(_POLL)

    def listen_on_port(self, port: ForwardedPort) -> None:
        errors = []
        fail: dict[str, int] = {}
        success: dict[str, int] = {}
        for addr in self.addresses:
            try:
                self.listen_on_port_and_address(port, addr.protocol, addr.address)
                success[addr.failure_mode] = success.get(addr.failure_mode, 0) + 1
            except OSError as e:
                errors.append(e)
                fail[addr.failure_mode] = fail.get(addr.failure_mode, 0) + 1
        if (success.get("all", 0) == 0 and fail.get("all", 0) > 0) or fail.get("any", 0) > 0:
            raise OSError(f"Listeners failed to create with the following errors: [{' '.join(str(e) for e in errors)}]")

    def listen_on_port_and_address(self, port: ForwardedPort, protocol: str, address: str) -> None:
        listener = self.get_listener(protocol, address, port)
        self.listeners.append(listener)
        self._start(
            f"portforward listener {_join_host_port(address, port.local)}",
            self.wait_for_connection,
            listener,
            ForwardedPort(port.local, port.remote),
        )

    def get_listener(self, protocol: str, hostname: str, port: ForwardedPort) -> socket.socket:
        """A socket listening on hostname:port.local; port.local becomes the port it got (when 0 was asked)."""
        family = socket.AF_INET6 if protocol == "tcp6" else socket.AF_INET
        address = _join_host_port(hostname, port.local)
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((hostname, port.local))
            sock.listen(socket.SOMAXCONN)
        except OSError as e:
            sock.close()
            raise OSError(
                f"unable to create listener: Error {_go_os_error(f'listen {protocol} {address}: bind', e)}"
            ) from None
        port.local = sock.getsockname()[1]
        _fprint(self.out, f"Forwarding from {_join_host_port(hostname, port.local)} -> {port.remote}\n")
        return sock

    def wait_for_connection(self, listener: socket.socket, port: ForwardedPort) -> None:
        """Accept connections on listener until it is closed, each handled in a thread of its own."""
        closed = self.stream_conn.close_chan()
        while not closed.is_set():
            try:
                conn, _ = listener.accept()
            except OSError as e:
                if not self._closing:
                    utilruntime.handle_error_with_context(
                        None, e, "Error accepting connection", "localPort", port.local
                    )
                return
            try:
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as Go sets on every TCP connection
            except OSError:
                pass
            with self._threads_lock:
                if self._closing:
                    _close_local(conn)
                    return
                self._local_conns.add(conn)
            request_id = self._next_request_id()
            self._start(
                f"portforward connection {port.local}#{request_id}", self.handle_connection, conn, port, request_id
            )

    def _next_request_id(self) -> int:
        with self._request_id_lock:
            rid = self._request_id
            self._request_id += 1
            return rid

    def handle_connection(self, conn: Any, port: ForwardedPort, request_id: Optional[int] = None) -> None:
        """Forward one local connection (a socket, or a net.Conn-like object with read/write/close) over an error
        stream and a data stream of their own."""
        helpers: list[threading.Thread] = []
        closing = threading.Event()  # set before this side closes the local connection: errors after it are ours
        try:
            _fprint(self.out, f"Handling connection for {port.local}\n")
            if request_id is None:
                request_id = self._next_request_id()
            self._forward_connection(conn, port, request_id, helpers, closing)
        finally:
            closing.set()
            _close_local(conn)
            for t in helpers:
                t.join()
            with self._threads_lock:
                self._local_conns.discard(conn)

    def _forward_connection(
        self, conn: Any, port: ForwardedPort, request_id: int, helpers: list[threading.Thread], closing: threading.Event
    ) -> None:
        kv = ("localPort", port.local, "remotePort", port.remote)
        headers = HTTPHeaderDict()
        headers[v1.StreamType] = v1.StreamTypeError
        headers[v1.PortHeader] = str(port.remote)
        headers[v1.PortForwardRequestIDHeader] = str(request_id)
        try:
            error_stream = self.stream_conn.create_stream(headers)
        except Exception as e:  # noqa: BLE001
            utilruntime.handle_error_with_context(None, e, "Error creating error stream", *kv)
            return
        try:
            error_stream.close()
        except Exception as e:  # noqa: BLE001 - the stream is read below either way
            log.debug("half-closing the error stream: %s", e)
        result: dict[str, Any] = {}

        def read_errors() -> None:
            try:
                result["message"] = error_stream.read()
            except Exception as e:  # noqa: BLE001
                result["err"] = e

        reader = threading.Thread(target=read_errors, name="portforward error stream", daemon=True)
        reader.start()
        helpers.append(reader)
        try:
            headers[v1.StreamType] = v1.StreamTypeData
            try:
                data_stream = self.stream_conn.create_stream(headers)
            except Exception as e:  # noqa: BLE001
                utilruntime.handle_error_with_context(None, e, "Error creating forwarding stream", *kv)
                error_stream.reset()
                return
            try:
                local_done = closing
                uploader = threading.Thread(
                    target=self._upload,
                    args=(conn, data_stream, local_done, kv),
                    name="portforward upload",
                    daemon=True,
                )
                uploader.start()
                helpers.append(uploader)
                send = getattr(conn, "sendall", None) or conn.write
                try:
                    while True:
                        chunk = data_stream.read(_COPY_BUFFER)
                        if not chunk:
                            break
                        send(chunk)
                except OSError as e:
                    if not local_done.is_set() and not self._closing:
                        utilruntime.handle_error_with_context(
                            None, e, "Error copying from remote stream to local connection", *kv
                        )
                try:
                    data_stream.reset()
                except Exception as e:  # noqa: BLE001
                    log.debug("resetting the data stream: %s", e)
            finally:
                self.stream_conn.remove_streams(data_stream)
            reader.join()
            err = result.get("err")
            message = result.get("message", b"")
            if err is not None:
                utilruntime.handle_error_with_context(None, err, "Error reading from error stream", *kv)
                self.stream_conn.close()
            elif message:
                utilruntime.handle_error_with_context(
                    None, Exception(message.decode("utf-8", "replace")), "An error occurred forwarding", *kv
                )
                self.stream_conn.close()
        finally:
            self.stream_conn.remove_streams(error_stream)

    def _upload(self, conn: Any, data_stream: Any, local_done: threading.Event, kv: tuple[Any, ...]) -> None:
        """Local bytes to the pod; local_done is set by the connection's handler before it closes the local
        connection (the failure that follows is Go's ignored "use of closed network connection")."""
        recv = getattr(conn, "recv", None) or conn.read
        try:
            while True:
                data = recv(_COPY_BUFFER)
                if not data:
                    break
                data_stream.write(data)
        except (OSError, EOFError) as e:
            if not local_done.is_set() and not self._closing and not isinstance(e, EOFError):
                utilruntime.handle_error_with_context(
                    None, e, "Error copying from local connection to remote stream", *kv
                )
                local_done.set()
                try:
                    data_stream.reset()  # ends the copy the other way, as Go's localError does
                except Exception:  # noqa: BLE001
                    pass
        except Exception as e:  # noqa: BLE001 - e.g. the stream was reset under us
            log.debug("copying to the data stream: %s", e)
        finally:
            try:
                data_stream.close()
            except Exception as e:  # noqa: BLE001 - already reset or closed
                log.debug("half-closing the data stream: %s", e)

    # --- closing ---------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop listening (every listener socket is closed; its thread ends)."""
        with self._threads_lock:
            self._closing = True
        for listener in self.listeners:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                listener.close()
            except OSError as e:
                utilruntime.handle_error_with_context(None, e, "Error closing listener")

    def _shutdown(self) -> None:
        """After forwarding: shut down every local connection and join every thread this forwarder started."""
        self.close()
        with self._threads_lock:
            conns = list(self._local_conns)
        for conn in conns:
            _close_local(conn)
        current = threading.current_thread()
        while True:
            with self._threads_lock:
                threads = [t for t in self._threads if t is not current]
                self._threads = set()
            if not threads:
                return
            for t in threads:
                t.join()

    def _start(self, name: str, target: Any, *args: Any) -> None:
        t = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._threads_lock:
            self._threads.add(t)
        t.start()

    def get_ports(self) -> list[ForwardedPort]:
        """The forwarded ports with the local ports chosen, once listening (ValueError before)."""
        if self.ready is None:
            raise ValueError("no Ready channel provided")
        if not self.ready.is_set():
            raise ValueError("listeners not ready")
        return self.ports


def _close_local(conn: Any) -> None:
    shutdown = getattr(conn, "shutdown", None)
    if shutdown is not None:
        try:
            shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    try:
        conn.close()
    except OSError:
        pass


def new(
    dialer: Any, ports: list[str], stop: Any, ready: Optional[threading.Event], out: Any, err_out: Any
) -> PortForwarder:
    """A PortForwarder listening on localhost (127.0.0.1 and ::1)."""
    return new_on_addresses(dialer, ["localhost"], ports, stop, ready, out, err_out)


def new_on_addresses(
    dialer: Any,
    addresses: list[str],
    ports: list[str],
    stop: Any,
    ready: Optional[threading.Event],
    out: Any,
    err_out: Any,
) -> PortForwarder:
    """A PortForwarder listening on the given addresses; stop is a threading.Event or a Context."""
    return new_on_addresses_with_context(context_for_channel(stop), dialer, addresses, ports, ready, out, err_out)


def new_on_addresses_with_context(
    ctx: Any,
    dialer: Any,
    addresses: list[str],
    ports: list[str],
    ready: Optional[threading.Event],
    out: Any,
    err_out: Any,
) -> PortForwarder:
    if not addresses:
        raise ValueError("you must specify at least 1 address")
    parsed_addresses = parse_addresses(addresses)
    if not ports:
        raise ValueError("you must specify at least 1 port")
    parsed_ports = parse_ports(ports)
    return PortForwarder(dialer, parsed_addresses, parsed_ports, ctx, ready, out, err_out)
