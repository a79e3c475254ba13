"""RESTMapper and its implementations (k8s.io/apimachinery/pkg/api/meta: interfaces.go, restmapper.go,
priority.go, multirestmapper.go, firsthit_restmapper.go, lazy.go).

A RESTMapper turns a partially specified resource (``pods``, ``deployments.apps``) into kinds and
resources, and a group kind into its REST mapping (resource + scope). Methods raise Go's errors
(``NoResourceMatchError``, ``AmbiguousResourceError``...) instead of returning them. Each mapper also
has the ``*_with_context(ctx, ...)`` methods of Go's RESTMapperWithContext.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Protocol, Sequence, TypeVar, overload

from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.util.errors import Aggregate

from .errors import (
    AmbiguousKindError,
    AmbiguousResourceError,
    NoKindMatchError,
    NoResourceMatchError,
    go_slice,
    is_no_match_error,
)
from kubernetes_py import context

if TYPE_CHECKING:
    from typing_extensions import TypeGuard

_T = TypeVar("_T")

_APIVersionInternal = "__internal"  # runtime.APIVersionInternal

AnyGroup = "*"
AnyVersion = "*"
AnyResource = "*"
AnyKind = "*"

RESTScopeName = str
RESTScopeNameNamespace: RESTScopeName = "namespace"
RESTScopeNameRoot: RESTScopeName = "root"


class RESTScope:
    """Whether a resource lives in a namespace or at the cluster root."""

    __slots__ = ("_name",)

    def __init__(self, name: RESTScopeName):
        self._name = name

    def name(self) -> RESTScopeName:
        return self._name

    def __repr__(self) -> str:
        return f"RESTScope({self._name!r})"

    def __str__(self) -> str:
        return "&{" + self._name + "}"


RESTScopeNamespace = RESTScope(RESTScopeNameNamespace)
RESTScopeRoot = RESTScope(RESTScopeNameRoot)


@dataclasses.dataclass
class RESTMapping:
    """The resource, kind and scope to use for REST calls on objects of one kind."""

    resource: GroupVersionResource = GroupVersionResource()
    group_version_kind: GroupVersionKind = GroupVersionKind()
    scope: Optional[RESTScope] = None


class RESTMapper(Protocol):
    """The RESTMapper interface. Subclasses implement the plain methods; the ``*_with_context`` forms call them."""

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        raise TypeError(f"{type(self).__name__} does not implement kind_for")

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]:
        raise TypeError(f"{type(self).__name__} does not implement kinds_for")

    def resource_for(self, input: GroupVersionResource) -> GroupVersionResource:
        raise TypeError(f"{type(self).__name__} does not implement resource_for")

    def resources_for(self, input: GroupVersionResource) -> list[GroupVersionResource]:
        raise TypeError(f"{type(self).__name__} does not implement resources_for")

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping:
        raise TypeError(f"{type(self).__name__} does not implement rest_mapping")

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]:
        raise TypeError(f"{type(self).__name__} does not implement rest_mappings")

    def resource_singularizer(self, resource: str) -> str:
        raise TypeError(f"{type(self).__name__} does not implement resource_singularizer")

    # RESTMapperWithContext
    def kind_for_with_context(self, ctx: context.Context | None, resource: GroupVersionResource) -> GroupVersionKind:
        return self.kind_for(resource)

    def kinds_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionKind]:
        return self.kinds_for(resource)

    def resource_for_with_context(
        self, ctx: context.Context | None, input: GroupVersionResource
    ) -> GroupVersionResource:
        return self.resource_for(input)

    def resources_for_with_context(
        self, ctx: context.Context | None, input: GroupVersionResource
    ) -> list[GroupVersionResource]:
        return self.resources_for(input)

    def rest_mapping_with_context(self, ctx: context.Context | None, gk: GroupKind, *versions: str) -> RESTMapping:
        return self.rest_mapping(gk, *versions)

    def rest_mappings_with_context(
        self, ctx: context.Context | None, gk: GroupKind, *versions: str
    ) -> list[RESTMapping]:
        return self.rest_mappings(gk, *versions)

    def resource_singularizer_with_context(self, ctx: context.Context | None, resource: str) -> str:
        return self.resource_singularizer(resource)


RESTMapperWithContext = RESTMapper


class _PlainRESTMapper(Protocol):
    """A mapper with Go's RESTMapper methods only (no ``*_with_context`` forms): what the wrappers below accept."""

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind: ...

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]: ...

    def resource_for(self, input: GroupVersionResource) -> GroupVersionResource: ...

    def resources_for(self, input: GroupVersionResource) -> list[GroupVersionResource]: ...

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping: ...

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]: ...

    def resource_singularizer(self, resource: str) -> str: ...


