"""Ports of client-go's clientcmd loader_test.go plus the file-format details the loader relies on.

Go tests here: TestNilOutMap (test_decode_auth_provider_without_config), TestNonExistentCommandLineFile,
TestToleratingMissingFiles, TestWarningMissingFiles and TestNoWarningMissingFiles (logged at debug level, as klog.V(1)),
TestErrorReadingFile, TestErrorReadingNonFile, TestConflictingCurrentContext, TestEncodeYAML, TestLoadingEmptyMaps,
TestDuplicate{Cluster,Context,User}Name (test_duplicate_names), TestDuplicateExtensionName,
TestRelativizePathWithNoBacksteps, TestResolveRelativePaths, TestMigratingFile*, TestFileLocking, TestDeduplicate,
TestLoadingGetLoadingPrecedence (test_loading_precedence), the three Example_* merges, and api/v1's
TestSetDefaults_Config.
"""

import logging
import os
import stat

import pytest

from kubernetes_py.apimachinery.util.errors import Aggregate
from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.api import v1
from kubernetes_py.tools.clientcmd.api.latest import DecodeError


def _config(auth_infos, clusters, contexts, current_context=""):
    return api.Config(auth_infos=auth_infos, clusters=clusters, contexts=contexts, current_context=current_context)


ALFA = _config(
    {"red-user": api.AuthInfo(token="red-token")},
    {"cow-cluster": api.Cluster(server="http://cow.org:8080")},
    {"federal-context": api.Context(auth_info="red-user", cluster="cow-cluster", namespace="hammer-ns")},
)
BRAVO = _config(
    {"black-user": api.AuthInfo(token="black-token")},
    {"pig-cluster": api.Cluster(server="http://pig.org:8080")},
    {"queen-anne-context": api.Context(auth_info="black-user", cluster="pig-cluster", namespace="saw-ns")},
)
CHARLIE = _config(
    {"green-user": api.AuthInfo(token="green-token")},
    {"horse-cluster": api.Cluster(server="http://horse.org:8080")},
    {"shaker-context": api.Context(auth_info="green-user", cluster="horse-cluster", namespace="chisel-ns")},
)
DELTA = _config(
    {"blue-user": api.AuthInfo(token="blue-token")},
    {"chicken-cluster": api.Cluster(server="http://chicken.org:8080")},
    {"gothic-context": api.Context(auth_info="blue-user", cluster="chicken-cluster", namespace="plane-ns")},
)
CONFLICT_ALFA = _config(
    {"red-user": api.AuthInfo(token="a-different-red-token"), "yellow-user": api.AuthInfo(token="yellow-token")},
    {
        "cow-cluster": api.Cluster(
            server="http://a-different-cow.org:8080", insecure_skip_tls_verify=True, disable_compression=True
        ),
        "donkey-cluster": api.Cluster(
            server="http://donkey.org:8080", insecure_skip_tls_verify=True, disable_compression=True
        ),
    },
    None,
    current_context="federal-context",
)


def test_decode_auth_provider_without_config():
    data = b"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: UEhPTlkK
    server: https://1.1.1.1
  name: production
contexts:
- context:
    cluster: production
    user: production
  name: production
