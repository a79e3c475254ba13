"""rest.Config: everything a client needs to reach and authenticate to an API server.

Port of client-go's rest/config.go (the struct, its copy helpers, its redacting
String(), and InClusterConfig). Go's embedded structs ``ContentConfig`` and
``TLSClientConfig`` are fields here (``content_config``, ``tls_client_config``)
whose own fields are also readable and writable on the Config itself, exactly as
Go promotes them: ``config.ca_file is config.tls_client_config.ca_file``.

Python forms of the Go function-typed fields (agreed with the transport/rest packages):

- ``transport``: a ``requests.adapters.BaseAdapter`` used instead of the one built from TLS options.
- ``wrap_transport``: ``callable(adapter) -> adapter`` layered over the base adapter; see ``Config.wrap``.
- ``proxy``: ``None`` (use the environment, like http.ProxyFromEnvironment), a proxy URL string used for
  every request, or ``callable(request) -> str | None``.
- ``dial``: ``callable(ctx, network, address) -> socket`` (opaque to this module).
- ``timeout``: seconds as a float (Go's time.Duration); 0 means no timeout.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
import ssl
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, TypeVar, Union

from kubernetes_py.transport.tls import data_from_slice_or_file

if TYPE_CHECKING:  # pragma: no cover
    import socket

    import requests

    from kubernetes_py.apimachinery.runtime.schema import GroupVersion
    from kubernetes_py.rest.warnings import WarningHandler, WarningHandlerWithContext
    from kubernetes_py.tools.clientcmd.api import AuthProviderConfig, ExecConfig
    from kubernetes_py.util.flowcontrol import RateLimiter

    Adapter = requests.adapters.BaseAdapter

__all__ = [
    "DefaultQPS",
    "DefaultBurst",
    "ErrNotInCluster",
    "Config",
    "ContentConfig",
    "TLSClientConfig",
    "ImpersonationConfig",
    "AuthProviderConfigPersister",
    "copy_config",
    "anonymous_client_config",
    "in_cluster_config",
    "load_tls_files",
    "is_config_transport_tls",
    "TOKEN_FILE",
    "ROOT_CA_FILE",
]

log = logging.getLogger("kubernetes_py.rest")

DefaultQPS: float = 5.0
DefaultBurst: int = 10

# Where a pod finds its service-account credentials. in_cluster_config() reads these
# module attributes at call time, so tests can point them at temporary files.
TOKEN_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token"
ROOT_CA_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"

_REDACTED = "--- REDACTED ---"


class ErrNotInCluster(Exception):
    """Raised by in_cluster_config() outside a pod (the service env variables are unset)."""

    def __init__(
        self,
        message: str = (
            "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
            "KUBERNETES_SERVICE_PORT must be defined"
        ),
    ):
        super().__init__(message)


class AuthProviderConfigPersister(Protocol):
    """Interface: ``persist(config: dict[str, str])`` stores refreshed auth-provider settings."""

    def persist(self, config: dict[str, str]) -> None:  # pragma: no cover - interface
        raise TypeError(f"{type(self).__name__} must implement persist()")


def _field_repr(name: str, value: Any) -> str:
    return f"{name}={value!r}"


@dataclasses.dataclass(repr=False)
class ImpersonationConfig:
    """Who the client acts as (Impersonate-User/-Uid/-Group/-Extra-* headers)."""

    user_name: str = ""
    uid: str = ""
    groups: Optional[list[str]] = None
    extra: Optional[dict[str, list[str]]] = None

    def __repr__(self) -> str:
        inner = ", ".join(_field_repr(f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return f"rest.ImpersonationConfig({inner})"


@dataclasses.dataclass(repr=False)
class TLSClientConfig:
    """TLS settings. ``*_data`` (PEM bytes) take precedence over the matching ``*_file``."""

    insecure: bool = False
    server_name: str = ""
    cert_file: str = ""
    key_file: str = ""
    ca_file: str = ""
    cert_data: Optional[bytes] = None
    key_data: Optional[bytes] = None
    ca_data: Optional[bytes] = None
    next_protos: Optional[list[str]] = None

    def __repr__(self) -> str:
        # Same masking as client-go's TLSClientConfig.String(): the certificate is
        # truncated and the private key redacted whenever they are non-empty.
        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "cert_data" and value:
                value = b"--- TRUNCATED ---"
            elif f.name == "key_data" and value:
                value = _REDACTED.encode()
            parts.append(_field_repr(f.name, value))
        return f"rest.TLSClientConfig({', '.join(parts)})"

    __str__ = __repr__


@dataclasses.dataclass(repr=False)
class ContentConfig:
    """How objects are encoded on the wire and which API group/version is addressed."""

    accept_content_types: str = ""
    content_type: str = ""
    group_version: Optional[GroupVersion] = None
    negotiated_serializer: Any = None  # a runtime.NegotiatedSerializer (scheme.Codecs...) or None

    def __repr__(self) -> str:
        inner = ", ".join(_field_repr(f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return f"rest.ContentConfig({inner})"


_CONTENT_FIELDS = tuple(f.name for f in dataclasses.fields(ContentConfig))
_TLS_FIELDS = tuple(f.name for f in dataclasses.fields(TLSClientConfig))


def _promote(holder: str, name: str) -> property:
    def fget(self: Any) -> Any:
        return getattr(getattr(self, holder), name)

    def fset(self: Any, value: Any) -> None:
        setattr(getattr(self, holder), name, value)

    return property(fget, fset, doc=f"Promoted from {holder}.{name} (a Go embedded field).")


@dataclasses.dataclass(init=False, repr=False)
class Config:
    """Attributes a Kubernetes client is built from (client-go rest.Config)."""

    host: str = ""
    api_path: str = ""
    content_config: ContentConfig = dataclasses.field(default_factory=ContentConfig)
    username: str = ""
    password: str = ""
    bearer_token: str = ""
    bearer_token_file: str = ""
    impersonate: ImpersonationConfig = dataclasses.field(default_factory=ImpersonationConfig)
    auth_provider: Optional["AuthProviderConfig"] = None
    auth_config_persister: Optional[AuthProviderConfigPersister] = None
    exec_provider: Optional["ExecConfig"] = None
    tls_client_config: TLSClientConfig = dataclasses.field(default_factory=TLSClientConfig)
    user_agent: str = ""
    disable_compression: bool = False
    transport: Optional[Adapter] = None
    wrap_transport: Optional[Callable[[Adapter], Adapter]] = None
    qps: float = 0.0
    burst: int = 0
    rate_limiter: Optional[RateLimiter] = None
    warning_handler: Optional[WarningHandler] = None
    warning_handler_with_context: Optional[WarningHandlerWithContext] = None
    timeout: float = 0.0
    dial: Optional[Callable[..., socket.socket]] = None
    proxy: Union[None, str, Callable[[requests.PreparedRequest], Optional[str]]] = None

    if TYPE_CHECKING:  # Go's promoted fields of the embedded ContentConfig and TLSClientConfig (properties below)
        accept_content_types: str = ""
        content_type: str = ""
        group_version: Optional[GroupVersion] = None
        negotiated_serializer: Any = None
        insecure: bool = False
        server_name: str = ""
        cert_file: str = ""
        key_file: str = ""
        ca_file: str = ""
        cert_data: Optional[bytes] = None
        key_data: Optional[bytes] = None
        ca_data: Optional[bytes] = None
        next_protos: Optional[list[str]] = None

    if TYPE_CHECKING:  # the keywords __init__ accepts, for checkers: every field, the promoted ones included

        def __init__(
            self,
            *,
            host: str = ...,
            api_path: str = ...,
            content_config: Optional[ContentConfig] = ...,
            username: str = ...,
            password: str = ...,
            bearer_token: str = ...,
            bearer_token_file: str = ...,
            impersonate: Optional[ImpersonationConfig] = ...,
            auth_provider: Optional[AuthProviderConfig] = ...,
            auth_config_persister: Optional[AuthProviderConfigPersister] = ...,
            exec_provider: Optional[ExecConfig] = ...,
            tls_client_config: Optional[TLSClientConfig] = ...,
            user_agent: str = ...,
            disable_compression: bool = ...,
            transport: Optional[Adapter] = ...,
            wrap_transport: Optional[Callable[[Adapter], Adapter]] = ...,
            qps: float = ...,
            burst: int = ...,
            rate_limiter: Optional[RateLimiter] = ...,
            warning_handler: Optional[WarningHandler] = ...,
            warning_handler_with_context: Optional[WarningHandlerWithContext] = ...,
            timeout: float = ...,
            dial: Optional[Callable[..., socket.socket]] = ...,
            proxy: Union[None, str, Callable[[requests.PreparedRequest], Optional[str]]] = ...,
            accept_content_types: str = ...,
            content_type: str = ...,
            group_version: Optional[GroupVersion] = ...,
            negotiated_serializer: Any = ...,
            insecure: bool = ...,
            server_name: str = ...,
            cert_file: str = ...,
            key_file: str = ...,
            ca_file: str = ...,
            cert_data: Optional[bytes] = ...,
            key_data: Optional[bytes] = ...,
            ca_data: Optional[bytes] = ...,
            next_protos: Optional[list[str]] = ...,
        ) -> None: ...

    def __init__(  # type: ignore[no-redef]
        self,
        *,
        content_config: Optional[ContentConfig] = None,
        tls_client_config: Optional[TLSClientConfig] = None,
        impersonate: Optional[ImpersonationConfig] = None,
        **kwargs: Any,
    ):
        self.content_config = content_config if content_config is not None else ContentConfig()
        self.tls_client_config = tls_client_config if tls_client_config is not None else TLSClientConfig()
        self.impersonate = impersonate if impersonate is not None else ImpersonationConfig()
        own = {f.name: f for f in dataclasses.fields(self)}
        for name, f in own.items():
            if name in ("content_config", "tls_client_config", "impersonate"):
                continue
            setattr(self, name, f.default)
        for name, value in kwargs.items():
            if name in own or name in _CONTENT_FIELDS or name in _TLS_FIELDS:
                setattr(self, name, value)
            else:
                raise TypeError(f"rest.Config has no field {name!r}")

    def __copy__(self) -> "Config":
        """Go's struct copy (``config := *c``): the embedded ContentConfig, TLSClientConfig and
        ImpersonationConfig are copied by value, every other field is shared."""
        new = Config.__new__(Config)
        new.__dict__.update(self.__dict__)
        new.content_config = copy.copy(self.content_config)
        new.tls_client_config = copy.copy(self.tls_client_config)
        new.impersonate = copy.copy(self.impersonate)
        return new

    def wrap(self, fn: Callable[[Adapter], Adapter]) -> None:
        """Layer ``fn`` over any existing wrap_transport (Go's Config.Wrap)."""
        self.wrap_transport = _chain_wrappers(self.wrap_transport, fn)

    def transport_config(self) -> Any:
        """The transport.Config for this config, plugins applied (Go's Config.TransportConfig; rest's
        transport_config_for)."""
        from kubernetes_py.rest.transport import transport_config_for

        return transport_config_for(self)

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in ("password", "bearer_token") and value:
                value = _REDACTED
            elif f.name == "proxy" and isinstance(value, str) and value:
                from kubernetes_py.transport.proxy import redact_proxy_url

                value = redact_proxy_url(value)
            if f.name == "auth_config_persister" and value is not None:
                parts.append(f"{f.name}=rest.AuthProviderConfigPersister({_REDACTED})")
                continue
            parts.append(_field_repr(f.name, value))
        return f"rest.Config({', '.join(parts)})"

    __str__ = __repr__


for _name in _CONTENT_FIELDS:
    setattr(Config, _name, _promote("content_config", _name))
for _name in _TLS_FIELDS:
    setattr(Config, _name, _promote("tls_client_config", _name))
del _name


_Wrapper = Callable[["Adapter"], "Adapter"]


def _chain_wrappers(first: Optional[_Wrapper], second: Optional[_Wrapper]) -> Optional[_Wrapper]:
    if first is None:
        return second
    if second is None:
        return first

    def chained(rt: Adapter) -> Adapter:
        return second(first(rt))

    return chained


_T = TypeVar("_T")


def _copy_list(value: Optional[list[_T]]) -> Optional[list[_T]]:
    return list(value) if value is not None else None


def copy_config(config: Config) -> Config:
    """A copy of ``config``; its sub-structs are new objects, function and plugin fields are shared."""
    exec_provider = config.exec_provider
    if exec_provider is not None:
        exec_provider = copy.copy(exec_provider)
        if getattr(exec_provider, "config", None) is not None:
            exec_provider.config = copy.deepcopy(exec_provider.config)
    extra = config.impersonate.extra
    return Config(
        host=config.host,
        api_path=config.api_path,
        content_config=dataclasses.replace(config.content_config),
        username=config.username,
        password=config.password,
        bearer_token=config.bearer_token,
        bearer_token_file=config.bearer_token_file,
        impersonate=ImpersonationConfig(
            user_name=config.impersonate.user_name,
            uid=config.impersonate.uid,
            groups=_copy_list(config.impersonate.groups),
            extra={k: list(v) for k, v in extra.items()} if extra is not None else None,
        ),
        auth_provider=config.auth_provider,
        auth_config_persister=config.auth_config_persister,
        exec_provider=exec_provider,
        tls_client_config=dataclasses.replace(
            config.tls_client_config, next_protos=_copy_list(config.tls_client_config.next_protos)
        ),
        user_agent=config.user_agent,
        disable_compression=config.disable_compression,
        transport=config.transport,
        wrap_transport=config.wrap_transport,
        qps=config.qps,
        burst=config.burst,
        rate_limiter=config.rate_limiter,
        warning_handler=config.warning_handler,
        warning_handler_with_context=config.warning_handler_with_context,
        timeout=config.timeout,
        dial=config.dial,
        proxy=config.proxy,
    )


def anonymous_client_config(config: Config) -> Config:
    """A copy keeping only the safe fields: no credentials, no custom transport."""
    tls = config.tls_client_config
    return Config(
        host=config.host,
        api_path=config.api_path,
        content_config=dataclasses.replace(config.content_config),
        tls_client_config=TLSClientConfig(
            insecure=tls.insecure,
            server_name=tls.server_name,
            ca_file=tls.ca_file,
            ca_data=tls.ca_data,
            next_protos=_copy_list(tls.next_protos),
        ),
        rate_limiter=config.rate_limiter,
        warning_handler=config.warning_handler,
        warning_handler_with_context=config.warning_handler_with_context,
        user_agent=config.user_agent,
        disable_compression=config.disable_compression,
        qps=config.qps,
        burst=config.burst,
        timeout=config.timeout,
        dial=config.dial,
        proxy=config.proxy,
    )


def _join_host_port(host: str, port: str) -> str:
    if ":" in host:
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def _check_ca_bundle(path: str) -> None:
    """Raise unless ``path`` is a readable PEM file holding at least one certificate."""
    with open(path, "rb") as fh:
        data = fh.read()
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise ValueError("data does not contain any valid RSA or ECDSA certificates")
    ssl.create_default_context(cadata=data.decode("ascii", errors="replace"))


def in_cluster_config() -> Config:
    """The Config a pod gets from its service account (client-go rest.InClusterConfig).

    Raises ErrNotInCluster when KUBERNETES_SERVICE_HOST or KUBERNETES_SERVICE_PORT is
    unset or empty, and OSError when the token file cannot be read. An unusable CA file
    is logged and left out, as client-go does.
    """
    host = os.environ.get("KUBERNETES_SERVICE_HOST", "")
    port = os.environ.get("KUBERNETES_SERVICE_PORT", "")
    if not host or not port:
        raise ErrNotInCluster()
    token_file, root_ca_file = TOKEN_FILE, ROOT_CA_FILE
    with open(token_file, "rb") as fh:
        token = fh.read().decode("utf-8", errors="surrogateescape")
    tls = TLSClientConfig()
    try:
        _check_ca_bundle(root_ca_file)
    except (OSError, ValueError, ssl.SSLError) as err:
        log.error("Expected to load root CA config from %s, but got err: %s", root_ca_file, err)
    else:
        tls.ca_file = root_ca_file
    return Config(
        host="https://" + _join_host_port(host, port),
        tls_client_config=tls,
        bearer_token=token,
        bearer_token_file=token_file,
    )


def is_config_transport_tls(config: Config) -> bool:
    """True when requests built from ``config`` go over https (Go's IsConfigTransportTLS).

    The insecure flag is not considered: a connection that skips verification still counts as TLS.
    """
    from kubernetes_py.rest.url_utils import default_server_url_for

    try:
        base_url, _ = default_server_url_for(config)
    except ValueError:
        return False
    return base_url.scheme == "https"


def load_tls_files(config: Config) -> None:
    """Fill ca_data/cert_data/key_data from their files where the data is empty (Go LoadTLSFiles)."""
    config.ca_data = data_from_slice_or_file(config.ca_data, config.ca_file)
    config.cert_data = data_from_slice_or_file(config.cert_data, config.cert_file)
    config.key_data = data_from_slice_or_file(config.key_data, config.key_file)


def codec_factory_for_generated_client(scheme: Any, codecs: Any) -> Any:
    """Go's CodecFactoryForGeneratedClient: the generated clientset's CodecFactory. client-go builds a CBOR-enabled
    factory when the ClientsAllowCBOR gate is on; this port has no CBOR serializer (requests for it are asked in
    JSON, see rest.client), so the given factory serves either way."""
    return codecs
