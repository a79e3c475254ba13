"""The sample-controller port (examples/sample-controller) beside Go's kubernetes/sample-controller v0.37.1 (built
from the Go module proxy) on one real kube-apiserver: the same script of creates, changes and deletes, run once
under each controller in a namespace of its own, leaves the same Deployments (spec, labels, owner references,
managed fields), the same Foos (spec, status, managed fields) and the same distinct events.

Both controllers watch every namespace, so they run one after the other, never together (two controllers on one
Foo would hide a missing reconcile of either): Go's first in its namespace, stopped, its Foos and Deployments
deleted once the snapshot is taken; then ours in the other namespace. The script waits, after each step, for the
outcome it expects (a step a controller never completes times out, naming it), then for the namespace to stay
unchanged for a while before the snapshot. Both controllers are processes of their own, stopped by a signal and
waited for.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from kubernetes_py import context
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from tests.conftest import CACHE, REPO, _unavailable
from tests.integration.test_sample_controller import EXAMPLE, FOOS, TIMEOUT, _eventually, _foo, foo_crd  # noqa: F401

CTX = context.todo()
GO_MODULE = "k8s.io/sample-controller@v0.37.1"
DEPLOYMENTS = GroupVersionResource("apps", "v1", "deployments")
EVENTS = GroupVersionResource("", "v1", "events")
MERGE = "application/merge-patch+json"
SETTLE = 1.5
"""Seconds the namespace must stay unchanged before the snapshot."""


@pytest.fixture(scope="module")
def go_sample_controller():
    """Go's sample-controller binary, built once (`go install` from the module proxy) and cached across runs."""
    out_dir = CACHE / "oracle" / "sample-controller-v0.37.1"
    binary = out_dir / "sample-controller"
    if binary.exists():
        return binary
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so Go's sample-controller cannot be built")
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["go", "install", GO_MODULE],
        cwd="/tmp",
        capture_output=True,
        text=True,
        env={**os.environ, "GOBIN": str(out_dir), "GOFLAGS": "-mod=mod"},
    )
    if proc.returncode != 0:
        pytest.fail(f"building {GO_MODULE} failed:\n{proc.stderr}")
    return binary


class _Controller:
    """A controller process; its output goes to a file (no pipe to fill), shown when a step fails."""

    def __init__(self, argv: list[str], log_path, stop_signal: int):
        self.log_path = log_path
        self.stop_signal = stop_signal
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            argv, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )

    def output(self) -> str:
        return self.log_path.read_text()

    def stop(self) -> int:
        """Signals the process and waits for it (killing it after TIMEOUT); returns its exit code."""
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(self.stop_signal)
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"still running {TIMEOUT}s after the signal:\n{self.output()[-3000:]}") from None
        finally:
            self.log.close()


def _deployment(name: str, replicas: int) -> Unstructured:
    labels = {"app": "other"}
    return Unstructured(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}},
            },
        }
    )


def _managed(obj: dict, uids: dict) -> list:
    """(manager, operation, subresource, fields) of each managedFields entry, with ``uids`` (uid -> what it
    names) replaced in the fields (owner references are keyed by UID)."""
    entries = []
    for m in obj["metadata"].get("managedFields", []):
        fields = json.dumps(m.get("fieldsV1"), sort_keys=True)
        for uid, label in uids.items():
            fields = fields.replace(uid, label)
        entries.append((m.get("manager", ""), m.get("operation", ""), m.get("subresource", ""), fields))
    return sorted(entries)


