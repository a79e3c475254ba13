"""Pod logs through the local cluster (kwok serves every pod's log from `cluster.pod_logs_file`), kubectl and
``pods(ns).get_logs(name, opts).stream(ctx)`` side by side on the same pod: every option gives kubectl's bytes,
a followed log yields each line as it is written, and the context ends the stream at once."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd
from tests.integration.test_cluster import LOG_LINES, running_pod

CTX = context.todo()
# 2026-01-01T00:00:02Z, the second line's time in the cluster's log file.
SECOND_LINE_TIME = 1767225602


@pytest.fixture
def clientset(cluster):
    return kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(cluster.kubeconfig)))


@pytest.fixture
def log_file(cluster):
    """The cluster's log file, restored after the test."""
    original = cluster.pod_logs_file.read_bytes()
    yield cluster.pod_logs_file
    cluster.pod_logs_file.write_bytes(original)


def kubectl(cluster, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    return subprocess.run(
        ["kubectl", f"--kubeconfig={cluster.kubeconfig}", *args], capture_output=True, timeout=timeout
    )


@pytest.mark.parametrize(
    "opts,flags,expected",
    [
        (corev1.PodLogOptions(), [], LOG_LINES),
        (corev1.PodLogOptions(tailLines=1), ["--tail=1"], b"kwok log line 3\n"),
        (
            corev1.PodLogOptions(timestamps=True),
            ["--timestamps"],
            b"".join(f"2026-01-01T00:00:0{i}.000000000Z kwok log line {i}\n".encode() for i in (1, 2, 3)),
        ),
        (corev1.PodLogOptions(limitBytes=20), ["--limit-bytes=20"], b"kwok log line 1\nkwok"),
        (corev1.PodLogOptions(sinceSeconds=3600), ["--since=1h"], b""),  # every line is from January
        (
            corev1.PodLogOptions(sinceTime=metav1.Time(seconds=SECOND_LINE_TIME)),
            ["--since-time=2026-01-01T00:00:02Z"],
            b"kwok log line 2\nkwok log line 3\n",
        ),
        (
            corev1.PodLogOptions(tailLines=2, timestamps=True, limitBytes=40),
            ["--tail=2", "--timestamps", "--limit-bytes=40"],
            b"2026-01-01T00:00:02.000000000Z kwok log ",
        ),
    ],
    ids=["plain", "tail", "timestamps", "limit", "since-seconds", "since-time", "combined"],
)
def test_log_options_as_kubectl(cluster, clientset, cluster_namespace, opts, flags, expected):
    running_pod(clientset, cluster_namespace, "logger")
    out = kubectl(cluster, "-n", cluster_namespace, "logs", "logger", *flags)
    assert (out.returncode, out.stdout) == (0, expected), out.stderr
    pods = clientset.core_v1().pods(cluster_namespace)
    with pods.get_logs("logger", opts).stream(CTX) as stream:
        assert stream.read() == expected
    with pods.get_logs("logger", opts).stream(CTX) as stream:
        assert list(stream) == expected.splitlines(keepends=True)  # lines, the last one as the log ends it
    assert pods.get_logs("logger", opts).do_raw(CTX) == expected


def test_previous_fails_as_kubectl(cluster, clientset, cluster_namespace):
    """kwok keeps no previous container's log: the server's 400 is the library's StatusError and kubectl's error."""
    running_pod(clientset, cluster_namespace, "fresh")
    out = kubectl(cluster, "-n", cluster_namespace, "logs", "fresh", "--previous")
    assert out.returncode == 1
    with pytest.raises(errors.StatusError) as e:
        clientset.core_v1().pods(cluster_namespace).get_logs("fresh", corev1.PodLogOptions(previous=True)).stream(CTX)
    assert errors.is_bad_request(e.value)
    assert out.stderr.decode().strip() == f"Error from server (BadRequest): {e.value}"


def test_followed_log_yields_each_line_as_it_is_written_and_ends_with_the_context(
    cluster, clientset, cluster_namespace, log_file
):
    running_pod(clientset, cluster_namespace, "follower")
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    follow = subprocess.Popen(
        [
            "kubectl",
            f"--kubeconfig={cluster.kubeconfig}",
            "-n",
            cluster_namespace,
            "logs",
            "-f",
            "--timestamps",
            "follower",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    ctx, cancel = context.with_cancel(CTX)
    stream = (
        clientset.core_v1()
        .pods(cluster_namespace)
        .get_logs("follower", corev1.PodLogOptions(follow=True, timestamps=True))
        .stream(ctx)
    )
    lines: list[tuple[float, bytes]] = []
    kubectl_lines: list[bytes] = []

    def read_library():
        for line in stream:
            lines.append((time.monotonic(), line))

    def read_kubectl():
        for line in follow.stdout:
            kubectl_lines.append(line)

    reader = threading.Thread(target=read_library, name="log-follower", daemon=True)
    kubectl_reader = threading.Thread(target=read_kubectl, name="log-follower", daemon=True)
    reader.start()
    kubectl_reader.start()
    try:
        deadline = time.monotonic() + 30
        while len(lines) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [line for _, line in lines] == [
            f"2026-01-01T00:00:0{i}.000000000Z kwok log line {i}\n".encode() for i in (1, 2, 3)
        ]
        # Each appended line arrives on the stream before the next is written.
        for i in range(5):
            stamp = f"2026-01-01T00:01:0{i}.000000000Z"
            written = time.monotonic()
            with log_file.open("ab") as f:
                f.write(f"{stamp} stdout F followed {i}\n".encode())
            deadline = written + 30
            while len(lines) < 4 + i and time.monotonic() < deadline:
                time.sleep(0.01)
            assert len(lines) == 4 + i, f"line {i} did not arrive: {lines}"
            assert lines[-1][1] == f"{stamp} followed {i}\n".encode()
        deadline = time.monotonic() + 30
        while len(kubectl_lines) < 8 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [line for _, line in lines] == kubectl_lines
        # Cancelling the context ends the iteration at once, with no error.
        started = time.monotonic()
        cancel()
        reader.join(10)
        assert not reader.is_alive() and time.monotonic() - started < 5
    finally:
        cancel()
        stream.close()
        follow.kill()
        follow.wait(timeout=30)
        reader.join(10)
        kubectl_reader.join(10)
    assert not kubectl_reader.is_alive()


def test_a_log_without_follow_ends_at_its_end_and_close_cuts_a_follow(cluster, clientset, cluster_namespace):
    running_pod(clientset, cluster_namespace, "ender")
    pods = clientset.core_v1().pods(cluster_namespace)
    stream = pods.get_logs("ender", corev1.PodLogOptions()).stream(CTX)
    assert [stream.readline() for _ in range(4)] == LOG_LINES.splitlines(keepends=True) + [b""]
    stream.close()
    # Closing a followed stream from another thread wakes the reader blocked on it.
    stream = pods.get_logs("ender", corev1.PodLogOptions(follow=True)).stream(CTX)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.extend(stream), name="log-follower", daemon=True)
    reader.start()
    deadline = time.monotonic() + 30
    while len(got) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    stream.close()
    reader.join(10)
    assert not reader.is_alive()
    assert got[:3] == LOG_LINES.splitlines(keepends=True)
