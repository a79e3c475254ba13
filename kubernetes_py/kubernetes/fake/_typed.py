"""Fake group and resource clients, built from the generated typed clientset itself.

For every group accessor of kubernetes.Clientset (``core_v1()``...) and every resource accessor of its
group client (``pods(namespace)``...), the fake has the same method, returning a gentype fake client of the
same resource, kind, verbs and subresource methods (``get_scale``, ``update_status``...). Verbs a resource's
+genclient tags leave out are absent from the fake too, as on the real client.
"""

from __future__ import annotations

import functools
import inspect
import typing
from typing import Any, Callable, Optional, Protocol

from kubernetes_py import gentype, testing
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.gentype import fake as gentypefake
from kubernetes_py import context

__all__ = ["fake_group_class", "fake_resource_class"]

# Verb of the +genclient tags -> the client method it provides.
_VERB_METHODS = {
    "create": "create",
    "update": "update",
    "updateStatus": "update_status",
    "delete": "delete",
    "deleteCollection": "delete_collection",
    "get": "get",
    "list": "list",
    "watch": "watch",
    "patch": "patch",
    "apply": "apply",
    "applyStatus": "apply_status",
}


class _DummyGroup:
    def rest_client(self) -> None:
        return None


def _describe(interface: type, namespaced: bool) -> tuple[str, type, Optional[type]]:
    """(resource, object class, list class or None) of a generated typed client class."""
    client = interface(_DummyGroup(), "") if namespaced else interface(_DummyGroup())
    return client._resource, client._new_object, getattr(client, "_new_list", None)


def _kind_of(object_class: type) -> GroupVersionKind:
    from kubernetes_py.kubernetes import scheme

    gvks, _ = scheme.Scheme.object_kinds(object_class())
    return gvks[0]


def _invoke_as(client: gentypefake.FakeClient, result_class: type, action: Any) -> Any:
    empty = result_class()
    obj = client.fake.invokes(action, empty)
    return empty if obj is None else obj


def _extension_method(name: str, result_class: type) -> Callable[..., Any]:
    """The fake of a generated subresource method: get_X / update_X / apply_X / create_X."""
    verb, _, rest = name.partition("_")
    sub = rest.replace("_", "")

    def get_x(
        self: gentypefake.FakeClient, ctx: context.Context | None, resource_name: str, options: Any = None
    ) -> Any:
        return _invoke_as(
            self,
            result_class,
            testing.new_get_subresource_action_with_options(self._resource, self._ns, sub, resource_name, options),
        )

    def write_x(
        self: gentypefake.FakeClient, ctx: context.Context | None, resource_name: str, obj: Any, opts: Any = None
    ) -> Any:
        action: testing.Action
        if verb == "update":
            action = testing.new_update_subresource_action_with_options(self._resource, sub, self._ns, obj, opts)
        else:
            action = testing.new_create_subresource_action_with_options(
                self._resource, resource_name, sub, self._ns, obj, opts
            )
        return _invoke_as(self, result_class, action)

    def apply_x(
        self: gentypefake.FakeClient, ctx: context.Context | None, resource_name: str, obj: Any, opts: Any = None
    ) -> Any:
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1
        from kubernetes_py.util import apply

        if obj is None:
            raise ValueError(f"{sub} provided to Apply{rest.title().replace('_', '')} must not be nil")
        data = apply.marshal_apply_configuration(obj)
        patch_opts = gentype.to_patch_options(opts if opts is not None else metav1.ApplyOptions())
        return _invoke_as(
            self,
            result_class,
            testing.new_patch_subresource_action_with_options(
                self._resource, self._ns, resource_name, types.ApplyPatchType, data, patch_opts, sub
            ),
        )

    methods: dict[str, Callable[..., Any]] = {"get": get_x, "update": write_x, "create": write_x, "apply": apply_x}
    method = methods.get(verb)
    if method is None:
        raise TypeError(f"no fake for the generated method {name}")
    method.__name__ = name
    method.__doc__ = f"Records a {verb} of the {sub} subresource on the Fake and returns its reactors' answer."
    return method


