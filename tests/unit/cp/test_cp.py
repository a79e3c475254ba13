"""examples/cp's path handling and unpacking (kubectl cp's cp.go and filespec.go, their test cases), and hostile tar
streams: nothing is ever written outside the target directory."""

from __future__ import annotations

import importlib.util
import io
import os
import stat
import sys
import tarfile

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("examples_cp", REPO / "examples" / "cp" / "main.py")
cp = importlib.util.module_from_spec(_spec)
sys.modules["examples_cp"] = cp
_spec.loader.exec_module(cp)


@pytest.mark.parametrize(
    "arg,expected",
    [
        ("pod:/some/file", cp.FileSpec(pod_name="pod", file="/some/file")),
        ("ns/pod:/some/file", cp.FileSpec(pod_namespace="ns", pod_name="pod", file="/some/file")),
        ("/some/file", cp.FileSpec(file="/some/file")),
        ("some/dir/", cp.FileSpec(file="some/dir")),
        ("pod:", cp.FileSpec(pod_name="pod", file="")),
        ("pod:c:\\dir\\f", cp.FileSpec(pod_name="pod", file="c:/dir/f")),
    ],
)
def test_extract_file_spec(arg, expected):
    assert cp.extract_file_spec(arg) == expected


@pytest.mark.parametrize("arg", [":/some/file", "a/b/pod:/some/file"])
def test_bad_file_specs(arg):
    with pytest.raises(
        ValueError, match=r"^filespec must match the canonical format: \[\[namespace/\]pod:\]file/path$"
    ):
        cp.extract_file_spec(arg)


@pytest.mark.parametrize(
    "path,expected",
    [
        ("", ""),
        ("/foo", "foo"),
        ("../foo", "foo"),
        ("../../foo", "foo"),
        ("./foo", "./foo"),
        ("..", ""),
        (".", ""),
        ("../..", ""),
        ("/../..", "../.."),
        ("..\\foo", "foo"),
        ("foo/../bar", "foo/../bar"),
    ],
)
def test_strip_path_shortcuts(path, expected):  # kubectl's TestStripPathShortcuts
    assert cp.strip_path_shortcuts(path) == expected


@pytest.mark.parametrize(
    "base,target,expected",
    [
        ("/dir", "/dir/file", True),
        ("/dir", "/dir", True),
        ("/dir", "/dir2/file", False),
        ("/dir", "/dir/../x", False),
        ("/dir", "/x", False),
        ("dir", "dir/sub/f", True),
        ("dir", "/dir/f", False),
        ("/dir/", "/dir/f/", True),
    ],
)
def test_is_relative(base, target, expected):  # kubectl's TestIsDestRelative
    assert cp.is_relative(base, target) is expected


def test_run_checks_specs():
    c = cp.Copier.__new__(cp.Copier)
    with pytest.raises(ValueError, match="^one of src or dest must be a local file specification$"):
        c.run("a:/x", "b:/y")
    with pytest.raises(ValueError, match="^filepath can not be empty$"):
        c.run("a:", "/y")
    with pytest.raises(ValueError, match="^one of src or dest must be a remote file specification$"):
        c.run("/x", "/y")


