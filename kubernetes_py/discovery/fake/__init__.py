"""Port of k8s.io/client-go/discovery/fake: a discovery client answering from ``fake.resources``, recording actions.

``FakeDiscovery(fake=testing.Fake())`` embeds the testing Fake as Go's struct does: its fields and methods
(``resources``, ``add_reactor``, ``actions()``...) are reachable on the FakeDiscovery, and a Fake shared with a
fake clientset records into the same action list.
"""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING, Any, Optional

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource, parse_group_version
from kubernetes_py.apimachinery.version import Info
from kubernetes_py import context

if TYPE_CHECKING:
    from kubernetes_py.testing import Fake

__all__ = ["FakeDiscovery"]


def _client_version() -> Info:
    """client-go's pkg/version.Get() of a build without version stamping (Go's runtime fields left empty)."""
    return Info(
        major="",
        minor="",
        git_version="v0.0.0-master+$Format:%H$",
        git_commit="$Format:%H$",
        git_tree_state="",
        build_date="1970-01-01T00:00:00Z",
        go_version="",
        compiler="",
        platform=f"{platform.system().lower()}/{platform.machine()}",
    )


def _action(resource: str) -> Any:
    from kubernetes_py import testing

    return testing.ActionImpl(verb="get", resource=GroupVersionResource(resource=resource))


class FakeDiscovery:
    """A DiscoveryInterface over a testing.Fake: groups and resources come from ``resources`` (APIResourceLists)."""

    _OWN = ("fake", "faked_server_version")
    fake: Fake
    faked_server_version: Optional[Info]

    def __init__(self, fake: Optional[Fake] = None, faked_server_version: Optional[Info] = None):
        from kubernetes_py import testing

        object.__setattr__(self, "fake", fake if fake is not None else testing.Fake())
        object.__setattr__(self, "faked_server_version", faked_server_version)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fake, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.fake, name, value)

    def __repr__(self) -> str:
        return f"fake.FakeDiscovery(resources={len(self.fake.resources)} lists)"

    def server_resources_for_group_version(self, group_version: str) -> Any:
        return self.server_resources_for_group_version_with_context(None, group_version)

    def server_resources_for_group_version_with_context(self, ctx: context.Context | None, group_version: str) -> Any:
        from kubernetes_py.apimachinery.api import errors
        from kubernetes_py._go.strconv import go_quote

        self.fake.invokes(_action("resource"), None)
        for resource_list in self.fake.resources:
            if resource_list.groupVersion == group_version:
                return resource_list
        raise errors.StatusError(
            metav1.Status(
                status=metav1.StatusFailure,
                code=404,
                reason=metav1.StatusReasonNotFound,
                message=f"the server could not find the requested resource, GroupVersion {go_quote(group_version)} "
                "not found",
            )
        )

    def server_groups_and_resources(self) -> tuple[list[Any], list[Any]]:
        return self.server_groups_and_resources_with_context(None)

    def server_groups_and_resources_with_context(self, ctx: context.Context | None) -> tuple[list[Any], list[Any]]:
        """(groups, resources). A reactor failing the "resource" action raises its error, carrying the groups and
        resources as ``partial_groups``/``partial_resources`` (Go returns them beside the error)."""
        sgs = self.server_groups_with_context(ctx)
        try:
            self.fake.invokes(_action("resource"), None)
        except Exception as err:
            setattr(err, "partial_groups", list(sgs.groups))  # Go returns them beside the error
            setattr(err, "partial_resources", list(self.fake.resources))
            raise
        return list(sgs.groups), list(self.fake.resources)

    def server_preferred_resources(self) -> Any:
        """None, as client-go's fake returns (nil, nil)."""
        return None

    def server_preferred_resources_with_context(self, ctx: context.Context | None) -> Any:
        return None

    def server_preferred_namespaced_resources(self) -> Any:
        return None

    def server_preferred_namespaced_resources_with_context(self, ctx: context.Context | None) -> Any:
        return None

    def server_groups(self) -> Any:
        return self.server_groups_with_context(None)

    def server_groups_with_context(self, ctx: context.Context | None) -> Any:
        """One APIGroup per group in ``resources``, preferring the first version listed."""
        self.fake.invokes(_action("group"), None)
        groups: dict[str, Any] = {}
        for res in self.fake.resources:
            gv = parse_group_version(res.groupVersion)
            group = groups.get(gv.group)
            if group is None:
                group = metav1.APIGroup(
                    name=gv.group,
                    preferredVersion=metav1.GroupVersionForDiscovery(groupVersion=res.groupVersion, version=gv.version),
                )
                groups[gv.group] = group
            group.versions.append(metav1.GroupVersionForDiscovery(groupVersion=res.groupVersion, version=gv.version))
        return metav1.APIGroupList(groups=list(groups.values()))

    def server_version(self) -> Info:
        return self.server_version_with_context(None)

    def server_version_with_context(self, ctx: context.Context | None) -> Info:
        """``faked_server_version`` when set, else client-go's unstamped client version."""
        self.fake.invokes(_action("version"), None)
        if self.faked_server_version is not None:
            return self.faked_server_version
        return _client_version()

    def open_api_schema(self) -> bytes:
        """An empty OpenAPI v2 document (no bytes), as client-go's fake returns an empty Document."""
        return b""

    def open_api_schema_with_context(self, ctx: context.Context | None) -> bytes:
        return b""

    def open_api_v3(self) -> Any:
        """Not implemented, as in client-go's fake (which panics)."""
        raise NotImplementedError("unimplemented")

    def open_api_v3_with_context(self, ctx: context.Context | None) -> Any:
        raise NotImplementedError("unimplemented")

    def rest_client(self) -> Any:
        return None
