"""exec and attach through the local cluster (kwok's kubelet runs exec'd commands on this machine, in the cluster's
exec directory, and attach streams its pod log file), with kubectl and with tools.remotecommand on the same pod in
the same test: the bytes each one gets are compared. Faults: the API server dying mid-stream, a command that never
ends under a cancelled context, a user without pods/exec rights. No test leaves a thread behind."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import termios
import threading
import time

import pytest

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import httpstream, wait
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd, remotecommand

CTX = context.todo()


@pytest.fixture(scope="module")
def config(cluster) -> rest.Config:
    return clientcmd.build_config_from_flags("", str(cluster.kubeconfig))


@pytest.fixture(scope="module")
def clientset(config):
    return kubernetes.new_for_config(config)


@pytest.fixture(autouse=True)
def no_thread_left():
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5
    while True:
        left = [
            t.name
            for t in threading.enumerate()
            if t not in before and t.is_alive() and t.name.startswith(("remotecommand", "spdy", "test "))
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert left == []


@pytest.fixture
def pod(clientset, cluster_namespace) -> str:
    pods = clientset.core_v1().pods(cluster_namespace)
    pods.create(
        CTX,
        corev1.Pod(
            metadata=metav1.ObjectMeta(name="shell"),
            spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="registry.k8s.io/pause:3.10")]),
        ),
        metav1.CreateOptions(),
    )

    def running() -> bool:
        p = pods.get(CTX, "shell", metav1.GetOptions())
        return p.status.phase == "Running"

    wait.poll_immediate(0.2, 60, running)
    return "shell"


def kubectl(cluster, *args: str, **kwargs) -> subprocess.CompletedProcess:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    return subprocess.run(
        ["kubectl", f"--kubeconfig={cluster.kubeconfig}", *args], capture_output=True, timeout=60, **kwargs
    )


def exec_url(
    clientset, namespace: str, pod: str, command: list[str], stdin=False, stdout=True, stderr=True, tty=False
) -> str:
    req = (
        clientset.core_v1()
        .rest_client()
        .post()
        .resource("pods")
        .name(pod)
        .namespace(namespace)
        .sub_resource("exec")
        .versioned_params(
            corev1.PodExecOptions(container="c", command=command, stdin=stdin, stdout=stdout, stderr=stderr, tty=tty),
            scheme.ParameterCodec,
        )
    )
    return req.url()


def new_executor(kind: str, config, url: str):
    if kind == "websocket":
        return remotecommand.new_web_socket_executor(config, "POST", url)
    if kind == "spdy":
        return remotecommand.new_spdy_executor(config, "POST", url)
    return remotecommand.new_fallback_executor(  # kubectl's: WebSocket first, SPDY when the upgrade is refused
        remotecommand.new_web_socket_executor(config, "GET", url),
        remotecommand.new_spdy_executor(config, "POST", url),
        lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err),
    )


EXECUTORS = ["websocket", "spdy", "fallback"]


def run_exec(
    config,
    clientset,
    namespace,
    pod,
    command,
    stdin=None,
    tty=False,
    queue=None,
    ctx=None,
    timeout: float = 60.0,
    kind: str = "websocket",
):
    """(stdout bytes, stderr bytes, error or None, seconds) of one exec through the library, bounded in time."""
    url = exec_url(clientset, namespace, pod, command, stdin=stdin is not None, tty=tty)
    executor = new_executor(kind, config, url)
    stdout, stderr = io.BytesIO(), io.BytesIO()
    box: list = []
    start = time.monotonic()

    def target():
        try:
            executor.stream_with_context(
                ctx or CTX,
                remotecommand.StreamOptions(
                    stdin=stdin, stdout=stdout, stderr=stderr, tty=tty, terminal_size_queue=queue
                ),
            )
            box.append(None)
        except BaseException as e:  # noqa: BLE001
            box.append(e)

    t = threading.Thread(target=target, name="test exec")
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"exec of {command} did not return within {timeout} s"
    return stdout.getvalue(), stderr.getvalue(), box[0], time.monotonic() - start


def test_exec_echo(cluster, config, clientset, cluster_namespace, pod):
    out = kubectl(cluster, "-n", cluster_namespace, "exec", pod, "--", "echo", "hello")
    assert (out.returncode, out.stdout) == (0, b"hello\n"), out.stderr
    for kind in EXECUTORS:
        stdout, stderr, err, _ = run_exec(config, clientset, cluster_namespace, pod, ["echo", "hello"], kind=kind)
        assert (kind, stdout, stderr, err) == (kind, b"hello\n", b"", None)


def test_exec_stdin_round_trips_a_megabyte(cluster, config, clientset, cluster_namespace, pod):
    data = os.urandom(1 << 20)
    # kwok does not close the command's stdin when the client half-closes it (neither kubectl's nor ours): the
    # command reads exactly the megabyte, as `cat` would, and ends. It waits half a second before it exits: kwok
    # stops copying a command's output once it exited, and drops what was still in the pipe (kubectl lost the end
    # of its megabyte in 2 of 40 runs without the wait, 0 of 25 with it).
    command = ["sh", "-c", f"head -c {len(data)}; sleep 0.5"]
    out = kubectl(cluster, "-n", cluster_namespace, "exec", "-i", pod, "--", *command, input=data)
    assert out.returncode == 0 and out.stdout == data, out.stderr[-500:]
    for kind in EXECUTORS:
        stdout, stderr, err, _ = run_exec(
            config, clientset, cluster_namespace, pod, command, stdin=io.BytesIO(data), kind=kind
        )
        assert (kind, err) == (kind, None)
        assert stdout == data and stderr == b"", kind


def test_exit_code_and_stderr_apart(cluster, config, clientset, cluster_namespace, pod):
    command = ["sh", "-c", "echo out; echo err >&2; exit 3"]
    out = kubectl(cluster, "-n", cluster_namespace, "exec", pod, "--", *command)
    stdout, stderr, err, _ = run_exec(config, clientset, cluster_namespace, pod, command)
    assert stdout == out.stdout == b"out\n"
    assert stderr == b"err\n" and out.stderr.startswith(b"err\nerror: ")
    # kwok reports the exit status as an InternalError Status, not the NonZeroExitCode one a kubelet sends (which
    # becomes util.exec.CodeExitError, see the unit tests): kubectl and the library report the same message.
    assert out.returncode == 1
    assert str(err) == out.stderr[len(b"err\nerror: ") :].decode().strip()
    assert "exit status 3" in str(err)


def test_user_without_exec_rights_is_forbidden(cluster, config, clientset, cluster_namespace, pod, tmp_path):
    cert = cluster.mint_client_cert("no-exec-user")
    path = cluster.kubeconfig_for(tmp_path / "kubeconfig", cert=cert)
    out = kubectl(cluster, f"--kubeconfig={path}", "-n", cluster_namespace, "exec", pod, "--", "echo")
    assert out.returncode == 1 and b'Error from server (Forbidden): pods "shell" is forbidden' in out.stderr
    _, _, err, took = run_exec(
        clientcmd.build_config_from_flags("", str(path)), clientset, cluster_namespace, pod, ["echo"]
    )
    assert httpstream.is_upgrade_failure(err) and errors.is_forbidden(err)
    assert str(err).startswith(
        'unable to upgrade streaming request: pods "shell" is forbidden: User "no-exec-user" cannot '
    ), err
    assert took < 10
    # kubectl's fallback goes on to SPDY, whose refusal is client-go 1.37's plain "unable to upgrade connection"
    # error carrying the Status's message (not a StatusError).
    _, _, err, _ = run_exec(
        clientcmd.build_config_from_flags("", str(path)), clientset, cluster_namespace, pod, ["echo"], kind="fallback"
    )
    assert str(err).startswith('unable to upgrade connection: pods "shell" is forbidden: User "no-exec-user" '), err


class Sizes:
    """A TerminalSizeQueue giving the sizes it was made with, then None."""

    def __init__(self, *sizes: remotecommand.TerminalSize):
        self.sizes = list(sizes)

    def next(self):
        return self.sizes.pop(0) if self.sizes else None


def kubectl_in_a_terminal(cluster, rows: int, cols: int, *args: str) -> tuple[int, bytes]:
    """kubectl with a pseudo-terminal of rows x cols as its stdin, stdout and stderr (what -it needs)."""
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        ["kubectl", f"--kubeconfig={cluster.kubeconfig}", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 4096)
                except OSError:  # the terminal's other side closed: kubectl ended
                    break
                if not data:
                    break
                out += data
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=30), out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_tty_session_with_a_resize(cluster, config, clientset, cluster_namespace, pod):
    # The command prints the terminal's size once the client had time to send it on the resize channel, and waits
    # a second before it exits: kwok drops a TTY's output written just before its command exits (kubectl's too).
    command = ["sh", "-c", "sleep 1; stty size; sleep 1"]
    code, out = kubectl_in_a_terminal(cluster, 30, 100, "-n", cluster_namespace, "exec", "-it", pod, "--", *command)
    assert (code, out) == (0, b"30 100\r\n")
    # kwok v0.8.0 crashes on a TTY exec without stdin (kubectl always sends stdin with -t): stdin is given.
    stdout, stderr, err, _ = run_exec(
        config,
        clientset,
        cluster_namespace,
        pod,
        command,
        stdin=io.BytesIO(b""),
        tty=True,
        queue=Sizes(remotecommand.TerminalSize(width=100, height=30)),
    )
    assert (stdout, stderr, err) == (out, b"", None)
    stdout, _, err, _ = run_exec(
        config,
        clientset,
        cluster_namespace,
        pod,
        command,
        stdin=io.BytesIO(b""),
        tty=True,
        queue=Sizes(remotecommand.TerminalSize(width=132, height=43)),
    )
    assert (stdout, err) == (b"43 132\r\n", None)


class LineWaiter(io.RawIOBase):
    """A stdout that keeps what it is given and says when a whole line arrived."""

    def __init__(self):
        self.data = b""
        self.line = threading.Event()

    def writable(self):
        return True

    def write(self, b):
        self.data += bytes(b)
        if b"\n" in self.data:
            self.line.set()
        return len(b)


def write_log_lines_until(cluster, prefix: str, arrived) -> None:
    """Appends a CRI log line to kwok's pod log file every 0.5 s until arrived() (attach streams only what is written
    once it is connected)."""
    deadline = time.monotonic() + 30
    n = 0
    while not arrived() and time.monotonic() < deadline:
        n += 1
        with cluster.pod_logs_file.open("ab") as f:
            f.write(f"2026-01-01T00:01:00.000000000Z stdout F {prefix} {n}\n".encode())
        time.sleep(0.5)


def test_attach(cluster, config, clientset, cluster_namespace, pod):
    original = cluster.pod_logs_file.read_bytes()
    try:
        if shutil.which("kubectl") is None:
            pytest.skip("kubectl is not installed")
        attach = subprocess.Popen(
            ["kubectl", f"--kubeconfig={cluster.kubeconfig}", "-n", cluster_namespace, "attach", pod],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(attach.stdout.readline()), name="test attach reader")
        reader.start()
        try:
            write_log_lines_until(cluster, "kubectl", lambda: bool(received))
        finally:
            attach.kill()
            attach.wait(timeout=30)
            reader.join(timeout=10)
        assert received and re.fullmatch(rb"kubectl \d+\n", received[0]), received

        req = (
            clientset.core_v1()
            .rest_client()
            .post()
            .resource("pods")
            .name(pod)
            .namespace(cluster_namespace)
            .sub_resource("attach")
            .versioned_params(corev1.PodAttachOptions(container="c", stdout=True, stderr=True), scheme.ParameterCodec)
        )
        executor = remotecommand.new_web_socket_executor(config, "POST", req.url())
        stdout = LineWaiter()
        ctx, cancel = context.with_cancel(context.background())
        box: list = []

        def attach_lib():
            try:
                executor.stream_with_context(ctx, remotecommand.StreamOptions(stdout=stdout, stderr=io.BytesIO()))
            except BaseException as e:  # noqa: BLE001
                box.append(e)

        t = threading.Thread(target=attach_lib, name="test attach")
        t.start()
        try:
            write_log_lines_until(cluster, "library", stdout.line.is_set)
        finally:
            cancel()
            t.join(10)
        assert not t.is_alive()
        assert re.fullmatch(rb"library \d+\n", stdout.data.split(b"\n")[0] + b"\n"), stdout.data
        assert [type(e) for e in box] == [context.Canceled]
    finally:
        cluster.pod_logs_file.write_bytes(original)


def test_cancelled_context_ends_a_command_that_never_ends(config, clientset, cluster_namespace, pod):
    ctx, cancel = context.with_cancel(context.background())
    stdout = LineWaiter()
    box: list = []
    executor = remotecommand.new_web_socket_executor(
        config, "POST", exec_url(clientset, cluster_namespace, pod, ["sh", "-c", "echo started; exec sleep 30"])
    )

    def target():
        try:
            executor.stream_with_context(ctx, remotecommand.StreamOptions(stdout=stdout, stderr=io.BytesIO()))
        except BaseException as e:  # noqa: BLE001
            box.append(e)

    t = threading.Thread(target=target, name="test exec")
    t.start()
    assert stdout.line.wait(30)
    start = time.monotonic()
    cancel()
    t.join(10)
    assert not t.is_alive()
    assert time.monotonic() - start < 5  # promptly: the command would run 30 s
    assert [str(e) for e in box] == ["context canceled"] and isinstance(box[0], context.Canceled)


def test_api_server_dying_mid_stream(cluster, config, clientset, cluster_namespace, pod):
    stdout = LineWaiter()
    box: list = []
    executor = remotecommand.new_web_socket_executor(
        config, "POST", exec_url(clientset, cluster_namespace, pod, ["sh", "-c", "echo started; exec sleep 30"])
    )

    def target():
        try:
            executor.stream_with_context(CTX, remotecommand.StreamOptions(stdout=stdout, stderr=io.BytesIO()))
        except BaseException as e:  # noqa: BLE001
            box.append(e)

    t = threading.Thread(target=target, name="test exec")
    t.start()
    try:
        assert stdout.line.wait(30)
        cluster.cluster.stop_apiserver()
        t.join(10)
        assert not t.is_alive()
    finally:
        cluster.cluster.start_apiserver()
        t.join(10)
    assert stdout.data == b"started\n"
    assert len(box) == 1
    assert str(box[0]).startswith("error reading from error stream: next reader: "), box


def test_exec_example(cluster, cluster_namespace, pod):
    """examples/exec runs a command as kubectl exec does: output, stdin, and the error of a failed command."""
    import sys
    from pathlib import Path

    program = [
        sys.executable,
        str(Path(__file__).resolve().parents[2] / "examples" / "exec" / "main.py"),
        "--kubeconfig",
        str(cluster.kubeconfig),
        "-n",
        cluster_namespace,
    ]
    out = subprocess.run([*program, pod, "--", "sh", "-c", "echo out; echo err >&2"], capture_output=True, timeout=60)
    assert (out.returncode, out.stdout, out.stderr) == (0, b"out\n", b"err\n")
    out = subprocess.run(
        [*program, "-i", pod, "--", "head", "-c", "5"], input=b"hello", capture_output=True, timeout=60
    )
    assert (out.returncode, out.stdout) == (0, b"hello"), out.stderr
    out = subprocess.run([*program, pod, "--", "sh", "-c", "exit 3"], capture_output=True, timeout=60)
    assert out.returncode == 1 and b"exit status 3" in out.stderr, out.stderr
