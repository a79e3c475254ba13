"""Port of k8s.io/client-go/tools/remotecommand: run a command in a container, or attach to one, with its stdin,
stdout, stderr and terminal over one streaming connection.

    req = (clientset.core_v1().rest_client().post().resource("pods").name(name).namespace(ns)
           .sub_resource("exec").versioned_params(corev1.PodExecOptions(command=["ls"], stdout=True),
                                                  scheme.parameter_codec))
    executor = remotecommand.new_web_socket_executor(config, "POST", req.url())
    executor.stream_with_context(ctx, remotecommand.StreamOptions(stdout=sys.stdout.buffer))

A command that exits non-zero raises ``util.exec.CodeExitError`` ("command terminated with exit code 3",
``.code == 3``); the other errors of the error channel are raised as client-go returns them; a refused upgrade is
``httpstream.UpgradeFailureError`` (``errors.is_forbidden`` sees a 403 inside it); a cancelled ctx raises its
error, the connection closed. stdout and stderr receive the remote bytes as they are.
"""

from .fallback import FallbackExecutor, new_fallback_executor
from .remotecommand import Executor, StreamOptions
from .resize import TerminalSize, TerminalSizeQueue
from .spdy import new_spdy_executor, new_spdy_executor_for_protocols, new_spdy_executor_for_transports
from .websocket import new_web_socket_executor, new_web_socket_executor_for_protocols

__all__ = [
    "Executor",
    "FallbackExecutor",
    "StreamOptions",
    "TerminalSize",
    "TerminalSizeQueue",
    "new_fallback_executor",
    "new_spdy_executor",
    "new_spdy_executor_for_protocols",
    "new_spdy_executor_for_transports",
    "new_web_socket_executor",
    "new_web_socket_executor_for_protocols",
]
