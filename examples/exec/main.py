"""Run a command in a container, as `kubectl exec` does: over a WebSocket, or SPDY when the server refuses it
(tools.remotecommand's fallback executor), with stdin, stdout and stderr carried as bytes, and the remote exit
code as this program's.

    python examples/exec/main.py [--kubeconfig PATH] [-n NAMESPACE] [-c CONTAINER] [-i] [-t] POD -- COMMAND...

With -t (and -i, from a terminal) the local terminal is put in raw mode and its size follows the window's.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Optional

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd, remotecommand
from kubernetes_py.util.exec import CodeExitError


class WindowSizes:
    """A TerminalSizeQueue: the terminal's size now, then after each SIGWINCH, until stop()."""

    def __init__(self, fd: int):
        self.fd = fd
        self.changed = threading.Event()
        self.changed.set()
        self.stopped = False
        signal.signal(signal.SIGWINCH, lambda *_: self.changed.set())  # the handler only sets an event

    def next(self) -> Optional[remotecommand.TerminalSize]:
        self.changed.wait()
        self.changed.clear()
        if self.stopped:
            return None
        size = os.get_terminal_size(self.fd)
        return remotecommand.TerminalSize(width=size.columns, height=size.lines)

    def stop(self) -> None:
        self.stopped = True
        self.changed.set()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubeconfig", default=os.path.join(os.path.expanduser("~"), ".kube", "config"))
    parser.add_argument("-n", "--namespace", default="default")
    parser.add_argument("-c", "--container", default="")
    parser.add_argument("-i", "--stdin", action="store_true", help="pass stdin to the container")
    parser.add_argument("-t", "--tty", action="store_true", help="stdin is a TTY")
    parser.add_argument("pod")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args(argv)

    config = clientcmd.build_config_from_flags("", args.kubeconfig)
    clientset = kubernetes.new_for_config(config)
    tty = args.tty and args.stdin and sys.stdin.isatty()
    req = (
        clientset.core_v1()
        .rest_client()
        .post()
        .resource("pods")
        .name(args.pod)
        .namespace(args.namespace)
        .sub_resource("exec")
        .versioned_params(
            corev1.PodExecOptions(
                container=args.container, command=args.command, stdin=args.stdin, stdout=True, stderr=not tty, tty=tty
            ),
            scheme.ParameterCodec,
        )
    )
    # kubectl's choice: WebSocket first, SPDY when the upgrade is refused or an https proxy is in the way.
    executor = remotecommand.new_fallback_executor(
        remotecommand.new_web_socket_executor(config, "GET", req.url()),
        remotecommand.new_spdy_executor(config, "POST", req.url()),
        lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err),
    )

    sizes = WindowSizes(sys.stdin.fileno()) if tty else None
    restore = None
    if tty:
        import termios
        import tty as ttymod

        saved = termios.tcgetattr(sys.stdin.fileno())
        ttymod.setraw(sys.stdin.fileno())
        restore = lambda: termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)  # noqa: E731
    # stdin unbuffered: what arrives is sent at once, and the thread reading it (left blocked in read when the
    # command ended first) holds no lock of the interpreter's buffered stdin at exit.
    stdin = open(sys.stdin.fileno(), "rb", buffering=0, closefd=False) if args.stdin else None
    ctx, cancel = context.with_cancel(context.background())
    try:
        executor.stream_with_context(
            ctx,
            remotecommand.StreamOptions(
                stdin=stdin,
                stdout=sys.stdout.buffer,
                stderr=None if tty else sys.stderr.buffer,
                tty=tty,
                terminal_size_queue=sizes,
            ),
        )
        return 0
    except CodeExitError as e:  # the command ran and failed: its code is ours, as kubectl's
        return e.code
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001 - printed as kubectl prints it
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        cancel()
        if sizes is not None:
            sizes.stop()
        if restore is not None:
            restore()


if __name__ == "__main__":
    sys.exit(main())
