"""From a merged kubeconfig to a rest.Config (client-go tools/clientcmd/client_config.go)."""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import urllib.parse
from typing import Any, Callable, Optional, Protocol

from kubernetes_py import rest
from kubernetes_py._go import url as _gourl
from kubernetes_py._go.os import read_file
from kubernetes_py.rest import config as rest_config_module
from kubernetes_py.tools import auth as clientauth
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.helpers import parse_proxy_url, parse_timeout
from kubernetes_py.tools.clientcmd.loader import (
    ClientConfigGetter,
    ClientConfigLoadingRules,
    KubeconfigGetter,
    load,
    new_default_client_config_loading_rules,
)
from kubernetes_py.tools.clientcmd.merge import merge
from kubernetes_py.tools.clientcmd.overrides import ConfigOverrides
from kubernetes_py.tools.clientcmd.validation import (
    ConfigurationInvalidError,
    ContextNotFoundError,
    ErrEmptyCluster,
    ErrEmptyConfig,
    validate_auth_info,
    validate_cluster_info,
)

__all__ = [
    "ConfigOverrides",
    "ClusterDefaults",
    "DefaultClientConfig",
    "ClientConfig",
    "OverridingClientConfig",
    "PersistAuthProviderConfigForUser",
    "DirectClientConfig",
    "new_default_client_config",
    "new_non_interactive_client_config",
    "new_interactive_client_config",
    "new_client_config_from_bytes",
    "rest_config_from_kube_config",
    "build_config_from_flags",
    "build_config_from_kubeconfig_getter",
    "InClusterClientConfig",
    "NAMESPACE_FILE",
]

log = logging.getLogger("kubernetes_py.tools.clientcmd")

_CLUSTER_EXTENSION_KEY = "client.authentication.k8s.io/exec"

# The pod's namespace, read by the in-cluster config (a module attribute so tests can move it).
NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


def _default_server() -> str:
    return os.environ.get("KUBERNETES_MASTER", "") or "http://localhost:8080"


ClusterDefaults = api.Cluster(server=_default_server())


class ClientConfig(Protocol):
    """Go's ClientConfig interface: the raw kubeconfig, the rest.Config built from it, the namespace (and whether it
    was overridden), and where the files are."""

    def raw_config(self) -> api.Config:  # pragma: no cover - interface
        raise TypeError(f"{type(self).__name__} must implement raw_config()")

    def client_config(self) -> rest.Config: ...

    def namespace(self) -> tuple[str, bool]: ...

    def config_access(self) -> Any: ...


class OverridingClientConfig(ClientConfig, Protocol):
    """A ClientConfig that can also return the raw config with the overrides applied."""

    def merged_raw_config(self) -> api.Config: ...


# Go's PersistAuthProviderConfigForUser: the persister that stores a user's refreshed auth-provider settings.
PersistAuthProviderConfigForUser = Callable[[str], rest.AuthProviderConfigPersister]

_ANSI_ALLOWED = set("LMNPSZ")


def _clean_ansi_escape_codes(s: str) -> str:
    """Replace anything that is not a letter, mark, number, punctuation, symbol, separator or \\t-\\r by U+XXXX."""
    out = []
    for ch in s:
        if unicodedata.category(ch)[0] in _ANSI_ALLOWED or "\t" <= ch <= "\r":
            out.append(ch)
        else:
            out.append(f"U+{ord(ch):04X}")
    return "".join(out)


def _request_uri_without_query(host: str) -> str:
    """Go: if url.ParseRequestURI(host) works, has no opaque part and a path longer than "/",
    the host loses its query and fragment and is printed back with url.URL.String()."""
    rest_part = host
    force_query = rest_part.endswith("?") and rest_part.count("?") == 1
    if force_query:
        rest_part = rest_part[:-1]
    rest_part = rest_part.split("?", 1)[0]
    m = _gourl.SCHEME.match(rest_part)
    if m:
        scheme = m.group(1).lower()
        rest_part = rest_part[m.end() :]
        if not rest_part.startswith("/"):
            return host  # opaque URL
        if rest_part.startswith("//"):
            authority, slash, path = rest_part[2:].partition("/")
            path = slash + path
            prefix = f"{scheme}://{authority}"
        else:
            path, prefix = rest_part, f"{scheme}:"
    elif rest_part.startswith("/"):
        path, prefix = rest_part, ""
    else:
        return host  # not a request URI
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in host):
        return host
    try:
        unescaped = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return host
    if re.search(r"%(?![0-9A-Fa-f]{2})", path):
        return host
    if len(unescaped) <= 1:
        return host
    return prefix + _gourl.escaped_path(path) + ("?" if force_query else "")


