"""Every resource client of the generated clientset against a real kube-apiserver, in JSON and in protobuf.

The table is the clientset itself: each resource client class (its group version, resource and +genclient
verbs). For each one the server serves, the verbs both sides allow are run on a minimal valid object: create,
get, list, watch, update, patch, delete; once through a JSON clientset and once through a protobuf one. After
each step the object is read back through the other format too, and both readings must be equal objects.
Create-only resources (reviews) are created once per format and the two answers compared; read-only ones are
listed and read.
"""

from __future__ import annotations

import base64
import inspect
import json
import random
import shutil
import subprocess
import uuid

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd
from kubernetes_py.util import retry

CTX = context.todo()
CONTAINERS = [{"name": "c", "image": "registry.k8s.io/pause:3.10"}]
POD_TEMPLATE = {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": CONTAINERS}}
SELECTOR = {"matchLabels": {"app": "x"}}
RULES = [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["configmaps"]}]
ROLE_REF = {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}

# The smallest valid object of each kind, without metadata (the test adds name and namespace). Keys: (group, kind).
MINIMAL: dict[tuple[str, str], dict] = {
    ("", "ConfigMap"): {"data": {"k": "v"}},
    ("", "Endpoints"): {},
    ("", "Event"): {
        "involvedObject": {"kind": "Pod", "name": "p", "namespace": "{namespace}"},
        "reason": "Test",
        "message": "m",
        "type": "Normal",
        "source": {"component": "test"},
    },
    ("", "LimitRange"): {"spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}}]}},
    ("", "Namespace"): {},
    ("", "Node"): {},
    ("", "PersistentVolume"): {
        "spec": {
            "capacity": {"storage": "1Gi"},
            "accessModes": ["ReadWriteOnce"],
            "hostPath": {"path": "/tmp/clientset-test"},
        }
    },
    ("", "PersistentVolumeClaim"): {
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
    },
    ("", "Pod"): {"spec": {"containers": CONTAINERS}},
    ("", "PodTemplate"): {"template": POD_TEMPLATE},
    ("", "ReplicationController"): {"spec": {"selector": {"app": "x"}, "template": POD_TEMPLATE}},
    ("", "ResourceQuota"): {"spec": {"hard": {"pods": "10"}}},
    ("", "Secret"): {"data": {"k": base64.b64encode(b"secret value").decode()}},
    ("", "ServiceAccount"): {},
    ("", "Service"): {"spec": {"ports": [{"port": 80}]}},
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"): {
        "spec": {
            "matchConstraints": {"resourceRules": RULES},
            "reinvocationPolicy": "Never",
            "mutations": [
                {
                    "patchType": "ApplyConfiguration",
                    "applyConfiguration": {"expression": "Object{metadata: Object.metadata{labels: {'a': 'b'}}}"},
                }
            ],
        }
    },
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"): {"spec": {"policyName": "none"}},
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): {},
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): {
        "spec": {"matchConstraints": {"resourceRules": RULES}, "validations": [{"expression": "true"}]}
    },
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"): {
        "spec": {"policyName": "none", "validationActions": ["Deny"]}
    },
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): {},
    ("apps", "ControllerRevision"): {"revision": 1, "data": {"spec": {"replicas": 1}}},
    ("apps", "DaemonSet"): {"spec": {"selector": SELECTOR, "template": POD_TEMPLATE}},
    ("apps", "Deployment"): {"spec": {"replicas": 0, "selector": SELECTOR, "template": POD_TEMPLATE}},
    ("apps", "ReplicaSet"): {"spec": {"replicas": 0, "selector": SELECTOR, "template": POD_TEMPLATE}},
    ("apps", "StatefulSet"): {"spec": {"replicas": 0, "selector": SELECTOR, "template": POD_TEMPLATE}},
    ("authentication.k8s.io", "SelfSubjectReview"): {},
    ("authentication.k8s.io", "TokenReview"): {"spec": {"token": "not-a-valid-token"}},
    ("authorization.k8s.io", "LocalSubjectAccessReview"): {
        "spec": {"user": "alice", "resourceAttributes": {"namespace": "{namespace}", "verb": "get", "resource": "pods"}}
    },
    ("authorization.k8s.io", "SelfSubjectAccessReview"): {
        "spec": {"resourceAttributes": {"verb": "get", "resource": "pods"}}
    },
    ("authorization.k8s.io", "SelfSubjectRulesReview"): {"spec": {"namespace": "{namespace}"}},
    ("authorization.k8s.io", "SubjectAccessReview"): {
        "spec": {"user": "alice", "resourceAttributes": {"verb": "list", "resource": "nodes"}}
    },
    ("autoscaling", "HorizontalPodAutoscaler"): {
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "maxReplicas": 2}
    },
    ("batch", "CronJob"): {
        "spec": {
            "schedule": "*/5 * * * *",
            "jobTemplate": {"spec": {"template": {"spec": {"containers": CONTAINERS, "restartPolicy": "Never"}}}},
        }
    },
    ("batch", "Job"): {"spec": {"template": {"spec": {"containers": CONTAINERS, "restartPolicy": "Never"}}}},
    ("certificates.k8s.io", "CertificateSigningRequest"): {
        "spec": {"request": "{csr}", "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}
    },
    ("certificates.k8s.io", "ClusterTrustBundle"): {"spec": {"trustBundle": "{ca}"}},
    ("coordination.k8s.io", "Lease"): {"spec": {"holderIdentity": "me"}},
    ("coordination.k8s.io", "LeaseCandidate"): {
        "spec": {
            "leaseName": "l",
            "binaryVersion": "1.37.0",
            "emulationVersion": "1.37.0",
            "strategy": "OldestEmulationVersion",
        }
    },
    ("discovery.k8s.io", "EndpointSlice"): {"addressType": "IPv4", "endpoints": []},
    ("events.k8s.io", "Event"): {
        "eventTime": "2026-01-02T03:04:05.000000Z",
        "reportingController": "example.com/c",
        "reportingInstance": "i-1",
        "action": "Test",
        "reason": "Testing",
        "type": "Normal",
        "regarding": {"kind": "Pod", "name": "p", "namespace": "{namespace}"},
    },
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"): {
        "spec": {"priorityLevelConfiguration": {"name": "global-default"}}
    },
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"): {
        "spec": {"type": "Limited", "limited": {"nominalConcurrencyShares": 1, "limitResponse": {"type": "Reject"}}}
    },
    ("networking.k8s.io", "IngressClass"): {"spec": {"controller": "example.com/ingress"}},
    ("networking.k8s.io", "Ingress"): {"spec": {"defaultBackend": {"service": {"name": "s", "port": {"number": 80}}}}},
    ("networking.k8s.io", "IPAddress"): {
        "spec": {"parentRef": {"group": "", "resource": "services", "name": "s", "namespace": "default"}}
    },
    ("networking.k8s.io", "NetworkPolicy"): {"spec": {"podSelector": {}}},
    ("networking.k8s.io", "ServiceCIDR"): {"spec": {"cidrs": ["{cidr}"]}},
    ("node.k8s.io", "RuntimeClass"): {"handler": "runc"},
    ("policy", "PodDisruptionBudget"): {"spec": {"minAvailable": 1, "selector": SELECTOR}},
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): {"roleRef": ROLE_REF},
    ("rbac.authorization.k8s.io", "ClusterRole"): {},
    ("rbac.authorization.k8s.io", "RoleBinding"): {"roleRef": ROLE_REF},
    ("rbac.authorization.k8s.io", "Role"): {},
    ("resource.k8s.io", "DeviceClass"): {"spec": {}},
    ("resource.k8s.io", "DeviceTaintRule"): {"spec": {"taint": {"key": "example.com/k", "effect": "NoSchedule"}}},
    ("resource.k8s.io", "ResourceClaim"): {
        "spec": {"devices": {"requests": [{"name": "r", "exactly": {"deviceClassName": "c"}}]}}
    },
    ("resource.k8s.io", "ResourceClaimTemplate"): {"spec": {"spec": {}}},
    ("resource.k8s.io", "ResourcePoolStatusRequest"): {"spec": {"driver": "dra.example.com"}},
    ("internal.apiserver.k8s.io", "StorageVersion"): {"spec": {}},
    ("resource.k8s.io", "ResourceSlice"): {
        "spec": {
            "driver": "dra.example.com",
            "allNodes": True,
            "pool": {"name": "p", "generation": 1, "resourceSliceCount": 1},
        }
    },
    ("scheduling.k8s.io", "PriorityClass"): {"value": 1000},
    ("storage.k8s.io", "CSIDriver"): {"spec": {}},
    ("storage.k8s.io", "CSINode"): {"spec": {"drivers": []}},
    ("storage.k8s.io", "CSIStorageCapacity"): {"storageClassName": "sc"},
    ("storage.k8s.io", "StorageClass"): {"provisioner": "example.com/provisioner"},
    ("storage.k8s.io", "VolumeAttachment"): {
        "spec": {"attacher": "csi.example.com", "nodeName": "n", "source": {"persistentVolumeName": "pv"}}
    },
    ("storage.k8s.io", "VolumeAttributesClass"): {"driverName": "csi.example.com", "parameters": {"iops": "100"}},
    ("storagemigration.k8s.io", "StorageVersionMigration"): {
        "spec": {"resource": {"group": "", "resource": "configmaps"}}
    },
}
# Where a version's schema differs from the one above: (group, version, kind).
MINIMAL_IN_VERSION: dict[tuple[str, str, str], dict] = {
    ("resource.k8s.io", "v1beta1", "ResourceClaim"): {
        "spec": {"devices": {"requests": [{"name": "r", "deviceClassName": "c"}]}}
    },
}
# Served kinds whose minimal object needs more than this suite sets up.
NOT_COVERED = {
    ("certificates.k8s.io", "PodCertificateRequest"): "needs a pod bound to a node, and a key pair and proof of "
    "possession made for it",
}


