"""sigs.k8s.io/structured-merge-diff/v6/merge: the Updater that applies configurations and records updates in
managed fields, with conflicts between managers.

``apply`` merges a manager's configuration into the live object, takes ownership of the fields the
configuration sets, removes the fields the manager owned before and no longer applies (unless another manager
owns them), and fails with Conflicts when it would change a field another manager owns (unless forced, which
moves the ownership). ``update`` records the fields a change set as owned by its manager and takes them from
the others.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterator, Optional, Protocol


from kubernetes_py._go.strconv import go_quote
from . import value as _value
from .fieldpath import Filter, ManagedFields, Path, Set, VersionedSet, new_exclude_set_filter
from .typed import Comparison, TypedValue, reconcile_field_set_with_schema

__all__ = ["Converter", "Updater", "UpdaterBuilder", "Conflict", "Conflicts", "conflicts_from_managers"]


class Converter(Protocol):
    """Converts a typed value to another API version."""

    def convert(self, obj: TypedValue, version: str) -> TypedValue: ...

    def is_missing_version_error(self, err: BaseException) -> bool: ...


class Conflict:
    """A field (``path``) another manager owns."""

    __slots__ = ("manager", "path")

    def __init__(self, manager: str, path: Path):
        self.manager, self.path = manager, path

    def __str__(self) -> str:
        return f"conflict with {go_quote(self.manager)}: {self.path}"

    def __repr__(self) -> str:
        return f"Conflict({self.manager!r}, {self.path})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Conflict) and self.manager == other.manager and self.path.equals(other.path)

    __hash__ = None  # type: ignore[assignment]


class Conflicts(Exception):
    """The conflicts an apply without force ran into (an error, as Go's merge.Conflicts is)."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = list(conflicts)
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.conflicts) == 1:
            return str(self.conflicts[0])
        by_manager: dict[str, list[Any]] = {}
        for c in self.conflicts:
            by_manager.setdefault(c.manager, []).append(c.path)
        messages = []
        for manager in sorted(by_manager):
            messages.append(f"conflicts with {go_quote(manager)}:")
            messages.extend(f"- {p}" for p in by_manager[manager])
        return "\n".join(messages)

    def __iter__(self) -> Iterator[Conflict]:
        return iter(self.conflicts)

    def __len__(self) -> int:
        return len(self.conflicts)

    def to_set(self) -> Set:
        s = Set()
        for c in self.conflicts:
            s.insert(c.path)
        return s


def conflicts_from_managers(sets: ManagedFields) -> Conflicts:
    """Conflicts for every path of every manager's set (managers in sorted order; Go's map order is random)."""
    out = []
    for manager in sorted(sets):
        for p in sets[manager].set().iterate():
            out.append(Conflict(manager, p))
    return Conflicts(out)


