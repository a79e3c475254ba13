"""DiscoveryClient: which API groups, versions and resources a server offers (client-go discovery/discovery_client.go).

Aggregated discovery is asked for first (``Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
application/json``); a server that answers with plain JSON gets the legacy walk of ``/api``, ``/apis`` and one
``/apis/<group>/<version>`` request per group version, in parallel threads as client-go's goroutines.
Go's ``(T, error)`` becomes T or an exception; where Go returns partial results together with an
``ErrGroupDiscoveryFailed``, the exception carries them (``err.groups``, ``err.partial_groups``,
``err.partial_resources``).
"""

from __future__ import annotations

import copy
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from kubernetes_py import context as _context
from kubernetes_py import openapi
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersion, GroupVersionKind
from kubernetes_py.apimachinery.version import Info

from . import _json
from .aggregated_discovery import split_groups_and_resources

if TYPE_CHECKING:
    from kubernetes_py import rest

    from .interfaces import DiscoveryInterface

_T = TypeVar("_T")
_Failed = dict[GroupVersion, Exception]
"""The error of each group version whose discovery failed."""
_ResourcesByGV = dict[GroupVersion, metav1.APIResourceList]

__all__ = [
    "AcceptV1",
    "AcceptV2",
    "AcceptV2NoPeer",
    "DiscoveryClient",
    "ErrGroupDiscoveryFailed",
    "content_type_is_gvk",
    "group_discovery_failed_error_groups",
    "is_group_discovery_failed_error",
    "new_discovery_client",
    "new_discovery_client_for_config",
    "new_discovery_client_for_config_and_client",
    "new_discovery_client_for_config_or_die",
    "server_groups_and_resources",
    "server_groups_and_resources_with_context",
    "server_preferred_namespaced_resources",
    "server_preferred_namespaced_resources_with_context",
    "server_preferred_resources",
    "server_preferred_resources_with_context",
    "to_aggregated_discovery_interface_with_context",
    "to_cached_discovery_interface_with_context",
    "to_discovery_interface_with_context",
    "to_open_api_schema_interface_with_context",
    "to_server_groups_interface_with_context",
    "to_server_resources_interface_with_context",
    "to_server_version_interface_with_context",
]

_DEFAULT_RETRIES = 2
_OPENAPI_V2_MIME_PB = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
_DEFAULT_TIMEOUT = 32.0
_DEFAULT_BURST = 300

AcceptV1 = "application/json"
AcceptV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
AcceptV2NoPeer = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;profile=nopeer"
_ACCEPT_DISCOVERY_FORMATS = AcceptV2 + "," + AcceptV1

_V2_GVK = GroupVersionKind(group="apidiscovery.k8s.io", version="v2", kind="APIGroupDiscoveryList")


def _ctx(ctx: _context.Context | None) -> _context.Context:
    return ctx if ctx is not None else _context.background()


def _raise_if_done(ctx: _context.Context) -> None:
    err = ctx.err()
    if err is not None:
        raise err


def _is_not_found(err: BaseException) -> bool:
    from kubernetes_py.apimachinery.api import errors

    return errors.is_not_found(err)


class ErrGroupDiscoveryFailed(Exception):
    """Discovery of some group versions failed; ``groups`` maps each GroupVersion to its error.

    The results that did arrive (Go returns them beside this error) are on ``partial_groups`` (a list of
    APIGroup, or None) and ``partial_resources`` (a list of APIResourceList, or None).
    """

    def __init__(
        self,
        groups: Optional[_Failed] = None,
        partial_groups: Optional[list[metav1.APIGroup]] = None,
        partial_resources: Optional[list[metav1.APIResourceList]] = None,
    ):
        self.groups = dict(groups or {})
        self.partial_groups = partial_groups
        self.partial_resources = partial_resources
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = sorted(f"{gv}: {err}" for gv, err in self.groups.items())
        return "unable to retrieve the complete list of server APIs: " + ", ".join(parts)


def is_group_discovery_failed_error(err: Optional[BaseException]) -> bool:
    return isinstance(err, ErrGroupDiscoveryFailed)


