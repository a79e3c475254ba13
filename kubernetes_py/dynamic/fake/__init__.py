"""Port of k8s.io/client-go/dynamic/fake: a dynamic client answering from a testing.ObjectTracker.

``new_simple_dynamic_client(scheme, *objects)`` registers every kind of ``scheme`` (and of the objects) as
Unstructured / UnstructuredList; ``new_simple_dynamic_client_with_custom_list_kinds(scheme, {gvr: "ThingList"})``
names the list kinds of resources the scheme does not know. The client is a testing.Fake: reactors and recorded
actions work as for the fake clientset.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, TypeVar

from kubernetes_py import testing
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredList
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory
from kubernetes_py import context
from kubernetes_py.dynamic._resource import ResourceAddress
from kubernetes_py.apimachinery import watch

__all__ = ["FakeDynamicClient", "new_simple_dynamic_client", "new_simple_dynamic_client_with_custom_list_kinds"]

_APPLY_PATCH_TYPE = "application/apply-patch+yaml"


def new_simple_dynamic_client(scheme: runtime.Scheme, *objects: Any) -> "FakeDynamicClient":
    """A fake dynamic client holding ``objects`` (typed objects are converted to Unstructured first)."""
    unstructured_scheme = runtime.new_scheme()
    for gvk in scheme.all_known_types():
        if unstructured_scheme.recognizes(gvk):
            continue
        t = UnstructuredList if gvk.kind.endswith("List") else Unstructured
        unstructured_scheme.add_known_type_with_name(gvk, t)
    converted = [_convert_to_unstructured(scheme, obj) for obj in objects]
    for obj in converted:
        gvk = obj.get_object_kind().group_version_kind()
        if not unstructured_scheme.recognizes(gvk):
            unstructured_scheme.add_known_type_with_name(gvk, Unstructured)
        list_gvk = gvk.group_version().with_kind(gvk.kind + "List")
        if not unstructured_scheme.recognizes(list_gvk):
            unstructured_scheme.add_known_type_with_name(list_gvk, UnstructuredList)
    return new_simple_dynamic_client_with_custom_list_kinds(unstructured_scheme, None, *converted)


def new_simple_dynamic_client_with_custom_list_kinds(
    scheme: runtime.Scheme, gvr_to_list_kind: Optional[dict[GroupVersionResource, str]], *objects: Any
) -> "FakeDynamicClient":
    """A fake dynamic client whose list kinds come from the scheme's *List kinds and ``gvr_to_list_kind``."""
    complete: dict[GroupVersionResource, str] = {}
    for list_gvk in scheme.all_known_types():
        if not list_gvk.kind.endswith("List"):
            continue
        non_list = list_gvk.group_version().with_kind(list_gvk.kind[:-4])
        plural, _ = meta.unsafe_guess_kind_to_resource(non_list)
        complete[plural] = list_gvk.kind
    for gvr, list_kind in (gvr_to_list_kind or {}).items():
        if not list_kind.endswith("List"):
            raise ValueError("coding error, listGVK must end in List or this fake client doesn't work right")
        list_gvk = gvr.group_version().with_kind(list_kind)
        if not scheme.recognizes(list_gvk):
            scheme.add_known_type_with_name(list_gvk, UnstructuredList)
        complete[gvr] = list_kind
    codecs = new_codec_factory(scheme)
    tracker = testing.new_object_tracker(scheme, codecs.universal_decoder())
    for obj in objects:
        tracker.add(obj)
    client = FakeDynamicClient(scheme, complete, tracker)
    client.add_reactor("*", "*", testing.object_reaction(tracker))
    client.add_watch_reactor("*", _tracker_watch_reaction(tracker))
    return client


def _tracker_watch_reaction(tracker: testing.ObjectTracker) -> Callable[[testing.Action], tuple[bool, watch.Interface]]:
    """The watch reactor of the fake clients: a watch of the tracker with the action's list options."""

    def watch_reaction(action: testing.Action) -> tuple[bool, watch.Interface]:
        opts = action.list_options if isinstance(action, testing.WatchActionImpl) else metav1.ListOptions()
        return True, tracker.watch(action.get_resource(), action.get_namespace(), opts)

    return watch_reaction


def _convert_to_unstructured(scheme: runtime.Scheme, obj: Any) -> Unstructured:
    if isinstance(obj, Unstructured):
        u = Unstructured(runtime.deep_copy_json(obj.unstructured_content()))
    else:
        try:
            u = Unstructured(runtime.DefaultUnstructuredConverter.to_unstructured(obj))
        except Exception as err:  # noqa: BLE001 - Go wraps the converter's error
            raise ValueError(f"failed to convert to unstructured: {err}") from err
    gvk = u.group_version_kind()
    if not gvk.group or not gvk.kind:
        try:
            gvks, _ = scheme.object_kinds(obj)
        except Exception as err:  # noqa: BLE001
            raise ValueError(f"failed to convert to unstructured - unable to get GVK {err}") from err
        api_version, kind = gvks[0].to_api_version_and_kind()
        u.set_api_version(api_version)
        u.set_kind(kind)
    return u


