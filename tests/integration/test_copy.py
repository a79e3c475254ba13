"""Copy into and out of a container as `kubectl cp` does (examples/cp), kubectl and the library side by side on the
same pod. kwok runs a pod's exec commands on this machine, so the "container's" paths are this machine's.

kwok never passes the end of stdin on to the command, so kubectl's copy into a pod (an unpadded Go tar stream) leaves
the remote tar waiting for more after every file is written, and kubectl waits with it; the library's stream is
padded to whole tar records, so its remote tar ends and the copy returns (see examples/cp/main.py).
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time

import pytest

from kubernetes_py import kubernetes
from kubernetes_py.tools import clientcmd
from tests.conftest import REPO
from tests.integration.test_cluster import running_pod

_spec = importlib.util.spec_from_file_location("examples_cp", REPO / "examples" / "cp" / "main.py")
cp = importlib.util.module_from_spec(_spec)
sys.modules["examples_cp"] = cp
_spec.loader.exec_module(cp)


@pytest.fixture
def copier(cluster):
    config = clientcmd.build_config_from_flags("", str(cluster.kubeconfig))
    return cp.Copier(config, kubernetes.new_for_config(config), err_out=io.BytesIO())


def source_tree(root):
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "empty").mkdir()
    (root / "a.txt").write_bytes(b"hello\n")
    (root / "sub" / "big.bin").write_bytes(os.urandom(3 << 20))
    (root / "sub" / "deeper" / "c").write_bytes(b"c" * 10)
    os.symlink("a.txt", root / "link")


def tree(root) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            out[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = b""
        for f in filenames:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = (
                b"-> " + os.readlink(p).encode() if os.path.islink(p) else open(p, "rb").read()
            )
    return out


def kubectl(cluster, *args, timeout=60):
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    return subprocess.run(
        ["kubectl", f"--kubeconfig={cluster.kubeconfig}", *args], capture_output=True, timeout=timeout
    )


def no_copy_threads():
    return [t.name for t in threading.enumerate() if t.name.startswith(("cp ", "spdy", "remotecommand"))] == []


def test_copy_out_of_the_pod_as_kubectl(cluster, clientset_ns, copier, tmp_path):
    ns = clientset_ns
    source_tree(tmp_path / "remote")
    out = kubectl(cluster, "cp", f"{ns}/cp:{tmp_path}/remote", str(tmp_path / "by-kubectl"))
    assert out.returncode == 0, out.stderr
    copier.copy_from_pod(ns, "cp", f"{tmp_path}/remote", str(tmp_path / "by-library"))
    expected = tree(tmp_path / "remote")
    del expected["link"]  # symbolic links are not copied out, with a warning
    assert tree(tmp_path / "by-kubectl") == expected
    assert tree(tmp_path / "by-library") == expected
    link = f'"{tmp_path}/by-library/link" -> "a.txt"'
    assert f"warning: skipping symlink: {link}" in copier.err_out.getvalue().decode()
    assert f'warning: skipping symlink: "{tmp_path}/by-kubectl/link" -> "a.txt"' in out.stderr.decode()
    # One file, to a new name.
    copier.copy_from_pod(ns, "cp", f"{tmp_path}/remote/a.txt", str(tmp_path / "one.txt"))
    assert (tmp_path / "one.txt").read_bytes() == b"hello\n"
    assert no_copy_threads()


def test_copy_into_the_pod_as_kubectl(cluster, clientset_ns, copier, tmp_path):
    ns = clientset_ns
    source_tree(tmp_path / "local")
    (tmp_path / "into-kubectl").mkdir()
    (tmp_path / "into-library").mkdir()
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    proc = subprocess.Popen(
        [
            "kubectl",
            f"--kubeconfig={cluster.kubeconfig}",
            "cp",
            str(tmp_path / "local"),
            f"{ns}/cp:{tmp_path}/into-kubectl",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    copier.copy_to_pod(str(tmp_path / "local"), ns, "cp", f"{tmp_path}/into-library")
    library_took = time.monotonic() - started
    expected = {f"local/{k}" if k else k: v for k, v in tree(tmp_path / "local").items()}
    expected["local/"] = b""
    assert tree(tmp_path / "into-library") == expected
    assert library_took < 30
    try:
        # kubectl wrote what its remote tar unpacked from whole records, and waits: the difference documented above.
        time.sleep(3)
        assert proc.poll() is None
        kubectl_got = tree(tmp_path / "into-kubectl")
        assert "local/a.txt" in kubectl_got and all(
            expected[k] == v or k == "local/sub/big.bin" for k, v in kubectl_got.items()
        )
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    # A file to a new name; a file into an existing directory.
    copier.copy_to_pod(str(tmp_path / "local" / "a.txt"), ns, "cp", f"{tmp_path}/renamed.txt")
    assert (tmp_path / "renamed.txt").read_bytes() == b"hello\n"
    copier.copy_to_pod(str(tmp_path / "local" / "a.txt"), ns, "cp", f"{tmp_path}/into-library")
    assert (tmp_path / "into-library" / "a.txt").read_bytes() == b"hello\n"
    assert no_copy_threads()


def test_copy_errors(cluster, clientset_ns, copier, tmp_path):
    ns = clientset_ns
    with pytest.raises(FileNotFoundError, match=f"^{tmp_path}/missing doesn't exist in local filesystem$"):
        copier.copy_to_pod(str(tmp_path / "missing"), ns, "cp", "/tmp")
    # The remote tar fails: kwok reports its exit status as an error of the exec, kubectl and the library alike.
    with pytest.raises(Exception) as e:  # noqa: PT011 - the executor's error, whatever its class
        copier.copy_from_pod(ns, "cp", f"{tmp_path}/missing", str(tmp_path / "out"))
    assert f"tar cf - {tmp_path}/missing: exit status 2" in str(e.value)
    assert b"No such file or directory" in copier.err_out.getvalue()
    out = kubectl(cluster, "cp", f"{ns}/cp:{tmp_path}/missing", str(tmp_path / "out2"))
    # kubectl's copy out ends when the stream does; the exec's failure, reported in another goroutine, is lost
    # when the process exits first (here it always does): a silent success, where the library raises.
    assert out.returncode == 0 and b"No such file" not in out.stderr, out
    assert no_copy_threads()


def test_a_hostile_tar_stream_from_the_pod_writes_nothing_outside(cluster, clientset_ns, copier, tmp_path):
    """A container sending crafted tar streams: a name outside the copied path is refused, names climbing out with
    ../ and symbolic links are skipped with warnings, and nothing lands outside the destination."""
    ns = clientset_ns
    hostile = tmp_path / "hostile.tar"
    with tarfile.open(hostile, "w") as t:
        for name, data in (("src/ok.txt", b"fine"), ("src/../../../escaped", b"evil")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("src/up")
        link.type, link.linkname = tarfile.SYMTYPE, "/"
        t.addfile(link)
    dest = tmp_path / "a" / "b" / "dest"
    copier.untar_from(["cat", str(hostile)], ns, "cp", "src", str(dest))
    assert tree(tmp_path / "a") == {"b/": b"", "b/dest/": b"", "b/dest/ok.txt": b"fine"}
    warnings = copier.err_out.getvalue().decode()
    assert f'warning: file "{tmp_path}/escaped" is outside target destination, skipping' in warnings
    assert f'warning: skipping symlink: "{dest}/up" -> "/"' in warnings

    corrupted = tmp_path / "corrupted.tar"
    with tarfile.open(corrupted, "w") as t:
        info = tarfile.TarInfo("../outside")
        info.size = 4
        t.addfile(info, io.BytesIO(b"evil"))
        big = tarfile.TarInfo("src/big")  # never reached: the stream is refused at the first entry
        payload = os.urandom(2 << 20)
        big.size = len(payload)
        t.addfile(big, io.BytesIO(payload))
    started = time.monotonic()
    with pytest.raises(ValueError, match="^tar contents corrupted$"):
        copier.untar_from(["cat", str(corrupted)], ns, "cp", "src", str(tmp_path / "dest2"))
    assert time.monotonic() - started < 30
    assert not (tmp_path / "outside").exists() and not (tmp_path / "dest2").exists()
    assert no_copy_threads()


@pytest.fixture
def clientset_ns(cluster, cluster_namespace):
    config = clientcmd.build_config_from_flags("", str(cluster.kubeconfig))
    running_pod(kubernetes.new_for_config(config), cluster_namespace, "cp")
    return cluster_namespace
