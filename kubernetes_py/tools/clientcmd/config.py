"""Writing kubeconfig changes back to the files they came from (client-go tools/clientcmd/config.go)."""

from __future__ import annotations

import os
from typing import Any, Callable, Optional, Protocol

from kubernetes_py._go import filepath
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.loader import (
    ClientConfigLoadingRules,
    RecommendedConfigPathEnvVar,
    RecommendedConfigPathFlag,
    RecommendedFileName,
    RecommendedHomeDir,
    _deduplicate,
    _recommended_home_file,
    load_from_file,
    lock_file,
    new_default_client_config_loading_rules,
    relativize_auth_info_local_paths,
    relativize_cluster_local_paths,
    unlock_file,
    write_to_file,
)

__all__ = [
    "ConfigAccess",
    "PathOptions",
    "new_default_path_options",
    "modify_config",
    "persister_for_user",
    "get_config_from_file_or_die",
]


class ConfigAccess(Protocol):
    """Where kubeconfig files are read from and written to (Go's ConfigAccess interface).
    ClientConfigLoadingRules and PathOptions implement it."""

    def get_loading_precedence(self) -> list[str]: ...

    def get_starting_config(self) -> api.Config: ...

    def get_default_filename(self) -> str: ...

    def is_explicit_file(self) -> bool: ...

    def get_explicit_file(self) -> str: ...


class PathOptions(ConfigAccess):
    """kubectl's view of the kubeconfig location: explicit --kubeconfig, else $KUBECONFIG, else the global file."""

    def __init__(
        self,
        global_file: str = "",
        env_var: str = "",
        explicit_file_flag: str = "",
        global_file_subpath: str = "",
        loading_rules: Optional[ClientConfigLoadingRules] = None,
    ):
        self.global_file = global_file
        self.env_var = env_var
        self.explicit_file_flag = explicit_file_flag
        self.global_file_subpath = global_file_subpath
        self.loading_rules = loading_rules if loading_rules is not None else ClientConfigLoadingRules()

    def get_env_var_files(self) -> list[str]:
        if not self.env_var:
            return []
        value = os.environ.get(self.env_var, "")
        if not value:
            return []
        return _deduplicate(value.split(os.pathsep))

    def get_loading_precedence(self) -> list[str]:
        if self.is_explicit_file():
            return [self.get_explicit_file()]
        env_files = self.get_env_var_files()
        if env_files:
            return env_files
        return [self.global_file]

    def get_starting_config(self) -> api.Config:
        """The loading rules' starting config, read from this PathOptions' precedence."""
        loading_rules = self.loading_rules.copy()
        loading_rules.precedence = self.get_loading_precedence()
        return loading_rules.get_starting_config()

    def get_default_filename(self) -> str:
        if self.is_explicit_file():
            return self.get_explicit_file()
        env_files = self.get_env_var_files()
        if env_files:
            if len(env_files) == 1:
                return env_files[0]
            for env_file in env_files:
                if os.path.exists(env_file):
                    return env_file
            return env_files[-1]
        return self.global_file

    def is_explicit_file(self) -> bool:
        return bool(self.loading_rules.explicit_path)

    def get_explicit_file(self) -> str:
        return self.loading_rules.explicit_path


def new_default_path_options() -> PathOptions:
    """PathOptions for ~/.kube/config and $KUBECONFIG; paths are kept as written (not resolved)."""
    options = PathOptions(
        global_file=_recommended_home_file(),
        env_var=RecommendedConfigPathEnvVar,
        explicit_file_flag=RecommendedConfigPathFlag,
        global_file_subpath=filepath.join(RecommendedHomeDir, RecommendedFileName),
        loading_rules=new_default_client_config_loading_rules(),
    )
    options.loading_rules.do_not_resolve_paths = True
    return options


def _get_config_from_file(filename: str) -> api.Config:
    try:
        return load_from_file(filename)
    except FileNotFoundError:
        return api.new_config()


def get_config_from_file_or_die(filename: str) -> api.Config:
    """The config in ``filename`` (empty when missing); other errors propagate (Go exits the process)."""
    return _get_config_from_file(filename)


def _destination(location_of_origin: str, config_access: Any) -> str:
    return location_of_origin or config_access.get_default_filename()


def modify_config(config_access: Any, new_config: api.Config, relativize_paths: bool) -> None:
    """Write the differences between the starting config and ``new_config`` to the files they belong to:
    each cluster, user and context goes back to the file it came from (``location_of_origin``) or the
    default file; the current context and preferences go to the file that set them."""
    locked: list[str] = []
    try:
        from kubernetes_py.tools import clientcmd  # the package variable, read at each call as Go reads it

        if clientcmd.UseModifyConfigLock:
            for filename in sorted(config_access.get_loading_precedence()):
                lock_file(filename)
                locked.append(filename)
        _modify_config(config_access, new_config, relativize_paths)
    finally:
        for filename in reversed(locked):
            try:
                unlock_file(filename)
            except OSError:
                pass