def snapshot(client, ns: str) -> dict:
    """What the controller is responsible for in ``ns``, free of names of the run (UIDs, times, versions)."""
    foos = {f["metadata"]["name"]: f for f in (o.object for o in client.resource(FOOS).namespace(ns).list(CTX).items)}
    uids = {f["metadata"]["uid"]: name for name, f in foos.items()}
    deployments = {}
    for d in (o.object for o in client.resource(DEPLOYMENTS).namespace(ns).list(CTX).items):
        refs = d["metadata"].get("ownerReferences", [])
        names = {
            ref["uid"]: f"uid of Foo {uids[ref['uid']]}" if ref["uid"] in uids else "a deleted object" for ref in refs
        }
        owners = [{**ref, "uid": names[ref["uid"]]} for ref in refs]
        deployments[d["metadata"]["name"]] = {
            "labels": d["metadata"].get("labels"),
            "annotations": d["metadata"].get("annotations"),
            "ownerReferences": owners,
            "spec": d["spec"],
            "managed": _managed(d, names),
        }
    events = sorted(
        {
            (
                e["involvedObject"]["kind"],
                e["involvedObject"]["name"],
                e["type"],
                e["reason"],
                e["message"],
                e.get("source", {}).get("component", ""),
            )
            for e in (o.object for o in client.resource(EVENTS).namespace(ns).list(CTX).items)
        }
    )
    return {
        "deployments": deployments,
        "events": events,
        "foos": {
            name: {"spec": f["spec"], "status": f.get("status"), "managed": _managed(f, {})} for name, f in foos.items()
        },
    }


def run_script(client, ns: str, controller: _Controller) -> dict:
    """Creates, changes and deletes Foos and Deployments in ``ns``, waiting after each step for the controller's
    answer; returns the settled snapshot."""
    foos = client.resource(FOOS).namespace(ns)
    deployments = client.resource(DEPLOYMENTS).namespace(ns)

    def eventually(cond, what):
        try:
            return _eventually(cond, what)
        except AssertionError as err:
            raise AssertionError(f"{err}; the controller printed:\n{controller.output()[-4000:]}") from None

    def deployment(name):
        return deployments.get(CTX, name).object

    def foo_status(name):
        return foos.get(CTX, name).object.get("status")

    def patch(resource, name, body, *subresources):
        resource.patch(CTX, name, MERGE, json.dumps(body).encode(), metav1.PatchOptions(), *subresources)

    # 1. a Deployment nobody owns; Foos with 1 and 2 replicas, one without replicas, one naming the foreign one
    deployments.create(CTX, _deployment("other", 2))
    foos.create(CTX, _foo("foo-a", "a-deploy", 1))
    foos.create(CTX, _foo("foo-b", "b-deploy", 2))
    no_replicas = _foo("foo-c", "c-deploy", 0)
    del no_replicas.object["spec"]["replicas"]
    foos.create(CTX, no_replicas)
    foos.create(CTX, _foo("foo-d", "other", 4))
    for name in ("a", "b", "c"):
        eventually(lambda: deployment(f"{name}-deploy"), f"{name}-deploy to be created")
        eventually(lambda: foo_status(f"foo-{name}") is not None, f"the status of foo-{name}")
    eventually(
        lambda: any(e[3] == "ErrResourceExists" for e in snapshot(client, ns)["events"]),
        "the ErrResourceExists event of foo-d",
    )

    # 2. more replicas for foo-a; the (absent) deployment controller reports b-deploy's replicas available
    patch(foos, "foo-a", {"spec": {"replicas": 3}})
    patch(
        deployments,
        "b-deploy",
        {
            "status": {
                "replicas": 2,
                "readyReplicas": 2,
                "availableReplicas": 2,
                "updatedReplicas": 2,
                "observedGeneration": 1,
            }
        },
        "status",
    )
    eventually(lambda: deployment("a-deploy")["spec"]["replicas"] == 3, "a-deploy to have 3 replicas")
    eventually(lambda: foo_status("foo-b") == {"availableReplicas": 2}, "foo-b's status to show 2 available")

    # 3. a deleted Deployment is recreated
    first_uid = deployment("a-deploy")["metadata"]["uid"]
    deployments.delete(CTX, "a-deploy")
    eventually(lambda: deployment("a-deploy")["metadata"]["uid"] != first_uid, "a-deploy to be recreated")

    # 4. foo-b names another Deployment; foo-c goes (its Deployment stays: no garbage collector runs here)
    patch(foos, "foo-b", {"spec": {"deploymentName": "b2-deploy"}})
    foos.delete(CTX, "foo-c")
    eventually(lambda: deployment("b2-deploy"), "b2-deploy to be created")
    eventually(lambda: foo_status("foo-b") == {"availableReplicas": 0}, "foo-b's status to follow b2-deploy")

    deadline = time.monotonic() + TIMEOUT
    last, since = snapshot(client, ns), time.monotonic()
    while time.monotonic() - since < SETTLE:
        assert time.monotonic() < deadline, f"{ns} never settled; the controller printed:\n{controller.output()}"
        time.sleep(0.25)
        now = snapshot(client, ns)
        if now != last:
            last, since = now, time.monotonic()
    return last


