"""k8s.io/client-go/tools/auth: the small JSON file of credentials older clients kept beside a kubeconfig.

The file is Go's ``json.Marshal`` of :class:`Info` (keys are the Go field names, matched case-insensitively
when read), for example ``{"User": "admin", "Password": "...", "Insecure": null}``.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any, Optional

from kubernetes_py import rest
from kubernetes_py._go import json as gojson
from kubernetes_py._go.os import read_file, stat

__all__ = ["Info", "load_from_file"]

_REDACTED = "--- REDACTED ---"

# Go field name -> (attribute, JSON kind the field takes, Go type name); Insecure is a *bool.
_FIELDS = {
    "User": ("user", str, "string"),
    "Password": ("password", str, "string"),
    "CAFile": ("ca_file", str, "string"),
    "CertFile": ("cert_file", str, "string"),
    "KeyFile": ("key_file", str, "string"),
    "BearerToken": ("bearer_token", str, "string"),
    "Insecure": ("insecure", bool, "bool"),
}


@dataclasses.dataclass(repr=False)
class Info:
    """Credentials for one API server: basic auth, a client certificate, a bearer token, and whether to skip TLS
    verification (``None``: not said)."""

    user: str = ""
    password: str = ""
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    bearer_token: str = ""
    insecure: Optional[bool] = None

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            parts.append(f"{f.name}={_REDACTED if f.name in ('password', 'bearer_token') and value else value!r}")
        return f"auth.Info({', '.join(parts)})"

    __str__ = __repr__

    def merge_with_config(self, c: rest.Config) -> rest.Config:
        """A copy of ``c`` (Go's struct copy) with these credentials set; ``insecure`` only when it is not None."""
        config = copy.copy(c)
        config.username = self.user
        config.password = self.password
        config.ca_file = self.ca_file
        config.cert_file = self.cert_file
        config.key_file = self.key_file
        config.bearer_token = self.bearer_token
        if self.insecure is not None:
            config.insecure = self.insecure
        return config

    def complete(self) -> bool:
        """True when there is a user, a client certificate or a bearer token."""
        return bool(self.user) or bool(self.cert_file) or bool(self.bearer_token)

    def to_json(self) -> bytes:
        """Go's json.Marshal of the Info: the Go field names in order, Insecure null when unset."""
        parts = []
        for name, (attr, _, _) in _FIELDS.items():
            value = getattr(self, attr)
            text = (
                "null"
                if value is None
                else ("true" if value is True else "false")
                if isinstance(value, bool)
                else gojson.go_json_string(value)
            )
            parts.append(f'"{name}":{text}')
        return ("{" + ",".join(parts) + "}").encode("utf-8")


def _lookup(key: str) -> Optional[str]:
    if key in _FIELDS:
        return key
    for name in _FIELDS:
        if name.lower() == key.lower():
            return name
    return None


def _unmarshal(data: bytes) -> Info:
    """Go's json.Unmarshal into an Info: unknown keys are skipped, the first type mismatch is the error."""
    text = gojson.go_text(data)
    gojson.check_valid(text)
    value: Any = gojson.loads(text)
    if value is None:
        return Info()
    if not isinstance(value, dict):
        raise ValueError(f"json: cannot unmarshal {gojson.go_json_kind(value)} into Go value of type auth.Info")
    info = Info()
    first_error: Optional[ValueError] = None
    for key, item in value.items():
        name = _lookup(key)
        if name is None:
            continue
        attr, kind, go_type = _FIELDS[name]
        if item is None:
            if name == "Insecure":
                info.insecure = None
            continue
        if type(item) is not kind:
            if first_error is None:
                first_error = ValueError(
                    f"json: cannot unmarshal {gojson.go_json_kind(item)} into Go struct field Info.{name} "
                    f"of type {go_type}"
                )
            continue
        setattr(info, attr, item)
    if first_error is not None:
        raise first_error
    return info


def load_from_file(path: str) -> Info:
    """Read an Info from a JSON file. Raises FileNotFoundError (Go's "stat <path>: no such file or directory"),
    OSError, or ValueError with encoding/json's message ("unexpected end of JSON input" for an empty file)."""
    stat(path)
    return _unmarshal(read_file(path))
