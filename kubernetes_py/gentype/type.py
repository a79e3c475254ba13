"""The generic typed client (client-go gentype/type.go).

``Client[T]`` sends get/watch/create/update/update_status/delete/patch for one resource, optionally in one
namespace, and decodes the answers into new objects of the resource's type ``T``; ``ClientWithList[T, TList]`` adds
list and delete_collection, ``ClientWithApply[T]`` adds apply and apply_status, ``ClientWithListAndApply[T, TList]``
has both. As in Go, the type parameters are the object and list types (``corev1.Pod``, ``corev1.PodList``): every
verb of a generated client returns its own type. Errors raise (Go returns them): the server's Status as an
``errors.StatusError``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, Protocol, TypeVar

from kubernetes_py.util import apply as _apply

if TYPE_CHECKING:
    from google.protobuf.message import Message

    from kubernetes_py import rest
    from kubernetes_py.apimachinery import watch
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1
    from kubernetes_py.apimachinery.runtime.parameter_codec import ParameterCodec
    from kubernetes_py.context import Context

__all__ = [
    "Client",
    "ClientWithList",
    "ClientWithApply",
    "ClientWithListAndApply",
    "Option",
    "prefers_protobuf",
    "new_client",
    "new_client_with_list",
    "new_client_with_apply",
    "new_client_with_list_and_apply",
    "not_generated",
    "to_patch_options",
]


class _ObjectWithMeta(Protocol):
    """What gentype needs of an object: its name (Go's objectWithMeta)."""

    def get_name(self) -> str: ...


T = TypeVar("T", bound=_ObjectWithMeta)
"""The resource's object type (Go's gentype type parameter T: ``*corev1.Pod``)."""
TList = TypeVar("TList")
"""The resource's list type (Go's L: ``*corev1.PodList``)."""

Option = Callable[["Client[Any]"], None]


def prefers_protobuf() -> Option:
    """The option that makes the client speak protobuf unless the REST client's config chose a content type."""

    def option(c: Client[Any]) -> None:
        c._prefers_protobuf = True

    return option


def _metav1() -> Any:
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    return metav1


def _timeout_of(opts: Optional[metav1.ListOptions]) -> float:
    """The request timeout in seconds a ListOptions asks for (0: none)."""
    if opts is not None and opts.HasField("timeoutSeconds"):
        return float(opts.timeoutSeconds)
    return 0.0


def to_patch_options(opts: metav1.ApplyOptions) -> metav1.PatchOptions:
    """metav1.ApplyOptions -> PatchOptions, as Go's ApplyOptions.ToPatchOptions: force is always sent."""
    patch_options: metav1.PatchOptions = _metav1().PatchOptions(
        dryRun=list(opts.dryRun), force=bool(opts.force), fieldManager=opts.fieldManager
    )
    return patch_options


def _applied_name(obj: Any) -> Optional[str]:
    """The name an apply configuration sets, or None when it sets none (Go's GetName() == nil)."""
    if hasattr(obj, "unstructured_content"):
        metadata = obj.unstructured_content().get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        return name if isinstance(name, str) else None
    if hasattr(obj, "HasField") and obj.HasField("metadata") and obj.metadata.HasField("name"):
        return str(obj.metadata.name)
    return None


class Client(Generic[T]):
    """A typed client of one resource whose objects are ``T``; ``namespace`` "" means cluster-scoped (or all
    namespaces)."""

    def __init__(
        self,
        resource: str,
        client: rest.Interface,
        parameter_codec: ParameterCodec,
        namespace: str,
        empty_object_creator: Callable[[], T],
        *options: Option,
    ):
        self._resource, self._client, self._parameter_codec = resource, client, parameter_codec
        self._namespace, self._new_object, self._prefers_protobuf = namespace, empty_object_creator, False
        for option in options:
            option(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(resource={self._resource!r}, namespace={self._namespace!r})"

    def get_client(self) -> rest.Interface:
        """The REST client (rest.Interface) requests go through."""
        return self._client

    def get_namespace(self) -> str:
        """The client's namespace ("" for cluster-scoped clients)."""
        return self._namespace

    def _request(self, verb_request: rest.Request) -> rest.Request:
        return (
            verb_request.use_protobuf_as_default_if_preferred(self._prefers_protobuf)
            .namespace_if_scoped(self._namespace, self._namespace != "")
            .resource(self._resource)
        )

    def get(self, ctx: Optional[Context], name: str, options: metav1.GetOptions) -> T:
        """The named object (metav1.GetOptions as query parameters)."""
        result = self._new_object()
        (
            self._request(self._client.get())
            .name(name)
            .versioned_params(options, self._parameter_codec)
            .do(ctx)
            .into(result)
        )
        return result

    def watch(self, ctx: Optional[Context], opts: metav1.ListOptions) -> watch.Interface:
        """A watch.Interface over the objects that match the ListOptions (sent with watch=true)."""
        opts = _with_watch(opts)
        w: watch.Interface = (
            self._request(self._client.get())
            .versioned_params(opts, self._parameter_codec)
            .timeout(_timeout_of(opts))
            .watch(ctx)
        )
        return w

    def _send(self, request: rest.Request, ctx: Optional[Context], opts: Message, body: Any) -> T:
        """The object the server answers ``request`` with, ``opts`` sent as query parameters and ``body`` as the
        body."""
        result = self._new_object()
        request.versioned_params(opts, self._parameter_codec).body(body).do(ctx).into(result)
        return result

    def create(self, ctx: Optional[Context], obj: T, opts: metav1.CreateOptions) -> T:
        """POST the object; returns the server's representation."""
        return self._send(self._request(self._client.post()), ctx, opts, obj)

    def update(self, ctx: Optional[Context], obj: T, opts: metav1.UpdateOptions) -> T:
        """PUT the object under its name; returns the server's representation."""
        return self._put(ctx, obj, opts)

    def update_status(self, ctx: Optional[Context], obj: T, opts: metav1.UpdateOptions) -> T:
        """PUT the object to its status subresource; returns the server's representation."""
        return self._put(ctx, obj, opts, "status")

    def _put(self, ctx: Optional[Context], obj: T, opts: metav1.UpdateOptions, *subresource: str) -> T:
        request = self._request(self._client.put()).name(obj.get_name()).sub_resource(*subresource)
        return self._send(request, ctx, opts, obj)

    def delete(self, ctx: Optional[Context], name: str, opts: metav1.DeleteOptions) -> None:
        """DELETE the named object, with the metav1.DeleteOptions as the body."""
        (self._request(self._client.delete()).name(name).body(opts).do(ctx).error())

    def patch(
        self, ctx: Optional[Context], name: str, pt: str, data: bytes, opts: metav1.PatchOptions, *subresources: str
    ) -> T:
        """PATCH the named object (or its subresource) with ``data`` of patch type ``pt``."""
        request = self._request(self._client.patch(pt)).name(name).sub_resource(*subresources)
        return self._send(request, ctx, opts, data)


def _with_watch(opts: Optional[metav1.ListOptions]) -> metav1.ListOptions:
    """A copy of the ListOptions with watch=true (Go's value copy; the caller's options stay as they were)."""
    if opts is None:
        fresh: metav1.ListOptions = _metav1().ListOptions(watch=True)
        return fresh
    copied = type(opts)()
    copied.CopyFrom(opts)
    copied.watch = True
    return copied


class _AlsoLister(Client[T], Generic[T, TList]):
    """list and delete_collection, for clients of resources that have lists."""

    def __init__(
        self,
        resource: str,
        client: rest.Interface,
        parameter_codec: ParameterCodec,
        namespace: str,
        empty_object_creator: Callable[[], T],
        empty_list_creator: Callable[[], TList],
        *options: Option,
    ):
        super().__init__(resource, client, parameter_codec, namespace, empty_object_creator, *options)
        self._new_list = empty_list_creator

    def list(self, ctx: Optional[Context], opts: metav1.ListOptions) -> TList:
        """The list of objects that match the ListOptions."""
        result = self._new_list()
        (
            self._request(self._client.get())
            .versioned_params(opts, self._parameter_codec)
            .timeout(_timeout_of(opts))
            .do(ctx)
            .into(result)
        )
        return result

    def delete_collection(
        self, ctx: Optional[Context], opts: metav1.DeleteOptions, list_opts: metav1.ListOptions
    ) -> None:
        """DELETE every object that matches ``list_opts``, with ``opts`` (DeleteOptions) as the body."""
        (
            self._request(self._client.delete())
            .versioned_params(list_opts, self._parameter_codec)
            .timeout(_timeout_of(list_opts))
            .body(opts)
            .do(ctx)
            .error()
        )


class _AlsoApplier(Client[T]):
    """apply and apply_status (server-side apply), for clients of resources that support apply. The applied object
    is a ``T`` holding only the fields it owns, or an Unstructured (Go's apply configuration)."""

    def apply(self, ctx: Optional[Context], obj: Any, opts: metav1.ApplyOptions) -> T:
        """Server-side apply ``obj`` (a typed object holding only the fields it owns, or an Unstructured)."""
        return self._apply(ctx, obj, opts, ())

    def apply_status(self, ctx: Optional[Context], obj: Any, opts: metav1.ApplyOptions) -> T:
        """Server-side apply ``obj`` to the status subresource."""
        return self._apply(ctx, obj, opts, ("status",))

    def _apply(self, ctx: Optional[Context], obj: Any, opts: metav1.ApplyOptions, subresource: tuple[str, ...]) -> T:
        if obj is None:
            raise ValueError("object provided to Apply must not be nil")
        patch_opts = to_patch_options(opts)
        name = _applied_name(obj)
        if name is None:
            raise ValueError("obj.Name must be provided to Apply")
        request = _apply.new_request(self._client, obj)
        result = self._new_object()
        (
            request.use_protobuf_as_default_if_preferred(self._prefers_protobuf)
            .namespace_if_scoped(self._namespace, self._namespace != "")
            .resource(self._resource)
            .name(name)
            .sub_resource(*subresource)
            .versioned_params(patch_opts, self._parameter_codec)
            .do(ctx)
            .into(result)
        )
        return result


class ClientWithList(_AlsoLister[T, TList]):
    """A Client with list and delete_collection."""


class ClientWithApply(_AlsoApplier[T]):
    """A Client with apply and apply_status."""


class ClientWithListAndApply(_AlsoLister[T, TList], _AlsoApplier[T]):
    """A Client with list, delete_collection, apply and apply_status."""


# Go's NewClient* constructors: the classes take the same arguments.
new_client = Client
new_client_with_list = ClientWithList
new_client_with_apply = ClientWithApply
new_client_with_list_and_apply = ClientWithListAndApply


if TYPE_CHECKING:
    # For checkers a hand-written expansion (pod_expansion.py...) is the typed client it is mixed into.
    Expansion = Client
    ExpansionWithList = ClientWithList
else:

    class Expansion:
        """The base of a hand-written expansion class: ``gentype.Expansion[corev1.Pod]`` is, for checkers, the
        ``Client[corev1.Pod]`` the expansion is mixed into; at run time it is ``object``, so that the expansion stays
        a plain mix-in."""

        def __class_getitem__(cls, item: object) -> type:
            return object

    ExpansionWithList = Expansion


class not_generated:  # noqa: N801 - used like a function in generated class bodies
    """Marks a verb the resource's +genclient tags leave out: the attribute is absent on the client
    (``hasattr`` is False, access raises AttributeError), as Go's interface has no such method."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, obj: object, owner: Optional[type] = None) -> not_generated:
        # Typed as the descriptor itself, which is not callable: a checker reports a call of the absent verb.
        cls = owner if owner is not None else type(obj)
        raise AttributeError(
            f"{cls.__name__} has no method {self._name!r}: the +genclient tags of its type leave that verb out"
        )
