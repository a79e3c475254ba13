"""Fixtures for transport tests: a test PKI and an HTTPS pytest-httpserver."""
from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from ._pki import make_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def https_server(pki):
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=pki.server_context())
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()
