"""Fixtures for credential-plugin tests: scripted exec plugins, the test PKI, an HTTPS server."""

from __future__ import annotations

import json
import pathlib
import stat
import sys

import pytest
from pytest_httpserver import HTTPServer

from transport._pki import make_pki

PLUGIN_SOURCE = """#!{python}
import json, os, pathlib, sys
d = pathlib.Path({dir!r})
n = len(list(d.glob("call-*.json")))
(d / f"call-{{n}}.json").write_text(json.dumps({{
    "argv": sys.argv[1:],
    "exec_info": os.environ.get("KUBERNETES_EXEC_INFO"),
    "env": {{k: v for k, v in os.environ.items() if k.startswith("PLUGIN_")}},
    "stdin_is_devnull": os.path.realpath("/proc/self/fd/0") == "/dev/null",
}}))
outputs = sorted(d.glob("out-*.txt"))
chosen = d / f"out-{{n}}.txt"
if not chosen.exists():
    chosen = d / "out.txt"
sys.stdout.write(chosen.read_text())
sys.exit(int((d / "code.txt").read_text()) if (d / "code.txt").exists() else 0)
"""


class Plugin:
    """An exec plugin script: answers with out-<n>.txt (or out.txt) and records each run."""

    def __init__(self, d: pathlib.Path):
        self.dir = d
        d.mkdir(parents=True, exist_ok=True)
        self.path = d / "plugin"
        self.path.write_text(PLUGIN_SOURCE.format(python=sys.executable, dir=str(d)))
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)

    def respond(self, obj, call: int | None = None) -> None:
        text = obj if isinstance(obj, str) else json.dumps(obj)
        (self.dir / ("out.txt" if call is None else f"out-{call}.txt")).write_text(text)

    def exit_code(self, code: int) -> None:
        (self.dir / "code.txt").write_text(str(code))

    def calls(self) -> list[dict]:
        return [
            json.loads((self.dir / f"call-{i}.json").read_text())
            for i in range(len(list(self.dir.glob("call-*.json"))))
        ]


@pytest.fixture
def plugin(tmp_path):
    return Plugin(tmp_path / "plugin")


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def _https_server_for_module(pki):
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=pki.server_context())
    server.start()
    yield server
    if server.is_running():
        server.stop()


@pytest.fixture
def https_server(_https_server_for_module):
    """An HTTPS pytest-httpserver (certificate for localhost/127.0.0.1/kube.example), emptied after each test."""
    yield _https_server_for_module
    _https_server_for_module.clear()
