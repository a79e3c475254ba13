"""The "gcp" auth provider for old GKE kubeconfigs, on google-auth application default credentials.

client-go v0.37 only registers a stub that says the plugin was removed (use gke-gcloud-auth-plugin, an
exec plugin, instead).  This port keeps the provider that client-go had up to v0.25 in its default mode:
an OAuth2 access token from application default credentials for the configured ``scopes``, cached in the
kubeconfig (``access-token``, ``expiry``) through the persister until it expires.  The ``cmd-path``
(gcloud command) mode is not supported.
"""

from __future__ import annotations

from .gcp import DEFAULT_SCOPES, GCPAuthProvider, new_gcp_auth_provider

__all__ = ["DEFAULT_SCOPES", "GCPAuthProvider", "new_gcp_auth_provider"]