def group_discovery_failed_error_groups(err: Optional[BaseException]) -> tuple[Optional[_Failed], bool]:
    """(failed groups, True) when the error is, or wraps, an ErrGroupDiscoveryFailed; else (None, False)."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, ErrGroupDiscoveryFailed):
            return err.groups, True
        err = err.__cause__
    return None, False


def content_type_is_gvk(content_type: str, gvk: GroupVersionKind) -> bool:
    """Whether a JSON content type names this group/version/kind in its g, v and as parameters.
    Raises ValueError (Go's mime error) for a malformed content type."""
    from kubernetes_py._go.mime import parse_media_type

    base, params = parse_media_type(content_type)
    return (
        base == "application/json"
        and params.get("g", "") == gvk.group
        and params.get("v", "") == gvk.version
        and params.get("as", "") == gvk.kind
    )


def _select_discovery_accept_header(use_legacy: bool, nopeer: bool) -> str:
    if use_legacy:
        return AcceptV1
    if nopeer:
        return AcceptV2NoPeer + "," + _ACCEPT_DISCOVERY_FORMATS
    return _ACCEPT_DISCOVERY_FORMATS


def _api_versions_to_api_group(api_versions: Any) -> Any:
    versions = [metav1.GroupVersionForDiscovery(groupVersion=v, version=v) for v in api_versions.versions]
    return metav1.APIGroup(versions=versions, preferredVersion=versions[0])


class DiscoveryClient:
    """Discovers server-supported API groups, versions and resources (Go's discovery.DiscoveryClient)."""

    def __init__(
        self,
        rest_client: rest.Interface,
        legacy_prefix: str = "/api",
        use_legacy_discovery: bool = False,
        no_peer_discovery: bool = False,
    ):
        self._rest_client = rest_client
        self.legacy_prefix = legacy_prefix
        self.use_legacy_discovery = use_legacy_discovery
        self.no_peer_discovery = no_peer_discovery

    def __repr__(self) -> str:
        return (
            f"discovery.DiscoveryClient(legacy_prefix={self.legacy_prefix!r}, "
            f"use_legacy_discovery={self.use_legacy_discovery})"
        )

    def rest_client(self) -> rest.Interface:
        return self._rest_client

    # ----- aggregated + legacy download -----
    def groups_and_maybe_resources(self) -> tuple[metav1.APIGroupList, Optional[_ResourcesByGV], _Failed]:
        return self.groups_and_maybe_resources_with_context(None)

    def groups_and_maybe_resources_with_context(
        self, ctx: _context.Context | None
    ) -> tuple[metav1.APIGroupList, Optional[_ResourcesByGV], _Failed]:
        """(APIGroupList, {GroupVersion: APIResourceList} or None, {GroupVersion: error}).

        The resources are present only when the server answered aggregated discovery for both /api and /apis."""
        ctx = _ctx(ctx)
        _raise_if_done(ctx)
        groups, resources, failed = self._download_legacy(ctx)
        api_groups, api_resources, failed_apis = self._download_apis(ctx)
        groups.groups.extend(api_groups.groups)
        if resources is not None and api_resources is not None:
            resources.update(api_resources)
        elif resources is not None:
            resources = None
        failed.update(failed_apis)
        return groups, resources, failed

    def _get_discovery_document(self, ctx: _context.Context | None, path: str) -> tuple[bytes, str]:
        accept = _select_discovery_accept_header(self.use_legacy_discovery, self.no_peer_discovery)
        result = self._rest_client.get().abs_path(path).set_header("Accept", accept).do(ctx)
        body = result.raw()
        return body, result.content_type()

    @staticmethod
    def _is_aggregated(content_type: str) -> bool:
        try:
            return content_type_is_gvk(content_type, _V2_GVK)
        except ValueError:
            return False

    def _download_legacy(
        self, ctx: _context.Context | None
    ) -> tuple[metav1.APIGroupList, Optional[_ResourcesByGV], _Failed]:
        try:
            body, content_type = self._get_discovery_document(ctx, "/api")
        except Exception as err:  # noqa: BLE001 - a server without /api has no legacy group
            if _is_not_found(err):
                return metav1.APIGroupList(), {}, {}
            raise
        if self._is_aggregated(content_type):
            from kubernetes_py.api.apidiscovery import v2 as apidiscoveryv2

            return split_groups_and_resources(_json.decode_json(apidiscoveryv2.APIGroupDiscoveryList, body))
        versions = _json.decode_json(metav1.APIVersions, body)
        group = _api_versions_to_api_group(versions) if len(versions.versions) else metav1.APIGroup()
        return metav1.APIGroupList(groups=[group]), None, {}

    def _download_apis(
        self, ctx: _context.Context | None
    ) -> tuple[metav1.APIGroupList, Optional[_ResourcesByGV], _Failed]:
        body, content_type = self._get_discovery_document(ctx, "/apis")
        if self._is_aggregated(content_type):
            from kubernetes_py.api.apidiscovery import v2 as apidiscoveryv2

            return split_groups_and_resources(_json.decode_json(apidiscoveryv2.APIGroupDiscoveryList, body))
        return _json.decode_json(metav1.APIGroupList, body), None, {}

    # ----- ServerGroupsInterface -----
    def server_groups(self) -> metav1.APIGroupList:
        return self.server_groups_with_context(None)

    def server_groups_with_context(self, ctx: _context.Context | None) -> metav1.APIGroupList:
        """The APIGroupList of every group (the legacy core group first, with name "")."""
        groups, _, _ = self.groups_and_maybe_resources_with_context(ctx)
        return groups

    # ----- ServerResourcesInterface -----
    def server_resources_for_group_version(self, group_version: str) -> metav1.APIResourceList:
        return self.server_resources_for_group_version_with_context(None, group_version)

    def server_resources_for_group_version_with_context(
        self, ctx: _context.Context | None, group_version: str
    ) -> metav1.APIResourceList:
        """The APIResourceList of one group version ("v1", "apps/v1"); a missing core v1 gives an empty list."""
        if not group_version:
            raise ValueError("groupVersion shouldn't be empty")
        if self.legacy_prefix and group_version == "v1":
            path = self.legacy_prefix + "/" + group_version
        else:
            path = "/apis/" + group_version
        resources = metav1.APIResourceList(groupVersion=group_version)
        try:
            self._rest_client.get().abs_path(path).do(_ctx(ctx)).into(resources)
        except Exception as err:  # noqa: BLE001
            if group_version == "v1" and _is_not_found(err):
                return metav1.APIResourceList(groupVersion=group_version)
            raise
        return resources

    def server_groups_and_resources(self) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]:
        return self.server_groups_and_resources_with_context(None)

    def server_groups_and_resources_with_context(
        self, ctx: _context.Context | None
    ) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]:
        """([APIGroup], [APIResourceList]); raises ErrGroupDiscoveryFailed (carrying the partial results)."""
        ctx = _ctx(ctx)
        return _with_retries(ctx, _DEFAULT_RETRIES, lambda: server_groups_and_resources_with_context(ctx, self))

    def server_preferred_resources(self) -> list[metav1.APIResourceList]:
        return self.server_preferred_resources_with_context(None)

    def server_preferred_resources_with_context(self, ctx: _context.Context | None) -> list[metav1.APIResourceList]:
        """One APIResourceList per group version holding the resources whose preferred version it is."""
        ctx = _ctx(ctx)
        return _with_retries(ctx, _DEFAULT_RETRIES, lambda: server_preferred_resources_with_context(ctx, self))

    def server_preferred_namespaced_resources(self) -> list[metav1.APIResourceList]:
        return server_preferred_namespaced_resources(self)

    def server_preferred_namespaced_resources_with_context(
        self, ctx: _context.Context | None
    ) -> list[metav1.APIResourceList]:
        return server_preferred_namespaced_resources_with_context(ctx, self)

    # ----- ServerVersionInterface -----
    def server_version(self) -> Info:
        return self.server_version_with_context(None)

    def server_version_with_context(self, ctx: _context.Context | None) -> Info:
        """The server's version.Info from GET /version."""
        body = self._rest_client.get().abs_path("/version").do(_ctx(ctx)).raw()
        import json

        try:
            return Info.from_json_dict(json.loads(body))
        except ValueError as err:
            raise ValueError(f"unable to parse the server version: {err}") from err

    # ----- OpenAPI -----
    def open_api_schema(self) -> bytes:
        return self.open_api_schema_with_context(None)

    def open_api_schema_with_context(self, ctx: _context.Context | None) -> bytes:
        """The OpenAPI v2 document as the server's protobuf bytes (no gnostic model here: parse them as you need)."""
        return (
            self._rest_client.get()
            .abs_path("/openapi/v2")
            .set_header("Accept", _OPENAPI_V2_MIME_PB)
            .do(_ctx(ctx))
            .raw()
        )

    def open_api_v3(self) -> openapi.Client:
        """An OpenAPI v3 client over this client's REST client (each call asks the server again)."""
        return openapi.new_client(self._rest_client)

    def open_api_v3_with_context(self, ctx: _context.Context | None) -> openapi.ClientWithContext:
        return openapi.new_client_with_context(self._rest_client)

    def with_legacy(self) -> "DiscoveryClient":
        """A copy that asks only for legacy (unaggregated) discovery."""
        client = copy.copy(self)
        client.use_legacy_discovery = True
        return client

    def with_legacy_with_context(self, ctx: _context.Context | None) -> "DiscoveryClient":
        return self.with_legacy()


