"""Finding, reading, merging and writing kubeconfig files (client-go tools/clientcmd/loader.go)."""

from __future__ import annotations

import logging
import os
import stat as stat_module
from typing import Any, Callable, Optional, Protocol

from kubernetes_py._go import filepath
from kubernetes_py._go.os import mkdir_all, open_file, read_file, stat, write_file
from kubernetes_py.apimachinery.util.errors import Aggregate
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.api.latest import Codec
from kubernetes_py.tools.clientcmd.merge import merge
from kubernetes_py.util.homedir import home_dir

__all__ = [
    "RecommendedConfigPathFlag",
    "RecommendedConfigPathEnvVar",
    "RecommendedHomeDir",
    "RecommendedFileName",
    "RecommendedSchemaName",
    "RecommendedConfigDir",
    "RecommendedHomeFile",
    "RecommendedSchemaFile",
    "ClientConfigLoader",
    "KubeconfigGetter",
    "ClientConfigGetter",
    "ClientConfigLoadingRules",
    "MissingConfigError",
    "WarningHandler",
    "new_default_client_config_loading_rules",
    "load_from_file",
    "load",
    "write",
    "write_to_file",
    "resolve_local_paths",
    "relativize_cluster_local_paths",
    "relativize_auth_info_local_paths",
    "relativize_config_paths",
    "resolve_config_paths",
    "get_config_file_references",
    "get_cluster_file_references",
    "get_auth_info_file_references",
    "resolve_paths",
    "relativize_path_with_no_backsteps",
    "make_relative",
]

log = logging.getLogger("kubernetes_py.tools.clientcmd")

RecommendedConfigPathFlag = "kubeconfig"
RecommendedConfigPathEnvVar = "KUBECONFIG"
RecommendedHomeDir = ".kube"
RecommendedFileName = "config"
RecommendedSchemaName = "schema"


# Fixed at import like Go's package variables. The loading functions below look HOME up
# again on each call, so a process (or test) that changes HOME sees its own files.
RecommendedConfigDir = filepath.join(home_dir(), RecommendedHomeDir)
RecommendedHomeFile = filepath.join(RecommendedConfigDir, RecommendedFileName)
RecommendedSchemaFile = filepath.join(RecommendedConfigDir, RecommendedSchemaName)


def _recommended_home_file() -> str:
    return filepath.join(home_dir(), RecommendedHomeDir, RecommendedFileName)


def _current_migration_rules() -> dict[str, str]:
    return {_recommended_home_file(): filepath.join(os.environ.get("HOME", ""), RecommendedHomeDir, ".kubeconfig")}


class ClientConfigLoader(Protocol):
    """Go's ClientConfigLoader interface: ConfigAccess (where kubeconfig files are) plus ``is_default_config`` and
    ``load``."""

    def get_loading_precedence(self) -> list[str]:  # pragma: no cover - interface
        raise TypeError(f"{type(self).__name__} must implement get_loading_precedence()")

    def get_starting_config(self) -> api.Config: ...

    def get_default_filename(self) -> str: ...

    def is_explicit_file(self) -> bool: ...

    def get_explicit_file(self) -> str: ...

    def is_default_config(self, config: Any) -> bool: ...

    def load(self) -> api.Config: ...


KubeconfigGetter = Callable[[], api.Config]


class ClientConfigGetter(ClientConfigLoader):
    """A loader backed by a function that returns the merged config (no files)."""

    def __init__(self, kubeconfig_getter: KubeconfigGetter):
        self.kubeconfig_getter = kubeconfig_getter

    def load(self) -> api.Config:
        return self.kubeconfig_getter()

    def get_loading_precedence(self) -> list[str]:
        return []

    def get_starting_config(self) -> api.Config:
        return self.kubeconfig_getter()

    def get_default_filename(self) -> str:
        return ""

    def is_explicit_file(self) -> bool:
        return False

    def get_explicit_file(self) -> str:
        return ""

    def is_default_config(self, config: Any) -> bool:
        return False


# Receives the MissingConfigError of a load that found none of its files (Go's WarningHandler; None logs it at
# debug level, as klog.V(1) does).
WarningHandler = Callable[[BaseException], None]


