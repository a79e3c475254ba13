"""client-go rest/fake: a RESTClient whose HTTP answers come from the test (no server).

``create_http_client(fn)`` is a ``requests.Session`` that hands every prepared request to
``fn(request) -> requests.Response`` (Go's http.Client with a RoundTripperFunc); ``new_response`` builds such
an answer. ``RESTClient`` answers with ``resp`` (or raises ``err``, or delegates to ``client``) and records the
last request in ``req``.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Optional

import requests
import requests.adapters
import urllib3

from kubernetes_py.rest.client import ClientContentConfig, new_request_with_client
from kubernetes_py.rest.request import Request

__all__ = ["RESTClient", "create_http_client", "new_response"]


class _FuncAdapter(requests.adapters.BaseAdapter):
    def __init__(self, fn: Callable[[requests.PreparedRequest], requests.Response]):
        super().__init__()
        self._fn = fn

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        resp = self._fn(request)
        if resp.request is None:
            resp.request = request
        if resp.url is None:
            resp.url = request.url
        return resp

    def close(self) -> None:
        return None


def create_http_client(round_tripper: Callable[[requests.PreparedRequest], requests.Response]) -> requests.Session:
    """A Session whose every request is answered by ``round_tripper``."""
    s = requests.Session()
    s.trust_env = False
    adapter = _FuncAdapter(round_tripper)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def new_response(status_code: int, body: bytes = b"", headers: Optional[dict[str, Any]] = None) -> requests.Response:
    """A streaming requests.Response with this status, body and headers (a list value repeats the header)."""
    raw_headers = urllib3.HTTPHeaderDict()
    for k, v in (headers or {}).items():
        for item in v if isinstance(v, (list, tuple)) else [v]:
            raw_headers.add(k, str(item))
    raw = urllib3.HTTPResponse(
        body=io.BytesIO(body), headers=raw_headers, status=status_code, preload_content=False, decode_content=False
    )
    resp = requests.Response()
    resp.status_code = status_code
    resp.headers = requests.structures.CaseInsensitiveDict(raw_headers)
    resp.raw = raw
    resp.encoding = requests.utils.get_encoding_from_headers(resp.headers)
    return resp


class RESTClient:
    """A rest.Interface for tests: builds real Requests, answered by ``resp``/``err``/``client``."""

    def __init__(
        self,
        negotiated_serializer: Any = None,
        group_version: Any = None,
        versioned_api_path: str = "",
        err: Optional[BaseException] = None,
        client: Optional[requests.Session] = None,
        resp: Optional[requests.Response] = None,
    ):
        from kubernetes_py.apimachinery.runtime import schema

        self.negotiated_serializer = negotiated_serializer
        self.group_version = group_version if group_version is not None else schema.GroupVersion()
        self.versioned_api_path = versioned_api_path
        self.err = err
        self.client = client
        self.resp = resp
        self.req: Optional[requests.PreparedRequest] = None

    def get(self) -> Request:
        return self.verb("GET")

    def put(self) -> Request:
        return self.verb("PUT")

    def patch(self, pt: str) -> Request:
        return self.verb("PATCH").set_header("Content-Type", str(pt))

    def post(self) -> Request:
        return self.verb("POST")

    def delete(self) -> Request:
        return self.verb("DELETE")

    def verb(self, verb: str) -> Request:
        return self.request().verb(verb)

    def api_version(self) -> Any:
        return self.group_version

    def get_rate_limiter(self) -> Any:
        return None

    def request(self) -> Request:
        negotiator = None
        if self.negotiated_serializer is not None:
            from kubernetes_py.apimachinery import runtime

            negotiator = runtime.new_client_negotiator(self.negotiated_serializer, self.group_version)
        config = ClientContentConfig(
            content_type="application/json", group_version=self.group_version, negotiator=negotiator
        )
        return new_request_with_client(
            "https://localhost", self.versioned_api_path, config, create_http_client(self._do)
        )

    def _do(self, req: requests.PreparedRequest) -> requests.Response:
        if self.err is not None:
            raise self.err
        self.req = req
        if self.client is not None:
            return self.client.send(req, stream=True)
        if self.resp is None:
            raise ValueError("fake.RESTClient has neither resp, err nor client set")
        return self.resp
