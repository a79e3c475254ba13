"""Fixtures for tests against the real kube-apiserver (`apiserver`) and the whole cluster (`cluster`: with
kube-controller-manager, kube-scheduler and kwok nodes) started by hack/localcluster.py."""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, _unavailable

sys.path.insert(0, str(REPO / "hack"))
import localcluster  # noqa: E402


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.integration)


@dataclass
class APIServer:
    """What a test needs to reach the server: kubeconfig path, URL, CA file, admin token, and a cert minter."""

    kubeconfig: Path
    url: str
    ca_file: Path
    admin_token: str
    version: str
    cluster: localcluster.LocalCluster

    def mint_client_cert(self, user: str, groups: tuple[str, ...] = ()) -> localcluster.ClientCert:
        return self.cluster.mint_client_cert(user, groups)

    def kubeconfig_for(self, path: Path, **kwargs) -> Path:
        """Writes a kubeconfig for this server (token= or cert=) to `path`, 0600, and returns the path."""
        path.write_text(self.cluster.kubeconfig_for(**kwargs))
        path.chmod(0o600)
        return path

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
        """A raw HTTPS request as the admin (or with `token`), independent of the library under test."""
        return self.cluster.request(method, path, body, token)


@pytest.fixture(scope="session")
def apiserver():
    cluster = localcluster.LocalCluster()
    try:
        cluster.start()
    except Exception as err:  # the binaries could not be built or the server did not come up
        _unavailable(f"the local kube-apiserver could not be started: {err}")
    try:
        yield APIServer(
            kubeconfig=cluster.kubeconfig,
            url=cluster.url,
            ca_file=cluster.ca_file,
            admin_token=cluster.admin_token,
            version=cluster.version,
            cluster=cluster,
        )
    finally:
        cluster.stop()


@dataclass
class Cluster(APIServer):
    """The whole local cluster (localcluster.WHOLE_CLUSTER): what APIServer has, plus kwok's Nodes and what its
    kubelet endpoints serve: pods/log and pods/attach read `pod_logs_file`, pods/exec runs commands here in
    `exec_dir`, pods/portforward connects to `port_forward_address`. Faults are on `cluster` (pause, resume,
    restart_apiserver...): a test that uses one leaves the cluster working as it found it."""

    nodes: list[str]
    pod_logs_file: Path
    exec_dir: Path
    port_forward_address: tuple[str, int]


@pytest.fixture(scope="session")
def cluster():
    local = localcluster.LocalCluster(components=localcluster.WHOLE_CLUSTER)
    try:
        local.start(timeout=180.0)
    except Exception as err:  # the binaries could not be built or a component did not come up
        _unavailable(f"the local cluster could not be started: {err}")
    try:
        yield Cluster(
            kubeconfig=local.kubeconfig,
            url=local.url,
            ca_file=local.ca_file,
            admin_token=local.admin_token,
            version=local.version,
            cluster=local,
            nodes=local.nodes,
            pod_logs_file=local.pod_logs_file,
            exec_dir=local.exec_dir,
            port_forward_address=local.port_forward_address,
        )
    finally:
        local.stop()


@pytest.fixture
def cluster_namespace(cluster):
    """A namespace of the test's own in the whole cluster, once its "default" service account exists (pods need
    it to pass ServiceAccount admission); deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    code, body = cluster.request("POST", "/api/v1/namespaces", {"metadata": {"name": name}})
    assert code == 201, body
    deadline = time.monotonic() + 60
    while cluster.request("GET", f"/api/v1/namespaces/{name}/serviceaccounts/default")[0] != 200:
        assert time.monotonic() < deadline, f"no default service account in {name} after 60 s"
        time.sleep(0.2)
    yield name
    code, body = cluster.request("DELETE", f"/api/v1/namespaces/{name}")
    assert code in (200, 202), body


@pytest.fixture
def namespace(apiserver):
    """A namespace of the test's own, deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    code, body = apiserver.request("POST", "/api/v1/namespaces", {"metadata": {"name": name}})
    assert code == 201, body
    yield name
    code, body = apiserver.request("DELETE", f"/api/v1/namespaces/{name}")
    assert code in (200, 202), body