class _PlainResettableRESTMapper(_PlainRESTMapper, Protocol):
    def reset(self) -> None: ...


class ResettableRESTMapper(RESTMapper, Protocol):
    """A RESTMapper holding a cache that ``reset()`` drops."""

    def reset(self) -> None:
        raise TypeError(f"{type(self).__name__} does not implement reset")

    def reset_with_context(self, ctx: context.Context | None) -> None:
        self.reset()


ResettableRESTMapperWithContext = ResettableRESTMapper

_MAPPER_METHODS = (
    "kind_for",
    "kinds_for",
    "resource_for",
    "resources_for",
    "rest_mapping",
    "rest_mappings",
    "resource_singularizer",
)


class _ContextWrapper(RESTMapper):
    """Gives a duck-typed mapper (plain methods only) the *_with_context methods."""

    def __init__(self, delegate: _PlainRESTMapper):
        self.delegate = delegate
        for name in _MAPPER_METHODS:
            setattr(self, name, getattr(delegate, name))

    def __str__(self) -> str:
        return str(self.delegate)


class _ResettableContextWrapper(_ContextWrapper, ResettableRESTMapper):
    delegate: _PlainResettableRESTMapper

    def reset(self) -> None:
        self.delegate.reset()


def _has_context_methods(m: _PlainRESTMapper) -> TypeGuard[RESTMapper]:
    return hasattr(m, "kind_for_with_context")


def _has_reset_with_context(m: _PlainResettableRESTMapper) -> TypeGuard[ResettableRESTMapper]:
    return hasattr(m, "reset_with_context")


@overload
def to_rest_mapper_with_context(m: None) -> None: ...


@overload
def to_rest_mapper_with_context(m: _PlainRESTMapper) -> RESTMapper: ...


def to_rest_mapper_with_context(m: Optional[_PlainRESTMapper]) -> Optional[RESTMapper]:
    """The mapper itself when it has the context methods, else a wrapper that adds them."""
    if m is None:
        return None
    if _has_context_methods(m):
        return m
    return _ContextWrapper(m)


@overload
def to_resettable_rest_mapper_with_context(m: None) -> None: ...


@overload
def to_resettable_rest_mapper_with_context(m: _PlainResettableRESTMapper) -> ResettableRESTMapper: ...


def to_resettable_rest_mapper_with_context(
    m: Optional[_PlainResettableRESTMapper],
) -> Optional[ResettableRESTMapper]:
    if m is None:
        return None
    if _has_reset_with_context(m):
        return m
    return _ResettableContextWrapper(m)


def maybe_reset_rest_mapper(mapper: object) -> None:
    """Reset the mapper when it is resettable; otherwise do nothing."""
    _maybe_reset(None, mapper)


def maybe_reset_rest_mapper_with_context(ctx: context.Context | None, mapper: object) -> None:
    _maybe_reset(ctx, mapper)


def _maybe_reset(ctx: context.Context | None, mapper: object) -> None:
    # Go's type assertions to ResettableRESTMapperWithContext and ResettableRESTMapper
    if hasattr(mapper, "reset_with_context"):
        mapper.reset_with_context(ctx)
    elif hasattr(mapper, "reset"):
        mapper.reset()


# ---------------------------------------------------------------------------------------------------------------
# DefaultRESTMapper

_UNPLURALIZED_SUFFIXES = ("endpoints",)


def unsafe_guess_kind_to_resource(kind: GroupVersionKind) -> tuple[GroupVersionResource, GroupVersionResource]:
    """(plural, singular) resources guessed from a kind's name: lower case, then English plural rules."""
    name = kind.kind
    if not name:
        return GroupVersionResource(), GroupVersionResource()
    singular_name = name.lower()
    gv = kind.group_version()
    singular = gv.with_resource(singular_name)
    for skip in _UNPLURALIZED_SUFFIXES:
        if singular_name.endswith(skip):
            return singular, singular
    last = singular_name[-1]
    if last == "s":
        return gv.with_resource(singular_name + "es"), singular
    if last == "y":
        return gv.with_resource(singular_name[:-1] + "ies"), singular
    return gv.with_resource(singular_name + "s"), singular


