#!/usr/bin/env python3
"""A real kube-apiserver with a real etcd on loopback, for tests and the demo (what envtest is to Go), and on
request the rest of a cluster: kube-controller-manager, kube-scheduler and kwok's simulated nodes.

`LocalCluster().start()` builds (or reuses) the binaries of the pinned release with hack/build-apiserver.sh,
generates a CA and the server's certificates, starts etcd and kube-apiserver on free loopback ports with TLS,
an admin bearer token, client-certificate authentication, RBAC and a service-account signing key, and writes an
admin kubeconfig. `stop()` ends every process and removes every file it made.

`LocalCluster(components=WHOLE_CLUSTER)` also builds (hack/build-cluster.sh) and starts the controller-manager
(its controllers each with their own service account, the token controller among them, so the ServiceAccount
admission plugin is on), the scheduler and kwok managing `nodes` Nodes, each with its own client certificate and
RBAC identity, serving on loopback with certificates of the cluster's CA. kwok acts as the nodes' kubelet: pods
bound to them become Running and Ready, and its kubelet endpoints (the API server's kubelet client reaches them
with its own client certificate, verified against the CA) serve pods/log and pods/attach from `pod_logs_file`,
run pods/exec commands on this machine in `exec_dir`, and connect pods/portforward to `port_forward_address`
(hack/kwok/debugging.yaml).

Run as a script it starts the whole cluster, prints where, and waits for Ctrl-C.
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import queue
import secrets
import shutil
import signal
import socket
import ssl
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HACK = Path(__file__).resolve().parent
ADMIN_USER = "kubernetes-py-admin"
SERVICE_CIDR = "10.0.0.0/24"
POD_CIDR = "10.244.0.0/16"

CONTROLLER_MANAGER = "kube-controller-manager"
SCHEDULER = "kube-scheduler"
KWOK = "kwok"
WHOLE_CLUSTER = (CONTROLLER_MANAGER, SCHEDULER, KWOK)
# The annotation that marks the Nodes kwok manages (the one its own manifests use).
KWOK_NODE_ANNOTATION = ("kwok.x-k8s.io/node", "fake")
KWOK_USER = "kubernetes-py:kwok"
# kwok's Stage configurations used (hack/build-cluster.sh copies them from its release): no node status heartbeat,
# the node Leases kwok renews keep its Nodes Ready.
KWOK_STAGES = ("node-initialize", "pod-ready", "pod-complete", "pod-delete")
KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client"
# Stopped in this order: what uses the API server, then the API server, then etcd.
_STOP_ORDER = (KWOK, SCHEDULER, CONTROLLER_MANAGER, "kube-apiserver", "etcd")


def pinned_version() -> str:
    """The Kubernetes release hack/versions.env pins, e.g. "1.37.1"."""
    for line in (HACK / "versions.env").read_text().splitlines():
        if line.startswith("KUBE_VERSION="):
            return line.split("=", 1)[1].strip()
    raise RuntimeError("hack/versions.env does not set KUBE_VERSION")


def build_binaries() -> Path:
    """Builds kube-apiserver and etcd if they are not cached yet; returns the directory that holds them."""
    proc = subprocess.run(["bash", str(HACK / "build-apiserver.sh")], stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"hack/build-apiserver.sh failed with exit code {proc.returncode}")
    return Path(proc.stdout.strip().splitlines()[-1])


def build_cluster_binaries() -> tuple[Path, Path]:
    """Builds kube-controller-manager, kube-scheduler and kwok if they are not cached yet; returns the directory
    of the first two (kube-apiserver's) and kwok's (the binary and its stages/)."""
    proc = subprocess.run(["bash", str(HACK / "build-cluster.sh")], stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"hack/build-cluster.sh failed with exit code {proc.returncode}")
    kube, kwok = proc.stdout.strip().splitlines()[-2:]
    return Path(kube), Path(kwok)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel kills it when the thread that started it ends (PR_SET_PDEATHSIG).

    That thread is always the spawner thread below, which lives as long as the process: a test that restarts the
    API server from a short-lived thread does not see it die with that thread, and a test process that is killed
    leaves nothing behind (SIGKILL: an API server told to terminate gracefully can wait for a gone etcd forever).
    """
    os.setsid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)


