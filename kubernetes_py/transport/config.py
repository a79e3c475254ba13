"""transport.Config: what the transport layer needs to reach and authenticate to a server.

Round trippers are ``requests`` transport adapters (``requests.adapters.BaseAdapter``); a
``WrapperFunc`` is ``callable(adapter) -> adapter``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

WrapperFunc = Callable[[Any], Any]

_REDACTED = "--- REDACTED ---"


@dataclasses.dataclass(frozen=True)
class Certificate:
    """A client certificate chain and its private key, both PEM (Go's tls.Certificate as this port needs it)."""

    cert_pem: bytes
    key_pem: bytes

    def __repr__(self) -> str:
        return f"transport.Certificate(cert_pem=<{len(self.cert_pem)} bytes>, key_pem={_REDACTED})"


@dataclasses.dataclass
class GetCertHolder:
    """Holds ``get_cert() -> Certificate | None``; the holder's identity keys the transport cache."""

    get_cert: Optional[Callable[[], Optional[Certificate]]] = None

    __hash__ = object.__hash__
    __eq__ = object.__eq__


@dataclasses.dataclass
class DialHolder:
    """Holds ``dial(ctx, network, address) -> socket``; the holder's identity keys the transport cache."""

    dial: Optional[Callable[..., Any]] = None

    __hash__ = object.__hash__
    __eq__ = object.__eq__


@dataclasses.dataclass
class ImpersonationConfig:
    user_name: str = ""
    uid: str = ""
    groups: Optional[list[Any]] = None
    extra: Optional[dict[Any, Any]] = None


@dataclasses.dataclass
class TLSConfig:
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    reload_tls_files: bool = False
    reload_ca_files: bool = False
    insecure: bool = False
    server_name: str = ""
    ca_data: Optional[bytes] = None
    cert_data: Optional[bytes] = None
    key_data: Optional[bytes] = None
    next_protos: Optional[list[Any]] = None
    get_cert_holder: Optional[GetCertHolder] = None

    def __repr__(self) -> str:
        fields = []
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name == "key_data" and v:
                v = _REDACTED
            elif f.name in ("ca_data", "cert_data") and v:
                v = f"<{len(v)} bytes>"
            fields.append(f"{f.name}={v!r}" if not isinstance(v, str) or v != _REDACTED else f"{f.name}={v}")
        return f"transport.TLSConfig({', '.join(fields)})"


@dataclasses.dataclass
class Config:
    """Transport settings (client-go transport.Config); ``rest.transport_config_for`` builds one from rest.Config.

    ``transport`` replaces the TLS-configured base adapter; ``wrap_transport`` layers over it;
    ``proxy`` is None (environment), a URL string, or ``callable(prepared_request) -> str | None``.
    """

    user_agent: str = ""
    tls: TLSConfig = dataclasses.field(default_factory=TLSConfig)
    username: str = ""
    password: str = ""
    bearer_token: str = ""
    bearer_token_file: str = ""
    impersonate: ImpersonationConfig = dataclasses.field(default_factory=ImpersonationConfig)
    disable_compression: bool = False
    transport: Any = None
    wrap_transport: Optional[WrapperFunc] = None
    dial_holder: Optional[DialHolder] = None
    proxy: Any = None

    def has_ca(self) -> bool:
        return bool(self.tls.ca_data) or bool(self.tls.ca_file)

    def has_basic_auth(self) -> bool:
        return bool(self.username)

    def has_token_auth(self) -> bool:
        return bool(self.bearer_token) or bool(self.bearer_token_file)

    def has_cert_auth(self) -> bool:
        return (bool(self.tls.cert_data) or bool(self.tls.cert_file)) and (
            bool(self.tls.key_data) or bool(self.tls.key_file)
        )

    def has_cert_callback(self) -> bool:
        return self.tls.get_cert_holder is not None

    def wrap(self, fn: WrapperFunc) -> None:
        """Layer fn over any existing wrap_transport."""
        self.wrap_transport = wrappers(self.wrap_transport, fn)

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name in ("password", "bearer_token") and v:
                parts.append(f"{f.name}={_REDACTED}")
            elif f.name == "proxy" and isinstance(v, str) and v:
                from .proxy import redact_proxy_url

                parts.append(f"{f.name}={redact_proxy_url(v)!r}")
            else:
                parts.append(f"{f.name}={v!r}")
        return f"transport.Config({', '.join(parts)})"


def wrappers(*fns: Optional[WrapperFunc]) -> Optional[WrapperFunc]:
    """Compose wrapper functions, applied in order (None entries are skipped)."""
    if not fns:
        return None
    if len(fns) == 2 and fns[0] is None:
        return fns[1]

    def composed(rt: Any) -> Any:
        for fn in fns:
            if fn is not None:
                rt = fn(rt)
        return rt

    return composed
