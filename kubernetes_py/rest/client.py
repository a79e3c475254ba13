"""RESTClient: Kubernetes API conventions over a base URL (client-go rest/client.go and the client
constructors of rest/config.go)."""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, runtime_checkable

from kubernetes_py._go import mime as _gomime, path as _gopath
from kubernetes_py.rest.request import Request, _accept_header
from kubernetes_py.tools import metrics
from kubernetes_py.rest.urlbackoff import NoBackoff, URLBackoff
from kubernetes_py.rest.url_utils import default_server_url_for
from kubernetes_py.rest.warnings import with_context

if TYPE_CHECKING:
    from kubernetes_py.rest.config import Config
    from kubernetes_py.rest.transport import HTTPClient

__all__ = [
    "Interface",
    "ClientContentConfig",
    "RESTClient",
    "new_rest_client",
    "rest_client_for",
    "rest_client_for_config_and_client",
    "unversioned_rest_client_for",
    "unversioned_rest_client_for_config_and_client",
    "new_request_with_client",
]

ENV_BACKOFF_BASE = "KUBE_CLIENT_BACKOFF_BASE"
ENV_BACKOFF_DURATION = "KUBE_CLIENT_BACKOFF_DURATION"


@runtime_checkable
class Interface(Protocol):
    """The generic REST operations (Go's rest.Interface); RESTClient and fake.RESTClient provide them."""

    def get_rate_limiter(self) -> Any:
        """The rate limiter requests wait on (None: no client-side throttling)."""

    def verb(self, verb: str) -> Request:
        """A request with this HTTP method."""

    def post(self) -> Request:
        """A POST request."""

    def put(self) -> Request:
        """A PUT request."""

    def patch(self, pt: str) -> Request:
        """A PATCH request with Content-Type set to the patch type."""

    def get(self) -> Request:
        """A GET request."""

    def delete(self) -> Request:
        """A DELETE request."""

    def api_version(self) -> Any:
        """The schema.GroupVersion the client talks to."""


class ClientContentConfig:
    """How a RESTClient encodes requests and decodes answers.

    ``content_type`` defaults to application/json; ``accept_content_types`` (when set) is the Accept header;
    ``negotiator`` is a runtime.ClientNegotiator (encoder/decoder/stream_decoder by media type).
    """

    __slots__ = ("accept_content_types", "content_type", "group_version", "negotiator")

    def __init__(
        self, accept_content_types: str = "", content_type: str = "", group_version: Any = None, negotiator: Any = None
    ):
        from kubernetes_py.apimachinery.runtime import schema

        self.accept_content_types = accept_content_types
        self.content_type = content_type
        self.group_version = group_version if group_version is not None else schema.GroupVersion()
        self.negotiator = negotiator

    def copy(self) -> "ClientContentConfig":
        return ClientContentConfig(self.accept_content_types, self.content_type, self.group_version, self.negotiator)

    def __repr__(self) -> str:
        return (
            f"rest.ClientContentConfig(accept_content_types={self.accept_content_types!r}, "
            f"content_type={self.content_type!r}, group_version={self.group_version!r})"
        )


def _scrub_cbor(content: ClientContentConfig) -> ClientContentConfig:
    """CBOR is off (Go's ClientsAllowCBOR gate defaults to false): ask for JSON instead."""
    content = content.copy()
    try:
        media, _ = _gomime.parse_media_type(content.content_type)
        if media == "application/cbor":
            content.content_type = "application/json"
    except ValueError:
        pass
    if "cbor" in content.accept_content_types:
        clauses = []
        for clause in content.accept_content_types.split(","):
            media, sep, params = clause.strip().partition(";")
            if media.strip().lower() == "application/cbor":
                media = "application/json"
            clauses.append(media.strip() + (";" + params if sep else ""))
        content.accept_content_types = ",".join(clauses)
    return content


