"""client-go plugin/pkg/client/auth/exec: credentials from an external command (ExecCredential v1/v1beta1).

``new_authenticator``, ``new_cache``, ``cache_key``, ``credentials`` and an Authenticator's ``refresh_creds_locked``,
``cached_creds``, ``exp``, ``environ``, ``now``, ``stderr`` and ``sometimes.clock`` are client-go's internals, kept
under their Go names for tests written against them."""

from __future__ import annotations

from .exec import (
    Authenticator,
    ExecPluginError,
    cache,
    cache_key,
    credentials,
    get_authenticator,
    new_authenticator,
    new_cache,
    validate_plugin_policy,
)

__all__ = [
    "Authenticator",
    "ExecPluginError",
    "cache",
    "cache_key",
    "credentials",
    "get_authenticator",
    "new_authenticator",
    "new_cache",
    "validate_plugin_policy",
]
