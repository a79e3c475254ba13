"""Port of k8s.io/client-go/util/homedir: the user's home directory, as kubeconfig loading looks for it."""

from __future__ import annotations

import os
import stat
import sys

__all__ = ["home_dir"]


def home_dir() -> str:
    """$HOME; on Windows the first of %HOME%, %HOMEDRIVE%%HOMEPATH% and %USERPROFILE% holding .kube/config, else
    the first of %HOME%, %USERPROFILE%, %HOMEDRIVE%%HOMEPATH% that is a writable directory, exists, or is set."""
    if sys.platform != "win32":
        return os.environ.get("HOME", "")
    return _windows_home_dir()


def _windows_home_dir() -> str:
    home = os.environ.get("HOME", "")
    home_drive, home_path = os.environ.get("HOMEDRIVE", ""), os.environ.get("HOMEPATH", "")
    home_drive_home_path = home_drive + home_path if home_drive and home_path else ""
    user_profile = os.environ.get("USERPROFILE", "")
    for p in (home, home_drive_home_path, user_profile):
        if p and os.path.exists(os.path.join(p, ".kube", "config")):
            return p
    first_set = first_existing = ""
    for p in (home, user_profile, home_drive_home_path):
        if not p:
            continue
        first_set = first_set or p
        try:
            st = os.stat(p)
        except OSError:
            continue
        first_existing = first_existing or p
        if stat.S_ISDIR(st.st_mode) and st.st_mode & 0o200:
            return p
    return first_existing or first_set
