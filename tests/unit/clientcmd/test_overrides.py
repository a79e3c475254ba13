"""kubectl-style override flags bound to ConfigOverrides through argparse (client-go overrides.go).

Go test here: TestNamespacePrefixStrip (test_namespace_prefix_strip_through_the_flag).
"""

import argparse

import pytest

from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api


def _parse(args, prefix=""):
    overrides = clientcmd.ConfigOverrides()
    parser = argparse.ArgumentParser(prog="tool")
    clientcmd.bind_override_flags(overrides, parser, clientcmd.recommended_config_override_flags(prefix))
    parser.parse_args(args)
    return overrides


def test_defaults_after_binding():
    o = _parse([])
    assert o == clientcmd.ConfigOverrides(timeout="0", auth_info=api.AuthInfo(impersonate_groups=[]))


def test_all_flags():
    o = _parse(
        [
            "--server",
            "https://s",
            "--certificate-authority",
            "/ca",
            "--insecure-skip-tls-verify",
            "--tls-server-name",
            "sni",
            "--proxy-url",
            "http://p",
            "--disable-compression=true",
            "--client-certificate",
            "/c",
            "--client-key",
            "/k",
            "--token",
            "t",
            "--as",
            "jane",
            "--as-uid",
            "7",
            "--as-group",
            "g1",
            "--as-group",
            "g2",
            "--username",
            "u",
            "--password",
            "p",
            "--cluster",
            "c",
            "--user",
            "usr",
            "-n",
            "ns/team",
            "--context",
            "ctx",
            "--request-timeout",
            "5s",
        ]
    )
    assert o.cluster_info == api.Cluster(
        server="https://s",
        certificate_authority="/ca",
        insecure_skip_tls_verify=True,
        tls_server_name="sni",
        proxy_url="http://p",
        disable_compression=True,
    )
    assert o.auth_info == api.AuthInfo(
        client_certificate="/c",
        client_key="/k",
        token="t",
        impersonate="jane",
        impersonate_uid="7",
        impersonate_groups=["g1", "g2"],
        username="u",
        password="p",
    )
    assert o.context == api.Context(cluster="c", auth_info="usr", namespace="team")
    assert (o.current_context, o.timeout) == ("ctx", "5s")
    assert "password='--- REDACTED ---'" in repr(o) and "token='--- REDACTED ---'" in repr(o)


def test_prefix():
    o = _parse(["--x-server", "https://s", "--x-namespace", "a"], prefix="x-")
    assert o.cluster_info.server == "https://s" and o.context.namespace == "a"


def test_bad_bool_flag(capsys):
    with pytest.raises(SystemExit):
        _parse(["--insecure-skip-tls-verify=maybe"])
    assert 'strconv.ParseBool: parsing "maybe": invalid syntax' in capsys.readouterr().err


@pytest.mark.parametrize(
    "value,expected",
    [
        ("namespaces/foo", "foo"),
        ("NAMESPACE/foo", "foo"),
        ("ns/foo", "foo"),
        ("ns/", "ns/"),
        ("foo", "foo"),
        ("namespaces/ns/foo", "ns/foo"),
    ],
)
def test_remove_namespaces_prefix(value, expected):
    assert clientcmd.remove_namespaces_prefix(value) == expected


def test_flag_names():
    flags = clientcmd.recommended_config_override_flags("")
    assert flags.timeout.long_name == "request-timeout" and flags.timeout.default == "0"
    assert flags.context_override_flags.namespace.short_name == "n"
    assert flags.cluster_override_flags.insecure_skip_tls_verify.default == "false"


@pytest.mark.parametrize(
    "text,seconds", [("0", 0.0), ("30", 30.0), ("1m", 60.0), ("1h2m3.5s", 3723.5), ("250ms", 0.25), ("+5", 5.0)]
)
def test_parse_timeout(text, seconds):
    assert clientcmd.parse_timeout(text) == seconds


@pytest.mark.parametrize("text", ["-5", "5x", "", "abc", "1.5"])
def test_parse_timeout_errors(text):
    with pytest.raises(ValueError) as info:
        clientcmd.parse_timeout(text)
    assert str(info.value) == (
        "Invalid timeout value. Timeout must be a single integer in seconds, or an integer "
        "followed by a corresponding time unit (e.g. 1s | 2m | 3h)"
    )


@pytest.mark.parametrize(
    "before,after",
    [
        ("namespaces/foo", "foo"),
        ("NAMESPACES/foo", "foo"),
        ("NameSpaces/foo", "foo"),
        ("namespace/foo", "foo"),
        ("NAMESPACE/foo", "foo"),
        ("nameSpace/foo", "foo"),
        ("ns/foo", "foo"),
        ("NS/foo", "foo"),
        ("namespaces/", "namespaces/"),
        ("namespace/", "namespace/"),
        ("ns/", "ns/"),
    ],
)
def test_namespace_prefix_strip_through_the_flag(before, after):
    assert _parse(["--namespace", before]).context.namespace == after


def test_transforming_flag_errors_are_argument_errors(capsys):
    def no_spaces(value):
        if " " in value:
            raise ValueError("spaces are not allowed")
        return value.upper()

    target = api.Context()
    parser = argparse.ArgumentParser(prog="tool")
    clientcmd.FlagInfo("ns", "", "dflt", "help").bind_transforming_string_flag(parser, target, "namespace", no_spaces)
    assert target.namespace == "dflt"
    parser.parse_args(["--ns", "abc"])
    assert target.namespace == "ABC"
    with pytest.raises(SystemExit):
        parser.parse_args(["--ns", "a b"])
    assert 'invalid argument "a b" for "--ns" flag: spaces are not allowed' in capsys.readouterr().err
