"""Copy files and directories into and out of a container, as `kubectl cp` does: tar over exec (tools.remotecommand,
WebSocket first and SPDY when the server refuses it), with kubectl's checks on what comes back.

    python examples/cp/main.py [--kubeconfig PATH] [-n NAMESPACE] [-c CONTAINER] [--no-preserve] SRC DEST

SRC and DEST are local paths or [namespace/]pod:path, one of each, as kubectl's (k8s.io/kubectl pkg/cmd/cp).

Out of the container (``copy_from_pod``): ``tar cf - SRC`` runs there and its stream is unpacked here by
``untar_all``, which, like kubectl, refuses a stream whose entries are not under SRC ("tar contents corrupted"),
skips with a warning every entry that would land outside DEST ("../" and absolute names included) and every symbolic
link, and writes plain files only with the default mode (0666 less the umask), never an entry's own mode or owner.
Stricter than kubectl: an entry whose parent directory under DEST resolves outside DEST (a symbolic link that was
already there) is skipped with the same warning, files are opened without following a final symbolic link, and
hard links, devices and FIFOs are skipped with a warning (kubectl writes them as empty files).

Into the container (``copy_to_pod``): the local files go in a tar stream (``make_tar``, symbolic links kept as links)
to ``tar -xmf - [-C DIR]`` there; when DEST is a directory there (``test -d``), the source lands inside it. The stream
is padded to whole 10 KiB records, as tar(1) writes archives, so the remote tar ends at the end-of-archive marker
even where the server never passes the end of stdin on (kwok does not; kubectl's unpadded Go stream then hangs).

Not done from kubectl: --retries (resuming a broken copy from pod with ``tail -c``).
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import os
import posixpath
import stat
import sys
import tarfile
import threading
from typing import Any, Callable, Optional

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd, remotecommand
from kubernetes_py.util.exec import CodeExitError

ERR_FILE_SPEC_DOESNT_MATCH_FORMAT = "filespec must match the canonical format: [[namespace/]pod:]file/path"
# How long kubectl waits for `test -d DEST`.
CHECK_DESTINATION_TIMEOUT = 30.0


# --- paths, as kubectl's filespec.go ------------------------------------------------------------------------------
def strip_trailing_slash(file: str) -> str:
    if file and file != "/" and file.endswith("/"):
        return file[:-1]
    return file


def strip_leading_slash(file: str) -> str:
    return file.lstrip("/\\")


def strip_path_shortcuts(p: str) -> str:
    """p without leading "../" (and "..\\") runs and one leading slash; "." and ".." become ""."""
    new = p
    while new.startswith("../"):
        new = new[3:]
    while new.startswith("..\\"):
        new = new[3:]
    if new in (".", ".."):
        new = ""
    if new[:1] in ("/", "\\"):
        return new[1:]
    return new


def _go_clean(p: str) -> str:
    """Go's path.Clean (filepath.Clean on Unix)."""
    if not p:
        return "."
    cleaned = posixpath.normpath(p)
    if cleaned.startswith("//"):  # normpath keeps a leading "//", Go does not
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def _go_join(*elems: str) -> str:
    parts = [e for e in elems if e]
    return _go_clean("/".join(parts)) if parts else ""


def is_relative(base: str, target: str) -> bool:
    """Whether target is base or under it (kubectl's isRelative, with Go's filepath.Rel)."""
    base = strip_trailing_slash(base).replace("\\", "/")
    target = strip_trailing_slash(target).replace("\\", "/")
    if os.path.isabs(base) != os.path.isabs(target):
        return False
    relative = os.path.relpath(_go_clean(target), _go_clean(base)) if base or target else "."
    return relative == "." or relative == strip_path_shortcuts(relative)


@dataclasses.dataclass
class FileSpec:
    pod_name: str = ""
    pod_namespace: str = ""
    file: str = ""


