"""The error channel's decoders and the stream bookkeeping (client-go's v4_test.go, TestLateStreamCreation,
TestWebSocketClient_StreamsAndExpectedErrors) and the pipe under each stream."""

from __future__ import annotations

import io
import threading

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.tools.remotecommand import StreamOptions, protocols
from kubernetes_py.tools.remotecommand._pipe import ClosedPipeError, Pipe
from kubernetes_py.tools.remotecommand.websocket import _WSStreamCreator, new_ws_stream_creator
from kubernetes_py.util.exec import CodeExitError


@pytest.mark.parametrize(
    "message,expected",
    [
        ("{}", "error stream protocol error: unknown error"),
        ("{", 'error stream protocol error: unexpected end of JSON input in "{"'),
        ('{"status": "Success" }', None),
        ('{"status": "Failure", "message": "foobar" }', "foobar"),
        (
            '{"status": "Failure", "message": "foobar", "reason": "NonZeroExitCode", "details": {"causes": '
            '[{"reason": "foo"}] } }',
            "error stream protocol error: no ExitCode cause given",
        ),
        (
            '{"status": "Failure", "message": "foobar", "reason": "NonZeroExitCode", "details": {"causes": '
            '[{"reason": "ExitCode"}] } }',
            'error stream protocol error: invalid exit code value ""',
        ),
        (
            '{"status": "Failure", "message": "foobar", "reason": "NonZeroExitCode", "details": {"causes": '
            '[{"reason": "ExitCode", "message": "42"}] } }',
            "command terminated with exit code 42",
        ),
        ('{"status": "Failure", "reason": "NonZeroExitCode"}', "error stream protocol error: details must be set"),
        (
            '{"status": "Failure", "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", '
            '"message": "256"}]}}',
            'error stream protocol error: invalid exit code value "256"',
        ),
        (
            '{"status": 3}',
            "error stream protocol error: json: cannot unmarshal number into Go struct field "
            'Status.status of type string in "{\\"status\\": 3}"',
        ),
    ],
)
def test_v4_error_decoder(message, expected):
    err = protocols.decode_error_v4(message.encode())
    assert (None if err is None else str(err)) == expected
    err = protocols.errorDecoderV4().decode(message.encode())  # client-go's spelling
    assert (None if err is None else str(err)) == expected


def test_v4_exit_code_error_carries_the_code():
    err = protocols.decode_error_v4(
        b'{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":'
        b'[{"reason":"ExitCode","message":"0"},{"reason":"ExitCode","message":"7"}]}}'
    )
    assert isinstance(err, CodeExitError) and err.code == 0


def test_v2_error_decoder():
    assert str(protocols.decode_error_v2(b"boom")) == "error executing remote command: boom"


def test_late_stream_creation():
    c = new_ws_stream_creator(None)
    c.close_all_stream_readers(None)
    with pytest.raises(RuntimeError, match="closed all streams"):
        c.set_stream(0, None)


def test_streams_and_expected_errors():
    c = _WSStreamCreator(None)
    s = c.create_stream({corev1.StreamType: corev1.StreamTypeStdin})
    assert s.identifier() == 0 and s.headers() == {corev1.StreamType: corev1.StreamTypeStdin}
    with pytest.raises(ValueError, match="duplicate stream for type stdin"):
        c.create_stream({corev1.StreamType: corev1.StreamTypeStdin})
    with pytest.raises(ValueError, match="unknown stream type: foo"):
        c.create_stream({corev1.StreamType: "foo"})
    with pytest.raises(RuntimeError, match="write on closed stream 0"):
        s.write(b"x")
    with pytest.raises(RuntimeError, match=r"Close\(\) on already closed stream 0"):
        s.close()
    s.reset()
    assert s.read() == b""
    c.close_all_stream_readers(OSError("gone"))
    with pytest.raises(OSError, match="gone"):
        c.create_stream({corev1.StreamType: corev1.StreamTypeStdout})


