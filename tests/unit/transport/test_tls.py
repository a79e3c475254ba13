"""TLS through transport.new / rest.http_client_for against an HTTPS pytest-httpserver."""

from __future__ import annotations

import os
import shutil
import ssl

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Response

from kubernetes_py import rest, transport
from kubernetes_py.transport import tls as tls_mod

from ._pki import client_cn


def _whoami(server):
    server.expect_request("/whoami").respond_with_handler(lambda req: Response(client_cn(req.environ)))


def _client(**kw):
    return rest.http_client_for(rest.Config(**kw))


def test_ca_file_verifies_server(https_server, pki):
    _whoami(https_server)
    r = _client(host=https_server.url_for("/"), ca_file=pki.path("ca.crt")).get(https_server.url_for("/whoami"))
    assert (r.status_code, r.text) == (200, "")


def test_ca_data_verifies_server(https_server, pki):
    _whoami(https_server)
    r = _client(ca_data=pki.read("ca.crt")).get(https_server.url_for("/whoami"))
    assert r.status_code == 200


def test_untrusted_server_is_rejected(https_server, pki):
    _whoami(https_server)
    with pytest.raises(requests.exceptions.SSLError, match="CERTIFICATE_VERIFY_FAILED"):
        _client(ca_data=pki.read("otherca.crt")).get(https_server.url_for("/whoami"))
    # No CA configured: the system roots do not know the test CA either.
    with pytest.raises(requests.exceptions.SSLError, match="CERTIFICATE_VERIFY_FAILED"):
        _client().get(https_server.url_for("/whoami"))


def test_insecure_skips_verification(https_server):
    _whoami(https_server)
    r = _client(insecure=True).get(https_server.url_for("/whoami"))
    assert r.status_code == 200


def test_server_name_overrides_verification_name(https_server, pki):
    _whoami(https_server)
    url = https_server.url_for("/whoami")
    assert _client(ca_file=pki.path("ca.crt"), server_name="kube.example").get(url).status_code == 200
    with pytest.raises(requests.exceptions.SSLError, match="nope.example|hostname|match"):
        _client(ca_file=pki.path("ca.crt"), server_name="nope.example").get(url)


def test_client_certificate_from_files_and_from_data(https_server, pki):
    _whoami(https_server)
    url = https_server.url_for("/whoami")
    from_files = _client(ca_file=pki.path("ca.crt"), cert_file=pki.path("alice.crt"), key_file=pki.path("alice.key"))
    assert from_files.get(url).text == "alice"
    from_data = _client(ca_file=pki.path("ca.crt"), cert_data=pki.read("bob.crt"), key_data=pki.read("bob.key"))
    assert from_data.get(url).text == "bob"


def test_client_certificate_rotation_on_disk(https_server, pki, tmp_path, monkeypatch):
    """client-go reloads cert/key files (reload_tls_files): the next connection presents the new pair."""
    monkeypatch.setattr(tls_mod, "CERT_FILE_CACHE_SECONDS", 0.0)
    _whoami(https_server)
    url = https_server.url_for("/whoami")
    cert, key = tmp_path / "client.crt", tmp_path / "client.key"
    shutil.copy(pki.path("alice.crt"), cert)
    shutil.copy(pki.path("alice.key"), key)
    c = _client(ca_file=pki.path("ca.crt"), cert_file=str(cert), key_file=str(key))
    assert c.get(url).text == "alice"
    assert c.get(url).text == "alice"
    shutil.copy(pki.path("bob.crt"), cert)
    shutil.copy(pki.path("bob.key"), key)
    assert c.get(url).text == "bob"
    key.write_text("not a key")  # a broken rotation fails the request with a clear error, not an "invalid URL"
    with pytest.raises(transport.ClientCertificateError, match="^tls: failed to find any PEM data in key input$"):
        c.get(url)


def test_ca_rotation_on_disk(pki, tmp_path, monkeypatch):
    """With a CA file (and no CA data), a changed file replaces the trusted roots on the next check."""
    monkeypatch.setattr(tls_mod, "CA_REFRESH_SECONDS", 0.0)
    ca = tmp_path / "ca.crt"
    shutil.copy(pki.path("otherca.crt"), ca)
    other = HTTPServer(host="127.0.0.1", port=0, ssl_context=pki.server_context(cert="otherserver"))
    other.start()
    try:
        other.expect_request("/x").respond_with_data("ok")
        c = _client(ca_file=str(ca))
        assert c.get(other.url_for("/x")).text == "ok"
        shutil.copy(pki.path("ca.crt"), ca)  # now only the first CA is trusted
        with pytest.raises(requests.exceptions.SSLError):
            c.get(other.url_for("/x"))
    finally:
        other.stop()


def test_mutual_tls_required_by_server(pki):
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=pki.server_context(require_client_cert=True))
    server.start()
    try:
        _whoami(server)
        url = server.url_for("/whoami")
        with pytest.raises(requests.exceptions.RequestException):
            _client(ca_file=pki.path("ca.crt")).get(url)
        with pytest.raises(requests.exceptions.RequestException):
            _client(
                ca_file=pki.path("ca.crt"), cert_data=pki.read("mallory.crt"), key_data=pki.read("mallory.key")
            ).get(url)
        ok = _client(ca_file=pki.path("ca.crt"), cert_data=pki.read("alice.crt"), key_data=pki.read("alice.key"))
        assert ok.get(url).text == "alice"
    finally:
        server.stop()


