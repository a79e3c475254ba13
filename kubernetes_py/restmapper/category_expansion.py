"""Category expansion (``all`` -> the resources in that category) from discovery
(client-go restmapper/category_expansion.go). ``expand`` returns ``(group_resources, found)`` as Go does."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from kubernetes_py.apimachinery.runtime.schema import GroupResource, parse_group_version
from kubernetes_py.discovery import ErrGroupDiscoveryFailed
from kubernetes_py import context

__all__ = [
    "CategoryExpander",
    "SimpleCategoryExpander",
    "UnionCategoryExpander",
    "new_discovery_category_expander",
    "new_discovery_category_expander_with_context",
]


class CategoryExpander:
    """Expands a category name into group resources."""

    def expand(self, category: str) -> tuple[list[GroupResource], bool]:
        raise TypeError(f"{type(self).__name__} does not implement expand")

    def expand_with_context(self, ctx: context.Context | None, category: str) -> tuple[list[GroupResource], bool]:
        return self.expand(category)


class SimpleCategoryExpander(CategoryExpander):
    """Expansions from a fixed dict of category -> [GroupResource]."""

    def __init__(self, expansions: Optional[dict[str, Any]] = None):
        self.expansions = dict(expansions or {})

    def expand(self, category: str) -> tuple[list[GroupResource], bool]:
        if category in self.expansions:
            return list(self.expansions[category]), True
        return [], False


class _DiscoveryCategoryExpander(CategoryExpander):
    def __init__(self, client: Any):
        if client is None:
            raise ValueError("Please provide discovery client to shortcut expander")
        self._client = client

    def expand(self, category: str) -> tuple[list[GroupResource], bool]:
        return self.expand_with_context(None, category)

    def expand_with_context(self, ctx: context.Context | None, category: str) -> tuple[list[GroupResource], bool]:
        method = getattr(self._client, "server_groups_and_resources_with_context", None)
        try:
            _, lists = method(ctx) if method is not None else self._client.server_groups_and_resources()
        except ErrGroupDiscoveryFailed as err:
            lists = err.partial_resources
        except Exception:  # noqa: BLE001 - Go ignores the error and looks at what it got (nothing)
            lists = None
        if not lists:
            return [], False
        discovered: dict[str, list[GroupResource]] = {}
        for rl in lists:
            try:
                gv = parse_group_version(rl.groupVersion)
            except ValueError:
                continue
            for r in rl.resources:
                for cat in r.categories:
                    discovered.setdefault(cat, []).append(GroupResource(group=gv.group, resource=r.name))
        if category in discovered:
            return discovered[category], True
        return [], False


def new_discovery_category_expander(client: Any) -> CategoryExpander:
    """A CategoryExpander reading the categories discovery lists for each resource."""
    return _DiscoveryCategoryExpander(client)


def new_discovery_category_expander_with_context(client: Any) -> CategoryExpander:
    return _DiscoveryCategoryExpander(client)


class UnionCategoryExpander(list[Any], CategoryExpander):
    """The union of several expanders' answers, first occurrence first; found if any of them found it."""

    def __init__(self, expanders: Iterable[Any] = ()):
        super().__init__(expanders)

    def expand(self, category: str) -> tuple[list[GroupResource], bool]:
        return self.expand_with_context(None, category)

    def expand_with_context(self, ctx: context.Context | None, category: str) -> tuple[list[GroupResource], bool]:
        ret: list[GroupResource] = []
        ok = False
        for expander in self:
            method = getattr(expander, "expand_with_context", None)
            curr, curr_ok = method(ctx, category) if method is not None else expander.expand(category)
            for gr in curr:
                if gr not in ret:
                    ret.append(gr)
            ok = ok or curr_ok
        return ret, ok


UnionCategoryExpanderWithContext = UnionCategoryExpander
