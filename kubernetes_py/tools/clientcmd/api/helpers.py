"""Operations on a whole kubeconfig (client-go tools/clientcmd/api helpers.go)."""

from __future__ import annotations

import base64
import os
from typing import Optional, TypeVar

from kubernetes_py._go import filepath
from kubernetes_py.tools.clientcmd.api.types import Config

_V = TypeVar("_V")

__all__ = [
    "is_config_empty",
    "minify_config",
    "shorten_config",
    "flatten_config",
    "flatten_content",
    "resolve_path",
    "make_abs",
    "redact_secrets",
    "DataOmitted",
    "Redacted",
]

# What ShortenConfig and RedactSecrets put in place of credential bytes; Go writes them as
# the base64 text "DATA+OMITTED" / "REDACTED" when the config is serialized.
DataOmitted = base64.b64decode("DATA+OMITTED")
Redacted = b"REDACTED"


def is_config_empty(config: Config) -> bool:
    """True when the config has no users, clusters, contexts, current context, preferences or extensions."""
    return (
        not config.auth_infos
        and not config.clusters
        and not config.contexts
        and not config.current_context
        and not config.preferences.extensions
        and not config.preferences.colors
        and not config.extensions
    )


def minify_config(config: Config) -> None:
    """Keep only the current context and the cluster and user it names. Raises ValueError."""
    if not config.current_context:
        raise ValueError("current-context must exist in order to minify")
    contexts = _only(config.contexts, config.current_context, "context")
    curr = contexts[config.current_context]
    new_clusters = _only(config.clusters, curr.cluster, "cluster")
    config.auth_infos = _only(config.auth_infos, curr.auth_info, "user")
    config.clusters = new_clusters
    config.contexts = contexts


def _only(entries: Optional[dict[str, _V]], name: str, what: str) -> dict[str, _V]:
    """``{name: entries[name]}``, {} for no name; ValueError "cannot locate <what> <name>" when it is missing."""
    if not name:
        return {}
    found = entries or {}
    if name not in found:
        raise ValueError(f"cannot locate {what} {name}")
    return {name: found[name]}


def shorten_config(config: Config) -> None:
    """Replace embedded certificate/key bytes by DATA+OMITTED and tokens by REDACTED (for display)."""
    for auth_info in (config.auth_infos or {}).values():
        if auth_info.client_key_data:
            auth_info.client_key_data = DataOmitted
        if auth_info.client_certificate_data:
            auth_info.client_certificate_data = DataOmitted
        if auth_info.token:
            auth_info.token = "REDACTED"
    for cluster in (config.clusters or {}).values():
        if cluster.certificate_authority_data:
            cluster.certificate_authority_data = DataOmitted


def flatten_config(config: Config) -> None:
    """Embed every referenced certificate, key and CA file as data. Raises OSError/ValueError."""
    for auth_info in (config.auth_infos or {}).values():
        base = make_abs(os.path.dirname(auth_info.location_of_origin), "")
        auth_info.client_certificate, auth_info.client_certificate_data = flatten_content(
            auth_info.client_certificate, auth_info.client_certificate_data, base
        )
        auth_info.client_key, auth_info.client_key_data = flatten_content(
            auth_info.client_key, auth_info.client_key_data, base
        )
    for cluster in (config.clusters or {}).values():
        base = make_abs(os.path.dirname(cluster.location_of_origin), "")
        cluster.certificate_authority, cluster.certificate_authority_data = flatten_content(
            cluster.certificate_authority, cluster.certificate_authority_data, base
        )


def flatten_content(path: str, contents: Optional[bytes], base_dir: str) -> tuple[str, Optional[bytes]]:
    """Return ``(path, contents)`` with the file at ``path`` read into ``contents`` and ``path`` cleared."""
    if path:
        if contents:
            raise ValueError("cannot have values for both path and contents")
        with open(resolve_path(path, base_dir), "rb") as fh:
            contents = fh.read()
        path = ""
    return path, contents


def resolve_path(path: str, base: str) -> str:
    """``path`` joined to ``base`` unless it is empty or absolute (Go filepath.Join cleans the result)."""
    if path and not os.path.isabs(path):
        return filepath.join(base, path)
    return path


def make_abs(path: str, base: str) -> str:
    if os.path.isabs(path):
        return path
    if not base:
        base = os.getcwd()
    return filepath.join(base, path)


def redact_secrets(config: Config) -> None:
    """Replace every non-empty token, password and private key with REDACTED, in place."""
    for auth_info in (config.auth_infos or {}).values():
        if auth_info is None:
            continue
        if auth_info.token:
            auth_info.token = "REDACTED"
        if auth_info.password:
            auth_info.password = "REDACTED"
        if auth_info.client_key_data is not None:
            auth_info.client_key_data = Redacted