def _resource_clients() -> list[tuple[str, str]]:
    """(clientset accessor, resource getter) for every resource client of the generated clientset."""
    from kubernetes_py import rest

    cs = kubernetes.new_for_config(rest.Config(host="https://table.invalid"))
    out = []
    for accessor in sorted(vars(kubernetes.Clientset)):
        if accessor.startswith("_") or accessor == "discovery":
            continue
        group_client = getattr(cs, accessor)()
        for getter in sorted(vars(type(group_client))):
            if not getter.startswith("_") and getter != "rest_client":
                out.append((accessor, getter))
    return out


def _resource_client(cs, accessor: str, getter: str, namespace: str):
    get = getattr(getattr(cs, accessor)(), getter)
    return get(namespace) if "namespace" in inspect.signature(get).parameters else get()


@pytest.fixture(scope="module")
def clientsets(apiserver):
    """A JSON clientset and a protobuf one (the typed clients' default) for the admin."""
    json_config = clientcmd.build_config_from_flags("", str(apiserver.kubeconfig))
    json_config.content_type = "application/json"
    protobuf_config = clientcmd.build_config_from_flags("", str(apiserver.kubeconfig))
    return {"json": kubernetes.new_for_config(json_config), "protobuf": kubernetes.new_for_config(protobuf_config)}


