"""client-go pkg/apis/clientauthentication/v1: the ExecCredential of the v1 exec plugin API, as Go structs.

Fields are Go's in snake_case (the JSON names have dashes): ``Cluster.tls_server_name`` is ``tls-server-name``.
``Cluster.config`` is the cluster's exec extension as a ``runtime.RawExtension`` (its JSON bytes), None when absent.
The token and private key of a status never show in a repr.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from kubernetes_py.apimachinery.runtime import schema

__all__ = ["GroupName", "SchemeGroupVersion", "Cluster", "ExecCredential", "ExecCredentialSpec", "ExecCredentialStatus"]

GroupName = "client.authentication.k8s.io"
SchemeGroupVersion = schema.GroupVersion(group=GroupName, version="v1")

_REDACTED = "--- REDACTED ---"


@dataclasses.dataclass
class Cluster:
    """The cluster the plugin is to authenticate to (sent when the kubeconfig sets provideClusterInfo)."""

    server: str = ""
    tls_server_name: str = ""
    insecure_skip_tls_verify: bool = False
    certificate_authority_data: Optional[bytes] = None
    proxy_url: str = ""
    disable_compression: bool = False
    config: Any = None  # runtime.RawExtension


@dataclasses.dataclass
class ExecCredentialSpec:
    cluster: Optional[Cluster] = None
    interactive: bool = False


@dataclasses.dataclass(repr=False)
class ExecCredentialStatus:
    """What the plugin returns: a bearer token or a client certificate and key, and when they expire."""

    expiration_timestamp: Any = None  # metav1.Time
    token: str = ""
    client_certificate_data: str = ""
    client_key_data: str = ""

    def __repr__(self) -> str:
        token = _REDACTED if self.token else ""
        key = _REDACTED if self.client_key_data else ""
        cert = "--- TRUNCATED ---" if self.client_certificate_data else ""
        return (
            f"{type(self).__qualname__}(expiration_timestamp={self.expiration_timestamp!r}, token={token!r}, "
            f"client_certificate_data={cert!r}, client_key_data={key!r})"
        )


@dataclasses.dataclass
class ExecCredential:
    """The object exchanged with a credential plugin (kind ExecCredential)."""

    kind: str = ""
    api_version: str = ""
    spec: ExecCredentialSpec = dataclasses.field(default_factory=ExecCredentialSpec)
    status: Optional[ExecCredentialStatus] = None
