"""client-go plugin/pkg/client/auth/exec: credentials from an external command (ExecCredential v1/v1beta1)."""

from __future__ import annotations

from .exec import (
    Authenticator,
    ExecPluginError,
    get_authenticator,
    validate_plugin_policy,
)

__all__ = ["Authenticator", "ExecPluginError", "get_authenticator", "validate_plugin_policy"]