class _FakeClientBase(testing.Fake):
    """The dynamic and the metadata fake clients: a testing.Fake whose reactors answer from an ObjectTracker."""

    def __init__(self, scheme: runtime.Scheme, tracker: Optional[testing.ObjectTracker]):
        super().__init__()
        self._scheme = scheme
        self._tracker = tracker

    def tracker(self) -> testing.ObjectTracker:
        if self._tracker is None:  # Go returns nil, and its use panics
            raise ValueError("the fake client was made without an object tracker")
        return self._tracker

    def is_watch_list_semantics_un_supported(self) -> bool:
        return True


_F = TypeVar("_F", bound=testing.Fake)


class _FakeResourceBase(ResourceAddress[_F]):
    """What the dynamic and metadata fakes' resource clients share: actions go to the client's reactors."""

    def _invoke(self, action: Any, default: Any) -> Any:
        return self._client.invokes(action, default)

    def watch(self, ctx: context.Context | None, opts: Optional[metav1.ListOptions] = None) -> watch.Interface:
        opts = opts.deep_copy() if opts is not None else metav1.ListOptions()
        opts.watch = True
        w: watch.Interface = self._client.invokes_watch(
            testing.new_watch_action_with_options(self._resource, self._namespace, opts)
        )
        return w


class FakeDynamicClient(_FakeClientBase):
    """A dynamic.Interface over an ObjectTracker; it is itself the testing.Fake recording the actions."""

    def __init__(
        self,
        scheme: Optional[runtime.Scheme] = None,
        gvr_to_list_kind: Optional[dict[GroupVersionResource, str]] = None,
        tracker: Optional[testing.ObjectTracker] = None,
    ):
        """``FakeDynamicClient()`` is Go's zero &FakeDynamicClient{}: no scheme, list kinds or tracker (a test
        answers its calls through reactors)."""
        super().__init__(scheme if scheme is not None else runtime.new_scheme(), tracker)
        self._gvr_to_list_kind = dict(gvr_to_list_kind or {})

    def resource(self, resource: GroupVersionResource) -> "_FakeResourceClient":
        return _FakeResourceClient(self, "", resource)


def _status(message: str) -> metav1.Status:
    return metav1.Status(status=message)


