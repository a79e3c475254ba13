"""The remote command stream protocols v1 to v5 and the error channel's decoders (client-go tools/remotecommand
v1.go ... v5.go, errorstream.go).

A protocol handler's ``stream(conn, ready, threads)`` creates its streams on conn (error, stdin, stdout, stderr,
resize), sets ready, copies in threads started through ``threads`` and returns when stdout and stderr ended and the
error channel was read, raising what the error channel said (v4+: a metav1.Status, a non-zero exit becoming
``CodeExitError``). A failed copy of stdin, stdout or stderr, or of a terminal size, does not end the session: it
is reported through ``utilruntime.handle_error_with_context`` ("Copying stdout failed", ...), as client-go's
runtime.HandleError reports it.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Callable, Optional

from urllib3 import HTTPHeaderDict

from kubernetes_py._go.json import check_valid
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.util import remotecommand as rc
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.util.exec import CodeExitError

from .remotecommand import StreamOptions

log = logging.getLogger("kubernetes_py.tools.remotecommand")

_COPY_BUFFER = 32 * 1024


class Threads:
    """The threads of one session: started by name, joined at its end."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def go(self, name: str, fn: Callable[[], Any]) -> threading.Thread:
        def run() -> None:
            try:
                fn()
            except Exception:  # noqa: BLE001 - Go's runtime.HandleCrash: log, the session goes on
                log.exception("Observed a panic in %s", name)

        t = threading.Thread(target=run, name=name, daemon=True)
        with self._lock:
            self._threads.append(t)
        t.start()
        return t

    def join(self, timeout: Optional[float] = None) -> list[threading.Thread]:
        """Join every thread (each within timeout); returns those still running."""
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            if t is not threading.current_thread():
                t.join(timeout)
        return [t for t in threads if t.is_alive()]


def _read_source(src: Any) -> Callable[[], bytes]:
    read1 = getattr(src, "read1", None)
    if read1 is not None:
        return lambda: read1(_COPY_BUFFER)
    return lambda: src.read(_COPY_BUFFER)


def copy(dst: Any, src: Any) -> int:
    """io.Copy: src's bytes to dst until src ends; a str from a text stream is sent as UTF-8."""
    read = _read_source(src)
    flush = getattr(dst, "flush", None)
    n = 0
    while True:
        data = read()
        if not data:
            return n
        if isinstance(data, str):
            data = data.encode("utf-8")
        dst.write(data)
        if flush is not None:
            flush()
        n += len(data)


def _discard(src: Any) -> None:
    while src.read(_COPY_BUFFER):
        pass


def _read_all(src: Any) -> bytes:
    parts: list[bytes] = []
    while True:
        data = src.read(_COPY_BUFFER)
        if not data:
            return b"".join(parts)
        parts.append(data)


class _Once:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = False

    def do(self, fn: Callable[[], Any]) -> None:
        with self._lock:
            if self._done:
                return
            self._done = True
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - closing a stream the connection already closed
            log.debug("closing stream: %s", e)


# --- the error channel --------------------------------------------------------------------------------------


def watch_error_stream(
    error_stream: Any, decode: Callable[[bytes], Optional[BaseException]], threads: Optional[Threads] = None
) -> Callable[[], Optional[BaseException]]:
    """Read the whole error channel in a thread (started through threads; a fresh Threads when None); the returned
    function waits for it and gives its error. decode is ``decode_error_v2``/``decode_error_v4`` or an
    ``errorDecoderV2()``/``errorDecoderV4()``."""
    threads = threads if threads is not None else Threads()
    result: list[Optional[BaseException]] = []
    done = threading.Event()

    def run() -> None:
        try:
            message = _read_all(error_stream)
        except Exception as e:  # noqa: BLE001 - the connection failed under the channel
            err = RuntimeError(f"error reading from error stream: {e}")
            err.__cause__ = e
            result.append(err)
        else:
            result.append(decode(message) if message else None)
        finally:
            done.set()

    threads.go("remotecommand error stream", run)

    def wait() -> Optional[BaseException]:
        done.wait()
        return result[0] if result else None

    return wait


def decode_error_v2(message: bytes) -> BaseException:
    return RuntimeError(f"error executing remote command: {message.decode('utf-8', 'replace')}")


def _json_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


class _UnmarshalError(Exception):
    pass


