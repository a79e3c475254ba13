"""Overrides of the kubeconfig and the kubectl-style flags that set them
(client-go tools/clientcmd/overrides.go; pflag becomes argparse)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any, Callable, Optional

from kubernetes_py.tools.clientcmd import api

__all__ = [
    "ConfigOverrides",
    "ConfigOverrideFlags",
    "AuthOverrideFlags",
    "ContextOverrideFlags",
    "ClusterOverrideFlags",
    "FlagInfo",
    "recommended_config_override_flags",
    "recommended_auth_override_flags",
    "recommended_cluster_override_flags",
    "recommended_context_override_flags",
    "bind_override_flags",
    "bind_auth_info_flags",
    "bind_cluster_flags",
    "bind_context_flags",
    "remove_namespaces_prefix",
    "FlagClusterName",
    "FlagAuthInfoName",
    "FlagContext",
    "FlagNamespace",
    "FlagAPIServer",
    "FlagTLSServerName",
    "FlagInsecure",
    "FlagCertFile",
    "FlagKeyFile",
    "FlagCAFile",
    "FlagEmbedCerts",
    "FlagBearerToken",
    "FlagImpersonate",
    "FlagImpersonateUID",
    "FlagImpersonateGroup",
    "FlagUsername",
    "FlagPassword",
    "FlagTimeout",
    "FlagProxyURL",
    "FlagDisableCompression",
]

FlagClusterName = "cluster"
FlagAuthInfoName = "user"
FlagContext = "context"
FlagNamespace = "namespace"
FlagAPIServer = "server"
FlagTLSServerName = "tls-server-name"
FlagInsecure = "insecure-skip-tls-verify"
FlagCertFile = "client-certificate"
FlagKeyFile = "client-key"
FlagCAFile = "certificate-authority"
FlagEmbedCerts = "embed-certs"
FlagBearerToken = "token"
FlagImpersonate = "as"
FlagImpersonateUID = "as-uid"
FlagImpersonateGroup = "as-group"
FlagUsername = "username"
FlagPassword = "password"
FlagTimeout = "request-timeout"
FlagProxyURL = "proxy-url"
FlagDisableCompression = "disable-compression"


@dataclasses.dataclass
class ConfigOverrides:
    """Values that take precedence over the kubeconfig (what kubectl's flags set).

    ``cluster_defaults`` fills in a cluster's fields before the kubeconfig is applied;
    ``timeout`` is a string as the --request-timeout flag gives it ("30", "1m").
    """

    auth_info: api.AuthInfo = dataclasses.field(default_factory=api.AuthInfo)
    cluster_defaults: api.Cluster = dataclasses.field(default_factory=api.Cluster)
    cluster_info: api.Cluster = dataclasses.field(default_factory=api.Cluster)
    context: api.Context = dataclasses.field(default_factory=api.Context)
    current_context: str = ""
    timeout: str = ""

    def __repr__(self) -> str:
        # auth_info's own repr hides its credentials
        return (
            f"ConfigOverrides(auth_info={self.auth_info!r}, cluster_defaults={self.cluster_defaults!r}, "
            f"cluster_info={self.cluster_info!r}, context={self.context!r}, "
            f"current_context={self.current_context!r}, timeout={self.timeout!r})"
        )


@dataclasses.dataclass
class FlagInfo:
    """A flag's names, default and help. An empty long name means "do not register this flag"."""

    long_name: str = ""
    short_name: str = ""
    default: str = ""
    description: str = ""

    def _bind(
        self,
        parser: argparse.ArgumentParser,
        target: Any,
        attr: str,
        initial: object,
        action: type[argparse.Action],
        **extra: Any,
    ) -> "FlagInfo":
        """Set ``target.attr`` to ``initial`` and register the flag (when it has a long name) with ``action``."""
        if self.long_name:
            setattr(target, attr, initial)
            names = ["--" + self.long_name] + (["-" + self.short_name] if self.short_name else [])
            parser.add_argument(
                *names,
                action=action,
                target=target,
                attr=attr,
                default=argparse.SUPPRESS,
                help=self.description,
                **extra,
            )
        return self

    def bind_string_flag(
        self, parser: argparse.ArgumentParser, target: Any, attr: str, transform: Callable[[str], str] = lambda v: v
    ) -> "FlagInfo":
        return self._bind(parser, target, attr, self.default, _SetAttr, transform=transform, metavar="string")

    def bind_transforming_string_flag(
        self, parser: argparse.ArgumentParser, target: Any, attr: str, transformer: Callable[[str], str]
    ) -> "FlagInfo":
        """A string flag whose value passes through ``transformer`` (which may raise ValueError)."""
        return self.bind_string_flag(parser, target, attr, transform=transformer)

    def bind_string_array_flag(self, parser: argparse.ArgumentParser, target: Any, attr: str) -> "FlagInfo":
        initial = [self.default] if self.default else []
        return self._bind(parser, target, attr, initial, _AppendAttr, metavar="stringArray")

    def bind_bool_flag(self, parser: argparse.ArgumentParser, target: Any, attr: str) -> "FlagInfo":
        initial = self.default.lower() in ("1", "t", "true")
        return self._bind(parser, target, attr, initial, _SetBoolAttr, nargs="?")


def _flag() -> Any:
    """A FlagInfo field of the *OverrideFlags structs (unset until recommended_*_flags fills it)."""
    return dataclasses.field(default_factory=FlagInfo)


class _AttrAction(argparse.Action):
    """An argparse action that stores into ``target.attr`` (the variable a pflag binds) instead of the namespace."""

    def __init__(self, *args: Any, target: object = None, attr: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target, self.attr = target, attr


class _SetAttr(_AttrAction):
    def __init__(self, *args: Any, transform: Callable[[str], object], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transform = transform

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: Optional[str] = None,
    ) -> None:
        try:
            setattr(self.target, self.attr, self.transform(values))
        except ValueError as err:
            parser.error(f'invalid argument "{values}" for "{option_string}" flag: {err}')


class _AppendAttr(_AttrAction):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen = False

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: Optional[str] = None,
    ) -> None:
        if not self.seen:  # like pflag, the first use replaces the default
            setattr(self.target, self.attr, [])
            self.seen = True
        getattr(self.target, self.attr).append(values)


class _SetBoolAttr(_AttrAction):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: Optional[str] = None,
    ) -> None:
        if values is None:
            setattr(self.target, self.attr, True)
            return
        lowered = values.lower()
        if lowered in ("1", "t", "true"):
            setattr(self.target, self.attr, True)
        elif lowered in ("0", "f", "false"):
            setattr(self.target, self.attr, False)
        else:
            parser.error(
                f'invalid argument "{values}" for "{option_string}" flag: '
                f'strconv.ParseBool: parsing "{values}": invalid syntax'
            )


