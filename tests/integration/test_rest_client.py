"""rest.RESTClient against the real kube-apiserver, in JSON and in protobuf, with every way to authenticate."""

from __future__ import annotations

import json
import stat
import sys
import threading

import pytest
import yaml

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery import types, watch
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd

JSON = "application/json"
PROTOBUF = "application/vnd.kubernetes.protobuf"
CONTENT_TYPES = pytest.mark.parametrize("content_type", [JSON, PROTOBUF], ids=["json", "protobuf"])


def core_client(kubeconfig, content_type=JSON, **overrides) -> rest.RESTClient:
    """A RESTClient for the core/v1 API, set up as client-go's typed clients set theirs up."""
    config = clientcmd.build_config_from_flags("", str(kubeconfig))
    config.api_path = "/api"
    config.group_version = schema.GroupVersion(group="", version="v1")
    config.negotiated_serializer = scheme.Codecs.without_conversion()
    config.content_type = content_type
    for key, value in overrides.items():
        setattr(config, key, value)
    return rest.rest_client_for(config)


def write_kubeconfig(apiserver, path, user: dict):
    """A kubeconfig for the test server whose user entry is `user` (a kubeconfig AuthInfo as a dict)."""
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "local",
                "clusters": [
                    {
                        "name": "local",
                        "cluster": {"server": apiserver.url, "certificate-authority": str(apiserver.ca_file)},
                    }
                ],
                "users": [{"name": "u", "user": user}],
                "contexts": [{"name": "local", "context": {"cluster": "local", "user": "u"}}],
            }
        )
    )
    path.chmod(0o600)
    return path


def configmap(name, **data) -> corev1.ConfigMap:
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name, labels={"suite": "rest"}), data=data)


def pod(name) -> corev1.Pod:
    return corev1.Pod(
        metadata=metav1.ObjectMeta(name=name),
        spec=corev1.PodSpec(containers=[corev1.Container(name="main", image="registry.k8s.io/pause:3.10")]),
    )


def create(client, namespace, resource, obj, into):
    client.post().namespace(namespace).resource(resource).body(obj).do(context.todo()).into(into)
    return into


@CONTENT_TYPES
def test_configmap_create_get_update_delete(apiserver, namespace, content_type):
    client = core_client(apiserver.kubeconfig, content_type)
    ctx = context.todo()
    created = create(client, namespace, "configmaps", configmap("web", color="blue"), corev1.ConfigMap())
    assert created.metadata.name == "web"
    assert created.metadata.namespace == namespace
    assert created.metadata.uid
    assert created.data == {"color": "blue"}

    got = corev1.ConfigMap()
    client.get().namespace(namespace).resource("configmaps").name("web").do(ctx).into(got)
    assert got == created

    got.data["color"] = "green"
    updated = corev1.ConfigMap()
    client.put().namespace(namespace).resource("configmaps").name("web").body(got).do(ctx).into(updated)
    assert updated.data == {"color": "green"}
    assert int(updated.metadata.resourceVersion) > int(created.metadata.resourceVersion)

    status = metav1.Status()
    client.delete().namespace(namespace).resource("configmaps").name("web").do(ctx).into(status)
    with pytest.raises(errors.StatusError) as caught:
        client.get().namespace(namespace).resource("configmaps").name("web").do(ctx).into(corev1.ConfigMap())
    assert errors.is_not_found(caught.value)
    assert str(caught.value) == 'configmaps "web" not found'


@CONTENT_TYPES
def test_list_with_limit_and_continue(apiserver, namespace, content_type):
    client = core_client(apiserver.kubeconfig, content_type)
    for i in range(5):
        create(client, namespace, "configmaps", configmap(f"cm-{i}", index=str(i)), corev1.ConfigMap())
    names, token, pages = [], "", 0
    while True:
        page = corev1.ConfigMapList()
        opts = metav1.ListOptions(limit=2, labelSelector="suite=rest")
        if token:
            opts.continue_ = token
        (
            client.get()
            .namespace(namespace)
            .resource("configmaps")
            .versioned_params(opts, scheme.ParameterCodec)
            .do(context.todo())
            .into(page)
        )
        pages += 1
        assert len(page.items) <= 2
        names += [item.metadata.name for item in page.items]
        token = page.metadata.continue_
        if not token:
            break
    assert pages == 3
    assert names == [f"cm-{i}" for i in range(5)]