def _field(obj: dict[Any, Any], key: str, where: str, kind: type) -> Any:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, kind) or isinstance(v, bool) and kind is not bool:
        go_types: dict[type, str] = {str: "string", dict: f"v1.{where.split('.')[-1]}", list: "[]v1.StatusCause"}
        go_type = go_types[kind]
        raise _UnmarshalError(f"json: cannot unmarshal {_json_kind(v)} into Go struct field {where} of type {go_type}")
    return v


def _unmarshal_status(message: bytes) -> dict[Any, Any]:
    """The fields of metav1.Status the decoder reads, with Go's json.Unmarshal errors."""
    text = message.decode("utf-8", "replace")
    check_valid(text)
    obj = json.loads(text)
    if not isinstance(obj, dict):
        if obj is None:
            return {}
        raise _UnmarshalError(f"json: cannot unmarshal {_json_kind(obj)} into Go value of type v1.Status")
    out = {
        "status": _field(obj, "status", "Status.status", str) or "",
        "message": _field(obj, "message", "Status.message", str) or "",
        "reason": _field(obj, "reason", "Status.reason", str) or "",
        "details": None,
    }
    details = _field(obj, "details", "Status.details", dict)
    if details is not None:
        causes = _field(details, "causes", "Status.details.causes", list) or []
        parsed = []
        for c in causes:
            if c is None:
                parsed.append(("", ""))
                continue
            if not isinstance(c, dict):
                raise _UnmarshalError(
                    f"json: cannot unmarshal {_json_kind(c)} into Go struct field "
                    "Status.details.causes of type v1.StatusCause"
                )
            parsed.append(
                (
                    _field(c, "reason", "Status.details.causes.reason", str) or "",
                    _field(c, "message", "Status.details.causes.message", str) or "",
                )
            )
        out["details"] = parsed
    return out


def _parse_exit_code(s: str) -> Optional[int]:
    """strconv.ParseUint(s, 10, 8)."""
    if not s or any(c not in "0123456789" for c in s):
        return None
    code = int(s)
    return code if code <= 255 else None


def decode_error_v4(message: bytes) -> Optional[BaseException]:
    """The v4+ error channel: a metav1.Status; Success is no error, a NonZeroExitCode failure a CodeExitError."""
    try:
        status = _unmarshal_status(message)
    except (ValueError, _UnmarshalError) as e:
        return RuntimeError(f"error stream protocol error: {e} in {go_quote(message.decode('utf-8', 'replace'))}")
    if status["status"] == "Success":
        return None
    if status["status"] != "Failure":
        return RuntimeError("error stream protocol error: unknown error")
    if status["reason"] == rc.NonZeroExitCodeReason:
        if status["details"] is None:
            return RuntimeError("error stream protocol error: details must be set")
        for cause_type, cause_message in status["details"]:
            if cause_type != rc.ExitCodeCauseType:
                continue
            code = _parse_exit_code(cause_message)
            if code is None:
                return RuntimeError(f"error stream protocol error: invalid exit code value {go_quote(cause_message)}")
            return CodeExitError(RuntimeError(f"command terminated with exit code {code}"), code)
        return RuntimeError(f"error stream protocol error: no {rc.ExitCodeCauseType} cause given")
    return RuntimeError(status["message"])


class errorDecoderV2:  # noqa: N801 - client-go's name
    """client-go's errorDecoderV2: ``decode(message)`` (or calling it) is ``decode_error_v2``."""

    def decode(self, message: bytes) -> Optional[BaseException]:
        return decode_error_v2(message)

    __call__ = decode


class errorDecoderV4:  # noqa: N801 - client-go's name
    """client-go's errorDecoderV4: ``decode(message)`` (or calling it) is ``decode_error_v4``."""

    def decode(self, message: bytes) -> Optional[BaseException]:
        return decode_error_v4(message)

    __call__ = decode


# --- the protocols -------------------------------------------------------------------------------------------


def _headers(stream_type: str) -> HTTPHeaderDict:
    headers = HTTPHeaderDict()
    headers[corev1.StreamType] = stream_type
    return headers


class _StreamProtocol:
    """A session's options and the streams ``stream`` opens (None until then, or when not asked for)."""

    def __init__(self, options: StreamOptions):
        self.options = options
        self.error_stream: Any = None
        self.remote_stdin: Any = None
        self.remote_stdout: Any = None
        self.remote_stderr: Any = None