current-context: production
users:
- name: production
  user:
    auth-provider:
      name: gcp"""
    config = clientcmd.load(data)
    assert config.auth_infos["production"].auth_provider == api.AuthProviderConfig(name="gcp", config=None)
    assert config.clusters["production"].certificate_authority_data == b"PHONY\n"


def test_non_existent_command_line_file():
    rules = clientcmd.ClientConfigLoadingRules(explicit_path="bogus_file")
    with pytest.raises(FileNotFoundError) as info:
        rules.load()
    assert str(info.value) == "stat bogus_file: no such file or directory"


def test_tolerating_missing_files_warns():
    warnings = []
    rules = clientcmd.ClientConfigLoadingRules(
        precedence=["bogus1", "bogus2", "bogus3"], warn_if_all_missing=True, warner=warnings.append
    )
    assert rules.load() == api.new_config()
    assert [str(w) for w in warnings] == ["Config not found: bogus1, bogus2, bogus3"]
    assert isinstance(warnings[0], clientcmd.MissingConfigError)
    assert warnings[0].missing == ["bogus1", "bogus2", "bogus3"]


def test_missing_kubeconfig_env_files_are_logged_at_debug(monkeypatch, caplog):
    monkeypatch.setenv("KUBECONFIG", "bogus")
    rules = clientcmd.new_default_client_config_loading_rules()
    with caplog.at_level(logging.DEBUG, logger="kubernetes_py.tools.clientcmd"):
        rules.load()
    assert "Config not found: bogus" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kubernetes_py.tools.clientcmd"):
        rules.load()
    assert "Config not found" not in caplog.text


def test_error_reading_file_names_the_file(tmp_path):
    path = tmp_path / "config"
    path.write_text("bogus value")
    with pytest.raises(Aggregate) as info:
        clientcmd.ClientConfigLoadingRules(explicit_path=str(path)).load()
    assert str(info.value) == (
        f'error loading config file "{path}": couldn\'t get version/kind; json parse error: json: cannot unmarshal '
        'string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string '
        '"json:\\"kind,omitempty\\"" }'
    )


def test_error_reading_non_file(tmp_path):
    with pytest.raises(Aggregate) as info:
        clientcmd.ClientConfigLoadingRules(explicit_path=str(tmp_path)).load()
    assert str(info.value) == f'error loading config file "{tmp_path}": read {tmp_path}: is a directory'


def test_malformed_file_error_names_file_and_line_and_keeps_the_good_files(tmp_path):
    good = tmp_path / "good"
    clientcmd.write_to_file(ALFA, str(good))
    bad = tmp_path / "bad"
    bad.write_text("clusters:\n- name: x\n  cluster:\n    server: a\n   oops: b\n")
    rules = clientcmd.ClientConfigLoadingRules(precedence=[str(good), str(bad)])
    with pytest.raises(Aggregate) as info:
        rules.load()
    assert str(info.value) == f'error loading config file "{bad}": yaml: line 4: did not find expected key'
    assert set(info.value.config.clusters) == {"cow-cluster"}


def test_conflicting_current_context(tmp_path):
    command_line = tmp_path / "cmd"
    env_var = tmp_path / "env"
    clientcmd.write_to_file(api.Config(current_context="any-context-value"), str(command_line))
    clientcmd.write_to_file(api.Config(current_context="a-different-context"), str(env_var))
    rules = clientcmd.ClientConfigLoadingRules(explicit_path=str(command_line), precedence=[str(env_var)])
    assert rules.load().current_context == "any-context-value"


def test_encode_yaml():
    config = api.Config(
        current_context="any-context-value",
        contexts={"433e40": api.Context(cluster="433e40")},
        clusters={
            "0": api.Cluster(server="https://localhost:1234"),
            "1": api.Cluster(server="https://localhost:1234"),
            "433e40": api.Cluster(server="https://localhost:1234"),
        },
    )
    assert (
        clientcmd.write(config)
        == b"""apiVersion: v1
clusters:
- cluster:
    server: https://localhost:1234
  name: "0"
- cluster:
    server: https://localhost:1234
  name: "1"
- cluster:
    server: https://localhost:1234
  name: "433e40"
contexts:
- context:
    cluster: "433e40"
    user: ""
  name: "433e40"