# ---------------------------------------------------------------------------------------------------------------
# Functions over any DiscoveryInterface


def _call(d: DiscoveryInterface, name: str, ctx: _context.Context | None, *args: Any) -> Any:
    """Call ``name_with_context(ctx, ...)`` when the client has it, else the plain method."""
    with_ctx = getattr(d, name + "_with_context", None)
    if with_ctx is not None:
        return with_ctx(ctx, *args)
    return getattr(d, name)(*args)


def _is_aggregated_client(d: DiscoveryInterface) -> bool:
    return hasattr(d, "groups_and_maybe_resources_with_context") or hasattr(d, "groups_and_maybe_resources")


def server_groups_and_resources(d: DiscoveryInterface) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]:
    return server_groups_and_resources_with_context(None, d)


def server_groups_and_resources_with_context(
    ctx: _context.Context | None, d: DiscoveryInterface
) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]:
    """([APIGroup], [APIResourceList]) of a discovery client; partial failures raise ErrGroupDiscoveryFailed
    with ``partial_groups`` and ``partial_resources`` set to what was found."""
    ctx = _ctx(ctx)
    _raise_if_done(ctx)
    resources: Optional[list[metav1.APIResourceList]] = None
    failed: _Failed = {}
    if _is_aggregated_client(d):
        sgs, resources_by_gv, failed = _call(d, "groups_and_maybe_resources", ctx)
        if resources_by_gv is not None:
            resources = list(resources_by_gv.values())
    else:
        sgs = _call(d, "server_groups", ctx)
    result_groups = list(sgs.groups)
    if resources:
        if failed:
            raise ErrGroupDiscoveryFailed(failed, result_groups, resources)
        return result_groups, resources
    gv_resources, failed_groups = _fetch_group_version_resources(ctx, d, sgs)
    result = []
    for api_group in sgs.groups:
        for version in api_group.versions:
            gv = GroupVersion(group=api_group.name, version=version.version)
            if gv in gv_resources:
                result.append(gv_resources[gv])
    if not failed_groups:
        return result_groups, result
    raise ErrGroupDiscoveryFailed(failed_groups, result_groups, result)


