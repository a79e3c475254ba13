"""The metadata-only client (client-go metadata/metadata.go): objects come back as metav1.PartialObjectMetadata
(or ...List), asked for with ``as=PartialObjectMetadata;g=meta.k8s.io;v=v1`` in protobuf first, then JSON."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Optional

from kubernetes_py._go.fmt import go_pointer_type_name
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion, GroupVersionResource
from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory
from kubernetes_py import context as _context
from kubernetes_py.dynamic._resource import ResourceClientBase
from kubernetes_py.dynamic._resource import ctx_or_background as _ctx

if TYPE_CHECKING:
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

_delete_scheme = runtime.new_scheme("k8s.io/client-go/metadata/metadata.go:deleteScheme")
_parameter_scheme = runtime.new_scheme("k8s.io/client-go/metadata/metadata.go:parameterScheme")
metav1.add_to_group_version(_parameter_scheme, versionV1)
metav1.add_to_group_version(_delete_scheme, versionV1)
_delete_options_codec = new_codec_factory(_delete_scheme)

_parameter_codec: Any = None


def _dynamic_parameter_codec() -> Any:
    global _parameter_codec
    if _parameter_codec is None:
        _parameter_codec = runtime.new_parameter_codec(_parameter_scheme)
    return _parameter_codec


def _is_likely_object_metadata(m: Any) -> bool:
    md = m.metadata
    created = md.HasField("creationTimestamp") and (md.creationTimestamp.seconds or md.creationTimestamp.nanos)
    return bool(md.uid or created or md.name or md.generateName)


def _decode_partial(result: Any, cls: type, check_metadata: bool, detail: bool) -> Any:
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
            partial: Any = _jsonconv.decode(cls, json.loads(raw), source=raw)
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


class Client:
    """A metadata client: ``client.resource(gvr).namespace(ns).list(ctx, metav1.ListOptions())``."""

    def __init__(self, client: Any):
        self._client = client

    def __repr__(self) -> str:
        return f"metadata.Client({self._client!r})"

    def resource(self, resource: GroupVersionResource) -> "_ResourceClient":
        return _ResourceClient(self, "", resource)


class _ResourceClient(ResourceClientBase):
    """ResourceInterface of the metadata client."""

    _KIND = "metadata resource client"

    def _delete_body(self, opts: Any) -> bytes:
        return runtime.encode(_delete_options_codec.legacy_codec(GroupVersion(version="v1")), opts)

    def delete(self, ctx: _context.Context | None, name: str, opts: Optional[Any] = None, *subresources: str) -> None:
        """DELETE one object; DeleteOptions are sent as JSON."""
        if not name:
            raise ValueError("name is required")
        body = self._delete_body(opts if opts is not None else metav1.DeleteOptions())
        (
            self._rest.delete()
            .abs_path(*self._make_url_segments(name), *subresources)
            .set_header("Content-Type", runtime.ContentTypeJSON)
            .body(body)
            .do(_ctx(ctx))
            .error()
        )

    def delete_collection(
        self, ctx: _context.Context | None, opts: Optional[Any] = None, list_options: Optional[Any] = None
    ) -> None:
        body = self._delete_body(opts if opts is not None else metav1.DeleteOptions())
        list_options = list_options if list_options is not None else metav1.ListOptions()
        (
            self._rest.delete()
            .abs_path(*self._make_url_segments(""))
            .set_header("Content-Type", runtime.ContentTypeJSON)
            .body(body)
            .specifically_versioned_params(list_options, _dynamic_parameter_codec(), versionV1)
            .do(_ctx(ctx))
            .error()
        )

    def get(
        self, ctx: _context.Context | None, name: str, opts: Optional[Any] = None, *subresources: str
    ) -> metav1.PartialObjectMetadata:
        """The object's PartialObjectMetadata."""
        if not name:
            raise ValueError("name is required")
        opts = opts if opts is not None else metav1.GetOptions()
        result = (
            self._rest.get()
            .abs_path(*self._make_url_segments(name), *subresources)
            .set_header("Accept", _ACCEPT_PARTIAL)
            .specifically_versioned_params(opts, _dynamic_parameter_codec(), versionV1)
            .do(_ctx(ctx))
        )
        obj: metav1.PartialObjectMetadata = _decode_partial(result, metav1.PartialObjectMetadata, True, True)
        return obj

    def list(self, ctx: _context.Context | None, opts: Optional[Any] = None) -> metav1.PartialObjectMetadataList:
        """A PartialObjectMetadataList of the resource's objects."""
        opts = opts if opts is not None else metav1.ListOptions()
        result = (
            self._rest.get()
            .abs_path(*self._make_url_segments(""))
            .set_header("Accept", _ACCEPT_PARTIAL_LIST)
            .specifically_versioned_params(opts, _dynamic_parameter_codec(), versionV1)
            .do(_ctx(ctx))
        )
        objs: metav1.PartialObjectMetadataList = _decode_partial(result, metav1.PartialObjectMetadataList, False, False)
        return objs

    def watch(self, ctx: _context.Context | None, opts: Optional[Any] = None) -> watch.Interface:
        """A watch whose events carry PartialObjectMetadata; timeoutSeconds also bounds the request."""
        opts = opts.deep_copy() if opts is not None else metav1.ListOptions()
        timeout = float(opts.timeoutSeconds) if opts.HasField("timeoutSeconds") else 0.0
        opts.watch = True
        w: watch.Interface = (
            self._rest.get()
            .abs_path(*self._make_url_segments(""))
            .set_header("Accept", _ACCEPT_PARTIAL)
            .specifically_versioned_params(opts, _dynamic_parameter_codec(), versionV1)
            .timeout(timeout)
            .watch(_ctx(ctx))
        )
        return w

    def patch(
        self,
        ctx: _context.Context | None,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[Any] = None,
        *subresources: str,
    ) -> metav1.PartialObjectMetadata:
        """PATCH the object; the answer is its PartialObjectMetadata."""
        if not name:
            raise ValueError("name is required")
        opts = opts if opts is not None else metav1.PatchOptions()
        result = (
            self._rest.patch(pt)
            .abs_path(*self._make_url_segments(name), *subresources)
            .body(data)
            .set_header("Accept", _ACCEPT_PARTIAL)
            .specifically_versioned_params(opts, _dynamic_parameter_codec(), versionV1)
            .do(_ctx(ctx))
        )
        obj: metav1.PartialObjectMetadata = _decode_partial(result, metav1.PartialObjectMetadata, True, False)
        return obj


def config_for(in_config: Any) -> Any:
    """A copy of the config preferring protobuf, with the meta codecs."""
    from kubernetes_py import rest

    config = rest.copy_config(in_config)
    config.accept_content_types = "application/vnd.kubernetes.protobuf,application/json"
    config.content_type = "application/vnd.kubernetes.protobuf"
    config.negotiated_serializer = _meta_codecs.without_conversion()
    if not config.user_agent:
        config.user_agent = rest.default_kubernetes_user_agent()
    return config


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