@CONTENT_TYPES
def test_pod_create_get_list_delete(apiserver, namespace, content_type):
    client = core_client(apiserver.kubeconfig, content_type)
    created = create(client, namespace, "pods", pod("p1"), corev1.Pod())
    assert created.spec.containers[0].image == "registry.k8s.io/pause:3.10"
    assert created.status.phase == corev1.PodPending
    assert created.spec.restartPolicy == corev1.RestartPolicyAlways  # defaulted by the server
    pods = corev1.PodList()
    client.get().namespace(namespace).resource("pods").do(context.todo()).into(pods)
    assert [p.metadata.name for p in pods.items] == ["p1"]
    assert pods.items[0] == created
    client.delete().namespace(namespace).resource("pods").name("p1").body(
        metav1.DeleteOptions(gracePeriodSeconds=0)
    ).do(context.todo())


PATCHES = [
    (types.JSONPatchType, b'[{"op": "replace", "path": "/data/color", "value": "red"}]'),
    (types.MergePatchType, b'{"data": {"color": "red"}}'),
    (types.StrategicMergePatchType, b'{"data": {"color": "red"}}'),
]


@CONTENT_TYPES
@pytest.mark.parametrize("patch_type,patch", PATCHES, ids=["json-patch", "merge-patch", "strategic-merge-patch"])
def test_patch(apiserver, namespace, content_type, patch_type, patch):
    client = core_client(apiserver.kubeconfig, content_type)
    create(client, namespace, "configmaps", configmap("patched", color="blue", size="xl"), corev1.ConfigMap())
    out = corev1.ConfigMap()
    (
        client.patch(patch_type)
        .namespace(namespace)
        .resource("configmaps")
        .name("patched")
        .body(patch)
        .do(context.todo())
        .into(out)
    )
    assert out.data == {"color": "red", "size": "xl"}


@CONTENT_TYPES
def test_strategic_merge_patch_merges_containers_by_name(apiserver, namespace, content_type):
    client = core_client(apiserver.kubeconfig, content_type)
    create(client, namespace, "pods", pod("smp"), corev1.Pod())
    patch = json.dumps({"metadata": {"labels": {"tier": "web"}}, "spec": {"activeDeadlineSeconds": 600}}).encode()
    out = corev1.Pod()
    (
        client.patch(types.StrategicMergePatchType)
        .namespace(namespace)
        .resource("pods")
        .name("smp")
        .body(patch)
        .do(context.todo())
        .into(out)
    )
    assert out.metadata.labels == {"tier": "web"}
    assert out.spec.activeDeadlineSeconds == 600
    assert [c.name for c in out.spec.containers] == ["main"]


@CONTENT_TYPES
def test_server_side_apply(apiserver, namespace, content_type):
    client = core_client(apiserver.kubeconfig, content_type)
    applied = json.dumps(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "applied", "namespace": namespace},
            "data": {"owner": "first"},
        }
    ).encode()
    out = corev1.ConfigMap()
    (
        client.patch(types.ApplyPatchType)
        .namespace(namespace)
        .resource("configmaps")
        .name("applied")
        .versioned_params(metav1.PatchOptions(fieldManager="first"), scheme.ParameterCodec)
        .body(applied)
        .do(context.todo())
        .into(out)
    )
    assert out.data == {"owner": "first"}
    assert [(m.manager, m.operation) for m in out.metadata.managedFields] == [("first", "Apply")]

    conflicting = applied.replace(b'"first"}', b'"second"}')
    with pytest.raises(errors.StatusError) as caught:
        (
            client.patch(types.ApplyPatchType)
            .namespace(namespace)
            .resource("configmaps")
            .name("applied")
            .versioned_params(metav1.PatchOptions(fieldManager="second"), scheme.ParameterCodec)
            .body(conflicting)
            .do(context.todo())
            .into(corev1.ConfigMap())
        )
    assert errors.is_conflict(caught.value)
    (
        client.patch(types.ApplyPatchType)
        .namespace(namespace)
        .resource("configmaps")
        .name("applied")
        .versioned_params(metav1.PatchOptions(fieldManager="second", force=True), scheme.ParameterCodec)
        .body(conflicting)
        .do(context.todo())
        .into(out)
    )
    assert out.data == {"owner": "second"}


