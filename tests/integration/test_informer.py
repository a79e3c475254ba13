"""The shared informer against the real kube-apiserver: client-go's overview program line by line, the cache
against a fresh LIST in protobuf and JSON, late handlers, and a list the user may not make (403)."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache, clientcmd

CTX = context.todo()
TIMEOUT = 30.0
CONTAINERS = [corev1.Container(name="c", image="registry.k8s.io/pause:3.10")]


def _clientset(apiserver, content_type=None, kubeconfig=None):
    config = clientcmd.build_config_from_flags("", str(kubeconfig or apiserver.kubeconfig))
    if content_type:
        config.content_type = content_type
    return kubernetes.new_for_config(config)


def _pod(name, ns, labels=None):
    return corev1.Pod(
        metadata=metav1.ObjectMeta(name=name, namespace=ns, labels=labels or {}),
        spec=corev1.PodSpec(containers=CONTAINERS),
    )


def _eventually(cond, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


def test_overview_program(apiserver, namespace, capsys):
    clientset = _clientset(apiserver)
    # client-go's overview, line by line
    informer = cache.new_shared_informer(
        cache.new_list_watch_from_client(
            clientset.core_v1().rest_client(), "pods", metav1.NamespaceAll, fields.everything()
        ),
        corev1.Pod(),
        0,
    )
    informer.add_event_handler(
        cache.ResourceEventHandlerFuncs(
            add_func=lambda obj: print("Pod added:", obj.metadata.name),
            update_func=lambda old, new: print("Pod updated:", new.metadata.name),
            delete_func=lambda obj: print("Pod deleted:", cache.deletion_handling_meta_namespace_key_func(obj)),
        )
    )
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,), daemon=True)
    runner.start()
    try:
        assert cache.wait_for_cache_sync(stop, informer.has_synced)
        pods = clientset.core_v1().pods(namespace)
        pods.create(CTX, _pod("web", namespace), metav1.CreateOptions())
        pod = pods.get(CTX, "web", metav1.GetOptions())
        pod.metadata.labels["tier"] = "front"
        pods.update(CTX, pod, metav1.UpdateOptions())
        pods.delete(CTX, "web", metav1.DeleteOptions())
        # our update, then (the server marks a pod being deleted before removing it) maybe more updates
        lines = []

        def seen():
            lines.extend(capsys.readouterr().out.splitlines())
            ours = [ln for ln in lines if ln.split(":", 1)[1].strip().rsplit("/", 1)[-1] == "web"]
            return (
                len(ours) >= 3
                and ours[0] == "Pod added: web"
                and ours[-1] == f"Pod deleted: {namespace}/web"
                and set(ours[1:-1]) == {"Pod updated: web"}
            )

        assert _eventually(seen), lines
    finally:
        stop.set()
        runner.join(TIMEOUT)
    assert not runner.is_alive() and informer.is_stopped()


@pytest.mark.parametrize("content_type", ["application/vnd.kubernetes.protobuf", "application/json"])
def test_cache_equals_a_fresh_list(apiserver, namespace, content_type):
    clientset = _clientset(apiserver, content_type)
    cms = clientset.core_v1().config_maps(namespace)
    for i in range(30):
        cms.create(
            CTX,
            corev1.ConfigMap(metadata=metav1.ObjectMeta(name=f"cm-{i}"), data={"i": str(i)}),
            metav1.CreateOptions(),
        )
    lw = cache.new_list_watch_from_client(
        clientset.core_v1().rest_client(), "configmaps", namespace, fields.everything()
    )
    informer = cache.new_shared_index_informer(
        lw, corev1.ConfigMap(), 0, {cache.NamespaceIndex: cache.meta_namespace_index_func}
    )
    calls = []
    lock = threading.Lock()

    def record(kind):
        def f(*args):
            obj = args[-1] if kind != "add" else args[0]
            with lock:
                calls.append((kind, cache.deletion_handling_meta_namespace_key_func(obj)))

        return f

    reg = informer.add_event_handler(
        cache.ResourceEventHandlerDetailedFuncs(
            add_func=lambda obj, initial: record("add")(obj), update_func=record("update"), delete_func=record("delete")
        )
    )
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,))
    runner.start()
    try:
        assert cache.wait_for_named_cache_sync("test", stop, informer.has_synced, reg.has_synced)
        assert sorted(k for _, k in calls) == sorted(f"{namespace}/cm-{i}" for i in range(30))
        for i in range(0, 30, 3):
            cm = cms.get(CTX, f"cm-{i}", metav1.GetOptions())
            cm.data["x"] = "y"
            cms.update(CTX, cm, metav1.UpdateOptions())
        for i in range(1, 30, 3):
            cms.delete(CTX, f"cm-{i}", metav1.DeleteOptions())

        def snapshot(objs):
            return sorted((o.metadata.name, o.metadata.uid, o.metadata.resourceVersion) for o in objs)

        fresh = cms.list(CTX, metav1.ListOptions())
        assert _eventually(lambda: snapshot(informer.get_store().list()) == snapshot(fresh.items))
        assert len(informer.get_indexer().by_index(cache.NamespaceIndex, namespace)) == 20
        assert informer.last_sync_resource_version() != ""
        # a handler added now gets the cache's contents as initial-list adds
        late = []
        reg2 = informer.add_event_handler(
            cache.ResourceEventHandlerDetailedFuncs(
                add_func=lambda obj, initial: late.append((obj.metadata.name, initial))
            )
        )
        assert cache.wait_for_cache_sync(stop, reg2.has_synced)
        assert sorted(late) == sorted((o.metadata.name, True) for o in fresh.items)
    finally:
        stop.set()
        runner.join(TIMEOUT)
    assert not runner.is_alive()


def test_forbidden_list_is_logged_retried_and_never_synced(apiserver, namespace, tmp_path, caplog):
    """A user who may not list: the informer logs the 403 as client-go does (no credential), retries with back-off,
    and stays unsynced; once a Role allows it, it syncs."""
    cert = apiserver.mint_client_cert("informer-user")
    kubeconfig = apiserver.kubeconfig_for(tmp_path / "kubeconfig", cert=cert)
    clientset = _clientset(apiserver, kubeconfig=kubeconfig)
    lw = cache.new_list_watch_from_client(clientset.core_v1().rest_client(), "secrets", namespace, fields.everything())
    informer = cache.new_shared_informer(lw, corev1.Secret(), 0)
    errors = []
    informer.set_watch_error_handler(
        lambda r, err: (errors.append(err), cache.default_watch_error_handler(None, r, err))
    )
    stop = threading.Event()
    runner = threading.Thread(target=informer.run, args=(stop,))
    with caplog.at_level(logging.DEBUG):
        runner.start()
        try:
            assert _eventually(lambda: len(errors) >= 2)
            assert not informer.has_synced()
            assert all("forbidden" in str(e) for e in errors)
            code, body = apiserver.request(
                "POST",
                f"/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles",
                {
                    "metadata": {"name": "r"},
                    "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list", "watch"]}],
                },
            )
            assert code == 201, body
            code, body = apiserver.request(
                "POST",
                f"/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings",
                {
                    "metadata": {"name": "r"},
                    "subjects": [{"kind": "User", "name": "informer-user", "apiGroup": "rbac.authorization.k8s.io"}],
                    "roleRef": {"kind": "Role", "name": "r", "apiGroup": "rbac.authorization.k8s.io"},
                },
            )
            assert code == 201, body
            assert cache.wait_for_cache_sync(stop, informer.has_synced)
        finally:
            stop.set()
            runner.join(TIMEOUT)
    messages = "\n".join(r.getMessage() for r in caplog.records)
    # client-go's line: "Failed to watch" err="failed to list *v1.Secret: secrets is forbidden: ..."
    assert (
        '"Failed to watch" err="failed to list *v1.Secret: secrets is forbidden: User \\"informer-user\\" '
        "cannot list resource" in messages
    )
    assert apiserver.admin_token not in messages