def _cleanup(client, ns: str) -> None:
    """Deletes the Foos, then the Deployments of ``ns`` (no garbage collector or namespace controller runs), so
    that the next controller finds nothing of this run."""
    for resource in (FOOS, DEPLOYMENTS):
        for obj in client.resource(resource).namespace(ns).list(CTX).items:
            client.resource(resource).namespace(ns).delete(CTX, obj.get_name())


def _difference(part: str, go, python) -> str:
    """The first differing entries of one part of the snapshots, as JSON lines."""
    lines = [f"{part} differ"]
    if isinstance(go, dict):
        for name in sorted(set(go) | set(python)):
            if go.get(name) != python.get(name):
                lines += [
                    f"{name}: Go:     {json.dumps(go.get(name), sort_keys=True)}",
                    f"{name}: Python: {json.dumps(python.get(name), sort_keys=True)}",
                ]
    else:
        lines += [f"Go:     {json.dumps(go)}", f"Python: {json.dumps(python)}"]
    return "\n".join(lines)


def test_python_and_go_sample_controllers_leave_the_same_state(
    apiserver,
    foo_crd,
    go_sample_controller,  # noqa: F811
    tmp_path,
):
    client, _kube = foo_crd
    threads_before = set(threading.enumerate())
    namespaces = {}
    for who in ("go", "python"):
        ns = f"samplectl-{who}-{uuid.uuid4().hex[:6]}"
        code, body = apiserver.request("POST", "/api/v1/namespaces", {"metadata": {"name": ns}})
        assert code == 201, body
        namespaces[who] = ns
    try:
        snapshots = {}
        for who, argv, stop_signal in (
            ("go", [str(go_sample_controller), f"-kubeconfig={apiserver.kubeconfig}"], signal.SIGTERM),
            (
                "python",
                [sys.executable, str(EXAMPLE / "main.py"), "--kubeconfig", str(apiserver.kubeconfig)],
                signal.SIGINT,
            ),
        ):
            controller = _Controller(argv, tmp_path / f"{who}.log", stop_signal)
            try:
                snapshots[who] = run_script(client, namespaces[who], controller)
            finally:
                code = controller.stop()
            assert code == 0, controller.output()[-3000:]
            _cleanup(client, namespaces[who])
        go, python = snapshots["go"], snapshots["python"]
        # the script's outcome, so that the comparison below cannot pass on two empty namespaces
        assert sorted(go["deployments"]) == ["a-deploy", "b-deploy", "b2-deploy", "c-deploy", "other"]
        assert go["deployments"]["a-deploy"]["spec"]["replicas"] == 3
        assert go["deployments"]["c-deploy"]["ownerReferences"][0]["uid"] == "a deleted object"
        assert go["foos"]["foo-d"]["status"] is None and go["deployments"]["other"]["ownerReferences"] == []
        assert (
            "Foo",
            "foo-d",
            "Warning",
            "ErrResourceExists",
            'Resource "other" already exists and is not managed by Foo',
            "sample-controller",
        ) in go["events"]
        for part in ("deployments", "foos", "events"):
            assert python[part] == go[part], _difference(part, go[part], python[part])
    finally:
        for ns in namespaces.values():
            apiserver.request("DELETE", f"/api/v1/namespaces/{ns}")
    leaked = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert not leaked, leaked
