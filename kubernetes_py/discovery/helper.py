"""Helpers over discovery results (client-go discovery/helper.go)."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionResource, parse_group_version

__all__ = [
    "ResourcePredicate",
    "ResourcePredicateFunc",
    "SupportsAllVerbs",
    "filtered_by",
    "group_version_resources",
    "is_resource_enabled",
    "matches_server_version",
    "server_supports_version",
]


def _go_sharp_v_info(info: Any, pointer: bool) -> str:
    """Go's ``%#v`` of a version.Info value (``&version.Info{...}`` for a pointer)."""
    from kubernetes_py._go.strconv import go_quote
    from kubernetes_py.apimachinery.version import _INFO_FIELDS

    names = {
        "git_commit": "GitCommit",
        "git_tree_state": "GitTreeState",
        "git_version": "GitVersion",
        "build_date": "BuildDate",
        "go_version": "GoVersion",
    }
    parts = []
    for attr, _, _ in _INFO_FIELDS:
        go_name = names.get(attr) or "".join(p.capitalize() for p in attr.split("_"))
        parts.append(f"{go_name}:{go_quote(getattr(info, attr))}")
    return ("&" if pointer else "") + "version.Info{" + ", ".join(parts) + "}"


def is_resource_enabled(client: Any, resource_to_check: GroupVersionResource) -> bool:
    """Whether the server lists the resource in its group version (a missing group version means no)."""
    from kubernetes_py.apimachinery.api import errors

    try:
        resource_list = client.server_resources_for_group_version(str(resource_to_check.group_version()))
    except Exception as err:  # noqa: BLE001
        if errors.is_not_found(err):
            return False
        raise
    return any(r.name == resource_to_check.resource for r in resource_list.resources)


def matches_server_version(client_version: Any, client: Any) -> None:
    """Raise unless the server's git version, commit and tree state equal the client's."""
    try:
        s_ver = client.server_version()
    except Exception as err:  # noqa: BLE001
        raise RuntimeError(f"couldn't read version from server: {err}") from err
    if (
        client_version.git_version != s_ver.git_version
        or client_version.git_commit != s_ver.git_commit
        or client_version.git_tree_state != s_ver.git_tree_state
    ):
        raise RuntimeError(
            f"server version ({_go_sharp_v_info(s_ver, True)}) differs from client version "
            f"({_go_sharp_v_info(client_version, False)})"
        )


def server_supports_version(client: Any, required_gv: GroupVersion) -> None:
    """Raise unless the server offers the group version (a server listing no versions is trusted)."""
    from kubernetes_py._go.strconv import go_quote

    groups = client.server_groups()
    server_versions = {v.groupVersion for g in groups.groups for v in g.versions}
    if str(required_gv) in server_versions or not server_versions:
        return
    raise RuntimeError(f"server does not support API version {go_quote(str(required_gv))}")


def group_version_resources(rls: Iterable[Any]) -> set[GroupVersionResource]:
    """The set of GroupVersionResources in resource lists (Go returns a map used as a set)."""
    gvrs: set[GroupVersionResource] = set()
    for rl in rls:
        gv = parse_group_version(rl.groupVersion)
        for r in rl.resources:
            gvrs.add(GroupVersionResource(group=gv.group, version=gv.version, resource=r.name))
    return gvrs


class ResourcePredicate:
    """Decides whether a resource of a group version is kept by filtered_by."""

    def match(self, group_version: str, r: Any) -> bool:
        raise TypeError(f"{type(self).__name__} does not implement match")


class ResourcePredicateFunc(ResourcePredicate):
    """A function ``(group_version, api_resource) -> bool`` as a ResourcePredicate."""

    def __init__(self, fn: Callable[[str, Any], bool]):
        self._fn = fn

    def match(self, group_version: str, r: Any) -> bool:
        return bool(self._fn(group_version, r))

    def __call__(self, group_version: str, r: Any) -> bool:
        return self.match(group_version, r)


class SupportsAllVerbs(ResourcePredicate):
    """Keeps resources that support every one of ``verbs``."""

    def __init__(self, verbs: Iterable[str] = ()):
        self.verbs = list(verbs)

    def match(self, group_version: str, r: Any) -> bool:
        have = set(r.verbs.items)
        return all(v in have for v in self.verbs)


def filtered_by(pred: Any, rls: Iterable[Any]) -> list[Any]:
    """Copies of the resource lists keeping the resources the predicate matches; emptied lists are dropped."""
    match = pred.match if hasattr(pred, "match") else pred
    result = []
    for rl in rls:
        kept = [r for r in rl.resources if match(rl.groupVersion, r)]
        if kept:
            filtered = rl.deep_copy()
            del filtered.resources[:]
            filtered.resources.extend(kept)
            result.append(filtered)
    return result
