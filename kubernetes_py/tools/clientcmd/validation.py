"""Kubeconfig validation with client-go's errors (tools/clientcmd/validation.go)."""

from __future__ import annotations

from typing import Optional

from kubernetes_py._go import url as _gourl
from kubernetes_py._go.os import check_readable
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery.util.errors import Aggregate
from kubernetes_py.apimachinery.util.validation import is_dns1123_label
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.helpers import parse_proxy_url

__all__ = [
    "ErrNoContext",
    "ErrEmptyConfig",
    "ErrEmptyCluster",
    "new_empty_config_error",
    "NoContextError",
    "EmptyClusterError",
    "EmptyConfigError",
    "ContextNotFoundError",
    "ConfigurationInvalidError",
    "is_context_not_found",
    "is_empty_config",
    "is_configuration_invalid",
    "validate",
    "confirm_usable",
]


class NoContextError(Exception):
    """No context was chosen (``ErrNoContext``)."""


class EmptyConfigError(Exception):
    """The kubeconfig has nothing in it (Go's errEmptyConfig)."""


class EmptyClusterError(Exception):
    """The chosen cluster is entirely empty (``ErrEmptyCluster``)."""


class ContextNotFoundError(Exception):
    """The context named by current-context or an override does not exist (Go's errContextNotFound)."""

    def __init__(self, context_name: str):
        self.context_name = context_name
        super().__init__(f"context was not found for specified context: {context_name}")


class ConfigurationInvalidError(Aggregate):
    """One or more validation errors, printed ``invalid configuration: ...`` (Go's errConfigurationInvalid)."""

    def __str__(self) -> str:
        return "invalid configuration: " + super().__str__()

    def __repr__(self) -> str:
        return f"ConfigurationInvalidError({self.errors()!r})"

    def is_(self, target: BaseException) -> bool:
        """Go's errors.Is over the errors, nested ones included, stopping at the first match: an error matches
        when it is (or equals) ``target``, when its own ``is_(target)`` says so, or when an error it wraps
        (``__cause__``) matches."""
        return self._visit(lambda err: _errors_is(err, target))


def _errors_is(err: Optional[BaseException], target: BaseException) -> bool:
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if err is target or err == target:
            return True
        is_method = getattr(err, "is_", None)
        if callable(is_method) and is_method(target):
            return True
        err = err.__cause__
    return False


ErrNoContext = NoContextError("no context chosen")
ErrEmptyConfig = EmptyConfigError(
    "no configuration has been provided, try setting KUBERNETES_MASTER environment variable"
)
ErrEmptyCluster = EmptyClusterError("cluster has no server defined")


def new_empty_config_error(message: str) -> EmptyConfigError:
    return EmptyConfigError(message)


def _new_configuration_invalid(errs: list[BaseException]) -> Optional[ConfigurationInvalidError]:
    if not errs:
        return None
    return ConfigurationInvalidError(errs)


def is_context_not_found(err: Optional[BaseException]) -> bool:
    if err is None:
        return False
    if isinstance(err, (ContextNotFoundError, NoContextError)):
        return True
    return "context was not found for specified context" in str(err)


def is_empty_config(err: Optional[BaseException]) -> bool:
    if isinstance(err, ConfigurationInvalidError):
        errs = err.errors()
        return len(errs) == 1 and isinstance(errs[0], EmptyConfigError)
    return isinstance(err, EmptyConfigError)


def is_configuration_invalid(err: Optional[BaseException]) -> bool:
    if isinstance(err, (ContextNotFoundError, ConfigurationInvalidError)):
        return True
    return is_context_not_found(err)


def validate(config: api.Config) -> None:
    """Check every context, user and cluster. Raises ConfigurationInvalidError listing all problems."""
    if api.is_config_empty(config):
        raise ConfigurationInvalidError([ErrEmptyConfig])
    errs: list[BaseException] = []
    contexts = config.contexts or {}
    if config.current_context and config.current_context not in contexts:
        errs.append(ContextNotFoundError(config.current_context))
    for name, context in contexts.items():
        errs.extend(_validate_context(name, context, config))
    for name, auth_info in (config.auth_infos or {}).items():
        errs.extend(validate_auth_info(name, auth_info))
    for name, cluster in (config.clusters or {}).items():
        errs.extend(validate_cluster_info(name, cluster))
    err = _new_configuration_invalid(errs)
    if err is not None:
        raise err


