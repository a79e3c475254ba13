"""Ports of client-go's clientcmd validation_test.go, asserting the whole error text.

Every Test function of validation_test.go has a test here, mostly under its snake_case name (grouped: the exec ones in
test_validate_exec_ok/_errors/_with_auth_provider, the impersonation ones in test_validate_impersonation,
TestIsContextNotFound in test_validate_missing_current_context, TestConfirmUsableMissingConfig in
test_confirm_usable_empty_config), with Go's private validateContext, validateClusterInfo and validateAuthInfo
called directly.
"""

import pytest

from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.validation import (
    _validate_context,
    validate_auth_info,
    validate_cluster_info,
    validate_plugin_policy,
)


def _messages(errs):
    return [str(e) for e in errs]


def _validate_error(config):
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        clientcmd.validate(config)
    assert clientcmd.is_configuration_invalid(info.value)
    return str(info.value)


def test_confirm_usable_bad_info_but_ok_config():
    config = api.new_config()
    config.clusters["missing ca"] = api.Cluster(server="anything", certificate_authority="missing")
    config.auth_infos["error"] = api.AuthInfo(username="anything", token="here")
    config.contexts["dirty"] = api.Context(cluster="missing ca", auth_info="error")
    config.clusters["clean"] = api.Cluster(server="anything")
    config.auth_infos["clean"] = api.AuthInfo(token="here")
    config.contexts["clean"] = api.Context(cluster="clean", auth_info="clean")

    clientcmd.confirm_usable(config, "clean")  # does not raise
    assert _validate_error(config) == (
        "invalid configuration: [more than one authentication method found for error; found [token basicAuth], "
        "only one is allowed, unable to read certificate-authority missing for missing ca due to open missing: "
        "no such file or directory]"
    )


def test_confirm_usable_missing_objects():
    config = api.new_config()
    config.clusters["kind-cluster"] = api.Cluster(server="anything")
    config.auth_infos["kind-user"] = api.AuthInfo(token="any-value")
    config.contexts["missing-user"] = api.Context(cluster="kind-cluster", auth_info="garbage")
    config.contexts["missing-cluster"] = api.Context(cluster="garbage", auth_info="kind-user")

    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        clientcmd.confirm_usable(config, "missing-user")
    assert str(info.value) == 'invalid configuration: user "garbage" was not found for context "missing-user"'
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        clientcmd.confirm_usable(config, "missing-cluster")
    assert str(info.value) == (
        'invalid configuration: [cluster "garbage" was not found for context "missing-cluster", '
        'no server found for cluster "garbage"]'
    )
    assert _validate_error(config) == (
        'invalid configuration: [user "garbage" was not found for context "missing-user", '
        'cluster "garbage" was not found for context "missing-cluster"]'
    )


def test_confirm_usable_bad_info_config():
    config = api.new_config()
    config.clusters["missing ca"] = api.Cluster(server="anything", certificate_authority="missing")
    config.auth_infos["error"] = api.AuthInfo(username="anything", token="here")
    config.contexts["first"] = api.Context(cluster="missing ca", auth_info="error")
    with pytest.raises(clientcmd.ConfigurationInvalidError, match="unable to read certificate-authority missing"):
        clientcmd.confirm_usable(config, "first")


@pytest.mark.parametrize("context", ["", "not-here"])
def test_confirm_usable_empty_config(context):
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        clientcmd.confirm_usable(api.new_config(), context)
    assert str(info.value) == (
        "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable"
    )
    assert clientcmd.is_empty_config(info.value)


def test_confirm_usable_without_context_is_err_no_context():
    config = api.new_config()
    config.clusters["c"] = api.Cluster(server="s")
    with pytest.raises(type(clientcmd.ErrNoContext)) as info:
        clientcmd.confirm_usable(config, "")
    assert info.value is clientcmd.ErrNoContext
    assert str(info.value) == "no context chosen"
    assert clientcmd.is_context_not_found(info.value)


def test_validate_empty_config():
    assert _validate_error(api.new_config()).startswith("invalid configuration: no configuration has been provided")


def test_validate_missing_current_context():
    config = api.new_config()
    config.current_context = "anything"
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        clientcmd.validate(config)
    assert str(info.value) == "invalid configuration: context was not found for specified context: anything"
    assert clientcmd.is_context_not_found(info.value)
    assert clientcmd.is_configuration_invalid(info.value)


def test_is_empty_config():
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        clientcmd.validate(api.new_config())
    assert clientcmd.is_empty_config(info.value)
    assert clientcmd.is_configuration_invalid(info.value)
    assert not clientcmd.is_empty_config(ValueError("x"))


