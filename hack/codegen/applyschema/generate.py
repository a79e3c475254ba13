"""kubernetes_py/applyconfigurations/internal/schema.json from client-go's applyconfigurations/internal/internal.go.

client-go embeds the structured-merge-diff schema of every type it has apply configurations for as one YAML
string (``schemaYAML``), which ``applyconfigurations.NewTypeConverter`` parses. The generator takes that string
from the pinned client-go module, decodes it as go-yaml does, checks that the project's structured-merge-diff
port accepts every construct in it (an unknown one fails here, not at run time), and writes it as JSON, one
type per line.
"""

from __future__ import annotations

import json
import pathlib
import sys

from .. import gomod

OUT = "kubernetes_py/applyconfigurations/internal/schema.json"
SOURCE = "applyconfigurations/internal/internal.go"
_START = "var schemaYAML = typed.YAMLObject(`"


def extract_schema_yaml(internal_go: str) -> str:
    """The text of the schemaYAML raw string literal."""
    start = internal_go.index(_START) + len(_START)
    end = internal_go.index("`", start)
    return internal_go[start:end]


def render(doc: dict, version: str) -> str:
    lines = [
        "{",
        f'"kube_version": {json.dumps(version)},',
        f'"source": {json.dumps(f"k8s.io/client-go@{gomod.staging_version()}/{SOURCE}")},',
        '"types": [',
    ]
    types = doc["types"]
    for i, t in enumerate(types):
        comma = "," if i < len(types) - 1 else ""
        lines.append("  " + json.dumps(t, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + comma)
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate_outputs() -> dict[str, bytes]:
    sys.path.insert(0, str(gomod.REPO))
    try:
        from kubernetes_py._smd.schema import schema_from_document
        from kubernetes_py._goyaml import yaml_to_json
    finally:
        sys.path.remove(str(gomod.REPO))
    client_go = gomod.module_dir("k8s.io/client-go")
    doc = yaml_to_json(extract_schema_yaml((client_go / SOURCE).read_text(encoding="utf-8")))
    schema_from_document(doc)
    return {OUT: render(doc, gomod.kube_version()).encode("utf-8")}


def write_outputs(root: pathlib.Path, outputs: dict[str, bytes]) -> None:
    for rel, data in outputs.items():
        path = root / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
