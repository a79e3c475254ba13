"""client-go transport: TLS, proxies, connection pooling and the authenticating round trippers.

Round trippers are ``requests`` transport adapters; ``new(config)`` returns the adapter chain and
``rest.http_client_for`` mounts it on a ``requests.Session``.
"""
from __future__ import annotations

from .config import Certificate, Config, DialHolder, GetCertHolder, ImpersonationConfig, TLSConfig, WrapperFunc, wrappers
from .http_transport import POOL_CONNECTIONS, POOL_MAXSIZE, ClientCertificateError, HTTPTransport
from .proxy import proxy_from_environment
from .round_trippers import (
    DebugByContext,
    DebugCurlCommand,
    DebugDetailedTiming,
    DebugJustURL,
    DebugRequestHeaders,
    DebugResponseHeaders,
    DebugResponseStatus,
    DebugURLTiming,
    ImpersonateGroupHeader,
    ImpersonateUIDHeader,
    ImpersonateUserExtraHeaderPrefix,
    ImpersonateUserHeader,
    RoundTripper,
    clone_request,
    context_canceller,
    debug_wrappers,
    header_key_escape,
    http_wrappers_for_config,
    mask_value,
    new_auth_proxy_round_tripper,
    new_basic_auth_round_tripper,
    new_bearer_auth_round_tripper,
    new_bearer_auth_with_refresh_round_tripper,
    new_debugging_round_tripper,
    new_impersonating_round_tripper,
    new_user_agent_round_tripper,
    set_auth_proxy_headers,
    verbosity_level,
)
from .tls import x509_key_pair
from .token_source import (
    CachingTokenSource,
    ResettableTokenSource,
    ReuseTokenSource,
    Token,
    TokenSource,
    new_cached_file_token_source,
    new_cached_token_source,
    resettable_token_source_wrap_transport,
    token_source_wrap_transport,
)
from .transport import new, tls_config_for

__all__ = [name for name, value in list(globals().items())
           if not name.startswith("_") and name != "annotations" and type(value).__name__ != "module"]