@CONTENT_TYPES
def test_watch_sees_add_modify_delete_in_order(apiserver, namespace, content_type):
    client = core_client(apiserver.kubeconfig, content_type)
    ctx = context.todo()
    start = corev1.ConfigMapList()
    client.get().namespace(namespace).resource("configmaps").do(ctx).into(start)
    w = (
        client.get()
        .namespace(namespace)
        .resource("configmaps")
        .versioned_params(
            metav1.ListOptions(watch=True, resourceVersion=start.metadata.resourceVersion), scheme.ParameterCodec
        )
        .watch(ctx)
    )
    events = []

    def consume():
        for event in w.result_chan():
            events.append(event)
            if event.type == watch.Deleted:
                w.stop()

    reader = threading.Thread(target=consume, daemon=True)
    reader.start()
    cm = create(client, namespace, "configmaps", configmap("watched", n="1"), corev1.ConfigMap())
    cm.data["n"] = "2"
    client.put().namespace(namespace).resource("configmaps").name("watched").body(cm).do(ctx)
    client.delete().namespace(namespace).resource("configmaps").name("watched").do(ctx)
    reader.join(30)
    w.stop()
    assert not reader.is_alive(), "the result iterator did not end after stop()"
    assert [(e.type, type(e.object).__name__, e.object.data["n"]) for e in events] == [
        (watch.Added, "ConfigMap", "1"),
        (watch.Modified, "ConfigMap", "2"),
        (watch.Deleted, "ConfigMap", "2"),
    ]


def test_error_codes_map_to_predicates(apiserver, namespace):
    client = core_client(apiserver.kubeconfig)
    ctx = context.todo()
    create(client, namespace, "configmaps", configmap("dup"), corev1.ConfigMap())

    with pytest.raises(errors.StatusError) as caught:
        create(client, namespace, "configmaps", configmap("dup"), corev1.ConfigMap())
    assert errors.is_already_exists(caught.value)
    assert errors.reason_for_error(caught.value) == metav1.StatusReasonAlreadyExists
    assert caught.value.status().code == 409

    current = corev1.ConfigMap()
    client.get().namespace(namespace).resource("configmaps").name("dup").do(ctx).into(current)
    stale = current.deep_copy()
    current.data = {"v": "1"}
    client.put().namespace(namespace).resource("configmaps").name("dup").body(current).do(ctx)
    stale.data = {"v": "2"}
    with pytest.raises(errors.StatusError) as caught:
        client.put().namespace(namespace).resource("configmaps").name("dup").body(stale).do(ctx).into(
            corev1.ConfigMap()
        )
    assert errors.is_conflict(caught.value)
    assert "the object has been modified" in str(caught.value)

    with pytest.raises(errors.StatusError) as caught:
        create(client, namespace, "configmaps", configmap("Not_Valid"), corev1.ConfigMap())
    assert errors.is_invalid(caught.value)
    details = caught.value.status().details
    assert details.name == "Not_Valid"
    assert details.kind == "ConfigMap"
    assert [c.field for c in details.causes] == ["metadata.name"]
    assert details.causes[0].reason == metav1.CauseTypeFieldValueInvalid  # Go field Type, JSON "reason"

    with pytest.raises(errors.StatusError) as caught:
        client.get().namespace(namespace).resource("configmaps").name("absent").do(ctx).into(corev1.ConfigMap())
    assert errors.is_not_found(caught.value)
    assert caught.value.status().details.name == "absent"


# --- authentication -------------------------------------------------------------------------------------------------


