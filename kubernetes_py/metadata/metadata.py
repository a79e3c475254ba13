"""The metadata-only client (client-go metadata/metadata.go): objects come back as metav1.PartialObjectMetadata
(or ...List), asked for with ``as=PartialObjectMetadata;g=meta.k8s.io;v=v1`` in protobuf first, then JSON."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Optional, TypeVar

from kubernetes_py._go.fmt import go_pointer_type_name
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory
from kubernetes_py import context as _context
from kubernetes_py.dynamic._resource import ClientBase, ResourceClientBase, config_with, required_name
from kubernetes_py.dynamic._resource import ctx_or_background as _ctx

if TYPE_CHECKING:
    from kubernetes_py import rest
    from kubernetes_py.apimachinery import watch

__all__ = ["Client", "config_for", "new_for_config", "new_for_config_and_client", "new_for_config_or_die"]

log = logging.getLogger("kubernetes_py.metadata")

_ACCEPT_PARTIAL = (
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
)
_ACCEPT_PARTIAL_LIST = (
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
)

versionV1 = GroupVersion(version="v1")

# The kinds a metadata client decodes (Go's meta internalversion scheme, without its internal types).
_meta_scheme = runtime.new_scheme("k8s.io/apimachinery/pkg/apis/meta/internalversion/scheme")
metav1.add_meta_to_scheme(_meta_scheme)
metav1.add_to_group_version(_meta_scheme, metav1.SchemeGroupVersion)
_meta_codecs = new_codec_factory(_meta_scheme)

# Options go out as query parameters through the dynamic client's parameter codec (Go's metadata package builds
# an equal one of its own: a scheme holding the v1 meta options).
_delete_scheme = runtime.new_scheme("k8s.io/client-go/metadata/metadata.go:deleteScheme")
metav1.add_to_group_version(_delete_scheme, versionV1)
_delete_options_codec = new_codec_factory(_delete_scheme)


def _is_likely_object_metadata(m: Any) -> bool:
    md = m.metadata
    return bool(md.uid or not md.creationTimestamp.is_zero() or md.name or md.generateName)


_P = TypeVar("_P", metav1.PartialObjectMetadata, metav1.PartialObjectMetadataList)


def _decode_partial(result: rest.Result, cls: type[_P], check_metadata: bool, detail: bool) -> _P:
    """The object of a finished request; a kind the codecs do not know is read as JSON, as Go falls back."""
    result.error()
    try:
        obj = result.get()
        # our codecs turn a kind the scheme does not know into Unstructured where Go's report it not registered
        not_registered = hasattr(obj, "unstructured_content")
    except Exception as err:  # noqa: BLE001
        if not runtime.is_not_registered_error(err):
            raise
        log.debug("Could not retrieve %s: %s", cls.__name__, err)
        not_registered = True
    if not_registered:
        import json

        from kubernetes_py.apimachinery.runtime import _jsonconv

        raw = result.raw()
        try:
            partial = _jsonconv.decode(cls, json.loads(raw), source=raw)
        except Exception as decode_err:  # noqa: BLE001
            raise ValueError(f"unable to decode returned object as {cls.__name__}: {decode_err}") from decode_err
        if check_metadata and not _is_likely_object_metadata(partial):
            if detail:
                raise ValueError(f"object does not appear to match the ObjectMeta schema: {partial!r}")
            raise ValueError("object does not appear to match the ObjectMeta schema")
        partial.apiVersion = ""
        partial.kind = ""
        return partial
    if not isinstance(obj, cls):
        raise TypeError(f"unexpected object, expected PartialObjectMetadata but got {go_pointer_type_name(obj)}")
    return obj


class _ResourceClient(ResourceClientBase):
    """ResourceInterface of the metadata client."""

    _KIND = "metadata resource client"

    def _delete(self, ctx: _context.Context | None, req: rest.Request, opts: Optional[metav1.DeleteOptions]) -> None:
        """``req`` with the DeleteOptions as its JSON body."""
        opts = opts if opts is not None else metav1.DeleteOptions()
        body = runtime.encode(_delete_options_codec.legacy_codec(GroupVersion(version="v1")), opts)
        req.set_header("Content-Type", runtime.ContentTypeJSON).body(body).do(_ctx(ctx)).error()

    def delete(
        self, ctx: _context.Context | None, name: str, opts: Optional[metav1.DeleteOptions] = None, *subresources: str
    ) -> None:
        """DELETE one object; DeleteOptions are sent as JSON."""
        required_name(name)
        self._delete(ctx, self._rest.delete().abs_path(*self._make_url_segments(name), *subresources), opts)

    def delete_collection(
        self,
        ctx: _context.Context | None,
        opts: Optional[metav1.DeleteOptions] = None,
        list_options: Optional[metav1.ListOptions] = None,
    ) -> None:
        list_options = list_options if list_options is not None else metav1.ListOptions()
        self._delete(ctx, self._at(self._rest.delete(), "", (), list_options), opts)

    def get(
        self, ctx: _context.Context | None, name: str, opts: Optional[metav1.GetOptions] = None, *subresources: str
    ) -> metav1.PartialObjectMetadata:
        """The object's PartialObjectMetadata."""
        required_name(name)
        opts = opts if opts is not None else metav1.GetOptions()
        req = self._at(self._rest.get(), name, subresources, opts).set_header("Accept", _ACCEPT_PARTIAL)
        return _decode_partial(req.do(_ctx(ctx)), metav1.PartialObjectMetadata, True, True)

    def list(
        self, ctx: _context.Context | None, opts: Optional[metav1.ListOptions] = None
    ) -> metav1.PartialObjectMetadataList:
        """A PartialObjectMetadataList of the resource's objects."""
        opts = opts if opts is not None else metav1.ListOptions()
        req = self._at(self._rest.get(), "", (), opts).set_header("Accept", _ACCEPT_PARTIAL_LIST)
        return _decode_partial(req.do(_ctx(ctx)), metav1.PartialObjectMetadataList, False, False)

    def watch(self, ctx: _context.Context | None, opts: Optional[metav1.ListOptions] = None) -> watch.Interface:
        """A watch whose events carry PartialObjectMetadata; timeoutSeconds also bounds the request."""
        opts = opts.deep_copy() if opts is not None else metav1.ListOptions()
        timeout = float(opts.timeoutSeconds) if opts.HasField("timeoutSeconds") else 0.0
        opts.watch = True
        req = self._at(self._rest.get(), "", (), opts).set_header("Accept", _ACCEPT_PARTIAL)
        return req.timeout(timeout).watch(_ctx(ctx))

    def patch(
        self,
        ctx: _context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
        *subresources: str,
    ) -> metav1.PartialObjectMetadata:
        """PATCH the object; the answer is its PartialObjectMetadata."""
        required_name(name)
        opts = opts if opts is not None else metav1.PatchOptions()
        req = self._at(self._rest.patch(pt), name, subresources, opts).body(data).set_header("Accept", _ACCEPT_PARTIAL)
        return _decode_partial(req.do(_ctx(ctx)), metav1.PartialObjectMetadata, True, False)


class Client(ClientBase[_ResourceClient]):
    """A metadata client: ``client.resource(gvr).namespace(ns).list(ctx, metav1.ListOptions())``."""

    _NAME = "metadata.Client"
    _resource_client = _ResourceClient


def config_for(in_config: rest.Config) -> rest.Config:
    """A copy of the config preferring protobuf, with the meta codecs."""
    protobuf = "application/vnd.kubernetes.protobuf"
    return config_with(in_config, protobuf, protobuf + ",application/json", _meta_codecs.without_conversion())


def new_for_config(in_config: Any) -> Client:
    from kubernetes_py import rest

    config = config_for(in_config)
    return new_for_config_and_client(config, rest.http_client_for(config))


def new_for_config_and_client(in_config: Any, h: Any) -> Client:
    from kubernetes_py import rest

    config = config_for(in_config)
    config.group_version = GroupVersion()
    config.api_path = "/this-value-should-never-be-sent"
    return Client(rest.rest_client_for_config_and_client(config, h))


def new_for_config_or_die(c: Any) -> Client:
    """new_for_config; Go panics on error, this raises it."""
    return new_for_config(c)
