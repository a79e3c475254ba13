"""client-go plugin/pkg/client/auth: importing it registers the bundled auth-provider plugins (oidc, gcp, azure)."""

from __future__ import annotations

from . import azure, gcp, oidc

__all__ = [
    "azure",
    "gcp",
    "oidc",
]
