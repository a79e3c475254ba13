"""Port of k8s.io/apimachinery/pkg/version: the server's version Info and Kubernetes-aware version ordering."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from kubernetes_py._go.json import go_json_kind

__all__ = ["Info", "compare_kube_aware_version_strings"]

# (Python attribute, JSON name, omitempty)
_INFO_FIELDS = (
    ("major", "major", False),
    ("minor", "minor", False),
    ("emulation_major", "emulationMajor", True),
    ("emulation_minor", "emulationMinor", True),
    ("min_compatibility_major", "minCompatibilityMajor", True),
    ("min_compatibility_minor", "minCompatibilityMinor", True),
    ("git_version", "gitVersion", False),
    ("git_commit", "gitCommit", False),
    ("git_tree_state", "gitTreeState", False),
    ("build_date", "buildDate", False),
    ("go_version", "goVersion", False),
    ("compiler", "compiler", False),
    ("platform", "platform", False),
)


@dataclasses.dataclass
class Info:
    """What ``GET /version`` answers; ``str(info)`` is the git version, as Go's String()."""

    major: str = ""
    minor: str = ""
    emulation_major: str = ""
    emulation_minor: str = ""
    min_compatibility_major: str = ""
    min_compatibility_minor: str = ""
    git_version: str = ""
    git_commit: str = ""
    git_tree_state: str = ""
    build_date: str = ""
    go_version: str = ""
    compiler: str = ""
    platform: str = ""

    def __str__(self) -> str:
        return self.git_version

    def to_json_dict(self) -> dict[str, str]:
        """The JSON object Go's encoding/json writes for Info (omitempty fields left out when empty)."""
        out = {}
        for attr, key, omitempty in _INFO_FIELDS:
            value = getattr(self, attr)
            if omitempty and not value:
                continue
            out[key] = value
        return out

    @classmethod
    def from_json_dict(cls, data: Any) -> "Info":
        """Read the JSON object of ``/version``; unknown keys are ignored, wrong types raise ValueError."""
        if not isinstance(data, dict):
            raise ValueError(f"json: cannot unmarshal {go_json_kind(data)} into Go value of type version.Info")
        kwargs = {}
        for attr, key, _ in _INFO_FIELDS:
            if key not in data or data[key] is None:
                continue
            value = data[key]
            if not isinstance(value, str):
                raise ValueError(
                    f"json: cannot unmarshal {go_json_kind(value)} into Go struct field Info.{key} of type string"
                )
            kwargs[attr] = value
        return cls(**kwargs)


_KUBE_VERSION = re.compile(r"^v(\d+)(?:(alpha|beta)(\d+))?$")
_ALPHA, _BETA, _GA = 0, 1, 2


def _parse_kube_version(v: str) -> tuple[int, int, int, bool]:
    m = _KUBE_VERSION.match(v)
    if m is None:
        return 0, 0, 0, False
    vtype = {"alpha": _ALPHA, "beta": _BETA, None: _GA}[m.group(2)]
    minor = int(m.group(3)) if vtype != _GA else 0
    return int(m.group(1)), vtype, minor, True


def compare_kube_aware_version_strings(v1: str, v2: str) -> int:
    """Order API versions as Kubernetes does: GA > beta > alpha, then by numbers; non-Kubernetes
    versions sort below Kubernetes ones and among themselves in reverse lexical order. >0 means v1 is greater."""
    if v1 == v2:
        return 0
    major1, type1, minor1, ok1 = _parse_kube_version(v1)
    major2, type2, minor2, ok2 = _parse_kube_version(v2)
    if not ok1 and not ok2:
        return (v2 > v1) - (v2 < v1)
    if not ok1:
        return -1
    if not ok2:
        return 1
    if type1 != type2:
        return type1 - type2
    if major1 != major2:
        return major1 - major2
    return minor1 - minor2
