"""Server-side apply through ``kubernetes.fake.new_clientset()`` beside a real kube-apiserver.

The same sequence (a create, two appliers, a conflict, a forced apply, an update by a third manager that takes
a field, a conflict with that updater, a merge patch, an apply that drops fields) runs against both. After every
step the objects (labels, annotations, data) and the managed fields (manager, operation, apiVersion,
subresource and the exact FieldsV1 bytes; timestamps aside) are the same, and so are the conflict errors (text,
code, reason and causes).

``apply_status`` is where client-go's fake knowingly differs from a server: its tracker knows no subresources,
so the status applier's entry has no ``subresource: status`` (and a conflict names the manager without "with
subresource"). Those differences are asserted as such.
"""

from __future__ import annotations

import json

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors, resource
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util.managedfields import internal
from kubernetes_py.apimachinery import types
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import clientcmd

CTX = context.background()


@pytest.fixture(scope="module")
def server_clientset(apiserver):
    return kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))


def _managed(obj) -> list:
    """The managed fields entries without their times, in a stable order (entries of one operation are
    ordered by time in seconds, which two runs need not share)."""
    entries = [
        (e.manager, e.operation, e.apiVersion, e.subresource, e.fieldsType, bytes(e.fieldsV1.Raw))
        for e in obj.metadata.managedFields
    ]
    assert all(e.HasField("time") for e in obj.metadata.managedFields)
    return sorted(entries)


def _cm_state(cm) -> tuple:
    return (dict(cm.metadata.labels), dict(cm.metadata.annotations), dict(cm.data), _managed(cm))


def _error(err: errors.StatusError) -> tuple:
    status = err.status()
    causes = sorted((c.reason, c.message, c.field) for c in status.details.causes)
    return status.code, status.reason, str(err), causes


def _cm(ns: str, labels: dict | None = None, **data: str) -> corev1.ConfigMap:
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name="cm", namespace=ns, labels=labels or {}), data=data)


def _config_map_scenario(cs, ns: str) -> list:
    cms = cs.core_v1().config_maps(ns)
    steps: list = []

    def apply(manager: str, cm: corev1.ConfigMap, force: bool = False) -> None:
        opts = metav1.ApplyOptions(fieldManager=manager, force=force)
        try:
            steps.append(("apply", manager, _cm_state(cms.apply(CTX, cm, opts))))
        except errors.StatusError as err:
            steps.append(("apply", manager, _error(err)))

    steps.append(
        (
            "create",
            _cm_state(cms.create(CTX, _cm(ns, {"app": "web"}, k0="v0"), metav1.CreateOptions(fieldManager="creator"))),
        )
    )
    apply("mgr-a", _cm(ns, {"team": "x"}, a="1"))
    apply("mgr-b", _cm(ns, b="2"))
    apply("mgr-b", _cm(ns, a="other", b="2"))  # conflict with mgr-a
    apply("mgr-b", _cm(ns, a="forced", b="2"), force=True)  # takes .data.a
    apply("mgr-a", _cm(ns, {"team": "x"}, c="3"))  # a is no longer mgr-a's: it stays
    live = cms.get(CTX, "cm", metav1.GetOptions())
    live.data["b"] = "edited"
    live.data["d"] = "4"
    live.metadata.annotations["note"] = "by hand"
    steps.append(("update", _cm_state(cms.update(CTX, live, metav1.UpdateOptions(fieldManager="editor")))))
    apply("mgr-b", _cm(ns, a="forced", b="2"))  # conflict with the updater, "using v1"
    patched = cms.patch(
        CTX, "cm", types.MergePatchType, b'{"data":{"e":"5","k0":null}}', metav1.PatchOptions(fieldManager="patcher")
    )
    steps.append(("patch", _cm_state(patched)))
    apply("mgr-b", _cm(ns, b="edited"))  # drops a: pruned, nobody else owns it
    apply("mgr-a", _cm(ns))  # drops c and the team label
    apply("mgr-x", _cm(ns, {"app": "db", "team": "y"}, c="3", d="9", e="6"))  # conflicts with three owners
    return steps


