"""Join the protoc descriptors with the Go type data, check that they agree, and add TypeMeta.

The Go structs are the source of truth for Kubernetes; the protos are generated from them. Every
message must have a Go struct of the same name in its go_package, and every protobuf-tagged Go
field must be a field of that message with the same number. A Go struct that embeds
metav1.TypeMeta without a protobuf tag gets two string fields on its message, apiVersion and kind
(kubernetes_py._schema._object explains why and which numbers).
"""

from __future__ import annotations

import dataclasses

from google.protobuf import descriptor_pb2

TYPE_META_GO = "k8s.io/apimachinery/pkg/apis/meta/v1.TypeMeta"
TYPE_META_FIELDS = (("apiVersion", 536870910), ("kind", 536870911))


@dataclasses.dataclass
class Package:
    """One proto file / Go package."""

    go_path: str
    proto_package: str
    file: descriptor_pb2.FileDescriptorProto
    messages: list[str]  # message (= Go type) names, sorted


def go_package(file: descriptor_pb2.FileDescriptorProto) -> str:
    path = file.options.go_package
    if not path:
        raise ValueError(f"{file.name} has no go_package option")
    return path


def _type_meta_inline(go_type: dict) -> bool:
    found = False
    for field in go_type.get("fields", ()):
        if field.get("inline") and "proto_number" not in field:
            if field["type"] != TYPE_META_GO:
                raise ValueError(f"inline field {field['name']} of type {field['type']} has no protobuf tag")
            found = True
    return found


def join(fds: descriptor_pb2.FileDescriptorSet, gotypes: dict) -> tuple[list[Package], dict]:
    """Check and augment fds in place; return the packages and the gotypes document to commit."""
    types = gotypes["types"]
    packages = []
    problems = []
    for file in fds.file:
        go_path = go_package(file)
        names = []
        for message in file.message_type:
            go_name = f"{go_path}.{message.name}"
            go_type = types.get(go_name)
            if (
                go_type is not None
                and go_type["kind"] == "slice"
                and [(f.name, f.label) for f in message.field]
                == [("items", descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED)]
            ):
                # A named slice (Verbs, ExtraValue...): protobuf wraps it in a message, JSON does not.
                go_type["proto"] = f"{file.package}.{message.name}"
                names.append(message.name)
                continue
            if go_type is None or go_type["kind"] != "struct":
                problems.append(f"message {file.package}.{message.name} has no Go struct {go_name}")
                continue
            go_type["proto"] = f"{file.package}.{message.name}"
            if go_type.get("marshal_json"):
                # Custom JSON and protobuf encodings (Time, Quantity, IntOrString...): no tag mapping to check.
                names.append(message.name)
                continue
            by_name = {f.name: f for f in message.field}
            by_number = {f.number: f for f in message.field}
            covered = set()
            for field in go_type.get("fields", ()):
                if "proto_number" not in field:
                    continue
                proto_field = by_number.get(field["proto_number"])
                if proto_field is None or field.setdefault("proto", proto_field.name) != proto_field.name:
                    problems.append(
                        f"{go_name}.{field['name']}: protobuf tag {field.get('proto')}={field['proto_number']}"
                        f" does not match message {message.name}"
                    )
                    continue
                covered.add(proto_field.name)
            missing = set(by_name) - covered
            if missing:
                problems.append(f"message {message.name} fields {sorted(missing)} have no tagged Go field")
            if _type_meta_inline(go_type):
                for name, number in TYPE_META_FIELDS:
                    if name in by_name:
                        problems.append(f"{message.name} already has a field {name}")
                    message.field.add(
                        name=name,
                        number=number,
                        json_name=name,
                        label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
                        type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                    )
            names.append(message.name)
        packages.append(Package(go_path=go_path, proto_package=file.package, file=file, messages=sorted(names)))
    if problems:
        raise ValueError("the protos and the Go types disagree:\n  " + "\n  ".join(problems))
    document = {
        "kube_version": None,  # filled by the caller
        "type_meta_fields": dict(TYPE_META_FIELDS),
        "types": types,
        "constants": gotypes["constants"],
        "functions": gotypes["functions"],
        "aliases": gotypes["aliases"],
        "package_kinds": gotypes["package_kinds"],
        "add_to_group_version_kinds": gotypes["add_to_group_version_kinds"],
        "scheme_kinds": gotypes["scheme_kinds"],
    }
    return sorted(packages, key=lambda p: p.go_path), document