def test_pipe_write_waits_for_the_reader_and_errors_reach_it():
    p = Pipe()
    wrote = []
    t = threading.Thread(target=lambda: wrote.append(p.write(b"abcdef")), name="pipe writer")
    t.start()
    assert p.read(4) == b"abcd"
    assert wrote == []  # the writer waits until everything was read
    assert p.read() == b"ef"
    t.join(5)
    assert wrote == [6]
    p.close_with_error(OSError("next reader: broken"))
    with pytest.raises(OSError, match="next reader: broken"):
        p.read()
    with pytest.raises(ClosedPipeError):
        p.write(b"late")
    q = Pipe()
    q.close_with_error(None)
    assert q.read() == b""


def test_pipe_reader_closing_fails_a_blocked_write():
    p = Pipe()
    errs = []

    def write():
        try:
            p.write(b"never read")
        except ClosedPipeError as e:
            errs.append(e)

    t = threading.Thread(target=write, name="pipe writer")
    t.start()
    p.close_read()
    t.join(5)
    assert [str(e) for e in errs] == ["io: read/write on closed pipe"]


class _FakeStreamCreator:
    def __init__(self, errors: dict):
        self.created: dict = {}
        self.errors = errors

    def create_stream(self, headers):
        stream_type = headers.get(corev1.StreamType)
        self.created[stream_type] = True
        if self.errors.get(stream_type) is not None:
            raise self.errors[stream_type]
        return None


@pytest.mark.parametrize(
    "stdin,stdout,stderr,tty,fail",
    [
        (True, False, False, False, "stdin"),
        (False, True, False, False, "stdout"),
        (False, False, True, False, "stderr"),
        (True, True, True, False, "error"),
        (True, True, True, False, None),
        (True, True, True, True, None),
    ],
)
def test_v2_create_streams(stdin, stdout, stderr, tty, fail):
    error = RuntimeError(f"{fail} error") if fail else None
    conn = _FakeStreamCreator({fail: error} if fail else {})
    opts = StreamOptions(
        tty=tty,
        stdin=io.BytesIO() if stdin else None,
        stdout=io.BytesIO() if stdout else None,
        stderr=io.BytesIO() if stderr else None,
    )
    h = protocols.StreamProtocolV2(opts)
    if fail:
        with pytest.raises(RuntimeError) as info:
            h.create_streams(conn)
        assert info.value is error
        return
    h.create_streams(conn)
    assert conn.created.get("stdin", False) == stdin
    assert conn.created.get("stdout", False) == stdout
    assert conn.created.get("stderr", False) == (stderr and not tty)
    assert conn.created["error"]


class _FailingReader:
    def __init__(self, err):
        self.err = err

    def read(self, n=-1):
        raise self.err


@pytest.mark.parametrize(
    "stream,check",
    [
        (_FailingReader(RuntimeError("foo")), lambda err: str(err) == "error reading from error stream: foo"),
        (io.BytesIO(b"some error"), lambda err: str(err) == "error executing remote command: some error"),
        (_FailingReader(BrokenPipeError("closed")), lambda err: isinstance(err.__cause__, BrokenPipeError)),
        (io.BytesIO(b""), lambda err: err is None),
    ],
)
def test_v2_error_stream_reading(stream, check):
    threads = protocols.Threads()
    wait = protocols.watch_error_stream(stream, protocols.decode_error_v2, threads)
    err = wait()
    assert threads.join(5) == []
    assert check(err)


def test_watch_error_stream_as_client_go_calls_it():
    """watchErrorStream(errorStream, &errorDecoderV2{}) as TestV2ErrorStreamReading writes it: no threads given."""
    err = protocols.watch_error_stream(io.BytesIO(b"some error"), protocols.errorDecoderV2())()
    assert str(err) == "error executing remote command: some error"
    assert protocols.watch_error_stream(io.BytesIO(b""), protocols.errorDecoderV2())() is None