def test_config_map_applies_match_the_server(server_clientset, namespace):
    server = _config_map_scenario(server_clientset, namespace)
    faked = _config_map_scenario(fake.new_clientset(), namespace)
    for i, (s, f) in enumerate(zip(server, faked)):
        assert f == s, f"step {i} ({s[0]} {s[1] if len(s) > 2 else ''}) differs"
    assert len(faked) == len(server) == 12
    # What the server answered, for the record: the conflicts and the final owners.
    assert server[3][2] == (
        409,
        "Conflict",
        'Apply failed with 1 conflict: conflict with "mgr-a": .data.a',
        [("FieldManagerConflict", 'conflict with "mgr-a"', ".data.a")],
    )
    assert server[7][2][2] == 'Apply failed with 1 conflict: conflict with "editor" using v1: .data.b'
    assert server[-1][2][2] == (
        'Apply failed with 3 conflicts: conflicts with "creator" using v1:\n'
        '- .metadata.labels.app\nconflicts with "editor" using v1:\n- .data.d\n'
        'conflicts with "patcher" using v1:\n- .data.e'
    )
    final = server[-2][2]
    assert final[2] == {"b": "edited", "d": "4", "e": "5"}


def _quota(ns: str, **hard: str) -> corev1.ResourceQuota:
    return corev1.ResourceQuota(
        metadata=metav1.ObjectMeta(name="rq", namespace=ns),
        spec=corev1.ResourceQuotaSpec(hard={k: resource.must_parse(v) for k, v in hard.items()}),
    )


def _quota_status(ns: str, **hard: str) -> corev1.ResourceQuota:
    return corev1.ResourceQuota(
        metadata=metav1.ObjectMeta(name="rq", namespace=ns),
        status=corev1.ResourceQuotaStatus(hard={k: resource.must_parse(v) for k, v in hard.items()}),
    )


def _rq_state(rq) -> tuple:
    return ({k: str(v) for k, v in rq.spec.hard.items()}, {k: str(v) for k, v in rq.status.hard.items()}, _managed(rq))


def _status_scenario(cs, ns: str) -> list:
    rqs = cs.core_v1().resource_quotas(ns)
    steps: list = []

    def run(name: str, fn) -> None:
        try:
            steps.append((name, _rq_state(fn())))
        except errors.StatusError as err:
            steps.append((name, _error(err)))

    run("apply spec", lambda: rqs.apply(CTX, _quota(ns, pods="10"), metav1.ApplyOptions(fieldManager="spec-mgr")))
    run(
        "apply status",
        lambda: rqs.apply_status(CTX, _quota_status(ns, pods="10"), metav1.ApplyOptions(fieldManager="status-mgr")),
    )
    run(
        "conflicting status",
        lambda: rqs.apply_status(CTX, _quota_status(ns, pods="3"), metav1.ApplyOptions(fieldManager="other")),
    )
    run(
        "forced status",
        lambda: rqs.apply_status(
            CTX, _quota_status(ns, pods="3"), metav1.ApplyOptions(fieldManager="other", force=True)
        ),
    )
    return steps


def _without_subresource(steps: list) -> list:
    out = []
    for name, state in steps:
        if (
            len(state) == 3
            and isinstance(state[2], list)
            and state[2]
            and isinstance(state[2][0], tuple)
            and len(state[2][0]) == 6
        ):
            state = (state[0], state[1], sorted((m, op, v, "", t, raw) for m, op, v, _, t, raw in state[2]))
        out.append((name, state))
    return out


def test_apply_status_matches_the_server_but_for_the_subresource(server_clientset, namespace):
    server = _status_scenario(server_clientset, namespace)
    faked = _status_scenario(fake.new_clientset(), namespace)
    status_fields = json.dumps({"f:status": {"f:hard": {"f:pods": {}}}}, separators=(",", ":")).encode()
    # The server records the status applier against the status subresource; client-go's fake does not.
    assert ("status-mgr", "Apply", "v1", "status", "FieldsV1", status_fields) in server[1][1][2]
    assert ("status-mgr", "Apply", "v1", "", "FieldsV1", status_fields) in faked[1][1][2]
    # ...so the conflict names it differently.
    assert server[2][1][2] == (
        'Apply failed with 1 conflict: conflict with "status-mgr" with subresource "status": .status.hard.pods'
    )
    assert faked[2][1][2] == 'Apply failed with 1 conflict: conflict with "status-mgr": .status.hard.pods'
    assert server[2][1][:2] == faked[2][1][:2] == (409, "Conflict")
    # Everything else is the same: objects, owners, fields.
    assert [s for s in _without_subresource(faked) if s[0] != "conflicting status"] == [
        s for s in _without_subresource(server) if s[0] != "conflicting status"
    ]
    assert server[-1][1][:2] == ({"pods": "10"}, {"pods": "3"})