def whoami(client_kubeconfig, namespace) -> list[str]:
    """Lists the namespace's ConfigMaps: proof that the credentials were accepted and authorized."""
    out = corev1.ConfigMapList()
    core_client(client_kubeconfig).get().namespace(namespace).resource("configmaps").do(context.todo()).into(out)
    return [cm.metadata.name for cm in out.items]


def test_authenticates_with_bearer_token(apiserver, namespace, tmp_path):
    kc = write_kubeconfig(apiserver, tmp_path / "kc", {"token": apiserver.admin_token})
    assert whoami(kc, namespace) == []


def test_authenticates_with_token_file(apiserver, namespace, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(apiserver.admin_token + "\n")
    kc = write_kubeconfig(apiserver, tmp_path / "kc", {"tokenFile": str(token_file)})
    assert whoami(kc, namespace) == []


def test_authenticates_with_client_certificate(apiserver, namespace, tmp_path):
    cert = apiserver.mint_client_cert("cert-admin", groups=("system:masters",))
    kc = write_kubeconfig(
        apiserver, tmp_path / "kc", {"client-certificate": str(cert.cert_file), "client-key": str(cert.key_file)}
    )
    assert whoami(kc, namespace) == []


def test_authenticates_with_inline_client_certificate_data(apiserver, namespace, tmp_path):
    import base64

    cert = apiserver.mint_client_cert("inline-admin", groups=("system:masters",))
    kc = write_kubeconfig(
        apiserver,
        tmp_path / "kc",
        {
            "client-certificate-data": base64.b64encode(cert.cert_file.read_bytes()).decode(),
            "client-key-data": base64.b64encode(cert.key_file.read_bytes()).decode(),
        },
    )
    assert whoami(kc, namespace) == []


def test_authenticates_with_exec_plugin(apiserver, namespace, tmp_path):
    info_file = tmp_path / "exec-info.json"
    plugin = tmp_path / "plugin.py"
    plugin.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"open({str(info_file)!r}, 'w').write(os.environ.get('KUBERNETES_EXEC_INFO', ''))\n"
        "print(json.dumps({'apiVersion': 'client.authentication.k8s.io/v1', 'kind': 'ExecCredential',\n"
        "                  'status': {'token': os.environ['PLUGIN_TOKEN']}}))\n"
    )
    plugin.chmod(plugin.stat().st_mode | stat.S_IXUSR)
    kc = write_kubeconfig(
        apiserver,
        tmp_path / "kc",
        {
            "exec": {
                "apiVersion": "client.authentication.k8s.io/v1",
                "command": str(plugin),
                "env": [{"name": "PLUGIN_TOKEN", "value": apiserver.admin_token}],
                "interactiveMode": "Never",
                "provideClusterInfo": True,
            }
        },
    )
    assert whoami(kc, namespace) == []
    info = json.loads(info_file.read_text())
    assert info["kind"] == "ExecCredential"
    assert info["apiVersion"] == "client.authentication.k8s.io/v1"
    assert info["spec"]["cluster"]["server"] == apiserver.url
    assert info["spec"]["interactive"] is False


def test_unknown_user_is_unauthorized(apiserver, namespace, tmp_path):
    kc = write_kubeconfig(apiserver, tmp_path / "kc", {"token": "not-a-valid-token"})
    with pytest.raises(errors.StatusError) as caught:
        whoami(kc, namespace)
    assert errors.is_unauthorized(caught.value)
    assert "not-a-valid-token" not in str(caught.value)


def test_impersonating_a_user_without_rights_is_forbidden(apiserver, namespace):
    client = core_client(
        apiserver.kubeconfig, impersonate=rest.ImpersonationConfig(user_name="nobody", groups=["nobodies"])
    )
    with pytest.raises(errors.StatusError) as caught:
        client.get().namespace(namespace).resource("configmaps").do(context.todo()).into(corev1.ConfigMapList())
    assert errors.is_forbidden(caught.value)
    assert str(caught.value) == (
        f'configmaps is forbidden: User "nobody" cannot list resource "configmaps" '
        f'in API group "" in the namespace "{namespace}"'
    )
