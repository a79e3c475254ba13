"""The whole local cluster (the `cluster` fixture: kube-apiserver, kube-controller-manager, kube-scheduler and kwok
nodes) does what a cluster does, seen through the project's own clientset: each component is its own user,
Deployments get Running, Ready pods on kwok's nodes and scale, namespaces finish deleting, service accounts get
tokens, kwok's kubelet endpoints answer pods/log, exec, attach and port-forward through the API server (exec, attach
and port-forward with kubectl until the project has streaming clients), and the fault helpers (restart_apiserver,
compact_etcd, pause/resume) do what they say while the cluster keeps working afterwards.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.authentication import v1 as authenticationv1
from kubernetes_py.api.authorization import v1 as authorizationv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import clientcmd

CTX = context.todo()
LOG_LINES = b"kwok log line 1\nkwok log line 2\nkwok log line 3\n"


@pytest.fixture(scope="module")
def clientset(cluster):
    return kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(cluster.kubeconfig)))


@pytest.fixture(autouse=True)
def no_thread_left():
    """Every thread a test here starts is joined before it ends."""
    yield
    ours = {"log-follower", "port-forward-echo", "attach-reader"}
    assert [t.name for t in threading.enumerate() if t.name in ours] == []


def eventually(what: str, condition, timeout: float = 60.0) -> None:
    """Polls condition() every 0.2 s until it is true; fails the test naming `what` after `timeout`."""
    try:
        wait.poll_immediate(0.2, timeout, condition)
    except wait.ErrWaitTimeout:
        pytest.fail(f"{what}: not within {timeout:.0f} s")


def running_ready(pod: corev1.Pod) -> bool:
    return pod.status.phase == "Running" and any(
        c.type == "Ready" and c.status == "True" for c in pod.status.conditions
    )


def new_pod(name: str) -> corev1.Pod:
    return corev1.Pod(
        metadata=metav1.ObjectMeta(name=name),
        spec=corev1.PodSpec(containers=[corev1.Container(name="c", image="registry.k8s.io/pause:3.10")]),
    )


def running_pod(clientset, namespace: str, name: str) -> corev1.Pod:
    pods = clientset.core_v1().pods(namespace)
    pods.create(CTX, new_pod(name), metav1.CreateOptions())
    eventually(f"pod {name} Running and Ready", lambda: running_ready(pods.get(CTX, name, metav1.GetOptions())))
    return pods.get(CTX, name, metav1.GetOptions())


def kubectl(cluster, *args: str, **kwargs) -> subprocess.CompletedProcess:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    return subprocess.run(
        ["kubectl", f"--kubeconfig={cluster.kubeconfig}", *args], capture_output=True, timeout=60, **kwargs
    )


def test_kwok_nodes_are_ready_and_point_at_kwok(cluster, clientset):
    nodes = {n.metadata.name: n for n in clientset.core_v1().nodes().list(CTX, metav1.ListOptions()).items}
    assert sorted(nodes) == sorted(cluster.nodes) and len(nodes) == 3
    for node in nodes.values():
        assert node.metadata.annotations["kwok.x-k8s.io/node"] == "fake"
        assert [(c.status) for c in node.status.conditions if c.type == "Ready"] == ["True"]
        assert [a.address for a in node.status.addresses if a.type == "InternalIP"] == ["127.0.0.1"]
        assert node.status.daemonEndpoints.kubeletEndpoint.Port > 0


# What each may do (everywhere): its bootstrap RBAC role's (kwok: the ClusterRole localcluster gives it), no more.
PERMISSIONS = [
    ("get", "secrets", ""),
    ("delete", "namespaces", ""),
    ("patch", "pods", "status"),
    ("create", "pods", "binding"),
    ("create", "serviceaccounts", "token"),
    ("patch", "nodes", "status"),
]


@pytest.mark.parametrize(
    "component, user, allowed",
    [
        ("kube-controller-manager", "system:kube-controller-manager", [True, False, False, False, True, False]),
        ("kube-scheduler", "system:kube-scheduler", [False, False, True, True, False, False]),
        ("kwok", "kubernetes-py:kwok", [False, False, True, False, False, True]),
    ],
)
def test_each_component_is_its_own_user(cluster, component, user, allowed):
    own = kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(cluster.cluster.kubeconfigs[component])))
    review = (
        own.authentication_v1()
        .self_subject_reviews()
        .create(CTX, authenticationv1.SelfSubjectReview(), metav1.CreateOptions())
    )
    assert review.status.userInfo.username == user

    def can(verb: str, resource: str, subresource: str) -> bool:
        attributes = authorizationv1.ResourceAttributes(verb=verb, resource=resource, subresource=subresource)
        return (
            own.authorization_v1()
            .self_subject_access_reviews()
            .create(
                CTX,
                authorizationv1.SelfSubjectAccessReview(
                    spec=authorizationv1.SelfSubjectAccessReviewSpec(resourceAttributes=attributes)
                ),
                metav1.CreateOptions(),
            )
            .status.allowed
        )

    assert [can(*p) for p in PERMISSIONS] == allowed


def test_deployment_gets_running_ready_pods_on_kwok_nodes_and_scales(cluster, clientset, cluster_namespace):
    deployments = clientset.apps_v1().deployments(cluster_namespace)
    pods = clientset.core_v1().pods(cluster_namespace)
    labels = {"app": "web"}
    deployments.create(
        CTX,
        appsv1.Deployment(
            metadata=metav1.ObjectMeta(name="web"),
            spec=appsv1.DeploymentSpec(
                replicas=3,
                selector=metav1.LabelSelector(matchLabels=labels),
                template=corev1.PodTemplateSpec(
                    metadata=metav1.ObjectMeta(labels=labels),
                    spec=corev1.PodSpec(containers=[corev1.Container(name="web", image="registry.k8s.io/pause:3.10")]),
                ),
            ),
        ),
        metav1.CreateOptions(),
    )

    def settled(n: int):
        def check() -> bool:
            d = deployments.get(CTX, "web", metav1.GetOptions())
            live = [p for p in pods.list(CTX, metav1.ListOptions(labelSelector="app=web")).items]
            return (
                (d.status.replicas, d.status.readyReplicas, d.status.availableReplicas, d.status.updatedReplicas)
                == (n, n, n, n)
                and len(live) == n
                and all(running_ready(p) for p in live)
            )

        return check

    eventually("3 available replicas, 3 Running and Ready pods", settled(3))
    placed = pods.list(CTX, metav1.ListOptions(labelSelector="app=web")).items
    assert {p.spec.nodeName for p in placed} <= set(cluster.nodes)
    assert all(p.status.podIP.startswith("10.244.") for p in placed)
    # Each part did its own job: the ReplicaSet is the controller-manager's, the Running status kwok's.
    [rs] = clientset.apps_v1().replica_sets(cluster_namespace).list(CTX, metav1.ListOptions()).items
    assert rs.metadata.ownerReferences[0].name == "web"
    assert "kwok" in {m.manager for m in placed[0].metadata.managedFields}

    scale = deployments.get_scale(CTX, "web", metav1.GetOptions())
    scale.spec.replicas = 5
    deployments.update_scale(CTX, "web", scale, metav1.UpdateOptions())
    eventually("scaled up to 5", settled(5))
    scale = deployments.get_scale(CTX, "web", metav1.GetOptions())
    scale.spec.replicas = 3
    deployments.update_scale(CTX, "web", scale, metav1.UpdateOptions())
    eventually("scaled back to 3 (the other 2 pods deleted by kwok)", settled(3))


def test_deleting_a_namespace_finishes(cluster, clientset):
    name = f"test-{uuid.uuid4().hex[:10]}"
    namespaces = clientset.core_v1().namespaces()
    namespaces.create(CTX, corev1.Namespace(metadata=metav1.ObjectMeta(name=name)), metav1.CreateOptions())
    sa = clientset.core_v1().service_accounts(name)
    eventually("the default service account", lambda: len(sa.list(CTX, metav1.ListOptions()).items) == 1)
    clientset.core_v1().config_maps(name).create(
        CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm"), data={"k": "v"}), metav1.CreateOptions()
    )
    running_pod(clientset, name, "p")

    namespaces.delete(CTX, name, metav1.DeleteOptions())
    assert namespaces.get(CTX, name, metav1.GetOptions()).status.phase == "Terminating"

    def gone() -> bool:
        try:
            namespaces.get(CTX, name, metav1.GetOptions())
        except errors.StatusError as err:
            assert errors.is_not_found(err), err
            return True
        return False

    eventually("namespace deleted (content removed, finalizer cleared)", gone)


def test_service_accounts_get_tokens_and_pods_their_service_account(cluster, clientset, cluster_namespace):
    accounts = clientset.core_v1().service_accounts(cluster_namespace)
    accounts.create(CTX, corev1.ServiceAccount(metadata=metav1.ObjectMeta(name="robot")), metav1.CreateOptions())
    user = f"system:serviceaccount:{cluster_namespace}:robot"
    reviews = clientset.authentication_v1().token_reviews()

    def review(token: str) -> authenticationv1.TokenReviewStatus:
        return reviews.create(
            CTX,
            authenticationv1.TokenReview(spec=authenticationv1.TokenReviewSpec(token=token)),
            metav1.CreateOptions(),
        ).status

    # A bound token (TokenRequest).
    requested = accounts.create_token(
        CTX,
        "robot",
        authenticationv1.TokenRequest(spec=authenticationv1.TokenRequestSpec(expirationSeconds=600)),
        metav1.CreateOptions(),
    )
    status = review(requested.status.token)
    assert (status.authenticated, status.user.username) == (True, user)

    # A long-lived token Secret, filled in by the controller-manager's token controller.
    secrets = clientset.core_v1().secrets(cluster_namespace)
    secrets.create(
        CTX,
        corev1.Secret(
            metadata=metav1.ObjectMeta(name="robot-token", annotations={"kubernetes.io/service-account.name": "robot"}),
            type="kubernetes.io/service-account-token",
        ),
        metav1.CreateOptions(),
    )
    eventually(
        "the token controller fills the secret",
        lambda: "token" in secrets.get(CTX, "robot-token", metav1.GetOptions()).data,
    )
    data = secrets.get(CTX, "robot-token", metav1.GetOptions()).data
    assert data["ca.crt"] == cluster.ca_file.read_bytes()
    assert data["namespace"] == cluster_namespace.encode()
    status = review(data["token"].decode())
    assert (status.authenticated, status.user.username) == (True, user)

    # ServiceAccount admission: a pod gets the namespace's default account and its API access volume.
    pod = clientset.core_v1().pods(cluster_namespace).create(CTX, new_pod("p"), metav1.CreateOptions())
    assert pod.spec.serviceAccountName == "default"
    assert [v.name.startswith("kube-api-access-") for v in pod.spec.volumes] == [True]


def test_pod_logs_through_kwok(cluster, clientset, cluster_namespace):
    running_pod(clientset, cluster_namespace, "logger")
    pods = clientset.core_v1().pods(cluster_namespace)
    assert pods.get_logs("logger", corev1.PodLogOptions()).do_raw(CTX) == LOG_LINES
    assert pods.get_logs("logger", corev1.PodLogOptions(tailLines=1)).do_raw(CTX) == b"kwok log line 3\n"
    stamped = pods.get_logs("logger", corev1.PodLogOptions(timestamps=True)).do_raw(CTX)
    assert stamped.splitlines()[0] == b"2026-01-01T00:00:01.000000000Z kwok log line 1"

    # Follow: lines appended to the file while the stream is open arrive on it.
    original = cluster.pod_logs_file.read_bytes()
    stream = pods.get_logs("logger", corev1.PodLogOptions(follow=True)).stream(CTX)
    received: list[bytes] = []
    reader = threading.Thread(
        target=lambda: received.extend(stream.readline() for _ in range(4)), name="log-follower", daemon=True
    )
    reader.start()
    try:
        time.sleep(0.5)
        with cluster.pod_logs_file.open("ab") as f:
            f.write(b"2026-01-01T00:00:04.000000000Z stdout F a line written later\n")
        reader.join(timeout=30)
        assert not reader.is_alive(), f"the followed log stopped after {received}"
        assert received == LOG_LINES.splitlines(keepends=True) + [b"a line written later\n"]
    finally:
        stream.close()
        reader.join(timeout=10)
        cluster.pod_logs_file.write_bytes(original)


def test_kubectl_exec_and_port_forward_through_kwok(cluster, clientset, cluster_namespace):
    running_pod(clientset, cluster_namespace, "shell")
    # exec runs the command on this machine, in kwok's exec directory, with stdin, stdout and stderr carried.
    out = kubectl(cluster, "-n", cluster_namespace, "exec", "shell", "--", "pwd")
    assert (out.returncode, out.stdout.decode().strip()) == (0, str(cluster.exec_dir)), out.stderr
    # (kwok does not close the command's stdin when the client's ends: the command reads what it needs.)
    out = kubectl(
        cluster,
        "-n",
        cluster_namespace,
        "exec",
        "-i",
        "shell",
        "--",
        "sh",
        "-c",
        "head -c 6 | tr a-z A-Z",
        input=b"hello\n",
    )
    assert (out.returncode, out.stdout) == (0, b"HELLO\n"), out.stderr
    # A failed command: its output arrives, and kwok reports its exit status as an error of the exec.
    out = kubectl(cluster, "-n", cluster_namespace, "exec", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3")
    assert (out.returncode, out.stdout) == (1, b"out\n"), out.stderr
    assert out.stderr.startswith(b"err\n") and b"exit status 3" in out.stderr, out.stderr

    # port-forward reaches the address kwok forwards every pod port to: an echo server here.
    server = socket.create_server(cluster.port_forward_address)
    server.settimeout(30)

    def echo() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.sendall(conn.recv(1024).upper())

    echoer = threading.Thread(target=echo, name="port-forward-echo", daemon=True)
    echoer.start()
    forward = subprocess.Popen(
        [
            "kubectl",
            f"--kubeconfig={cluster.kubeconfig}",
            "-n",
            cluster_namespace,
            "port-forward",
            "pod/shell",
            ":8080",
            "--address=127.0.0.1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        timer = threading.Timer(30, forward.kill)
        timer.start()
        line = forward.stdout.readline()
        timer.cancel()
        timer.join()
        match = re.match(r"Forwarding from 127\.0\.0\.1:(\d+) -> 8080", line)
        assert match, f"kubectl port-forward printed {line!r}"
        with socket.create_connection(("127.0.0.1", int(match.group(1))), timeout=30) as conn:
            conn.sendall(b"ping")
            assert conn.recv(1024) == b"PING"
    finally:
        forward.terminate()
        forward.communicate(timeout=30)
        server.close()
        echoer.join(timeout=30)
        assert not echoer.is_alive()


def test_kubectl_attach_streams_what_is_written_to_the_log_after_it(cluster, clientset, cluster_namespace):
    running_pod(clientset, cluster_namespace, "attached")
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    original = cluster.pod_logs_file.read_bytes()
    attach = subprocess.Popen(
        ["kubectl", f"--kubeconfig={cluster.kubeconfig}", "-n", cluster_namespace, "attach", "attached"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    received: list[bytes] = []
    reader = threading.Thread(
        target=lambda: received.append(attach.stdout.readline()), name="attach-reader", daemon=True
    )
    reader.start()
    try:
        # Written until one arrives: attach streams only what is written once it is connected.
        deadline = time.monotonic() + 30
        n = 0
        while not received and time.monotonic() < deadline:
            n += 1
            with cluster.pod_logs_file.open("ab") as f:
                f.write(f"2026-01-01T00:01:00.000000000Z stdout F attached {n}\n".encode())
            reader.join(timeout=0.5)
        assert received and re.fullmatch(rb"attached \d+\n", received[0]), received
    finally:
        attach.kill()
        attach.wait(timeout=30)
        reader.join(timeout=10)
        cluster.pod_logs_file.write_bytes(original)


def test_pause_and_resume_the_scheduler(cluster, clientset, cluster_namespace):
    pods = clientset.core_v1().pods(cluster_namespace)
    cluster.cluster.pause("kube-scheduler")
    try:
        pods.create(CTX, new_pod("waits"), metav1.CreateOptions())
        time.sleep(3)
        assert pods.get(CTX, "waits", metav1.GetOptions()).spec.nodeName == ""
    finally:
        cluster.cluster.resume("kube-scheduler")
    eventually(
        "the pod scheduled and Running once the scheduler runs again",
        lambda: running_ready(pods.get(CTX, "waits", metav1.GetOptions())),
    )
    with pytest.raises(RuntimeError, match="no-such-component is not running"):
        cluster.cluster.pause("no-such-component")


def test_restart_apiserver_and_compact_etcd(cluster, clientset, cluster_namespace):
    config_maps = clientset.core_v1().config_maps(cluster_namespace)
    old = config_maps.create(CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="old")), metav1.CreateOptions())
    for i in range(3):
        config_maps.create(CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name=f"churn-{i}")), metav1.CreateOptions())
    before = config_maps.watch(CTX, metav1.ListOptions(resourceVersion="0"))
    try:
        revision = cluster.cluster.compact_etcd()
        assert revision > int(old.metadata.resourceVersion)
        # The API server comes back over the compacted etcd: its watch cache starts at the current revision.
        cluster.cluster.restart_apiserver()
        # The watch open across the restart ends (its events before that are the 4 ConfigMaps).
        seen = []
        while True:
            event, ok = before.result_chan().recv(timeout=30)
            if not ok:
                break
            if event.object.metadata.name != "kube-root-ca.crt":  # the controller-manager's, in every namespace
                seen.append((event.type, event.object.metadata.name))
        assert sorted(seen) == sorted([("ADDED", "old")] + [("ADDED", f"churn-{i}") for i in range(3)])
    finally:
        before.stop()

    # A watch from before the compaction: 410 Gone.
    gone = config_maps.watch(CTX, metav1.ListOptions(resourceVersion=old.metadata.resourceVersion))
    try:
        event, ok = gone.result_chan().recv(timeout=30)
        assert ok and event.type == "ERROR", event
        assert (event.object.code, event.object.reason) == (410, "Expired"), event.object
    finally:
        gone.stop()

    # A new watch works.
    current = config_maps.list(CTX, metav1.ListOptions()).metadata.resourceVersion
    after = config_maps.watch(CTX, metav1.ListOptions(resourceVersion=current))
    try:
        config_maps.create(CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="new")), metav1.CreateOptions())
        event, ok = after.result_chan().recv(timeout=30)
        assert ok and (event.type, event.object.metadata.name) == ("ADDED", "new")
    finally:
        after.stop()
    # The other components found the API server again: a new pod is scheduled and made Running.
    running_pod(clientset, cluster_namespace, "after-restart")
