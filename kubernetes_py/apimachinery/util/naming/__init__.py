"""Port of k8s.io/apimachinery/pkg/util/naming: name a thing after the line of code that created it."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Optional

__all__ = ["get_name_from_callsite"]

_MAX_STACK = 10


def get_name_from_callsite(*ignored_packages: str) -> str:
    """``"dir/file.py:LINE"`` of the closest caller whose file path contains none of ``ignored_packages``
    ("????" when none is found within ten frames), as Go's naming.GetNameFromCallsite."""
    frame: Optional[FrameType] = sys._getframe(1)
    for _ in range(1, _MAX_STACK):
        if frame is None:
            break
        filename = frame.f_code.co_filename.replace("\\", "/")
        if not any(p in filename for p in ignored_packages):
            return f"{_trim_package_prefix(filename)}:{frame.f_lineno}"
        frame = frame.f_back
    return "????"


def _trim_package_prefix(filename: str) -> str:
    """The path from the package root: from "kubernetes_py/" or a site-packages entry, else the last two parts."""
    for marker in ("/site-packages/", "/dist-packages/"):
        i = filename.rfind(marker)
        if i >= 0:
            return filename[i + len(marker) :]
    i = filename.rfind("/kubernetes_py/")
    if i >= 0:
        return filename[i + 1 :]
    return "/".join(filename.split("/")[-2:])
