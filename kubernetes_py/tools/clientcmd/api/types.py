"""The in-memory kubeconfig (client-go tools/clientcmd/api types.go).

These are plain Go structs, so fields are snake_case. As in Go, a map or list field
that was never set is ``None`` (Go's nil) and the ``new_*`` constructors give empty
maps; code that compares configs (validation, ModifyConfig) depends on the difference,
exactly as client-go's reflect.DeepEqual does.

Extensions (Go ``map[string]runtime.Object``) hold, as client-go does, a ``runtime.Unknown``
whose ``raw`` is the extension's JSON (``api.v1.extension_value(obj)`` gives the parsed value);
when writing, a plain JSON value (dict, list, str, ...) is accepted too.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional, TypeVar

from kubernetes_py._go.strconv import go_quote

_S = TypeVar("_S")

__all__ = [
    "Config",
    "Preferences",
    "Cluster",
    "AuthInfo",
    "Context",
    "AuthProviderConfig",
    "ExecConfig",
    "ExecEnvVar",
    "ExecInteractiveMode",
    "PluginPolicy",
    "AllowlistEntry",
    "PolicyType",
    "NeverExecInteractiveMode",
    "IfAvailableExecInteractiveMode",
    "AlwaysExecInteractiveMode",
    "PluginPolicyAllowAll",
    "PluginPolicyDenyAll",
    "PluginPolicyAllowlist",
    "new_config",
    "new_context",
    "new_cluster",
    "new_auth_info",
    "new_preferences",
]

_REDACTED = "--- REDACTED ---"

ExecInteractiveMode = str
NeverExecInteractiveMode: ExecInteractiveMode = "Never"
IfAvailableExecInteractiveMode: ExecInteractiveMode = "IfAvailable"
AlwaysExecInteractiveMode: ExecInteractiveMode = "Always"

PolicyType = str
PluginPolicyAllowAll: PolicyType = "AllowAll"
PluginPolicyDenyAll: PolicyType = "DenyAll"
PluginPolicyAllowlist: PolicyType = "Allowlist"


def _plain_repr(obj: Any, type_name: str, secret_fields: Optional[dict[str, str]] = None) -> str:
    parts = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if secret_fields and f.name in secret_fields and value:
            parts.append(f"{f.name}={secret_fields[f.name]}")
        else:
            parts.append(f"{f.name}={value!r}")
    return f"{type_name}({', '.join(parts)})"


@dataclasses.dataclass(repr=False)
class Preferences:
    colors: bool = False
    extensions: Optional[dict[str, Any]] = None

    def __repr__(self) -> str:
        return _plain_repr(self, "api.Preferences")


@dataclasses.dataclass(repr=False)
class Cluster:
    """How to reach one API server. ``location_of_origin`` is the file it was read from (not serialized)."""

    location_of_origin: str = ""
    server: str = ""
    tls_server_name: str = ""
    insecure_skip_tls_verify: bool = False
    certificate_authority: str = ""
    certificate_authority_data: Optional[bytes] = None
    proxy_url: str = ""
    disable_compression: bool = False
    extensions: Optional[dict[str, Any]] = None

    def __repr__(self) -> str:
        return _plain_repr(self, "api.Cluster")


@dataclasses.dataclass(repr=False)
class AuthProviderConfig:
    """A named auth-provider plugin and its settings (which often hold tokens: never printed)."""

    name: str = ""
    config: Optional[dict[str, str]] = None

    def __repr__(self) -> str:
        cfg = "<nil>" if self.config is None else _REDACTED
        return f"api.AuthProviderConfig(name={go_quote(self.name)}, config={{{cfg}}})"

    __str__ = __repr__


@dataclasses.dataclass
class ExecEnvVar:
    name: str = ""
    value: str = ""

    def __repr__(self) -> str:
        return f"api.ExecEnvVar(name={self.name!r}, value={_REDACTED if self.value else ''!r})"


@dataclasses.dataclass
class AllowlistEntry:
    command: str = ""


@dataclasses.dataclass
class PluginPolicy:
    policy_type: PolicyType = ""
    allowlist: Optional[list[AllowlistEntry]] = None


@dataclasses.dataclass(repr=False)
class ExecConfig:
    """A credential plugin command (client.authentication.k8s.io exec).

    ``config`` is the cluster's ``client.authentication.k8s.io/exec`` extension (a runtime.Unknown
    holding its JSON), filled in when a rest.Config is built; it is not part of the kubeconfig entry.
    """

    command: str = ""
    args: Optional[list[str]] = None
    env: Optional[list[ExecEnvVar]] = None
    api_version: str = ""
    install_hint: str = ""
    provide_cluster_info: bool = False
    config: Any = None
    interactive_mode: ExecInteractiveMode = ""
    stdin_unavailable: bool = False
    stdin_unavailable_message: str = ""
    plugin_policy: PluginPolicy = dataclasses.field(default_factory=PluginPolicy)

    def __repr__(self) -> str:
        # Arguments, environment and the cluster config may carry secrets: only their presence shows.
        args = "['--- REDACTED ---']" if self.args else "None"
        env = "[--- REDACTED ---]" if self.env else "None"
        config = "None" if self.config is None else "runtime.Object(--- REDACTED ---)"
        return (
            f"api.ExecConfig(command={go_quote(self.command)}, args={args}, env={env}, "
            f"api_version={go_quote(self.api_version)}, provide_cluster_info={self.provide_cluster_info}, "
            f"config={config}, stdin_unavailable={self.stdin_unavailable})"
        )

    __str__ = __repr__


@dataclasses.dataclass(repr=False)
class AuthInfo:
    """Who the client is: certificates, token, basic auth, impersonation, auth-provider or exec plugin."""

    location_of_origin: str = ""
    client_certificate: str = ""
    client_certificate_data: Optional[bytes] = None
    client_key: str = ""
    client_key_data: Optional[bytes] = None
    token: str = ""
    token_file: str = ""
    impersonate: str = ""
    impersonate_uid: str = ""
    impersonate_groups: Optional[list[str]] = None
    impersonate_user_extra: Optional[dict[str, list[str]]] = None
    username: str = ""
    password: str = ""
    auth_provider: Optional[AuthProviderConfig] = None
    exec: Optional[ExecConfig] = None
    extensions: Optional[dict[str, Any]] = None

    def __repr__(self) -> str:
        return _plain_repr(
            self,
            "api.AuthInfo",
            {
                "client_key_data": "b'" + _REDACTED + "'",
                "client_certificate_data": "b'--- TRUNCATED ---'",
                "token": repr(_REDACTED),
                "password": repr(_REDACTED),
            },
        )

    __str__ = __repr__


@dataclasses.dataclass(repr=False)
class Context:
    """A (cluster, user, namespace) triple under a name."""

    location_of_origin: str = ""
    cluster: str = ""
    auth_info: str = ""
    namespace: str = ""
    extensions: Optional[dict[str, Any]] = None

    def __repr__(self) -> str:
        return _plain_repr(self, "api.Context")


@dataclasses.dataclass(repr=False)
class Config:
    """A whole kubeconfig: named clusters, users (``auth_infos``) and contexts, and the current context."""

    kind: str = ""
    api_version: str = ""
    preferences: Preferences = dataclasses.field(default_factory=Preferences)
    clusters: Optional[dict[str, Cluster]] = None
    auth_infos: Optional[dict[str, AuthInfo]] = None
    contexts: Optional[dict[str, Context]] = None
    current_context: str = ""
    extensions: Optional[dict[str, Any]] = None

    def __repr__(self) -> str:
        return _plain_repr(self, "api.Config")

    __str__ = __repr__

    def deep_copy(self) -> "Config":
        return deep_copy(self)


def deep_copy(obj: _S) -> _S:
    """A deep copy of any of these structs (Go's generated DeepCopy)."""
    import copy

    return copy.deepcopy(obj)


def new_config() -> Config:
    return Config(clusters={}, auth_infos={}, contexts={}, extensions={})


def new_context() -> Context:
    return Context(extensions={})


def new_cluster() -> Cluster:
    return Cluster(extensions={})


def new_auth_info() -> AuthInfo:
    return AuthInfo(extensions={}, impersonate_user_extra={})


def new_preferences() -> Preferences:
    return Preferences(extensions={})