def test_cert_callback_holder(https_server, pki):
    _whoami(https_server)
    current = {"name": "alice"}

    def get_cert():
        n = current["name"]
        return transport.Certificate(pki.read(f"{n}.crt"), pki.read(f"{n}.key"))

    cfg = transport.Config(
        tls=transport.TLSConfig(ca_file=pki.path("ca.crt"), get_cert_holder=transport.GetCertHolder(get_cert))
    )
    s = rest.HTTPClient(transport.new(cfg))
    url = https_server.url_for("/whoami")
    assert s.get(url).text == "alice"
    current["name"] = "bob"
    assert s.get(url).text == "bob"


def test_tls_configuration_errors(pki):
    with pytest.raises(ValueError, match="^specifying a root certificates file with the insecure flag is not allowed$"):
        rest.transport_for(rest.Config(insecure=True, ca_file=pki.path("ca.crt")))
    with pytest.raises(ValueError, match="^unable to load root certificates: unable to parse bytes as PEM block$"):
        rest.transport_for(rest.Config(ca_data=b"not a certificate"))
    with pytest.raises(ValueError, match="^unable to load root certificates: unable to parse bytes as PEM block$"):
        rest.transport_for(rest.Config(ca_data=pki.read("ca.crt").rstrip() + b"this is not valid"))
    assert rest.transport_for(rest.Config(ca_data=pki.read("ca.crt") + b"trailing text is ignored"))
    bad = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    with pytest.raises(ValueError, match="^unable to load root certificates: failed to parse certificate"):
        rest.transport_for(rest.Config(ca_data=bad))
    key_only = pki.read("alice.key")
    with pytest.raises(
        ValueError, match="^unable to load root certificates: no valid certificate authority data seen$"
    ):
        rest.transport_for(rest.Config(ca_data=key_only))
    with pytest.raises(
        ValueError,
        match="^tls: failed to find certificate PEM data in certificate input, but did "
        "find a private key; PEM inputs may have been switched$",
    ):
        rest.transport_for(rest.Config(cert_data=key_only, key_data=key_only))
    with pytest.raises(ValueError, match="^tls: found a certificate rather than a key in the PEM for the private key$"):
        rest.transport_for(rest.Config(cert_data=pki.read("alice.crt"), key_data=pki.read("alice.crt")))
    with pytest.raises(ValueError, match="^tls: failed to find any PEM data in key input$"):
        rest.transport_for(rest.Config(cert_data=pki.read("alice.crt"), key_data=b"garbage"))
    with pytest.raises(ValueError, match="^tls: failed to load client certificate and key") as e:
        rest.transport_for(rest.Config(cert_data=pki.read("alice.crt"), key_data=pki.read("bob.key")))
    assert "PRIVATE" not in str(e.value) and pki.read("bob.key").decode()[40:80] not in str(e.value)
    with pytest.raises(FileNotFoundError):
        rest.transport_for(rest.Config(ca_file="/nonexistent/ca.crt"))
    with pytest.raises(
        ValueError, match="^using a custom transport with TLS certificate options or the insecure flag is not allowed$"
    ):
        rest.transport_for(rest.Config(insecure=True, transport=requests.adapters.HTTPAdapter()))


def test_tls_config_for(pki):
    assert rest.tls_config_for(rest.Config(host="https://x")) is None
    ctx = rest.tls_config_for(rest.Config(ca_file=pki.path("ca.crt")))
    assert isinstance(ctx, ssl.SSLContext)
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.minimum_version == ssl.TLSVersion.TLSv1_2
    assert [c["subject"] for c in ctx.get_ca_certs()] == [((("commonName", "ca"),),)]
    insecure = rest.tls_config_for(rest.Config(insecure=True))
    assert insecure.verify_mode == ssl.CERT_NONE


def test_key_loading_leaves_no_file(pki, tmp_path, monkeypatch):
    """Inline keys are loaded through memfd (Linux) or a private directory that is removed at once."""
    from kubernetes_py.transport import _keyload

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _keyload._load_via_private_dir(ctx, pki.read("alice.crt"), pki.read("alice.key"))
    assert os.listdir(tmp_path) == []
    ctx2 = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _keyload.load_cert_chain_from_memory(ctx2, pki.read("alice.crt"), pki.read("alice.key"))
    assert os.listdir(tmp_path) == []


def test_equal_configs_share_the_base_transport(pki):
    a = rest.transport_for(rest.Config(ca_file=pki.path("ca.crt"), bearer_token="one"))
    b = rest.transport_for(rest.Config(ca_file=pki.path("ca.crt"), bearer_token="two"))
    c = rest.transport_for(rest.Config(ca_file=pki.path("ca.crt"), server_name="kube.example"))

    def base(rt):
        while not isinstance(rt, transport.HTTPTransport):
            rt = rt.delegate
        return rt

    assert base(a) is base(b)
    assert base(a) is not base(c)
    assert base(a)._pool_maxsize == transport.POOL_MAXSIZE == 25  # client-go: MaxIdleConnsPerHost 25


def test_custom_dial(https_server, pki):
    """rest.Config.dial(ctx, network, address) supplies the sockets; TLS still verifies the named host."""
    import socket

    https_server.expect_request("/api").respond_with_data("dialed")
    dialed = []

    def dial(ctx, network, address):
        dialed.append((network, address, ctx.deadline()[1]))
        return socket.create_connection(("127.0.0.1", https_server.port))

    client = rest.http_client_for(rest.Config(ca_file=pki.path("ca.crt"), dial=dial))
    assert client.get("https://kube.example:6443/api", timeout=5).text == "dialed"
    assert client.get("https://kube.example:6443/api").text == "dialed"  # (the test server closes connections)
    # The connect timeout reaches dial as the context's deadline.
    assert dialed == [("tcp", "kube.example:6443", True), ("tcp", "kube.example:6443", False)]
    with pytest.raises(ValueError, match="^misconfigured holder for dialer or cert callback$"):
        transport.new(transport.Config(dial_holder=transport.DialHolder(None)))