current-context: any-context-value
kind: Config
users: null
"""
    )


def test_loading_empty_maps(tmp_path):
    path = tmp_path / "config"
    clientcmd.write_to_file(api.Config(current_context="any-context-value"), str(path))
    config = clientcmd.load_from_file(str(path))
    assert config.clusters == {} and config.auth_infos == {} and config.contexts == {}


@pytest.mark.parametrize(
    "section,entry,go_type",
    [
        (
            "clusters",
            "- name: dup\n  cluster: {server: https://a}\n- name: dup\n  cluster: {server: https://b}\n",
            "NamedCluster into *map[string]*api.Cluster",
        ),
        (
            "contexts",
            "- name: dup\n  context: {cluster: a}\n- name: dup\n  context: {cluster: b}\n",
            "NamedContext into *map[string]*api.Context",
        ),
        (
            "users",
            "- name: dup\n  user: {token: a}\n- name: dup\n  user: {token: b}\n",
            "NamedAuthInfo into *map[string]*api.AuthInfo",
        ),
    ],
)
def test_duplicate_names(tmp_path, section, entry, go_type):
    path = tmp_path / "config"
    path.write_text(f"kind: Config\napiVersion: v1\n{section}:\n{entry}")
    with pytest.raises(DecodeError) as info:
        clientcmd.load_from_file(str(path))
    assert str(info.value).startswith(f'error converting *[]{go_type}: duplicate name "dup" in list')
    assert "token" not in str(info.value).split("in list")[1]  # users' credentials are never echoed


def test_duplicate_extension_name():
    with pytest.raises(DecodeError) as info:
        clientcmd.load(b"extensions:\n- name: e\n  extension: 1\n- name: e\n  extension: {a: b}\n")
    assert str(info.value) == (
        'error converting *[]NamedExtension into *map[string]runtime.Object: duplicate name "e" in list: '
        "[{e {[49] <nil>}} {e {[123 34 97 34 58 34 98 34 125] <nil>}}]"
    )


@pytest.mark.parametrize(
    "base,paths,expected",
    [
        ("/base", ["/base/subdir/file.txt"], ["subdir/file.txt"]),
        ("/base", ["/base/file.txt"], ["file.txt"]),
        ("/base", ["/other/dir/file.txt"], ["/other/dir/file.txt"]),
        ("/base", [""], [""]),
        ("/base", ["/base/file1.txt", "/base/subdir/file2.txt"], ["file1.txt", "subdir/file2.txt"]),
        (
            "/base",
            ["/base/file1.txt", "/other/file2.txt", "/base/subdir/file3.txt"],
            ["file1.txt", "/other/file2.txt", "subdir/file3.txt"],
        ),
        ("/base", ["/base/file1.txt", "", "/base/subdir/file2.txt"], ["file1.txt", "", "subdir/file2.txt"]),
        # client-go v0.37.1 on the same inputs: ".." alone is not a backstep (only "../..." is)
        ("/base", ["/"], [".."]),
        ("/base/sub", ["/base"], [".."]),
        ("/base", ["/base"], ["."]),
        ("/base", ["/base/../x"], ["/base/../x"]),
        ("base", ["base/x"], ["x"]),
        ("/", ["/x"], ["x"]),
        ("/base/", ["/base//x/./y"], ["x/y"]),
    ],
)
def test_relativize_path_with_no_backsteps(base, paths, expected):
    holders = [api.Cluster(certificate_authority=p) for p in paths]
    clientcmd.relativize_path_with_no_backsteps([(h, "certificate_authority") for h in holders], base)
    assert [h.certificate_authority for h in holders] == expected


def test_relativize_relative_path_requiring_backsteps_fails():
    holder = api.Cluster(certificate_authority="../other/file.txt")
    with pytest.raises(ValueError) as info:  # Go's filepath.Rel refuses a relative path against an absolute base
        clientcmd.relativize_path_with_no_backsteps([(holder, "certificate_authority")], "/base")
    assert str(info.value) == "Rel: can't make ../other/file.txt relative to /base"
    holder = api.Cluster(certificate_authority="../other/file.txt")
    with pytest.raises(ValueError) as info:
        clientcmd.relativize_path_with_no_backsteps([(holder, "certificate_authority")], "base")
    assert str(info.value) == "../other/file.txt requires backsteps and is not absolute"


def test_resolve_relative_paths(tmp_path):
    absolute = str(tmp_path / "absolute")
    config1 = _config(
        {
            "relative-user-1": api.AuthInfo(
                client_certificate="relative/client/cert", client_key="../relative/client/key"
            ),
            "absolute-user-1": api.AuthInfo(
                client_certificate=f"{absolute}/client/cert", client_key=f"{absolute}/client/key"
            ),
            "relative-cmd-1": api.AuthInfo(exec=api.ExecConfig(command="../relative/client/cmd")),
            "absolute-cmd-1": api.AuthInfo(exec=api.ExecConfig(command=f"{absolute}/client/cmd")),
            "PATH-cmd-1": api.AuthInfo(exec=api.ExecConfig(command="cmd")),
        },
        {
            "relative-server-1": api.Cluster(certificate_authority="../relative/ca"),
            "absolute-server-1": api.Cluster(certificate_authority=f"{absolute}/ca"),
        },
        None,
    )
    config2 = _config(
        {
            "relative-user-2": api.AuthInfo(
                client_certificate="relative/client/cert2", client_key="../relative/client/key2"
            )
        },
        {"relative-server-2": api.Cluster(certificate_authority="../relative/ca2")},
        None,
    )
    dir1, dir2 = tmp_path / "one", tmp_path / "two" / "nested"
    clientcmd.write_to_file(config1, str(dir1 / ".kubeconfig"))
    clientcmd.write_to_file(config2, str(dir2 / ".kubeconfig"))

    merged = clientcmd.ClientConfigLoadingRules(
        precedence=[str(dir1 / ".kubeconfig"), str(dir2 / ".kubeconfig")]
    ).load()

    assert merged.clusters["relative-server-1"].certificate_authority == str(tmp_path / "relative/ca")
    assert merged.clusters["relative-server-2"].certificate_authority == str(tmp_path / "two/relative/ca2")
    assert merged.clusters["absolute-server-1"].certificate_authority == f"{absolute}/ca"
    assert merged.auth_infos["relative-user-1"].client_certificate == str(dir1 / "relative/client/cert")
    assert merged.auth_infos["relative-user-1"].client_key == str(tmp_path / "relative/client/key")
    assert merged.auth_infos["relative-user-2"].client_key == str(tmp_path / "two/relative/client/key2")
    assert merged.auth_infos["absolute-user-1"].client_key == f"{absolute}/client/key"
    assert merged.auth_infos["relative-cmd-1"].exec.command == str(tmp_path / "relative/client/cmd")
    assert merged.auth_infos["absolute-cmd-1"].exec.command == f"{absolute}/client/cmd"
    assert merged.auth_infos["PATH-cmd-1"].exec.command == "cmd"
    assert merged.clusters["relative-server-2"].location_of_origin == str(dir2 / ".kubeconfig")


def test_do_not_resolve_paths(tmp_path):
    clientcmd.write_to_file(_config({}, {"c": api.Cluster(certificate_authority="ca")}, {}), str(tmp_path / "k"))
    rules = clientcmd.ClientConfigLoadingRules(precedence=[str(tmp_path / "k")], do_not_resolve_paths=True)
    assert rules.load().clusters["c"].certificate_authority == "ca"


def test_migrating_file(tmp_path):
    source, destination = tmp_path / "source", tmp_path / "destination"
    clientcmd.write_to_file(ALFA, str(source))
    os.chmod(source, 0o640)
    clientcmd.ClientConfigLoadingRules(migration_rules={str(destination): str(source)}).load()
    assert destination.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(destination.stat().st_mode) == 0o640


def test_migrating_file_leaves_existing_file_alone(tmp_path):
    source, destination = tmp_path / "source", tmp_path / "destination"
    clientcmd.write_to_file(ALFA, str(source))
    destination.write_text("")
    clientcmd.ClientConfigLoadingRules(migration_rules={str(destination): str(source)}).load()
    assert destination.read_text() == ""


def test_migrating_file_source_missing_skips(tmp_path):
    destination = tmp_path / "destination"
    clientcmd.ClientConfigLoadingRules(migration_rules={str(destination): "some-missing-file"}).load()
    assert not destination.exists()


def test_migrating_from_a_directory_fails(tmp_path):
    rules = clientcmd.ClientConfigLoadingRules(migration_rules={str(tmp_path / "dest"): str(tmp_path)})
    with pytest.raises(ValueError) as info:
        rules.load()
    assert str(info.value) == f"cannot migrate {tmp_path} to {tmp_path / 'dest'} because it is a directory"


def test_file_locking(tmp_path):
    from kubernetes_py.tools.clientcmd.loader import lock_file, unlock_file

    path = str(tmp_path / "config")
    lock_file(path)
    with pytest.raises(FileExistsError) as err:
        lock_file(path)
    assert str(err.value) == f"open {path}.lock: file exists"  # Go's *fs.PathError
    unlock_file(path)
    lock_file(path)
    unlock_file(path)


def _yaml_of_load(rules):
    return clientcmd.write(rules.load()).decode()


def test_no_merging_on_explicit_paths(tmp_path):
    cmd, env = tmp_path / "cmd", tmp_path / "env"
    clientcmd.write_to_file(ALFA, str(cmd))
    clientcmd.write_to_file(CONFLICT_ALFA, str(env))
    rules = clientcmd.ClientConfigLoadingRules(explicit_path=str(cmd), precedence=[str(env)])
    assert (
        _yaml_of_load(rules)
        == """apiVersion: v1