def test_is_configuration_invalid():
    from kubernetes_py.tools.clientcmd.validation import _new_configuration_invalid

    assert _new_configuration_invalid([]) is None
    single = _new_configuration_invalid([clientcmd.ErrNoContext])
    assert single is not clientcmd.ErrNoContext
    assert str(single) == "invalid configuration: no context chosen"
    double = _new_configuration_invalid([clientcmd.ErrNoContext, clientcmd.ErrNoContext])
    assert clientcmd.is_configuration_invalid(double)
    assert str(double) == "invalid configuration: no context chosen"  # duplicate messages collapse


def test_validate_missing_references():
    config = api.new_config()
    config.current_context = "anything"
    config.contexts["anything"] = api.Context(cluster="missing", auth_info="missing")
    assert _messages(_validate_context("anything", config.contexts["anything"], config)) == [
        'user "missing" was not found for context "anything"',
        'cluster "missing" was not found for context "anything"',
    ]
    assert _validate_error(config) == (
        'invalid configuration: [user "missing" was not found for context "anything", '
        'cluster "missing" was not found for context "anything"]'
    )


def test_validate_empty_context():
    config = api.new_config()
    config.current_context = "anything"
    config.contexts["anything"] = api.Context()
    assert _messages(_validate_context("anything", config.contexts["anything"], config)) == [
        'user was not specified for context "anything"',
        'cluster was not specified for context "anything"',
    ]


def test_validate_empty_context_name():
    config = api.new_config()
    config.current_context = "anything"
    config.contexts[""] = api.Context(cluster="missing", auth_info="missing")
    errs = _messages(_validate_context("", config.contexts[""], config))
    assert errs[0] == (
        'empty context name for api.Context{LocationOfOrigin:"", Cluster:"missing", '
        'AuthInfo:"missing", Namespace:"", Extensions:map[string]runtime.Object(nil)} is not allowed'
    )


def test_validate_context_namespace_must_be_dns_label():
    config = api.new_config()
    config.clusters["c"] = api.Cluster(server="s")
    config.auth_infos["u"] = api.AuthInfo()
    context = api.Context(cluster="c", auth_info="u", namespace="Bad_Namespace")
    assert _messages(_validate_context("ctx", context, config)) == [
        'namespace "Bad_Namespace" for context "ctx" does not conform to the kubernetes DNS_LABEL rules'
    ]


def test_validate_empty_cluster_info():
    config = api.new_config()
    config.clusters["empty"] = api.new_cluster()
    assert validate_cluster_info("empty", config.clusters["empty"]) == [clientcmd.ErrEmptyCluster]
    assert _validate_error(config) == "invalid configuration: cluster has no server defined"


def test_validate_cluster_info_err_empty_cluster_is_the_sentinel():
    errs = validate_cluster_info("", api.new_cluster())
    assert len(errs) == 1 and errs[0] is clientcmd.ErrEmptyCluster


def test_cluster_without_server_and_nil_extensions_is_not_the_empty_cluster():
    # api.Cluster() has nil extensions, so (as with Go's DeepEqual) it is not NewCluster().
    assert _messages(validate_cluster_info("", api.Cluster())) == ["default cluster has no server defined"]
    assert _messages(validate_cluster_info("x", api.Cluster(tls_server_name="n"))) == [
        'no server found for cluster "x"'
    ]


def test_validate_missing_ca_file():
    cluster = api.Cluster(server="anything", certificate_authority="missing")
    assert _messages(validate_cluster_info("missing ca", cluster)) == [
        "unable to read certificate-authority missing for missing ca due to open missing: no such file or directory"
    ]


def test_validate_clean_cluster_info(tmp_path):
    ca = tmp_path / "ca"
    ca.write_text("")
    assert validate_cluster_info("clean", api.Cluster(server="anything")) == []
    assert validate_cluster_info("clean", api.Cluster(server="anything", certificate_authority=str(ca))) == []


def test_validate_ca_file_and_data_both_set(tmp_path):
    ca = tmp_path / "ca"
    ca.write_text("")
    cluster = api.Cluster(server="s", certificate_authority=str(ca), certificate_authority_data=b"x")
    assert _messages(validate_cluster_info("c", cluster)) == [
        "certificate-authority-data and certificate-authority are both specified for c. "
        "certificate-authority-data will override."
    ]