def server_preferred_resources(d: DiscoveryInterface) -> list[metav1.APIResourceList]:
    return server_preferred_resources_with_context(None, d)


def server_preferred_resources_with_context(
    ctx: _context.Context | None, d: DiscoveryInterface
) -> list[metav1.APIResourceList]:
    """The preferred version of every resource, grouped by group version (subresources left out).
    Partial failures raise ErrGroupDiscoveryFailed with ``partial_resources``."""
    ctx = _ctx(ctx)
    _raise_if_done(ctx)
    gv_resources = None
    failed: _Failed = {}
    if _is_aggregated_client(d):
        server_group_list, gv_resources, failed = _call(d, "groups_and_maybe_resources", ctx)
    else:
        server_group_list = _call(d, "server_groups", ctx)
    if gv_resources is None:
        gv_resources, failed = _fetch_group_version_resources(ctx, d, server_group_list)

    result = []
    gr_versions: dict[GroupResource, str] = {}
    gr_api_resources: dict[GroupResource, Any] = {}
    gv_lists: dict[GroupVersion, metav1.APIResourceList] = {}
    for api_group in server_group_list.groups:
        for version in api_group.versions:
            group_version = GroupVersion(group=api_group.name, version=version.version)
            api_resource_list = gv_resources.get(group_version)
            if api_resource_list is None:
                continue
            empty = metav1.APIResourceList(groupVersion=version.groupVersion)
            gv_lists[group_version] = empty
            result.append(empty)
            for api_resource in api_resource_list.resources:
                if "/" in api_resource.name:
                    continue
                gr = GroupResource(group=api_group.name, resource=api_resource.name)
                if gr in gr_api_resources and version.version != api_group.preferredVersion.version:
                    continue
                gr_versions[gr] = version.version
                gr_api_resources[gr] = api_resource
    for gr, api_resource in gr_api_resources.items():
        gv = GroupVersion(group=gr.group, version=gr_versions[gr])
        gv_lists[gv].resources.append(api_resource)
    if not failed:
        return result
    raise ErrGroupDiscoveryFailed(failed, None, result)