clusters:
- cluster:
    server: http://cow.org:8080
  name: cow-cluster
contexts:
- context:
    cluster: cow-cluster
    namespace: hammer-ns
    user: red-user
  name: federal-context
current-context: ""
kind: Config
users:
- name: red-user
  user:
    token: red-token
"""
    )


def test_merging_some_with_conflict(tmp_path):
    cmd, env = tmp_path / "cmd", tmp_path / "env"
    clientcmd.write_to_file(ALFA, str(cmd))
    clientcmd.write_to_file(CONFLICT_ALFA, str(env))
    rules = clientcmd.ClientConfigLoadingRules(precedence=[str(cmd), str(env)])
    assert (
        _yaml_of_load(rules)
        == """apiVersion: v1
clusters:
- cluster:
    server: http://cow.org:8080
  name: cow-cluster
- cluster:
    disable-compression: true
    insecure-skip-tls-verify: true
    server: http://donkey.org:8080
  name: donkey-cluster
contexts:
- context:
    cluster: cow-cluster
    namespace: hammer-ns
    user: red-user
  name: federal-context
current-context: federal-context
kind: Config
users:
- name: red-user
  user:
    token: red-token
- name: yellow-user
  user:
    token: yellow-token
"""
    )


def test_merging_everything_no_conflicts(tmp_path):
    files = []
    for name, config in (("cmd", ALFA), ("env", BRAVO), ("cwd", CHARLIE), ("home", DELTA)):
        clientcmd.write_to_file(config, str(tmp_path / name))
        files.append(str(tmp_path / name))
    merged = clientcmd.ClientConfigLoadingRules(precedence=files).load()
    assert sorted(merged.clusters) == ["chicken-cluster", "cow-cluster", "horse-cluster", "pig-cluster"]
    assert sorted(merged.contexts) == ["federal-context", "gothic-context", "queen-anne-context", "shaker-context"]
    assert merged.auth_infos["blue-user"].location_of_origin == files[3]


def test_deduplicate_kubeconfig_env(monkeypatch):
    for src, expect in (
        (["a", "b", "c", "d", "e", "f"], ["a", "b", "c", "d", "e", "f"]),
        (["a", "b", "c", "b", "e", "f"], ["a", "b", "c", "e", "f"]),
        (["a", "a", "b", "b", "c", "b"], ["a", "b", "c"]),
    ):
        monkeypatch.setenv("KUBECONFIG", os.pathsep.join(src))
        assert clientcmd.new_default_client_config_loading_rules().precedence == expect


@pytest.mark.parametrize(
    "src,expect",
    [
        (["a", "b", "c", "d", "e", "f"], ["a", "b", "c", "d", "e", "f"]),
        (["a", "b", "c", "b", "e", "f"], ["a", "b", "c", "e", "f"]),
        (["a", "a", "b", "b", "c", "b"], ["a", "b", "c"]),
        ([], []),
    ],
)
def test_deduplicate(src, expect):
    """loader_test.go TestDeduplicate: the input list is left alone."""
    from kubernetes_py.tools.clientcmd.loader import _deduplicate

    before = list(src)
    assert _deduplicate(src) == expect
    assert src == before


@pytest.mark.parametrize(
    "rules,env,precedence",
    [
        (None, "", ["{home}/.kube/config"]),
        (clientcmd.ClientConfigLoadingRules(explicit_path="/explicit/kubeconfig"), "", ["/explicit/kubeconfig"]),
        (None, "/env/kubeconfig", ["/env/kubeconfig"]),
        (None, "/env/kubeconfig" + os.pathsep + "/other/kubeconfig", ["/env/kubeconfig", "/other/kubeconfig"]),
    ],
)
def test_loading_precedence(monkeypatch, tmp_path, rules, env, precedence):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KUBECONFIG", env)
    rules = rules or clientcmd.new_default_client_config_loading_rules()
    assert rules.get_loading_precedence() == [p.replace("{home}", str(tmp_path)) for p in precedence]
    assert rules.warn_if_all_missing == bool(env)


def test_write_to_file_creates_directories_and_0600(tmp_path):
    path = tmp_path / "new" / "dir" / "config"
    clientcmd.write_to_file(ALFA, str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o777 == 0o755 & ~_umask()
    assert clientcmd.load_from_file(str(path)).clusters["cow-cluster"].server == "http://cow.org:8080"


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_load_empty_and_whitespace():
    assert clientcmd.load(b"") == api.new_config()
    assert clientcmd.load(b"  \n# only a comment\n") == api.new_config()


def test_load_round_trips_every_field():
    data = b"""apiVersion: v1
