"""The RESTMapper errors of k8s.io/apimachinery/pkg/api/meta (errors.go), with Go's message texts.

``is_no_match_error`` / ``is_ambiguous_error`` look through ``__cause__`` chains and through
``utilerrors.Aggregate`` values, as Go's ``errors.Is`` does through wrapping and aggregates.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind, GroupVersionResource

__all__ = [
    "AmbiguousKindError",
    "AmbiguousResourceError",
    "NoKindMatchError",
    "NoResourceMatchError",
    "go_slice",
    "is_ambiguous_error",
    "is_no_match_error",
]


def go_slice(items: Sequence[Any]) -> str:
    """A slice as Go's ``%v`` prints it: ``[a b c]`` with each element's String()."""
    return "[" + " ".join(str(i) for i in items) + "]"


def _ambiguous_message(partial: object, resources: Sequence[Any], kinds: Sequence[Any]) -> str:
    if kinds and resources:
        return f"{partial} matches multiple resources {go_slice(resources)} and kinds {go_slice(kinds)}"
    if kinds:
        return f"{partial} matches multiple kinds {go_slice(kinds)}"
    if resources:
        return f"{partial} matches multiple resources {go_slice(resources)}"
    return f"{partial} matches multiple resources or kinds"


class AmbiguousResourceError(Exception):
    """A partial resource matched more than one resource or kind."""

    def __init__(
        self,
        partial_resource: GroupVersionResource = GroupVersionResource(),
        matching_resources: Optional[Sequence[GroupVersionResource]] = None,
        matching_kinds: Optional[Sequence[GroupVersionKind]] = None,
    ):
        self.partial_resource = partial_resource
        self.matching_resources = list(matching_resources or [])
        self.matching_kinds = list(matching_kinds or [])
        super().__init__(str(self))

    def __str__(self) -> str:
        return _ambiguous_message(self.partial_resource, self.matching_resources, self.matching_kinds)


class AmbiguousKindError(Exception):
    """A partial kind matched more than one resource or kind."""

    def __init__(
        self,
        partial_kind: GroupVersionKind = GroupVersionKind(),
        matching_resources: Optional[Sequence[GroupVersionResource]] = None,
        matching_kinds: Optional[Sequence[GroupVersionKind]] = None,
    ):
        self.partial_kind = partial_kind
        self.matching_resources = list(matching_resources or [])
        self.matching_kinds = list(matching_kinds or [])
        super().__init__(str(self))

    def __str__(self) -> str:
        return _ambiguous_message(self.partial_kind, self.matching_resources, self.matching_kinds)


class NoResourceMatchError(Exception):
    """No resource matched a partial resource."""

    def __init__(self, partial_resource: GroupVersionResource = GroupVersionResource()):
        self.partial_resource = partial_resource
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"no matches for {self.partial_resource}"


class NoKindMatchError(Exception):
    """No kind matched a group kind in the searched versions."""

    def __init__(self, group_kind: GroupKind = GroupKind(), searched_versions: Optional[Sequence[str]] = None):
        self.group_kind = group_kind
        self.searched_versions = list(searched_versions or [])
        super().__init__(str(self))

    def __str__(self) -> str:
        searched = sorted({str(GroupVersion(group=self.group_kind.group, version=v)) for v in self.searched_versions})
        kind = go_quote(self.group_kind.kind)
        if not searched:
            return f"no matches for kind {kind} in group {go_quote(self.group_kind.group)}"
        if len(searched) == 1:
            return f"no matches for kind {kind} in version {go_quote(searched[0])}"
        return f"no matches for kind {kind} in versions [{' '.join(go_quote(v) for v in searched)}]"


def _error_chain_has(err: Optional[BaseException], types: tuple[type, ...]) -> bool:
    """Go's errors.Is for error types: the error, its causes, and the members of aggregates."""
    from kubernetes_py.apimachinery.util.errors import Aggregate

    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, types):
            return True
        if isinstance(err, Aggregate):
            return any(_error_chain_has(e, types) for e in err.errors())
        err = err.__cause__
    return False


def is_ambiguous_error(err: Optional[BaseException]) -> bool:
    """Whether the error (or one it wraps) is an AmbiguousResourceError or AmbiguousKindError."""
    return _error_chain_has(err, (AmbiguousResourceError, AmbiguousKindError))


def is_no_match_error(err: Optional[BaseException]) -> bool:
    """Whether the error (or one it wraps) is a NoResourceMatchError or NoKindMatchError."""
    return _error_chain_has(err, (NoResourceMatchError, NoKindMatchError))
