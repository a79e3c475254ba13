"""The actions a fake client records (client-go testing/actions.go): one class per verb, and the
``new_*_action`` constructors the fake clients use.

Go has an interface (``GetAction``) and a struct (``GetActionImpl``) per verb; here the interfaces are
runtime-checkable Protocols that the structs also subclass, so ``isinstance(action, testing.GetAction)`` and
``type(action) is testing.GetActionImpl`` both work. Struct fields are snake_case attributes (``action.namespace``,
``action.list_options``), getters keep Go's names in snake_case (``get_namespace()``, ``get_list_options()``).
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any, Optional, Protocol, runtime_checkable

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py._go import path as _gopath
from kubernetes_py.apimachinery import fields, labels
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource

__all__ = [
    "Action",
    "GenericAction",
    "GetAction",
    "ListAction",
    "CreateAction",
    "UpdateAction",
    "DeleteAction",
    "DeleteCollectionAction",
    "PatchAction",
    "WatchAction",
    "ProxyGetAction",
    "ActionImpl",
    "GenericActionImpl",
    "GetActionImpl",
    "ListActionImpl",
    "CreateActionImpl",
    "UpdateActionImpl",
    "DeleteActionImpl",
    "DeleteCollectionActionImpl",
    "PatchActionImpl",
    "WatchActionImpl",
    "ProxyGetActionImpl",
    "ListRestrictions",
    "WatchRestrictions",
    "extract_from_list_options",
    "new_root_get_action",
    "new_root_get_action_with_options",
    "new_get_action",
    "new_get_action_with_options",
    "new_get_subresource_action",
    "new_get_subresource_action_with_options",
    "new_root_get_subresource_action",
    "new_root_get_subresource_action_with_options",
    "new_root_list_action",
    "new_root_list_action_with_options",
    "new_list_action",
    "new_list_action_with_options",
    "new_root_create_action",
    "new_root_create_action_with_options",
    "new_create_action",
    "new_create_action_with_options",
    "new_root_create_subresource_action",
    "new_root_create_subresource_action_with_options",
    "new_create_subresource_action",
    "new_create_subresource_action_with_options",
    "new_root_update_action",
    "new_root_update_action_with_options",
    "new_update_action",
    "new_update_action_with_options",
    "new_root_patch_action",
    "new_root_patch_action_with_options",
    "new_patch_action",
    "new_patch_action_with_options",
    "new_root_patch_subresource_action",
    "new_root_patch_subresource_action_with_options",
    "new_patch_subresource_action",
    "new_patch_subresource_action_with_options",
    "new_root_update_subresource_action",
    "new_root_update_subresource_action_with_options",
    "new_update_subresource_action",
    "new_update_subresource_action_with_options",
    "new_root_delete_action",
    "new_root_delete_action_with_options",
    "new_root_delete_subresource_action",
    "new_root_delete_subresource_action_with_options",
    "new_delete_action",
    "new_delete_action_with_options",
    "new_delete_subresource_action",
    "new_delete_subresource_action_with_options",
    "new_root_delete_collection_action",
    "new_root_delete_collection_action_with_options",
    "new_delete_collection_action",
    "new_delete_collection_action_with_options",
    "new_root_watch_action",
    "new_root_watch_action_with_options",
    "new_watch_action",
    "new_watch_action_with_options",
    "new_proxy_get_action",
]


def _copy_message(m: Any) -> Any:
    if m is None:
        return None
    out = type(m)()
    out.CopyFrom(m)
    return out


def _copy_object(obj: Any) -> Any:
    if obj is None:
        return None
    if hasattr(obj, "deep_copy_object"):
        return obj.deep_copy_object()
    return copy.deepcopy(obj)


@dataclasses.dataclass
class ListRestrictions:
    labels: Any = None
    fields: Any = None


@dataclasses.dataclass
class WatchRestrictions:
    labels: Any = None
    fields: Any = None
    resource_version: str = ""


def _copy_field(name: str, value: Any) -> Any:
    """A deep copy of one field of an action, as the Go ``DeepCopy`` methods make it."""
    if name == "object":
        return _copy_object(value)
    if name.endswith("_options"):
        return _copy_message(value)
    if isinstance(value, ListRestrictions):
        return ListRestrictions(value.labels.deep_copy_selector(), value.fields.deep_copy_selector())
    if isinstance(value, WatchRestrictions):
        return WatchRestrictions(
            value.labels.deep_copy_selector(), value.fields.deep_copy_selector(), value.resource_version
        )
    if name == "params":
        return dict(value or {})
    if isinstance(value, bytes):
        return bytes(value)
    return value


@runtime_checkable
class Action(Protocol):
    """What every recorded action offers (Go's Action interface)."""

    def get_namespace(self) -> str: ...
    def get_verb(self) -> str: ...
    def get_resource(self) -> GroupVersionResource: ...
    def get_subresource(self) -> str: ...
    def matches(self, verb: str, resource: str) -> bool: ...
    def deep_copy(self) -> "Action": ...


@runtime_checkable
class GenericAction(Action, Protocol):
    def get_value(self) -> Any: ...


@runtime_checkable
class GetAction(Action, Protocol):
    def get_name(self) -> str: ...


@runtime_checkable
class ListAction(Action, Protocol):
    def get_list_restrictions(self) -> ListRestrictions: ...


@runtime_checkable
class CreateAction(Action, Protocol):
    def get_object(self) -> Any: ...


@runtime_checkable
class UpdateAction(Action, Protocol):
    def get_object(self) -> Any: ...


@runtime_checkable
class DeleteAction(Action, Protocol):
    def get_name(self) -> str: ...
    def get_delete_options(self) -> Any: ...


@runtime_checkable
class DeleteCollectionAction(Action, Protocol):
    def get_list_restrictions(self) -> ListRestrictions: ...


@runtime_checkable
class PatchAction(Action, Protocol):
    def get_name(self) -> str: ...
    def get_patch_type(self) -> str: ...
    def get_patch(self) -> bytes: ...


@runtime_checkable
class WatchAction(Action, Protocol):
    def get_watch_restrictions(self) -> WatchRestrictions: ...


@runtime_checkable
class ProxyGetAction(Action, Protocol):
    def get_scheme(self) -> str: ...
    def get_name(self) -> str: ...
    def get_port(self) -> str: ...
    def get_path(self) -> str: ...
    def get_params(self) -> Optional[dict[str, str]]: ...


@dataclasses.dataclass
class ActionImpl(Action):
    """The fields every action has: namespace, verb, resource and subresource."""

    namespace: str = ""
    verb: str = ""
    resource: GroupVersionResource = dataclasses.field(default_factory=GroupVersionResource)
    subresource: str = ""

    def get_namespace(self) -> str:
        return self.namespace

    def get_verb(self) -> str:
        return self.verb

    def get_resource(self) -> GroupVersionResource:
        return self.resource

    def get_subresource(self) -> str:
        return self.subresource

    def matches(self, verb: str, resource: str) -> bool:
        """Whether the action has this verb and resource ("pods", or "pods/status" for a subresource),
        compared case-insensitively."""
        if "/" not in resource:
            return verb.lower() == self.verb.lower() and resource.lower() == self.resource.resource.lower()
        top, sub = resource.split("/", 1)
        return (
            verb.lower() == self.verb.lower()
            and top.lower() == self.resource.resource.lower()
            and sub.lower() == self.subresource.lower()
        )

    def deep_copy(self) -> "Action":
        """A copy of the same type whose options, object, restrictions, patch and params are copies too (each
        Go ``DeepCopy`` method, one rule per field)."""
        return type(self)(**{f.name: _copy_field(f.name, getattr(self, f.name)) for f in dataclasses.fields(self)})


@dataclasses.dataclass
class GenericActionImpl(ActionImpl, GenericAction):
    value: Any = None

    def get_value(self) -> Any:
        return self.value


@dataclasses.dataclass
class GetActionImpl(ActionImpl, GetAction):
    name: str = ""
    get_options: Any = None

    def get_name(self) -> str:
        return self.name

    def get_get_options(self) -> Any:
        return self.get_options


@dataclasses.dataclass
class ListActionImpl(ActionImpl, ListAction):
    kind: GroupVersionKind = dataclasses.field(default_factory=GroupVersionKind)
    name: str = ""
    list_restrictions: ListRestrictions = dataclasses.field(default_factory=ListRestrictions)
    list_options: Any = None

    def get_kind(self) -> GroupVersionKind:
        return self.kind

    def get_list_restrictions(self) -> ListRestrictions:
        return self.list_restrictions

    def get_list_options(self) -> Any:
        return self.list_options


@dataclasses.dataclass
class CreateActionImpl(ActionImpl, CreateAction):
    name: str = ""
    object: Any = None
    create_options: Any = None

    def get_object(self) -> Any:
        return self.object

    def get_create_options(self) -> Any:
        return self.create_options


@dataclasses.dataclass
class UpdateActionImpl(ActionImpl, UpdateAction):
    object: Any = None
    update_options: Any = None

    def get_object(self) -> Any:
        return self.object

    def get_update_options(self) -> Any:
        return self.update_options


@dataclasses.dataclass
class PatchActionImpl(ActionImpl, PatchAction):
    name: str = ""
    patch_type: str = ""
    patch: bytes = b""
    patch_options: Any = None

    def get_name(self) -> str:
        return self.name

    def get_patch(self) -> bytes:
        return self.patch

    def get_patch_type(self) -> str:
        return self.patch_type

    def get_patch_options(self) -> Any:
        return self.patch_options


@dataclasses.dataclass
class DeleteActionImpl(ActionImpl, DeleteAction):
    name: str = ""
    delete_options: Any = None

    def get_name(self) -> str:
        return self.name

    def get_delete_options(self) -> Any:
        return self.delete_options


@dataclasses.dataclass
class DeleteCollectionActionImpl(ActionImpl, DeleteCollectionAction):
    list_restrictions: ListRestrictions = dataclasses.field(default_factory=ListRestrictions)
    delete_options: Any = None
    list_options: Any = None

    def get_list_restrictions(self) -> ListRestrictions:
        return self.list_restrictions

    def get_delete_options(self) -> Any:
        return self.delete_options

    def get_list_options(self) -> Any:
        return self.list_options


@dataclasses.dataclass
class WatchActionImpl(ActionImpl, WatchAction):
    watch_restrictions: WatchRestrictions = dataclasses.field(default_factory=WatchRestrictions)
    list_options: Any = None

    def get_watch_restrictions(self) -> WatchRestrictions:
        return self.watch_restrictions

    def get_list_options(self) -> Any:
        return self.list_options


@dataclasses.dataclass
class ProxyGetActionImpl(ActionImpl, ProxyGetAction):
    scheme: str = ""
    name: str = ""
    port: str = ""
    path: str = ""
    params: Optional[dict[str, str]] = None

    def get_scheme(self) -> str:
        return self.scheme

    def get_name(self) -> str:
        return self.name

    def get_port(self) -> str:
        return self.port

    def get_path(self) -> str:
        return self.path

    def get_params(self) -> Optional[dict[str, str]]:
        return self.params


def extract_from_list_options(opts: Any) -> tuple[Any, Any, str]:
    """(label selector, field selector, resourceVersion) of a metav1.ListOptions.

    Like Go (which panics), an unparsable selector or anything but ListOptions raises."""
    if not isinstance(opts, metav1.ListOptions):
        raise TypeError(f"expect a ListOptions {type(opts).__name__}")
    try:
        label_selector = labels.parse(opts.labelSelector)
    except Exception as err:  # noqa: BLE001
        raise ValueError(f"invalid selector {_q(opts.labelSelector)}: {err}") from None
    try:
        field_selector = fields.parse_selector(opts.fieldSelector)
    except Exception as err:  # noqa: BLE001
        raise ValueError(f"invalid selector {_q(opts.fieldSelector)}: {err}") from None
    if label_selector is None:
        label_selector = labels.everything()
    if field_selector is None:
        field_selector = fields.everything()
    return label_selector, field_selector, opts.resourceVersion


def _q(s: str) -> str:
    from kubernetes_py._go.strconv import go_quote

    return go_quote(s)


def _opts(opts: Any, cls_name: str) -> Any:
    return opts if opts is not None else getattr(metav1, cls_name)()


# --- get ---


def _get(resource: GroupVersionResource, namespace: str, subresource: str, name: str, opts: Any) -> GetActionImpl:
    options = _opts(opts, "GetOptions")
    return GetActionImpl(
        namespace=namespace, verb="get", resource=resource, subresource=subresource, name=name, get_options=options
    )


def new_root_get_action(resource: GroupVersionResource, name: str) -> GetActionImpl:
    return _get(resource, "", "", name, None)


def new_root_get_action_with_options(resource: GroupVersionResource, name: str, opts: Any) -> GetActionImpl:
    return _get(resource, "", "", name, opts)


def new_get_action(resource: GroupVersionResource, namespace: str, name: str) -> GetActionImpl:
    return _get(resource, namespace, "", name, None)


def new_get_action_with_options(resource: GroupVersionResource, namespace: str, name: str, opts: Any) -> GetActionImpl:
    return _get(resource, namespace, "", name, opts)


def new_get_subresource_action(
    resource: GroupVersionResource, namespace: str, subresource: str, name: str
) -> GetActionImpl:
    return _get(resource, namespace, subresource, name, None)


def new_get_subresource_action_with_options(
    resource: GroupVersionResource, namespace: str, subresource: str, name: str, opts: Any
) -> GetActionImpl:
    return _get(resource, namespace, subresource, name, opts)


def new_root_get_subresource_action(resource: GroupVersionResource, subresource: str, name: str) -> GetActionImpl:
    return _get(resource, "", subresource, name, None)


def new_root_get_subresource_action_with_options(
    resource: GroupVersionResource, subresource: str, name: str, opts: Any
) -> GetActionImpl:
    return _get(resource, "", subresource, name, opts)


# --- list ---


def _list_action(
    resource: GroupVersionResource, kind: GroupVersionKind, namespace: str, opts: Any, keep_options: bool
) -> ListActionImpl:
    label_selector, field_selector, _ = extract_from_list_options(opts)
    if keep_options:
        list_options = opts
    else:
        list_options = metav1.ListOptions(labelSelector=str(label_selector), fieldSelector=str(field_selector))
    return ListActionImpl(
        verb="list",
        resource=resource,
        kind=kind,
        namespace=namespace,
        list_restrictions=ListRestrictions(label_selector, field_selector),
        list_options=list_options,
    )


def new_root_list_action(resource: GroupVersionResource, kind: GroupVersionKind, opts: Any) -> ListActionImpl:
    return _list_action(resource, kind, "", opts, False)


def new_root_list_action_with_options(
    resource: GroupVersionResource, kind: GroupVersionKind, opts: Any
) -> ListActionImpl:
    # Go keeps only the selectors here too (its options are overwritten after extraction).
    return _list_action(resource, kind, "", opts, False)


def new_list_action(
    resource: GroupVersionResource, kind: GroupVersionKind, namespace: str, opts: Any
) -> ListActionImpl:
    return _list_action(resource, kind, namespace, opts, False)


def new_list_action_with_options(
    resource: GroupVersionResource, kind: GroupVersionKind, namespace: str, opts: Any
) -> ListActionImpl:
    return _list_action(resource, kind, namespace, opts, True)


# --- create ---


def _create(
    resource: GroupVersionResource, namespace: str, subresource: str, name: str, obj: Any, opts: Any
) -> CreateActionImpl:
    options = _opts(opts, "CreateOptions")
    return CreateActionImpl(
        namespace=namespace,
        verb="create",
        resource=resource,
        subresource=subresource,
        name=name,
        object=obj,
        create_options=options,
    )


def new_root_create_action(resource: GroupVersionResource, obj: Any) -> CreateActionImpl:
    return _create(resource, "", "", "", obj, None)


def new_root_create_action_with_options(resource: GroupVersionResource, obj: Any, opts: Any) -> CreateActionImpl:
    return _create(resource, "", "", "", obj, opts)


def new_create_action(resource: GroupVersionResource, namespace: str, obj: Any) -> CreateActionImpl:
    return _create(resource, namespace, "", "", obj, None)


def new_create_action_with_options(
    resource: GroupVersionResource, namespace: str, obj: Any, opts: Any
) -> CreateActionImpl:
    return _create(resource, namespace, "", "", obj, opts)


def new_root_create_subresource_action(
    resource: GroupVersionResource, name: str, subresource: str, obj: Any
) -> CreateActionImpl:
    return _create(resource, "", subresource, name, obj, None)


def new_root_create_subresource_action_with_options(
    resource: GroupVersionResource, name: str, subresource: str, obj: Any, opts: Any
) -> CreateActionImpl:
    return _create(resource, "", subresource, name, obj, opts)


def new_create_subresource_action(
    resource: GroupVersionResource, name: str, subresource: str, namespace: str, obj: Any
) -> CreateActionImpl:
    return _create(resource, namespace, subresource, name, obj, None)


def new_create_subresource_action_with_options(
    resource: GroupVersionResource, name: str, subresource: str, namespace: str, obj: Any, opts: Any
) -> CreateActionImpl:
    return _create(resource, namespace, subresource, name, obj, opts)


# --- update ---


def _update(resource: GroupVersionResource, namespace: str, subresource: str, obj: Any, opts: Any) -> UpdateActionImpl:
    options = _opts(opts, "UpdateOptions")
    return UpdateActionImpl(
        namespace=namespace,
        verb="update",
        resource=resource,
        subresource=subresource,
        object=obj,
        update_options=options,
    )


def new_root_update_action(resource: GroupVersionResource, obj: Any) -> UpdateActionImpl:
    return _update(resource, "", "", obj, None)


def new_root_update_action_with_options(resource: GroupVersionResource, obj: Any, opts: Any) -> UpdateActionImpl:
    return _update(resource, "", "", obj, opts)


def new_update_action(resource: GroupVersionResource, namespace: str, obj: Any) -> UpdateActionImpl:
    return _update(resource, namespace, "", obj, None)


def new_update_action_with_options(
    resource: GroupVersionResource, namespace: str, obj: Any, opts: Any
) -> UpdateActionImpl:
    return _update(resource, namespace, "", obj, opts)


def new_root_update_subresource_action(resource: GroupVersionResource, subresource: str, obj: Any) -> UpdateActionImpl:
    return _update(resource, "", subresource, obj, None)


def new_root_update_subresource_action_with_options(
    resource: GroupVersionResource, subresource: str, obj: Any, opts: Any
) -> UpdateActionImpl:
    return _update(resource, "", subresource, obj, opts)


def new_update_subresource_action(
    resource: GroupVersionResource, subresource: str, namespace: str, obj: Any
) -> UpdateActionImpl:
    return _update(resource, namespace, subresource, obj, None)


def new_update_subresource_action_with_options(
    resource: GroupVersionResource, subresource: str, namespace: str, obj: Any, opts: Any
) -> UpdateActionImpl:
    return _update(resource, namespace, subresource, obj, opts)


# --- patch ---


def _patch(
    resource: GroupVersionResource, namespace: str, subresource: str, name: str, pt: str, patch: bytes, opts: Any
) -> PatchActionImpl:
    options = _opts(opts, "PatchOptions")
    return PatchActionImpl(
        namespace=namespace,
        verb="patch",
        resource=resource,
        subresource=subresource,
        name=name,
        patch_type=pt,
        patch=patch,
        patch_options=options,
    )


def new_root_patch_action(resource: GroupVersionResource, name: str, pt: str, patch: bytes) -> PatchActionImpl:
    return _patch(resource, "", "", name, pt, patch, None)


def new_root_patch_action_with_options(
    resource: GroupVersionResource, name: str, pt: str, patch: bytes, opts: Any
) -> PatchActionImpl:
    return _patch(resource, "", "", name, pt, patch, opts)


def new_patch_action(
    resource: GroupVersionResource, namespace: str, name: str, pt: str, patch: bytes
) -> PatchActionImpl:
    return _patch(resource, namespace, "", name, pt, patch, None)


def new_patch_action_with_options(
    resource: GroupVersionResource, namespace: str, name: str, pt: str, patch: bytes, opts: Any
) -> PatchActionImpl:
    return _patch(resource, namespace, "", name, pt, patch, opts)


def new_root_patch_subresource_action(
    resource: GroupVersionResource, name: str, pt: str, patch: bytes, *subresources: str
) -> PatchActionImpl:
    return _patch(resource, "", _gopath.join(*subresources), name, pt, patch, None)


def new_root_patch_subresource_action_with_options(
    resource: GroupVersionResource, name: str, pt: str, patch: bytes, opts: Any, *subresources: str
) -> PatchActionImpl:
    return _patch(resource, "", _gopath.join(*subresources), name, pt, patch, opts)


def new_patch_subresource_action(
    resource: GroupVersionResource, namespace: str, name: str, pt: str, patch: bytes, *subresources: str
) -> PatchActionImpl:
    return _patch(resource, namespace, _gopath.join(*subresources), name, pt, patch, None)


def new_patch_subresource_action_with_options(
    resource: GroupVersionResource, namespace: str, name: str, pt: str, patch: bytes, opts: Any, *subresources: str
) -> PatchActionImpl:
    return _patch(resource, namespace, _gopath.join(*subresources), name, pt, patch, opts)


# --- delete ---


def _delete(resource: GroupVersionResource, namespace: str, subresource: str, name: str, opts: Any) -> DeleteActionImpl:
    options = _opts(opts, "DeleteOptions")
    return DeleteActionImpl(
        namespace=namespace,
        verb="delete",
        resource=resource,
        subresource=subresource,
        name=name,
        delete_options=options,
    )


def new_root_delete_action(resource: GroupVersionResource, name: str) -> DeleteActionImpl:
    return _delete(resource, "", "", name, None)


def new_root_delete_action_with_options(resource: GroupVersionResource, name: str, opts: Any) -> DeleteActionImpl:
    return _delete(resource, "", "", name, opts)


def new_root_delete_subresource_action(resource: GroupVersionResource, subresource: str, name: str) -> DeleteActionImpl:
    return _delete(resource, "", subresource, name, None)


def new_root_delete_subresource_action_with_options(
    resource: GroupVersionResource, subresource: str, name: str, opts: Any
) -> DeleteActionImpl:
    return _delete(resource, "", subresource, name, opts)


def new_delete_action(resource: GroupVersionResource, namespace: str, name: str) -> DeleteActionImpl:
    return _delete(resource, namespace, "", name, None)


def new_delete_action_with_options(
    resource: GroupVersionResource, namespace: str, name: str, opts: Any
) -> DeleteActionImpl:
    return _delete(resource, namespace, "", name, opts)


def new_delete_subresource_action(
    resource: GroupVersionResource, subresource: str, namespace: str, name: str
) -> DeleteActionImpl:
    return _delete(resource, namespace, subresource, name, None)


def new_delete_subresource_action_with_options(
    resource: GroupVersionResource, subresource: str, namespace: str, name: str, opts: Any
) -> DeleteActionImpl:
    return _delete(resource, namespace, subresource, name, opts)


def _list_options_or_empty(opts: Any) -> Any:
    """Go's ``opts.(metav1.ListOptions)`` with the comma-ok form: anything else becomes empty options."""
    return opts if isinstance(opts, metav1.ListOptions) else metav1.ListOptions()


def new_root_delete_collection_action(resource: GroupVersionResource, opts: Any) -> DeleteCollectionActionImpl:
    return new_root_delete_collection_action_with_options(resource, None, _list_options_or_empty(opts))


def new_root_delete_collection_action_with_options(
    resource: GroupVersionResource, delete_opts: Any, list_opts: Any
) -> DeleteCollectionActionImpl:
    return new_delete_collection_action_with_options(resource, "", delete_opts, list_opts)


def new_delete_collection_action(
    resource: GroupVersionResource, namespace: str, opts: Any
) -> DeleteCollectionActionImpl:
    return new_delete_collection_action_with_options(resource, namespace, None, _list_options_or_empty(opts))


def new_delete_collection_action_with_options(
    resource: GroupVersionResource, namespace: str, delete_opts: Any, list_opts: Any
) -> DeleteCollectionActionImpl:
    label_selector, field_selector, _ = extract_from_list_options(list_opts)
    return DeleteCollectionActionImpl(
        verb="delete-collection",
        resource=resource,
        namespace=namespace,
        delete_options=_opts(delete_opts, "DeleteOptions"),
        list_options=list_opts,
        list_restrictions=ListRestrictions(label_selector, field_selector),
    )


# --- watch ---


def new_root_watch_action(resource: GroupVersionResource, opts: Any) -> WatchActionImpl:
    return new_root_watch_action_with_options(resource, _list_options_or_empty(opts))


def new_root_watch_action_with_options(resource: GroupVersionResource, opts: Any) -> WatchActionImpl:
    return new_watch_action_with_options(resource, "", opts)


def new_watch_action(resource: GroupVersionResource, namespace: str, opts: Any) -> WatchActionImpl:
    return new_watch_action_with_options(resource, namespace, _list_options_or_empty(opts))


def new_watch_action_with_options(resource: GroupVersionResource, namespace: str, opts: Any) -> WatchActionImpl:
    label_selector, field_selector, resource_version = extract_from_list_options(opts)
    return WatchActionImpl(
        verb="watch",
        resource=resource,
        namespace=namespace,
        list_options=opts,
        watch_restrictions=WatchRestrictions(label_selector, field_selector, resource_version),
    )


def new_proxy_get_action(
    resource: GroupVersionResource,
    namespace: str,
    scheme: str,
    name: str,
    port: str,
    path: str,
    params: Optional[dict[str, str]],
) -> ProxyGetActionImpl:
    return ProxyGetActionImpl(
        verb="get",
        resource=resource,
        namespace=namespace,
        scheme=scheme,
        name=name,
        port=port,
        path=path,
        params=params,
    )