def _coerce_resource_for_matching(resource: GroupVersionResource) -> GroupVersionResource:
    version = "" if resource.version == _APIVersionInternal else resource.version
    return GroupVersionResource(group=resource.group, version=version, resource=resource.resource.lower())


class _InGroupVersion(Protocol):
    """A GroupVersionResource or GroupVersionKind: what the preferred-order sort reads."""

    def group_version(self) -> GroupVersion: ...


_G = TypeVar("_G", bound=_InGroupVersion)


def _sort_by_preferred_group_version(
    items: list[_G], order: Sequence[GroupVersion], name: Callable[[_G], str]
) -> list[_G]:
    def less(lhs: _G, rhs: _G) -> bool:
        if lhs == rhs:
            return False
        if lhs.group_version() == rhs.group_version():
            return name(lhs) < name(rhs)
        lhs_index = rhs_index = -1
        for i, gv in enumerate(order):
            if gv == lhs.group_version():
                lhs_index = i
            if gv == rhs.group_version():
                rhs_index = i
        if rhs_index == -1:
            return True
        return lhs_index < rhs_index

    def cmp(a: _G, b: _G) -> int:
        if less(a, b):
            return -1
        if less(b, a):
            return 1
        return 0

    return sorted(items, key=functools.cmp_to_key(cmp))


def _go_struct_key(x: GroupVersionKind) -> tuple[str, ...]:
    return dataclasses.astuple(x)