def extract_file_spec(arg: str) -> FileSpec:
    i = arg.find(":")
    if i == 0:
        raise ValueError(ERR_FILE_SPEC_DOESNT_MATCH_FORMAT)
    if i == -1:
        return FileSpec(file=strip_trailing_slash(arg))
    pod, file = arg[:i], strip_trailing_slash(arg[i + 1 :]).replace("\\", "/")
    pieces = pod.split("/")
    if len(pieces) == 1:
        return FileSpec(pod_name=pieces[0], file=file)
    if len(pieces) == 2:
        return FileSpec(pod_namespace=pieces[0], pod_name=pieces[1], file=file)
    raise ValueError(ERR_FILE_SPEC_DOESNT_MATCH_FORMAT)


# --- exec -------------------------------------------------------------------------------------------------------
class Copier:
    """Runs commands in one pod's container for the copies (kubectl's CopyOptions)."""

    def __init__(
        self,
        config: Any,
        clientset: Any = None,
        namespace: str = "default",
        container: str = "",
        no_preserve: bool = False,
        out: Any = None,
        err_out: Any = None,
    ):
        self.config = config
        self.clientset = clientset if clientset is not None else kubernetes.new_for_config(config)
        self.namespace = namespace
        self.container = container
        self.no_preserve = no_preserve
        self.out = out
        self.err_out = err_out if err_out is not None else sys.stderr.buffer  # binary: the remote stderr's bytes

    def execute(
        self,
        ctx: Any,
        pod: str,
        namespace: str,
        command: list[str],
        stdin: Any = None,
        stdout: Any = None,
        stderr: Any = None,
    ) -> None:
        req = (
            self.clientset.core_v1()
            .rest_client()
            .post()
            .resource("pods")
            .name(pod)
            .namespace(namespace or self.namespace)
            .sub_resource("exec")
            .versioned_params(
                corev1.PodExecOptions(
                    container=self.container,
                    command=command,
                    stdin=stdin is not None,
                    stdout=stdout is not None,
                    stderr=stderr is not None,
                ),
                scheme.ParameterCodec,
            )
        )
        executor = remotecommand.new_fallback_executor(
            remotecommand.new_web_socket_executor(self.config, "GET", req.url()),
            remotecommand.new_spdy_executor(self.config, "POST", req.url()),
            lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err),
        )
        executor.stream_with_context(ctx, remotecommand.StreamOptions(stdin=stdin, stdout=stdout, stderr=stderr))

    # --- kubectl cp SRC DEST ---------------------------------------------------------------------------------
    def run(self, src_arg: str, dest_arg: str) -> None:
        src, dest = extract_file_spec(src_arg), extract_file_spec(dest_arg)
        if src.pod_name and dest.pod_name:
            raise ValueError("one of src or dest must be a local file specification")
        if not src.file or not dest.file:
            raise ValueError("filepath can not be empty")
        if src.pod_name:
            self.copy_from_pod(src.pod_namespace, src.pod_name, src.file, dest.file)
        elif dest.pod_name:
            self.copy_to_pod(src.file, dest.pod_namespace, dest.pod_name, dest.file)
        else:
            raise ValueError("one of src or dest must be a remote file specification")

    # --- into the container ----------------------------------------------------------------------------------
    def check_destination_is_dir(self, namespace: str, pod: str, dest: str) -> bool:
        """`test -d dest` there: True when it succeeds; raises DeadlineExceeded after 30 s, as kubectl."""
        ctx, cancel = context.with_timeout(context.background(), CHECK_DESTINATION_TIMEOUT)
        try:
            self.execute(ctx, pod, namespace, ["test", "-d", dest], stdout=_Discard(), stderr=_Discard())
            return True
        except context.DeadlineExceeded:
            raise
        except Exception:  # noqa: BLE001 - kubectl: any other failure means "not a directory"
            if ctx.err() is not None:
                raise context.DeadlineExceeded() from None
            return False
        finally:
            cancel()

    def copy_to_pod(self, src: str, namespace: str, pod: str, dest: str, ctx: Any = None) -> None:
        if not os.path.lexists(src):
            raise FileNotFoundError(f"{src} doesn't exist in local filesystem")
        ctx = ctx if ctx is not None else context.background()
        src, dest = strip_trailing_slash(src), strip_trailing_slash(dest).replace("\\", "/")
        if self.check_destination_is_dir(namespace, pod, dest):
            dest = _go_join(dest, os.path.basename(src))
        command = (
            ["tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-"]
            if self.no_preserve
            else ["tar", "-xmf", "-"]
        )
        dest_dir = posixpath.dirname(dest) or "."
        command += ["-C", dest_dir]
        read_fd, write_fd = os.pipe()
        reader = os.fdopen(read_fd, "rb", buffering=0)
        writer = os.fdopen(write_fd, "wb")
        failure: list[BaseException] = []

        def write_tar() -> None:
            try:
                make_tar(src, dest, writer)
            except BrokenPipeError:
                pass  # the remote side stopped reading: its error is the one to report
            except BaseException as e:  # noqa: BLE001 - reported by copy_to_pod
                failure.append(e)
            finally:
                try:
                    writer.close()
                except OSError:
                    pass

        tar_thread = threading.Thread(target=write_tar, name="cp tar writer", daemon=True)
        tar_thread.start()
        try:
            self.execute(ctx, pod, namespace, command, stdin=reader, stdout=self.out or _Discard(), stderr=self.err_out)
        finally:
            reader.close()  # a writer still writing gets EPIPE and ends
            tar_thread.join()
        if failure:
            raise failure[0]

    # --- out of the container --------------------------------------------------------------------------------
    def copy_from_pod(self, namespace: str, pod: str, src: str, dest: str, ctx: Any = None) -> None:
        src = strip_trailing_slash(src).replace("\\", "/")
        prefix = strip_path_shortcuts(_go_clean(strip_leading_slash(src)))
        self.untar_from(["tar", "cf", "-", src], namespace, pod, prefix, dest, ctx=ctx, src=src)

    def untar_from(
        self, command: list[str], namespace: str, pod: str, prefix: str, dest: str, ctx: Any = None, src: str = ""
    ) -> None:
        """Run command there and unpack its output (a tar stream) into dest with ``untar_all``; a failure to
        unpack ends the command, a failure of the command is raised once the stream ended."""
        ctx, cancel = context.with_cancel(ctx if ctx is not None else context.background())
        read_fd, write_fd = os.pipe()
        reader = os.fdopen(read_fd, "rb")
        writer = os.fdopen(write_fd, "wb", buffering=0)
        result: dict[str, BaseException] = {}

        def run_command() -> None:
            try:
                self.execute(ctx, pod, namespace, command, stdout=writer, stderr=self.err_out)
            except BaseException as e:  # noqa: BLE001 - raised by untar_from
                result["err"] = e
            finally:
                writer.close()

        exec_thread = threading.Thread(target=run_command, name="cp tar reader", daemon=True)
        exec_thread.start()
        unpack_error: Optional[BaseException] = None
        try:
            untar_all(prefix, dest, reader, self.err_out, src=src, namespace=namespace, pod=pod)
        except BaseException as e:  # noqa: BLE001 - raised below, unless the command's own failure explains it
            unpack_error = e
            cancel()  # an unpacking failure ends the remote command
        finally:
            reader.close()  # a command still writing gets EPIPE
            exec_thread.join()
            cancel()
        err = result.get("err")
        if err is not None and not isinstance(err, context.Canceled):
            raise err from unpack_error
        if unpack_error is not None:
            raise unpack_error


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