@pytest.fixture(scope="module")
def served(apiserver) -> dict[tuple[str, str, str], set[str]]:
    """(group, version, resource) -> verbs, for everything the server serves (read without the library)."""
    out = {}
    paths = ["/api/v1"]
    code, groups = apiserver.request("GET", "/apis")
    assert code == 200, groups
    paths += [f"/apis/{v['groupVersion']}" for g in groups["groups"] for v in g["versions"]]
    for path in paths:
        code, body = apiserver.request("GET", path)
        assert code == 200, body
        group, _, version = body["groupVersion"].rpartition("/")
        for r in body["resources"]:
            if "/" not in r["name"]:
                out[(group, version, r["name"])] = set(r["verbs"])
    return out


@pytest.fixture(scope="module")
def fillers(apiserver, tmp_path_factory) -> dict[str, str]:
    """Values some minimal objects need: a CSR, the cluster's CA bundle, a free service CIDR."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate signing request")
    work = tmp_path_factory.mktemp("csr")
    subprocess.run(
        [
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            str(work / "key.pem"),
            "-out",
            str(work / "csr.pem"),
            "-subj",
            "/CN=alice",
        ],
        check=True,
        capture_output=True,
    )
    return {
        "csr": base64.b64encode((work / "csr.pem").read_bytes()).decode(),
        "ca": apiserver.ca_file.read_text().strip() + "\n",
    }


def _filled(value, fill: dict[str, str]):
    """The minimal object with its "{placeholder}" values replaced."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return fill[value[1:-1]]
    if isinstance(value, dict):
        return {k: _filled(v, fill) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, fill) for v in value]
    return value