class MissingConfigError(Exception):
    """None of the kubeconfig files in the precedence list exist."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(f"Config not found: {', '.join(self.missing)}")


def _deduplicate(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


class ClientConfigLoadingRules(ClientConfigLoader):
    """Which kubeconfig files to read and how to merge them.

    ``explicit_path`` (the --kubeconfig flag) must exist and is then the only file;
    otherwise every file in ``precedence`` that exists is read and merged, the first file
    to set a value winning. ``warner`` receives a MissingConfigError when
    ``warn_if_all_missing`` is set and none of the files exist.
    """

    def __init__(
        self,
        explicit_path: str = "",
        precedence: Optional[list[str]] = None,
        migration_rules: Optional[dict[str, str]] = None,
        do_not_resolve_paths: bool = False,
        default_client_config: Any = None,
        warn_if_all_missing: bool = False,
        warner: Optional[WarningHandler] = None,
    ):
        self.explicit_path = explicit_path
        self.precedence = list(precedence) if precedence is not None else []
        self.migration_rules = migration_rules
        self.do_not_resolve_paths = do_not_resolve_paths
        self.default_client_config = default_client_config
        self.warn_if_all_missing = warn_if_all_missing
        self.warner = warner

    def __repr__(self) -> str:
        return (
            f"ClientConfigLoadingRules(explicit_path={self.explicit_path!r}, precedence={self.precedence!r}, "
            f"do_not_resolve_paths={self.do_not_resolve_paths!r})"
        )

    def copy(self) -> "ClientConfigLoadingRules":
        return ClientConfigLoadingRules(
            explicit_path=self.explicit_path,
            precedence=list(self.precedence),
            migration_rules=self.migration_rules,
            do_not_resolve_paths=self.do_not_resolve_paths,
            default_client_config=self.default_client_config,
            warn_if_all_missing=self.warn_if_all_missing,
            warner=self.warner,
        )

    def _warn(self, err: BaseException) -> None:
        if self.warner is None:
            log.debug("%s", err)
        else:
            self.warner(err)

    def load(self) -> api.Config:
        """Read and merge the files. Raises FileNotFoundError for a missing explicit path, and an
        Aggregate of ``error loading config file "...": ...`` errors for unreadable or malformed files
        (the merged result of the readable ones is on the exception as ``.config``)."""
        self.migrate()
        errlist: list[BaseException] = []
        missing: list[str] = []
        if self.explicit_path:
            try:
                stat(self.explicit_path)
            except FileNotFoundError:
                raise  # "stat <path>: no such file or directory"
            except OSError:
                pass  # any other problem shows up when the file is read
            files = [self.explicit_path]
        else:
            files = list(self.precedence)
        kubeconfigs: list[api.Config] = []
        for filename in files:
            if not filename:
                continue
            try:
                config = load_from_file(filename)
            except FileNotFoundError:
                missing.append(filename)
                continue
            except (OSError, ValueError) as err:
                errlist.append(ValueError(f'error loading config file "{filename}": {err}'))
                continue
            kubeconfigs.append(config)
        if self.warn_if_all_missing and missing and not kubeconfigs:
            self._warn(MissingConfigError(missing))

        # Maps: the first file to define a key wins (merged last-to-first below); values:
        # the first file to set one wins.
        map_config = api.new_config()
        for kubeconfig in kubeconfigs:
            merge(map_config, kubeconfig)
        non_map_config = api.new_config()
        for kubeconfig in reversed(kubeconfigs):
            merge(non_map_config, kubeconfig)
        config = api.new_config()
        merge(config, map_config)
        merge(config, non_map_config)

        if self.resolve_paths():
            try:
                resolve_local_paths(config)
            except (OSError, ValueError) as err:
                errlist.append(err)
        if errlist:
            agg = Aggregate(errlist)
            agg.config = config  # type: ignore[attr-defined]
            raise agg
        return config

    def migrate(self) -> None:
        """Copy an old-style ~/.kube/.kubeconfig to ~/.kube/config when only the old one exists."""
        if self.migration_rules is None:
            return
        for destination, source in self.migration_rules.items():
            try:
                stat(destination)
                continue  # the destination exists: nothing to do
            except PermissionError:
                continue
            except FileNotFoundError:
                pass
            try:
                source_info = stat(source)
            except (FileNotFoundError, PermissionError):
                continue
            if stat_module.S_ISDIR(source_info.st_mode):
                raise ValueError(f"cannot migrate {source} to {destination} because it is a directory")
            data = read_file(source)
            # created with the source's permissions, never executable, less the umask
            write_file(destination, data, stat_module.S_IMODE(source_info.st_mode) & 0o666)

    def get_loading_precedence(self) -> list[str]:
        if self.explicit_path:
            return [self.explicit_path]
        return list(self.precedence)

    def get_starting_config(self) -> api.Config:
        """The raw merged config these rules load, or an empty config when the file is missing."""
        from kubernetes_py.tools.clientcmd.overrides import ConfigOverrides
        from kubernetes_py.tools.clientcmd.merged_client_builder import (
            new_non_interactive_deferred_loading_client_config,
        )

        client_config = new_non_interactive_deferred_loading_client_config(self, ConfigOverrides())
        try:
            return client_config.raw_config()
        except FileNotFoundError:
            return api.new_config()

    def get_default_filename(self) -> str:
        if self.is_explicit_file():
            return self.get_explicit_file()
        for filename in self.get_loading_precedence():
            if os.path.exists(filename):
                return filename
        if self.precedence:
            return self.precedence[0]
        return ""

    def is_explicit_file(self) -> bool:
        return bool(self.explicit_path)

    def get_explicit_file(self) -> str:
        return self.explicit_path

    def is_default_config(self, config: Any) -> bool:
        if self.default_client_config is None:
            return False
        try:
            default_config = self.default_client_config.client_config()
        except Exception:  # noqa: BLE001 - Go ignores the error here
            return False
        # Go compares with reflect.DeepEqual, for which a non-nil func (Proxy, Dial, WrapTransport)
        # never equals anything.
        for c in (config, default_config):
            if c is None or c.proxy is not None or c.dial is not None or c.wrap_transport is not None:
                return False
        return bool(config == default_config)

    def resolve_paths(self) -> bool:
        return not self.do_not_resolve_paths


def new_default_client_config_loading_rules() -> ClientConfigLoadingRules:
    """Rules for $KUBECONFIG (a os.pathsep-separated list, duplicates dropped) or else ~/.kube/config."""
    env_files = os.environ.get(RecommendedConfigPathEnvVar, "")
    if env_files:
        chain = _deduplicate(env_files.split(os.pathsep))
        warn_if_all_missing = True
    else:
        chain = [_recommended_home_file()]
        warn_if_all_missing = False
    return ClientConfigLoadingRules(
        precedence=chain, migration_rules=_current_migration_rules(), warn_if_all_missing=warn_if_all_missing
    )


def load_from_file(filename: str) -> api.Config:
    """Read one kubeconfig file and record it as the origin of its clusters, users and contexts."""
    config = load(read_file(filename))
    log.debug("Config loaded from file: %s", filename)
    entries: list[api.AuthInfo | api.Cluster | api.Context] = [
        *(config.auth_infos or {}).values(),
        *(config.clusters or {}).values(),
        *(config.contexts or {}).values(),
    ]
    for obj in entries:
        obj.location_of_origin = filename
    if config.auth_infos is None:
        config.auth_infos = {}
    if config.clusters is None:
        config.clusters = {}
    if config.contexts is None:
        config.contexts = {}
    return config


def load(data: bytes | str) -> api.Config:
    """Parse kubeconfig bytes (YAML or JSON). Raises latest.DecodeError with client-go's message."""
    if not data:
        return api.new_config()
    return Codec.decode(data, into=api.new_config())


