"""ModifyConfig, PathOptions and the auth-provider persister (client-go config.go, config_test.go).

Go tests here: TestModifyConfigWritesToFirstKubeconfigFile, and client_config_test.go's TestModifyContext
(test_modify_context_through_path_options).
"""

import os

import pytest

from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api

from tests.unit.clientcmd.test_client_config import valid_config

FILE_A = """
kind: Config
apiVersion: v1
clusters:
- cluster:
    server: https://kubernetes.default.svc:443
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
  name: kubeconfig-cluster
contexts:
- context:
    cluster: kubeconfig-cluster
    namespace: default
    user: kubeconfig-user
  name: context-a
current-context: context-a
users:
- name: kubeconfig-user
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
"""
FILE_B = """
kind: Config
apiVersion: v1
contexts:
- context:
    cluster: kubeconfig-cluster
    namespace: a-different-namespace
    user: kubeconfig-user
  name: context-b
current-context: context-b
"""


def test_modify_config_writes_current_context_to_first_kubeconfig_file(tmp_path, monkeypatch):
    a, b = tmp_path / "kubeconfig-a", tmp_path / "kubeconfig-b"
    a.write_text(FILE_A)
    b.write_text(FILE_B)
    monkeypatch.setenv("KUBECONFIG", f"{b}{os.pathsep}{a}")
    rules = clientcmd.new_default_client_config_loading_rules()
    new_config = api.deep_copy(rules.load())
    new_config.current_context = "new-context"
    clientcmd.modify_config(rules, new_config, False)
    assert clientcmd.load_from_file(str(a)).current_context == "context-a"
    assert clientcmd.load_from_file(str(b)).current_context == "new-context"
    assert not (tmp_path / "kubeconfig-a.lock").exists() and not (tmp_path / "kubeconfig-b.lock").exists()


def test_modify_context_through_path_options(tmp_path, monkeypatch):
    monkeypatch.delenv("KUBECONFIG", raising=False)
    options = clientcmd.new_default_path_options()
    options.global_file = str(tmp_path / "global")
    config = valid_config()
    config.contexts["updated"] = api.Context(cluster="updated", auth_info="updated")
    config.current_context = "updated"
    clientcmd.modify_config(options, config, True)
    starting = options.get_starting_config()
    assert starting.current_context == "updated"
    assert set(starting.contexts) == {"updated", "clean"}
    assert set(starting.clusters) == {"clean"} and set(starting.auth_infos) == {"clean"}