class DirectClientConfig(OverridingClientConfig):
    """A ClientConfig over an already merged api.Config, a chosen context and overrides."""

    def __init__(
        self,
        config: api.Config,
        context_name: str = "",
        overrides: Optional[ConfigOverrides] = None,
        config_access: Any = None,
        fallback_reader: Any = None,
    ):
        self._config = config
        self._context_name = context_name
        self._overrides = overrides
        self._config_access = config_access
        self._fallback_reader = fallback_reader
        # What the user typed when prompted, so that a second client_config() does not ask again.
        self._prompted_username = ""
        self._prompted_password = ""

    def __repr__(self) -> str:
        return f"DirectClientConfig(context_name={self._context_name!r})"

    def raw_config(self) -> api.Config:
        return self._config

    def merged_raw_config(self) -> api.Config:
        """A copy of the raw config whose chosen context, user and cluster include the overrides."""
        self.confirm_usable()
        merged = api.deep_copy(self._config)
        auth_info = self._get_auth_info()
        auth_info_name, _ = self._get_auth_info_name()
        merged.auth_infos = {**(merged.auth_infos or {}), auth_info_name: auth_info}
        context = self._get_context()
        context_name, _ = self._get_context_name()
        merged.contexts = {**(merged.contexts or {}), context_name: context}
        merged.current_context = context_name
        cluster = self._get_cluster()
        cluster_name, _ = self._get_cluster_name()
        merged.clusters = {**(merged.clusters or {}), cluster_name: cluster}
        return merged

    def client_config(self) -> rest.Config:
        """The rest.Config for the chosen context. Raises ConfigurationInvalidError and friends."""
        auth_info = self._get_auth_info()
        self._get_context()
        cluster = self._get_cluster()
        self.confirm_usable()

        client_config = rest.Config()
        client_config.host = cluster.server
        if cluster.proxy_url:
            client_config.proxy = parse_proxy_url(cluster.proxy_url)
        client_config.disable_compression = cluster.disable_compression
        if self._overrides is not None and self._overrides.timeout:
            client_config.timeout = parse_timeout(self._overrides.timeout)
        client_config.host = _request_uri_without_query(client_config.host)
        if auth_info.impersonate:
            client_config.impersonate = rest.ImpersonationConfig(
                user_name=auth_info.impersonate,
                uid=auth_info.impersonate_uid,
                groups=auth_info.impersonate_groups,
                extra=auth_info.impersonate_user_extra,
            )

        # Credentials are only attached to connections that are protected by TLS.
        if rest.is_config_transport_tls(client_config):
            persister = None
            if self._config_access is not None:
                from kubernetes_py.tools.clientcmd.config import persister_for_user

                auth_info_name, _ = self._get_auth_info_name()
                persister = persister_for_user(self._config_access, auth_info_name)
            merge(client_config, self._user_identification_partial_config(auth_info, persister, cluster))
            merge(client_config, _server_identification_partial_config(cluster))
        return client_config

    def _user_identification_partial_config(
        self, auth_info: api.AuthInfo, persister: Any, cluster: api.Cluster
    ) -> rest.Config:
        merged = rest.Config()
        if auth_info.token:
            merged.bearer_token = auth_info.token
            merged.bearer_token_file = auth_info.token_file
        elif auth_info.token_file:
            merged.bearer_token = read_file(auth_info.token_file).decode("utf-8", errors="surrogateescape")
            merged.bearer_token_file = auth_info.token_file
        if auth_info.impersonate:
            merged.impersonate = rest.ImpersonationConfig(
                user_name=auth_info.impersonate,
                uid=auth_info.impersonate_uid,
                groups=auth_info.impersonate_groups,
                extra=auth_info.impersonate_user_extra,
            )
        if auth_info.client_certificate or auth_info.client_certificate_data:
            merged.cert_file = auth_info.client_certificate
            merged.cert_data = auth_info.client_certificate_data
            merged.key_file = auth_info.client_key
            merged.key_data = auth_info.client_key_data
        if auth_info.username or auth_info.password:
            merged.username = auth_info.username
            merged.password = auth_info.password
        if auth_info.auth_provider is not None:
            merged.auth_provider = auth_info.auth_provider
            merged.auth_config_persister = persister
        if auth_info.exec is not None:
            # As in client-go, this is the kubeconfig's own ExecConfig object, updated in place.
            merged.exec_provider = auth_info.exec
            merged.exec_provider.install_hint = _clean_ansi_escape_codes(merged.exec_provider.install_hint)
            merged.exec_provider.config = (cluster.extensions or {}).get(_CLUSTER_EXTENSION_KEY)

        # No credentials in the kubeconfig: an interactive config asks for a user name and password
        # (once; the answer is kept), and what the kubeconfig did say wins over what was typed.
        if not _can_identify_user(merged) and self._fallback_reader is not None:
            if self._prompted_username and self._prompted_password:
                merged.username = self._prompted_username
                merged.password = self._prompted_password
                return merged
            from kubernetes_py.tools.clientcmd.auth_loaders import new_prompting_auth_loader

            prompted = _make_user_identification_config(new_prompting_auth_loader(self._fallback_reader).prompt())
            previously_merged = merged
            merged = rest.Config()
            merge(merged, prompted)
            merge(merged, previously_merged)
            self._prompted_username = merged.username
            self._prompted_password = merged.password
        return merged

    def namespace(self) -> tuple[str, bool]:
        """The namespace of the chosen context ("default" when unset) and whether an override chose it."""
        if self._overrides is not None and self._overrides.context.namespace:
            return self._overrides.context.namespace, True
        self.confirm_usable()
        context = self._get_context()
        if not context.namespace:
            return "default", False
        return context.namespace, False

    def config_access(self) -> Any:
        return self._config_access

    def confirm_usable(self) -> None:
        """Raise ConfigurationInvalidError unless the chosen context, user and cluster are usable."""
        errs: list[BaseException] = []
        context_name = self._context_name or self._config.current_context
        if context_name and context_name not in (self._config.contexts or {}):
            errs.append(ContextNotFoundError(context_name))
        auth_info_name, _ = self._get_auth_info_name()
        auth_info = self._get_auth_info_or_empty()
        errs.extend(validate_auth_info(auth_info_name, auth_info))
        cluster_name, _ = self._get_cluster_name()
        cluster = self._get_cluster_or_empty()
        errs.extend(validate_cluster_info(cluster_name, cluster))
        if len(errs) == 1 and errs[0] is ErrEmptyCluster:
            raise ConfigurationInvalidError([ErrEmptyConfig])
        if errs:
            raise ConfigurationInvalidError(errs)

    # -- the chosen context, user and cluster, with overrides ------------------------------

    def _get_context_name(self) -> tuple[str, bool]:
        if self._overrides is not None and self._overrides.current_context:
            return self._overrides.current_context, True
        if self._context_name:
            return self._context_name, False
        return self._config.current_context, False

    def _get_auth_info_name(self) -> tuple[str, bool]:
        if self._overrides is not None and self._overrides.context.auth_info:
            return self._overrides.context.auth_info, True
        return self._get_context_or_empty().auth_info, False

    def _get_cluster_name(self) -> tuple[str, bool]:
        if self._overrides is not None and self._overrides.context.cluster:
            return self._overrides.context.cluster, True
        return self._get_context_or_empty().cluster, False

    def _get_context_or_empty(self) -> api.Context:
        try:
            return self._get_context()
        except ValueError:
            return api.Context()

    def _get_auth_info_or_empty(self) -> api.AuthInfo:
        try:
            return self._get_auth_info()
        except ValueError:
            return api.AuthInfo()

    def _get_cluster_or_empty(self) -> api.Cluster:
        try:
            return self._get_cluster()
        except ValueError:
            return api.Cluster()

    def _get_context(self) -> api.Context:
        contexts = self._config.contexts or {}
        name, required = self._get_context_name()
        merged = api.new_context()
        if name in contexts:
            merge(merged, contexts[name])
        elif required:
            raise ValueError(f'context "{name}" does not exist')
        if self._overrides is not None:
            merge(merged, self._overrides.context)
        return merged

    def _get_auth_info(self) -> api.AuthInfo:
        auth_infos = self._config.auth_infos or {}
        name, required = self._get_auth_info_name()
        merged = api.new_auth_info()
        if name in auth_infos:
            merge(merged, auth_infos[name])
        elif required:
            raise ValueError(f'auth info "{name}" does not exist')
        overrides = self._overrides
        if overrides is not None:
            merge(merged, overrides.auth_info)
            # A certificate or key given as an override replaces the pair's file and data together.
            if overrides.auth_info.client_key or overrides.auth_info.client_key_data:
                merged.client_key = overrides.auth_info.client_key
                merged.client_key_data = overrides.auth_info.client_key_data
            if overrides.auth_info.client_certificate or overrides.auth_info.client_certificate_data:
                merged.client_certificate = overrides.auth_info.client_certificate
                merged.client_certificate_data = overrides.auth_info.client_certificate_data
        return merged

    def _get_cluster(self) -> api.Cluster:
        clusters = self._config.clusters or {}
        name, required = self._get_cluster_name()
        merged = api.new_cluster()
        overrides = self._overrides
        if overrides is not None:
            merge(merged, overrides.cluster_defaults)
        if name in clusters:
            merge(merged, clusters[name])
        elif required:
            raise ValueError(f'cluster "{name}" does not exist')
        if overrides is not None:
            merge(merged, overrides.cluster_info)
            info = overrides.cluster_info
            # Insecure or a CA given as an override replaces all three; so does a server for the SNI name.
            if info.insecure_skip_tls_verify or info.certificate_authority or info.certificate_authority_data:
                merged.insecure_skip_tls_verify = info.insecure_skip_tls_verify
                merged.certificate_authority = info.certificate_authority
                merged.certificate_authority_data = info.certificate_authority_data
            if info.tls_server_name or info.server:
                merged.tls_server_name = info.tls_server_name
        return merged


