"""A ClientConfig that loads the kubeconfig on first use and falls back to the in-cluster config
(client-go tools/clientcmd/merged_client_builder.go)."""

from __future__ import annotations

import logging
import threading
from typing import Any, Optional, Protocol

from kubernetes_py import rest
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.client_config import (
    ClientConfig,
    InClusterClientConfig,
    new_interactive_client_config,
    new_non_interactive_client_config,
)
from kubernetes_py.tools.clientcmd.overrides import ConfigOverrides
from kubernetes_py.tools.clientcmd.validation import is_empty_config

__all__ = [
    "DeferredLoadingClientConfig",
    "InClusterConfig",
    "new_interactive_deferred_loading_client_config",
    "new_non_interactive_deferred_loading_client_config",
]

log = logging.getLogger("kubernetes_py.tools.clientcmd")


class InClusterConfig(ClientConfig, Protocol):
    """Go's InClusterConfig interface: a ClientConfig that can tell whether the process runs in a pod."""

    def possible(self) -> bool: ...


class DeferredLoadingClientConfig(ClientConfig):
    """Loads through ``loader`` once (thread-safe), then answers from the merged config.

    When the kubeconfig is empty or equals the loader's default config and the process runs
    in a pod, ``client_config()`` and ``namespace()`` use the service-account configuration.
    """

    def __init__(
        self,
        loader: Any,
        overrides: Optional[ConfigOverrides] = None,
        icc: Optional[InClusterConfig] = None,
        fallback_reader: Any = None,
    ):
        self._loader = loader
        self._overrides = overrides
        self._fallback_reader = fallback_reader
        self._client_config: Optional[ClientConfig] = None
        self._lock = threading.Lock()
        self._icc = icc if icc is not None else InClusterClientConfig(overrides=overrides)

    def _create_client_config(self) -> ClientConfig:
        with self._lock:
            if self._client_config is not None:
                return self._client_config
            merged = self._loader.load()
            current_context = self._overrides.current_context if self._overrides is not None else ""
            if self._fallback_reader is not None:
                self._client_config = new_interactive_client_config(
                    merged, current_context, self._overrides, self._fallback_reader, self._loader
                )
            else:
                self._client_config = new_non_interactive_client_config(
                    merged, current_context, self._overrides, self._loader
                )
            return self._client_config

    def raw_config(self) -> api.Config:
        return self._create_client_config().raw_config()

    def client_config(self) -> rest.Config:
        merged_client_config = self._create_client_config()
        merged: rest.Config | Exception  # the config, or the empty-config error
        try:
            merged = merged_client_config.client_config()
        except Exception as err:  # noqa: BLE001 - only an empty config may fall through
            if not is_empty_config(err):
                raise
            merged = err
        if isinstance(merged, rest.Config) and not self._loader.is_default_config(merged):
            return merged
        if self._icc.possible():
            log.debug("Using in-cluster configuration")
            return self._icc.client_config()
        if isinstance(merged, Exception):
            raise merged
        return merged

    def namespace(self) -> tuple[str, bool]:
        merged_kube_config = self._create_client_config()
        try:
            ns, overridden = merged_kube_config.namespace()
            err: Optional[BaseException] = None
        except Exception as e:  # noqa: BLE001
            ns, overridden, err = "", False, e
        if (err is not None and not is_empty_config(err)) or overridden or not self._icc.possible():
            if err is not None:
                raise err
            return ns, overridden
        if ns:
            if ns != "default":
                return ns, False
            try:
                raw = merged_kube_config.raw_config()
            except Exception:  # noqa: BLE001
                raw = None
            if raw is not None:
                current_context = raw.current_context
                if self._overrides is not None and self._overrides.current_context:
                    current_context = self._overrides.current_context
                context = (raw.contexts or {}).get(current_context)
                if context is not None and context.namespace:
                    return ns, False
        log.debug("Using in-cluster namespace")
        return self._icc.namespace()

    def config_access(self) -> Any:
        return self._loader


def new_non_interactive_deferred_loading_client_config(
    loader: Any, overrides: Optional[ConfigOverrides] = None
) -> DeferredLoadingClientConfig:
    """The usual way to get a client config: ``loader`` is typically
    ``new_default_client_config_loading_rules()`` and ``overrides`` a ConfigOverrides."""
    return DeferredLoadingClientConfig(loader, overrides)


def new_interactive_deferred_loading_client_config(
    loader: Any, overrides: Optional[ConfigOverrides] = None, fallback_reader: Any = None
) -> DeferredLoadingClientConfig:
    """Like new_non_interactive_deferred_loading_client_config, but prompting for a user name (read from
    ``fallback_reader``) and a password when the kubeconfig has no credentials."""
    return DeferredLoadingClientConfig(loader, overrides, fallback_reader=fallback_reader)
