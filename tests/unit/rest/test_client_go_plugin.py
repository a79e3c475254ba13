"""client-go rest/plugin_test.go: TestAuthPluginWrapTransport, TestAuthPluginPersist,
Test_WhenNilPersister_NoOpPersisterIsAssigned. The plugins are registered under names of their own ("cgt-..."), so
that a second registration of Go's names elsewhere in the process still works."""

from __future__ import annotations

import pytest
import requests
from requests.adapters import BaseAdapter

from kubernetes_py import rest
from kubernetes_py.rest import plugin as restplugin
from kubernetes_py.tools.clientcmd import api as clientcmdapi


class _EmptyTransport(BaseAdapter):
    def send(self, request, **kwargs):
        return requests.Response()

    def close(self):
        pass


class _Wrapper(BaseAdapter):
    """wrapTransport, wrapTransportA, wrapTransportB: set header name = "Y" on the answer."""

    def __init__(self, rt, name):
        super().__init__()
        self.rt = rt
        self.name = name

    def send(self, request, **kwargs):
        res = self.rt.send(request, **kwargs)
        res.headers[self.name] = "Y"
        return res

    def close(self):
        self.rt.close()


class _Plugin:
    def __init__(self, header):
        self.header = header

    def wrap_transport(self, rt):
        return _Wrapper(rt, self.header)

    def login(self):
        pass


def _fail_provider(address, config, persister):
    raise ValueError("Failed to load AuthProvider")


class _WrapTransportPersist(BaseAdapter):
    """Counts round trips in the config's "roundTrips" and persists the config each time."""

    def __init__(self, rt, config, persister):
        super().__init__()
        self.rt, self.config, self.persister = rt, config, persister

    def send(self, request, **kwargs):
        self.config["roundTrips"] = str(int(self.config.get("roundTrips", "0")) + 1)
        self.persister.persist(self.config)
        return self.rt.send(request, **kwargs)

    def close(self):
        pass


class _PluginPersist:
    def __init__(self, config, persister):
        self.config, self.persister = config, persister

    def wrap_transport(self, rt):
        return _WrapTransportPersist(rt, self.config, self.persister)

    def login(self):
        self.config["login"] = "Y"
        self.persister.persist(self.config)


class _InMemoryPersister:
    def __init__(self):
        self.saved_config = {}

    def persist(self, config):
        self.saved_config = dict(config)


@pytest.fixture(scope="module", autouse=True)
def plugins():
    restplugin.register_auth_provider_plugin("cgt-pluginA", lambda a, c, p: _Plugin("pluginA"))
    restplugin.register_auth_provider_plugin("cgt-pluginB", lambda a, c, p: _Plugin("pluginB"))
    restplugin.register_auth_provider_plugin("cgt-pluginFail", _fail_provider)
    restplugin.register_auth_provider_plugin("cgt-pluginA2", lambda a, c, p: _Plugin("pluginA"))
    restplugin.register_auth_provider_plugin("cgt-pluginPersist", lambda a, c, p: _PluginPersist(c, p))
    restplugin.register_auth_provider_plugin("cgt-anyPlugin", lambda a, c, p: _PluginPersist(c, p))
    with pytest.raises(ValueError) as info:
        restplugin.register_auth_provider_plugin("cgt-pluginA", lambda a, c, p: _Plugin("pluginA"))
    assert str(info.value) == 'auth Provider Plugin "cgt-pluginA" was registered twice'


@pytest.mark.parametrize("use_wrap_transport", [False, True])
@pytest.mark.parametrize(
    "plugin,expect_err,expect_a,expect_b",
    [
        ("", None, False, False),
        ("cgt-pluginA", None, True, False),
        ("cgt-pluginB", None, False, True),
        ("cgt-pluginFail", "Failed to load AuthProvider", False, False),
        ("cgt-pluginUnknown", 'no Auth Provider found for name "cgt-pluginUnknown"', False, False),
    ],
)
def test_auth_plugin_wrap_transport(use_wrap_transport, plugin, expect_err, expect_a, expect_b):
    """TestAuthPluginWrapTransport: the plugin's wrapper joins an existing WrapTransport; a failing or unknown
    plugin fails TransportConfig."""
    c = rest.Config()
    if use_wrap_transport:
        c.wrap_transport = lambda rt: _Wrapper(rt, "wrapTransport")
    if plugin:
        c.auth_provider = clientcmdapi.AuthProviderConfig(name=plugin)
    if expect_err is not None:
        with pytest.raises(Exception) as info:
            c.transport_config()
        assert str(info.value) == expect_err
        return
    t_config = c.transport_config()
    rt = _EmptyTransport()
    if t_config.wrap_transport is not None:
        rt = t_config.wrap_transport(rt)
    res = rt.send(requests.Request("GET", "http://h").prepare())
    assert (res.headers.get("wrapTransport") == "Y") is use_wrap_transport
    assert (res.headers.get("pluginA") == "Y") is expect_a
    assert (res.headers.get("pluginB") == "Y") is expect_b


@pytest.mark.parametrize(
    "plugin,starting,after_login,after_round_trip",
    [
        ("cgt-pluginA2", {}, {}, {}),
        ("cgt-pluginA2", {"foo": "bar"}, {"foo": "bar"}, {"foo": "bar"}),
        ("cgt-pluginPersist", {}, {"login": "Y"}, {"login": "Y", "roundTrips": "1"}),
        (
            "cgt-pluginPersist",
            {"login": "Y", "roundTrips": "123"},
            {"login": "Y", "roundTrips": "123"},
            {"login": "Y", "roundTrips": "124"},
        ),
    ],
)
def test_auth_plugin_persist(plugin, starting, after_login, after_round_trip):
    """TestAuthPluginPersist: a plugin persists its config through the persister when it wants to."""
    cfg = clientcmdapi.AuthProviderConfig(name=plugin, config=dict(starting))
    persister = _InMemoryPersister()
    persister.persist(starting)
    p = rest.get_auth_provider("127.0.0.1", cfg, persister)
    p.login()
    assert persister.saved_config == after_login
    p.wrap_transport(_EmptyTransport()).send(requests.Request("GET", "http://h").prepare())
    assert persister.saved_config == after_round_trip


def test_when_nil_persister_noop_persister_is_assigned():
    """Test_WhenNilPersister_NoOpPersisterIsAssigned."""
    p = rest.get_auth_provider("127.0.0.1", clientcmdapi.AuthProviderConfig(name="cgt-anyPlugin"), None)
    assert isinstance(p, _PluginPersist)
    assert isinstance(p.persister, restplugin.noopPersister)
