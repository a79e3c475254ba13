"""The exec credential plugin authenticator (client-go plugin/pkg/client/auth/exec/exec.go)."""

from __future__ import annotations

import datetime
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from typing import IO, Any, Callable, Optional

import requests
from requests.adapters import BaseAdapter

from kubernetes_py import transport as _transport
from kubernetes_py._go import time as _gotime
from kubernetes_py._go import json as _gojson
from kubernetes_py.pkg.apis.clientauthentication import (
    Cluster,
    SchemeGroupVersionV1,
    SchemeGroupVersionV1beta1,
    encode_exec_credential_request,
)
from kubernetes_py.tools import metrics as _tmetrics
from kubernetes_py.utils.clock import PassiveClock, RealClock

from . import metrics as _metrics

log = logging.getLogger("kubernetes_py.plugin.pkg.client.auth.exec")

EXEC_INFO_ENV = "KUBERNETES_EXEC_INFO"

_INSTALL_HINT_VERBOSE_HELP = """

It looks like you are trying to use a client-go credential plugin that is not installed.

To learn more about this feature, consult the documentation available at:
      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins"""

_API_VERSIONS = {SchemeGroupVersionV1beta1, SchemeGroupVersionV1}

_POLICY_ALLOW_ALL = "AllowAll"
_POLICY_DENY_ALL = "DenyAll"
_POLICY_ALLOWLIST = "Allowlist"


class ExecPluginError(Exception):
    """A credential plugin could not be run or returned unusable output (messages as client-go words them)."""


class _Sometimes:
    """Runs f at most threshold times per interval (the verbose install help is not repeated endlessly); time is
    the clock's (``utils.clock``; a ``FakeClock`` in tests, as client-go's sometimes.clock)."""

    def __init__(self, threshold: int = 10, interval: float = 3600.0, clock: Optional[PassiveClock] = None):
        self.threshold, self.interval = threshold, interval
        self.clock: PassiveClock = clock if clock is not None else RealClock()
        self._lock = threading.Lock()
        self._count = 0
        self._window: Optional[float] = None

    def do(self, f: Callable[[], None]) -> None:
        with self._lock:
            now = self.clock.now()
            if self._window is None or now - self._window >= self.interval:
                self._window = now
                self._count = 0
            if self._count < self.threshold:
                self._count += 1
                f()


class _Credentials:
    """A token and/or a client certificate the plugin returned (Go's credentials; equal when both are)."""

    __slots__ = ("token", "cert")

    def __init__(self, token: str = "", cert: Optional[_transport.Certificate] = None):
        self.token = token
        self.cert = cert

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Credentials) and (self.token, self.cert) == (other.token, other.cert)

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value, as Go's struct

    def __repr__(self) -> str:
        return f"credentials(token={'<redacted>' if self.token else ''}, cert={'yes' if self.cert else 'no'})"


credentials = _Credentials  # client-go's name, for tests that compare cached_creds