# --- tar --------------------------------------------------------------------------------------------------------
def make_tar(src: str, dest: str, writer: Any) -> None:
    """A tar stream of src (a path or glob) named as dest's base, into writer."""
    src_path, dest_path = _go_clean(src), _go_clean(dest)
    with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tw:
        _recursive_tar(os.path.dirname(src_path) or ".", os.path.basename(src_path), posixpath.basename(dest_path), tw)


def _recursive_tar(src_dir: str, src_file: str, dest_file: str, tw: tarfile.TarFile) -> None:
    pattern = os.path.join(src_dir, src_file)
    for fpath in sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]:
        st = os.lstat(fpath)
        if stat.S_ISDIR(st.st_mode):
            names = sorted(os.listdir(fpath))
            if not names:
                tw.addfile(tw.gettarinfo(fpath, arcname=dest_file))
            for name in names:
                _recursive_tar(src_dir, os.path.join(src_file, name), posixpath.join(dest_file, name), tw)
            return
        info = tw.gettarinfo(fpath, arcname=dest_file)
        if info.isreg():
            with open(fpath, "rb") as f:
                tw.addfile(info, f)
        else:
            tw.addfile(info)


def untar_all(
    prefix: str, dest: str, reader: Any, err_out: Any, src: str = "", namespace: str = "", pod: str = ""
) -> None:
    """Unpack the tar stream from reader into dest, keeping only what lands inside dest (see the module doc);
    warnings go to err_out (binary)."""
    dest = strip_trailing_slash(dest)
    dest_real = os.path.realpath(dest)

    def warn(message: str) -> None:
        err_out.write((message + "\n").encode())
        flush: Optional[Callable[[], Any]] = getattr(err_out, "flush", None)
        if flush is not None:
            flush()

    counted = _Counting(reader)
    try:
        tr = tarfile.open(fileobj=counted, mode="r|")
    except tarfile.ReadError:
        if counted.total:
            raise
        return  # no stream at all (the command failed first): nothing to unpack, as Go's reader at io.EOF
    with tr:
        for header in tr:
            name = (
                header.name + "/" if header.isdir() and header.name and not header.name.endswith("/") else header.name
            )
            if not name.startswith(prefix):
                raise ValueError("tar contents corrupted")
            dest_file_name = _go_join(dest, strip_trailing_slash(name[len(prefix) :]).replace("\\", "/")) or dest
            if not is_relative(dest, dest_file_name) or not _resolves_inside(dest_real, dest_file_name):
                warn(f"warning: file {_go_quote(dest_file_name)} is outside target destination, skipping")
                continue
            if header.issym():
                warn(f"warning: skipping symlink: {_go_quote(dest_file_name)} -> {_go_quote(header.linkname)}")
                continue
            os.makedirs(os.path.dirname(dest_file_name) or ".", mode=0o755, exist_ok=True)
            if header.isdir():
                os.makedirs(dest_file_name, mode=0o755, exist_ok=True)
                continue
            if not header.isreg():
                warn(f"warning: skipping {_kind(header)}: {_go_quote(dest_file_name)}")
                continue
            source = tr.extractfile(header)
            fd = os.open(dest_file_name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(1 << 20):  # type: ignore[union-attr]
                    out.write(chunk)


class _Counting:
    """A reader counting the bytes read through it."""

    def __init__(self, reader: Any):
        self.reader = reader
        self.total = 0

    def read(self, n: int = -1) -> bytes:
        data = self.reader.read(n)
        self.total += len(data)
        return data


def _resolves_inside(dest_real: str, path: str) -> bool:
    """Whether path's directory, with every symbolic link already there resolved, is inside dest."""
    parent = os.path.realpath(os.path.dirname(path) or ".")
    return parent == dest_real or parent.startswith(dest_real.rstrip("/") + "/") or os.path.realpath(path) == dest_real


def _kind(header: tarfile.TarInfo) -> str:
    if header.islnk():
        return f"hard link to {_go_quote(header.linkname)}"
    if header.ischr() or header.isblk():
        return "device"
    if header.isfifo():
        return "fifo"
    return "special file"


def _go_quote(s: str) -> str:
    from kubernetes_py._go.strconv import go_quote

    return go_quote(s)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubeconfig", default=os.path.join(os.path.expanduser("~"), ".kube", "config"))
    parser.add_argument("-n", "--namespace", default="default")
    parser.add_argument("-c", "--container", default="")
    parser.add_argument("--no-preserve", action="store_true", help="the copied files' owner and mode are not kept")
    parser.add_argument("src")
    parser.add_argument("dest")
    args = parser.parse_args(argv)
    config = clientcmd.build_config_from_flags("", args.kubeconfig)
    copier = Copier(
        config,
        namespace=args.namespace,
        container=args.container,
        no_preserve=args.no_preserve,
        out=sys.stdout.buffer,
        err_out=sys.stderr.buffer,
    )
    try:
        copier.run(args.src, args.dest)
        return 0
    except CodeExitError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.code
    except Exception as e:  # noqa: BLE001 - printed as kubectl prints it
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