def _make_user_identification_config(info: clientauth.Info) -> rest.Config:
    config = rest.Config()
    config.username = info.user
    config.password = info.password
    config.cert_file = info.cert_file
    config.key_file = info.key_file
    config.bearer_token = info.bearer_token
    return config


def _can_identify_user(config: rest.Config) -> bool:
    return (
        bool(config.username)
        or bool(config.cert_file)
        or bool(config.cert_data)
        or bool(config.bearer_token)
        or config.auth_provider is not None
        or config.exec_provider is not None
    )


def _server_identification_partial_config(cluster: api.Cluster) -> rest.Config:
    config = rest.Config()
    config.ca_file = cluster.certificate_authority
    config.ca_data = cluster.certificate_authority_data
    config.insecure = cluster.insecure_skip_tls_verify
    config.server_name = cluster.tls_server_name
    return config


def new_default_client_config(config: api.Config, overrides: Optional[ConfigOverrides] = None) -> DirectClientConfig:
    """A ClientConfig for the config's current context, with the default loading rules as config access."""
    return DirectClientConfig(config, config.current_context, overrides, new_default_client_config_loading_rules())


def new_non_interactive_client_config(
    config: api.Config, context_name: str = "", overrides: Optional[ConfigOverrides] = None, config_access: Any = None
) -> DirectClientConfig:
    """A ClientConfig for ``context_name`` (or the current context) that never prompts."""
    return DirectClientConfig(config, context_name, overrides, config_access)