def _typed(client, group: str, version: str, kind: str, name: str, namespace: str, fill: dict[str, str]):
    wire = {
        "apiVersion": f"{group}/{version}" if group else version,
        "kind": kind,
        "metadata": {
            **({"name": name} if name else {}),
            **({"namespace": namespace} if client.get_namespace() else {}),
        },
        **_filled(MINIMAL_IN_VERSION.get((group, version, kind), MINIMAL[(group, kind)]), fill),
    }
    return runtime.decode(scheme.Codecs.universal_deserializer(), json.dumps(wire).encode())


def _name_for(kind: str) -> str:
    if kind == "StorageVersion":  # <group>.<resource>
        return f"cs-{uuid.uuid4().hex[:10]}.example.com.widgets"
    if kind == "IPAddress":
        return f"10.{random.randint(100, 250)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    return f"cs-{uuid.uuid4().hex[:10]}"


def _by_name(name: str, **kwargs) -> metav1.ListOptions:
    return metav1.ListOptions(fieldSelector=f"metadata.name={name}", **kwargs)


def _go_value(obj) -> dict:
    """The object as Go's JSON shows it: a JSON-decoded and a protobuf-decoded object of the same Go value read
    the same, whichever zero fields protobuf marks as set."""
    gvks, _ = scheme.Scheme.object_kinds(obj)
    return json.loads(runtime.encode(scheme.Codecs.legacy_codec(gvks[0].group_version()), obj))


def _same(*objs) -> bool:
    values = [_go_value(obj) for obj in objs]
    return all(v == values[0] for v in values[1:])


def _read_both(clients, other, name: str):
    """The object read through both clients at the same resourceVersion (the server may change it in between,
    as the flow-control controller does with FlowSchema status)."""
    for _ in range(10):
        one = clients.get(CTX, name, metav1.GetOptions())
        two = other.get(CTX, name, metav1.GetOptions())
        if one.metadata.resourceVersion == two.metadata.resourceVersion:
            return one, two
    raise AssertionError(f"{name} kept changing between reads")


