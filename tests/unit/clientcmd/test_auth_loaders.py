"""clientcmd auth_loaders.go and the interactive client configs (NewInteractiveClientConfig,
NewInteractiveDeferredLoadingClientConfig): client-go has no test of its own for them."""

import io
import json
import os
import stat
import sys

import pytest

from kubernetes_py.tools import auth as clientauth
from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api


class _Terminal:
    """A pseudo-terminal standing in for stdin: what is typed goes into the master side."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        self.stdin = os.fdopen(self.slave, "r", closefd=False)

    def type(self, text):
        os.write(self.master, text.encode())

    def close(self):
        self.stdin.close()
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def terminal(monkeypatch):
    term = _Terminal()
    monkeypatch.setattr(sys, "stdin", term.stdin)
    yield term
    term.close()


def test_prompt_reads_user_from_reader_and_password_from_terminal(terminal, capsys):
    terminal.type("s3cret\n")
    info = clientcmd.new_prompting_auth_loader(io.StringIO("\n  alice  bob\n")).prompt()
    assert info == clientauth.Info(user="alice", password="s3cret")
    assert capsys.readouterr().out == "Please enter Username: Please enter Password: "


def test_prompt_errors(monkeypatch):
    with pytest.raises(EOFError, match="^EOF$"):
        clientcmd.new_prompting_auth_loader(io.StringIO(" \n")).prompt()
    monkeypatch.setattr(sys, "stdin", io.StringIO("not a terminal\n"))
    with pytest.raises(ValueError, match="^error reading input for Password$"):
        clientcmd.new_prompting_auth_loader(io.BytesIO(b"alice\n")).prompt()


def test_prompting_loader_writes_missing_file_and_reads_existing(tmp_path, terminal):
    path = tmp_path / "auth"
    terminal.type("pw\n")
    info = clientcmd.new_prompting_auth_loader(io.StringIO("alice\n")).load_auth(str(path))
    assert info == clientauth.Info(user="alice", password="pw")
    assert json.loads(path.read_bytes()) == {
        "User": "alice",
        "Password": "pw",
        "CAFile": "",
        "CertFile": "",
        "KeyFile": "",
        "BearerToken": "",
        "Insecure": None,
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # the file exists now: nothing is asked (the reader is empty)
    assert clientcmd.new_prompting_auth_loader(io.StringIO("")).load_auth(str(path)) == info
    assert clientcmd.new_default_auth_loader().load_auth(str(path)) == info
    with pytest.raises(FileNotFoundError):
        clientcmd.new_default_auth_loader().load_auth(str(tmp_path / "missing"))


def _config(auth_info):
    config = api.new_config()
    config.clusters["c"] = api.Cluster(server="https://h:6443")
    config.auth_infos["u"] = auth_info
    config.contexts["x"] = api.Context(cluster="c", auth_info="u")
    config.current_context = "x"
    return config


def test_interactive_config_prompts_once_and_keeps_the_answer(terminal):
    terminal.type("pw\n")
    reader = io.StringIO("bob\n")
    cc = clientcmd.new_interactive_client_config(_config(api.AuthInfo()), "x", clientcmd.ConfigOverrides(), reader)
    cfg = cc.client_config()
    assert (cfg.host, cfg.username, cfg.password) == ("https://h:6443", "bob", "pw")
    cfg = cc.client_config()  # neither the reader nor the terminal has anything left
    assert (cfg.username, cfg.password) == ("bob", "pw")


def test_interactive_config_keeps_the_kubeconfig_password_over_the_typed_one(terminal):
    terminal.type("typed\n")
    cc = clientcmd.new_interactive_client_config(
        _config(api.AuthInfo(password="from-file")), "x", clientcmd.ConfigOverrides(), io.StringIO("bob\n")
    )
    cfg = cc.client_config()
    assert (cfg.username, cfg.password) == ("bob", "from-file")


@pytest.mark.parametrize(
    "auth_info",
    [
        api.AuthInfo(token="t"),
        api.AuthInfo(username="u"),
        api.AuthInfo(client_certificate_data=b"c", client_key_data=b"k"),
        api.AuthInfo(auth_provider=api.AuthProviderConfig(name="p")),
    ],
)
def test_interactive_config_does_not_prompt_when_the_user_is_known(auth_info, capsys):
    cc = clientcmd.new_interactive_client_config(_config(auth_info), "x", clientcmd.ConfigOverrides(), io.StringIO())
    cc.client_config()
    assert capsys.readouterr().out == ""


def test_interactive_deferred_loading_config(tmp_path, terminal):
    path = tmp_path / "config"
    clientcmd.write_to_file(_config(api.AuthInfo()), str(path))
    terminal.type("pw\n")
    cc = clientcmd.new_interactive_deferred_loading_client_config(
        clientcmd.ClientConfigLoadingRules(explicit_path=str(path)), clientcmd.ConfigOverrides(), io.StringIO("ann\n")
    )
    cfg = cc.client_config()
    assert (cfg.username, cfg.password) == ("ann", "pw")
    plain = clientcmd.new_non_interactive_deferred_loading_client_config(
        clientcmd.ClientConfigLoadingRules(explicit_path=str(path)), clientcmd.ConfigOverrides()
    )
    assert plain.client_config().username == ""