def new_interactive_client_config(
    config: api.Config,
    context_name: str = "",
    overrides: Optional[ConfigOverrides] = None,
    fallback_reader: Any = None,
    config_access: Any = None,
) -> DirectClientConfig:
    """A ClientConfig for ``context_name`` that prompts for a user name (read from ``fallback_reader``) and a
    password when the kubeconfig holds no credentials for the chosen user."""
    return DirectClientConfig(config, context_name, overrides, config_access, fallback_reader)


def new_client_config_from_bytes(config_bytes: bytes | str) -> DirectClientConfig:
    """A ClientConfig for kubeconfig bytes (no files; relative paths stay relative)."""
    return DirectClientConfig(load(config_bytes), "", ConfigOverrides(), None)


def rest_config_from_kube_config(config_bytes: bytes | str) -> rest.Config:
    """The rest.Config for the current context of kubeconfig bytes."""
    return new_client_config_from_bytes(config_bytes).client_config()


class InClusterClientConfig(ClientConfig):
    """The service-account configuration of a pod, with the server, token and CA overrides applied."""

    def __init__(self, overrides: Optional[ConfigOverrides] = None, in_cluster_config_provider: Any = None):
        self.overrides = overrides
        self.in_cluster_config_provider = in_cluster_config_provider

    def raw_config(self) -> api.Config:
        raise ValueError("inCluster environment config doesn't support multiple clusters")

    def client_config(self) -> rest.Config:
        provider = self.in_cluster_config_provider or rest.in_cluster_config
        icc = provider()
        if self.overrides is not None:
            if self.overrides.cluster_info.server:
                icc.host = self.overrides.cluster_info.server
            if self.overrides.auth_info.token or self.overrides.auth_info.token_file:
                icc.bearer_token = self.overrides.auth_info.token
                icc.bearer_token_file = self.overrides.auth_info.token_file
            if self.overrides.cluster_info.certificate_authority:
                icc.tls_client_config.ca_file = self.overrides.cluster_info.certificate_authority
        return icc

    def namespace(self) -> tuple[str, bool]:
        ns = os.environ.get("POD_NAMESPACE", "")
        if ns:
            return ns, False
        try:
            with open(NAMESPACE_FILE, "rb") as fh:
                ns = fh.read().decode("utf-8", errors="replace").strip()
            if ns:
                return ns, False
        except OSError:
            pass
        return "default", False

    def config_access(self) -> Any:
        return new_default_client_config_loading_rules()

    def possible(self) -> bool:
        token_file = rest_config_module.TOKEN_FILE
        return (
            bool(os.environ.get("KUBERNETES_SERVICE_HOST"))
            and bool(os.environ.get("KUBERNETES_SERVICE_PORT"))
            and os.path.exists(token_file)
            and not os.path.isdir(token_file)
        )


