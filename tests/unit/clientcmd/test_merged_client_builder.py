"""Ports of client-go's merged_client_builder_test.go: when the deferred config falls back to in-cluster.

Go tests here: TestInClusterConfig and TestInClusterConfigNamespace (Go's case whose ClientConfig returns a config and
ErrEmptyConfig together has no Python form: a call returns or raises).
"""

import threading

import pytest

from kubernetes_py import rest
from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.merged_client_builder import DeferredLoadingClientConfig

from tests.unit.clientcmd.test_client_config import valid_config


class FakeClientConfig:
    def __init__(self, config=None, err=None, namespace="", specified=False, raw=None):
        self.config, self.err, self.ns, self.specified, self.raw = config, err, namespace, specified, raw

    def raw_config(self):
        if self.raw is None:
            raise ValueError("unexpected call")
        return self.raw

    def client_config(self):
        if self.err is not None:
            raise self.err
        return self.config

    def namespace(self):
        if self.err is not None:
            raise self.err
        return self.ns, self.specified

    def config_access(self):
        return None


class FakeICC(FakeClientConfig):
    def __init__(self, possible=False, **kw):
        super().__init__(**kw)
        self._possible = possible
        self.called = False

    def possible(self):
        self.called = True
        return self._possible


def _deferred(client_config, icc, default_config=None, overrides=None):
    c = DeferredLoadingClientConfig(
        clientcmd.ClientConfigLoadingRules(default_client_config=default_config), overrides, icc=icc
    )
    c._client_config = client_config
    return c


DEFAULT1 = clientcmd.DirectClientConfig(valid_config(), "clean", clientcmd.ConfigOverrides())
CONFIG1 = DEFAULT1.client_config()
CONFIG2 = rest.Config(host="config2")
ERR1 = ValueError("unique error")


def _invalid_default():
    config = api.new_config()
    config.clusters["clean"] = api.Cluster(server="http://localhost:8080")
    config.contexts["other"] = api.Context(cluster="clean")
    config.current_context = "clean"
    return clientcmd.DirectClientConfig(config, overrides=clientcmd.ConfigOverrides())


def test_invalid_default_is_configuration_invalid():
    with pytest.raises(Exception) as info:
        _invalid_default().client_config()
    assert clientcmd.is_configuration_invalid(info.value)


@pytest.mark.parametrize(
    "name,client_config,icc,default,checked,result,err",
    [
        (
            "in-cluster checked on empty error",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(),
            None,
            True,
            None,
            clientcmd.ErrEmptyConfig,
        ),
        (
            "in-cluster not checked on non-empty error",
            FakeClientConfig(err=clientcmd.ErrEmptyCluster),
            FakeICC(),
            None,
            False,
            None,
            clientcmd.ErrEmptyCluster,
        ),
        (
            "in-cluster checked when config is default",
            FakeClientConfig(config=CONFIG1),
            FakeICC(),
            DEFAULT1,
            True,
            CONFIG1,
            None,
        ),
        (
            "not checked when default config is invalid",
            FakeClientConfig(config=CONFIG1),
            FakeICC(),
            _invalid_default(),
            False,
            CONFIG1,
            None,
        ),
        (
            "not checked when config differs from default",
            FakeClientConfig(config=CONFIG2),
            FakeICC(),
            DEFAULT1,
            False,
            CONFIG2,
            None,
        ),
        (
            "in-cluster error returned when config is empty",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(possible=True, err=ERR1),
            None,
            True,
            None,
            ERR1,
        ),
        (
            "in-cluster config returned when config is empty",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(possible=True, config=CONFIG2),
            None,
            True,
            CONFIG2,
            None,
        ),
        (
            "not checked when the standard default is invalid",
            FakeClientConfig(config=CONFIG2),
            FakeICC(),
            clientcmd.DefaultClientConfig,
            False,
            CONFIG2,
            None,
        ),
    ],
)
def test_in_cluster_config(name, client_config, icc, default, checked, result, err):
    c = _deferred(client_config, icc, default)
    if err is not None:
        with pytest.raises(type(err)) as info:
            c.client_config()
        assert info.value is err
    else:
        assert c.client_config() is result
    assert icc.called == checked


