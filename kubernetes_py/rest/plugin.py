"""Auth-provider plugins (client-go rest/plugin.go): a registry of factories by name."""

from __future__ import annotations

import abc
import threading
from typing import Any, Callable, Optional, Protocol


class AuthProvider(Protocol):
    @abc.abstractmethod
    def wrap_transport(self, rt: Any) -> Any:
        """Wrap the round tripper with this provider's authentication."""

    @abc.abstractmethod
    def login(self) -> None:
        """Log in interactively, where the provider supports it."""


# factory(cluster_address, config: dict[str, str], persister) -> AuthProvider
Factory = Callable[[str, dict[str, str], Any], AuthProvider]


class noopPersister:  # noqa: N801 - client-go's (unexported) type name
    """What a plugin persists through when the config has no persister: nothing."""

    def persist(self, config: dict[str, str]) -> None:
        return None


_lock = threading.Lock()
_plugins: dict[str, Factory] = {}


def register_auth_provider_plugin(name: str, plugin: Factory) -> None:
    """Register a factory under name; registering a name twice raises."""
    with _lock:
        if name in _plugins:
            raise ValueError(f'auth Provider Plugin "{name}" was registered twice')
        _plugins[name] = plugin


def register_builtin_auth_provider_plugin(name: str, plugin: Factory) -> None:
    """Register a plugin bundled with kubernetes_py unless the application already registered that name."""
    with _lock:
        _plugins.setdefault(name, plugin)


def get_auth_provider(cluster_address: str, apc: Any, persister: Optional[Any]) -> AuthProvider:
    """Build the provider named by apc (an AuthProviderConfig); raises when no plugin has that name."""
    _ensure_builtin_plugins()
    with _lock:
        factory = _plugins.get(apc.name)
    if factory is None:
        raise ValueError(f'no Auth Provider found for name "{apc.name}"')
    if persister is None:
        persister = noopPersister()
    return factory(cluster_address, dict(apc.config or {}), persister)


_builtins_loaded = False


def _ensure_builtin_plugins() -> None:
    """Import the plugins that ship with the package (Go users blank-import plugin/pkg/client/auth)."""
    global _builtins_loaded
    if _builtins_loaded:
        return
    _builtins_loaded = True
    import kubernetes_py.plugin.pkg.client.auth  # noqa: F401 - registers oidc and gcp


__all__ = [
    "AuthProvider",
    "Factory",
    "get_auth_provider",
    "register_auth_provider_plugin",
    "register_builtin_auth_provider_plugin",
]
