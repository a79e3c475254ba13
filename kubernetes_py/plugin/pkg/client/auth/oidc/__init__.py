"""client-go plugin/pkg/client/auth/oidc: the "oidc" auth provider (id-token as bearer, refreshed when expired)."""

from __future__ import annotations

from .oidc import OIDCAuthProvider, OIDCError, id_token_expired, new_oidc_auth_provider, token_endpoint

__all__ = ["OIDCAuthProvider", "OIDCError", "id_token_expired", "new_oidc_auth_provider", "token_endpoint"]
