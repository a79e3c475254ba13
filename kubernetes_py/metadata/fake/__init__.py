"""Port of k8s.io/client-go/metadata/fake: a metadata client answering from a testing.ObjectTracker.

Seed it with metav1.PartialObjectMetadata objects whose apiVersion/kind name the real kind (they are tracked
under the resource guessed from it); ``create_fake``/``update_fake`` add more. The client is a testing.Fake.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from kubernetes_py import testing
from kubernetes_py._go.fmt import go_pointer_type_name
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory
from kubernetes_py import context
from kubernetes_py.dynamic.fake import _FakeClientBase, _FakeResourceBase, _tracker_watch_reaction

__all__ = ["FakeMetadataClient", "new_simple_metadata_client", "new_test_scheme"]

_FAKE_LIST_GVK = GroupVersionKind(group="fake-metadata-client-group", version="v1", kind="List")
_FAKE_KIND = GroupVersionKind(group="fake-metadata-client-group", version="v1", kind="")


def new_test_scheme() -> runtime.Scheme:
    return runtime.new_scheme()


def new_simple_metadata_client(scheme: runtime.Scheme, *objects: Any) -> "FakeMetadataClient":
    """A fake metadata client holding ``objects``; the scheme must know PartialObjectMetadata
    (``metav1.add_meta_to_scheme(scheme)``)."""
    if not scheme.recognizes(_FAKE_LIST_GVK):
        scheme.add_known_type_with_name(_FAKE_LIST_GVK, metav1.List)
    codecs = new_codec_factory(scheme)
    tracker = testing.new_object_tracker(scheme, codecs.universal_deserializer())
    for obj in objects:
        tracker.add(obj)
    client = FakeMetadataClient(scheme, tracker)
    client.add_reactor("*", "*", testing.object_reaction(tracker))
    client.add_watch_reactor("*", _tracker_watch_reaction(tracker))
    return client


def _partial(uncast: Any) -> Optional[metav1.PartialObjectMetadata]:
    if uncast is None:
        return None
    if not isinstance(uncast, metav1.PartialObjectMetadata):
        raise TypeError(f"unexpected return value type {go_pointer_type_name(uncast)}")
    return uncast


class FakeMetadataClient(_FakeClientBase):
    """A metadata.Interface over an ObjectTracker; it is itself the testing.Fake recording the actions."""

    def __init__(self, scheme: Optional[runtime.Scheme] = None, tracker: Optional[testing.ObjectTracker] = None):
        """``FakeMetadataClient()`` is Go's zero &FakeMetadataClient{}: no scheme or tracker (a test answers its
        calls through reactors)."""
        super().__init__(scheme if scheme is not None else runtime.new_scheme(), tracker)

    def resource(self, resource: GroupVersionResource) -> "_FakeResourceClient":
        return _FakeResourceClient(self, "", resource)


class _FakeResourceClient(_FakeResourceBase[FakeMetadataClient]):
    """A resource's fake client. Go picks among the root/namespaced and plain/subresource action constructors;
    those with a namespace and a subresource give the same action for an empty one, so they are used alone."""

    _KIND = "fake metadata resource client"

    def create_fake(
        self, obj: metav1.PartialObjectMetadata, opts: Optional[metav1.CreateOptions] = None, *subresources: str
    ) -> Optional[metav1.PartialObjectMetadata]:
        """Store a PartialObjectMetadata through the create reactors (the metadata API itself cannot create)."""
        name = obj.metadata.name if subresources else ""
        action = testing.new_create_subresource_action(
            self._resource, name, "/".join(subresources), self._namespace, obj
        )
        return _partial(self._invoke(action, obj))

    def update_fake(
        self, obj: metav1.PartialObjectMetadata, opts: Optional[metav1.UpdateOptions] = None, *subresources: str
    ) -> Optional[metav1.PartialObjectMetadata]:
        action = testing.new_update_subresource_action(self._resource, "/".join(subresources), self._namespace, obj)
        return _partial(self._invoke(action, obj))

    def update_status(
        self, obj: metav1.PartialObjectMetadata, opts: Optional[metav1.UpdateOptions] = None
    ) -> Optional[metav1.PartialObjectMetadata]:
        action = testing.new_update_subresource_action(self._resource, "status", self._namespace, obj)
        return _partial(self._invoke(action, obj))

    def delete(
        self, ctx: context.Context | None, name: str, opts: Optional[metav1.DeleteOptions] = None, *subresources: str
    ) -> None:
        opts = opts if opts is not None else metav1.DeleteOptions()
        action = testing.new_delete_subresource_action_with_options(
            self._resource, "/".join(subresources), self._namespace, name, opts
        )
        self._invoke(action, metav1.Status(status="metadata delete fail"))

    def delete_collection(
        self,
        ctx: context.Context | None,
        opts: Optional[metav1.DeleteOptions] = None,
        list_options: Optional[metav1.ListOptions] = None,
    ) -> None:
        list_options = list_options if list_options is not None else metav1.ListOptions()
        action = testing.new_delete_collection_action(self._resource, self._namespace, list_options)
        self._invoke(action, metav1.Status(status="metadata deletecollection fail"))

    def get(
        self, ctx: context.Context | None, name: str, opts: Optional[metav1.GetOptions] = None, *subresources: str
    ) -> Optional[metav1.PartialObjectMetadata]:
        action = testing.new_get_subresource_action(self._resource, self._namespace, "/".join(subresources), name)
        return _partial(self._invoke(action, metav1.Status(status="metadata get fail")))

    def list(
        self, ctx: context.Context | None, opts: Optional[metav1.ListOptions] = None
    ) -> Optional[metav1.PartialObjectMetadataList]:
        """A PartialObjectMetadataList of the tracked objects matching the label selector."""
        from kubernetes_py.apimachinery import labels
        from kubernetes_py.apimachinery.runtime import _jsonconv

        opts = opts if opts is not None else metav1.ListOptions()
        action = testing.new_list_action(self._resource, _FAKE_KIND, self._namespace, opts)
        obj = self._invoke(action, metav1.Status(status="metadata list fail"))
        if obj is None:
            return None
        label, _, _ = testing.extract_from_list_options(opts)
        if label is None:
            label = labels.everything()
        if not isinstance(obj, metav1.List):
            raise TypeError(f"incoming object is incorrect type {go_pointer_type_name(obj)}")
        out = metav1.PartialObjectMetadataList(metadata=obj.metadata)
        for i, raw in enumerate(obj.items):
            try:
                item = _jsonconv.decode(metav1.PartialObjectMetadata, json.loads(raw.raw), source=raw.raw)
            except Exception as err:  # noqa: BLE001 - Go reports the item's unexpected type
                raise TypeError(f"item {i} in list *v1.List is not a PartialObjectMetadata: {err}") from err
            if label.matches(labels.Set(dict(item.metadata.labels))):
                out.items.append(item)
        return out

    def patch(
        self,
        ctx: context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
        *subresources: str,
    ) -> Optional[metav1.PartialObjectMetadata]:
        action = testing.new_patch_subresource_action(self._resource, self._namespace, name, pt, data, *subresources)
        return _partial(self._invoke(action, metav1.Status(status="metadata patch fail")))
