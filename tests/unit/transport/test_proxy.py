"""Proxy selection: Go's ProxyFromEnvironment rules and proxy-url."""

from __future__ import annotations

import pytest

from kubernetes_py import rest
from kubernetes_py.transport.proxy import proxy_from_environment, redact_proxy_url

_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "REQUEST_METHOD")


@pytest.fixture
def env(monkeypatch):
    for v in _VARS:
        monkeypatch.delenv(v, raising=False)
    return monkeypatch


def test_environment_rules(env):
    env.setenv("HTTPS_PROXY", "secure.proxy:3128")
    env.setenv("https_proxy", "http://lower.proxy:1")
    env.setenv("http_proxy", "http://plain.proxy:8080")
    env.setenv("NO_PROXY", ".internal,10.0.0.0/8,exact.example:6443,*.wild.example")
    assert proxy_from_environment("https://api.example:6443/x") == "http://secure.proxy:3128"
    assert proxy_from_environment("http://api.example/x") == "http://plain.proxy:8080"
    assert proxy_from_environment("https://localhost:6443") is None
    assert proxy_from_environment("https://127.0.0.1:6443") is None
    assert proxy_from_environment("https://[::1]:6443") is None
    assert proxy_from_environment("https://a.internal") is None
    assert proxy_from_environment("https://10.1.2.3") is None
    assert proxy_from_environment("https://11.1.2.3") == "http://secure.proxy:3128"
    assert proxy_from_environment("https://exact.example:6443") is None
    assert proxy_from_environment("https://exact.example:443") == "http://secure.proxy:3128"
    assert proxy_from_environment("https://sub.exact.example:6443") is None
    assert proxy_from_environment("https://x.wild.example") is None
    env.setenv("REQUEST_METHOD", "GET")
    assert proxy_from_environment("http://api.example/x") is None
    env.setenv("NO_PROXY", "*")
    assert proxy_from_environment("https://api.example") is None


def test_proxy_url_is_used_for_every_request(httpserver):
    """proxy-url sends even a localhost request through the proxy (absolute-form request line)."""
    httpserver.expect_request("/api").respond_with_data("via proxy")
    target = "http://kube.invalid:6443/api"
    client = rest.http_client_for(rest.Config(host="http://kube.invalid:6443", proxy=httpserver.url_for("/")))
    r = client.get(target)
    assert r.text == "via proxy"
    req, _ = httpserver.log[0]
    assert req.headers["Host"] == "kube.invalid:6443"


def test_environment_proxy_is_used(env, httpserver):
    httpserver.expect_request("/api").respond_with_data("via env proxy")
    env.setenv("HTTP_PROXY", f"127.0.0.1:{httpserver.port}")
    r = rest.http_client_for(rest.Config()).get("http://kube.invalid:6443/api")
    assert r.text == "via env proxy"


def test_callable_proxy(httpserver):
    httpserver.expect_request("/api").respond_with_data("chosen")
    seen = []

    def choose(req):
        seen.append(req.url)
        return httpserver.url_for("/")

    r = rest.http_client_for(rest.Config(proxy=choose)).get("http://kube.invalid/api")
    assert r.text == "chosen" and seen == ["http://kube.invalid/api"]


def test_socks_needs_pysocks_and_says_so():
    try:
        import socks  # noqa: F401

        pytest.skip("PySocks is installed here")
    except ImportError:
        pass
    with pytest.raises(ValueError, match=r"^proxy 'socks5://<redacted>@p:1080' uses SOCKS, which needs the PySocks"):
        rest.transport_for(rest.Config(proxy="socks5://user:pw@p:1080"))


def test_bad_proxy_urls():
    with pytest.raises(ValueError, match="unsupported scheme 'ftp'"):
        rest.transport_for(rest.Config(proxy="ftp://p:21"))
    assert redact_proxy_url("http://u:secret@p:3128") == "http://<redacted>@p:3128"
    assert redact_proxy_url("http://p:3128") == "http://p:3128"


def test_https_through_a_connect_proxy(https_server, pki):
    """TLS to the API server inside an HTTP CONNECT tunnel: CA and server name still apply end to end."""
    import socket
    import threading

    https_server.expect_request("/api").respond_with_data("tunnelled")
    seen = []
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)

    def pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def serve():
        while True:
            try:
                conn, _ = lsock.accept()
            except OSError:
                return
            head = b""
            while b"\r\n\r\n" not in head:
                head += conn.recv(4096)
            line = head.split(b"\r\n")[0].decode()
            seen.append(line)
            upstream = socket.create_connection(("127.0.0.1", https_server.port))
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            threading.Thread(target=pipe, args=(conn, upstream), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, conn), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        proxy = f"http://127.0.0.1:{lsock.getsockname()[1]}"
        client = rest.http_client_for(rest.Config(ca_file=pki.path("ca.crt"), server_name="kube.example", proxy=proxy))
        url = f"https://kube.example:{https_server.port}/api"
        assert client.get(url).text == "tunnelled"
        assert [line.rsplit(" ", 1)[0] for line in seen] == [f"CONNECT kube.example:{https_server.port}"]
    finally:
        lsock.close()