def server_preferred_namespaced_resources(d: DiscoveryInterface) -> list[metav1.APIResourceList]:
    return server_preferred_namespaced_resources_with_context(None, d)


def server_preferred_namespaced_resources_with_context(
    ctx: _context.Context | None, d: DiscoveryInterface
) -> list[metav1.APIResourceList]:
    """server_preferred_resources filtered to namespaced resources (a partial failure's results filtered too)."""
    from .helper import ResourcePredicateFunc, filtered_by

    namespaced = ResourcePredicateFunc(lambda gv, r: r.namespaced)
    try:
        all_resources = server_preferred_resources_with_context(ctx, d)
    except ErrGroupDiscoveryFailed as err:
        err.partial_resources = filtered_by(namespaced, err.partial_resources or [])
        raise
    return filtered_by(namespaced, all_resources)


def _fetch_group_version_resources(
    ctx: _context.Context | None, d: DiscoveryInterface, api_groups: metav1.APIGroupList
) -> tuple[_ResourcesByGV, _Failed]:
    gv_resources: _ResourcesByGV = {}
    failed: _Failed = {}
    lock = threading.Lock()

    def fetch(gv: GroupVersion) -> None:
        try:
            resources = _call(d, "server_resources_for_group_version", ctx, str(gv))
        except Exception as err:  # noqa: BLE001 - recorded per group version, as Go does
            with lock:
                failed[gv] = err
                # Go keeps a list returned beside an error (the memory cache's empty-response error)
                resource_list = getattr(err, "resource_list", None)
                if resource_list is not None:
                    gv_resources[gv] = resource_list
            return
        if resources is not None:
            with lock:
                gv_resources[gv] = resources

    threads = []
    for api_group in api_groups.groups:
        for version in api_group.versions:
            gv = GroupVersion(group=api_group.name, version=version.version)
            t = threading.Thread(target=fetch, args=(gv,), name=f"discovery {gv}", daemon=True)
            t.start()
            threads.append(t)
    for t in threads:
        t.join()
    return gv_resources, failed


def _with_retries(ctx: _context.Context, max_retries: int, f: Callable[[], _T]) -> _T:
    err: Optional[ErrGroupDiscoveryFailed] = None
    for _ in range(max_retries):
        try:
            return f()
        except ErrGroupDiscoveryFailed as e:
            err = e
            if ctx.err() is not None:  # Go gives up and returns the error without the partial results
                e.partial_groups = e.partial_resources = None
                raise
    assert err is not None
    raise err


# ---------------------------------------------------------------------------------------------------------------
# The To...WithContext adapters: a client with only the plain methods seen through the *_with_context ones


_SERVER_GROUPS = ("server_groups",)
_SERVER_RESOURCES = (
    "server_resources_for_group_version",
    "server_groups_and_resources",
    "server_preferred_resources",
    "server_preferred_namespaced_resources",
)
_SERVER_VERSION = ("server_version",)
_OPENAPI_SCHEMA = ("open_api_schema",)
_DISCOVERY = _SERVER_GROUPS + _SERVER_RESOURCES + _SERVER_VERSION + _OPENAPI_SCHEMA


