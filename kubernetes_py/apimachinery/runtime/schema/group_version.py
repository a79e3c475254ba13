"""GroupVersion, GroupVersionKind, GroupVersionResource, GroupKind, GroupResource and their parsers.

Each identifier is a frozen, hashable dataclass with keyword fields; ``str()`` gives the same text as Go's
``String()`` so log lines and error messages read identically.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Optional, Protocol, runtime_checkable

from kubernetes_py._go.strconv import go_string


@dataclasses.dataclass(frozen=True)
class GroupResource:
    """A resource within an API group, without a version (``deployments.apps``)."""

    group: str = ""
    resource: str = ""

    def with_version(self, version: str) -> "GroupVersionResource":
        return GroupVersionResource(group=self.group, version=version, resource=self.resource)

    def empty(self) -> bool:
        return not self.group and not self.resource

    def __str__(self) -> str:
        if not self.group:
            return self.resource
        return f"{self.resource}.{self.group}"


@dataclasses.dataclass(frozen=True)
class GroupVersionResource:
    """A resource in one version of an API group."""

    group: str = ""
    version: str = ""
    resource: str = ""

    def empty(self) -> bool:
        return not self.group and not self.version and not self.resource

    def group_resource(self) -> GroupResource:
        return GroupResource(group=self.group, resource=self.resource)

    def group_version(self) -> "GroupVersion":
        return GroupVersion(group=self.group, version=self.version)

    def __str__(self) -> str:
        return f"{self.group}/{self.version}, Resource={self.resource}"


@dataclasses.dataclass(frozen=True)
class GroupKind:
    """A kind within an API group, without a version (``Deployment.apps``)."""

    group: str = ""
    kind: str = ""

    def empty(self) -> bool:
        return not self.group and not self.kind

    def with_version(self, version: str) -> "GroupVersionKind":
        return GroupVersionKind(group=self.group, version=version, kind=self.kind)

    def __str__(self) -> str:
        if not self.group:
            return self.kind
        return f"{self.kind}.{self.group}"


@dataclasses.dataclass(frozen=True)
class GroupVersionKind:
    """A kind in one version of an API group."""

    group: str = ""
    version: str = ""
    kind: str = ""

    def empty(self) -> bool:
        return not self.group and not self.version and not self.kind

    def group_kind(self) -> GroupKind:
        return GroupKind(group=self.group, kind=self.kind)

    def group_version(self) -> "GroupVersion":
        return GroupVersion(group=self.group, version=self.version)

    def to_api_version_and_kind(self) -> tuple[str, str]:
        """The ``apiVersion`` and ``kind`` strings of an object of this kind; two empty strings when empty."""
        if self.empty():
            return "", ""
        return str(self.group_version()), self.kind

    def __str__(self) -> str:
        return f"{self.group}/{self.version}, Kind={self.kind}"


@dataclasses.dataclass(frozen=True)
class GroupVersion:
    """An API group and version (``apps/v1``; the core group is ``v1``)."""

    group: str = ""
    version: str = ""

    def empty(self) -> bool:
        return not self.group and not self.version

    def __str__(self) -> str:
        if self.group:
            return f"{self.group}/{self.version}"
        return self.version

    def identifier(self) -> str:
        return str(self)

    def with_kind(self, kind: str) -> GroupVersionKind:
        return GroupVersionKind(group=self.group, version=self.version, kind=kind)

    def with_resource(self, resource: str) -> GroupVersionResource:
        return GroupVersionResource(group=self.group, version=self.version, resource=resource)

    def kind_for_group_version_kinds(self, kinds: Iterable[GroupVersionKind]) -> tuple[GroupVersionKind, bool]:
        """Pick the kind to use for this group version: an exact group/version match first, else any kind of the
        same group moved to this version. Returns ``(gvk, found)`` as Go does."""
        kinds = list(kinds)
        for gvk in kinds:
            if gvk.group == self.group and gvk.version == self.version:
                return gvk, True
        for gvk in kinds:
            if gvk.group == self.group:
                return self.with_kind(gvk.kind), True
        return GroupVersionKind(), False


class GroupVersions(list[GroupVersion]):
    """An ordered list of GroupVersion values (Go's ``[]GroupVersion`` with methods)."""

    def identifier(self) -> str:
        return "[" + ",".join(str(gv) for gv in self) + "]"

    def kind_for_group_version_kinds(self, kinds: Iterable[GroupVersionKind]) -> tuple[GroupVersionKind, bool]:
        kinds = list(kinds)
        targets = []
        for gv in self:
            target, ok = gv.kind_for_group_version_kinds(kinds)
            if ok:
                targets.append(target)
        if len(targets) == 1:
            return targets[0], True
        if len(targets) > 1:
            return _best_match(kinds, targets), True
        return GroupVersionKind(), False


def _best_match(kinds: list[GroupVersionKind], targets: list[GroupVersionKind]) -> GroupVersionKind:
    for gvk in targets:
        if gvk in kinds:
            return gvk
    return targets[0]


def parse_group_version(gv: str) -> GroupVersion:
    """Parse ``group/version`` or ``version``; ``""`` and ``"/"`` give the empty GroupVersion.

    Raises ValueError (``unexpected GroupVersion string: a/b/c``) for more than one slash.
    """
    if isinstance(gv, (bytes, bytearray)):  # a Go string protobuf handed back as bytes (not UTF-8)
        gv = go_string(gv)
    if not isinstance(gv, str):
        raise TypeError(f"parse_group_version expects a str, got {type(gv).__name__}")
    if gv == "" or gv == "/":
        return GroupVersion()
    slashes = gv.count("/")
    if slashes == 0:
        return GroupVersion(group="", version=gv)
    if slashes == 1:
        group, version = gv.split("/", 1)
        return GroupVersion(group=group, version=version)
    raise ValueError(f"unexpected GroupVersion string: {gv}")


def parse_group_kind(gk: str) -> GroupKind:
    """Parse ``Kind.group`` (split at the first dot) or a bare ``Kind``."""
    kind, dot, group = gk.partition(".")
    if not dot:
        return GroupKind(kind=gk)
    return GroupKind(group=group, kind=kind)


def parse_group_resource(gr: str) -> GroupResource:
    """Parse ``resource.group`` (split at the first dot) or a bare ``resource``."""
    resource, dot, group = gr.partition(".")
    if not dot:
        return GroupResource(resource=gr)
    return GroupResource(group=group, resource=resource)


def parse_resource_arg(arg: str) -> tuple[Optional[GroupVersionResource], GroupResource]:
    """Read a command-line ``resource.version.group`` argument: the fully specified GVR (``None`` unless the
    argument has at least two dots) and the GroupResource reading of the same text."""
    gvr = None
    if arg.count(".") >= 2:
        resource, version, group = arg.split(".", 2)
        gvr = GroupVersionResource(group=group, version=version, resource=resource)
    return gvr, parse_group_resource(arg)


def parse_kind_arg(arg: str) -> tuple[Optional[GroupVersionKind], GroupKind]:
    """Like parse_resource_arg, for ``Kind.version.group``."""
    gvk = None
    if arg.count(".") >= 2:
        kind, version, group = arg.split(".", 2)
        gvk = GroupVersionKind(group=group, version=version, kind=kind)
    return gvk, parse_group_kind(arg)


def from_api_version_and_kind(api_version: str, kind: str) -> GroupVersionKind:
    """The GVK of an object's ``apiVersion`` and ``kind``; an unparsable apiVersion keeps only the kind."""
    try:
        gv = parse_group_version(api_version)
    except ValueError:
        return GroupVersionKind(kind=kind)
    return GroupVersionKind(group=gv.group, version=gv.version, kind=kind)


@runtime_checkable
class ObjectKind(Protocol):
    """What serialization uses to read and set an object's type information."""

    def set_group_version_kind(self, kind: GroupVersionKind) -> None: ...

    def group_version_kind(self) -> GroupVersionKind: ...


class _EmptyObjectKind:
    """An ObjectKind that stores nothing and always reports the empty GroupVersionKind."""

    __slots__ = ()

    def set_group_version_kind(self, kind: GroupVersionKind) -> None:
        return None

    def group_version_kind(self) -> GroupVersionKind:
        return GroupVersionKind()

    def __repr__(self) -> str:
        return "EmptyObjectKind"


EmptyObjectKind = _EmptyObjectKind()
