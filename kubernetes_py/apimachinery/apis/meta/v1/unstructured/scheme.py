"""UnstructuredJSONScheme: the codec between JSON and Unstructured / UnstructuredList."""

from __future__ import annotations

import json
from typing import Any, Optional, Union

from kubernetes_py._go import json as _gojson
from kubernetes_py._go.json import go_json_kind
from kubernetes_py.apimachinery.runtime.error import MissingKindError
from kubernetes_py.apimachinery.runtime.interfaces import Object, Writer, is_message, is_unknown
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

from .unstructured import Unstructured, UnstructuredList


class _UnstructuredJSONScheme:
    """Decodes any JSON object into Unstructured (or UnstructuredList when it has ``items``) and
    encodes those back, map keys sorted as Go writes maps."""

    def identifier(self) -> str:
        return "unstructuredJSON"

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        obj: Object
        if into is not None:
            self._decode_into(data, into)
            obj = into
        else:
            obj = self._decode(data)
        gvk = obj.get_object_kind().group_version_kind()
        if not gvk.kind:
            raise MissingKindError(_text(data))
        return obj, gvk

    def encode(self, obj: Object, w: Writer) -> None:
        if isinstance(obj, Unstructured):
            w.write(_gojson.dumps(obj.object, sort_keys=True) + b"\n")
        elif isinstance(obj, UnstructuredList):
            content = dict(obj.object or {})
            content["items"] = [item.object for item in obj.items]
            w.write(_gojson.dumps(content, sort_keys=True) + b"\n")
        elif is_unknown(obj):
            w.write(obj.raw)
        elif is_message(obj):
            from kubernetes_py.apimachinery.runtime import _jsonconv

            w.write(_gojson.dumps(_jsonconv.encode(obj)) + b"\n")
        else:
            raise TypeError(f"unstructured JSON cannot encode a {type(obj).__name__}")

    def _parse(self, data: bytes) -> Any:
        try:
            value = _gojson.loads_preserving_ints(data)
        except json.JSONDecodeError as err:
            raise ValueError(f"unable to parse JSON: {_gojson.describe_json_error(err)}") from None
        return value

    def _decode(self, data: bytes) -> Union[Unstructured, UnstructuredList]:
        value = self._parse(data)
        if not isinstance(value, dict):
            raise ValueError(
                f"json: cannot unmarshal {go_json_kind(value)} into Go value of type map[string]interface {{}}"
            )
        if value.get("items") is not None:
            out = UnstructuredList()
            self._to_list(value, out)
            return out
        return Unstructured(value)

    def _decode_into(self, data: bytes, into: Object) -> None:
        value = self._parse(data)
        if isinstance(into, Unstructured):
            if not isinstance(value, dict):
                raise ValueError(
                    f"json: cannot unmarshal {go_json_kind(value)} into Go value of type map[string]interface {{}}"
                )
            into.object = value
        elif isinstance(into, UnstructuredList):
            self._to_list(value, into)
        elif is_message(into):
            from kubernetes_py.apimachinery.runtime import _jsonconv

            result = _jsonconv.decode(type(into), value)
            into.Clear()
            into.MergeFrom(result)
        else:
            raise TypeError(f"unstructured JSON cannot decode into a {type(into).__name__}")

    @staticmethod
    def _to_list(value: Any, out: UnstructuredList) -> None:
        if not isinstance(value, dict):
            raise ValueError(
                f"json: cannot unmarshal {go_json_kind(value)} into Go value of type unstructured.UnstructuredList"
            )
        items = value.pop("items", None) or []
        if not isinstance(items, list):
            raise ValueError(
                f"json: cannot unmarshal {go_json_kind(items)} into Go struct field .items of type []json.RawMessage"
            )
        out.object = value
        api_version = out.get_api_version()
        item_kind = out.get_kind().removesuffix("List")
        out.items = []
        for item in items:
            if not isinstance(item, dict):
                raise ValueError(
                    f"json: cannot unmarshal {go_json_kind(item)} into Go value of type map[string]interface {{}}"
                )
            u = Unstructured(item)
            if not u.get_kind() and not u.get_api_version():
                u.set_kind(item_kind)
                u.set_api_version(api_version)
            out.items.append(u)


def _text(data: Union[bytes, bytearray, str]) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else str(data)


UnstructuredJSONScheme = _UnstructuredJSONScheme()
