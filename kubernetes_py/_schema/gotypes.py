"""The Go side of the schema: how each API type looks in Go (and therefore in JSON).

``load()`` reads gotypes.json (written by ``bash hack/generate.sh`` from hack/oracle/cmd/gotypes,
which inspects the real Go packages of the pinned release) once and returns a ``GoTypes``.

Format of gotypes.json (a JSON object; every list and key is sorted, so regeneration is stable):

``kube_version``
    The release, e.g. "1.37.1".
``type_meta_fields``
    ``{"apiVersion": 536870910, "kind": 536870911}``: the field numbers of the two string fields the
    generator adds to every message whose Go struct embeds metav1.TypeMeta (see _object.py).
``types``
    Every named Go type that an API package declares or that an API struct mentions, keyed by
    "<import path>.<Name>" (``k8s.io/api/core/v1.Pod``, ``k8s.io/apimachinery/pkg/types.UID``,
    ``time.Time``). Each value has:

    * ``kind``: the Go kind of the type's underlying type: ``struct``, ``string``, ``int32``, ``int64``,
      ``int``, ``bool``, ``float64``, ``slice``, ``bytes`` (``[]byte``), ``map``, ``pointer``, ``interface``...
    * ``underlying``: for non-struct types, the underlying Go type expression (see below), e.g.
      ``PodPhase`` -> ``"string"``, ``ResourceList`` ->
      ``"map[k8s.io/api/core/v1.ResourceName]k8s.io/apimachinery/pkg/api/resource.Quantity"``.
    * ``fields``: for structs, the exported fields in declaration order (see below).
    * ``marshal_json``: ``"value"`` or ``"pointer"`` when the type (or its pointer) has its own
      MarshalJSON (metav1.Time, MicroTime, Duration, FieldsV1, resource.Quantity, intstr.IntOrString,
      runtime.RawExtension / Unknown, apiextensions JSON and JSONSchemaPropsOr*...); absent otherwise.
      ``unmarshal_json``: true when ``*T`` has UnmarshalJSON. Such types have their own JSON form and
      their own protobuf shape (Time is {seconds, nanos}; Quantity is {string}; IntOrString is
      {type, intVal, strVal}); their ``fields`` describe the Go struct only.
    * ``proto``: the full name of the protobuf message for this type, when there is one. A named
      slice with a message (meta/v1 Verbs, authentication ExtraValue...) is a wrapper message with a
      single repeated ``items`` field in protobuf, but a plain JSON array.

    A field has:

    * ``name``: the Go field name; ``json``: its JSON member name (``""`` for an inlined embedded
      struct); ``json_options``: the tag options after the name (``["omitempty"]``, ``["omitzero"]``...).
    * ``embedded``: an anonymous (embedded) field; ``inline``: embedded with no JSON name, so its
      JSON members appear in the outer object (``TypeMeta``, core/v1 ``Volume.VolumeSource``...).
    * ``type``: the Go type expression; ``kind``: the Go kind of that type (``pointer`` for ``*T``).
    * ``proto`` / ``proto_number`` / ``proto_wire``: the protobuf field (name in the message, number,
      wire type) from the ``protobuf`` struct tag; absent when the field is not in the protobuf body.
      An inlined field can still be a protobuf field (``Volume.VolumeSource`` is the nested message
      ``volumeSource``, although its members are flattened into the JSON). The inlined TypeMeta has
      no protobuf tag: its members apiVersion/kind are the outer message's added fields.
    * ``patch_strategy`` / ``patch_merge_key``: the ``patchStrategy`` and ``patchMergeKey`` struct tags that
      strategic merge patch reads (``"merge"``, ``"replace"``, ``"retainKeys"``, ``"merge,retainKeys"``; a
      merge key such as ``"name"``); absent when the field has none.

    Go type expressions use Go syntax with full import paths: ``string``, ``*int32``, ``[]string``,
    ``[]byte``, ``map[string]string``, ``*k8s.io/apimachinery/pkg/apis/meta/v1.Time``,
    ``[]k8s.io/api/core/v1.Container``. ``parse_type`` turns one into a ``TypeExpr``.
``constants``
    ``{import path: {Name: {"type": go type expression, "value": string | int | bool}}}``: the exported
    string, integer and boolean constants of each API package.
``package_kinds``
    ``{import path: [kind...]}``: what the package's AddToScheme (meta/v1: AddMetaToScheme) registers
    in a fresh scheme, including what metav1.AddToGroupVersion adds. A kind is ``{"group", "version",
    "kind", "type"}`` plus ``"unversioned": true`` for unversioned kinds (Status, APIVersions...).
    Version ``__internal`` entries name Go-only types (metav1.InternalEvent) that have no message.
``add_to_group_version_kinds``
    What metav1.AddToGroupVersion registers for the group version
    ``placeholder.kubernetes-py.invalid/v0`` (the placeholder stands for any group version).
``scheme_kinds``
    Every kind of client-go's kubernetes/scheme.Scheme plus apiextensions v1 and v1beta1.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
import threading
from typing import Any, Optional, Union

GOTYPES_PATH = pathlib.Path(__file__).with_name("gotypes.json")


@dataclasses.dataclass(frozen=True)
class TypeExpr:
    """A parsed Go type expression: ``op`` is "named" (or a basic type name such as "string"),
    "pointer", "slice" or "map"; ``name`` is set for named and basic types."""

    op: str
    name: str = ""
    elem: Optional["TypeExpr"] = None
    key: Optional["TypeExpr"] = None

    def __str__(self) -> str:
        if self.op == "pointer":
            return f"*{self.elem}"
        if self.op == "slice":
            return f"[]{self.elem}"
        if self.op == "map":
            return f"map[{self.key}]{self.elem}"
        return self.name


def parse_type(expr: str) -> TypeExpr:
    """Parse a Go type expression of gotypes.json."""
    if expr.startswith("*"):
        return TypeExpr("pointer", elem=parse_type(expr[1:]))
    if expr.startswith("[]"):
        return TypeExpr("slice", elem=parse_type(expr[2:]))
    if expr.startswith("map["):
        depth = 0
        for i, char in enumerate(expr):
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    return TypeExpr("map", key=parse_type(expr[4:i]), elem=parse_type(expr[i + 1 :]))
        raise ValueError(f"unbalanced map type expression {expr!r}")
    if not expr or any(c in expr for c in "[]* "):
        raise ValueError(f"unsupported Go type expression {expr!r}")
    return TypeExpr("named" if "." in expr else "basic", name=expr)


@dataclasses.dataclass(frozen=True)
class GoField:
    name: str
    json: str
    type: str
    kind: str
    json_options: tuple[str, ...] = ()
    embedded: bool = False
    inline: bool = False
    proto: str = ""
    proto_number: int = 0
    proto_wire: str = ""
    patch_strategy: str = ""
    patch_merge_key: str = ""

    @property
    def omitempty(self) -> bool:
        return "omitempty" in self.json_options

    @property
    def omitzero(self) -> bool:
        return "omitzero" in self.json_options

    @property
    def skipped(self) -> bool:
        """``json:"-"``: not part of the JSON form."""
        return self.json == "-" and not self.json_options

    def parsed_type(self) -> TypeExpr:
        return parse_type(self.type)


@dataclasses.dataclass(frozen=True)
class GoType:
    name: str
    kind: str
    fields: tuple[GoField, ...] = ()
    underlying: str = ""
    marshal_json: str = ""
    unmarshal_json: bool = False
    proto: str = ""

    @property
    def custom_json(self) -> bool:
        return bool(self.marshal_json)


@dataclasses.dataclass(frozen=True)
class Kind:
    group: str
    version: str
    kind: str
    type: str
    unversioned: bool = False


@dataclasses.dataclass(frozen=True)
class GoTypes:
    kube_version: str
    type_meta_fields: dict[str, int]
    types: dict[str, GoType]
    constants: dict[str, dict[str, dict[str, Union[str, int, bool]]]]
    package_kinds: dict[str, tuple[Kind, ...]]
    add_to_group_version_kinds: tuple[Kind, ...]
    scheme_kinds: tuple[Kind, ...]
    by_proto: dict[str, GoType]

    def for_message(self, full_name: str) -> GoType:
        """The Go type of a message ("k8s.io.api.core.v1.Pod")."""
        try:
            return self.by_proto[full_name]
        except KeyError:
            raise KeyError(f"no Go type for the message {full_name!r}") from None


def _field(raw: dict[Any, Any]) -> GoField:
    return GoField(
        name=raw["name"],
        json=raw["json"],
        type=raw["type"],
        kind=raw["kind"],
        json_options=tuple(raw.get("json_options", ())),
        embedded=raw.get("embedded", False),
        inline=raw.get("inline", False),
        proto=raw.get("proto", ""),
        proto_number=raw.get("proto_number", 0),
        proto_wire=raw.get("proto_wire", ""),
        patch_strategy=raw.get("patch_strategy", ""),
        patch_merge_key=raw.get("patch_merge_key", ""),
    )


def _kinds(raw: list[Any]) -> tuple[Kind, ...]:
    return tuple(Kind(k["group"], k["version"], k["kind"], k["type"], k.get("unversioned", False)) for k in raw)


def parse(document: dict[Any, Any]) -> GoTypes:
    """Build GoTypes from the decoded gotypes.json document."""
    types = {
        name: GoType(
            name=name,
            kind=raw["kind"],
            fields=tuple(_field(f) for f in raw.get("fields", ())),
            underlying=raw.get("underlying", ""),
            marshal_json=raw.get("marshal_json", ""),
            unmarshal_json=raw.get("unmarshal_json", False),
            proto=raw.get("proto", ""),
        )
        for name, raw in document["types"].items()
    }
    return GoTypes(
        kube_version=document["kube_version"],
        type_meta_fields=dict(document["type_meta_fields"]),
        types=types,
        constants=document["constants"],
        package_kinds={path: _kinds(kinds) for path, kinds in document["package_kinds"].items()},
        add_to_group_version_kinds=_kinds(document["add_to_group_version_kinds"]),
        scheme_kinds=_kinds(document["scheme_kinds"]),
        by_proto={t.proto: t for t in types.values() if t.proto},
    )


_lock = threading.Lock()
_loaded: Optional[GoTypes] = None


def load() -> GoTypes:
    """The committed gotypes.json, parsed once (thread-safe)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = parse(json.loads(GOTYPES_PATH.read_text(encoding="utf-8")))
        return _loaded
