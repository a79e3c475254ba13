"""The local API server is real: kubectl (built on client-go) and raw HTTPS requests see a working cluster."""

from __future__ import annotations

import json
import subprocess
import threading
import time


def kubectl(kubeconfig, *args, check=True, timeout=60):
    proc = subprocess.run(
        ["kubectl", f"--kubeconfig={kubeconfig}", *args], capture_output=True, text=True, timeout=timeout
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"kubectl {' '.join(args)} failed: {proc.stderr}")
    return proc


def test_version_is_the_pinned_release(apiserver):
    code, body = apiserver.request("GET", "/version")
    assert code == 200
    assert body["gitVersion"] == f"v{apiserver.version}"
    assert (body["major"], body["minor"]) == tuple(apiserver.version.split(".")[:2])
    out = kubectl(apiserver.kubeconfig, "version", "--output=json").stdout
    assert json.loads(out)["serverVersion"]["gitVersion"] == f"v{apiserver.version}"


def test_namespace_and_configmap_lifecycle(apiserver, namespace):
    kc = apiserver.kubeconfig
    kubectl(kc, "-n", namespace, "create", "configmap", "web", "--from-literal=color=blue")
    got = json.loads(kubectl(kc, "-n", namespace, "get", "configmap", "web", "-o", "json").stdout)
    assert got["data"] == {"color": "blue"}
    assert got["metadata"]["namespace"] == namespace
    kubectl(kc, "-n", namespace, "delete", "configmap", "web")
    gone = kubectl(kc, "-n", namespace, "get", "configmap", "web", check=False)
    assert gone.returncode != 0
    assert 'configmaps "web" not found' in gone.stderr


def test_watch_sees_the_change(apiserver, namespace):
    watcher = subprocess.Popen(
        [
            "kubectl",
            f"--kubeconfig={apiserver.kubeconfig}",
            "-n",
            namespace,
            "get",
            "configmaps",
            "--watch-only",
            "--output-watch-events",
            "-o",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    events = []
    done = threading.Event()

    def read():
        decoder = json.JSONDecoder()
        buf = ""
        for line in watcher.stdout:
            buf += line
            try:
                event, _ = decoder.raw_decode(buf.strip())
            except ValueError:
                continue
            buf = ""
            events.append(event)
            if event["object"]["metadata"]["name"] == "watched" and event["type"] == "DELETED":
                done.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        time.sleep(1.5)  # let the watch be established before the changes
        kubectl(apiserver.kubeconfig, "-n", namespace, "create", "configmap", "watched", "--from-literal=a=1")
        kubectl(apiserver.kubeconfig, "-n", namespace, "patch", "configmap", "watched", "-p", '{"data":{"a":"2"}}')
        kubectl(apiserver.kubeconfig, "-n", namespace, "delete", "configmap", "watched")
        assert done.wait(30), f"watch saw only {[(e['type']) for e in events]}"
    finally:
        watcher.terminate()
        watcher.wait()
    seen = [(e["type"], e["object"]["data"]["a"]) for e in events if e["object"]["metadata"]["name"] == "watched"]
    assert seen == [("ADDED", "1"), ("MODIFIED", "2"), ("DELETED", "2")]


def test_unauthenticated_request_gets_401(apiserver):
    code, body = apiserver.request("GET", "/api/v1/namespaces", token="")
    assert code == 401
    assert body["reason"] == "Unauthorized"
    code, _ = apiserver.request("GET", "/api/v1/namespaces", token="not-a-valid-token")
    assert code == 401


def test_user_without_rbac_rights_gets_403(apiserver, namespace, tmp_path):
    cert = apiserver.mint_client_cert("alice", groups=("developers",))
    kc = apiserver.kubeconfig_for(tmp_path / "alice.kubeconfig", cert=cert, user="alice")
    who = kubectl(kc, "auth", "whoami", "-o", "json", check=False)
    if who.returncode == 0:
        assert json.loads(who.stdout)["status"]["userInfo"]["username"] == "alice"
    proc = kubectl(kc, "-n", namespace, "get", "pods", check=False)
    assert proc.returncode != 0
    assert 'User "alice" cannot list resource "pods"' in proc.stderr
    assert "Forbidden" in proc.stderr


def test_client_certificate_with_rbac_binding_is_allowed(apiserver, namespace, tmp_path):
    kubectl(apiserver.kubeconfig, "-n", namespace, "create", "configmap", "visible", "--from-literal=k=v")
    # A Role of its own: the aggregated "view" ClusterRole needs kube-controller-manager, which does not run here.
    kubectl(
        apiserver.kubeconfig, "-n", namespace, "create", "role", "cm-reader", "--verb=get,list", "--resource=configmaps"
    )
    kubectl(
        apiserver.kubeconfig, "-n", namespace, "create", "rolebinding", "bob-reads", "--role=cm-reader", "--user=bob"
    )
    cert = apiserver.mint_client_cert("bob")
    kc = apiserver.kubeconfig_for(tmp_path / "bob.kubeconfig", cert=cert, user="bob")
    deadline = time.monotonic() + 10
    while True:  # RBAC caches update within moments of the binding's creation
        proc = kubectl(kc, "-n", namespace, "get", "configmaps", "-o", "name", check=False)
        if proc.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["configmap/visible"]
