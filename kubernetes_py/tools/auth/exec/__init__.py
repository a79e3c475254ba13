"""k8s.io/client-go/tools/auth/exec: helpers for credential plugins written in Python.

A plugin started by client-go (or kubernetes_py) with provideClusterInfo finds an ExecCredential in the
KUBERNETES_EXEC_INFO environment variable; ``load_exec_credential_from_env()`` decodes it and returns it with a
rest.Config reaching the cluster it describes (anonymous: the plugin has no credentials for it yet).

Decoding is client-go's universal deserializer over a scheme holding the client.authentication.k8s.io types:
JSON (data starting with "{") or YAML (its first document), apiVersion and kind found first, then the typed
decode with encoding/json's rules (keys matched exactly, unknown keys ignored, null leaving a value alone, a
repeated key decoded again over the first, the first type error reported). ``spec.cluster.config`` keeps the
extension's JSON text as it stands in the input (YAML input: the JSON it converts to).

Not as in client-go: an object of another kind the scheme knows (metav1.Status and the like) is refused for its
group/kind without its own fields being decoded first, apiVersion/kind keys are matched exactly (Go's first look
ignores their case), and the internal version (client.authentication.k8s.io/__internal) is not registered.
"""

from __future__ import annotations

import json
import os
from json.decoder import scanstring  # type: ignore[attr-defined]  # not in typeshed
from typing import Any, Callable, Optional, Union

from kubernetes_py import _goyaml, rest
from kubernetes_py._go import json as gojson
from kubernetes_py._go.strconv import go_quote
from kubernetes_py._go.time import TimeParseError, parse_rfc3339
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import RawExtension, schema
from kubernetes_py.apimachinery.runtime.error import new_missing_kind_err, new_missing_version_err
from kubernetes_py.apimachinery.runtime.serializer.json.json import DefaultMetaFactory
from kubernetes_py.pkg.apis import clientauthentication
from kubernetes_py.pkg.apis.clientauthentication import v1, v1beta1
from kubernetes_py.rest.exec import exec_cluster_to_config
from kubernetes_py.tools.clientcmd.api.v1 import go_base64_decode

__all__ = ["load_exec_credential", "load_exec_credential_from_env"]

_EXEC_INFO_ENV = "KUBERNETES_EXEC_INFO"
_SCHEME_NAME = "pkg/runtime/scheme.go:111"
_EXPECTED_GK = schema.GroupKind(group=clientauthentication.GroupName, kind="ExecCredential")

