"""The committed schema data and generated modules are what `bash hack/generate.sh` produces now."""

import importlib.util
import shutil
import sys

from tests.conftest import REPO, _unavailable


def test_generated_output_is_fresh(tmp_path):
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so the generator cannot run")
    if importlib.util.find_spec("grpc_tools") is None:
        _unavailable("grpcio-tools (protoc) is not installed: pip install -e .[dev]")
    sys.path.insert(0, str(REPO / "hack"))
    try:
        from codegen import generate
    finally:
        sys.path.remove(str(REPO / "hack"))
    outputs = generate.generate_outputs()
    generate.write_outputs(tmp_path, outputs)
    differing = [
        rel
        for rel in outputs
        if not (REPO / rel).is_file() or (REPO / rel).read_bytes() != (tmp_path / rel).read_bytes()
    ]
    leftover = generate.stale_files(REPO, outputs)
    assert not differing and not leftover, (
        f"generated files are stale (differing: {differing[:10]}, no longer generated: {leftover[:10]}); "
        "run `bash hack/generate.sh` and commit the result"
    )
    assert len(outputs) > 150


def test_generated_clientset_is_fresh(tmp_path):
    """The typed clientset (hack/codegen/clientset) is what the generator produces now."""
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so the generator cannot run")
    sys.path.insert(0, str(REPO / "hack"))
    try:
        from codegen.clientset import generate as clientset_generate
    finally:
        sys.path.remove(str(REPO / "hack"))
    outputs = clientset_generate.generate_outputs(REPO)
    clientset_generate.write_outputs(tmp_path, outputs)
    differing = [
        rel
        for rel in outputs
        if not (REPO / rel).is_file() or (REPO / rel).read_bytes() != (tmp_path / rel).read_bytes()
    ]
    leftover = clientset_generate.stale_files(REPO, outputs)
    assert not differing and not leftover, (
        f"generated clientset files are stale (differing: {differing[:10]}, no longer generated: {leftover[:10]}); "
        "run `bash hack/generate.sh` and commit the result"
    )
    assert len(outputs) > 50
    # The apiextensions clientset comes from the same generator.
    assert (
        "kubernetes_py/apiextensions_apiserver/client/clientset/clientset/typed/apiextensions/v1/__init__.py" in outputs
    )


def test_generated_listers_and_informers_are_fresh(tmp_path):
    """kubernetes_py/listers and kubernetes_py/informers (hack/codegen/listers, hack/codegen/informers) are what
    the generators produce now, and cover what client-go has: 150 listers, 147 informers."""
    if shutil.which("go") is None:
        _unavailable("the Go toolchain is not installed, so the generator cannot run")
    sys.path.insert(0, str(REPO / "hack"))
    try:
        from codegen.informers import generate as informers_generate
        from codegen.listers import generate as listers_generate
    finally:
        sys.path.remove(str(REPO / "hack"))
    for generator in (listers_generate, informers_generate):
        outputs = generator.generate_outputs()
        generator.write_outputs(tmp_path, outputs)
        differing = [
            rel
            for rel in outputs
            if not (REPO / rel).is_file() or (REPO / rel).read_bytes() != (tmp_path / rel).read_bytes()
        ]
        leftover = generator.stale_files(REPO, outputs)
        assert not differing and not leftover, (
            f"generated files are stale (differing: {differing[:10]}, no longer generated: {leftover[:10]}); "
            "run `bash hack/generate.sh` and commit the result"
        )
    listers_text = "".join((tmp_path / rel).read_text() for rel in listers_generate.generate_outputs())
    assert listers_text.count("\ndef new_") == 150
    factory = (tmp_path / "kubernetes_py/informers/__init__.py").read_text()
    assert factory.count("lambda f: f.") == 147
