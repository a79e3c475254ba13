"""Reading and writing kubeconfig files in the newest format (client-go tools/clientcmd/api/latest).

``Codec.decode(data)`` accepts YAML or JSON, checks ``apiVersion``/``kind`` the way
client-go's scheme does (both may be omitted; anything but ``v1``/``Config`` is refused) and
returns an ``api.Config``. ``Codec.encode(config)`` writes the YAML client-go writes.
"""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py._go.json import go_json_kind
from kubernetes_py._goyaml import YAMLError, json_to_yaml, yaml_to_json
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.api import v1

__all__ = ["Version", "ExternalVersion", "OldestVersion", "Versions", "Codec", "DecodeError"]

Version = "v1"
ExternalVersion = schema.GroupVersion(group="", version="v1")
OldestVersion = "v1"
Versions = ["v1"]

# client-go names its kubeconfig scheme after the line that created it.
_SCHEME_NAME = "pkg/runtime/scheme.go:111"
_FIND_KIND_TYPE = (
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }'
)


class DecodeError(ValueError):
    """Bytes that are not a v1 kubeconfig. The message is client-go's."""


def _type_meta_field(obj: dict[str, Any], name: str) -> str:
    # encoding/json matches an exact key first, else one that differs only in case.
    if name in obj:
        value = obj[name]
    else:
        value = next((v for k, v in obj.items() if k.lower() == name.lower()), None)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DecodeError(
            "couldn't get version/kind; json parse error: json: cannot unmarshal "
            f"{go_json_kind(value)} into Go struct field .{name} of type string"
        )
    return value


class _Codec:
    """client-go's clientcmdlatest.Codec: YAML/JSON bytes <-> api.Config."""

    def decode(self, data: bytes | str, into: Optional[api.Config] = None) -> api.Config:
        try:
            value = yaml_to_json(data)
        except YAMLError as err:
            raise DecodeError(str(err).removeprefix("error converting YAML to JSON: ")) from None
        if value is not None and not isinstance(value, dict):
            raise DecodeError(
                "couldn't get version/kind; json parse error: json: cannot unmarshal "
                f"{go_json_kind(value)} into Go value of type {_FIND_KIND_TYPE}"
            )
        obj = value or {}
        api_version = _type_meta_field(obj, "apiVersion")
        kind = _type_meta_field(obj, "kind")
        try:
            gv = schema.parse_group_version(api_version)
        except ValueError as err:
            raise DecodeError(str(err)) from None
        if not kind:
            kind = "Config"
        if not gv.group and not gv.version:
            gv = ExternalVersion
        if kind != "Config" or gv != ExternalVersion:
            raise DecodeError(f'no kind "{kind}" is registered for version "{gv}" in scheme "{_SCHEME_NAME}"')
        try:
            return v1.config_from_json(value, into=into if into is not None else api.new_config())
        except v1.DecodeError as err:
            raise DecodeError(str(err)) from None

    def encode(self, config: api.Config) -> bytes:
        return json_to_yaml(v1.config_to_json(config)).encode("utf-8")


Codec = _Codec()
