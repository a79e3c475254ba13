"""client-go plugin/pkg/client/auth/oidc: the "oidc" auth provider (id-token as bearer, refreshed when expired)."""

from __future__ import annotations

from .oidc import (
    OIDCAuthProvider,
    OIDCError,
    clientCache,
    id_token_expired,
    new_client_cache,
    new_oidc_auth_provider,
    token_endpoint,
)

__all__ = [
    "OIDCAuthProvider",
    "OIDCError",
    "clientCache",
    "id_token_expired",
    "new_client_cache",
    "new_oidc_auth_provider",
    "token_endpoint",
]