@dataclasses.dataclass
class AuthOverrideFlags:
    client_certificate: FlagInfo = _flag()
    client_key: FlagInfo = _flag()
    token: FlagInfo = _flag()
    impersonate: FlagInfo = _flag()
    impersonate_uid: FlagInfo = _flag()
    impersonate_groups: FlagInfo = _flag()
    username: FlagInfo = _flag()
    password: FlagInfo = _flag()


@dataclasses.dataclass
class ContextOverrideFlags:
    cluster_name: FlagInfo = _flag()
    auth_info_name: FlagInfo = _flag()
    namespace: FlagInfo = _flag()


@dataclasses.dataclass
class ClusterOverrideFlags:
    api_server: FlagInfo = _flag()
    api_version: FlagInfo = _flag()
    certificate_authority: FlagInfo = _flag()
    insecure_skip_tls_verify: FlagInfo = _flag()
    tls_server_name: FlagInfo = _flag()
    proxy_url: FlagInfo = _flag()
    disable_compression: FlagInfo = _flag()


@dataclasses.dataclass
class ConfigOverrideFlags:
    auth_override_flags: AuthOverrideFlags = dataclasses.field(default_factory=AuthOverrideFlags)
    cluster_override_flags: ClusterOverrideFlags = dataclasses.field(default_factory=ClusterOverrideFlags)
    context_override_flags: ContextOverrideFlags = dataclasses.field(default_factory=ContextOverrideFlags)
    current_context: FlagInfo = _flag()
    timeout: FlagInfo = _flag()


def recommended_config_override_flags(prefix: str) -> ConfigOverrideFlags:
    """kubectl's flag names for every override, each prefixed with ``prefix``."""
    return ConfigOverrideFlags(
        auth_override_flags=recommended_auth_override_flags(prefix),
        cluster_override_flags=recommended_cluster_override_flags(prefix),
        context_override_flags=recommended_context_override_flags(prefix),
        current_context=FlagInfo(prefix + FlagContext, "", "", "The name of the kubeconfig context to use"),
        timeout=FlagInfo(
            prefix + FlagTimeout,
            "",
            "0",
            "The length of time to wait before giving up on a single server request. Non-zero values "
            "should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't "
            "timeout requests.",
        ),
    )


def recommended_auth_override_flags(prefix: str) -> AuthOverrideFlags:
    return AuthOverrideFlags(
        client_certificate=FlagInfo(prefix + FlagCertFile, "", "", "Path to a client certificate file for TLS"),
        client_key=FlagInfo(prefix + FlagKeyFile, "", "", "Path to a client key file for TLS"),
        token=FlagInfo(prefix + FlagBearerToken, "", "", "Bearer token for authentication to the API server"),
        impersonate=FlagInfo(prefix + FlagImpersonate, "", "", "Username to impersonate for the operation"),
        impersonate_uid=FlagInfo(prefix + FlagImpersonateUID, "", "", "UID to impersonate for the operation"),
        impersonate_groups=FlagInfo(
            prefix + FlagImpersonateGroup,
            "",
            "",
            "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.",
        ),
        username=FlagInfo(prefix + FlagUsername, "", "", "Username for basic authentication to the API server"),
        password=FlagInfo(prefix + FlagPassword, "", "", "Password for basic authentication to the API server"),
    )


