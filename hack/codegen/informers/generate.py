"""The shared informer factory from +genclient tags: kubernetes_py/informers/ (the factory, with for_resource) and
kubernetes_py/informers/<group>/[<version>/] for every group version of the clientset with a listed and watched
type; every file they own (internalinterfaces and _factory are hand-written)."""

from __future__ import annotations

import pathlib

from .. import genfiles, gomod
from ..clientset import generate as clientset_generate, render as clientset_render
from . import render


def group_versions(api_dir: pathlib.Path) -> list[clientset_render.GroupVersion]:
    """The clientset's group versions (served ones) that have a type with list and watch."""
    return [
        gv for gv in clientset_generate.group_versions(api_dir) if any(render.has_informer(t) for t in gv.types.types)
    ]


def generate_outputs() -> dict[str, bytes]:
    """Every generated informer file by path relative to the repository root."""
    version = gomod.kube_version()
    gvs = group_versions(gomod.module_dir("k8s.io/api"))
    outputs = {f"{render.OUT_ROOT}/__init__.py": render.render_factory(gvs, version)}
    groups: dict[str, list[clientset_render.GroupVersion]] = {}
    for gv in gvs:
        groups.setdefault(gv.types.package_dir, []).append(gv)
        outputs[f"{render.OUT_ROOT}/{gv.package}/__init__.py"] = render.render_group_version(gv, version)
    for package_dir, members in groups.items():
        outputs[f"{render.OUT_ROOT}/{package_dir}/__init__.py"] = render.render_group(members, version)
    return {path: text.encode() for path, text in sorted(outputs.items())}


def stale_files(root: pathlib.Path, outputs: dict[str, bytes]) -> list[str]:
    """Informer files under root that carry the generated mark but are no longer produced."""
    return genfiles.stale_files(root, outputs, render.OUT_ROOT, render.GENERATED_MARK)


def write_outputs(root: pathlib.Path, outputs: dict[str, bytes]) -> None:
    """Write changed outputs under root and delete stale generated files."""
    genfiles.write_outputs(root, outputs, stale_files(root, outputs))