def confirm_usable(config: api.Config, passed_context_name: str = "") -> None:
    """Check that the chosen context and its user and cluster can be used. Raises on the first failure set."""
    if api.is_config_empty(config):
        raise ConfigurationInvalidError([ErrEmptyConfig])
    context_name = passed_context_name or config.current_context
    if not context_name:
        raise ErrNoContext.with_traceback(None)  # a shared sentinel: do not let tracebacks pile up on it
    errs: list[BaseException] = []
    context = (config.contexts or {}).get(context_name)
    if context is None:
        errs.append(ContextNotFoundError(context_name))
    else:
        errs.extend(_validate_context(context_name, context, config))
        auth_info = (config.auth_infos or {}).get(context.auth_info) or api.AuthInfo()
        errs.extend(validate_auth_info(context.auth_info, auth_info))
        cluster = (config.clusters or {}).get(context.cluster) or api.Cluster()
        errs.extend(validate_cluster_info(context.cluster, cluster))
    err = _new_configuration_invalid(errs)
    if err is not None:
        raise err


def validate_cluster_info(cluster_name: str, cluster: api.Cluster) -> list[BaseException]:
    """The problems with one cluster entry (ErrEmptyCluster alone when it is entirely empty)."""
    if cluster == api.new_cluster():
        return [ErrEmptyCluster]
    errs: list[BaseException] = []
    if not cluster.server:
        if not cluster_name:
            errs.append(ValueError("default cluster has no server defined"))
        else:
            errs.append(ValueError(f"no server found for cluster {go_quote(cluster_name)}"))
    if cluster.proxy_url:
        try:
            parse_proxy_url(cluster.proxy_url)
        except ValueError as err:
            shown = _gourl.redacted(cluster.proxy_url)
            errs.append(
                ValueError(
                    f"invalid 'proxy-url' {go_quote(shown)} for cluster {go_quote(cluster_name)}: "
                    + str(err).replace(cluster.proxy_url, shown)
                )
            )
    if cluster.certificate_authority and cluster.certificate_authority_data:
        errs.append(
            ValueError(
                f"certificate-authority-data and certificate-authority are both specified for {cluster_name}. "
                "certificate-authority-data will override."
            )
        )
    if cluster.certificate_authority:
        _check_readable(errs, "certificate-authority", cluster.certificate_authority, cluster_name)
    return errs


def _check_readable(errs: list[BaseException], what: str, path: str, owner: str) -> None:
    """Adds "unable to read <what> <path> for <owner> due to <err>" to ``errs`` when the file cannot be read."""
    try:
        check_readable(path)
    except OSError as err:
        errs.append(ValueError(f"unable to read {what} {path} for {owner} due to {err}"))