@pytest.mark.parametrize(
    "name,client_config,icc,overrides,checked,result,err",
    [
        (
            "checked on empty error",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(),
            None,
            True,
            None,
            clientcmd.ErrEmptyConfig,
        ),
        (
            "not checked on non-empty error",
            FakeClientConfig(err=clientcmd.ErrEmptyCluster),
            FakeICC(),
            None,
            False,
            None,
            clientcmd.ErrEmptyCluster,
        ),
        ("checked when config is default", FakeClientConfig(), FakeICC(), None, True, ("", False), None),
        (
            "not checked when namespace was specified",
            FakeClientConfig(namespace="test", specified=True),
            FakeICC(),
            None,
            False,
            ("test", True),
            None,
        ),
        (
            "checked when namespace is defaulted",
            FakeClientConfig(namespace="test"),
            FakeICC(),
            None,
            True,
            ("test", False),
            None,
        ),
        (
            "icc error when config is empty",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(True, err=ERR1),
            None,
            True,
            None,
            ERR1,
        ),
        (
            "icc namespace when config is empty",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(True, namespace="test", specified=True),
            None,
            True,
            ("test", True),
            None,
        ),
        (
            "icc defaulted namespace when config is empty",
            FakeClientConfig(err=clientcmd.ErrEmptyConfig),
            FakeICC(True, namespace="test"),
            None,
            True,
            ("test", False),
            None,
        ),
        (
            "overridden context verifies an explicit namespace",
            FakeClientConfig(
                namespace="default", raw=api.Config(contexts={"overridden-context": api.Context(namespace="default")})
            ),
            FakeICC(True, namespace="icc"),
            clientcmd.ConfigOverrides(current_context="overridden-context"),
            True,
            ("default", False),
            None,
        ),
        (
            "default namespace without an explicit one goes to the pod",
            FakeClientConfig(namespace="default", raw=api.Config(contexts={})),
            FakeICC(True, namespace="icc"),
            None,
            True,
            ("icc", False),
            None,
        ),
    ],
)
def test_in_cluster_config_namespace(name, client_config, icc, overrides, checked, result, err):
    c = _deferred(client_config, icc, overrides=overrides)
    if err is not None:
        with pytest.raises(type(err)) as info:
            c.namespace()
        assert info.value is err
    else:
        assert c.namespace() == result
    assert icc.called == checked


class CountingLoader(clientcmd.ClientConfigLoadingRules):
    def __init__(self):
        super().__init__()
        self.loads = 0

    def load(self):
        self.loads += 1
        return valid_config()


def test_loads_once_across_threads():
    loader = CountingLoader()
    c = clientcmd.new_non_interactive_deferred_loading_client_config(loader, clientcmd.ConfigOverrides())
    threads = [threading.Thread(target=c.client_config) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loader.loads == 1
    assert c.raw_config().current_context == "clean"
    assert c.config_access() is loader


def test_loader_error_propagates(tmp_path):
    rules = clientcmd.ClientConfigLoadingRules(explicit_path=str(tmp_path / "missing"))
    c = clientcmd.new_non_interactive_deferred_loading_client_config(rules, clientcmd.ConfigOverrides())
    for call in (c.raw_config, c.client_config, c.namespace):
        with pytest.raises(FileNotFoundError):
            call()


def test_is_default_config_is_never_true_with_function_fields():
    rules = clientcmd.ClientConfigLoadingRules(default_client_config=DEFAULT1)
    assert rules.is_default_config(DEFAULT1.client_config())
    with_proxy = DEFAULT1.client_config()
    with_proxy.proxy = "http://proxy:3128"  # a func in Go, which DeepEqual never matches
    assert not rules.is_default_config(with_proxy)
    assert not clientcmd.ClientConfigLoadingRules().is_default_config(CONFIG1)
