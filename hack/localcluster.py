#!/usr/bin/env python3
"""A real kube-apiserver with a real etcd on loopback, for tests and the demo (what envtest is to Go).

`LocalCluster().start()` builds (or reuses) the binaries of the pinned release with hack/build-apiserver.sh,
generates a CA and the server's certificates, starts etcd and kube-apiserver on free loopback ports with TLS,
an admin bearer token, client-certificate authentication, RBAC and a service-account signing key, and writes an
admin kubeconfig. `stop()` ends both processes and removes every file it made.

Run as a script it starts a cluster, prints where, and waits for Ctrl-C.
"""
from __future__ import annotations

import base64
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HACK = Path(__file__).resolve().parent
ADMIN_USER = "kubernetes-py-admin"
SERVICE_CIDR = "10.0.0.0/24"


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends SIGTERM to it when the parent dies (PR_SET_PDEATHSIG)."""
    os.setsid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)


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
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                 "-days", "3650", "-subj", "/CN=kubernetes-py-test-ca", cwd=directory)
        os.chmod(self.ca_key, 0o600)

    def _sign(self, name: str, subject: str, extensions: str) -> tuple[Path, Path]:
        key, csr, crt, ext = (f"{name}.key", f"{name}.csr", f"{name}.crt", f"{name}.ext")
        (self.dir / ext).write_text(extensions)
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", subject, cwd=self.dir)
        os.chmod(self.dir / key, 0o600)
        _openssl("x509", "-req", "-in", csr, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", crt, "-days", "365", "-extfile", ext, cwd=self.dir)
        (self.dir / csr).unlink()
        (self.dir / ext).unlink()
        return self.dir / crt, self.dir / key

    def serving_cert(self) -> tuple[Path, Path]:
        return self._sign("apiserver", "/CN=kube-apiserver",
                          "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                          "extendedKeyUsage=serverAuth\n"
                          "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,"
                          "DNS:kubernetes.default,DNS:kubernetes.default.svc\n")

    def client_cert(self, user: str, groups: tuple[str, ...] = ()) -> tuple[Path, Path]:
        """A client certificate for `user` in `groups` (CN is the user name, O the groups), signed by the CA."""
        subject = "".join(f"/O={g}" for g in groups) + f"/CN={user}"
        safe = "".join(c if c.isalnum() else "_" for c in user) + "-" + secrets.token_hex(4)
        return self._sign(f"client-{safe}", subject,
                          "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                          "extendedKeyUsage=clientAuth\n")


@dataclass
class ClientCert:
    cert_file: Path
    key_file: Path


class LocalCluster:
    """etcd and kube-apiserver on loopback. Use as a context manager or call start() and stop()."""

    def __init__(self, log=None):
        self._log = log or (lambda msg: None)
        self._procs: list[tuple[str, subprocess.Popen]] = []
        self._argv: dict[str, list[str]] = {}
        self.dir: Path | None = None
        self.version = pinned_version()

    # Filled by start().
    url: str
    etcd_url: str
    kubeconfig: Path
    ca_file: Path
    admin_token: str
    pki: PKI

    def __enter__(self) -> "LocalCluster":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 120.0) -> "LocalCluster":
        bindir = build_binaries()
        self.dir = Path(tempfile.mkdtemp(prefix="kubernetes-py-cluster-"))
        os.chmod(self.dir, 0o700)
        try:
            self._start(bindir, timeout)
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

        etcd_port, peer_port, api_port = _free_port(), _free_port(), _free_port()
        etcd_url = self.etcd_url = f"http://127.0.0.1:{etcd_port}"
        self._spawn("etcd", [
            str(bindir / "etcd"), "--name=default", f"--data-dir={self.dir / 'etcd'}",
            f"--listen-client-urls={etcd_url}", f"--advertise-client-urls={etcd_url}",
            f"--listen-peer-urls=http://127.0.0.1:{peer_port}",
            f"--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}",
            f"--initial-cluster=default=http://127.0.0.1:{peer_port}",
            "--unsafe-no-fsync", "--log-level=warn",
        ])
        self.url = f"https://127.0.0.1:{api_port}"
        self._spawn("kube-apiserver", [
            str(bindir / "kube-apiserver"),
            f"--etcd-servers={etcd_url}", "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
            f"--secure-port={api_port}", f"--cert-dir={self.dir / 'certs'}",
            f"--tls-cert-file={serving_cert}", f"--tls-private-key-file={serving_key}",
            f"--client-ca-file={self.ca_file}", f"--token-auth-file={tokens}", "--anonymous-auth=false",
            "--authorization-mode=RBAC", f"--service-cluster-ip-range={SERVICE_CIDR}",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            f"--service-account-key-file={pki_dir / 'sa.pub'}",
            f"--service-account-signing-key-file={pki_dir / 'sa.key'}",
            # No controller-manager runs here to create each namespace's "default" service account.
            "--disable-admission-plugins=ServiceAccount",
            # 127.0.0.1 cannot be published in the "kubernetes" Service endpoints; nothing here needs them.
            "--endpoint-reconciler-type=none",
            # Serve every group/version the release has, alpha and beta included, so every client is exercised.
            "--runtime-config=api/all=true",
            "--allow-privileged=true", "--v=1",
        ])
        self._wait_ready(timeout)
        self.kubeconfig = self.dir / "admin.kubeconfig"
        self.kubeconfig.write_text(self.kubeconfig_for(token=self.admin_token))
        os.chmod(self.kubeconfig, 0o600)

    def _spawn(self, name: str, argv: list[str]) -> None:
        self._argv[name] = argv
        log = open(self.dir / f"{name}.log", "ab")
        self._log(f"starting {name}")
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent, cwd=self.dir)
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
        raise RuntimeError(f"kube-apiserver was not ready after {timeout:.0f}s ({last}):\n"
                           f"{self._log_tail('kube-apiserver')}")

    def kubeconfig_for(self, token: str | None = None, cert: ClientCert | None = None,
                       user: str = "admin") -> str:
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

    # Faults for tests. A test that uses them needs a LocalCluster of its own, not the shared session one.

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

    def compact_etcd(self) -> int:
        """Compacts etcd up to its current revision (a physical compaction, through etcd's gRPC gateway), so
        that watches and lists at older resourceVersions get 410 Gone once the API server's watch cache no
        longer has them. Returns the revision."""
        header = _etcd_post(self.etcd_url + "/v3/kv/range", {"key": base64.b64encode(b"/").decode()})["header"]
        revision = int(header["revision"])
        _etcd_post(self.etcd_url + "/v3/kv/compaction", {"revision": revision, "physical": True})
        return revision

    def stop(self) -> None:
        """Ends kube-apiserver, then etcd, and removes every file the cluster wrote."""
        for name, proc in reversed(self._procs):
            _end(proc)
        self._procs.clear()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _etcd_post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
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
    cluster = LocalCluster(log=lambda msg: print(f"localcluster: {msg}", file=sys.stderr))
    try:
        cluster.start()
        print(f"kube-apiserver v{cluster.version}: {cluster.url}")
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