class DefaultRESTMapper(RESTMapper):
    """A RESTMapper filled by ``add``/``add_specific``, preferring the given group versions in that order."""

    def __init__(self, default_group_versions: Optional[Iterable[GroupVersion]] = None):
        self._default_group_versions = list(default_group_versions or [])
        self._resource_to_kind: dict[GroupVersionResource, GroupVersionKind] = {}
        self._kind_to_plural_resource: dict[GroupVersionKind, GroupVersionResource] = {}
        self._kind_to_scope: dict[GroupVersionKind, RESTScope] = {}
        self._singular_to_plural: dict[GroupVersionResource, GroupVersionResource] = {}
        self._plural_to_singular: dict[GroupVersionResource, GroupVersionResource] = {}

    def __str__(self) -> str:
        items = sorted(self._kind_to_plural_resource.items(), key=lambda kv: _go_struct_key(kv[0]))
        return "DefaultRESTMapper{kindToPluralResource=map[" + " ".join(f"{k}:{v}" for k, v in items) + "]}"

    def add(self, kind: GroupVersionKind, scope: RESTScope) -> None:
        """Register a kind with its guessed plural and singular resources."""
        plural, singular = unsafe_guess_kind_to_resource(kind)
        self.add_specific(kind, plural, singular, scope)

    def add_specific(
        self, kind: GroupVersionKind, plural: GroupVersionResource, singular: GroupVersionResource, scope: RESTScope
    ) -> None:
        self._singular_to_plural[singular] = plural
        self._plural_to_singular[plural] = singular
        self._resource_to_kind[singular] = kind
        self._resource_to_kind[plural] = kind
        self._kind_to_plural_resource[kind] = plural
        self._kind_to_scope[kind] = scope

    def resource_singularizer(self, resource_type: str) -> str:
        resources = self.resources_for(GroupVersionResource(resource=resource_type))
        singular = GroupVersionResource()
        for curr in resources:
            curr_singular = self._plural_to_singular.get(curr)
            if curr_singular is None:
                continue
            if singular.empty():
                singular = curr_singular
                continue
            if curr_singular.resource != singular.resource:
                raise ValueError(
                    f"multiple possible singular resources ({go_slice(resources)}) found for {resource_type}"
                )
        if singular.empty():
            raise ValueError(f"no singular of resource {resource_type} has been defined")
        return singular.resource

    def resources_for(self, input: GroupVersionResource) -> list[GroupVersionResource]:
        resource = _coerce_resource_for_matching(input)
        has_group, has_version = bool(resource.group), bool(resource.version)
        if not resource.resource:
            raise ValueError(f"a resource must be present, got: {resource}")
        ret: list[GroupVersionResource] = []
        pairs = list(self._plural_to_singular.items())
        if has_group and has_version:
            for plural, singular in pairs:
                if singular == resource or plural == resource:
                    ret.append(plural)
                    break
        elif has_group:
            requested = resource.group_resource()
            found_exact = False
            for plural, singular in pairs:
                if singular.group_resource() == requested:
                    found_exact = True
                    ret.append(plural)
                if plural.group_resource() == requested:
                    found_exact = True
                    ret.append(plural)
            if not found_exact:
                for plural, singular in pairs:
                    if not plural.group.startswith(requested.group):
                        continue
                    if singular.resource == requested.resource:
                        ret.append(plural)
                    if plural.resource == requested.resource:
                        ret.append(plural)
        elif has_version:
            for plural, singular in pairs:
                if singular.version == resource.version and singular.resource == resource.resource:
                    ret.append(plural)
                if plural.version == resource.version and plural.resource == resource.resource:
                    ret.append(plural)
        else:
            for plural, singular in pairs:
                if singular.resource == resource.resource:
                    ret.append(plural)
                if plural.resource == resource.resource:
                    ret.append(plural)
        if not ret:
            raise NoResourceMatchError(partial_resource=resource)
        return _sort_by_preferred_group_version(ret, self._default_group_versions, lambda r: r.resource)

    def resource_for(self, resource: GroupVersionResource) -> GroupVersionResource:
        resources = self.resources_for(resource)
        if len(resources) == 1:
            return resources[0]
        raise AmbiguousResourceError(partial_resource=resource, matching_resources=resources)

    def kinds_for(self, input: GroupVersionResource) -> list[GroupVersionKind]:
        resource = _coerce_resource_for_matching(input)
        has_group, has_version = bool(resource.group), bool(resource.version)
        if not resource.resource:
            raise ValueError(f"a resource must be present, got: {resource}")
        ret: list[GroupVersionKind] = []
        pairs = list(self._resource_to_kind.items())
        if has_group and has_version:
            kind = self._resource_to_kind.get(resource)
            if kind is not None:
                ret.append(kind)
        elif has_group:
            requested = resource.group_resource()
            found_exact = False
            for curr_resource, curr_kind in pairs:
                if curr_resource.group_resource() == requested:
                    found_exact = True
                    ret.append(curr_kind)
            if not found_exact:
                for curr_resource, curr_kind in pairs:
                    if not curr_resource.group.startswith(requested.group):
                        continue
                    if curr_resource.resource == requested.resource:
                        ret.append(curr_kind)
        elif has_version:
            for curr_resource, curr_kind in pairs:
                if curr_resource.version == resource.version and curr_resource.resource == resource.resource:
                    ret.append(curr_kind)
        else:
            for curr_resource, curr_kind in pairs:
                if curr_resource.resource == resource.resource:
                    ret.append(curr_kind)
        if not ret:
            raise NoResourceMatchError(partial_resource=input)
        return _sort_by_preferred_group_version(ret, self._default_group_versions, lambda k: k.kind)

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        kinds = self.kinds_for(resource)
        if len(kinds) == 1:
            return kinds[0]
        raise AmbiguousResourceError(partial_resource=resource, matching_kinds=kinds)

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping:
        mappings = self.rest_mappings(gk, *versions)
        if not mappings:
            raise NoKindMatchError(group_kind=gk, searched_versions=list(versions))
        return mappings[0]

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]:
        potential: list[GroupVersionKind] = []
        had_version = False
        for version in versions:
            if not version or version == _APIVersionInternal:
                continue
            curr = gk.with_version(version)
            had_version = True
            if curr in self._kind_to_plural_resource:
                potential.append(curr)
                break
        if not had_version and not potential:
            for gv in self._default_group_versions:
                if gv.group != gk.group:
                    continue
                potential.append(gk.with_version(gv.version))
        if not potential:
            raise NoKindMatchError(group_kind=gk, searched_versions=list(versions))
        mappings = []
        for gvk in potential:
            res = self._kind_to_plural_resource.get(gvk)
            if res is None:
                continue
            scope = self._kind_to_scope.get(gvk)
            if scope is None:
                raise ValueError(
                    f"the provided version {_q(str(gvk.group_version()))} and kind {_q(gvk.kind)} "
                    "cannot be mapped to a supported scope"
                )
            mappings.append(RESTMapping(resource=res, group_version_kind=gvk, scope=scope))
        if not mappings:
            raise NoResourceMatchError(partial_resource=GroupVersionResource(group=gk.group, resource=gk.kind))
        return mappings