def _canonical(value):
    """A JSON value with every list sorted (for answers whose list order the server does not fix)."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _full_cycle(clients, other, kind, obj, name: str) -> None:
    """create, get, list, watch, update, patch, delete through ``clients``; after each change the object is read
    through both clients and the two readings must be the same Go value."""
    created = clients.create(CTX, obj, metav1.CreateOptions())
    assert created.metadata.name == name and created.metadata.uid
    got, other_got = _read_both(clients, other, name)
    assert _same(got, other_got)
    assert got.metadata.uid == created.metadata.uid

    listed = clients.list(CTX, _by_name(name))
    assert [item.metadata.name for item in listed.items] == [name]
    other_listed = other.list(CTX, _by_name(name))
    if listed.metadata.resourceVersion == other_listed.metadata.resourceVersion:
        assert _same(listed, other_listed)

    watcher = clients.watch(CTX, _by_name(name, resourceVersion=got.metadata.resourceVersion, timeoutSeconds=30))
    try:
        current, updated = got, None

        def update():  # the server's own controllers may write status in between (FlowSchema conditions...)
            nonlocal current, updated
            current.metadata.labels["updated"] = "yes"
            try:
                updated = clients.update(CTX, current, metav1.UpdateOptions())
            except errors.StatusError:
                current = clients.get(CTX, name, metav1.GetOptions())
                raise

        retry.retry_on_conflict(retry.DefaultRetry, update)
        assert updated.metadata.labels["updated"] == "yes"
        for event in watcher.result_chan():  # skip changes the server made itself before ours
            assert event.type == "MODIFIED"
            if event.object.metadata.labels.get("updated") == "yes":
                break
        else:
            raise AssertionError("the watch ended without showing the update")
        if event.object.metadata.resourceVersion == updated.metadata.resourceVersion:
            assert _same(event.object, updated)
    finally:
        watcher.stop()
    assert _same(*_read_both(clients, other, name))

    patched = clients.patch(
        CTX, name, "application/merge-patch+json", b'{"metadata":{"labels":{"patched":"yes"}}}', metav1.PatchOptions()
    )
    assert dict(patched.metadata.labels) == {**dict(updated.metadata.labels), "patched": "yes"}
    assert _same(*_read_both(clients, other, name))

    clients.delete(CTX, name, metav1.DeleteOptions())
    try:
        left = other.get(CTX, name, metav1.GetOptions())
    except errors.StatusError as err:
        assert errors.is_not_found(err), err
    else:  # finalizers that only a controller would remove keep it, marked for deletion
        assert left.metadata.HasField("deletionTimestamp"), f"{kind} {name} still there after delete"


@pytest.mark.parametrize("accessor,getter", _resource_clients())
def test_resource_client_in_json_and_protobuf(clientsets, served, fillers, namespace, accessor, getter):
    clients = {mode: _resource_client(cs, accessor, getter, namespace) for mode, cs in clientsets.items()}
    probe = clients["json"]
    gv = probe.get_client().api_version()
    verbs = served.get((gv.group, gv.version, probe._resource))
    if verbs is None:
        if probe._resource == "evictions":
            pytest.skip("evictions are the pods/eviction subresource: see test_clientset_expansions.py")
        pytest.skip(f"{gv.group}/{gv.version} {probe._resource} is not served by this kube-apiserver")
    kind = type(probe._new_object()).__name__
    if (gv.group, kind) in NOT_COVERED:
        pytest.skip(NOT_COVERED[(gv.group, kind)])
    allowed = {v.lower() for v in type(probe).VERBS} & verbs
    fill = {**fillers, "namespace": namespace, "cidr": f"10.{random.randint(100, 250)}.{random.randint(0, 255)}.0/24"}

    if {"create", "get", "list", "watch", "update", "patch", "delete"} <= allowed:
        for mode, other_mode in (("json", "protobuf"), ("protobuf", "json")):
            name = _name_for(kind)
            obj = _typed(clients[mode], gv.group, gv.version, kind, name, namespace, fill)
            _full_cycle(clients[mode], clients[other_mode], kind, obj, name)
    elif allowed == {"create"}:
        # Reviews are not stored: their metadata stays empty, and both formats must give the same answer (up to
        # the order of computed lists, such as the rules of a rules review).
        answers = [
            clients[mode].create(
                CTX, _typed(clients[mode], gv.group, gv.version, kind, "", namespace, fill), metav1.CreateOptions()
            )
            for mode in ("json", "protobuf")
        ]
        assert _canonical(_go_value(answers[0])) == _canonical(_go_value(answers[1]))
    elif allowed == {"get", "list"}:
        # Component statuses are probed on each read: their conditions may differ, their names may not.
        listed = [clients[mode].list(CTX, metav1.ListOptions()) for mode in ("json", "protobuf")]
        assert sorted(i.metadata.name for i in listed[0].items) == sorted(i.metadata.name for i in listed[1].items)
        if listed[0].items:
            name = listed[0].items[0].metadata.name
            assert clients["json"].get(CTX, name, metav1.GetOptions()).metadata.name == name
    else:
        pytest.fail(f"no test plan for verbs {sorted(allowed)} of {gv.group}/{gv.version} {probe._resource}")