clusters:
- cluster:
    certificate-authority: ca
    certificate-authority-data: Y2E=
    disable-compression: true
    extensions:
    - extension:
        a: 1
      name: e
    insecure-skip-tls-verify: true
    proxy-url: http://p:1
    server: https://s
    tls-server-name: sni
  name: c
contexts:
- context:
    cluster: c
    namespace: ns
    user: u
  name: x
current-context: x
kind: Config
preferences:
  colors: true
users:
- name: u
  user:
    as: a
    as-groups:
    - g
    as-uid: "1"
    as-user-extra:
      k:
      - v
    auth-provider:
      config:
        k: v
      name: p
    client-certificate: c
    client-certificate-data: Yw==
    client-key: k
    client-key-data: aw==
    exec:
      apiVersion: client.authentication.k8s.io/v1
      args: null
      command: cmd
      env:
      - name: NAME
        value: V
      installHint: hint
      interactiveMode: Never
      provideClusterInfo: true
    password: p
    token: t
    tokenFile: tf
    username: u
"""
    config = clientcmd.load(data)
    assert clientcmd.write(config) == data
    user = config.auth_infos["u"]
    assert user.client_key_data == b"k" and user.impersonate_user_extra == {"k": ["v"]}
    assert user.exec.env == [api.ExecEnvVar("NAME", "V")] and user.exec.provide_cluster_info
    assert config.clusters["c"].extensions["e"].raw == b'{"a":1}'
    assert v1.extension_value(config.clusters["c"].extensions["e"]) == {"a": 1}
    assert config.kind == "" and config.api_version == ""


@pytest.mark.parametrize(
    "text,message",
    [
        ("kind: Pod", 'no kind "Pod" is registered for version "v1" in scheme "pkg/runtime/scheme.go:111"'),
        ("apiVersion: v2", 'no kind "Config" is registered for version "v2" in scheme "pkg/runtime/scheme.go:111"'),
        ("apiVersion: a/b/c", "unexpected GroupVersion string: a/b/c"),
        (
            "apiVersion: 1",
            "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct "
            "field .apiVersion of type string",
        ),
        (
            "clusters: [{name: a, cluster: {server: 1}}]",
            "json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.server of type string",
        ),
        ("clusters: [{name: a, cluster: {certificate-authority-data: abc}}]", "illegal base64 data at input byte 0"),
        ("clusters: [{name: a, cluster: {certificate-authority-data: 'ab!c'}}]", "illegal base64 data at input byte 2"),
        (
            "preferences: {colors: 1}",
            "json: cannot unmarshal number into Go struct field Preferences.preferences.colors of type bool",
        ),
        (
            "users: [{name: a, user: {exec: {env: [{name: 1}]}}}]",
            "json: cannot unmarshal number into Go struct field ExecEnvVar.users.user.exec.env.name of type string",
        ),
        ("clusters: 5", "json: cannot unmarshal number into Go struct field Config.clusters of type []v1.NamedCluster"),
        # several type errors: Go reports the first in the JSON text, whose keys sigs.k8s.io/yaml sorted
        (
            "clusters: [{name: b, cluster: {proxy-url: true, disable-compression: x, insecure-skip-tls-verify: x}}]",
            "json: cannot unmarshal string into Go struct field Cluster.clusters.cluster.disable-compression "
            "of type bool",
        ),
        (
            "preferences: 1.5\ncurrent-context: 9223372036854775808",
            "json: cannot unmarshal number into Go struct field Config.current-context of type string",
        ),
        (
            "clusters: [{name: 1, cluster: {server: 1}}]",
            "json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.server of type string",
        ),
        (
            "users: [{name: b, user: {username: 1}}]\nclusters: [{name: c, cluster: {server: x, tls-server-name: 2}}]",
            "json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.tls-server-name "
            "of type string",
        ),
        (
            "users: [{name: a, user: {as-user-extra: {z: [1], a: 5}, as-groups: [x, 2]}}]",
            "json: cannot unmarshal number into Go struct field AuthInfo.users.user.as-groups of type string",
        ),
        (
            "users: [{name: a, user: {exec: {env: [{name: n, value: 1}, 3], args: [1]}}}]",
            "json: cannot unmarshal number into Go struct field ExecConfig.users.user.exec.args of type string",
        ),
        ("a: b: c", "yaml: mapping values are not allowed in this context"),
        ("a: [", "yaml: line 1: did not find expected node content"),
        ("a:\n\tb: c", "yaml: line 2: found character that cannot start any token"),
    ],
)
def test_load_errors(text, message):
    with pytest.raises(DecodeError) as info:
        clientcmd.load(text.encode())
    assert str(info.value) == message


def test_go_yaml_scalars():
    config = clientcmd.load(
        b"clusters: [{name: a, cluster: {server: x, insecure-skip-tls-verify: yes, "
        b"extensions: [{name: e, extension: {n: 1, t: 2001-12-14, o: 017, f: 1.0}}]}}]"
    )
    cluster = config.clusters["a"]
    assert cluster.insecure_skip_tls_verify is True
    assert cluster.extensions["e"].raw == b'{"f":1,"false":1,"o":15,"t":"2001-12-14"}'


def test_exec_interactive_mode_defaulting():
    config = clientcmd.load(
        b"users:\n- name: a\n  user: {exec: {command: c, apiVersion: "
        b"client.authentication.k8s.io/v1beta1}}\n- name: b\n  user: {exec: {command: c, "
        b"apiVersion: client.authentication.k8s.io/v1}}\n"
    )
    assert config.auth_infos["a"].exec.interactive_mode == "IfAvailable"
    assert config.auth_infos["b"].exec.interactive_mode == ""


def test_writing_accepts_plain_json_extension_values():
    config = api.new_config()
    config.extensions["plain"] = {"k": [1, "two"]}
    config.extensions["unknown"] = v1.new_unknown({"z": None})
    assert clientcmd.write(config).decode().splitlines()[4:13] == [
        "extensions:",
        "- extension:",
        "    k:",
        "    - 1",
        "    - two",
        "  name: plain",
        "- extension:",
        "    z: null",
        "  name: unknown",
    ]


@pytest.mark.parametrize(
    "api_version,mode,expected",
    [
        ("client.authentication.k8s.io/v1alpha1", "", "IfAvailable"),
        ("client.authentication.k8s.io/v1beta1", "", "IfAvailable"),
        ("client.authentication.k8s.io/v1alpha1", "Never", "Never"),
        ("client.authentication.k8s.io/v1beta1", "Never", "Never"),
        ("client.authentication.k8s.io/v1", "", ""),
        ("", "", ""),
    ],
)
def test_set_defaults_exec_config(api_version, mode, expected):
    """api/v1 defaults_test.go TestSetDefaults_Config: only the alpha and beta exec APIs default the mode."""
    exec_config = api.ExecConfig(api_version=api_version, interactive_mode=mode)
    v1.set_defaults_exec_config(exec_config)
    assert exec_config == api.ExecConfig(api_version=api_version, interactive_mode=expected)


def test_write_and_migrate_errors_read_like_go(tmp_path):
    plain = tmp_path / "plain"
    plain.write_text("")
    with pytest.raises(NotADirectoryError) as info:
        clientcmd.write_to_file(ALFA, str(plain / "config"))
    assert str(info.value) == f"open {plain}/config: not a directory"
    # a destination that cannot even be looked at (not a missing file) fails the load, as in Go's Migrate
    rules = clientcmd.ClientConfigLoadingRules(migration_rules={str(plain / "dest"): str(tmp_path / "source")})
    with pytest.raises(NotADirectoryError) as info:
        rules.load()
    assert str(info.value) == f"stat {plain}/dest: not a directory"


@pytest.mark.parametrize(
    "base,path,rel,error",
    [  # Go's filepath.Rel(base, path) on the same inputs (a lexical computation, cwd plays no part)
        ("", "", ".", None),
        (".", "..", "..", None),
        ("..", "a", "", "Rel: can't make a relative to .."),
        ("a", ".", "..", None),
        ("a", "../a", "../../a", None),
        ("a", "/a", "", "Rel: can't make /a relative to a"),
        ("a/b", "a/..", "../..", None),
        ("../a", "a", "", "Rel: can't make a relative to ../a"),
        ("/", "/a/b", "a/b", None),
        ("/a", "a", "", "Rel: can't make a relative to /a"),
        ("/a", "/a/../b", "../b", None),
        ("/a/b", "/", "../..", None),
        ("//a", "/a", ".", None),
        ("a//b/", "a/b/c", "c", None),
        ("../..", "../b", "", "Rel: can't make ../b relative to ../.."),
        ("/..", "/a", "a", None),
        ("./a", "a/b/c", "b/c", None),
        ("a/b/c", "../b", "../../../../b", None),
        ("b/../../c", "../b", "../b", None),
    ],
)
def test_make_relative_is_go_filepath_rel(base, path, rel, error):
    if path == "":  # MakeRelative leaves an empty path alone; Rel itself is what the other rows exercise
        assert clientcmd.make_relative(path, base) == ""
        return
    if error is None:
        assert clientcmd.make_relative(path, base) == rel
    else:
        with pytest.raises(ValueError) as info:
            clientcmd.make_relative(path, base)
        assert str(info.value) == error