def write(config: api.Config) -> bytes:
    """The kubeconfig YAML client-go writes for ``config``."""
    return Codec.encode(config)


def write_to_file(config: api.Config, filename: str) -> None:
    """Write ``config`` to ``filename`` (mode 0600), creating its directory (0755) if needed."""
    content = write(config)
    directory = os.path.dirname(filename) or "."
    if not os.path.exists(directory):
        mkdir_all(directory, 0o755)
    write_file(filename, content, 0o600)


def lock_file(filename: str) -> None:
    """Create ``filename + ".lock"`` exclusively; fails while another writer holds it."""
    directory = os.path.dirname(filename) or "."
    if not os.path.exists(directory):
        mkdir_all(directory, 0o755)
    os.close(open_file(lock_name(filename), os.O_CREAT | os.O_EXCL, 0))


def unlock_file(filename: str) -> None:
    os.remove(lock_name(filename))


def lock_name(filename: str) -> str:
    return filename + ".lock"


def _abs_dir(location: str) -> str:
    return os.path.abspath(os.path.dirname(location) or ".")


def resolve_local_paths(config: api.Config) -> None:
    """Make relative file references absolute against the file each entry came from."""
    for cluster in (config.clusters or {}).values():
        if not cluster.location_of_origin:
            continue
        _resolve_cluster(cluster, _abs_dir(cluster.location_of_origin))
    for auth_info in (config.auth_infos or {}).values():
        if not auth_info.location_of_origin:
            continue
        _resolve_auth_info(auth_info, _abs_dir(auth_info.location_of_origin))