class StreamProtocolV1(_StreamProtocol):
    """channel.k8s.io: any message on the error channel is the error; stdin is never half-closed."""

    def stream(self, conn: Any, ready: Optional[threading.Event] = None, threads: Optional[Threads] = None) -> None:
        """Stream over conn (see the module); the copying threads go to threads (a fresh Threads when None: they
        end with the connection)."""
        threads = threads if threads is not None else Threads()
        o = self.options
        created: list[Any] = []
        try:
            self.error_stream = conn.create_stream(_headers(corev1.StreamTypeError))
            created.append(self.error_stream)
            if o.stdin is not None:
                self.remote_stdin = conn.create_stream(_headers(corev1.StreamTypeStdin))
                created.append(self.remote_stdin)
            if o.stdout is not None:
                self.remote_stdout = conn.create_stream(_headers(corev1.StreamTypeStdout))
                created.append(self.remote_stdout)
            if o.stderr is not None and not o.tty:
                self.remote_stderr = conn.create_stream(_headers(corev1.StreamTypeStderr))
                created.append(self.remote_stderr)
            if ready is not None:
                ready.set()
            self._copy(threads)
        finally:
            for s in reversed(created):
                try:
                    s.reset()
                except Exception as e:  # noqa: BLE001 - as Go's deferred Reset, best effort
                    log.debug("reset stream: %s", e)

    def _copy(self, threads: Threads) -> None:
        o = self.options
        cond = threading.Condition()
        state: dict[str, Any] = {"done": 0, "err": None}

        def cp(name: str, dst: Any, src: Any, counts: bool) -> None:
            try:
                copy(dst, src)
            except Exception as e:  # noqa: BLE001 - logged as Go does
                log.error("Error copying %s: %s", name, e)
            if counts:
                with cond:
                    state["done"] += 1
                    cond.notify_all()

        def read_error() -> None:
            try:
                message = _read_all(self.error_stream)
            except Exception as e:  # noqa: BLE001
                err: Optional[BaseException] = RuntimeError(f"Error reading from error stream: {e}")
            else:
                err = (
                    RuntimeError(f"Error executing remote command: {message.decode('utf-8', 'replace')}")
                    if message
                    else None
                )
            if err is not None:
                with cond:
                    state["err"] = err
                    cond.notify_all()

        threads.go("remotecommand error stream", read_error)
        if o.stdin is not None:
            threads.go("remotecommand stdin", lambda: cp(corev1.StreamTypeStdin, self.remote_stdin, o.stdin, False))
        wait = 0
        if o.stdout is not None:
            wait += 1
            threads.go("remotecommand stdout", lambda: cp(corev1.StreamTypeStdout, o.stdout, self.remote_stdout, True))
        if o.stderr is not None and not o.tty:
            wait += 1
            threads.go("remotecommand stderr", lambda: cp(corev1.StreamTypeStderr, o.stderr, self.remote_stderr, True))
        with cond:
            while state["done"] < wait and state["err"] is None:
                cond.wait()
            if state["err"] is not None:
                raise state["err"]