# The versions whose ExecCredential decodes, and the module of its types.
_VERSIONS = {"v1": v1, "v1beta1": v1beta1}
# What else the scheme knows: metav1.AddToGroupVersion's kinds in each version, and the unversioned kinds, which
# decode under any apiVersion. They decode, and are then refused as the wrong group/kind.
_GROUP_KINDS = {
    "WatchEvent",
    "ListOptions",
    "GetOptions",
    "DeleteOptions",
    "CreateOptions",
    "UpdateOptions",
    "PatchOptions",
}
_UNVERSIONED_KINDS = {"Status", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList"}


# Decodes one member's value (text[start:end]) at a JSON path into its target object.
_Setter = Callable[[Any, str, int, int], None]


class _Decoder:
    """encoding/json into the versioned ExecCredential, walking the JSON text so that a RawExtension keeps its
    bytes and repeated keys decode in document order. Type errors are collected, the first is raised at the end."""

    def __init__(self, text: str, types: Any):
        self.text = text
        self.types = types
        self.package = types.__name__.rsplit(".", 1)[1]
        self.error: Optional[Exception] = None
        self._raw = json.JSONDecoder()

    # -- the JSON text ------------------------------------------------------------------------

    def _ws(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in " \t\n\r":
            i += 1
        return i

    def _members(self, start: int) -> list[tuple[str, int, int]]:
        """(key, start, end) of each member of the (valid) object at ``start``."""
        out: list[tuple[str, int, int]] = []
        i = self._ws(start + 1)
        if self.text[i] == "}":
            return out
        while True:
            key, i = scanstring(self.text, i + 1)
            i = self._ws(i)
            i = self._ws(i + 1)  # past ':'
            _, end = self._raw.raw_decode(self.text, i)
            out.append((key, i, end))
            i = self._ws(end)
            if self.text[i] == "}":
                return out
            i = self._ws(i + 1)  # past ','

    def _items(self, start: int) -> list[tuple[int, int]]:
        """(start, end) of each element of the (valid) array at ``start``."""
        out: list[tuple[int, int]] = []
        i = self._ws(start + 1)
        if self.text[i] == "]":
            return out
        while True:
            _, end = self._raw.raw_decode(self.text, i)
            out.append((i, end))
            i = self._ws(end)
            if self.text[i] == "]":
                return out
            i = self._ws(i + 1)  # past ','

    def _value(self, start: int, end: int) -> Any:
        return gojson.loads(self.text[start:end])

    def _fail(self, err: Exception) -> None:
        if self.error is None:
            self.error = err

    def _type_error(self, value: Any, struct: str, path: str, go_type: str) -> None:
        self._fail(
            ValueError(
                f"json: cannot unmarshal {gojson.go_json_kind(value)} into Go struct field {struct}.{path} "
                f"of type {go_type}"
            )
        )

    # -- fields -----------------------------------------------------------------------------------

    def _fields(self, start: int, target: Any, path: str, fields: dict[str, _Setter]) -> None:
        """Decode the members of the object at ``start`` that ``fields`` knows into ``target``, in order."""
        for key, vstart, vend in self._members(start):
            setter = fields.get(key)
            if setter is not None:
                setter(target, f"{path}.{key}" if path else key, vstart, vend)

    def _string(self, struct: str, attr: str) -> _Setter:
        def set_string(target: Any, path: str, start: int, end: int) -> None:
            value = self._value(start, end)
            if value is None:
                return
            if not isinstance(value, str):
                self._type_error(value, struct, path, "string")
                return
            setattr(target, attr, value)

        return set_string

    def _bool(self, struct: str, attr: str) -> _Setter:
        def set_bool(target: Any, path: str, start: int, end: int) -> None:
            value = self._value(start, end)
            if value is None:
                return
            if not isinstance(value, bool):
                self._type_error(value, struct, path, "bool")
                return
            setattr(target, attr, value)

        return set_bool

    def _bytes(self, struct: str, attr: str) -> _Setter:
        def set_bytes(target: Any, path: str, start: int, end: int) -> None:
            value = self._value(start, end)
            if value is None:
                setattr(target, attr, None)
                return
            if isinstance(value, list):  # encoding/json also takes a []byte as an array of numbers
                setattr(target, attr, self._byte_array(start, struct, path))
                return
            if not isinstance(value, str):
                self._type_error(value, struct, path, "[]uint8")
                return
            try:
                setattr(target, attr, go_base64_decode(value))
            except ValueError as err:
                self._fail(err)

        return set_bytes

    def _byte_array(self, start: int, struct: str, path: str) -> bytes:
        out = bytearray()
        for item_start, item_end in self._items(start):
            literal = self.text[item_start:item_end]
            item = gojson.loads(literal)
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                if item is not None:
                    self._type_error(item, struct, path, "uint8")
                out.append(0)
            elif item != int(item) or not 0 <= item <= 255 or not literal.lstrip("-").isdigit():
                self._fail(
                    ValueError(
                        f"json: cannot unmarshal number {literal} into Go struct field {struct}.{path} of type uint8"
                    )
                )
                out.append(0)
            else:
                out.append(int(item))
        return bytes(out)

    def _raw_extension(self, target: Any, path: str, start: int, end: int) -> None:
        raw = self.text[start:end]
        if raw != "null":
            target.config = RawExtension(raw=raw.encode("utf-8"))

    def _time(self, target: Any, path: str, start: int, end: int) -> None:
        """metav1.Time's UnmarshalJSON. Its errors end the decoding at once (encoding/json returns what an
        Unmarshaler returns, over any type error saved before)."""
        value = self._value(start, end)
        if value is None:
            target.expiration_timestamp = None
            return
        if not isinstance(value, str):
            raise ValueError(
                f"json: cannot unmarshal {gojson.go_json_kind(value)} into Go struct field "
                f"ExecCredentialStatus.{path} of type string"
            )
        try:
            seconds, _ = parse_rfc3339(value)
        except TimeParseError as err:
            raise ValueError(str(err)) from None
        target.expiration_timestamp = metav1.Time(seconds=seconds)

    def _object(
        self,
        target: Any,
        attr: str,
        path: str,
        start: int,
        end: int,
        struct: str,
        go_type: str,
        make: Callable[[], Any],
        fields: dict[str, _Setter],
        pointer: bool,
    ) -> None:
        value_start = self.text[start]
        if value_start == "n":  # null: a pointer becomes nil, a struct value stays as it is
            if pointer:
                setattr(target, attr, None)
            return
        if value_start != "{":
            self._type_error(self._value(start, end), struct, path, go_type)
            return
        inner = getattr(target, attr)
        if inner is None:
            inner = make()
            setattr(target, attr, inner)
        self._fields(start, inner, path, fields)

    def decode(self) -> Any:
        t = self.types
        cluster_fields = {
            "server": self._string("Cluster", "server"),
            "tls-server-name": self._string("Cluster", "tls_server_name"),
            "insecure-skip-tls-verify": self._bool("Cluster", "insecure_skip_tls_verify"),
            "certificate-authority-data": self._bytes("Cluster", "certificate_authority_data"),
            "proxy-url": self._string("Cluster", "proxy_url"),
            "disable-compression": self._bool("Cluster", "disable_compression"),
            "config": self._raw_extension,
        }
        spec_fields: dict[str, _Setter] = {
            "cluster": lambda target, path, s, e: self._object(
                target,
                "cluster",
                path,
                s,
                e,
                "ExecCredentialSpec",
                f"{self.package}.Cluster",
                t.Cluster,
                cluster_fields,
                True,
            ),
            "interactive": self._bool("ExecCredentialSpec", "interactive"),
        }
        status_fields = {
            "expirationTimestamp": self._time,
            "token": self._string("ExecCredentialStatus", "token"),
            "clientCertificateData": self._string("ExecCredentialStatus", "client_certificate_data"),
            "clientKeyData": self._string("ExecCredentialStatus", "client_key_data"),
        }
        top_fields: dict[str, _Setter] = {
            "kind": self._string("ExecCredential", "kind"),
            "apiVersion": self._string("ExecCredential", "api_version"),
            "spec": lambda target, path, s, e: self._object(
                target,
                "spec",
                path,
                s,
                e,
                "ExecCredential",
                f"{self.package}.ExecCredentialSpec",
                t.ExecCredentialSpec,
                spec_fields,
                False,
            ),
            "status": lambda target, path, s, e: self._object(
                target,
                "status",
                path,
                s,
                e,
                "ExecCredential",
                f"{self.package}.ExecCredentialStatus",
                t.ExecCredentialStatus,
                status_fields,
                True,
            ),
        }
        obj = t.ExecCredential()
        self._fields(self._ws(0), obj, "", top_fields)
        if self.error is not None:
            raise self.error
        return obj


def _decode(data: bytes) -> tuple[Any, schema.GroupVersionKind]:
    """The universal deserializer's Decode: the object (None for a kind decoded only to be refused) and the
    group/version/kind the data names. Raises ValueError with client-go's text."""
    original = data.decode("utf-8", errors="replace")
    if original.lstrip().startswith("{"):
        text = gojson.go_text(data)
        try:
            gojson.check_valid(text)
        except gojson.JSONSyntaxError as err:
            raise ValueError(f"couldn't get version/kind; json parse error: {err}") from None
        value = gojson.loads(text)
    else:
        try:
            value = _goyaml.yaml_to_json(data)
        except _goyaml.YAMLError as err:
            raise ValueError(str(err).removeprefix("error converting YAML to JSON: ")) from None
        text = gojson.go_json(value)
    gvk = DefaultMetaFactory.interpret_value(value)
    if not gvk.kind:
        raise new_missing_kind_err(original)
    if not gvk.version:
        raise new_missing_version_err(original)
    if gvk.group == clientauthentication.GroupName and gvk.version in _VERSIONS and gvk.kind == "ExecCredential":
        return _Decoder(text, _VERSIONS[gvk.version]).decode(), gvk
    known = gvk.kind in _UNVERSIONED_KINDS or (
        gvk.group == clientauthentication.GroupName and gvk.version in _VERSIONS and gvk.kind in _GROUP_KINDS
    )
    if not known:
        raise ValueError(
            f"no kind {go_quote(gvk.kind)} is registered for version "
            f"{go_quote(str(schema.GroupVersion(group=gvk.group, version=gvk.version)))} in scheme "
            f"{go_quote(_SCHEME_NAME)}"
        )
    return None, gvk


def load_exec_credential(data: Union[bytes, str]) -> tuple[Any, rest.Config]:
    """Decode a serialized ExecCredential (v1 or v1beta1, JSON or YAML) and build the rest.Config for its
    spec.cluster. Returns (the versioned ExecCredential, the rest.Config); raises ValueError ("decode: ...",
    "invalid group/kind: ...", "ExecCredential does not contain cluster information", "cannot create
    rest.Config: ...")."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        obj, gvk = _decode(data)
    except ValueError as err:
        raise ValueError(f"decode: {err}") from None
    gk = schema.GroupKind(group=gvk.group, kind=gvk.kind)
    if gk != _EXPECTED_GK:
        raise ValueError(f"invalid group/kind: wanted {_EXPECTED_GK}, got {gk}")
    cluster = obj.spec.cluster
    if cluster is None:
        raise ValueError("ExecCredential does not contain cluster information")
    internal = clientauthentication.Cluster(
        server=cluster.server,
        tls_server_name=cluster.tls_server_name,
        insecure_skip_tls_verify=cluster.insecure_skip_tls_verify,
        certificate_authority_data=cluster.certificate_authority_data,
        proxy_url=cluster.proxy_url,
        disable_compression=cluster.disable_compression,
        config=cluster.config,
    )
    try:
        return obj, exec_cluster_to_config(internal)
    except ValueError as err:
        raise ValueError(f"cannot create rest.Config: {err}") from None


def load_exec_credential_from_env() -> tuple[Any, rest.Config]:
    """load_exec_credential of the KUBERNETES_EXEC_INFO environment variable (ValueError when unset or empty)."""
    env = os.environ.get(_EXEC_INFO_ENV, "")
    if not env:
        raise ValueError("KUBERNETES_EXEC_INFO env var is unset or empty")
    return load_exec_credential(env.encode("utf-8", errors="surrogateescape"))