def test_conflict_messages_name_managers_as_the_server_does():
    """printManager's forms (Go's internal.printManager), which the scenarios above meet on the server."""
    assert internal._print_manager('{"manager":"m","operation":"Apply"}') == '"m"'
    assert internal._print_manager('{"manager":"m","operation":"Update","apiVersion":"v1"}') == '"m" using v1'
    assert (
        internal._print_manager('{"manager":"m","operation":"Apply","subresource":"status"}')
        == '"m" with subresource "status"'
    )
    assert internal._print_manager("not json") == '"not json"'


def _deployment(ns: str, replicas: int | None = None, containers: tuple = ()) -> appsv1.Deployment:
    d = appsv1.Deployment(metadata=metav1.ObjectMeta(name="web", namespace=ns))
    if replicas is not None:
        d.spec.replicas = replicas
    d.spec.selector.matchLabels["app"] = "web"
    d.spec.template.metadata.labels["app"] = "web"
    for name, image, ports, args in containers:
        c = corev1.Container(name=name, image=image, args=list(args))
        for port, protocol in ports:
            c.ports.append(corev1.ContainerPort(containerPort=port, **({"protocol": protocol} if protocol else {})))
        d.spec.template.spec.containers.append(c)
    return d


def _deploy_state(d) -> tuple:
    """Replicas, containers (name, image, ports, args) and managed fields. A port's protocol is left out: the
    server defaults it to TCP, the fake applies no defaults (see the test)."""
    containers = [
        (c.name, c.image, [p.containerPort for p in c.ports], list(c.args)) for c in d.spec.template.spec.containers
    ]
    return d.spec.replicas, containers, _managed(d)


def _deployment_scenario(cs, ns: str) -> list:
    deployments = cs.apps_v1().deployments(ns)
    steps: list = []

    def apply(manager: str, d, force: bool = False) -> None:
        try:
            steps.append(
                (
                    manager,
                    _deploy_state(deployments.apply(CTX, d, metav1.ApplyOptions(fieldManager=manager, force=force))),
                )
            )
        except errors.StatusError as err:
            steps.append((manager, _error(err)))

    web = ("web", "nginx:1", ((80, ""),), ("a", "b"))
    side = ("side", "busybox", (), ())
    apply("deployer", _deployment(ns, 2, (web, side)))
    apply("scaler", _deployment(ns, 5))  # conflict on .spec.replicas
    apply("scaler", _deployment(ns, 5), force=True)
    apply("deployer", _deployment(ns, None, (("web", "nginx:2", ((80, ""),), ("a", "b")),)))  # prunes side
    apply("injector", _deployment(ns, None, (("proxy", "envoy", ((15001, "TCP"),), ()),)))
    apply("deployer", _deployment(ns, None, (("web", "nginx:2", ((80, "TCP"),), ("c",)),)))  # TCP: same key
    apply("other", _deployment(ns, None, (("web", "nginx:3", (), ()),)))  # conflict inside a keyed list
    return steps


def test_deployment_applies_with_keyed_lists_match_the_server(server_clientset, namespace):
    server = _deployment_scenario(server_clientset, namespace)
    faked = _deployment_scenario(fake.new_clientset(), namespace)
    for i, (s, f) in enumerate(zip(server, faked)):
        assert f == s, f"step {i} ({s[0]}) differs"
    assert len(server) == len(faked) == 7
    assert server[1][1][2] == 'Apply failed with 1 conflict: conflict with "deployer": .spec.replicas'
    assert server[-1][1][2] == (
        'Apply failed with 1 conflict: conflict with "deployer": .spec.template.spec.containers[name="web"].image'
    )
    replicas, containers, _ = server[-2][1]
    assert replicas == 5
    assert containers == [("web", "nginx:2", [80], ["c"]), ("proxy", "envoy", [15001], [])]


def test_the_fake_applies_no_defaults(server_clientset, namespace):
    """An omitted key field with a schema default (a port's protocol) keys the list item by its default on
    both sides; only the server writes the default into the object."""
    web = ("web", "nginx:1", ((80, ""),), ())
    objs = []
    for cs in (server_clientset, fake.new_clientset()):
        objs.append(
            cs.apps_v1()
            .deployments(namespace)
            .apply(CTX, _deployment(namespace, 1, (web,)), metav1.ApplyOptions(fieldManager="deployer"))
        )
    server_d, fake_d = objs
    assert _managed(server_d) == _managed(fake_d)
    assert b'"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}"' in _managed(fake_d)[0][5]
    assert server_d.spec.template.spec.containers[0].ports[0].protocol == "TCP"
    assert fake_d.spec.template.spec.containers[0].ports[0].protocol == ""
    assert server_d.spec.template.spec.restartPolicy == "Always" and fake_d.spec.template.spec.restartPolicy == ""