def _q(s: str) -> str:
    from kubernetes_py._go.strconv import go_quote

    return go_quote(s)


def new_default_rest_mapper(default_group_versions: Optional[Iterable[GroupVersion]] = None) -> DefaultRESTMapper:
    return DefaultRESTMapper(default_group_versions)


# ---------------------------------------------------------------------------------------------------------------
# PriorityRESTMapper


def _resource_matches(pattern: GroupVersionResource, resource: GroupVersionResource) -> bool:
    return (
        (pattern.group == AnyGroup or pattern.group == resource.group)
        and (pattern.version == AnyVersion or pattern.version == resource.version)
        and (pattern.resource == AnyResource or pattern.resource == resource.resource)
    )


def _kind_matches(pattern: GroupVersionKind, kind: GroupVersionKind) -> bool:
    return (
        (pattern.group == AnyGroup or pattern.group == kind.group)
        and (pattern.version == AnyVersion or pattern.version == kind.version)
        and (pattern.kind == AnyKind or pattern.kind == kind.kind)
    )


def _call_keep_partial(fn: Callable[[], Iterable[_T]]) -> tuple[list[_T], Optional[BaseException]]:
    try:
        return list(fn()), None
    except Exception as err:  # noqa: BLE001 - the delegate's error is re-raised or kept as Go keeps it
        return list(getattr(err, "partial_results", []) or []), err


def _finish(result: _T, original_err: Optional[BaseException]) -> _T:
    """Go returns a chosen result together with the delegate's error; raising is the only honest Python form.
    The error (any exception the delegate raised) carries the result as ``partial_results``."""
    if original_err is not None:
        setattr(original_err, "partial_results", [result])
        raise original_err
    return result