# Python has no pointers to fields: a file reference is (object, attribute name).
FileReference = tuple[Any, str]


def get_cluster_file_references(cluster: api.Cluster) -> list[FileReference]:
    return [(cluster, "certificate_authority")]


def get_auth_info_file_references(auth_info: api.AuthInfo) -> list[FileReference]:
    refs: list[FileReference] = [
        (auth_info, "client_certificate"),
        (auth_info, "client_key"),
        (auth_info, "token_file"),
    ]
    if auth_info.exec is not None and os.sep in auth_info.exec.command:
        refs.append((auth_info.exec, "command"))
    return refs


def get_config_file_references(config: api.Config) -> list[FileReference]:
    refs: list[FileReference] = []
    for cluster in (config.clusters or {}).values():
        refs.extend(get_cluster_file_references(cluster))
    for auth_info in (config.auth_infos or {}).values():
        refs.extend(get_auth_info_file_references(auth_info))
    return refs


def resolve_paths(refs: list[FileReference], base: str) -> None:
    for obj, attr in refs:
        value = getattr(obj, attr)
        if value and not os.path.isabs(value):
            setattr(obj, attr, filepath.join(base, value))


def make_relative(path: str, base: str) -> str:
    """Go's filepath.Rel(base, path) for non-empty ``path`` (lexical: nothing is looked up on disk).
    Raises ValueError "Rel: can't make <path> relative to <base>"."""
    if not path:
        return path
    return _rel(base, path)


def _rel(basepath: str, targpath: str) -> str:
    base = filepath.clean(basepath)
    targ = filepath.clean(targpath)
    if targ == base:
        return "."
    if base == ".":
        base = ""
    if targ == ".":
        targ = ""
    if base.startswith("/") != targ.startswith("/"):
        raise ValueError(f"Rel: can't make {targpath} relative to {basepath}")
    # Walk both to their first differing elements, base[b0:bi] and targ[t0:ti].
    bl, tl = len(base), len(targ)
    b0 = bi = t0 = ti = 0
    while True:
        while bi < bl and base[bi] != "/":
            bi += 1
        while ti < tl and targ[ti] != "/":
            ti += 1
        if targ[t0:ti] != base[b0:bi]:
            break
        if bi < bl:
            bi += 1
        if ti < tl:
            ti += 1
        b0, t0 = bi, ti
    if base[b0:bi] == "..":
        raise ValueError(f"Rel: can't make {targpath} relative to {basepath}")
    if b0 != bl:
        # base has elements left: go up past them, then down into the target's rest
        up = "/".join([".."] * (base[b0:bl].count("/") + 1))
        return up + ("/" + targ[t0:] if t0 != tl else "")
    return targ[t0:]


def relativize_path_with_no_backsteps(refs: list[FileReference], base: str) -> None:
    """Make references relative to ``base`` unless that needs "../" (absolute paths then stay absolute)."""
    for obj, attr in refs:
        value = getattr(obj, attr)
        if not value:
            continue
        rel = make_relative(value, base)
        if rel.startswith("../") or rel.startswith(".." + os.sep):
            if os.path.isabs(value):
                continue
            raise ValueError(f"{value} requires backsteps and is not absolute")
        setattr(obj, attr, rel)


def _resolve_cluster(cluster: api.Cluster, base: str) -> None:
    resolve_paths(get_cluster_file_references(cluster), base)


def _resolve_auth_info(auth_info: api.AuthInfo, base: str) -> None:
    resolve_paths(get_auth_info_file_references(auth_info), base)


def relativize_cluster_local_paths(cluster: api.Cluster) -> None:
    if not cluster.location_of_origin:
        raise ValueError(f"no location of origin for {cluster.server}")
    base = _abs_dir(cluster.location_of_origin)
    resolve_paths(get_cluster_file_references(cluster), base)
    relativize_path_with_no_backsteps(get_cluster_file_references(cluster), base)


def relativize_auth_info_local_paths(auth_info: api.AuthInfo) -> None:
    if not auth_info.location_of_origin:
        raise ValueError("no location of origin for a user entry")
    base = _abs_dir(auth_info.location_of_origin)
    resolve_paths(get_auth_info_file_references(auth_info), base)
    relativize_path_with_no_backsteps(get_auth_info_file_references(auth_info), base)


def relativize_config_paths(config: api.Config, base: str) -> None:
    relativize_path_with_no_backsteps(get_config_file_references(config), base)


def resolve_config_paths(config: api.Config, base: str) -> None:
    resolve_paths(get_config_file_references(config), base)