def _extension_methods(interface: type) -> dict[str, Callable[..., Any]]:
    """Fakes of the subresource methods the generator put on the typed client class itself."""
    out: dict[str, Callable[..., Any]] = {}
    for name, value in vars(interface).items():
        if name.startswith("_") or not inspect.isfunction(value) or name in _VERB_METHODS.values():
            continue
        hints = typing.get_type_hints(value)
        out[name] = _extension_method(name, hints["return"])
    return out


@functools.lru_cache(maxsize=None)
def fake_resource_class(interface: type, namespaced: bool) -> tuple[type, tuple[Any, ...]]:
    """(fake class, constructor arguments after the Fake and namespace) for a generated typed client class."""
    from . import _expansions

    resource, object_class, list_class = _describe(interface, namespaced)
    kind = _kind_of(object_class)
    gvr = kind.group_version().with_resource(resource)
    verbs = set(getattr(interface, "VERBS", ()))
    base: type
    extra: tuple[type, ...]
    if list_class is not None and "apply" in verbs:
        base, extra = gentypefake.FakeClientWithListAndApply, (list_class,)
    elif list_class is not None:
        base, extra = gentypefake.FakeClientWithList, (list_class,)
    elif "apply" in verbs:
        base, extra = gentypefake.FakeClientWithApply, ()
    else:
        base, extra = gentypefake.FakeClient, ()
    body: dict[str, Any] = {
        "__doc__": f"The fake {interface.__name__}: records actions on a testing.Fake.",
        "VERBS": getattr(interface, "VERBS", ()),
    }
    for verb, method in _VERB_METHODS.items():
        if verb not in verbs and hasattr(base, method):
            body[method] = gentype.not_generated()
    body.update(_extension_methods(interface))
    bases = (*_expansions.for_resource(gvr), base)
    cls = type(f"Fake{interface.__name__.removesuffix('Interface')}", bases, body)
    for name, value in body.items():
        if isinstance(value, gentype.not_generated):
            value.__set_name__(cls, name)
    return cls, (gvr, kind, object_class, *extra)


def _resource_accessor(name: str, interface: type, namespaced: bool) -> Callable[..., Any]:
    if namespaced:

        def namespaced_accessor(self: _FakeGroup, namespace: str) -> gentypefake.FakeClient:
            cls, args = fake_resource_class(interface, True)
            client: gentypefake.FakeClient = cls(self.fake, namespace, *args)
            return client

        accessor: Callable[..., gentypefake.FakeClient] = namespaced_accessor
    else:

        def cluster_accessor(self: _FakeGroup) -> gentypefake.FakeClient:
            cls, args = fake_resource_class(interface, False)
            client: gentypefake.FakeClient = cls(self.fake, "", *args)
            return client

        accessor = cluster_accessor
    accessor.__name__ = name
    return accessor


class _FakeGroup(Protocol):
    """A fake group client: the testing.Fake its resource clients record on."""

    fake: testing.Fake


@functools.lru_cache(maxsize=None)
def fake_group_class(group_client: type) -> type:
    """The fake of a generated group client class (CoreV1Client -> FakeCoreV1)."""
    body: dict[str, Any] = {"__doc__": f"The fake {group_client.__name__}: every client records on one Fake."}

    def __init__(self: _FakeGroup, fake: testing.Fake) -> None:
        self.fake = fake

    def rest_client(self: _FakeGroup) -> None:
        """None, as Go's fake group clients return a nil *rest.RESTClient."""
        return None

    body["__init__"] = __init__
    body["rest_client"] = rest_client
    for name, value in vars(group_client).items():
        if name.startswith("_") or not inspect.isfunction(value) or name == "rest_client":
            continue
        interface = typing.get_type_hints(value).get("return")
        if not isinstance(interface, type) or not issubclass(interface, gentype.Client):
            continue
        namespaced = "namespace" in inspect.signature(value).parameters
        body[name] = _resource_accessor(name, interface, namespaced)
    return type(f"Fake{group_client.__name__.removesuffix('Client')}", (), body)