class _ContentConfigProvider:
    """The content config of a client's requests, made once: as configured (content type defaulted to JSON) and with
    protobuf as the default (``Request.use_protobuf_as_default``); requests share them and never change them. Also the
    decoders of the answers' content types, found once each."""

    def __init__(self, base: ClientContentConfig):
        self.base = base
        self.request_config, self.defaulted = self.get_client_content_config()
        self.protobuf_config = self.request_config.copy()
        self.protobuf_config.accept_content_types = "application/vnd.kubernetes.protobuf,application/json"
        self.protobuf_config.content_type = "application/vnd.kubernetes.protobuf"
        # The Accept header of a request in either config (Request._set_accept_header's value).
        self.request_accept = _accept_header(self.request_config)
        self.protobuf_accept = _accept_header(self.protobuf_config)
        # Content-Type -> (negotiator, its decoder for that type), filled by Request as answers come; and the
        # encoders of request bodies, by the content type they are sent in.
        self.decoders: dict[str, tuple[Any, Any]] = {}
        self.encoders: dict[str, tuple[Any, Any]] = {}

    def get_client_content_config(self) -> tuple[ClientContentConfig, bool]:
        """A copy of the content config for a new request, and whether its content type was defaulted."""
        config = self.base.copy()
        defaulted = config.content_type == ""
        if defaulted:
            config.content_type = "application/json"
        return config, defaulted


def _exp_backoff_factory() -> Callable[[], Any]:
    """What makes each request's back-off manager, from the environment as it is now (read once per client)."""
    base = os.environ.get(ENV_BACKOFF_BASE)
    duration = os.environ.get(ENV_BACKOFF_DURATION)
    if base is None or duration is None:
        return NoBackoff  # the common case, without raising and catching a parse error per request
    if not (_GO_INT.fullmatch(base) and _GO_INT.fullmatch(duration)):
        return NoBackoff  # Go's strconv.ParseInt refuses spaces and underscores, which int() takes
    base_i, duration_i = int(base, 10), int(duration, 10)
    from kubernetes_py.util import flowcontrol

    return lambda: URLBackoff(flowcontrol.new_back_off(float(base_i), float(duration_i)))


_GO_INT = re.compile(r"[+-]?[0-9]+")


def read_exp_backoff_config() -> Any:
    """Go's readExpBackoffConfig: a URLBackoff from KUBE_CLIENT_BACKOFF_BASE and KUBE_CLIENT_BACKOFF_DURATION
    (seconds), NoBackoff when either is missing or not an integer."""
    return _exp_backoff_factory()()


class RESTClient(Interface):
    """Builds Requests against ``base`` + ``versioned_api_path``; ``client`` is the requests.Session used.

    A RESTClient that made its own HTTP client (``rest_client_for``, ``unversioned_rest_client_for``) is a context
    manager whose block's end closes that client's idle connections (Go's CloseIdleConnections; requests in flight
    finish). One given an HTTP client leaves it to its owner.
    """

    _owns_client = False

    def __init__(
        self,
        base: Optional[urllib.parse.SplitResult],
        versioned_api_path: str,
        content: ClientContentConfig,
        rate_limiter: Any,
        client: Any,
    ):
        self._base = base
        self._versioned_api_path = versioned_api_path
        self._content = _ContentConfigProvider(content)
        self._create_backoff_mgr = _exp_backoff_factory()
        self._rate_limiter = rate_limiter
        self._warning_handler: Any = None
        self.client = client
        self._path_prefix: Optional[str] = None

    def _request_path_prefix(self) -> str:
        """The path every new Request starts from: base path joined with the versioned API path."""
        prefix = self._path_prefix
        if prefix is None:
            if self._base is not None:
                prefix = _gopath.join("/", self._base.path, self._versioned_api_path)
            else:
                prefix = _gopath.join("/", self._versioned_api_path)
            self._path_prefix = prefix
        return prefix

    def get_rate_limiter(self) -> Any:
        return self._rate_limiter

    def __enter__(self) -> RESTClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._owns_client and self.client is not None:
            self.client.close_idle_connections()

    # Each verb's request made directly (as Go's c.Verb(...), which no embedding type can override).
    def verb(self, verb: str) -> Request:
        return Request(self).verb(verb)

    def post(self) -> Request:
        return Request(self).verb("POST")

    def put(self) -> Request:
        return Request(self).verb("PUT")

    def patch(self, pt: str) -> Request:
        return Request(self).verb("PATCH").set_header("Content-Type", str(pt))

    def get(self) -> Request:
        return Request(self).verb("GET")

    def delete(self) -> Request:
        return Request(self).verb("DELETE")

    def api_version(self) -> Any:
        config, _ = self._content.get_client_content_config()
        return config.group_version

    def __repr__(self) -> str:
        base = urllib.parse.urlunsplit(self._base) if self._base is not None else ""
        return f"rest.RESTClient(base={base!r}, versioned_api_path={self._versioned_api_path!r})"