class _Spawner:
    """One daemon thread, alive as long as the process, that starts every child (see _die_with_parent)."""

    def __init__(self) -> None:
        self._requests: "queue.Queue[tuple[dict, queue.Queue]]" = queue.Queue()
        # Started at import, before any test looks at the threads it leaves behind.
        threading.Thread(target=self._run, name="localcluster spawner", daemon=True).start()

    def popen(self, argv: list[str], **kwargs) -> subprocess.Popen:
        answer: "queue.Queue" = queue.Queue(maxsize=1)
        self._requests.put(({"args": argv, **kwargs}, answer))
        ok, value = answer.get()
        if not ok:
            raise value
        return value

    def _run(self) -> None:
        while True:
            kwargs, answer = self._requests.get()
            try:
                answer.put((True, subprocess.Popen(preexec_fn=_die_with_parent, **kwargs)))
            except BaseException as err:  # noqa: BLE001 - raised in the caller's thread
                answer.put((False, err))


_spawner = _Spawner()


def _openssl(*args: str, cwd: Path) -> None:
    proc = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {proc.stderr.strip()}")


class PKI:
    """A CA that signs the serving certificate and client certificates, kept in one private directory."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.ca_cert = directory / "ca.crt"
        self.ca_key = directory / "ca.key"
        _openssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "3650",
            "-subj",
            "/CN=kubernetes-py-test-ca",
            cwd=directory,
        )
        os.chmod(self.ca_key, 0o600)

    def _sign(self, name: str, subject: str, extensions: str) -> tuple[Path, Path]:
        key, csr, crt, ext = (f"{name}.key", f"{name}.csr", f"{name}.crt", f"{name}.ext")
        (self.dir / ext).write_text(extensions)
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", subject, cwd=self.dir)
        os.chmod(self.dir / key, 0o600)
        _openssl(
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            crt,
            "-days",
            "365",
            "-extfile",
            ext,
            cwd=self.dir,
        )
        (self.dir / csr).unlink()
        (self.dir / ext).unlink()
        return self.dir / crt, self.dir / key

    def serving_cert(self) -> tuple[Path, Path]:
        return self._sign(
            "apiserver",
            "/CN=kube-apiserver",
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\n"
            "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,"
            "DNS:kubernetes.default,DNS:kubernetes.default.svc\n",
        )

    def loopback_serving_cert(self, name: str) -> tuple[Path, Path]:
        """A serving certificate for 127.0.0.1 and localhost (a component's own HTTPS endpoint)."""
        return self._sign(
            name,
            f"/CN={name}",
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n",
        )

    def client_cert(self, user: str, groups: tuple[str, ...] = ()) -> tuple[Path, Path]:
        """A client certificate for `user` in `groups` (CN is the user name, O the groups), signed by the CA."""
        subject = "".join(f"/O={g}" for g in groups) + f"/CN={user}"
        safe = "".join(c if c.isalnum() else "_" for c in user) + "-" + secrets.token_hex(4)
        return self._sign(
            f"client-{safe}",
            subject,
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n",
        )


@dataclass
class ClientCert:
    cert_file: Path
    key_file: Path


class LocalCluster:
    """etcd and kube-apiserver on loopback, and the `components` asked for (any of WHOLE_CLUSTER) with `nodes`
    kwok Nodes. Use as a context manager or call start() and stop()."""

    def __init__(self, log=None, components: tuple[str, ...] = (), nodes: int = 3):
        unknown = set(components) - set(WHOLE_CLUSTER)
        if unknown:
            raise ValueError(f"unknown components {sorted(unknown)}; known: {', '.join(WHOLE_CLUSTER)}")
        self._log = log or (lambda msg: None)
        self._procs: list[tuple[str, subprocess.Popen]] = []
        self._argv: dict[str, list[str]] = {}
        self.dir: Path | None = None
        self.version = pinned_version()
        self.components = tuple(c for c in WHOLE_CLUSTER if c in components)
        self.nodes = [f"kwok-node-{i}" for i in range(nodes)] if KWOK in self.components else []
        # Each component's kubeconfig (its own client certificate), by component name; filled by start().
        self.kubeconfigs: dict[str, Path] = {}

    # Filled by start().
    url: str
    etcd_url: str
    kubeconfig: Path
    ca_file: Path
    admin_token: str
    pki: PKI
    # Filled by start() when kwok runs.
    pod_logs_file: Path
    exec_dir: Path
    port_forward_address: tuple[str, int]

    def __enter__(self) -> "LocalCluster":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 120.0) -> "LocalCluster":
        bindir = build_binaries()
        if self.components:
            kube_dir, kwok_dir = build_cluster_binaries()
        self.dir = Path(tempfile.mkdtemp(prefix="kubernetes-py-cluster-"))
        os.chmod(self.dir, 0o700)
        try:
            self._start(bindir, timeout)
            if self.components:
                self._start_components(kube_dir, kwok_dir, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, bindir: Path, timeout: float) -> None:
        pki_dir = self.dir / "pki"
        pki_dir.mkdir(mode=0o700)
        self._log("generating certificates")
        self.pki = PKI(pki_dir)
        self.ca_file = self.pki.ca_cert
        serving_cert, serving_key = self.pki.serving_cert()
        _openssl("genrsa", "-out", "sa.key", "2048", cwd=pki_dir)
        os.chmod(pki_dir / "sa.key", 0o600)
        _openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub", cwd=pki_dir)
        self.admin_token = secrets.token_urlsafe(32)
        tokens = self.dir / "tokens.csv"
        tokens.write_text(f'{self.admin_token},{ADMIN_USER},{ADMIN_USER}-uid,"system:masters"\n')
        os.chmod(tokens, 0o600)

        kubelet_client = self.pki.client_cert(KUBELET_CLIENT_USER, ("system:masters",))
        etcd_port, peer_port, api_port = _free_port(), _free_port(), _free_port()
        etcd_url = self.etcd_url = f"http://127.0.0.1:{etcd_port}"
        self._spawn(
            "etcd",
            [
                str(bindir / "etcd"),
                "--name=default",
                f"--data-dir={self.dir / 'etcd'}",
                f"--listen-client-urls={etcd_url}",
                f"--advertise-client-urls={etcd_url}",
                f"--listen-peer-urls=http://127.0.0.1:{peer_port}",
                f"--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}",
                f"--initial-cluster=default=http://127.0.0.1:{peer_port}",
                "--unsafe-no-fsync",
                "--log-level=warn",
            ],
        )
        self.url = f"https://127.0.0.1:{api_port}"
        self._spawn(
            "kube-apiserver",
            [
                str(bindir / "kube-apiserver"),
                f"--etcd-servers={etcd_url}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                f"--secure-port={api_port}",
                f"--cert-dir={self.dir / 'certs'}",
                f"--tls-cert-file={serving_cert}",
                f"--tls-private-key-file={serving_key}",
                f"--client-ca-file={self.ca_file}",
                f"--token-auth-file={tokens}",
                "--anonymous-auth=false",
                "--authorization-mode=RBAC",
                f"--service-cluster-ip-range={SERVICE_CIDR}",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                f"--service-account-key-file={pki_dir / 'sa.pub'}",
                f"--service-account-signing-key-file={pki_dir / 'sa.key'}",
                # kwok's kubelet endpoints, reached at each Node's InternalIP and kubelet port.
                f"--kubelet-certificate-authority={self.ca_file}",
                f"--kubelet-client-certificate={kubelet_client[0]}",
                f"--kubelet-client-key={kubelet_client[1]}",
                "--kubelet-preferred-address-types=InternalIP",
                # Without the controller-manager nothing creates each namespace's "default" service account.
                *([] if CONTROLLER_MANAGER in self.components else ["--disable-admission-plugins=ServiceAccount"]),
                # 127.0.0.1 cannot be published in the "kubernetes" Service endpoints; nothing here needs them.
                "--endpoint-reconciler-type=none",
                # Serve every group/version the release has, alpha and beta included, so every client is exercised.
                "--runtime-config=api/all=true",
                "--allow-privileged=true",
                "--v=1",
            ],
        )
        self._wait_ready(timeout)
        self.kubeconfig = self.dir / "admin.kubeconfig"
        self.kubeconfig.write_text(self.kubeconfig_for(token=self.admin_token))
        os.chmod(self.kubeconfig, 0o600)

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        self._argv[name] = argv
        log = open(self.dir / f"{name}.log", "ab")
        self._log(f"starting {name}")
        proc = _spawner.popen(
            argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.dir, env=env
        )
        log.close()
        self._procs.append((name, proc))

    def _log_tail(self, name: str, lines: int = 30) -> str:
        try:
            text = (self.dir / f"{name}.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _wait_ready(self, timeout: float) -> None:
        ctx = ssl.create_default_context(cafile=str(self.ca_file))
        request = urllib.request.Request(self.url + "/readyz", headers={"Authorization": f"Bearer {self.admin_token}"})
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            for name, proc in self._procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {proc.returncode}:\n{self._log_tail(name)}")
            try:
                with urllib.request.urlopen(request, context=ctx, timeout=5) as resp:
                    if resp.status == 200:
                        self._log(f"kube-apiserver ready at {self.url}")
                        return
            except urllib.error.HTTPError as err:
                last = f"HTTP {err.code}"
            except (urllib.error.URLError, OSError) as err:
                last = str(err)
            time.sleep(0.5)
        raise RuntimeError(
            f"kube-apiserver was not ready after {timeout:.0f}s ({last}):\n{self._log_tail('kube-apiserver')}"
        )

    def _start_components(self, kube_dir: Path, kwok_dir: Path, timeout: float) -> None:
        """Starts the components asked for, each as its own user, and waits until each does its job."""
        deadline = time.monotonic() + timeout
        health: list[tuple[str, str]] = []
        for name in (CONTROLLER_MANAGER, SCHEDULER):
            if name not in self.components:
                continue
            kubeconfig = self._component_kubeconfig(name, f"system:{name}")
            serving_cert, serving_key = self.pki.loopback_serving_cert(name)
            port = _free_port()
            argv = [
                str(kube_dir / name),
                f"--kubeconfig={kubeconfig}",
                f"--authentication-kubeconfig={kubeconfig}",
                f"--authorization-kubeconfig={kubeconfig}",
                "--bind-address=127.0.0.1",
                f"--secure-port={port}",
                f"--tls-cert-file={serving_cert}",
                f"--tls-private-key-file={serving_key}",
                # One instance: a lost lease (the API server down for a fault test) must not end it.
                "--leader-elect=false",
                "--v=1",
            ]
            if name == CONTROLLER_MANAGER:
                pki_dir = self.dir / "pki"
                argv += [
                    "--use-service-account-credentials=true",
                    f"--service-account-private-key-file={pki_dir / 'sa.key'}",
                    f"--root-ca-file={self.ca_file}",
                    f"--cluster-signing-cert-file={self.ca_file}",
                    f"--cluster-signing-key-file={self.pki.ca_key}",
                    f"--service-cluster-ip-range={SERVICE_CIDR}",
                ]
            self._spawn(name, argv)
            health.append((name, f"https://127.0.0.1:{port}/healthz"))
        if KWOK in self.components:
            port = self._start_kwok(kwok_dir)
            health.append((KWOK, f"https://127.0.0.1:{port}/healthz"))
        for name, url in health:
            self._wait(name, lambda url=url: _get_ok(url, self.ca_file), deadline)
        if CONTROLLER_MANAGER in self.components:
            # The serviceaccount controller at work: pods can be admitted in these namespaces.
            for ns in ("default", "kube-system"):
                self._wait(
                    f"service account {ns}/default",
                    lambda ns=ns: self.request("GET", f"/api/v1/namespaces/{ns}/serviceaccounts/default")[0] == 200,
                    deadline,
                )
        if self.nodes:
            self._wait(f"{len(self.nodes)} Ready kwok nodes", self._nodes_ready, deadline)

    def _component_kubeconfig(self, name: str, user: str, groups: tuple[str, ...] = ()) -> Path:
        path = self.dir / f"{name}.kubeconfig"
        path.write_text(self.kubeconfig_for(cert=self.mint_client_cert(user, groups), user=user))
        os.chmod(path, 0o600)
        self.kubeconfigs[name] = path
        return path

    def _start_kwok(self, kwok_dir: Path) -> int:
        """Creates kwok's RBAC identity and its Nodes, writes its configuration and starts it; returns its port."""
        self._must(
            "POST",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles",
            {
                "metadata": {"name": KWOK_USER},
                "rules": [
                    {"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list", "watch"]},
                    {"apiGroups": [""], "resources": ["nodes/status", "pods/status"], "verbs": ["patch", "update"]},
                    {
                        "apiGroups": [""],
                        "resources": ["pods"],
                        "verbs": ["get", "list", "watch", "patch", "update", "delete"],
                    },
                    {"apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch", "update"]},
                    {
                        "apiGroups": ["coordination.k8s.io"],
                        "resources": ["leases"],
                        "verbs": ["get", "list", "watch", "create", "patch", "update"],
                    },
                ],
            },
        )
        self._must(
            "POST",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            {
                "metadata": {"name": KWOK_USER},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": KWOK_USER},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": KWOK_USER}],
            },
        )
        key, value = KWOK_NODE_ANNOTATION
        for node in self.nodes:
            self._must(
                "POST",
                "/api/v1/nodes",
                {
                    "metadata": {
                        "name": node,
                        "annotations": {key: value},
                        "labels": {"type": "kwok", "kubernetes.io/hostname": node, "kubernetes.io/os": "linux"},
                    }
                },
            )
        work = self.dir / "kwok"
        work.mkdir()
        self.exec_dir = work / "exec"
        self.exec_dir.mkdir()
        self.pod_logs_file = work / "pod.log"
        self.pod_logs_file.write_text(
            "".join(f"2026-01-01T00:00:0{i}.000000000Z stdout F kwok log line {i}\n" for i in range(1, 4))
        )
        self.port_forward_address = ("127.0.0.1", _free_port())
        config = work / "debugging.yaml"
        config.write_text(
            string.Template((HACK / "kwok" / "debugging.yaml").read_text()).substitute(
                logs_file=self.pod_logs_file,
                exec_dir=self.exec_dir,
                forward_address=self.port_forward_address[0],
                forward_port=self.port_forward_address[1],
            )
        )
        stages = [kwok_dir / "stages" / f"{name}.yaml" for name in KWOK_STAGES]
        kubeconfig = self._component_kubeconfig(KWOK, KWOK_USER)
        serving_cert, serving_key = self.pki.loopback_serving_cert(KWOK)
        port = _free_port()
        # HOME: kwok also reads ~/.kwok/kwok.yaml when it exists; only this cluster's files count.
        env = {**os.environ, "HOME": str(work)}
        self._spawn(
            KWOK,
            [
                str(kwok_dir / "kwok"),
                f"--kubeconfig={kubeconfig}",
                *(f"--config={path}" for path in [*stages, config]),
                f"--manage-nodes-with-annotation-selector={key}={value}",
                # The Leases that keep the Nodes Ready (the flag's default, 40, applies only from a config file).
                "--node-lease-duration-seconds=40",
                "--node-ip=127.0.0.1",
                f"--node-port={port}",
                f"--server-address=127.0.0.1:{port}",
                f"--tls-cert-file={serving_cert}",
                f"--tls-private-key-file={serving_key}",
                f"--cidr={POD_CIDR}",
            ],
            env=env,
        )
        return port

    def _nodes_ready(self) -> bool:
        code, body = self.request("GET", "/api/v1/nodes")
        ready = {
            item["metadata"]["name"]
            for item in body.get("items", [])
            if any(c["type"] == "Ready" and c["status"] == "True" for c in item.get("status", {}).get("conditions", []))
        }
        return code == 200 and ready >= set(self.nodes)

    def _wait(self, what: str, ok, deadline: float) -> None:
        """Polls ok() until it is true; fails when a process exits or at the deadline."""
        while True:
            for name, proc in self._procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {proc.returncode}:\n{self._log_tail(name)}")
            try:
                if ok():
                    self._log(f"{what}: ready")
                    return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {name}:\n{self._log_tail(name, 10)}" for name in self.components)
                raise RuntimeError(f"{what} not ready in time:\n{logs}")
            time.sleep(0.5)

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
        """A raw HTTPS request to the API server, as the admin (or with bearer `token`; "" for none), independent
        of the library under test: (status code, decoded JSON body)."""
        headers = {"Accept": "application/json"}
        if token is None:
            token = self.admin_token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        ctx = ssl.create_default_context(cafile=str(self.ca_file))
        try:
            with urllib.request.urlopen(req, context=ctx, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as err:
            payload = err.read()
            try:
                return err.code, json.loads(payload)
            except ValueError:
                return err.code, {"raw": payload.decode(errors="replace")}

    def _must(self, method: str, path: str, body: dict) -> dict:
        code, answer = self.request(method, path, body)
        if code >= 300:
            raise RuntimeError(f"{method} {path}: HTTP {code}: {answer.get('message', answer)}")
        return answer

    def kubeconfig_for(self, token: str | None = None, cert: ClientCert | None = None, user: str = "admin") -> str:
        """A kubeconfig for this server that authenticates with a bearer token or a client certificate."""
        ca_data = base64.b64encode(self.ca_file.read_bytes()).decode()
        if token is not None:
            user_fields = f"    token: {token}\n"
        elif cert is not None:
            user_fields = f"    client-certificate: {cert.cert_file}\n    client-key: {cert.key_file}\n"
        else:
            user_fields = "    {}\n"
        return (
            "apiVersion: v1\nkind: Config\n"
            f"clusters:\n- name: local\n  cluster:\n    server: {self.url}\n"
            f"    certificate-authority-data: {ca_data}\n"
            f"users:\n- name: {user}\n  user:\n{user_fields}"
            f"contexts:\n- name: local\n  context:\n    cluster: local\n    user: {user}\n"
            "current-context: local\n"
        )

    def mint_client_cert(self, user: str, groups: tuple[str, ...] = ()) -> ClientCert:
        """A client certificate the server accepts as `user` in `groups`; files 0600 inside the cluster's directory."""
        return ClientCert(*self.pki.client_cert(user, groups))

    # Faults for tests. On the shared API-server-only session cluster a test needs a LocalCluster of its own; on
    # the whole-cluster session one (the `cluster` fixture) it leaves the cluster working as it found it
    # (started, resumed) and waits until it is.

    def stop_apiserver(self, graceful: bool = False) -> None:
        """Kills kube-apiserver (SIGKILL, as a crash; with ``graceful``, SIGTERM and its shutdown, which waits
        for open watches); etcd and its data stay."""
        for name, proc in list(self._procs):
            if name == "kube-apiserver":
                if graceful:
                    _end(proc)
                elif proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                self._procs.remove((name, proc))

    def start_apiserver(self, timeout: float = 120.0) -> None:
        """Starts kube-apiserver again, on the same port and the same etcd, and waits until it is ready."""
        if any(name == "kube-apiserver" for name, _ in self._procs):
            raise RuntimeError("kube-apiserver is already running")
        self._spawn("kube-apiserver", self._argv["kube-apiserver"])
        self._wait_ready(timeout)

    def restart_apiserver(self, timeout: float = 120.0) -> None:
        self.stop_apiserver()
        self.start_apiserver(timeout)

    def pause(self, name: str) -> None:
        """Stops a running process (SIGSTOP to its process group), as a hang: its connections stay open, it
        answers nothing and renews nothing until resume(). `name`: "etcd", "kube-apiserver" or a component."""
        os.killpg(self._proc(name).pid, signal.SIGSTOP)

    def resume(self, name: str) -> None:
        """Lets a paused process run again (SIGCONT)."""
        os.killpg(self._proc(name).pid, signal.SIGCONT)

    def _proc(self, name: str) -> subprocess.Popen:
        for running, proc in self._procs:
            if running == name and proc.poll() is None:
                return proc
        raise RuntimeError(f"{name} is not running")

    def compact_etcd(self) -> int:
        """Compacts etcd up to a revision newer than any resourceVersion a client has seen (a physical
        compaction, through etcd's gRPC gateway): it first writes a key outside the API server's prefix, so etcd's
        revision moves past the last one the API server reported. Watches and lists at any resourceVersion seen so
        far get 410 Gone once the API server's watch cache no longer has them. Returns the revision."""
        marker = {"key": base64.b64encode(b"/kubernetes-py/compaction").decode(), "value": ""}
        revision = int(_etcd_post(self.etcd_url + "/v3/kv/put", marker)["header"]["revision"])
        _etcd_post(self.etcd_url + "/v3/kv/compaction", {"revision": revision, "physical": True})
        return revision

    def stop(self) -> None:
        """Ends the components, kube-apiserver, then etcd, and removes every file the cluster wrote."""
        for name, proc in sorted(self._procs, key=lambda entry: _STOP_ORDER.index(entry[0])):
            _end(proc)
        self._procs.clear()
        self.kubeconfigs.clear()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        os.killpg(proc.pid, signal.SIGCONT)  # a paused process handles SIGTERM only once it runs
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _get_ok(url: str, ca_file: Path) -> bool:
    """Whether an unauthenticated HTTPS GET of `url` (a health endpoint) answers 200."""
    ctx = ssl.create_default_context(cafile=str(ca_file))
    try:
        with urllib.request.urlopen(url, context=ctx, timeout=5) as resp:
            return resp.status == 200
    except urllib.error.HTTPError:
        return False


def _etcd_post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())


def interrupt(signum, frame):
    """A SIGTERM handler that stops the program the way Ctrl-C does."""
    raise KeyboardInterrupt


def wait_for_interrupt() -> None:
    while True:
        time.sleep(3600)


def main() -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)
    cluster = LocalCluster(log=lambda msg: print(f"localcluster: {msg}", file=sys.stderr), components=WHOLE_CLUSTER)
    try:
        started = time.monotonic()
        cluster.start()
        print(
            f"kube-apiserver v{cluster.version}: {cluster.url} (whole cluster up in {time.monotonic() - started:.1f} s)"
        )
        print(f"running: {', '.join(cluster.components)}; kwok nodes: {', '.join(cluster.nodes)}")
        print(f"kubeconfig (admin): {cluster.kubeconfig}")
        print("Ctrl-C stops it and removes everything it wrote.", flush=True)
        wait_for_interrupt()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