def test_modify_config_sends_each_entry_to_its_file_and_deletes(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    clientcmd.write_to_file(
        api.Config(
            clusters={"ca": api.Cluster(server="https://a")},
            auth_infos={"ua": api.AuthInfo(token="a")},
            current_context="x",
        ),
        str(a),
    )
    clientcmd.write_to_file(
        api.Config(clusters={"cb": api.Cluster(server="https://b")}, contexts={"xb": api.Context(cluster="cb")}), str(b)
    )
    monkeypatch.setenv("KUBECONFIG", f"{a}{os.pathsep}{b}")
    rules = clientcmd.new_default_client_config_loading_rules()
    new = api.deep_copy(rules.load())
    new.clusters["cb"].server = "https://b-changed"
    new.clusters["fresh"] = api.Cluster(server="https://fresh")  # no origin: goes to the default file (a)
    del new.auth_infos["ua"]
    clientcmd.modify_config(rules, new, False)
    in_a, in_b = clientcmd.load_from_file(str(a)), clientcmd.load_from_file(str(b))
    assert set(in_a.clusters) == {"ca", "fresh"} and in_a.auth_infos == {}
    assert in_b.clusters["cb"].server == "https://b-changed"
    assert in_b.contexts["xb"].cluster == "cb"


def test_modify_config_relativizes_paths(tmp_path):
    path = tmp_path / "config"
    options = clientcmd.new_default_path_options()
    options.loading_rules.explicit_path = str(path)
    config = api.new_config()
    config.clusters["c"] = api.Cluster(
        server="https://c", certificate_authority=str(tmp_path / "certs" / "ca.crt"), location_of_origin=str(path)
    )
    clientcmd.modify_config(options, config, True)
    assert "certificate-authority: certs/ca.crt" in path.read_text()


def test_modify_config_fails_while_locked(tmp_path):
    path = tmp_path / "config"
    (tmp_path / "config.lock").write_text("")
    options = clientcmd.new_default_path_options()
    options.loading_rules.explicit_path = str(path)
    with pytest.raises(FileExistsError):
        clientcmd.modify_config(options, valid_config(), False)
    assert (tmp_path / "config.lock").exists()  # someone else's lock is left alone


def test_use_modify_config_lock_false_skips_the_locks(tmp_path, monkeypatch):
    path = tmp_path / "config"
    (tmp_path / "config.lock").write_text("")
    options = clientcmd.new_default_path_options()
    options.loading_rules.explicit_path = str(path)
    monkeypatch.setattr(clientcmd, "UseModifyConfigLock", False)
    clientcmd.modify_config(options, valid_config(), False)
    assert clientcmd.load_from_file(str(path)).current_context == "clean"


def test_unsetting_current_context_clears_first_file_that_sets_it(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    clientcmd.write_to_file(api.Config(clusters={"c": api.Cluster(server="https://a")}), str(a))
    clientcmd.write_to_file(api.Config(current_context="from-b"), str(b))
    monkeypatch.setenv("KUBECONFIG", f"{a}{os.pathsep}{b}")
    rules = clientcmd.new_default_client_config_loading_rules()
    new = api.deep_copy(rules.load())
    new.current_context = ""
    clientcmd.modify_config(rules, new, False)
    assert clientcmd.load_from_file(str(b)).current_context == ""


def test_preferences_are_written(tmp_path):
    path = tmp_path / "config"
    clientcmd.write_to_file(valid_config(), str(path))
    options = clientcmd.new_default_path_options()
    options.loading_rules.explicit_path = str(path)
    new = options.get_starting_config()
    new.preferences.colors = True
    clientcmd.modify_config(options, new, False)
    assert clientcmd.load_from_file(str(path)).preferences.colors is True


def test_auth_provider_persister_writes_refreshed_tokens(tmp_path, monkeypatch):
    path = tmp_path / "config"
    path.write_text("""
clusters:
- name: c
  cluster: {server: "https://c.example", insecure-skip-tls-verify: true}
users:
- name: oidc-user
  user:
    auth-provider:
      name: oidc
      config: {id-token: old, refresh-token: r1}
contexts:
- name: c
  context: {cluster: c, user: oidc-user}
current-context: c
""")
    monkeypatch.setenv("KUBECONFIG", str(path))
    rules = clientcmd.new_default_client_config_loading_rules()
    cfg = clientcmd.new_non_interactive_deferred_loading_client_config(
        rules, clientcmd.ConfigOverrides()
    ).client_config()
    assert cfg.auth_provider.config == {"id-token": "old", "refresh-token": "r1"}
    assert "old" not in repr(cfg) and "r1" not in repr(cfg)
    cfg.auth_config_persister.persist({"id-token": "new", "refresh-token": "r2"})
    reloaded = clientcmd.load_from_file(str(path))
    assert reloaded.auth_infos["oidc-user"].auth_provider.config == {"id-token": "new", "refresh-token": "r2"}
    assert reloaded.clusters["c"].server == "https://c.example"


def test_persister_ignores_users_without_auth_provider(tmp_path):
    path = tmp_path / "config"
    clientcmd.write_to_file(valid_config(), str(path))
    before = path.read_bytes()
    rules = clientcmd.ClientConfigLoadingRules(explicit_path=str(path))
    clientcmd.persister_for_user(rules, "clean").persist({"a": "b"})
    clientcmd.persister_for_user(rules, "nobody").persist({"a": "b"})
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "env,explicit,expected_precedence,expected_default",
    [
        ("", "", ["{global}"], "{global}"),
        ("", "/explicit", ["/explicit"], "/explicit"),
        ("{a}", "", ["{a}"], "{a}"),
        ("{missing}:{a}", "", ["{missing}", "{a}"], "{a}"),
        ("{missing}:{missing2}", "", ["{missing}", "{missing2}"], "{missing2}"),
    ],
)
def test_path_options(tmp_path, monkeypatch, env, explicit, expected_precedence, expected_default):
    names = {
        "global": str(tmp_path / "g"),
        "a": str(tmp_path / "a"),
        "missing": str(tmp_path / "m1"),
        "missing2": str(tmp_path / "m2"),
    }
    (tmp_path / "a").write_text("")
    monkeypatch.setenv("KUBECONFIG", env.replace(":", os.pathsep).format(**names))
    options = clientcmd.new_default_path_options()
    options.global_file = names["global"]
    options.loading_rules.explicit_path = explicit
    assert options.get_loading_precedence() == [p.format(**names) for p in expected_precedence]
    assert options.get_default_filename() == expected_default.format(**names)
    assert options.loading_rules.do_not_resolve_paths is True


def test_rules_starting_config_of_missing_explicit_file_is_empty(tmp_path):
    rules = clientcmd.ClientConfigLoadingRules(explicit_path=str(tmp_path / "missing"))
    assert rules.get_starting_config() == api.new_config()
    assert rules.get_default_filename() == str(tmp_path / "missing")
