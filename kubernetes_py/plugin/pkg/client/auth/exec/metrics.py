"""What the exec authenticator reports to tools.metrics (client-go plugin/pkg/client/auth/exec/metrics.go): the
call counter by exit code and outcome, the policy counter, and the earliest expiry of the client certificates of
all authenticators.

The hooks are read from tools.metrics at each call, so a registration made after import is used."""

from __future__ import annotations

import datetime
import logging
import subprocess
import threading
from typing import Any, Callable, Optional

from kubernetes_py.tools import metrics

_log = logging.getLogger(__name__)

# The call_status values of rest_client_exec_plugin_call_total.
noError = "no_error"
"""The plugin started and exited 0."""
pluginExecutionError = "plugin_execution_error"
"""The plugin started and exited non-zero."""
pluginNotFoundError = "plugin_not_found_error"
"""The plugin could not be found or started by the operating system."""
clientInternalError = "client_internal_error"
"""Running the plugin failed for another reason."""

successExitCode = 0
failureExitCode = 1
"""The code counted for failures without an exit code of the plugin's own."""

pluginAllowed = "allowed"
pluginDenied = "denied"


class CertificateExpirationTracker:
    """The expiry of each authenticator's current client certificate (None: no certificate); each change sets
    ClientCertExpiry to the earliest one (None when none has a certificate). Safe for concurrent use."""

    def __init__(self, metric_set: Optional[Callable[[Optional[datetime.datetime]], None]] = None) -> None:
        self._lock = threading.Lock()
        self._m: dict[Any, Optional[datetime.datetime]] = {}
        self._metric_set = metric_set

    def set(self, a: Any, t: Optional[datetime.datetime]) -> None:
        """a's certificate expires at t; None (or Go's zero time, datetime.min) when a has none."""
        if t is not None and t.replace(tzinfo=None) == datetime.datetime.min:
            t = None
        with self._lock:
            self._m[a] = t
            known = [e for e in self._m.values() if e is not None]
            earliest = min(known) if known else None
            if self._metric_set is not None:
                self._metric_set(earliest)
            else:
                metrics.ClientCertExpiry.set(earliest)


expiration_metrics = CertificateExpirationTracker()


def increment_calls_metric(err: Optional[BaseException]) -> None:
    """Count a run of a plugin by how it ended: ``err`` None (exit 0), a CalledProcessError (its exit code, -1
    when a signal ended it), an OSError from starting it (not found), anything else (internal error)."""
    if err is None:
        metrics.ExecPluginCalls.increment(successExitCode, noError)
    elif isinstance(err, subprocess.CalledProcessError):
        code = err.returncode if err.returncode >= 0 else -1
        metrics.ExecPluginCalls.increment(code, pluginExecutionError)
    elif isinstance(err, OSError):
        metrics.ExecPluginCalls.increment(failureExitCode, pluginNotFoundError)
    else:
        _log.debug("unexpected exec plugin return error type type=%s err=%s", type(err).__name__, err)
        metrics.ExecPluginCalls.increment(failureExitCode, clientInternalError)


def increment_policy_metric(err: Optional[BaseException]) -> None:
    """Count a check of a plugin against the plugin policy: denied when ``err``, else allowed."""
    metrics.ExecPluginPolicyCalls.increment(pluginDenied if err is not None else pluginAllowed)
