"""Go's path.Clean/path.Join and time.Duration.String as the REST client uses them (cases from Go's tests)."""

from __future__ import annotations

import pytest

from kubernetes_py._go import path as _gopath
from kubernetes_py._go import time as _gotime


@pytest.mark.parametrize(
    "path,cleaned",
    [
        ("", "."),
        ("abc", "abc"),
        ("abc/def", "abc/def"),
        ("a/b/c", "a/b/c"),
        (".", "."),
        ("..", ".."),
        ("../..", "../.."),
        ("../../abc", "../../abc"),
        ("/abc", "/abc"),
        ("/", "/"),
        ("abc/", "abc"),
        ("abc/def/", "abc/def"),
        ("/abc/", "/abc"),
        ("//abc", "/abc"),
        ("///abc", "/abc"),
        ("//abc//", "/abc"),
        ("abc//def//ghi", "abc/def/ghi"),
        ("abc/./def", "abc/def"),
        ("/./abc/def", "/abc/def"),
        ("abc/.", "abc"),
        ("abc/def/ghi/../jkl", "abc/def/jkl"),
        ("abc/def/../ghi/../jkl", "abc/jkl"),
        ("abc/def/..", "abc"),
        ("abc/def/../..", "."),
        ("/abc/def/../..", "/"),
        ("abc/def/../../..", ".."),
        ("/abc/def/../../..", "/"),
        ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"),
        ("/.abc", "/.abc"),
        ("/abc.", "/abc."),
    ],
)
def test_clean(path, cleaned):
    assert _gopath.clean(path) == cleaned


def test_join():
    assert _gopath.join() == ""
    assert _gopath.join("", "") == ""
    assert _gopath.join("a", "b") == "a/b"
    assert _gopath.join("a", "") == "a"
    assert _gopath.join("", "b") == "b"
    assert _gopath.join("/", "a") == "/a"
    assert _gopath.join("/", "") == "/"
    assert _gopath.join("a/", "b") == "a/b"
    assert _gopath.join("a/", "") == "a"


@pytest.mark.parametrize(
    "seconds,text",
    [
        (0, "0s"),
        (1e-9, "1ns"),
        (1.1e-6, "1.1\u00b5s"),
        (2.2e-3, "2.2ms"),
        (3.3, "3.3s"),
        (4 * 60 + 5, "4m5s"),
        (4 * 60 + 5.001, "4m5.001s"),
        (5 * 3600 + 6 * 60 + 7.001, "5h6m7.001s"),
        (8 * 60 + 1e-9, "8m0.000000001s"),
        (-1, "-1s"),
        (-0.25, "-250ms"),
    ],
)
def test_duration_string(seconds, text):
    assert _gotime.duration_string(seconds) == text
