"""client-go pkg/apis/clientauthentication: the ExecCredential exchanged with credential plugins.

Only the parts this port uses: the Cluster handed to plugins (provideClusterInfo) and the JSON encoding of
ExecCredential requests for the v1 and v1beta1 API versions.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any, Optional

from kubernetes_py._go.json import go_json_escape_html

GroupName = "client.authentication.k8s.io"
SchemeGroupVersionV1 = GroupName + "/v1"
SchemeGroupVersionV1beta1 = GroupName + "/v1beta1"


@dataclasses.dataclass
class Cluster:
    """What a plugin learns about the cluster it authenticates to (KUBERNETES_EXEC_INFO spec.cluster)."""

    server: str = ""
    tls_server_name: str = ""
    insecure_skip_tls_verify: bool = False
    certificate_authority_data: Optional[bytes] = None
    proxy_url: str = ""
    disable_compression: bool = False
    config: Any = None  # the cluster's client.authentication.k8s.io/exec extension

    def to_json_obj(self) -> dict[str, Any]:
        out: dict[str, Any] = {"server": self.server}
        if self.tls_server_name:
            out["tls-server-name"] = self.tls_server_name
        if self.insecure_skip_tls_verify:
            out["insecure-skip-tls-verify"] = True
        if self.certificate_authority_data:
            out["certificate-authority-data"] = base64.b64encode(self.certificate_authority_data).decode("ascii")
        if self.proxy_url:
            out["proxy-url"] = self.proxy_url
        if self.disable_compression:
            out["disable-compression"] = True
        cfg = _raw_extension(self.config)
        if cfg is not None:
            out["config"] = cfg
        return out

    def cache_key(self) -> str:
        return json.dumps(self.to_json_obj(), sort_keys=True)


def _raw_extension(cfg: Any) -> Any:
    """The extension as a JSON value: dicts as they are, raw JSON bytes/str parsed, runtime.Unknown-like .raw."""
    if cfg is None:
        return None
    raw = getattr(cfg, "raw", None)
    if raw is not None:
        cfg = raw
    if isinstance(cfg, (bytes, bytearray)):
        cfg = cfg.decode("utf-8")
    if isinstance(cfg, str):
        return json.loads(cfg) if cfg else None
    if hasattr(cfg, "unstructured_content"):
        return cfg.unstructured_content()
    return cfg


def _go_json(obj: Any) -> str:
    """Compact JSON escaped as Go's encoding/json escapes HTML characters."""
    return go_json_escape_html(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))


def encode_exec_credential_request(api_version: str, interactive: bool, cluster: Optional[Cluster]) -> str:
    """The ExecCredential a plugin receives in KUBERNETES_EXEC_INFO (with the encoder's trailing newline)."""
    spec: dict[str, Any] = {}
    if cluster is not None:
        spec["cluster"] = cluster.to_json_obj()
    spec["interactive"] = bool(interactive)
    return _go_json({"kind": "ExecCredential", "apiVersion": api_version, "spec": spec}) + "\n"
