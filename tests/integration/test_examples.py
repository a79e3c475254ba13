"""The example programs of examples/ against the local kube-apiserver, so that they cannot rot."""

from __future__ import annotations

import json
import os
import queue
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd
from tests.conftest import REPO

TIMEOUT = 30.0


class _Program:
    """An example running in a subprocess, its stdout read line by line by a thread."""

    def __init__(self, *args, merge_stderr: bool = False, env: dict | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-u", *map(str, args)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
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
        except subprocess.TimeoutExpired:
            while self.lines.qsize():
                self.seen.append(self.lines.get())
            raise AssertionError(f"still running {TIMEOUT}s after SIGINT; printed {self.seen}") from None
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(TIMEOUT)
        return code, self.proc.stderr.read() if self.proc.stderr else ""


def test_workqueue_example(apiserver):
    clientset = kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))
    pods = clientset.core_v1().pods(corev1.NamespaceDefault)
    name = f"wq-{uuid.uuid4().hex[:8]}"
    program = _Program(REPO / "examples" / "workqueue" / "main.py", "--kubeconfig", apiserver.kubeconfig)
    try:
        # the pod it warmed its cache with is not on the server
        program.wait_for("Pod default/mypod does not exist anymore")
        pods.create(
            context.todo(),
            corev1.Pod(
                metadata=metav1.ObjectMeta(name=name),
                spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="registry.k8s.io/pause:3.10")]),
            ),
            metav1.CreateOptions(),
        )
        program.wait_for(f"Sync/Add/Update for Pod {name}")
        pods.delete(context.todo(), name, metav1.DeleteOptions())  # not scheduled: gone at once
        program.wait_for(f"Pod default/{name} does not exist anymore")
    finally:
        code, stderr = program.interrupt()
    assert code == 0, stderr
    assert "Starting Pod controller" in stderr and stderr.rstrip().endswith("Stopping Pod controller"), stderr


def _remove_finalizers_and_wait(apiserver, path):
    """Foreground deletion leaves the object to the garbage collector, which does not run here: let it go."""
    code, body = apiserver.request("GET", path)
    if code == 200:  # an admin request around the library under test
        req = urllib.request.Request(
            apiserver.url + path,
            method="PATCH",
            data=json.dumps({"metadata": {"finalizers": None}}).encode(),
            headers={
                "Authorization": f"Bearer {apiserver.admin_token}",
                "Content-Type": "application/merge-patch+json",
            },
        )
        urllib.request.urlopen(req, context=ssl.create_default_context(cafile=str(apiserver.ca_file)), timeout=30)
    deadline = time.monotonic() + TIMEOUT
    while apiserver.request("GET", path)[0] != 404:
        assert time.monotonic() < deadline, f"{path} never went away"
        time.sleep(0.1)


@pytest.mark.parametrize("example", ["create-update-delete-deployment", "dynamic-create-update-delete-deployment"])
def test_create_update_delete_deployment_examples(apiserver, example):
    path = "/apis/apps/v1/namespaces/default/deployments/demo-deployment"
    _remove_finalizers_and_wait(apiserver, path)  # a run before this one that did not finish
    try:
        proc = subprocess.run(
            [sys.executable, str(REPO / "examples" / example / "main.py"), "--kubeconfig", str(apiserver.kubeconfig)],
            input="\n\n\n",
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
        assert proc.returncode == 0, proc.stderr
        lines = proc.stdout.splitlines()
        listed = [ln for ln in lines if ln.startswith(" * ")]
        assert " * demo-deployment (1 replicas)" in listed
        assert [ln for ln in lines if not ln.startswith(" * ")] == [
            "Creating deployment...",
            'Created deployment "demo-deployment".',
            "-> Press Return key to continue.",
            "Updating deployment...",
            "Updated deployment...",
            "-> Press Return key to continue.",
            'Listing deployments in namespace "default":',
            "-> Press Return key to continue.",
            "Deleting deployment...",
            "Deleted deployment.",
        ]
        code, body = apiserver.request("GET", path)
        assert code == 200 and "deletionTimestamp" in body["metadata"], body
        assert body["spec"]["replicas"] == 1
        assert body["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.13"
    finally:
        _remove_finalizers_and_wait(apiserver, path)


def test_out_of_cluster_client_configuration_example(apiserver):
    program = _Program(
        REPO / "examples" / "out-of-cluster-client-configuration" / "main.py", "--kubeconfig", apiserver.kubeconfig
    )
    try:
        program.wait_for("Pod example-xxxxx in namespace default not found")
    finally:
        code, stderr = program.interrupt()
    assert code == 0, stderr
    counts = [line for line in program.seen if line.startswith("There are ")]
    assert len(counts) == 1 and counts[0].endswith(" pods in the cluster"), program.seen
    assert int(counts[0].split()[2]) >= 0


def test_leader_election_example(apiserver, namespace):
    """Two candidates: the first leads; stopped, it gives the lease up at once and the second takes over."""

    def candidate(identity):
        return _Program(
            REPO / "examples" / "leader-election" / "main.py",
            "--kubeconfig",
            apiserver.kubeconfig,
            "--lease-lock-name",
            "example",
            "--lease-lock-namespace",
            namespace,
            "--id",
            identity,
            merge_stderr=True,
        )

    first = candidate("one")
    second = None
    try:
        first.wait_for("Controller loop...")
        second = candidate("two")
        second.wait_for("New leader elected identity=one")
        code, _ = first.interrupt()
        assert code == 0, first.seen
        while first.lines.qsize():
            first.seen.append(first.lines.get())
        assert first.seen[-3:] == [
            "Received termination, signaling shutdown",
            "Leader lost identity=one",
            "Performing cleanup operations...",
        ], first.seen
        second.wait_for("Controller loop...")  # the released lease is taken within a retry period (5 s)
    finally:
        if first.proc.poll() is None:
            first.interrupt()
        if second is not None:
            code, _ = second.interrupt()
    assert code == 0
    while second.lines.qsize():
        second.seen.append(second.lines.get())
    assert second.seen[-2:] == ["Leader lost identity=two", "Performing cleanup operations..."], second.seen


def test_in_cluster_client_configuration_example(apiserver, tmp_path):
    """Run as a pod would: KUBERNETES_SERVICE_HOST/PORT set, the service account's token and CA in files (here the
    admin's token and the cluster's CA, the files' paths pointed at from a runner)."""
    token = tmp_path / "token"
    token.write_text(apiserver.admin_token)
    host, _, port = apiserver.url.removeprefix("https://").rpartition(":")
    runner = (
        f"import runpy, kubernetes_py.rest.config as c; c.TOKEN_FILE = {str(token)!r}; "
        f"c.ROOT_CA_FILE = {str(apiserver.ca_file)!r}; "
        f"runpy.run_path({str(REPO / 'examples' / 'in-cluster-client-configuration' / 'main.py')!r}, "
        "run_name='__main__')"
    )
    program = _Program("-c", runner, env={"KUBERNETES_SERVICE_HOST": host, "KUBERNETES_SERVICE_PORT": port})
    try:
        program.wait_for("Pod example-xxxxx not found in default namespace")
    finally:
        code, stderr = program.interrupt()
    assert code == 0, stderr
    assert [line for line in program.seen if line.startswith("There are ")][0].endswith(" pods in the cluster")
