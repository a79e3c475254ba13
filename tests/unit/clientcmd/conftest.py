"""Every clientcmd unit test runs with HOME and the working directory in tmp_path and without the
kubeconfig-related environment of the machine, so nothing reads or migrates the real ~/.kube."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in (
        "KUBECONFIG",
        "KUBERNETES_MASTER",
        "POD_NAMESPACE",
        "KUBERNETES_SERVICE_HOST",
        "KUBERNETES_SERVICE_PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(home)
    return home
