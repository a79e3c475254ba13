"""JSON and YAML serializers (k8s.io/apimachinery/pkg/runtime/serializer/json)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import yaml
from google.protobuf.message import DecodeError

from kubernetes_py import _goyaml
from kubernetes_py._go.json import go_json_kind
from kubernetes_py.apimachinery.runtime import _gojson, _jsonaccel, _jsonconv
from kubernetes_py.apimachinery.runtime.error import (MissingKindError, MissingVersionError, NotRegisteredError,
                                                       StrictDecodingError)
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, parse_group_version

from .._frames import JSONFrameReader, YAMLFrameReader, YAMLFrameWriter


class MetaFactory:
    """Finds apiVersion and kind in serialized data (Go's SimpleMetaFactory)."""

    def interpret(self, data) -> GroupVersionKind:
        try:
            value = _gojson.loads(data)
        except json.JSONDecodeError as err:
            raise ValueError(f"couldn't get version/kind; json parse error: {_gojson.describe_json_error(err)}") from None
        return self.interpret_value(value)

    @staticmethod
    def interpret_value(value) -> GroupVersionKind:
        if value is None:  # JSON null: nothing to find, as decoding null into a struct does nothing
            return GroupVersionKind()
        if not isinstance(value, dict):
            raise ValueError(f"couldn't get version/kind; json parse error: json: cannot unmarshal "
                             f"{go_json_kind(value)} into Go value of type struct {{ APIVersion string "
                             f"\"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}")
        api_version = value.get("apiVersion") or ""
        kind = value.get("kind") or ""
        for name, v in (("apiVersion", api_version), ("kind", kind)):
            if not isinstance(v, str):
                raise ValueError(f"couldn't get version/kind; json parse error: json: cannot unmarshal "
                                 f"{go_json_kind(v)} into Go struct field .{name} of type string")
        gv = parse_group_version(api_version)
        return GroupVersionKind(gv.group, gv.version, kind)


DefaultMetaFactory = MetaFactory()
SimpleMetaFactory = MetaFactory


@dataclass
class SerializerOptions:
    yaml: bool = False
    pretty: bool = False
    strict: bool = False


def gvk_with_defaults(actual: GroupVersionKind, default: GroupVersionKind) -> GroupVersionKind:
    group, version, kind = actual.group, actual.version, actual.kind
    if not kind:
        kind = default.kind
    if not version and not group:
        group, version = default.group, default.version
    if not version and group == default.group:
        version = default.version
    return GroupVersionKind(group, version, kind)


def yaml_to_json_value(data):
    """Parse the first YAML document into a JSON-shaped value as sigs.k8s.io/yaml does (go-yaml's YAML 1.1
    scalars, timestamps kept as strings, mapping keys as JSON strings); raises ValueError naming the line."""
    return _goyaml.yaml_to_json(data)


def yaml_duplicate_keys_error(data) -> Optional[str]:
    """What sigs.k8s.io/yaml's YAMLToJSONStrict says about keys repeated in a mapping, or None."""
    try:
        node = yaml.compose(data, Loader=yaml.SafeLoader)  # composing only: no objects are built
    except yaml.YAMLError:
        return None
    problems: list[str] = []

    def walk(n) -> None:
        if isinstance(n, yaml.MappingNode):
            seen = set()
            for key, value in n.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        problems.append(f'  line {key.start_mark.line + 1}: key "{key.value}" already set in map')
                    seen.add(key.value)
                walk(value)
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                walk(item)

    if node is not None:
        walk(node)
    if not problems:
        return None
    return "yaml: unmarshal errors:\n" + "\n".join(problems)


def json_to_yaml(data: dict) -> bytes:
    """YAML text of a JSON value as sigs.k8s.io/yaml's JSONToYAML writes it."""
    return _goyaml.json_to_yaml(data).encode("utf-8")


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _has_long_digits(data: bytes) -> bool:
    """Whether ``data`` has 19 digits in a row, the shortest integer text that can leave int64 (a regular
    expression backtracks on every shorter run: this is a translation and a substring search, both in C)."""
    return b"0" * 19 in bytes(data).translate(_DIGITS_AS_ZERO)


def _is_json_buffer(data) -> bool:
    return data.lstrip()[:1] == b"{" if isinstance(data, (bytes, bytearray)) else data.lstrip()[:1] == "{"


def _text(data) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else str(data)


def _is_unstructured(obj) -> bool:
    return hasattr(obj, "unstructured_content") and hasattr(obj, "set_unstructured_content")


class Serializer:
    """Encodes API objects as JSON (compact or pretty) or YAML; decodes them by apiVersion/kind.

    Decoding a kind the scheme does not know raises NotRegisteredError (Go's runtime.UseOrCreateObject).
    A strict serializer raises StrictDecodingError for unknown or duplicate fields; the decoded
    object and kind are on the error (``err.obj``, ``err.gvk``).
    """

    def __init__(self, meta: MetaFactory, creater, typer, options: Optional[SerializerOptions] = None):
        self._meta = meta
        self._creater = creater
        self._typer = typer
        self.options = options or SerializerOptions()
        self._identifier = self._make_identifier()

    def _make_identifier(self) -> str:
        o = self.options
        return (f'{{"name":"json","pretty":"{str(o.pretty).lower()}","strict":"{str(o.strict).lower()}",'
                f'"yaml":"{str(o.yaml).lower()}"}}')

    def identifier(self) -> str:
        return self._identifier

    # decoding

    def decode(self, original_data, defaults: Optional[GroupVersionKind] = None, into=None):
        data = original_data
        if isinstance(data, str):
            data = data.encode("utf-8")
        if self.options.yaml:
            value = yaml_to_json_value(data)
            source = None
        else:
            if not self.options.strict:
                decoded = self._decode_transcoded(data, defaults, into)
                if decoded is not None:
                    return decoded
            try:
                value = (_jsonconv.loads_strict(data) if self.options.strict else _gojson.loads(data))
            except json.JSONDecodeError as err:
                raise ValueError(f"couldn't get version/kind; json parse error: "
                                 f"{_gojson.describe_json_error(err)}") from None
            source = data
        actual = self._meta.interpret_value(value)
        if value is None:
            value = {}
        if defaults is not None:
            actual = gvk_with_defaults(actual, defaults)

        if into is not None and _is_unknown(into):
            into.raw = bytes(original_data) if not isinstance(original_data, str) else original_data.encode()
            into.contentType = "application/json"
            into.typeMeta.apiVersion, into.typeMeta.kind = actual.to_api_version_and_kind()
            return into, actual

        if into is not None:
            unstructured_into = _is_unstructured(into)
            types = None
            if not unstructured_into:
                try:
                    types, _ = self._typer.object_kinds(into)
                except NotRegisteredError:
                    types = None
            if unstructured_into or types is None:
                errors = self._unmarshal(into, value, source, original_data)
                if unstructured_into:
                    actual = into.get_object_kind().group_version_kind()
                    if not actual.kind:
                        raise MissingKindError(_text(original_data))
                return self._finish(into, actual, errors)
            actual = gvk_with_defaults(actual, types[0])

        if not actual.kind:
            raise MissingKindError(_text(original_data))
        if not actual.version:
            raise MissingVersionError(_text(original_data))

        if into is not None:
            kinds, _ = self._typer.object_kinds(into)
            if actual in kinds:
                errors = self._unmarshal(into, value, source, original_data)
                return self._finish(into, actual, errors)
        cls = self._creater.type_for_kind(actual) if hasattr(self._creater, "type_for_kind") else None
        if cls is None:
            obj = self._creater.new(actual)  # NotRegisteredError for a kind the scheme does not know, as Go
            errors = self._unmarshal(obj, value, source, original_data)
            return self._finish(obj, actual, errors)
        # A new object: decode straight into a new message of the registered type (no copy).
        if self.options.strict:
            obj, errors = _jsonconv.decode(cls, value, strict=True)
            errors = self._yaml_strict_errors(original_data) + errors
        else:
            obj, errors = _jsonconv.decode(cls, value, source=source), []
        return self._finish(obj, actual, errors)

    def _decode_transcoded(self, data: bytes, defaults: Optional[GroupVersionKind], into):
        """Plain JSON of a registered kind by the C path (see _jsonaccel): the object and its kind, or None
        for the full path below, which gives the same answer (and every error) from json.loads."""
        type_meta = _jsonaccel.peek_type_meta(data)
        if type_meta is None:
            return None
        try:
            gv = parse_group_version(type_meta[0] or "")
        except ValueError:
            return None
        actual = GroupVersionKind(gv.group, gv.version, type_meta[1] or "")
        if defaults is not None:
            actual = gvk_with_defaults(actual, defaults)
        if into is not None:
            if _is_unknown(into) or _is_unstructured(into):
                return None
            try:
                kinds, _ = self._typer.object_kinds(into)
            except NotRegisteredError:
                return None
            actual = gvk_with_defaults(actual, kinds[0])
            if not actual.kind or not actual.version or actual not in kinds:
                return None
            encoded = _jsonaccel.transcode(type(into), data)
            if encoded is None:
                return None
            into.Clear()
            try:
                into.MergeFromString(encoded)
            except DecodeError:
                return None
            return into, actual
        if not actual.kind or not actual.version or not hasattr(self._creater, "type_for_kind"):
            return None
        cls = self._creater.type_for_kind(actual)
        if cls is None:
            return None
        encoded = _jsonaccel.transcode(cls, data)
        if encoded is None:
            return None
        try:
            return cls.FromString(encoded), actual
        except DecodeError:
            return None

    @staticmethod
    def _finish(obj, actual, errors):
        if errors:
            err = StrictDecodingError(errors)
            err.obj, err.gvk = obj, actual
            raise err
        return obj, actual

    def _unmarshal(self, into, value, source, original=None) -> list:
        if _is_unstructured(into):
            # interface{} keeps an integer beyond int64 as a float: parse again only when the text may hold one
            # (strict parsing also kept its duplicate-key bookkeeping in the value, and decode() read null as {}).
            if source is not None and (self.options.strict or not value or _has_long_digits(source)):
                value = _gojson.loads_preserving_ints(source)
            if hasattr(into, "items") and isinstance(value, dict):
                from kubernetes_py.apimachinery.apis.meta.v1.unstructured.scheme import UnstructuredJSONScheme
                UnstructuredJSONScheme._to_list(value, into)
            else:
                if not isinstance(value, dict):
                    raise ValueError(f"json: cannot unmarshal {go_json_kind(value)} into Go value of "
                                     f"type map[string]interface {{}}")
                into.set_unstructured_content(value)
            return self._yaml_strict_errors(original)
        if self.options.strict:
            result, errors = _jsonconv.decode(type(into), value, strict=True)
            errors = self._yaml_strict_errors(original) + errors
        else:
            result, errors = _jsonconv.decode(type(into), value, source=source), []
        into.Clear()
        into.MergeFrom(result)
        return errors

    def _yaml_strict_errors(self, original) -> list:
        if not (self.options.yaml and self.options.strict and original is not None):
            return []
        problem = yaml_duplicate_keys_error(original)
        return [problem] if problem else []

    # encoding

    def encode(self, obj, w) -> None:
        if not self.options.yaml and not self.options.pretty:
            text = self._encode_compact(obj)
            if text is not None:
                w.write(text + b"\n")
                return
        value = _to_json_value(obj)
        if self.options.yaml:
            w.write(json_to_yaml(value))
        elif self.options.pretty:
            w.write(_gojson.dumps(value, sort_keys=_is_unstructured(obj), indent=True))
        else:
            w.write(_gojson.dumps(value, sort_keys=_is_unstructured(obj)) + b"\n")

    def _encode_compact(self, obj) -> Optional[bytes]:
        """Compact JSON of a typed object by the C path (see _jsonaccel.to_json), or None."""
        if _is_unstructured(obj) or _is_unknown(obj):
            return None
        return _jsonaccel.to_json(obj)

    def recognizes_data(self, data) -> tuple[bool, bool]:
        """(recognized, unknown): JSON recognizes a leading '{'; YAML cannot tell."""
        if self.options.yaml:
            return False, True
        return _is_json_buffer(data), False


def _is_unknown(obj) -> bool:
    return getattr(getattr(obj, "DESCRIPTOR", None), "full_name", "") == "k8s.io.apimachinery.pkg.runtime.Unknown"


def _to_json_value(obj):
    if _is_unstructured(obj):
        from kubernetes_py.apimachinery.apis.meta.v1.unstructured import UnstructuredList
        if isinstance(obj, UnstructuredList):
            content = dict(obj.object or {})
            content["items"] = [item.object for item in obj.items]
            return content
        return obj.unstructured_content()
    if _is_unknown(obj):
        return _gojson.loads(obj.raw)
    return _jsonconv.encode(obj)


def new_serializer_with_options(meta: MetaFactory, creater, typer, options: SerializerOptions) -> Serializer:
    return Serializer(meta, creater, typer, options)


def new_serializer(meta: MetaFactory, creater, typer, pretty: bool) -> Serializer:
    return Serializer(meta, creater, typer, SerializerOptions(pretty=pretty))


def new_yaml_serializer(meta: MetaFactory, creater, typer) -> Serializer:
    return Serializer(meta, creater, typer, SerializerOptions(yaml=True))


class _JSONFramer:
    """JSON objects one after another: writing is plain, reading splits the stream into objects."""

    def new_frame_writer(self, w):
        return w

    def new_frame_reader(self, r):
        return JSONFrameReader(r)


class _YAMLFramer:
    """YAML documents separated by '---' lines."""

    def new_frame_writer(self, w):
        return YAMLFrameWriter(w)

    def new_frame_reader(self, r):
        return YAMLFrameReader(r)


Framer = _JSONFramer()
YAMLFramer = _YAMLFramer()
