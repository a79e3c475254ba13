"""kubernetes_py/applyconfigurations/internal/schema.json is what hack/codegen/applyschema makes now from the
pinned client-go (the structured-merge-diff schema of client-go's applyconfigurations/internal/internal.go)."""

import shutil
import sys

from tests.conftest import REPO, _unavailable


def test_apply_schema_is_fresh(tmp_path):
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so the generator cannot run")
    sys.path.insert(0, str(REPO / "hack"))
    try:
        from codegen.applyschema import generate
    finally:
        sys.path.remove(str(REPO / "hack"))
    outputs = generate.generate_outputs()
    assert list(outputs) == ["kubernetes_py/applyconfigurations/internal/schema.json"]
    generate.write_outputs(tmp_path, outputs)
    for rel in outputs:
        assert (REPO / rel).read_bytes() == (tmp_path / rel).read_bytes(), (
            f"{rel} is stale: run `bash hack/generate.sh` and commit the result"
        )


def test_the_schema_yaml_is_taken_whole():
    sys.path.insert(0, str(REPO / "hack"))
    try:
        from codegen.applyschema import generate
    finally:
        sys.path.remove(str(REPO / "hack"))
    go = "package internal\nvar schemaYAML = typed.YAMLObject(`types:\n- name: a\n  scalar: string\n`)\n"
    assert generate.extract_schema_yaml(go) == "types:\n- name: a\n  scalar: string\n"
