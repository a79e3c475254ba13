"""JSON and YAML serializers (k8s.io/apimachinery/pkg/runtime/serializer/json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

import yaml
from google.protobuf.message import Message

from kubernetes_py import _goyaml
from kubernetes_py._go import json as _gojson
from kubernetes_py._go.json import go_json_kind
from kubernetes_py.apimachinery.runtime import _jsoncodec
from kubernetes_py.apimachinery.runtime.error import (
    MissingKindError,
    MissingVersionError,
    NotRegisteredError,
    strict_decoding_result,
)
from kubernetes_py.apimachinery.runtime.interfaces import (
    FrameReader,
    Object,
    ObjectCreater,
    ObjectTyper,
    Writer,
    is_unknown,
    is_unstructured,
)
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, parse_group_version

from .._frames import JSONFrameReader, YAMLFrameReader, YAMLFrameWriter


class MetaFactory:
    """Finds apiVersion and kind in serialized data (Go's SimpleMetaFactory)."""

    def interpret(self, data: Union[bytes, str]) -> GroupVersionKind:
        try:
            value = _gojson.loads(data)
        except json.JSONDecodeError as err:
            raise ValueError(
                f"couldn't get version/kind; json parse error: {_gojson.describe_json_error(err)}"
            ) from None
        return self.interpret_value(value)

    @staticmethod
    def interpret_value(value: Any) -> GroupVersionKind:
        if value is None:  # JSON null: nothing to find, as decoding null into a struct does nothing
            return GroupVersionKind()
        if not isinstance(value, dict):
            raise ValueError(
                f"couldn't get version/kind; json parse error: json: cannot unmarshal "
                f"{go_json_kind(value)} into Go value of type struct {{ APIVersion string "
                f'"json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }}'
            )
        api_version = value.get("apiVersion") or ""
        kind = value.get("kind") or ""
        for name, v in (("apiVersion", api_version), ("kind", kind)):
            if not isinstance(v, str):
                raise ValueError(
                    f"couldn't get version/kind; json parse error: json: cannot unmarshal "
                    f"{go_json_kind(v)} into Go struct field .{name} of type string"
                )
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


def yaml_to_json_value(data: Union[bytes, str]) -> Any:
    """Parse the first YAML document into a JSON-shaped value as sigs.k8s.io/yaml does (go-yaml's YAML 1.1
    scalars, timestamps kept as strings, mapping keys as JSON strings); raises ValueError naming the line."""
    return _goyaml.yaml_to_json(data)


def yaml_duplicate_keys_error(data: Union[bytes, str]) -> Optional[str]:
    """What sigs.k8s.io/yaml's YAMLToJSONStrict says about keys repeated in a mapping, or None."""
    try:
        node = yaml.compose(data, Loader=yaml.SafeLoader)  # composing only: no objects are built
    except yaml.YAMLError:
        return None
    problems: list[str] = []

    def walk(n: yaml.Node) -> None:
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
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


def json_to_yaml(data: Any) -> bytes:
    """YAML text of a JSON value as sigs.k8s.io/yaml's JSONToYAML writes it."""
    return _goyaml.json_to_yaml(data).encode("utf-8")


def _is_json_buffer(data: Union[bytes, bytearray, str]) -> bool:
    return data.lstrip()[:1] == b"{" if isinstance(data, (bytes, bytearray)) else data.lstrip()[:1] == "{"


def _text(data: object) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else str(data)


class Serializer:
    """Encodes API objects as JSON (compact or pretty) or YAML; decodes them by apiVersion/kind.

    Decoding a kind the scheme does not know raises NotRegisteredError (Go's runtime.UseOrCreateObject).
    A strict serializer raises StrictDecodingError for unknown or duplicate fields; the decoded
    object and kind are on the error (``err.obj``, ``err.gvk``).
    """

    def __init__(
        self, meta: MetaFactory, creater: ObjectCreater, typer: ObjectTyper, options: Optional[SerializerOptions] = None
    ):
        self._meta = meta
        self._creater = creater
        self._typer = typer
        self.options = options or SerializerOptions()
        self._identifier = self._make_identifier()

    def _make_identifier(self) -> str:
        o = self.options
        return (
            f'{{"name":"json","pretty":"{str(o.pretty).lower()}","strict":"{str(o.strict).lower()}",'
            f'"yaml":"{str(o.yaml).lower()}"}}'
        )

    def identifier(self) -> str:
        return self._identifier

    # decoding

    def decode(
        self,
        original_data: Union[bytes, str],
        defaults: Optional[GroupVersionKind] = None,
        into: Optional[Object] = None,
    ) -> tuple[Object, GroupVersionKind]:
        return _jsoncodec.decode(
            original_data,
            lambda doc: self._decode(doc, original_data, defaults, into),
            yaml=self.options.yaml,
            strict=self.options.strict,
        )

    def _decode(
        self,
        doc: _jsoncodec.Document,
        original_data: Union[bytes, str],
        defaults: Optional[GroupVersionKind],
        into: Optional[Object],
    ) -> tuple[Object, GroupVersionKind]:
        """The object and kind of one document (see _jsoncodec.decode): Go's Serializer.Decode."""
        actual = doc.type_meta(self._meta)
        if defaults is not None:
            actual = gvk_with_defaults(actual, defaults)

        if into is not None and is_unknown(into):
            doc.into_unknown(into, actual)
            return into, actual

        if into is not None:
            unstructured_into = is_unstructured(into)
            types: Optional[list[GroupVersionKind]] = None
            if not unstructured_into:
                try:
                    types, _ = self._typer.object_kinds(into)
                except NotRegisteredError:
                    types = None
            if unstructured_into or types is None:
                errors = doc.decode_into(into)
                if unstructured_into:
                    actual = into.get_object_kind().group_version_kind()
                    if not actual.kind:
                        raise MissingKindError(_text(original_data))
                return strict_decoding_result(into, actual, errors)
            actual = gvk_with_defaults(actual, types[0])

        if not actual.kind:
            raise MissingKindError(_text(original_data))
        if not actual.version:
            raise MissingVersionError(_text(original_data))

        if into is not None:
            kinds, _ = self._typer.object_kinds(into)
            if actual in kinds:
                return strict_decoding_result(into, actual, doc.decode_into(into))
        # a Scheme's registered type (the creater of a codec factory: its types are the message classes)
        type_for_kind = getattr(self._creater, "type_for_kind", None)
        cls: Optional[type[Message]] = type_for_kind(actual) if type_for_kind is not None else None
        if cls is None:
            obj = self._creater.new(actual)  # NotRegisteredError for a kind the scheme does not know, as Go
            return strict_decoding_result(obj, actual, doc.decode_into(obj))
        # A new object: decode straight into a new message of the registered type (no copy).
        message, errors = doc.decode(cls)
        return strict_decoding_result(message, actual, errors)  # type: ignore[arg-type]  # a registered API type

    # encoding

    def encode(self, obj: Object, w: Writer) -> None:
        if self.options.yaml:
            w.write(json_to_yaml(_jsoncodec.to_json_value(obj)))
        elif self.options.pretty:
            w.write(_jsoncodec.encode(obj, pretty=True))
        else:
            w.write(_jsoncodec.encode(obj) + b"\n")

    def recognizes_data(self, data: bytes) -> tuple[bool, bool]:
        """(recognized, unknown): JSON recognizes a leading '{'; YAML cannot tell."""
        if self.options.yaml:
            return False, True
        return _is_json_buffer(data), False


def new_serializer_with_options(
    meta: MetaFactory, creater: ObjectCreater, typer: ObjectTyper, options: SerializerOptions
) -> Serializer:
    return Serializer(meta, creater, typer, options)


def new_serializer(meta: MetaFactory, creater: ObjectCreater, typer: ObjectTyper, pretty: bool) -> Serializer:
    return Serializer(meta, creater, typer, SerializerOptions(pretty=pretty))


def new_yaml_serializer(meta: MetaFactory, creater: ObjectCreater, typer: ObjectTyper) -> Serializer:
    return Serializer(meta, creater, typer, SerializerOptions(yaml=True))


def _plain_writer(w: Writer) -> Writer:
    return w


class _Framer:
    """A runtime.Framer from its frame reader and writer."""

    def __init__(self, reader: Callable[[Any], FrameReader], writer: Callable[[Writer], Writer]):
        self._reader, self._writer = reader, writer

    def new_frame_writer(self, w: Writer) -> Writer:
        return self._writer(w)

    def new_frame_reader(self, r: Any) -> FrameReader:
        return self._reader(r)


# JSON objects one after another: writing is plain, reading splits the stream into objects.
Framer = _Framer(JSONFrameReader, _plain_writer)
# YAML documents separated by '---' lines.
YAMLFramer = _Framer(YAMLFrameReader, YAMLFrameWriter)