@dataclasses.dataclass
class PriorityRESTMapper(ResettableRESTMapper):
    """Resolves ambiguity of its delegate by the first matching pattern in ``resource_priority``/``kind_priority``
    (``*`` matches anything: AnyGroup, AnyVersion, AnyResource, AnyKind)."""

    delegate: Optional[_PlainRESTMapper] = None
    resource_priority: list[GroupVersionResource] = dataclasses.field(default_factory=list[GroupVersionResource])
    kind_priority: list[GroupVersionKind] = dataclasses.field(default_factory=list[GroupVersionKind])

    def __str__(self) -> str:
        return (
            f"{type(self).__name__}{{\n\t{go_slice(self.resource_priority)}\n\t{go_slice(self.kind_priority)}"
            f"\n\t{self.delegate}\n}}"
        )

    def _plain(self) -> _PlainRESTMapper:
        if self.delegate is None:  # Go dereferences the nil interface
            raise AttributeError("PriorityRESTMapper has no delegate")
        return self.delegate

    def _d(self) -> RESTMapper:
        return to_rest_mapper_with_context(self._plain())

    def resource_for(self, partially_specified_resource: GroupVersionResource) -> GroupVersionResource:
        return self.resource_for_with_context(None, partially_specified_resource)

    def kind_for(self, partially_specified_resource: GroupVersionResource) -> GroupVersionKind:
        return self.kind_for_with_context(None, partially_specified_resource)

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping:
        return self.rest_mapping_with_context(None, gk, *versions)

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]:
        return self._plain().rest_mappings(gk, *versions)

    def resource_singularizer(self, resource: str) -> str:
        return self._plain().resource_singularizer(resource)

    def resources_for(self, partially_specified_resource: GroupVersionResource) -> list[GroupVersionResource]:
        return self._plain().resources_for(partially_specified_resource)

    def kinds_for(self, partially_specified_resource: GroupVersionResource) -> list[GroupVersionKind]:
        return self._plain().kinds_for(partially_specified_resource)

    def reset(self) -> None:
        maybe_reset_rest_mapper(self.delegate)

    def reset_with_context(self, ctx: context.Context | None) -> None:
        maybe_reset_rest_mapper_with_context(ctx, self.delegate)

    def rest_mappings_with_context(
        self, ctx: context.Context | None, gk: GroupKind, *versions: str
    ) -> list[RESTMapping]:
        return self._d().rest_mappings_with_context(ctx, gk, *versions)

    def resource_singularizer_with_context(self, ctx: context.Context | None, resource: str) -> str:
        return self._d().resource_singularizer_with_context(ctx, resource)

    def resources_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionResource]:
        return self._d().resources_for_with_context(ctx, resource)

    def kinds_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionKind]:
        return self._d().kinds_for_with_context(ctx, resource)

    def resource_for_with_context(
        self, ctx: context.Context | None, partial: GroupVersionResource
    ) -> GroupVersionResource:
        original, original_err = _call_keep_partial(lambda: self._d().resources_for_with_context(ctx, partial))
        if original_err is not None and not original:
            raise original_err
        if len(original) == 1:
            return _finish(original[0], original_err)
        remaining = list(original)
        for pattern in self.resource_priority:
            matched = [gvr for gvr in remaining if _resource_matches(pattern, gvr)]
            if len(matched) == 1:
                return _finish(matched[0], original_err)
            if matched:
                remaining = matched
        raise AmbiguousResourceError(partial_resource=partial, matching_resources=original)

    def kind_for_with_context(self, ctx: context.Context | None, partial: GroupVersionResource) -> GroupVersionKind:
        original, original_err = _call_keep_partial(lambda: self._d().kinds_for_with_context(ctx, partial))
        if original_err is not None and not original:
            raise original_err
        if len(original) == 1:
            return _finish(original[0], original_err)
        remaining = list(original)
        for pattern in self.kind_priority:
            matched = [gvk for gvk in remaining if _kind_matches(pattern, gvk)]
            if len(matched) == 1:
                return _finish(matched[0], original_err)
            if matched:
                remaining = matched
        raise AmbiguousResourceError(partial_resource=partial, matching_kinds=original)

    def rest_mapping_with_context(self, ctx: context.Context | None, gk: GroupKind, *versions: str) -> RESTMapping:
        mappings, original_err = _call_keep_partial(lambda: self._d().rest_mappings_with_context(ctx, gk, *versions))
        if original_err is not None and not mappings:
            raise original_err
        priorities: list[GroupVersionKind] = list(self.kind_priority)
        if versions:
            priorities = [GroupVersion(group=gk.group, version=v).with_kind(AnyKind) for v in versions]
            priorities.extend(self.kind_priority)
        remaining = list(mappings)
        for pattern in priorities:
            matching = [m for m in remaining if _kind_matches(pattern, m.group_version_kind)]
            if len(matching) == 1:
                return _finish(matching[0], original_err)
            if matching:
                remaining = matching
        if len(remaining) == 1:
            return _finish(remaining[0], original_err)
        raise AmbiguousKindError(
            partial_kind=gk.with_version(""), matching_kinds=[m.group_version_kind for m in mappings]
        )


class PriorityRESTMapperWithContext(PriorityRESTMapper):
    """Go's context-taking twin of PriorityRESTMapper: the same mapper here."""


def to_priority_rest_mapper_with_context(m: PriorityRESTMapper) -> PriorityRESTMapperWithContext:
    return PriorityRESTMapperWithContext(
        delegate=to_rest_mapper_with_context(m.delegate),
        resource_priority=m.resource_priority,
        kind_priority=m.kind_priority,
    )


# ---------------------------------------------------------------------------------------------------------------
# MultiRESTMapper


def _stringify_mapper(type_name: str, mappers: Iterable[object]) -> str:
    nested = ["\n\t".join(str(m).split("\n")) for m in mappers]
    return f"{type_name}{{\n\t" + "\n\t".join(nested) + "\n}"