def validate_auth_info(auth_info_name: str, auth_info: api.AuthInfo) -> list[BaseException]:
    """The problems with one user entry."""
    errs: list[BaseException] = []
    methods: list[str] = []
    if auth_info.token:
        methods.append("token")
    if auth_info.username or auth_info.password:
        methods.append("basicAuth")
    if auth_info.client_certificate or auth_info.client_certificate_data:
        if auth_info.client_certificate and auth_info.client_certificate_data:
            errs.append(
                ValueError(
                    f"client-cert-data and client-cert are both specified for {auth_info_name}. "
                    "client-cert-data will override."
                )
            )
        if auth_info.client_key and auth_info.client_key_data:
            errs.append(
                ValueError(
                    f"client-key-data and client-key are both specified for {auth_info_name}; "
                    "client-key-data will override"
                )
            )
        if not auth_info.client_key and not auth_info.client_key_data:
            errs.append(
                ValueError(
                    f"client-key-data or client-key must be specified for {auth_info_name} "
                    "to use the clientCert authentication method."
                )
            )
        if auth_info.client_certificate:
            _check_readable(errs, "client-cert", auth_info.client_certificate, auth_info_name)
        if auth_info.client_key:
            _check_readable(errs, "client-key", auth_info.client_key, auth_info_name)
    exec_config = auth_info.exec
    if exec_config is not None:
        if auth_info.auth_provider is not None:
            errs.append(
                ValueError(f"authProvider cannot be provided in combination with an exec plugin for {auth_info_name}")
            )
        if not exec_config.command:
            errs.append(ValueError(f"command must be specified for {auth_info_name} to use exec authentication plugin"))
        if not exec_config.api_version:
            errs.append(
                ValueError(f"apiVersion must be specified for {auth_info_name} to use exec authentication plugin")
            )
        for var in exec_config.env or []:
            if not var.name:
                errs.append(
                    ValueError(
                        f"env variable name must be specified for {auth_info_name} to use exec authentication plugin"
                    )
                )
        mode = exec_config.interactive_mode
        if mode == "":
            errs.append(
                ValueError(f"interactiveMode must be specified for {auth_info_name} to use exec authentication plugin")
            )
        elif mode not in (
            api.NeverExecInteractiveMode,
            api.IfAvailableExecInteractiveMode,
            api.AlwaysExecInteractiveMode,
        ):
            errs.append(ValueError(f"invalid interactiveMode for {auth_info_name}: {go_quote(mode)}"))
        policy_err = validate_plugin_policy(exec_config.plugin_policy)
        if policy_err is not None:
            errs.append(ValueError(f"allowlist misconfiguration: {policy_err}"))
    if len(methods) > 1:
        errs.append(
            ValueError(
                f"more than one authentication method found for {auth_info_name}; "
                f"found [{' '.join(methods)}], only one is allowed"
            )
        )
    if (
        auth_info.impersonate_uid or auth_info.impersonate_groups or auth_info.impersonate_user_extra
    ) and not auth_info.impersonate:
        errs.append(
            ValueError(f"requesting uid, groups or user-extra for {auth_info_name} without impersonating a user")
        )
    return errs


def validate_plugin_policy(policy: api.PluginPolicy) -> Optional[str]:
    """The exec plugin policy's problem as text, or None (the exec plugin package does the checking)."""
    from kubernetes_py.plugin.pkg.client.auth.exec.exec import validate_plugin_policy as check

    try:
        check(policy)
    except ValueError as err:
        return str(err)
    return None


def _go_v_context(context: api.Context) -> str:
    """The context as Go's %#v prints it (extension objects, being pointers in Go, show their keys only)."""
    if context.extensions is None:
        ext = "map[string]runtime.Object(nil)"
    else:
        ext = (
            "map[string]runtime.Object{"
            + ", ".join(f"{go_quote(k)}:(*runtime.Unknown)" for k in sorted(context.extensions))
            + "}"
        )
    return (
        f"api.Context{{LocationOfOrigin:{go_quote(context.location_of_origin)}, "
        f"Cluster:{go_quote(context.cluster)}, AuthInfo:{go_quote(context.auth_info)}, "
        f"Namespace:{go_quote(context.namespace)}, Extensions:{ext}}}"
    )


def _validate_context(context_name: str, context: api.Context, config: api.Config) -> list[BaseException]:
    errs: list[BaseException] = []
    if not context_name:
        errs.append(ValueError(f"empty context name for {_go_v_context(context)} is not allowed"))
    if not context.auth_info:
        errs.append(ValueError(f"user was not specified for context {go_quote(context_name)}"))
    elif context.auth_info not in (config.auth_infos or {}):
        errs.append(
            ValueError(f"user {go_quote(context.auth_info)} was not found for context {go_quote(context_name)}")
        )
    if not context.cluster:
        errs.append(ValueError(f"cluster was not specified for context {go_quote(context_name)}"))
    elif context.cluster not in (config.clusters or {}):
        errs.append(
            ValueError(f"cluster {go_quote(context.cluster)} was not found for context {go_quote(context_name)}")
        )
    if context.namespace and is_dns1123_label(context.namespace):
        errs.append(
            ValueError(
                f"namespace {go_quote(context.namespace)} for context {go_quote(context_name)} "
                "does not conform to the kubernetes DNS_LABEL rules"
            )
        )
    return errs