def build_config_from_flags(master_url: str, kubeconfig_path: str) -> rest.Config:
    """A rest.Config from a --master URL and/or --kubeconfig path; with neither, the in-cluster
    config is tried first and the default loading rules are the fallback (with a logged warning)."""
    from kubernetes_py.tools.clientcmd.merged_client_builder import (
        new_non_interactive_deferred_loading_client_config,
    )

    if not kubeconfig_path and not master_url:
        log.warning(
            "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work."
        )
        try:
            return rest.in_cluster_config()
        except (rest.ErrNotInCluster, OSError) as err:
            log.warning("error creating inClusterConfig, falling back to default config: %s", err)
    return new_non_interactive_deferred_loading_client_config(
        ClientConfigLoadingRules(explicit_path=kubeconfig_path),
        ConfigOverrides(cluster_info=api.Cluster(server=master_url)),
    ).client_config()


def build_config_from_kubeconfig_getter(master_url: str, kubeconfig_getter: KubeconfigGetter) -> rest.Config:
    """A rest.Config from a function returning the kubeconfig, with ``master_url`` overriding its server."""
    from kubernetes_py.tools.clientcmd.merged_client_builder import (
        new_non_interactive_deferred_loading_client_config,
    )

    return new_non_interactive_deferred_loading_client_config(
        ClientConfigGetter(kubeconfig_getter),
        ConfigOverrides(cluster_info=api.Cluster(server=master_url)),
    ).client_config()


DefaultClientConfig = DirectClientConfig(
    api.new_config(), "", ConfigOverrides(cluster_defaults=ClusterDefaults), new_default_client_config_loading_rules()
)