@pytest.mark.parametrize(
    "proxy,message",
    [
        ("ftp://p", 'unsupported scheme "ftp", must be http, https, or socks5'),
        ("localhost:3128", 'unsupported scheme "localhost", must be http, https, or socks5'),
        ("http://p:port", "could not parse: http://p:port"),
    ],
)
def test_validate_proxy_url(proxy, message):
    cluster = api.Cluster(server="s", proxy_url=proxy)
    assert _messages(validate_cluster_info("c", cluster)) == [
        f'invalid \'proxy-url\' "{proxy}" for cluster "c": {message}'
    ]


def test_validate_empty_auth_info():
    assert validate_auth_info("error", api.AuthInfo()) == []


def test_validate_cert_files_not_found():
    errs = _messages(validate_auth_info("error", api.AuthInfo(client_certificate="missing", client_key="missing")))
    assert errs == [
        "unable to read client-cert missing for error due to open missing: no such file or directory",
        "unable to read client-key missing for error due to open missing: no such file or directory",
    ]


def test_validate_cert_data_overrides_files(tmp_path):
    f = tmp_path / "f"
    f.write_text("")
    auth = api.AuthInfo(
        client_certificate=str(f), client_certificate_data=b"certdata", client_key=str(f), client_key_data=b"keydata"
    )
    assert _messages(validate_auth_info("clean", auth)) == [
        "client-cert-data and client-cert are both specified for clean. client-cert-data will override.",
        "client-key-data and client-key are both specified for clean; client-key-data will override",
    ]


def test_validate_cert_without_key():
    assert _messages(validate_auth_info("u", api.AuthInfo(client_certificate_data=b"c"))) == [
        "client-key-data or client-key must be specified for u to use the clientCert authentication method."
    ]


def test_validate_clean_cert_files_and_token(tmp_path):
    f = tmp_path / "f"
    f.write_text("")
    assert validate_auth_info("clean", api.AuthInfo(client_certificate=str(f), client_key=str(f))) == []
    assert validate_auth_info("clean", api.AuthInfo(token="any-value")) == []


def test_validate_multiple_methods():
    assert _messages(validate_auth_info("error", api.AuthInfo(token="token", username="username"))) == [
        "more than one authentication method found for error; found [token basicAuth], only one is allowed"
    ]


def _exec(**kw):
    defaults = dict(
        command="/bin/example",
        api_version="clientauthentication.k8s.io/v1alpha1",
        interactive_mode=api.IfAvailableExecInteractiveMode,
    )
    defaults.update(kw)
    return api.ExecConfig(**defaults)


def test_validate_exec_ok():
    auth = api.AuthInfo(exec=_exec(args=["hello", "world"], env=[api.ExecEnvVar("foo", "bar")]))
    assert validate_auth_info("user", auth) == []
    assert validate_auth_info("user", api.AuthInfo(exec=_exec(env=[api.ExecEnvVar("foo", "")]))) == []


@pytest.mark.parametrize(
    "kw,message",
    [
        ({"api_version": ""}, "apiVersion must be specified for user to use exec authentication plugin"),
        ({"command": ""}, "command must be specified for user to use exec authentication plugin"),
        ({"interactive_mode": ""}, "interactiveMode must be specified for user to use exec authentication plugin"),
        ({"interactive_mode": "invalid"}, 'invalid interactiveMode for user: "invalid"'),
        (
            {"env": [api.ExecEnvVar("", "v")]},
            "env variable name must be specified for user to use exec authentication plugin",
        ),
        (
            {"plugin_policy": api.PluginPolicy(policy_type="Bogus")},
            'allowlist misconfiguration: unknown plugin policy: "Bogus"',
        ),
    ],
)
def test_validate_exec_errors(kw, message):
    assert _messages(validate_auth_info("user", api.AuthInfo(exec=_exec(**kw)))) == [message]


def test_validate_exec_with_auth_provider():
    auth = api.AuthInfo(auth_provider=api.AuthProviderConfig(name="oidc"), exec=_exec())
    assert _messages(validate_auth_info("user", auth)) == [
        "authProvider cannot be provided in combination with an exec plugin for user"
    ]


