"""util/homedir (client-go has no tests for it): $HOME on Unix, and the Windows search order."""

from __future__ import annotations

import os

from kubernetes_py.util import homedir


def test_home_is_the_environment_variable(monkeypatch):
    monkeypatch.setenv("HOME", "/home/someone")
    assert homedir.home_dir() == "/home/someone"
    monkeypatch.delenv("HOME")
    assert homedir.home_dir() == ""


def test_windows_search_order(monkeypatch, tmp_path):
    home, drive_path, profile = tmp_path / "home", tmp_path / "drive", tmp_path / "profile"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HOMEDRIVE", str(tmp_path))
    monkeypatch.setenv("HOMEPATH", os.sep + "drive")
    monkeypatch.setenv("USERPROFILE", str(profile))
    assert homedir._windows_home_dir() == str(home)  # nothing exists: the first one set
    profile.mkdir()
    assert homedir._windows_home_dir() == str(profile)  # the first writable directory, %USERPROFILE% before %HOMEDRIVE%
    (drive_path / ".kube").mkdir(parents=True)
    (drive_path / ".kube" / "config").write_text("")
    assert homedir._windows_home_dir() == str(drive_path)  # the first with a .kube/config
