"""Compile the release's generated.proto files into one FileDescriptorSet with protoc (grpcio-tools)."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

from . import gomod

# Directories of k8s.io/apimachinery whose protos are part of the API (its test group is not).
APIMACHINERY_PACKAGES = (
    "pkg/api/resource",
    "pkg/apis/meta/v1",
    "pkg/apis/meta/v1beta1",
    "pkg/runtime",
    "pkg/runtime/schema",
    "pkg/util/intstr",
)
APIEXTENSIONS_PACKAGES = ("pkg/apis/apiextensions/v1", "pkg/apis/apiextensions/v1beta1")


def proto_import_paths(dirs: dict[str, pathlib.Path]) -> list[str]:
    """Every generated.proto to compile, by its import path ("k8s.io/api/core/v1/generated.proto"), sorted."""
    paths = []
    for proto in dirs["k8s.io/api"].rglob("generated.proto"):
        paths.append("k8s.io/api/" + proto.relative_to(dirs["k8s.io/api"]).as_posix())
    for package in APIMACHINERY_PACKAGES:
        paths.append(f"k8s.io/apimachinery/{package}/generated.proto")
    for package in APIEXTENSIONS_PACKAGES:
        paths.append(f"k8s.io/apiextensions-apiserver/{package}/generated.proto")
    for path in paths:
        module = next(m for m in gomod.MODULES if path.startswith(m + "/"))
        if not (dirs[module] / path[len(module) + 1 :]).is_file():
            raise RuntimeError(f"{path} is missing from the module cache ({dirs[module]})")
    return sorted(paths)


def build_descriptor_set(dirs: dict[str, pathlib.Path]) -> descriptor_pb2.FileDescriptorSet:
    """Run protoc over every API proto, with an include root that maps module dirs to their import paths."""
    with tempfile.TemporaryDirectory(prefix="kubernetes_py-protos-") as tmp:
        root = pathlib.Path(tmp) / "include"
        (root / "k8s.io").mkdir(parents=True)
        for module, directory in dirs.items():
            (root / module).symlink_to(directory, target_is_directory=True)
        out = pathlib.Path(tmp) / "descriptors.binpb"
        cmd = [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{root}",
            "--include_imports",
            f"--descriptor_set_out={out}",
            *proto_import_paths(dirs),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"protoc failed:\n{proc.stderr}{proc.stdout}")
        fds = descriptor_pb2.FileDescriptorSet()
        fds.ParseFromString(out.read_bytes())
    return fds