def recommended_cluster_override_flags(prefix: str) -> ClusterOverrideFlags:
    return ClusterOverrideFlags(
        api_server=FlagInfo(prefix + FlagAPIServer, "", "", "The address and port of the Kubernetes API server"),
        certificate_authority=FlagInfo(
            prefix + FlagCAFile, "", "", "Path to a cert file for the certificate authority"
        ),
        insecure_skip_tls_verify=FlagInfo(
            prefix + FlagInsecure,
            "",
            "false",
            "If true, the server's certificate will not be checked for validity. "
            "This will make your HTTPS connections insecure",
        ),
        tls_server_name=FlagInfo(
            prefix + FlagTLSServerName,
            "",
            "",
            "If provided, this name will be used to validate server certificate. If this is "
            "not provided, hostname used to contact the server is used.",
        ),
        proxy_url=FlagInfo(prefix + FlagProxyURL, "", "", "If provided, this URL will be used to connect via proxy"),
        disable_compression=FlagInfo(
            prefix + FlagDisableCompression,
            "",
            "",
            "If true, opt-out of response compression for all requests to the server",
        ),
    )


def recommended_context_override_flags(prefix: str) -> ContextOverrideFlags:
    return ContextOverrideFlags(
        cluster_name=FlagInfo(prefix + FlagClusterName, "", "", "The name of the kubeconfig cluster to use"),
        auth_info_name=FlagInfo(prefix + FlagAuthInfoName, "", "", "The name of the kubeconfig user to use"),
        namespace=FlagInfo(prefix + FlagNamespace, "n", "", "If present, the namespace scope for this CLI request"),
    )


def bind_override_flags(
    overrides: ConfigOverrides, parser: argparse.ArgumentParser, flag_names: ConfigOverrideFlags
) -> None:
    """Register the flags on ``parser``; parsing the arguments then fills ``overrides`` in place."""
    bind_auth_info_flags(overrides.auth_info, parser, flag_names.auth_override_flags)
    bind_cluster_flags(overrides.cluster_info, parser, flag_names.cluster_override_flags)
    bind_context_flags(overrides.context, parser, flag_names.context_override_flags)
    flag_names.current_context.bind_string_flag(parser, overrides, "current_context")
    flag_names.timeout.bind_string_flag(parser, overrides, "timeout")


def bind_auth_info_flags(
    auth_info: api.AuthInfo, parser: argparse.ArgumentParser, flag_names: AuthOverrideFlags
) -> None:
    flag_names.client_certificate.bind_string_flag(parser, auth_info, "client_certificate")
    flag_names.client_key.bind_string_flag(parser, auth_info, "client_key")
    flag_names.token.bind_string_flag(parser, auth_info, "token")
    flag_names.impersonate.bind_string_flag(parser, auth_info, "impersonate")
    flag_names.impersonate_uid.bind_string_flag(parser, auth_info, "impersonate_uid")
    flag_names.impersonate_groups.bind_string_array_flag(parser, auth_info, "impersonate_groups")
    flag_names.username.bind_string_flag(parser, auth_info, "username")
    flag_names.password.bind_string_flag(parser, auth_info, "password")


def bind_cluster_flags(
    cluster_info: api.Cluster, parser: argparse.ArgumentParser, flag_names: ClusterOverrideFlags
) -> None:
    flag_names.api_server.bind_string_flag(parser, cluster_info, "server")
    flag_names.certificate_authority.bind_string_flag(parser, cluster_info, "certificate_authority")
    flag_names.insecure_skip_tls_verify.bind_bool_flag(parser, cluster_info, "insecure_skip_tls_verify")
    flag_names.tls_server_name.bind_string_flag(parser, cluster_info, "tls_server_name")
    flag_names.proxy_url.bind_string_flag(parser, cluster_info, "proxy_url")
    flag_names.disable_compression.bind_bool_flag(parser, cluster_info, "disable_compression")


def bind_context_flags(
    context_info: api.Context, parser: argparse.ArgumentParser, flag_names: ContextOverrideFlags
) -> None:
    flag_names.cluster_name.bind_string_flag(parser, context_info, "cluster")
    flag_names.auth_info_name.bind_string_flag(parser, context_info, "auth_info")
    flag_names.namespace.bind_transforming_string_flag(parser, context_info, "namespace", remove_namespaces_prefix)


def remove_namespaces_prefix(value: str) -> str:
    """Strip a leading "namespaces/", "namespace/" or "ns/" (any case): ``-n ns/foo`` means foo."""
    for prefix in ("namespaces/", "namespace/", "ns/"):
        if len(value) > len(prefix) and value[: len(prefix)].lower() == prefix:
            return value[len(prefix) :]
    return value
