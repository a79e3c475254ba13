"""The private parts of other libraries that kubernetes_py._internals uses are still there, behaving as used.

A failure here means a new release of that library changed them: the message says which and what to look at."""

import io
import socket
import threading
from importlib.metadata import version

import pytest
import requests as requests_lib
import urllib3

from kubernetes_py._internals import requests as requests_internals
from kubernetes_py._internals import urllib3 as urllib3_internals


def _changed(library: str, what: str) -> str:
    return (
        f"{library} {version(library)} changed {what}, which kubernetes_py/_internals/ relies on: adapt the "
        "module there (or bound the library's version in pyproject.toml)"
    )


def test_upb_message_base_and_metaclass():
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    try:
        from kubernetes_py._internals import upb
    except ImportError as err:
        pytest.fail(_changed("protobuf", f"its upb runtime (google._upb._message): {err}"))
    pool = descriptor_pool.DescriptorPool()
    f = descriptor_pb2.FileDescriptorProto(name="internals_probe.proto", package="probe", syntax="proto2")
    f.message_type.add(name="M").field.add(name="x", number=1, type=9, label=1)
    pool.Add(f)
    cls = message_factory.GetMessageClass(pool.FindMessageTypeByName("probe.M"))
    if not (isinstance(cls, upb.MessageMeta) and issubclass(cls, upb.Message)):
        pytest.fail(_changed("protobuf", "the classes of generated messages (no longer upb Message / MessageMeta)"))
    m = cls()
    upb.Message.__setattr__(m, "x", "")
    if not m.HasField("x") or not upb.Message.__eq__(m, cls(x="")):
        pytest.fail(_changed("protobuf", "upb Message's __setattr__ / __eq__ slots"))


def test_urllib3_header_dict_container():
    headers = urllib3.HTTPHeaderDict()
    headers.add("Set-Cookie", "a")
    headers.add("set-cookie", "b")
    try:
        container = urllib3_internals.header_container(headers)
    except AttributeError:
        pytest.fail(_changed("urllib3", "HTTPHeaderDict's _container"))
    if container != {"set-cookie": ["Set-Cookie", "a", "b"]}:
        pytest.fail(_changed("urllib3", f"the layout of HTTPHeaderDict's _container ({container!r})"))
    container["x-filled"] = ["X-Filled", "1"]
    if headers.getlist("x-filled") != ["1"] or list(headers.items())[-1] != ("X-Filled", "1"):
        pytest.fail(_changed("urllib3", "how HTTPHeaderDict reads its _container"))


@pytest.fixture
def http_server():
    """A loopback server answering one request with a streamed body it never ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
            done.wait(10)

    thread = threading.Thread(target=serve, name="internals probe server", daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    done.set()
    thread.join(10)
    listener.close()


def test_urllib3_response_socket(http_server):
    with urllib3.PoolManager() as pool:
        resp = pool.request("GET", f"http://127.0.0.1:{http_server}/", preload_content=False, retries=False)
        sock = urllib3_internals.response_socket(resp)
        if not isinstance(sock, socket.socket):
            pytest.fail(
                _changed("urllib3", "where an HTTPResponse keeps its socket (connection.sock, _fp.fp.raw._sock)")
            )
        assert sock.getpeername()[1] == http_server
        conn = resp.connection
        resp._connection = None  # as after a release: the socket is found through http.client's response
        if urllib3_internals.response_socket(resp) is not sock:
            pytest.fail(_changed("urllib3", "HTTPResponse's _fp (http.client's response and its socket file)"))
        resp._connection = conn
        sock.shutdown(socket.SHUT_RDWR)
        resp.release_conn()
    assert urllib3_internals.response_socket(io.BytesIO()) is None


def test_requests_content_consumed(http_server):
    with requests_lib.Session() as session:
        resp = session.get(f"http://127.0.0.1:{http_server}/", stream=True, timeout=10)
        try:
            if requests_internals.content_consumed(resp) is not False or not hasattr(resp, "_content_consumed"):
                pytest.fail(_changed("requests", "Response._content_consumed of a streamed body"))
        finally:
            urllib3_internals.response_socket(resp.raw).shutdown(socket.SHUT_RDWR)
            resp.close()
    built = requests_lib.Response()
    built.raw = io.BytesIO(b"never read")
    requests_internals.set_content(built, b"body")
    if built.content != b"body" or not requests_internals.content_consumed(built):
        pytest.fail(_changed("requests", "Response._content / _content_consumed"))
    assert requests_internals.content_consumed(object()) is True


def test_requests_response_attributes():
    # transport.http_transport.Response skips requests.Response.__init__ (the cookie jar it makes on every
    # response) and sets the other attributes itself, or the adapter does: a new one would be missing.
    from kubernetes_py.transport.http_transport import Response

    known = {
        "_content",
        "_content_consumed",
        "_next",
        "cookies",
        "elapsed",
        "encoding",
        "headers",
        "history",
        "raw",
        "reason",
        "request",
        "status_code",
        "url",
    }
    if set(vars(requests_lib.Response())) != known:
        pytest.fail(
            _changed(
                "requests",
                f"the attributes Response.__init__ sets ({sorted(set(vars(requests_lib.Response())) ^ known)})",
            )
        )
    assert set(vars(Response())) <= known