class MultiRESTMapper(list[_PlainRESTMapper], ResettableRESTMapper):
    """A list of mappers asked together: results are merged, ambiguity across mappers is an error."""

    def __str__(self) -> str:
        return _stringify_mapper(type(self).__name__, self)

    __repr__ = __str__

    def _ctx_mappers(self) -> list[RESTMapper]:
        return [to_rest_mapper_with_context(m) for m in self]

    def resource_singularizer(self, resource: str) -> str:
        return self.resource_singularizer_with_context(None, resource)

    def resources_for(self, resource: GroupVersionResource) -> list[GroupVersionResource]:
        return self.resources_for_with_context(None, resource)

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]:
        return self.kinds_for_with_context(None, resource)

    def resource_for(self, resource: GroupVersionResource) -> GroupVersionResource:
        return self.resource_for_with_context(None, resource)

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        return self.kind_for_with_context(None, resource)

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping:
        return self.rest_mapping_with_context(None, gk, *versions)

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]:
        return self.rest_mappings_with_context(None, gk, *versions)

    def reset(self) -> None:
        for m in self:
            maybe_reset_rest_mapper(m)

    def reset_with_context(self, ctx: context.Context | None) -> None:
        for m in self:
            maybe_reset_rest_mapper_with_context(ctx, m)

    def resource_singularizer_with_context(self, ctx: context.Context | None, resource: str) -> str:
        err: Optional[BaseException] = None
        for m in self._ctx_mappers():
            try:
                return m.resource_singularizer_with_context(ctx, resource)
            except Exception as e:  # noqa: BLE001 - the last mapper's error is the answer, as in Go
                err = e
        if err is not None:
            raise err
        return ""

    def _merge(self, find: Callable[[RESTMapper], list[_T]], resource: GroupVersionResource) -> list[_T]:
        merged: list[_T] = []
        for m in self._ctx_mappers():
            try:
                found = find(m)
            except Exception as err:  # noqa: BLE001
                if is_no_match_error(err):
                    continue
                raise
            for curr in found:
                if curr not in merged:
                    merged.append(curr)
        if not merged:
            raise NoResourceMatchError(partial_resource=resource)
        return merged

    def resources_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionResource]:
        return self._merge(lambda m: m.resources_for_with_context(ctx, resource), resource)

    def kinds_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionKind]:
        return self._merge(lambda m: m.kinds_for_with_context(ctx, resource), resource)

    def resource_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> GroupVersionResource:
        resources = self.resources_for_with_context(ctx, resource)
        if len(resources) == 1:
            return resources[0]
        raise AmbiguousResourceError(partial_resource=resource, matching_resources=resources)

    def kind_for_with_context(self, ctx: context.Context | None, resource: GroupVersionResource) -> GroupVersionKind:
        kinds = self.kinds_for_with_context(ctx, resource)
        if len(kinds) == 1:
            return kinds[0]
        raise AmbiguousResourceError(partial_resource=resource, matching_kinds=kinds)

    def rest_mapping_with_context(self, ctx: context.Context | None, gk: GroupKind, *versions: str) -> RESTMapping:
        all_mappings: list[RESTMapping] = []
        errs: list[BaseException] = []
        for m in self._ctx_mappers():
            try:
                all_mappings.append(m.rest_mapping_with_context(ctx, gk, *versions))
            except Exception as err:  # noqa: BLE001
                if not is_no_match_error(err):
                    errs.append(err)
        if len(all_mappings) == 1:
            return all_mappings[0]
        if len(all_mappings) > 1:
            raise AmbiguousKindError(
                partial_kind=gk.with_version(""), matching_kinds=[m.group_version_kind for m in all_mappings]
            )
        if errs:
            raise Aggregate(errs)
        raise NoKindMatchError(group_kind=gk, searched_versions=list(versions))

    def rest_mappings_with_context(
        self, ctx: context.Context | None, gk: GroupKind, *versions: str
    ) -> list[RESTMapping]:
        all_mappings: list[RESTMapping] = []
        errs: list[BaseException] = []
        for m in self._ctx_mappers():
            try:
                all_mappings.extend(m.rest_mappings_with_context(ctx, gk, *versions))
            except Exception as err:  # noqa: BLE001
                if not is_no_match_error(err):
                    errs.append(err)
        if errs:
            raise Aggregate(errs)
        if not all_mappings:
            raise NoKindMatchError(group_kind=gk, searched_versions=list(versions))
        return all_mappings