class StreamProtocolV2(_StreamProtocol):
    """v2.channel.k8s.io: stdin is closed when the local stdin ended; the error channel's text is the error."""

    decode_error: Callable[[bytes], Optional[BaseException]] = staticmethod(decode_error_v2)

    def __init__(self, options: StreamOptions):
        super().__init__(options)
        self.resize_stream: Any = None

    def create_streams(self, conn: Any) -> None:
        o = self.options
        self.error_stream = conn.create_stream(_headers(corev1.StreamTypeError))
        if o.stdin is not None:
            self.remote_stdin = conn.create_stream(_headers(corev1.StreamTypeStdin))
        if o.stdout is not None:
            self.remote_stdout = conn.create_stream(_headers(corev1.StreamTypeStdout))
        if o.stderr is not None and not o.tty:
            self.remote_stderr = conn.create_stream(_headers(corev1.StreamTypeStderr))

    def copy_stdin(self, threads: Threads) -> None:
        stdin = self.options.stdin
        if stdin is None:
            return
        once = _Once()
        remote = self.remote_stdin

        def send() -> None:
            # A non-interactive stdin (echo abc | kubectl exec -i ... cat) is closed remotely once it ended, or the
            # command would go on waiting for more.
            try:
                copy(remote, stdin)
            except Exception as e:  # noqa: BLE001
                utilruntime.handle_error_with_context(None, e, "Copying stdin failed")
            finally:
                once.do(remote.close)

        def wait_for_server() -> None:
            # Nothing is read here: it returns when the server closed its side of stdin (or the connection
            # ended), and then closes ours, so an interactive session can end.
            try:
                _discard(remote)
            except Exception as e:  # noqa: BLE001
                log.debug("Waiting for server to close stdin failed: %s", e)
            finally:
                once.do(remote.close)

        threads.go("remotecommand stdin", send)
        threads.go("remotecommand stdin close", wait_for_server)

    def _copy_out(self, name: str, dst: Any, src: Any, threads: Threads) -> threading.Thread:
        def run() -> None:
            try:
                copy(dst, src)
            except Exception as e:  # noqa: BLE001
                utilruntime.handle_error_with_context(None, e, f"Copying {name} failed")
            finally:
                try:  # drain it, so that the connection's reader is never blocked on this stream
                    _discard(src)
                except Exception:  # noqa: BLE001
                    pass

        return threads.go(f"remotecommand {name}", run)

    def copy_outputs(self, threads: Threads) -> list[threading.Thread]:
        o = self.options
        out = []
        if o.stdout is not None:
            out.append(self._copy_out(corev1.StreamTypeStdout, o.stdout, self.remote_stdout, threads))
        if o.stderr is not None and not o.tty:
            out.append(self._copy_out(corev1.StreamTypeStderr, o.stderr, self.remote_stderr, threads))
        return out

    def handle_resizes(self, threads: Threads) -> None:
        pass

    def stream(self, conn: Any, ready: Optional[threading.Event] = None, threads: Optional[Threads] = None) -> None:
        """Stream over conn (see the module); the copying threads go to threads (a fresh Threads when None: they
        end with the connection)."""
        threads = threads if threads is not None else Threads()
        self.create_streams(conn)
        if ready is not None:
            ready.set()
        wait_error = watch_error_stream(self.error_stream, type(self).decode_error, threads)
        self.handle_resizes(threads)
        self.copy_stdin(threads)
        for t in self.copy_outputs(threads):
            t.join()
        err = wait_error()
        if err is not None:
            raise err


class StreamProtocolV3(StreamProtocolV2):
    """v3.channel.k8s.io: adds the resize channel of a TTY session."""

    def create_streams(self, conn: Any) -> None:
        super().create_streams(conn)
        if self.options.tty:
            self.resize_stream = conn.create_stream(_headers(corev1.StreamTypeResize))

    def handle_resizes(self, threads: Threads) -> None:
        queue = self.options.terminal_size_queue
        stream = self.resize_stream
        if stream is None or queue is None:
            return

        def run() -> None:
            while True:
                size = queue.next()
                if size is None:
                    return
                data = json.dumps({"Width": size.width, "Height": size.height}, separators=(",", ":")) + "\n"
                try:
                    stream.write(data.encode())
                except Exception as e:  # noqa: BLE001
                    utilruntime.handle_error_with_context(None, e, "Encoding terminal size failed")
                    if getattr(stream, "closed", lambda: False)():
                        return  # the session is over: no size can be sent any more

        threads.go("remotecommand resize", run)


class StreamProtocolV4(StreamProtocolV3):
    """v4.channel.k8s.io: the error channel carries a metav1.Status, with the exit code of a failed command."""

    decode_error = staticmethod(decode_error_v4)


class StreamProtocolV5(StreamProtocolV4):
    """v5.channel.k8s.io: as v4, over a transport that half-closes stdin with the close signal."""


def new_stream_protocol(protocol: str, options: StreamOptions) -> Any:
    """The handler of a negotiated protocol; "" (none negotiated) is v1, as in client-go."""
    if protocol == rc.StreamProtocolV5Name:
        return StreamProtocolV5(options)
    if protocol == rc.StreamProtocolV4Name:
        return StreamProtocolV4(options)
    if protocol == rc.StreamProtocolV3Name:
        return StreamProtocolV3(options)
    if protocol == rc.StreamProtocolV2Name:
        return StreamProtocolV2(options)
    if protocol == "":
        log.debug(
            "The server did not negotiate a streaming protocol version, falling back to %s", rc.StreamProtocolV1Name
        )
    return StreamProtocolV1(options)