def _is_terminal(fd_owner: Optional[IO[Any]]) -> bool:
    try:
        return fd_owner is not None and os.isatty(fd_owner.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def validate_plugin_policy(policy: Any) -> None:
    """Raise ValueError when the credential plugin policy is inconsistent."""
    ptype = getattr(policy, "policy_type", "") if policy is not None else ""
    allowlist = getattr(policy, "allowlist", None) if policy is not None else None
    if ptype in ("", _POLICY_ALLOW_ALL, _POLICY_DENY_ALL):
        if allowlist is not None:
            raise ValueError(
                f'misconfigured credential plugin allowlist: plugin policy is "{ptype}" but allowlist is non-nil'
            )
        return
    if ptype == _POLICY_ALLOWLIST:
        if allowlist is None:
            raise ValueError(f'credential plugin policy set to "{_POLICY_ALLOWLIST}", but allowlist is unspecified')
        if len(allowlist) == 0:
            raise ValueError(
                f'credential plugin policy set to "{_POLICY_ALLOWLIST}", but allowlist is empty; '
                f'use "{_POLICY_DENY_ALL}" policy instead'
            )
        for i, item in enumerate(allowlist):
            cmd = getattr(item, "command", "")
            if not cmd:
                raise ValueError(f"misconfigured credential plugin allowlist: empty allowlist entry #{i + 1}")
            cleaned = os.path.normpath(cmd)
            if cleaned != cmd:
                raise ValueError(f'non-normalized file path: "{cmd}" vs "{cleaned}"')
        return
    raise ValueError(f'unknown plugin policy: "{ptype}"')


class Authenticator:
    """Runs the plugin when credentials are needed and caches them until their expirationTimestamp."""

    def __init__(self, config: Any, cluster: Optional[Cluster]):
        self.cmd = os.path.normpath(config.command) if config.command else "."
        self.args = list(config.args or [])
        self.api_version = config.api_version
        self.env = [(e.name, e.value) for e in (config.env or [])]
        self.cluster = cluster
        self.provide_cluster_info = bool(config.provide_cluster_info)
        self.install_hint = config.install_hint or ""
        self._policy = getattr(config, "plugin_policy", None)
        self._allowlist = {e.command for e in (getattr(self._policy, "allowlist", None) or []) if e.command}
        self._interactive_mode = config.interactive_mode
        self._stdin_unavailable = bool(getattr(config, "stdin_unavailable", False))
        self._stdin_unavailable_message = getattr(config, "stdin_unavailable_message", "") or ""
        self.sometimes = _Sometimes()
        self.stdin = sys.stdin
        self.stderr: Any = None  # None: the plugin writes to our stderr; else a file or any writer
        self.is_terminal: Callable[[Optional[IO[Any]]], bool] = _is_terminal
        self.now: Callable[[], float] = time.time
        self.environ: Callable[[], Any] = lambda: dict(os.environ)  # a dict, or a list of "KEY=value"
        self._lock = threading.Lock()
        self._cached: Optional[_Credentials] = None
        self._leaf: Any = None  # the parsed first certificate of _cached.cert
        self._exp: Optional[float] = None
        self.get_cert_holder = _transport.GetCertHolder(get_cert=self.cert)

    def __repr__(self) -> str:
        return f"exec.Authenticator(cmd={self.cmd!r}, api_version={self.api_version!r})"

    # --- transport wiring -----------------------------------------------------------------------
    def update_transport_config(self, c: _transport.Config) -> None:
        """Authenticate c's requests with this plugin's token and client certificate."""
        if c.has_token_auth() or c.has_basic_auth() or c.has_cert_auth():
            return
        c.wrap(lambda rt: _ExecRoundTripper(self, rt))
        if c.has_cert_callback():
            raise ValueError("can't add TLS certificate callback: transport.Config.TLS.GetCert already set")
        c.tls.get_cert_holder = self.get_cert_holder

    def cert(self) -> Optional[_transport.Certificate]:
        return self.get_creds().cert

    def _interactive(self) -> bool:
        mode = self._interactive_mode
        if mode == "Never":
            return False
        if mode == "IfAvailable":
            return not self._stdin_unavailable and self.is_terminal(self.stdin)
        if mode == "Always":
            if not self.is_terminal(self.stdin):
                raise ExecPluginError("standard input is not a terminal")
            if self._stdin_unavailable:
                suffix = f": {self._stdin_unavailable_message}" if self._stdin_unavailable_message else ""
                raise ExecPluginError(f"standard input is unavailable{suffix}")
            return True
        raise ExecPluginError(f'unknown interactiveMode: "{mode}"')

    def _now(self) -> float:
        """self.now() in Unix seconds (a test may give it a datetime, as Go's a.now gives a time.Time)."""
        t: Any = self.now()
        return t.timestamp() if isinstance(t, datetime.datetime) else float(t)

    def _creds_expired(self) -> bool:
        return self._exp is not None and self._now() > self._exp

    # --- client-go's internals, for tests written against them -------------------------------------------------
    def refresh_creds_locked(self) -> None:
        """Run the plugin now (Go's refreshCredsLocked; the tests call it without the lock)."""
        self._refresh_locked()

    @property
    def cached_creds(self) -> Optional[_Credentials]:
        """The credentials from the plugin's last run, None before it ran."""
        return self._cached

    @property
    def exp(self) -> Optional[datetime.datetime]:
        """When the cached credentials expire (UTC), None when they do not."""
        return None if self._exp is None else datetime.datetime.fromtimestamp(self._exp, datetime.timezone.utc)

    def get_creds(self) -> _Credentials:
        with self._lock:
            if self._cached is not None and not self._creds_expired():
                return self._cached
            return self._refresh_locked()

    def maybe_refresh_creds(self, creds: _Credentials) -> None:
        """Run the plugin again unless someone already replaced creds (after a 401)."""
        with self._lock:
            if creds is not self._cached:
                return
            self._refresh_locked()

    # --- running the plugin -------------------------------------------------------------------------
    def _refresh_locked(self) -> _Credentials:
        try:
            interactive = self._interactive()
        except ExecPluginError as e:
            raise ExecPluginError(f"exec plugin cannot support interactive mode: {e}") from None
        cluster = self.cluster if self.provide_cluster_info else None
        env = _environ_dict(self.environ())
        for k, v in self.env:
            env[k] = v
        env[EXEC_INFO_ENV] = encode_exec_credential_request(self.api_version, interactive, cluster)
        try:
            path = self._check_policy()
        except ExecPluginError as e:
            _metrics.increment_policy_metric(e)
            raise
        _metrics.increment_policy_metric(None)
        if os.sep not in path:
            # found through this process's PATH, as Go's exec.Command looks it up, not the plugin's environment's
            path = shutil.which(path) or path
        stderr, copy_stderr = _stderr_target(self.stderr)
        try:
            proc = subprocess.run(
                [path, *self.args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=stderr,
                stdin=_stdin_target(self.stdin) if interactive else subprocess.DEVNULL,
                check=False,
            )
        except (FileNotFoundError, PermissionError, NotADirectoryError) as e:
            _metrics.increment_calls_metric(e)
            parts = [f"exec: executable {self.cmd} not found"]

            def verbose() -> None:
                parts.append(_INSTALL_HINT_VERBOSE_HELP)
                if self.install_hint:
                    parts.append("\n\n" + self.install_hint)

            self.sometimes.do(verbose)
            raise ExecPluginError("".join(parts)) from None
        except OSError as e:
            _metrics.increment_calls_metric(e)
            raise ExecPluginError(f"exec: {e.strerror or e}") from None
        except Exception as e:
            _metrics.increment_calls_metric(e)
            raise
        if copy_stderr and proc.stderr:
            _write(self.stderr, proc.stderr)
        if proc.returncode != 0:
            _metrics.increment_calls_metric(subprocess.CalledProcessError(proc.returncode, path))
            code = proc.returncode if proc.returncode > 0 else -1
            raise ExecPluginError(f"exec: executable {self.cmd} failed with exit code {code}")
        _metrics.increment_calls_metric(None)
        return self._accept_output(proc.stdout)

    def _check_policy(self) -> str:
        ptype = getattr(self._policy, "policy_type", "") if self._policy is not None else ""
        if ptype in ("", _POLICY_ALLOW_ALL):
            return self.cmd
        if ptype == _POLICY_DENY_ALL:
            raise ExecPluginError(f'plugin "{self.cmd}" not allowed: policy set to "{_POLICY_DENY_ALL}"')
        if ptype != _POLICY_ALLOWLIST:
            raise ExecPluginError(f'unknown plugin policy "{ptype}"')
        if self.cmd in self._allowlist:
            return self.cmd
        resolved = (
            shutil.which(self.cmd) if os.sep not in self.cmd else (self.cmd if os.access(self.cmd, os.X_OK) else None)
        )
        if resolved is None:
            raise ExecPluginError(
                f'plugin path "{self.cmd}" cannot be resolved for credential plugin allowlist check: '
                f'exec: "{self.cmd}": executable file not found in $PATH'
            )
        if resolved in self._allowlist:
            return resolved
        base = os.path.basename(resolved)
        for entry in getattr(self._policy, "allowlist", None) or []:
            if os.path.basename(entry.command) != base:
                continue
            p = shutil.which(entry.command) if os.sep not in entry.command else entry.command
            if p:
                self._allowlist.add(p)
        if resolved in self._allowlist:
            return resolved
        raise ExecPluginError(f'plugin path "{resolved}" is not permitted by the credential plugin allowlist')

    def _accept_output(self, stdout: bytes) -> _Credentials:
        problem = None
        try:
            obj = _gojson.loads(stdout)  # any bytes: what is not UTF-8 is read as U+FFFD, as Go reads it
        except ValueError as e:
            problem = getattr(e, "msg", "invalid JSON")
        if problem is not None:  # raised outside the handler: no exception holding stdout is chained to it
            raise ExecPluginError(f"decoding stdout: couldn't get version/kind; json parse error: {problem}")
        if not isinstance(obj, dict):
            raise ExecPluginError(
                "decoding stdout: couldn't get version/kind; json parse error: output is not a JSON object"
            )
        kind, gv = obj.get("kind") or "", obj.get("apiVersion") or ""
        if not kind:
            raise ExecPluginError("decoding stdout: Object 'Kind' is missing in the plugin output")
        if gv not in _API_VERSIONS or kind != "ExecCredential":
            raise ExecPluginError(
                f'decoding stdout: no kind "{kind}" is registered for version "{gv}" in scheme '
                '"k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go"'
            )
        if gv != self.api_version:
            raise ExecPluginError(
                f"exec plugin is configured to use API version {self.api_version}, plugin returned version {gv}"
            )
        status = obj.get("status")
        if status is None:
            raise ExecPluginError("exec plugin didn't return a status field")
        if not isinstance(status, dict):
            raise ExecPluginError("decoding stdout: status is not a JSON object")
        token = _str_field(status, "token")
        cert_data = _str_field(status, "clientCertificateData")
        key_data = _str_field(status, "clientKeyData")
        if not token and not cert_data and not key_data:
            raise ExecPluginError("exec plugin didn't return a token or cert/key pair")
        if bool(cert_data) != bool(key_data):
            raise ExecPluginError("exec plugin returned only certificate or key, not both")
        exp = None
        ts = status.get("expirationTimestamp")
        if ts is not None:
            exp = _parse_rfc3339(ts)
        cert = None
        leaf = None
        if cert_data and key_data:
            try:
                cert = _transport.x509_key_pair(cert_data.encode(), key_data.encode())
                _check_loadable(cert)
            except ValueError as e:
                raise ExecPluginError(f"failed parsing client key/certificate: {e}") from None
            leaf = _parse_leaf(cert.cert_pem)
        self._exp = exp
        old, old_leaf = self._cached, self._leaf
        creds = self._cached = _Credentials(token, cert)
        self._leaf = leaf
        if old is not None and old.cert != cert and old_leaf is not None:
            # the client certificate rotated: how long the old one had lived
            _tmetrics.ClientCertRotationAge.observe(self._now() - old_leaf.not_valid_before_utc.timestamp())
        _metrics.expiration_metrics.set(self, leaf.not_valid_after_utc if leaf is not None else None)
        return creds


def _environ_dict(environ: Any) -> dict[str, str]:
    """The environment a.environ() gave: a dict, or Go's list of "KEY=value" strings."""
    if isinstance(environ, dict):
        return dict(environ)
    env: dict[str, str] = {}
    for kv in environ:
        k, sep, v = kv.partition("=")
        if sep:
            env[k] = v
    return env


def _stdin_target(stdin: Any) -> Any:
    """An interactive plugin's stdin: ours, or the process's own standard input when ours has no file descriptor
    (a replaced sys.stdin, as under a test runner)."""
    try:
        stdin.fileno()
        return stdin
    except (AttributeError, OSError, ValueError):
        return None


def _stderr_target(stderr: Any) -> tuple[Any, bool]:
    """What subprocess gets as the plugin's stderr, and whether its captured output is copied to stderr after (a
    writer without a file descriptor, as Go's a.stderr may be any io.Writer)."""
    if stderr is None:
        return None, False
    try:
        stderr.fileno()
        return stderr, False
    except (AttributeError, OSError, ValueError):
        return subprocess.PIPE, True


def _write(w: Any, data: bytes) -> None:
    """Write to a binary writer, or a text one (decoded)."""
    try:
        w.write(data)
    except TypeError:
        w.write(data.decode("utf-8", "replace"))


def _str_field(status: dict[Any, Any], name: str) -> str:
    v = status.get(name)
    if v is None:
        return ""
    if not isinstance(v, str):
        raise ExecPluginError(f"decoding stdout: status.{name} must be a string")
    return v


def _parse_rfc3339(ts: Any) -> float:
    if not isinstance(ts, str):
        raise ExecPluginError("decoding stdout: status.expirationTimestamp must be an RFC 3339 string")
    try:
        seconds, nanos = _gotime.parse_rfc3339(ts)
    except _gotime.TimeParseError:
        raise ExecPluginError(f'decoding stdout: parsing time "{ts}" as RFC 3339 failed') from None
    return seconds + nanos / 1e9


def _parse_leaf(cert_pem: bytes) -> Any:
    """The first certificate of the chain (Go's tls.Certificate.Leaf)."""
    from cryptography import x509

    from kubernetes_py._go import pem

    rest = cert_pem
    while True:
        block, rest = pem.decode(rest)
        if block is None:
            raise ExecPluginError("failed parsing client leaf certificate: x509: malformed certificate")
        if block.type == "CERTIFICATE":
            break
    try:
        return x509.load_der_x509_certificate(block.bytes)
    except ValueError as e:
        raise ExecPluginError(f"failed parsing client leaf certificate: x509: malformed certificate: {e}") from None


def _check_loadable(cert: _transport.Certificate) -> None:
    import ssl

    from kubernetes_py.transport._keyload import load_cert_chain_from_memory

    load_cert_chain_from_memory(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), cert.cert_pem, cert.key_pem)


class _ExecRoundTripper(_transport.RoundTripper):
    def __init__(self, a: Authenticator, delegate: BaseAdapter):
        super().__init__(delegate)
        self.a = a

    def round_trip(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if request.headers.get("Authorization"):
            return self.delegate.send(request, **kwargs)
        try:
            creds = self.a.get_creds()
        except ExecPluginError as e:
            raise ExecPluginError(f"getting credentials: {e}") from None
        req = request
        if creds.token:
            req = _transport.clone_request(request)
            req.headers["Authorization"] = "Bearer " + creds.token
        resp = self.delegate.send(req, **kwargs)
        if resp.status_code == 401:
            try:
                self.a.maybe_refresh_creds(creds)
            except ExecPluginError as e:
                log.error("refreshing credentials: %s", e)
        return resp


class cache:  # noqa: N801 - client-go's name
    """Authenticators by cache_key: equal ExecConfigs and clusters share one (Go's cache)."""

    def __init__(self) -> None:
        self.m: dict[str, Authenticator] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[Optional[Authenticator], bool]:
        with self._lock:
            a = self.m.get(key)
        return a, a is not None

    def put(self, key: str, a: Authenticator) -> Authenticator:
        """Keep a unless one is there already; the kept one either way."""
        with self._lock:
            return self.m.setdefault(key, a)


def new_cache() -> cache:
    return cache()


_global_cache = new_cache()


def cache_key(config: Any, cluster: Optional[Cluster]) -> str:
    """The key under which an ExecConfig and cluster share an authenticator (every field of both counts)."""
    policy = getattr(config, "plugin_policy", None)
    return json.dumps(
        {
            "command": config.command,
            "args": list(config.args or []),
            "env": [[e.name, e.value] for e in (config.env or [])],
            "apiVersion": config.api_version,
            "installHint": config.install_hint,
            "provideClusterInfo": bool(config.provide_cluster_info),
            "config": repr(getattr(config, "config", None)),
            "interactiveMode": config.interactive_mode,
            "stdinUnavailable": bool(getattr(config, "stdin_unavailable", False)),
            "stdinUnavailableMessage": getattr(config, "stdin_unavailable_message", ""),
            "policy": [
                getattr(policy, "policy_type", ""),
                [e.command for e in (getattr(policy, "allowlist", None) or [])],
            ]
            if policy is not None
            else None,
            "cluster": None if cluster is None else cluster.cache_key(),
        },
        sort_keys=True,
    )


def get_authenticator(config: Any, cluster: Optional[Cluster]) -> Authenticator:
    """The (process-wide cached) authenticator for an ExecConfig and cluster; equal inputs share one."""
    _tmetrics.ensure_registered()
    return new_authenticator(_global_cache, None, config, cluster)


def new_authenticator(
    c: cache, is_terminal_func: Optional[Callable[[int], bool]], config: Any, cluster: Optional[Cluster]
) -> Authenticator:
    """The authenticator c holds for config and cluster, made and kept when it has none (Go's newAuthenticator);
    is_terminal_func(fd) says whether standard input is a terminal (None: os.isatty)."""
    key = cache_key(config, cluster)
    a, ok = c.get(key)
    if ok and a is not None:
        return a
    if config.api_version not in _API_VERSIONS:
        raise ValueError(f'exec plugin: invalid apiVersion "{config.api_version}"')
    try:
        validate_plugin_policy(getattr(config, "plugin_policy", None))
    except ValueError as e:
        raise ValueError(f"invalid plugin policy: {e}") from None
    a = Authenticator(config, cluster)
    if is_terminal_func is not None:
        a.is_terminal = lambda f: is_terminal_func(_fd(f))
    return c.put(key, a)


def _fd(f: Optional[IO[Any]]) -> int:
    try:
        return f.fileno() if f is not None else -1
    except (AttributeError, ValueError, OSError):
        return -1