class MultiRESTMapperWithContext(MultiRESTMapper):
    """Go's context-taking twin of MultiRESTMapper: the same mapper here."""


def to_multi_rest_mapper_with_context(m: Optional[MultiRESTMapper]) -> Optional[MultiRESTMapperWithContext]:
    if m is None:
        return None
    return MultiRESTMapperWithContext(to_rest_mapper_with_context(x) for x in m)


def _collapse_aggregate_errors(errs: list[BaseException]) -> Optional[BaseException]:
    if not errs:
        return None
    if len(errs) == 1:
        return errs[0]
    if all(is_no_match_error(e) for e in errs):
        return errs[0]
    return Aggregate(errs)


class FirstHitRESTMapper(ResettableRESTMapper):
    """Like MultiRESTMapper, but kind_for/resource_for/rest_mapping take the first mapper that answers."""

    def __init__(self, multi_rest_mapper: Optional[Iterable[_PlainRESTMapper]] = None):
        self.multi_rest_mapper = MultiRESTMapper(multi_rest_mapper or [])

    def __str__(self) -> str:
        return f"FirstHitRESTMapper{{\n\t{self.multi_rest_mapper}\n}}"

    def _first(self, call: Callable[[_PlainRESTMapper], _T], zero: _T) -> _T:
        errs: list[BaseException] = []
        for m in self.multi_rest_mapper:
            try:
                return call(m)
            except Exception as err:  # noqa: BLE001
                errs.append(err)
        collapsed = _collapse_aggregate_errors(errs)
        if collapsed is None:  # Go returns a zero value and no error when there are no mappers
            return zero
        raise collapsed

    def resource_for(self, resource: GroupVersionResource) -> GroupVersionResource:
        return self._first(lambda m: m.resource_for(resource), GroupVersionResource())

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        return self._first(lambda m: m.kind_for(resource), GroupVersionKind())

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping:
        # Go returns a nil *RESTMapping when there are no mappers.
        return self._first(lambda m: m.rest_mapping(gk, *versions), None)  # type: ignore[return-value]

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]:
        return self.multi_rest_mapper.kinds_for(resource)

    def resources_for(self, resource: GroupVersionResource) -> list[GroupVersionResource]:
        return self.multi_rest_mapper.resources_for(resource)

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]:
        return self.multi_rest_mapper.rest_mappings(gk, *versions)

    def resource_singularizer(self, resource: str) -> str:
        return self.multi_rest_mapper.resource_singularizer(resource)

    def reset(self) -> None:
        self.multi_rest_mapper.reset()


# ---------------------------------------------------------------------------------------------------------------
# Lazy loading


class _LazyObject(ResettableRESTMapper):
    def __init__(self, loader: Callable[[], RESTMapper]):
        self._loader = loader
        self._lock = threading.Lock()
        self._loaded = False
        self._err: Optional[BaseException] = None
        self._mapper: RESTMapper  # set once loaded without an error

    def _init(self) -> RESTMapper:
        with self._lock:
            if not self._loaded:
                try:
                    self._mapper = self._loader()
                except Exception as err:  # noqa: BLE001 - remembered and raised on every call, as Go does
                    self._err = err
                self._loaded = True
            if self._err is not None:
                raise self._err
            return self._mapper

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        return self._init().kind_for(resource)

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]:
        return self._init().kinds_for(resource)

    def resource_for(self, input: GroupVersionResource) -> GroupVersionResource:
        return self._init().resource_for(input)

    def resources_for(self, input: GroupVersionResource) -> list[GroupVersionResource]:
        return self._init().resources_for(input)

    def rest_mapping(self, gk: GroupKind, *versions: str) -> RESTMapping:
        return self._init().rest_mapping(gk, *versions)

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[RESTMapping]:
        return self._init().rest_mappings(gk, *versions)

    def resource_singularizer(self, resource: str) -> str:
        return self._init().resource_singularizer(resource)

    def reset(self) -> None:
        with self._lock:
            if self._loaded and self._err is None:
                maybe_reset_rest_mapper(self._mapper)


def new_lazy_rest_mapper_loader(fn: Callable[[], RESTMapper]) -> RESTMapper:
    """A mapper that calls ``fn`` once, on first use, and delegates to what it returned (its error sticks)."""
    return _LazyObject(fn)