def tar_of(*entries) -> io.BytesIO:
    """A tar stream of (name, kind, payload) entries: kind "file", "dir", "symlink" (payload: target), "hardlink",
    "fifo"."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, kind, payload in entries:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(payload)
                info.mode = 0o6777  # setuid, setgid, sticky, world-writable: none of it may arrive
                t.addfile(info, io.BytesIO(payload))
                continue
            info.type = {
                "dir": tarfile.DIRTYPE,
                "symlink": tarfile.SYMTYPE,
                "hardlink": tarfile.LNKTYPE,
                "fifo": tarfile.FIFOTYPE,
            }[kind]
            if kind in ("symlink", "hardlink"):
                info.linkname = payload
            t.addfile(info)
    buf.seek(0)
    return buf


def tree(root) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            out[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = b""
        for f in filenames:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = b"<link>" if os.path.islink(p) else open(p, "rb").read()
    return out


def test_untar_all_unpacks_under_the_prefix(tmp_path):
    dest = tmp_path / "dest"
    err = io.BytesIO()
    cp.untar_all(
        "tmp/src",
        str(dest),
        tar_of(
            ("tmp/src/", "dir", None),
            ("tmp/src/a.txt", "file", b"a"),
            ("tmp/src/sub/", "dir", None),
            ("tmp/src/sub/b", "file", b"b"),
            ("tmp/src/empty/", "dir", None),
        ),
        err,
    )
    assert tree(dest) == {"a.txt": b"a", "sub/": b"", "sub/b": b"b", "empty/": b""}
    assert err.getvalue() == b""
    mode = stat.S_IMODE(os.stat(dest / "a.txt").st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask  # never the entry's setuid or world-writable mode


def test_entries_outside_the_prefix_are_a_corrupted_stream(tmp_path):
    for name in ("../evil", "/etc/evil", "other/file"):
        with pytest.raises(ValueError, match="^tar contents corrupted$"):
            cp.untar_all("tmp/src", str(tmp_path / "dest"), tar_of((name, "file", b"x")), io.BytesIO())
    assert not (tmp_path / "evil").exists() and not (tmp_path / "dest").exists()


def test_dot_dot_and_absolute_names_never_leave_the_destination(tmp_path):
    dest = tmp_path / "a" / "dest"
    err = io.BytesIO()
    cp.untar_all(
        "src",
        str(dest),
        tar_of(
            ("src/../../escaped", "file", b"x"), ("src/ok", "file", b"ok"), ("src/sub/../../../escaped2", "file", b"x")
        ),
        err,
    )
    assert tree(tmp_path) == {"a/": b"", "a/dest/": b"", "a/dest/ok": b"ok"}
    assert err.getvalue().decode().splitlines() == [
        f'warning: file "{tmp_path}/escaped" is outside target destination, skipping',
        f'warning: file "{tmp_path}/escaped2" is outside target destination, skipping',
    ]
    # With an empty prefix (copying "/"), an absolute name lands inside the destination.
    cp.untar_all(
        "",
        str(dest),
        tar_of(
            ("/etc/passwd", "file", b"root"),
        ),
        io.BytesIO(),
    )
    assert (dest / "etc" / "passwd").read_bytes() == b"root"


def test_symlinks_are_skipped_and_cannot_be_followed(tmp_path):
    dest = tmp_path / "dest"
    outside = tmp_path / "outside"
    outside.mkdir()
    err = io.BytesIO()
    cp.untar_all(
        "src",
        str(dest),
        tar_of(
            ("src/link", "symlink", str(outside)),
            ("src/link/evil", "file", b"x"),
            ("src/up", "symlink", "../.."),
            ("src/f", "file", b"f"),
        ),
        err,
    )
    assert tree(tmp_path) == {"dest/": b"", "dest/link/": b"", "dest/link/evil": b"x", "dest/f": b"f", "outside/": b""}
    assert err.getvalue().decode().splitlines() == [
        f'warning: skipping symlink: "{dest}/link" -> "{outside}"',
        f'warning: skipping symlink: "{dest}/up" -> "../.."',
    ]


def test_a_symlink_already_in_the_destination_is_not_followed(tmp_path):
    dest = tmp_path / "dest"
    outside = tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    os.symlink(outside, dest / "sneaky")
    os.symlink(outside / "target", dest / "file-link")
    err = io.BytesIO()
    cp.untar_all(
        "src",
        str(dest),
        tar_of(
            ("src/sneaky/evil", "file", b"x"),
        ),
        err,
    )
    assert list(outside.iterdir()) == []
    assert err.getvalue().decode() == f'warning: file "{dest}/sneaky/evil" is outside target destination, skipping\n'
    with pytest.raises(OSError):  # a final symbolic link is not opened through
        cp.untar_all(
            "src",
            str(dest),
            tar_of(
                ("src/file-link", "file", b"x"),
            ),
            io.BytesIO(),
        )
    assert list(outside.iterdir()) == []


def test_hard_links_and_fifos_are_skipped(tmp_path):
    dest = tmp_path / "dest"
    err = io.BytesIO()
    cp.untar_all("src", str(dest), tar_of(("src/h", "hardlink", "/etc/passwd"), ("src/p", "fifo", None)), err)
    assert tree(tmp_path) == {"dest/": b""}
    assert err.getvalue().decode().splitlines() == [
        f'warning: skipping hard link to "/etc/passwd": "{dest}/h"',
        f'warning: skipping fifo: "{dest}/p"',
    ]


def test_make_tar_names_entries_after_the_destination(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "empty").mkdir()
    (src / "a.txt").write_bytes(b"a")
    (src / "sub" / "b").write_bytes(b"b" * 5000)
    os.symlink("a.txt", src / "link")
    buf = io.BytesIO()
    cp.make_tar(str(src), "/remote/dir/target", buf)
    data = buf.getvalue()
    assert len(data) % tarfile.RECORDSIZE == 0  # whole records: tar(1) ends at the end marker
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        members = {m.name: m for m in t.getmembers()}
        assert sorted(members) == ["target/a.txt", "target/empty", "target/link", "target/sub/b"]
        assert members["target/link"].issym() and members["target/link"].linkname == "a.txt"
        assert t.extractfile("target/sub/b").read() == b"b" * 5000


def test_round_trip_through_make_tar_and_untar_all(tmp_path):
    src = tmp_path / "src"
    (src / "d").mkdir(parents=True)
    payload = os.urandom(300_000)
    (src / "d" / "big.bin").write_bytes(payload)
    buf = io.BytesIO()
    cp.make_tar(str(src), "copy", buf)
    buf.seek(0)
    cp.untar_all("copy", str(tmp_path / "out"), buf, io.BytesIO())
    assert tree(tmp_path / "out") == {"d/": b"", "d/big.bin": payload}


def test_an_empty_stream_unpacks_nothing_and_garbage_is_an_error(tmp_path):
    cp.untar_all("src", str(tmp_path / "dest"), io.BytesIO(b""), io.BytesIO())
    assert not (tmp_path / "dest").exists()
    with pytest.raises(tarfile.ReadError, match="invalid header"):
        cp.untar_all("src", str(tmp_path / "dest"), io.BytesIO(b"not a tar" * 100), io.BytesIO())