class _FakeResourceClient(_FakeResourceBase[FakeDynamicClient]):
    """A resource's fake client. Go picks among the root/namespaced and plain/subresource action constructors;
    those with a namespace and a subresource give the same action for an empty one, so they are used alone (list
    aside: the root one keeps only the selectors of its options)."""

    _KIND = "fake dynamic resource client"

    @property
    def _list_kind(self) -> str:
        return self._client._gvr_to_list_kind.get(self._resource, "")

    def _to_unstructured(self, uncast: Any) -> Optional[Unstructured]:
        if uncast is None:
            return None
        ret = Unstructured()
        self._client._scheme.convert(uncast, ret, None)
        return ret

    def create(
        self,
        ctx: context.Context | None,
        obj: Unstructured,
        opts: Optional[metav1.CreateOptions] = None,
        *subresources: str,
    ) -> Optional[Unstructured]:
        opts = opts if opts is not None else metav1.CreateOptions()
        name = meta.accessor(obj).get_name() if subresources else ""
        action = testing.new_create_subresource_action_with_options(
            self._resource, name, "/".join(subresources), self._namespace, obj, opts
        )
        return self._to_unstructured(self._invoke(action, obj))

    def update(
        self,
        ctx: context.Context | None,
        obj: Unstructured,
        opts: Optional[metav1.UpdateOptions] = None,
        *subresources: str,
    ) -> Optional[Unstructured]:
        opts = opts if opts is not None else metav1.UpdateOptions()
        action = testing.new_update_subresource_action_with_options(
            self._resource, "/".join(subresources), self._namespace, obj, opts
        )
        return self._to_unstructured(self._invoke(action, obj))

    def update_status(
        self, ctx: context.Context | None, obj: Unstructured, opts: Optional[metav1.UpdateOptions] = None
    ) -> Optional[Unstructured]:
        opts = opts if opts is not None else metav1.UpdateOptions()
        action = testing.new_update_subresource_action_with_options(
            self._resource, "status", self._namespace, obj, opts
        )
        return self._to_unstructured(self._invoke(action, obj))

    def delete(
        self, ctx: context.Context | None, name: str, opts: Optional[metav1.DeleteOptions] = None, *subresources: str
    ) -> None:
        opts = opts if opts is not None else metav1.DeleteOptions()
        action = testing.new_delete_subresource_action_with_options(
            self._resource, "/".join(subresources), self._namespace, name, opts
        )
        self._invoke(action, _status("dynamic delete fail"))

    def delete_collection(
        self,
        ctx: context.Context | None,
        opts: Optional[metav1.DeleteOptions] = None,
        list_options: Optional[metav1.ListOptions] = None,
    ) -> None:
        opts = opts if opts is not None else metav1.DeleteOptions()
        list_options = list_options if list_options is not None else metav1.ListOptions()
        action = testing.new_delete_collection_action_with_options(self._resource, self._namespace, opts, list_options)
        self._invoke(action, _status("dynamic deletecollection fail"))

    def get(
        self, ctx: context.Context | None, name: str, opts: Optional[metav1.GetOptions] = None, *subresources: str
    ) -> Optional[Unstructured]:
        opts = opts if opts is not None else metav1.GetOptions()
        action = testing.new_get_subresource_action_with_options(
            self._resource, self._namespace, "/".join(subresources), name, opts
        )
        return self._to_unstructured(self._invoke(action, _status("dynamic get fail")))

    def list(
        self, ctx: context.Context | None, opts: Optional[metav1.ListOptions] = None
    ) -> Optional[UnstructuredList]:
        """The tracked objects, filtered by the label selector (the only selector the fake applies)."""
        from kubernetes_py.apimachinery import labels

        opts = opts if opts is not None else metav1.ListOptions()
        if not self._list_kind:
            raise ValueError(
                "coding error: you must register resource to list kind for every resource you're going "
                "to LIST when creating the client.  See NewSimpleDynamicClientWithCustomListKinds or "
                f"register the list into the scheme: {self._resource} out of "
                f"{_go_map(self._client._gvr_to_list_kind)}"
            )
        gv = self._resource.group_version()
        list_gvk = gv.with_kind(self._list_kind)
        fake_gvk = gv.with_kind(self._list_kind[:-4])
        if not self._namespace:
            action = testing.new_root_list_action_with_options(self._resource, fake_gvk, opts)
        else:
            action = testing.new_list_action_with_options(self._resource, fake_gvk, self._namespace, opts)
        obj = self._invoke(action, _status("dynamic list fail"))
        if obj is None:
            return None
        label, _, _ = testing.extract_from_list_options(opts)
        if label is None:
            label = labels.everything()
        ret = Unstructured()
        self._client._scheme.convert(obj, ret, None)
        entire = ret.to_list()
        out = UnstructuredList()
        out.set_remaining_item_count(entire.get_remaining_item_count())
        out.set_resource_version(entire.get_resource_version())
        out.set_continue(entire.get_continue())
        out.get_object_kind().set_group_version_kind(list_gvk)
        for item in entire.items:
            if label.matches(labels.Set(item.get_labels() or {})):
                out.items.append(item)
        return out

    def _patch_action(self, name: str, pt: str, data: bytes, opts: Any, subresources: tuple[str, ...]) -> Any:
        return testing.new_patch_subresource_action_with_options(
            self._resource, self._namespace, name, pt, data, opts, *subresources
        )

    def patch(
        self,
        ctx: context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
        *subresources: str,
    ) -> Optional[Unstructured]:
        opts = opts if opts is not None else metav1.PatchOptions()
        action = self._patch_action(name, pt, data, opts, subresources)
        return self._to_unstructured(self._invoke(action, _status("dynamic patch fail")))

    def apply(
        self,
        ctx: context.Context | None,
        name: str,
        obj: Any,
        options: Optional[metav1.ApplyOptions] = None,
        *subresources: str,
    ) -> Optional[Unstructured]:
        from kubernetes_py.apimachinery.apis.meta.v1.unstructured import UnstructuredJSONScheme

        options = options if options is not None else metav1.ApplyOptions()
        out_bytes = runtime.encode(UnstructuredJSONScheme, obj)
        patch_options = metav1.PatchOptions(
            force=options.force, dryRun=list(options.dryRun), fieldManager=options.fieldManager
        )
        action = self._patch_action(name, _APPLY_PATCH_TYPE, out_bytes, patch_options, subresources)
        return self._to_unstructured(self._invoke(action, _status("dynamic patch fail")))

    def apply_status(
        self, ctx: context.Context | None, name: str, obj: Any, options: Optional[metav1.ApplyOptions] = None
    ) -> Optional[Unstructured]:
        return self.apply(ctx, name, obj, options, "status")


def _go_map(d: dict[GroupVersionResource, str]) -> str:
    items = sorted(d.items(), key=lambda kv: (kv[0].group, kv[0].version, kv[0].resource))
    return "map[" + " ".join(f"{k}:{v}" for k, v in items) + "]"
