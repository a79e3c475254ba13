"""The typed listers from +genclient tags: kubernetes_py/listers/<group>/<version>/ for every k8s.io/api group
version with a type lister-gen generates for; every file they own."""

from __future__ import annotations

import pathlib

from .. import genfiles, gomod
from ..clientset import render as clientset_render, tags
from . import render


def group_versions(api_dir: pathlib.Path) -> list[clientset_render.GroupVersion]:
    """Every group version with a listed type. Unlike the clientset, lister-gen runs over the group versions no
    server serves too (client-go has listers/imagepolicy/v1alpha1)."""
    out = []
    for gv in tags.parse_api_module(api_dir):
        if any(render.has_lister(t) for t in gv.types):
            out.append(clientset_render.GroupVersion(gv))
    return out


def generate_outputs(repo: pathlib.Path = gomod.REPO) -> dict[str, bytes]:
    """Every generated lister file by path relative to the repository root (expansions are read from repo)."""
    version = gomod.kube_version()
    gvs = group_versions(gomod.module_dir("k8s.io/api"))
    outputs: dict[str, str] = {}
    for gv in gvs:
        outputs[f"{render.OUT_ROOT}/{gv.types.package_dir}/__init__.py"] = render.render_package_marker(
            version, f"k8s.io/client-go/listers/{gv.types.package_dir}"
        )
        outputs[render.module_path(gv)] = render.render_group_version(gv, version, repo)
    return {path: text.encode() for path, text in sorted(outputs.items())}


def stale_files(root: pathlib.Path, outputs: dict[str, bytes]) -> list[str]:
    """Lister files under root that carry the generated mark but are no longer produced."""
    return genfiles.stale_files(root, outputs, render.OUT_ROOT, render.GENERATED_MARK)


def write_outputs(root: pathlib.Path, outputs: dict[str, bytes]) -> None:
    """Write changed outputs under root and delete stale generated files."""
    genfiles.write_outputs(root, outputs, stale_files(root, outputs))