@pytest.mark.parametrize(
    "policy,message",
    [
        (api.PluginPolicy(), None),
        (api.PluginPolicy(policy_type="DenyAll"), None),
        (
            api.PluginPolicy(policy_type="AllowAll", allowlist=[]),
            'misconfigured credential plugin allowlist: plugin policy is "AllowAll" but allowlist is non-nil',
        ),
        (
            api.PluginPolicy(policy_type="Allowlist"),
            'credential plugin policy set to "Allowlist", but allowlist is unspecified',
        ),
        (
            api.PluginPolicy(policy_type="Allowlist", allowlist=[]),
            'credential plugin policy set to "Allowlist", but allowlist is empty; use "DenyAll" policy instead',
        ),
        (
            api.PluginPolicy(policy_type="Allowlist", allowlist=[api.AllowlistEntry("a"), api.AllowlistEntry()]),
            "misconfigured credential plugin allowlist: empty allowlist entry #2",
        ),
        (
            api.PluginPolicy(policy_type="Allowlist", allowlist=[api.AllowlistEntry("/usr//bin/x")]),
            'non-normalized file path: "/usr//bin/x" vs "/usr/bin/x"',
        ),
        (api.PluginPolicy(policy_type="Allowlist", allowlist=[api.AllowlistEntry("/usr/bin/x")]), None),
    ],
)
def test_validate_plugin_policy(policy, message):
    assert validate_plugin_policy(policy) == message


def test_validate_impersonation():
    assert validate_auth_info("user", api.AuthInfo(impersonate="user")) == []
    everything = api.AuthInfo(
        impersonate="user",
        impersonate_uid="abc123",
        impersonate_groups=["g1", "g2"],
        impersonate_user_extra={"key": ["v1", "v2"]},
    )
    assert validate_auth_info("user", everything) == []
    for auth in (
        api.AuthInfo(impersonate_groups=["g"]),
        api.AuthInfo(impersonate_user_extra={"k": ["v"]}),
        api.AuthInfo(impersonate_uid="abc123"),
    ):
        assert _messages(validate_auth_info("user", auth)) == [
            "requesting uid, groups or user-extra for user without impersonating a user"
        ]


def test_configuration_invalid_is_matches_nested_errors():
    inner = ValueError("inner")
    err = clientcmd.ConfigurationInvalidError(
        [
            ValueError("closed today"),
            clientcmd.ConfigurationInvalidError([clientcmd.ConfigurationInvalidError([inner])]),
        ]
    )
    assert err.is_(inner)
    assert not err.is_(ValueError("inner"))
    assert str(err) == "invalid configuration: [closed today, inner]"


def test_proxy_url_password_is_not_echoed():
    cluster = api.Cluster(server="s", proxy_url="ftp://user:s3cret@p:21")
    assert _messages(validate_cluster_info("c", cluster)) == [
        'invalid \'proxy-url\' "ftp://user:xxxxx@p:21" for cluster "c": '
        'unsupported scheme "ftp", must be http, https, or socks5'
    ]


class _AlwaysMatching(Exception):
    def is_(self, target):
        return True


class _SomeError(Exception):
    def __eq__(self, other):
        return type(other) is _SomeError and str(other) == str(self)

    __hash__ = Exception.__hash__


def _wrapped(inner):
    try:
        raise ValueError("wrap") from inner
    except ValueError as err:
        return err


@pytest.mark.parametrize(
    "name,err,target,expected",
    [
        (
            "no match",
            clientcmd.ConfigurationInvalidError([ValueError("my-error"), ValueError("my-other-error")]),
            ValueError("no entry here"),
            False,
        ),
        (
            "match via .Is()",
            clientcmd.ConfigurationInvalidError([ValueError("forbidden"), _AlwaysMatching()]),
            ValueError("unauthorized"),
            True,
        ),
        (
            "match via equality",
            clientcmd.ConfigurationInvalidError([ValueError("err"), _SomeError()]),
            _SomeError(),
            True,
        ),
        (
            "match via nested aggregate",
            clientcmd.ConfigurationInvalidError(
                [
                    ValueError("closed today"),
                    clientcmd.ConfigurationInvalidError([clientcmd.ConfigurationInvalidError([_SomeError()])]),
                ]
            ),
            _SomeError(),
            True,
        ),
        (
            "match via a wrapped member",
            clientcmd.ConfigurationInvalidError([ValueError("err"), _wrapped(_SomeError())]),
            _SomeError(),
            True,
        ),
    ],
)
def test_err_configuration_invalid_with_errors_is(name, err, target, expected):
    """validation_test.go TestErrConfigurationInvalidWithErrorsIs (Go's errors.Is is the error's is_)."""
    assert err.is_(target) is expected


def test_err_configuration_invalid_with_errors_is_short_circuits_on_first_match():
    class AccessTracking(Exception):
        def __init__(self):
            super().__init__("err")
            self.was_accessed = False

        def is_(self, target):
            self.was_accessed = True
            return True

    errs = [AccessTracking(), AccessTracking()]
    assert clientcmd.ConfigurationInvalidError(errs).is_(AccessTracking())
    assert [e.was_accessed for e in errs] == [True, False]