def _modify_config(config_access: Any, new_config: api.Config, relativize_paths: bool) -> None:
    starting = config_access.get_starting_config()
    if starting == new_config:
        return
    if starting.current_context != new_config.current_context:
        _write_current_context(config_access, new_config.current_context)
    if starting.preferences != new_config.preferences:
        _write_preferences(config_access, new_config.preferences)

    starting_clusters = starting.clusters or {}
    for key, cluster in (new_config.clusters or {}).items():
        if key not in starting_clusters or cluster != starting_clusters[key]:
            destination = _destination(cluster.location_of_origin, config_access)
            to_write = _get_config_from_file(destination)
            entry = api.deep_copy(cluster)
            entry.location_of_origin = destination
            to_write.clusters = {**(to_write.clusters or {}), key: entry}
            if relativize_paths:
                relativize_cluster_local_paths(entry)
            write_to_file(to_write, destination)

    seen: dict[str, api.Config] = {}
    starting_contexts = starting.contexts or {}
    for key, context in (new_config.contexts or {}).items():
        if key not in starting_contexts or context != starting_contexts[key]:
            destination = _destination(context.location_of_origin, config_access)
            if destination not in seen:
                seen[destination] = _get_config_from_file(destination)
            to_write = seen[destination]
            to_write.contexts = {**(to_write.contexts or {}), key: context}
    for destination, to_write in seen.items():
        write_to_file(to_write, destination)

    starting_auth_infos = starting.auth_infos or {}
    for key, auth_info in (new_config.auth_infos or {}).items():
        if key not in starting_auth_infos or auth_info != starting_auth_infos[key]:
            destination = _destination(auth_info.location_of_origin, config_access)
            to_write = _get_config_from_file(destination)
            user = api.deep_copy(auth_info)
            user.location_of_origin = destination
            to_write.auth_infos = {**(to_write.auth_infos or {}), key: user}
            if relativize_paths:
                relativize_auth_info_local_paths(user)
            write_to_file(to_write, destination)

    def remove(key: str, location_of_origin: str, entries: Callable[[api.Config], Optional[dict[str, Any]]]) -> None:
        """Delete ``key`` from the map ``entries`` picks in the file the entry came from."""
        destination = _destination(location_of_origin, config_access)
        to_write = _get_config_from_file(destination)
        (entries(to_write) or {}).pop(key, None)
        write_to_file(to_write, destination)

    for key, cluster in starting_clusters.items():
        if key not in (new_config.clusters or {}):
            remove(key, cluster.location_of_origin, lambda c: c.clusters)
    for key, context in starting_contexts.items():
        if key not in (new_config.contexts or {}):
            remove(key, context.location_of_origin, lambda c: c.contexts)
    for key, auth_info in starting_auth_infos.items():
        if key not in (new_config.auth_infos or {}):
            remove(key, auth_info.location_of_origin, lambda c: c.auth_infos)


class _Persister:
    """Writes refreshed auth-provider settings of one user back to its kubeconfig file."""

    def __init__(self, config_access: Any, user: str):
        self._config_access = config_access
        self._user = user

    def __repr__(self) -> str:
        return f"rest.AuthProviderConfigPersister(user={self._user!r})"

    def persist(self, config: dict[str, str]) -> None:
        new_config = self._config_access.get_starting_config()
        auth_info = (new_config.auth_infos or {}).get(self._user)
        if auth_info is not None and auth_info.auth_provider is not None:
            auth_info.auth_provider.config = config
            modify_config(self._config_access, new_config, False)


def persister_for_user(config_access: Any, user: str) -> _Persister:
    """An AuthProviderConfigPersister that stores a user's auth-provider config through ``config_access``."""
    return _Persister(config_access, user)


def _write_current_context(config_access: Any, new_current_context: str) -> None:
    starting = config_access.get_starting_config()
    if starting.current_context == new_current_context:
        return
    if config_access.is_explicit_file():
        filename = config_access.get_explicit_file()
        current = _get_config_from_file(filename)
        current.current_context = new_current_context
        write_to_file(current, filename)
        return
    if new_current_context:
        destination = config_access.get_default_filename()
        current = _get_config_from_file(destination)
        current.current_context = new_current_context
        write_to_file(current, destination)
        return
    # Unsetting: clear it in the first file that sets one.
    for filename in config_access.get_loading_precedence():
        if os.path.exists(filename):
            current = _get_config_from_file(filename)
            if current.current_context:
                current.current_context = new_current_context
                write_to_file(current, filename)
                return
    raise ValueError("no config found to write context")


def _write_preferences(config_access: Any, new_prefs: api.Preferences) -> None:
    starting = config_access.get_starting_config()
    if starting.preferences == new_prefs:
        return
    if config_access.is_explicit_file():
        filename = config_access.get_explicit_file()
        current = _get_config_from_file(filename)
        current.preferences = new_prefs
        write_to_file(current, filename)
        return
    for filename in config_access.get_loading_precedence():
        current = _get_config_from_file(filename)
        if current.preferences != new_prefs:
            current.preferences = new_prefs
            write_to_file(current, filename)
            return
    raise ValueError("no config found to write preferences")