class _WithContextWrapper:
    """Go's ...InterfaceWrapper types: each ``<method>_with_context(ctx, ...)`` of the interface calls the
    delegate's ``<method>(...)``, ignoring the context; ``rest_client()`` and ``with_legacy_with_context(ctx)``
    (for a DiscoveryInterface) go to the delegate. Nothing else of the delegate shows through."""

    def __init__(self, delegate: Any, methods: tuple[str, ...], discovery_client: bool):
        self._delegate = delegate
        self._methods = methods
        self._discovery_client = discovery_client

    def __repr__(self) -> str:
        return f"discovery.with_context({self._delegate!r})"

    def __getattr__(self, name: str) -> Any:
        base = name[: -len("_with_context")] if name.endswith("_with_context") else ""
        if base in self._methods:
            method = getattr(self._delegate, base)
            return lambda ctx, *args: method(*args)
        if self._discovery_client and name == "rest_client":
            return self._delegate.rest_client
        if self._discovery_client and name == "with_legacy_with_context":
            return lambda ctx: to_discovery_interface_with_context(self._delegate.with_legacy())
        if self._discovery_client and name == "open_api_v3_with_context":
            return lambda ctx: openapi.to_client_with_context(self._delegate.open_api_v3())
        raise AttributeError(name)


def _to_with_context(i: Any, methods: tuple[str, ...], discovery_client: bool = False) -> Any:
    if i is None:
        return None
    with_ctx = [m + "_with_context" for m in methods]
    if discovery_client:
        with_ctx.append("with_legacy_with_context")
    if all(callable(getattr(i, m, None)) for m in with_ctx):
        return i
    return _WithContextWrapper(i, methods, discovery_client)


def to_server_groups_interface_with_context(i: Any) -> Any:
    """Go's ToServerGroupsInterfaceWithContext: i itself when it has server_groups_with_context, else a wrapper."""
    return _to_with_context(i, _SERVER_GROUPS)


def to_server_resources_interface_with_context(i: Any) -> Any:
    return _to_with_context(i, _SERVER_RESOURCES)


def to_server_version_interface_with_context(i: Any) -> Any:
    return _to_with_context(i, _SERVER_VERSION)


def to_open_api_schema_interface_with_context(i: Any) -> Any:
    return _to_with_context(i, _OPENAPI_SCHEMA)


def to_discovery_interface_with_context(i: Any) -> Any:
    """Go's ToDiscoveryInterfaceWithContext (None stays None)."""
    return _to_with_context(i, _DISCOVERY, True)


def to_aggregated_discovery_interface_with_context(i: Any) -> Any:
    return _to_with_context(i, _DISCOVERY + ("groups_and_maybe_resources",), True)


def to_cached_discovery_interface_with_context(i: Any) -> Any:
    return _to_with_context(i, _DISCOVERY + ("fresh", "invalidate"), True)


# ---------------------------------------------------------------------------------------------------------------
# Constructors


def _set_discovery_defaults(config: rest.Config) -> None:
    from kubernetes_py import rest
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py.kubernetes import scheme

    config.api_path = ""
    config.group_version = None
    if not config.timeout:
        config.timeout = _DEFAULT_TIMEOUT
    if config.burst == 0:
        config.burst = _DEFAULT_BURST
    # any media type decodes with the scheme's universal decoder; nothing is ever encoded
    codec = runtime.NoopEncoder(scheme.Codecs.universal_decoder())
    config.negotiated_serializer = runtime.new_simple_negotiated_serializer(runtime.SerializerInfo(serializer=codec))
    if not config.user_agent:
        config.user_agent = rest.default_kubernetes_user_agent()


def new_discovery_client_for_config(c: rest.Config) -> DiscoveryClient:
    """A DiscoveryClient for a rest.Config (timeout 32s and burst 300 unless set)."""
    from kubernetes_py import rest

    config = rest.copy_config(c)
    _set_discovery_defaults(config)
    http_client = rest.http_client_for(config)
    return new_discovery_client_for_config_and_client(config, http_client)


def new_discovery_client_for_config_and_client(c: rest.Config, http_client: rest.HTTPClient) -> DiscoveryClient:
    """A DiscoveryClient for a rest.Config using the given HTTP client (requests.Session)."""
    from kubernetes_py import rest

    config = rest.copy_config(c)
    _set_discovery_defaults(config)
    return DiscoveryClient(
        rest.unversioned_rest_client_for_config_and_client(config, http_client), legacy_prefix="/api"
    )


def new_discovery_client_for_config_or_die(c: rest.Config) -> DiscoveryClient:
    """new_discovery_client_for_config; Go panics on error, this raises it."""
    return new_discovery_client_for_config(c)


def new_discovery_client(c: rest.Interface) -> DiscoveryClient:
    """A DiscoveryClient over an existing rest.Interface."""
    return DiscoveryClient(c, legacy_prefix="/api")