def new_rest_client(
    base_url: Any, versioned_api_path: str, config: ClientContentConfig, rate_limiter: Any, client: Any
) -> RESTClient:
    """A RESTClient for a base URL (a string or urllib SplitResult); the base path gets a trailing slash."""
    metrics.ensure_registered()
    base = urllib.parse.urlsplit(base_url) if isinstance(base_url, str) else base_url
    path = base.path if base.path.endswith("/") else base.path + "/"
    base = base._replace(path=path, query="", fragment="")
    return RESTClient(base, versioned_api_path, _scrub_cbor(config), rate_limiter, client)


def _rate_limiter_for(config: Config) -> Any:
    from kubernetes_py.rest.config import DefaultBurst, DefaultQPS
    from kubernetes_py.util import flowcontrol

    if config.rate_limiter is not None:
        return config.rate_limiter
    qps = config.qps if config.qps != 0.0 else DefaultQPS
    burst = config.burst if config.burst != 0 else DefaultBurst
    if qps > 0:
        return flowcontrol.new_token_bucket_rate_limiter(qps, burst)
    return None


def _maybe_set_warning_handler(c: RESTClient, config: Config) -> None:
    if config.warning_handler_with_context is not None:
        c._warning_handler = config.warning_handler_with_context
    elif config.warning_handler is not None:
        c._warning_handler = with_context(config.warning_handler)


def _http_client_for(config: Config) -> HTTPClient:
    from kubernetes_py.rest import transport

    return transport.http_client_for(config)


def _check_config(config: Config, versioned: bool) -> None:
    """The fields a RESTClient cannot do without (group_version only for a versioned one)."""
    if versioned and config.group_version is None:
        raise ValueError("GroupVersion is required when initializing a RESTClient")
    if config.negotiated_serializer is None:
        raise ValueError("NegotiatedSerializer is required when initializing a RESTClient")


def _owning_client(
    config: Config, versioned: bool, for_config_and_client: Callable[[Config, HTTPClient], RESTClient]
) -> RESTClient:
    """A client over a new HTTPClient of the config's transport, which the client closes with itself."""
    _check_config(config, versioned)
    default_server_url_for(config)
    client = for_config_and_client(config, _http_client_for(config))
    client._owns_client = True
    return client


def rest_client_for(config: Config) -> RESTClient:
    """A RESTClient for a rest.Config with group_version and negotiated_serializer set."""
    return _owning_client(config, True, rest_client_for_config_and_client)


def rest_client_for_config_and_client(config: Config, http_client: HTTPClient) -> RESTClient:
    """Like rest_client_for with a given requests.Session."""
    metrics.ensure_registered()
    _check_config(config, True)
    return _client_for(config, http_client, config.group_version)


def unversioned_rest_client_for(config: Config) -> RESTClient:
    """A RESTClient for paths outside one group version (discovery); the group version defaults to meta v1."""
    return _owning_client(config, False, unversioned_rest_client_for_config_and_client)


def unversioned_rest_client_for_config_and_client(config: Config, http_client: HTTPClient) -> RESTClient:
    _check_config(config, False)
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    gv = config.group_version if config.group_version is not None else metav1.SchemeGroupVersion
    return _client_for(config, http_client, gv)


def _client_for(config: Config, http_client: Any, gv: Any) -> RESTClient:
    from kubernetes_py.apimachinery import runtime

    base_url, versioned_api_path = default_server_url_for(config)
    content = ClientContentConfig(
        accept_content_types=config.accept_content_types,
        content_type=config.content_type,
        group_version=gv,
        negotiator=runtime.new_client_negotiator(config.negotiated_serializer, gv),
    )
    c = new_rest_client(base_url, versioned_api_path, content, _rate_limiter_for(config), http_client)
    _maybe_set_warning_handler(c, config)
    return c


def new_request_with_client(base: Any, versioned_api_path: str, content: ClientContentConfig, client: Any) -> Request:
    """A Request on a RESTClient built as is from its parts (Go's NewRequestWithClient, for tests)."""
    if isinstance(base, str):
        base = urllib.parse.urlsplit(base)
    c = RESTClient(base, versioned_api_path, content, None, client)
    c._create_backoff_mgr = None  # type: ignore[assignment]  # Go's nil createBackoffMgr: no back-off
    return Request(c)
