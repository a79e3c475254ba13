"""The kubeconfig file format, version v1 (client-go tools/clientcmd/api/v1).

In the file, clusters, users and contexts are lists of ``{name, cluster|user|context}``
entries and extensions are ``{name, extension}`` entries; in memory (``clientcmd.api``)
they are maps. This module converts a decoded JSON value of the v1 format into an
``api.Config`` (applying v1 defaults) and back, with encoding/json's rules: fields are
matched case-sensitively, unknown fields are ignored, ``null`` leaves a field unset, byte
fields are base64, and a value of the wrong JSON type is an error naming the field path.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, Callable, TypeVar

from kubernetes_py._go.json import go_json, go_json_kind
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.tools.clientcmd import api

__all__ = [
    "SchemeGroupVersion",
    "NeverExecInteractiveMode",
    "IfAvailableExecInteractiveMode",
    "AlwaysExecInteractiveMode",
    "DecodeError",
    "config_from_json",
    "config_to_json",
    "set_defaults_exec_config",
    "new_unknown",
    "extension_value",
]

_V = TypeVar("_V")

NeverExecInteractiveMode = "Never"
IfAvailableExecInteractiveMode = "IfAvailable"
AlwaysExecInteractiveMode = "Always"


SchemeGroupVersion = schema.GroupVersion(group="", version="v1")


class DecodeError(ValueError):
    """A kubeconfig value whose JSON type does not fit the field (Go's json.UnmarshalTypeError)."""


class _Decoder:
    """Walks a JSON value into api structs, reporting the type error encoding/json reports: the first in the
    order of the JSON text, which (sigs.k8s.io/yaml having turned the file into JSON through a map) has every
    object's keys sorted. ``pos`` is where the walk is (keys and list indices); of all the errors, the one at the
    smallest position is Go's."""

    def __init__(self) -> None:
        self.error: DecodeError | None = None
        self.error_pos: tuple[Any, ...] = ()
        self.conversion_error: DecodeError | None = None
        self.path: list[str] = []
        self.pos: list[Any] = []
        self.struct = ""

    def record(self, err: DecodeError) -> None:
        pos = tuple(self.pos)
        if self.error is None or pos < self.error_pos:
            self.error, self.error_pos = err, pos

    def at(self, step: Any, fn: Callable[..., _V], *args: Any) -> _V:
        """``fn(*args)`` with the walk's position one step further (a list index or a map key)."""
        self.pos.append(step)
        try:
            return fn(*args)
        finally:
            self.pos.pop()

    def fail(self, value: Any, go_type: str) -> None:
        field = ".".join(self.path)
        self.record(
            DecodeError(
                f"json: cannot unmarshal {go_json_kind(value)} into Go struct field {self.struct}.{field} "
                f"of type {go_type}"
            )
        )

    def conversion_failed(self, message: str) -> None:
        # Go converts after decoding, so a type error anywhere wins over a conversion error.
        if self.conversion_error is None:
            self.conversion_error = DecodeError(message)

    def field(self, obj: dict[Any, Any], key: str, convert: Callable[[Any], Any], default: Any) -> Any:
        if key not in obj:
            return default
        self.path.append(key)
        self.pos.append(key)
        try:
            value = obj[key]
            if value is None:
                return default
            return convert(value)
        finally:
            self.path.pop()
            self.pos.pop()

    # scalar kinds -----------------------------------------------------------------
    def string(self, value: Any, go_type: str = "string") -> str:
        if isinstance(value, str):
            return value
        self.fail(value, go_type)
        return ""

    def boolean(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        self.fail(value, "bool")
        return False

    def bytes_(self, value: Any) -> bytes | None:
        if isinstance(value, str):
            try:
                return go_base64_decode(value)
            except ValueError as err:
                self.record(DecodeError(str(err)))
                return None
        if isinstance(value, list):  # encoding/json also takes a []byte as an array of numbers
            out = bytearray()
            for i, item in enumerate(value):
                self.pos.append(i)
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    if item is not None:
                        self.fail(item, "uint8")
                    out.append(0)
                elif item != int(item) or not 0 <= item <= 255:
                    field = ".".join(self.path)
                    self.record(
                        DecodeError(
                            f"json: cannot unmarshal number {_go_number_text(item)} into Go struct field "
                            f"{self.struct}.{field} of type uint8"
                        )
                    )
                    out.append(0)
                else:
                    out.append(int(item))
                self.pos.pop()
            return bytes(out)
        self.fail(value, "[]uint8")
        return None

    def strings(self, value: Any) -> list[str] | None:
        if not isinstance(value, list):
            self.fail(value, "[]string")
            return None
        return [self.at(i, self.string, v) if v is not None else "" for i, v in enumerate(value)]

    def string_map(self, value: Any) -> dict[str, str] | None:
        if not isinstance(value, dict):
            self.fail(value, "map[string]string")
            return None
        return {k: (self.at(k, self.string, v) if v is not None else "") for k, v in value.items()}

    def strings_map(self, value: Any) -> dict[str, list[str] | None] | None:
        if not isinstance(value, dict):
            self.fail(value, "map[string][]string")
            return None
        return {k: (self.at(k, self.strings, v) if v is not None else None) for k, v in value.items()}

    def obj(self, value: Any, go_type: str) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(value, go_type)
        return None

    def in_struct(self, name: str, fn: Callable[[], Any]) -> Any:
        outer = self.struct
        self.struct = name
        try:
            return fn()
        finally:
            self.struct = outer

    # kubeconfig structs -------------------------------------------------------------
    def extensions(self, value: Any, existing: dict[Any, Any] | None) -> dict[Any, Any] | None:
        if not isinstance(value, list):
            self.fail(value, "[]v1.NamedExtension")
            return existing
        out = existing
        for i, entry in enumerate(value):
            if entry is None:
                entry = {}
            item = self.at(i, self.obj, entry, "v1.NamedExtension")
            if item is None:
                continue

            def one(item: dict[Any, Any] = item) -> tuple[str, Any]:
                name = self.field(item, "name", self.string, "")
                ext = item.get("extension")
                return name, ext

            name, ext = self.at(i, self.in_struct, "NamedExtension", one)
            if out is None:
                out = {}
            if out.get(name) is None:
                out[name] = new_unknown(ext)
            else:
                self.conversion_failed(
                    "error converting *[]NamedExtension into *map[string]runtime.Object: "
                    f'duplicate name "{name}" in list: {_go_v_extensions(value)}'
                )
        return out

    def cluster(self, value: dict[Any, Any]) -> api.Cluster:
        c = api.new_cluster()

        def fill() -> None:
            c.server = self.field(value, "server", self.string, "")
            c.tls_server_name = self.field(value, "tls-server-name", self.string, "")
            c.insecure_skip_tls_verify = self.field(value, "insecure-skip-tls-verify", self.boolean, False)
            c.certificate_authority = self.field(value, "certificate-authority", self.string, "")
            c.certificate_authority_data = self.field(value, "certificate-authority-data", self.bytes_, None)
            c.proxy_url = self.field(value, "proxy-url", self.string, "")
            c.disable_compression = self.field(value, "disable-compression", self.boolean, False)
            c.extensions = self.field(value, "extensions", lambda v: self.extensions(v, c.extensions), c.extensions)

        self.in_struct("Cluster", fill)
        return c

    def auth_provider(self, value: Any) -> api.AuthProviderConfig | None:
        item = self.obj(value, "v1.AuthProviderConfig")
        if item is None:
            return None
        p = api.AuthProviderConfig()

        def fill() -> None:
            p.name = self.field(item, "name", self.string, "")
            p.config = self.field(item, "config", self.string_map, None)

        self.in_struct("AuthProviderConfig", fill)
        return p

    def env_vars(self, value: Any) -> list[api.ExecEnvVar] | None:
        if not isinstance(value, list):
            self.fail(value, "[]v1.ExecEnvVar")
            return None
        out = []
        for i, entry in enumerate(value):
            var = api.ExecEnvVar()
            item = self.at(i, self.obj, entry, "v1.ExecEnvVar") if entry is not None else {}
            if item is not None:

                def fill(item: dict[Any, Any] = item, var: api.ExecEnvVar = var) -> None:
                    var.name = self.field(item, "name", self.string, "")
                    var.value = self.field(item, "value", self.string, "")

                self.at(i, self.in_struct, "ExecEnvVar", fill)
            out.append(var)
        return out

    def exec_config(self, value: Any) -> api.ExecConfig | None:
        item = self.obj(value, "v1.ExecConfig")
        if item is None:
            return None
        e = api.ExecConfig()

        def fill() -> None:
            e.command = self.field(item, "command", self.string, "")
            e.args = self.field(item, "args", self.strings, None)
            e.env = self.field(item, "env", self.env_vars, None)
            e.api_version = self.field(item, "apiVersion", self.string, "")
            e.install_hint = self.field(item, "installHint", self.string, "")
            e.provide_cluster_info = self.field(item, "provideClusterInfo", self.boolean, False)
            e.interactive_mode = self.field(
                item, "interactiveMode", lambda v: self.string(v, "v1.ExecInteractiveMode"), ""
            )

        self.in_struct("ExecConfig", fill)
        set_defaults_exec_config(e)
        return e

    def auth_info(self, value: dict[Any, Any]) -> api.AuthInfo:
        a = api.new_auth_info()

        def fill() -> None:
            a.client_certificate = self.field(value, "client-certificate", self.string, "")
            a.client_certificate_data = self.field(value, "client-certificate-data", self.bytes_, None)
            a.client_key = self.field(value, "client-key", self.string, "")
            a.client_key_data = self.field(value, "client-key-data", self.bytes_, None)
            a.token = self.field(value, "token", self.string, "")
            a.token_file = self.field(value, "tokenFile", self.string, "")
            a.impersonate = self.field(value, "as", self.string, "")
            a.impersonate_uid = self.field(value, "as-uid", self.string, "")
            a.impersonate_groups = self.field(value, "as-groups", self.strings, None)
            a.impersonate_user_extra = self.field(value, "as-user-extra", self.strings_map, None)
            a.username = self.field(value, "username", self.string, "")
            a.password = self.field(value, "password", self.string, "")
            a.auth_provider = self.field(value, "auth-provider", self.auth_provider, None)
            a.exec = self.field(value, "exec", self.exec_config, None)
            a.extensions = self.field(value, "extensions", lambda v: self.extensions(v, a.extensions), a.extensions)

        self.in_struct("AuthInfo", fill)
        return a

    def context(self, value: dict[Any, Any]) -> api.Context:
        c = api.new_context()

        def fill() -> None:
            c.cluster = self.field(value, "cluster", self.string, "")
            c.auth_info = self.field(value, "user", self.string, "")
            c.namespace = self.field(value, "namespace", self.string, "")
            c.extensions = self.field(value, "extensions", lambda v: self.extensions(v, c.extensions), c.extensions)

        self.in_struct("Context", fill)
        return c

    def named(
        self,
        value: Any,
        list_type: str,
        entry_type: str,
        inner_key: str,
        convert: Callable[[dict[Any, Any]], _V],
        map_type: str,
        target: dict[str, _V],
    ) -> dict[str, _V]:
        if not isinstance(value, list):
            self.fail(value, f"[]v1.{list_type}")
            return target
        for i, entry in enumerate(value):
            item = self.at(i, self.obj, entry, f"v1.{list_type}") if entry is not None else {}
            if item is None:
                continue

            def one(item: dict[Any, Any] = item) -> tuple[str, Any]:
                name = self.field(item, "name", self.string, "")
                inner = self.field(item, inner_key, lambda v: self.obj(v, f"v1.{entry_type}"), None)
                return name, inner

            name, inner = self.at(i, self.in_struct, list_type, one)
            self.path.append(inner_key)
            self.pos.extend((i, inner_key))
            converted = convert(inner or {})
            del self.pos[-2:]
            self.path.pop()
            if name in target:
                # Go appends the whole list printed with %v; a list of users holds credentials,
                # so it is left out of that message.
                dump = "" if list_type == "NamedAuthInfo" else ": " + _go_v_named(list_type, value)
                self.conversion_failed(
                    f"error converting *[]{list_type} into *map[string]*api.{map_type}: "
                    f'duplicate name "{name}" in list{dump}'
                )
            else:
                target[name] = converted
        return target


def _go_v_raw(item: dict[Any, Any]) -> str:
    if "extension" not in item or item["extension"] is None:
        return "{[] <nil>}"
    raw = go_json(item["extension"]).encode("utf-8")
    return "{[" + " ".join(str(b) for b in raw) + "] <nil>}"


def _go_v_extensions(entries: Any) -> str:
    """Go's %v of a []NamedExtension (as decoded from JSON)."""
    parts = []
    for entry in entries if isinstance(entries, list) else []:
        entry = entry if isinstance(entry, dict) else {}
        parts.append("{" + _s(entry.get("name")) + " " + _go_v_raw(entry) + "}")
    return "[" + " ".join(parts) + "]"


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _b(value: Any) -> str:
    return "true" if value is True else "false"


def _bytes_v(value: Any) -> str:
    if not isinstance(value, str):
        return "[]"
    try:
        data = go_base64_decode(value)
    except ValueError:
        return "[]"
    return "[" + " ".join(str(b) for b in data) + "]"


def _go_v_named(list_type: str, entries: Any) -> str:
    """Go's %v of a []NamedCluster or []NamedContext (as decoded from JSON)."""
    parts = []
    for entry in entries if isinstance(entries, list) else []:
        entry = entry if isinstance(entry, dict) else {}
        inner = entry.get("cluster" if list_type == "NamedCluster" else "context")
        c: dict[str, Any] = inner if isinstance(inner, dict) else {}
        if list_type == "NamedCluster":
            fields = [
                _s(c.get("server")),
                _s(c.get("tls-server-name")),
                _b(c.get("insecure-skip-tls-verify")),
                _s(c.get("certificate-authority")),
                _bytes_v(c.get("certificate-authority-data")),
                _s(c.get("proxy-url")),
                _b(c.get("disable-compression")),
                _go_v_extensions(c.get("extensions")),
            ]
        else:
            fields = [
                _s(c.get("cluster")),
                _s(c.get("user")),
                _s(c.get("namespace")),
                _go_v_extensions(c.get("extensions")),
            ]
        parts.append("{" + _s(entry.get("name")) + " {" + " ".join(fields) + "}}")
    return "[" + " ".join(parts) + "]"


_B64_ALPHABET = {c: i for i, c in enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


_B64_TEXT = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def go_base64_decode(text: str) -> bytes:
    """Go's base64.StdEncoding.Decode: newlines are skipped, padding is required, and an error names
    the input byte where decoding failed ("illegal base64 data at input byte N")."""
    cleaned = text.replace("\r", "").replace("\n", "")
    if len(cleaned) % 4 == 0 and _B64_TEXT.fullmatch(cleaned):
        try:  # the common, valid case in C; the port below only runs to locate an error
            return base64.b64decode(cleaned, validate=True)
        except binascii.Error:
            pass
    return _go_base64_decode_quanta(text)


def _go_base64_decode_quanta(text: str) -> bytes:
    src = text.encode("utf-8")
    out = bytearray()
    si = 0
    while si < len(src):
        quantum: list[int] = []
        while len(quantum) < 4:
            if si == len(src):
                if not quantum:
                    return bytes(out)
                raise ValueError(f"illegal base64 data at input byte {si - len(quantum)}")
            ch = src[si]
            si += 1
            if ch in _B64_ALPHABET:
                quantum.append(_B64_ALPHABET[ch])
                continue
            if ch in (0x0A, 0x0D):
                continue
            if ch != 0x3D or len(quantum) < 2:  # not "=", or padding too early
                raise ValueError(f"illegal base64 data at input byte {si - 1}")
            if len(quantum) == 2:  # "==" expected
                while si < len(src) and src[si] in (0x0A, 0x0D):
                    si += 1
                if si == len(src):
                    raise ValueError(f"illegal base64 data at input byte {len(src)}")
                if src[si] != 0x3D:
                    raise ValueError(f"illegal base64 data at input byte {si - 1}")
                si += 1
            while si < len(src) and src[si] in (0x0A, 0x0D):
                si += 1
            if si < len(src):
                raise ValueError(f"illegal base64 data at input byte {si}")
            break
        n = len(quantum)
        val = 0
        for i in range(4):
            val = (val << 6) | (quantum[i] if i < n else 0)
        out.extend(val.to_bytes(3, "big")[: n - 1])
    return bytes(out)


def _go_number_text(value: float) -> str:
    return str(int(value)) if isinstance(value, int) or value == int(value) else repr(value)


def set_defaults_exec_config(exec_config: api.ExecConfig) -> None:
    """v1 defaulting: an exec plugin of the beta/alpha API without interactiveMode gets IfAvailable."""
    if not exec_config.interactive_mode and exec_config.api_version in (
        "client.authentication.k8s.io/v1beta1",
        "client.authentication.k8s.io/v1alpha1",
    ):
        exec_config.interactive_mode = IfAvailableExecInteractiveMode


def config_from_json(value: Any, into: api.Config | None = None) -> api.Config:
    """The api.Config a decoded v1 kubeconfig JSON value describes. Raises DecodeError."""
    config = into if into is not None else api.new_config()
    if value is None:
        return config
    d = _Decoder()

    def fill_prefs(value: Any) -> None:
        prefs = d.obj(value, "v1.Preferences")
        if prefs is None:
            return

        def fill() -> None:
            config.preferences.colors = d.field(prefs, "colors", d.boolean, config.preferences.colors)
            config.preferences.extensions = d.field(
                prefs,
                "extensions",
                lambda v: d.extensions(v, config.preferences.extensions),
                config.preferences.extensions,
            )

        d.in_struct("Preferences", fill)

    def fill(obj: dict[Any, Any]) -> None:
        d.field(obj, "preferences", fill_prefs, None)
        clusters = config.clusters = config.clusters if config.clusters is not None else {}
        auth_infos = config.auth_infos = config.auth_infos if config.auth_infos is not None else {}
        contexts = config.contexts = config.contexts if config.contexts is not None else {}
        d.field(
            obj,
            "clusters",
            lambda v: d.named(v, "NamedCluster", "Cluster", "cluster", d.cluster, "Cluster", clusters),
            None,
        )
        d.field(
            obj,
            "users",
            lambda v: d.named(v, "NamedAuthInfo", "AuthInfo", "user", d.auth_info, "AuthInfo", auth_infos),
            None,
        )
        d.field(
            obj,
            "contexts",
            lambda v: d.named(v, "NamedContext", "Context", "context", d.context, "Context", contexts),
            None,
        )
        config.current_context = d.field(obj, "current-context", d.string, config.current_context)
        config.extensions = d.field(obj, "extensions", lambda v: d.extensions(v, config.extensions), config.extensions)

    if not isinstance(value, dict):
        raise DecodeError(f"json: cannot unmarshal {go_json_kind(value)} into Go value of type v1.Config")
    d.in_struct("Config", lambda: fill(value))
    if d.error is not None:
        raise d.error
    if d.conversion_error is not None:
        raise d.conversion_error
    return config


# ---- writing ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_unknown(value: Any) -> Any:
    """The runtime.Unknown client-go keeps for an extension: its JSON (as Go re-encodes it) and content type.

    ``None`` (a missing or null extension) stays None.
    """
    if value is None:
        return None
    from kubernetes_py.apimachinery import runtime

    return runtime.Unknown(raw=go_json(value).encode("utf-8"), contentType="application/json")


def extension_value(obj: Any) -> Any:
    """The JSON value of an extension: a runtime.Unknown's raw JSON, or a plain JSON value as given."""
    if obj is None:
        return None
    raw = getattr(obj, "raw", None)
    if isinstance(raw, (bytes, bytearray)):
        return json.loads(raw) if raw else None
    return obj


def _extensions_to_json(extensions: dict[Any, Any] | None) -> list[Any] | None:
    if not extensions:
        return None
    return [{"name": name, "extension": extension_value(extensions[name])} for name in sorted(extensions)]


def _put(out: dict[Any, Any], key: str, value: Any) -> None:
    """encoding/json's omitempty: skip false, "", and empty or nil lists, maps and bytes."""
    if value is None or value is False or value == "" or value == [] or value == {} or value == b"":
        return
    out[key] = value


def _cluster_to_json(c: api.Cluster) -> dict[Any, Any]:
    out: dict[str, Any] = {"server": c.server}
    _put(out, "tls-server-name", c.tls_server_name)
    _put(out, "insecure-skip-tls-verify", c.insecure_skip_tls_verify)
    _put(out, "certificate-authority", c.certificate_authority)
    if c.certificate_authority_data:
        out["certificate-authority-data"] = _b64(c.certificate_authority_data)
    _put(out, "proxy-url", c.proxy_url)
    _put(out, "disable-compression", c.disable_compression)
    _put(out, "extensions", _extensions_to_json(c.extensions))
    return out


def _exec_to_json(e: api.ExecConfig) -> dict[Any, Any]:
    out: dict[str, Any] = {
        "command": e.command,
        "args": list(e.args) if e.args is not None else None,
        "env": [{"name": v.name, "value": v.value} for v in e.env] if e.env is not None else None,
    }
    _put(out, "apiVersion", e.api_version)
    _put(out, "installHint", e.install_hint)
    out["provideClusterInfo"] = bool(e.provide_cluster_info)
    _put(out, "interactiveMode", e.interactive_mode)
    return out


def _auth_info_to_json(a: api.AuthInfo) -> dict[Any, Any]:
    out: dict[str, Any] = {}
    _put(out, "client-certificate", a.client_certificate)
    if a.client_certificate_data:
        out["client-certificate-data"] = _b64(a.client_certificate_data)
    _put(out, "client-key", a.client_key)
    if a.client_key_data:
        out["client-key-data"] = _b64(a.client_key_data)
    _put(out, "token", a.token)
    _put(out, "tokenFile", a.token_file)
    _put(out, "as", a.impersonate)
    _put(out, "as-uid", a.impersonate_uid)
    _put(out, "as-groups", list(a.impersonate_groups) if a.impersonate_groups else None)
    if a.impersonate_user_extra:
        out["as-user-extra"] = {k: (list(v) if v is not None else None) for k, v in a.impersonate_user_extra.items()}
    _put(out, "username", a.username)
    _put(out, "password", a.password)
    if a.auth_provider is not None:
        out["auth-provider"] = {
            "name": a.auth_provider.name,
            "config": dict(a.auth_provider.config) if a.auth_provider.config is not None else None,
        }
    if a.exec is not None:
        out["exec"] = _exec_to_json(a.exec)
    _put(out, "extensions", _extensions_to_json(a.extensions))
    return out


def _context_to_json(c: api.Context) -> dict[Any, Any]:
    out: dict[str, Any] = {"cluster": c.cluster, "user": c.auth_info}
    _put(out, "namespace", c.namespace)
    _put(out, "extensions", _extensions_to_json(c.extensions))
    return out


def _named(entries: dict[Any, Any] | None, key: str, convert: Callable[[Any], dict[Any, Any]]) -> list[Any] | None:
    if not entries:
        return None
    return [{"name": name, key: convert(entries[name])} for name in sorted(entries)]


def config_to_json(config: api.Config) -> dict[Any, Any]:
    """The v1 JSON value of ``config``, with apiVersion and kind set, as client-go encodes it."""
    out: dict[str, Any] = {"kind": "Config", "apiVersion": "v1"}
    prefs: dict[str, Any] = {}
    _put(prefs, "colors", config.preferences.colors)
    _put(prefs, "extensions", _extensions_to_json(config.preferences.extensions))
    if prefs:  # `omitzero`: a zero Preferences is left out
        out["preferences"] = prefs
    out["clusters"] = _named(config.clusters, "cluster", _cluster_to_json)
    out["users"] = _named(config.auth_infos, "user", _auth_info_to_json)
    out["contexts"] = _named(config.contexts, "context", _context_to_json)
    out["current-context"] = config.current_context
    _put(out, "extensions", _extensions_to_json(config.extensions))
    return out
