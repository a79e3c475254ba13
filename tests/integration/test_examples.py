"""The example programs of examples/ against the local kube-apiserver, so that they cannot rot."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd
from tests.conftest import REPO

TIMEOUT = 30.0


class _Program:
    """An example running in a subprocess, its stdout read line by line by a thread."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, "-u", *map(str, args)], cwd=REPO, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue = queue.Queue()
        self.seen: list = []
        self._reader = threading.Thread(target=self._read, name="example stdout", daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, line: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while line not in self.seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{line!r} never printed; got {self.seen}"
            try:
                self.seen.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                pass

    def interrupt(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(TIMEOUT)
        return code, self.proc.stderr.read()


def test_workqueue_example(apiserver):
    clientset = kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))
    pods = clientset.core_v1().pods(corev1.NamespaceDefault)
    name = f"wq-{uuid.uuid4().hex[:8]}"
    program = _Program(REPO / "examples" / "workqueue" / "main.py", "--kubeconfig", apiserver.kubeconfig)
    try:
        # the pod it warmed its cache with is not on the server
        program.wait_for("Pod default/mypod does not exist anymore")
        pods.create(context.todo(), corev1.Pod(metadata=metav1.ObjectMeta(name=name), spec=corev1.PodSpec(
            containers=[corev1.Container(name="c", image="registry.k8s.io/pause:3.10")])), metav1.CreateOptions())
        program.wait_for(f"Sync/Add/Update for Pod {name}")
        pods.delete(context.todo(), name, metav1.DeleteOptions())  # not scheduled: gone at once
        program.wait_for(f"Pod default/{name} does not exist anymore")
    finally:
        code, stderr = program.interrupt()
    assert code == 0, stderr
    assert "Starting Pod controller" in stderr and stderr.rstrip().endswith("Stopping Pod controller"), stderr