class Updater:
    """Go's merge.Updater."""

    def __init__(
        self,
        converter: Converter,
        ignore_filter: Optional[dict[str, Filter]] = None,
        ignored_fields: Optional[dict[str, Set]] = None,
        return_input_on_noop: bool = False,
    ):
        self.converter = converter
        self.ignore_filter = ignore_filter
        self.ignored_fields = ignored_fields
        self._return_input_on_noop = return_input_on_noop

    def _convert(self, obj: TypedValue, version: str) -> tuple[TypedValue, Optional[BaseException]]:
        """Go's (value, error) of Converter.Convert, the input returned with the error as apimachinery's
        converter does: a converter may fail with any error, which the caller classifies."""
        try:
            return self.converter.convert(obj, version), None
        except Exception as err:  # noqa: BLE001 - classified by is_missing_version_error
            return obj, err

    def _convert_present(self, obj: TypedValue, version: str, what: str) -> Optional[TypedValue]:
        """``obj`` at ``version``, None when the converter does not know the version; other errors raise
        "failed to convert <what>: ..."."""
        converted, err = self._convert(obj, version)
        if err is None:
            return converted
        if self.converter.is_missing_version_error(err):
            return None
        raise ValueError(f"failed to convert {what}: {err}") from None

    def _filter_for(self, version: str) -> Optional[Filter]:
        if self.ignored_fields is not None and self.ignore_filter is not None:
            raise ValueError("IgnoreFilter and IgnoreFilter may not both be set")
        if self.ignored_fields is not None:
            return new_exclude_set_filter(self.ignored_fields.get(version) or Set())
        return (self.ignore_filter or {}).get(version)

    def _filtered(self, compare: Comparison, version: str) -> Comparison:
        if self.ignored_fields is not None:
            return compare.exclude_fields(self.ignored_fields.get(version))
        return compare.filter_fields((self.ignore_filter or {}).get(version))

    def _update(
        self, old: TypedValue, new: TypedValue, version: str, managers: ManagedFields, workflow: str, force: bool
    ) -> tuple[ManagedFields, Comparison]:
        conflicts: ManagedFields = {}
        removed: ManagedFields = {}
        try:
            compare = old.compare(new)
        except ValueError as err:
            raise ValueError(f"failed to compare objects: {err}") from None
        if self.ignored_fields is not None and self.ignore_filter is not None:
            raise ValueError("IgnoreFilter and IgnoreFilter may not both be set")
        versions = {version: self._filtered(compare, version)}
        for manager in list(managers):
            manager_set = managers[manager]
            if manager == workflow:
                continue
            cmp = versions.get(manager_set.api_version())
            if cmp is None:
                versioned_old = self._convert_present(old, manager_set.api_version(), "old object")
                versioned_new = (
                    None
                    if versioned_old is None
                    else self._convert_present(new, manager_set.api_version(), "new object")
                )
                if versioned_old is None or versioned_new is None:
                    del managers[manager]
                    continue
                try:
                    cmp = versioned_old.compare(versioned_new)
                except ValueError as cmp_err:
                    raise ValueError(f"failed to compare objects: {cmp_err}") from None
                cmp = versions[manager_set.api_version()] = self._filtered(cmp, manager_set.api_version())
            conflict_set = manager_set.set().intersection(cmp.modified.union(cmp.added))
            if not conflict_set.empty():
                conflicts[manager] = VersionedSet(conflict_set, manager_set.api_version(), False)
            if not cmp.removed.empty():
                removed[manager] = VersionedSet(cmp.removed, manager_set.api_version(), False)
        if not force and conflicts:
            raise conflicts_from_managers(conflicts)
        for taken in (conflicts, removed):
            for manager, taken_set in taken.items():
                m = managers[manager]
                managers[manager] = VersionedSet(m.set().difference(taken_set.set()), m.api_version(), m.applied())
        for manager in list(managers):
            if managers[manager].set().empty():
                del managers[manager]
        return managers, compare

    def update(
        self, live: TypedValue, new: TypedValue, version: str, managers: ManagedFields, manager: str
    ) -> tuple[TypedValue, ManagedFields]:
        """Record that ``manager`` changed ``live`` into ``new``: it owns what it set, others lose it."""
        managers = self._reconcile_managed_fields_with_schema_changes(live, managers)
        managers, compare = self._update(live, new, version, managers, manager, True)
        if manager not in managers:
            managers[manager] = VersionedSet(Set(), version, False)
        s = managers[manager].set().difference(compare.removed).union(compare.modified).union(compare.added)
        f = self._filter_for(version)
        if f is not None:
            s = f.filter(s)
        managers[manager] = VersionedSet(s, version, False)
        if managers[manager].set().empty():
            del managers[manager]
        return new, managers

    def apply(
        self, live: TypedValue, config: TypedValue, version: str, managers: ManagedFields, manager: str, force: bool
    ) -> tuple[Optional[TypedValue], ManagedFields]:
        """Merge ``config`` into ``live`` for ``manager``; returns (new object or None when nothing changed,
        managers). Raises Conflicts when not forced and another manager owns a field it changes."""
        managers = self._reconcile_managed_fields_with_schema_changes(live, managers)
        try:
            new = live.merge(config)
        except ValueError as err:
            raise ValueError(f"failed to merge config: {err}") from None
        last_set = managers.get(manager)
        try:
            s = config.to_field_set()
        except ValueError as err:
            raise ValueError(f"failed to get field set: {err}") from None
        f = self._filter_for(version)
        if f is not None:
            s = f.filter(s)
        managers[manager] = VersionedSet(s, version, True)
        try:
            new = self._prune(new, managers, manager, last_set)
        except ValueError as err:
            raise ValueError(f"failed to prune fields: {err}") from None
        managers, _ = self._update(live, new, version, managers, manager, force)
        if not self._return_input_on_noop and _value.equals(live.as_value(), new.as_value()):
            return None, managers
        return new, managers

    def _prune(
        self, merged: TypedValue, managers: ManagedFields, applying_manager: str, last_set: Optional[VersionedSet]
    ) -> TypedValue:
        if last_set is None or last_set.set().empty():
            return merged
        version = last_set.api_version()
        converted = self._convert_present(merged, version, "merged object to last applied version")
        if converted is None:
            return merged
        sc, tr = converted.schema(), converted.type_ref()
        pruned = converted.remove_items(last_set.set().ensure_named_fields_are_members(sc, tr))
        try:
            pruned = self._add_back_owned_items(converted, pruned, version, managers, applying_manager)
        except ValueError as err:
            raise ValueError(f"failed add back owned items: {err}") from None
        try:
            pruned = self._add_back_dangling_items(converted, pruned, last_set)
        except ValueError as err:
            raise ValueError(f"failed add back dangling items: {err}") from None
        return self.converter.convert(pruned, managers[applying_manager].api_version())

    def _add_back_owned_items(
        self,
        merged: TypedValue,
        pruned: TypedValue,
        pruned_version: str,
        managed: ManagedFields,
        applying_manager: str,
    ) -> TypedValue:
        at_version: dict[str, Set] = {}
        for manager_set in managed.values():
            v = manager_set.api_version()
            at_version[v] = at_version.get(v, Set()).union(manager_set.set())
        if pruned_version in at_version:
            merged, pruned = self._add_back_owned_items_for_version(
                merged, pruned, pruned_version, at_version.pop(pruned_version)
            )
        for version, s in at_version.items():
            merged, pruned = self._add_back_owned_items_for_version(merged, pruned, version, s)
        return pruned

    def _add_back_owned_items_for_version(
        self, merged: TypedValue, pruned: TypedValue, version: str, managed: Set
    ) -> tuple[TypedValue, TypedValue]:
        converted = self._convert_present(merged, version, f"merged object at version {version}")
        if converted is None:
            return merged, pruned
        merged = converted
        converted = self._convert_present(pruned, version, f"pruned object at version {version}")
        if converted is None:
            return merged, pruned
        pruned = converted
        merged_set = _field_set(merged, f"merged object at version {version}")
        pruned_set = _field_set(pruned, f"pruned object at version {version}")
        sc, tr = merged.schema(), merged.type_ref()
        keep = pruned_set.ensure_named_fields_are_members(sc, tr).union(managed.ensure_named_fields_are_members(sc, tr))
        pruned = merged.remove_items(merged_set.ensure_named_fields_are_members(sc, tr).difference(keep))
        return merged, pruned

    def _add_back_dangling_items(self, merged: TypedValue, pruned: TypedValue, last_set: VersionedSet) -> TypedValue:
        converted_pruned = self._convert_present(
            pruned, last_set.api_version(), "pruned object to last applied version"
        )
        if converted_pruned is None:
            return merged
        pruned_set = _field_set(converted_pruned, "pruned object in last applied version")
        merged_set = _field_set(merged, "merged object in last applied version")
        sc, tr = merged.schema(), merged.type_ref()
        pruned_set = pruned_set.ensure_named_fields_are_members(sc, tr)
        merged_set = merged_set.ensure_named_fields_are_members(sc, tr)
        last = last_set.set().ensure_named_fields_are_members(sc, tr)
        return merged.remove_items(merged_set.difference(pruned_set).intersection(last))

    def _reconcile_managed_fields_with_schema_changes(self, live: TypedValue, managers: ManagedFields) -> ManagedFields:
        result: ManagedFields = {}
        for manager, versioned_set in managers.items():
            tv, err = self._convert(live, versioned_set.api_version())
            if err is not None:
                if self.converter.is_missing_version_error(err):
                    continue
                raise err
            reconciled = reconcile_field_set_with_schema(versioned_set.set(), tv)
            if reconciled is not None:
                result[manager] = VersionedSet(reconciled, versioned_set.api_version(), versioned_set.applied())
            else:
                result[manager] = versioned_set
        return result


@dataclasses.dataclass
class UpdaterBuilder:
    """Go's merge.UpdaterBuilder: the settings of the Updater ``build_updater`` makes."""

    converter: Converter
    ignore_filter: Optional[dict[str, Filter]] = None
    ignored_fields: Optional[dict[str, Set]] = None
    return_input_on_noop: bool = False

    def build_updater(self) -> Updater:
        return Updater(self.converter, self.ignore_filter, self.ignored_fields, self.return_input_on_noop)


def _field_set(tv: TypedValue, what: str) -> Set:
    """The value's field set; raises "failed to create field set from <what>: ..." when it has none."""
    try:
        return tv.to_field_set()
    except ValueError as err:
        raise ValueError(f"failed to create field set from {what}: {err}") from None
