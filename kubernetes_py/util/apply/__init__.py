"""k8s.io/client-go/util/apply: the PATCH request that carries a server-side apply configuration."""

from __future__ import annotations

import sys
from typing import Any

from kubernetes_py._go import json as gojson

__all__ = ["new_request", "marshal_apply_configuration"]

# types.ApplyYAMLPatchType (CBOR apply is off, as Go's ClientsAllowCBOR gate is by default).
_APPLY_YAML_PATCH_TYPE = "application/apply-patch+yaml"


def new_request(client: Any, apply_configuration: Any) -> Any:
    """A PATCH request (apply-patch+yaml) whose body is the JSON of ``apply_configuration``."""
    try:
        body = marshal_apply_configuration(apply_configuration)
    except Exception as err:
        raise ValueError(f"failed to marshal apply configuration: {err}") from err
    return client.patch(_APPLY_YAML_PATCH_TYPE).body(body)


def marshal_apply_configuration(obj: Any) -> bytes:
    """The JSON of an apply configuration.

    The bytes are Go's json.Marshal: an Unstructured or a dict with its keys sorted, floats in Go's digits, <, >
    and & escaped. A typed API object stands for Go's apply configuration: only the
    fields it holds (protobuf presence) are written, in Go's field order and Kubernetes' JSON forms, and
    ``kind``/``apiVersion`` default to the object's own type as the apply configuration constructors set them.
    """
    sort_keys = True  # a map: encoding/json writes its keys sorted
    if hasattr(obj, "unstructured_content"):
        content = obj.unstructured_content()
    elif hasattr(obj, "DESCRIPTOR"):
        sort_keys = False  # a struct: its fields in Go's order (maps inside are sorted by _present_value)
        content = _present_fields(obj)
        gv = getattr(sys.modules.get(type(obj).__module__), "SchemeGroupVersion", None)
        fields = type(obj).DESCRIPTOR.fields_by_name
        if gv is not None and "kind" in fields and "apiVersion" in fields:
            content.setdefault("apiVersion", f"{gv.group}/{gv.version}" if gv.group else gv.version)
            content.setdefault("kind", type(obj).__name__)
            # Go writes TypeMeta first, kind before apiVersion.
            content = {"kind": content.pop("kind"), "apiVersion": content.pop("apiVersion"), **content}
    elif isinstance(obj, dict):
        content = obj
    else:
        raise TypeError(f"{type(obj).__name__} is neither an API object nor an Unstructured")
    return gojson.dumps(content, sort_keys=sort_keys)


def _present_fields(message: Any) -> dict[str, Any]:
    """The JSON-shaped form of only the fields a message holds (Go's apply configurations omit unset ones)."""
    from kubernetes_py.apimachinery.runtime import _jsonconv

    out: dict[str, Any] = {}
    for f in _jsonconv._struct_for_class(type(message)).fields:
        holder = message
        for step in f.via:
            if not holder.HasField(step):
                holder = None
                break
            holder = getattr(holder, step)
        if holder is None:
            continue
        descriptor = holder.DESCRIPTOR.fields_by_name[f.proto]
        value = getattr(holder, f.proto)
        if descriptor.is_repeated:
            if not len(value):
                continue
        elif not holder.HasField(f.proto):
            continue
        out[f.json] = _present_value(f.type, value)
    return out


def _present_value(t: Any, value: Any) -> Any:
    from kubernetes_py.apimachinery.runtime import _jsonconv

    kind = t.kind
    if kind == "ptr":
        return _present_value(t.elem, value)
    if kind == "struct":
        return _present_fields(value)
    if kind == "special":
        return _jsonconv._special_encoder(t.name)(value)
    if kind == "bytes":
        return _jsonconv._enc_bytes(value)
    if kind == "wrap":
        return list(value.items)
    if kind == "list":
        return [_present_value(t.elem, x) for x in value]
    if kind == "map":  # Go's encoding/json writes map keys sorted
        return {k: _present_value(t.elem, value[k]) for k in sorted(value)}
    return value
