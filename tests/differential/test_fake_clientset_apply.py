"""kubernetes.fake.new_clientset beside client-go's fake.NewClientset (hack/oracle/cmd/fakeapply).

The same actions (creates, updates, applies in JSON and YAML, forced applies, apply and update of the status
subresource, merge and strategic merge patches, bad applies, and random apply sequences of three managers over
ConfigMaps and Deployments) answer the same on both: the same error texts, or the same objects with the same
managed fields (their times aside).
"""

from __future__ import annotations

import json
import random
import subprocess

from kubernetes_py import testing
from kubernetes_py.apimachinery import runtime, types
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.kubernetes import fake, scheme

NS = "ns"


def _op(verb: str, resource: str, name: str, manager: str = "", **kw) -> dict:
    group, version = ("apps", "v1") if resource == "deployments" else ("", "v1")
    return {
        "verb": verb,
        "group": group,
        "version": version,
        "resource": resource,
        "subresource": "",
        "namespace": NS,
        "name": name,
        "manager": manager,
        "force": None,
        **kw,
    }


def _cm(name: str, data: dict | None = None, labels: dict | None = None) -> dict:
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": NS}}
    if labels is not None:
        obj["metadata"]["labels"] = labels
    if data is not None:
        obj["data"] = data
    return obj


def _deploy(name: str, replicas=None, containers=(), status=None) -> dict:
    obj: dict = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name}}
    spec: dict = {}
    if replicas is not None:
        spec["replicas"] = replicas
    if containers:
        spec["template"] = {"spec": {"containers": [{"name": n, "image": i} for n, i in containers]}}
    if spec:
        obj["spec"] = spec
    if status is not None:
        obj["status"] = status
    return obj


POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
        "name": "p",
        "namespace": NS,
        "finalizers": ["a/b"],
        "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "o", "uid": "u1"}],
    },
    "spec": {
        "containers": [
            {
                "name": "c",
                "image": "i",
                "env": [{"name": "A", "value": "1"}],
                "resources": {"limits": {"cpu": "500m", "memory": "1Gi"}},
                "livenessProbe": {"httpGet": {"port": "http", "path": "/"}},
                "ports": [{"containerPort": 8080, "name": "http"}],
            }
        ],
        "tolerations": [{"key": "k", "operator": "Exists"}],
        "volumes": [{"name": "v", "emptyDir": {}}],
    },
}
POD_MORE = json.loads(json.dumps(POD))
POD_MORE["spec"]["containers"][0]["env"].append({"name": "B", "value": "2"})
POD_MORE["spec"]["containers"][0]["resources"]["limits"]["cpu"] = "1"
SERVICE = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "s"},
    "spec": {"selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": 8080}, {"port": 53, "protocol": "UDP"}]},
}


def _scripted() -> list:
    j = json.dumps
    return [
        _op("create", "configmaps", "a", "creator", object=_cm("a", {"k0": "v0"}, {"app": "web"})),
        _op("apply", "configmaps", "a", "alpha", patch=j(_cm("a", {"x": "1"}))),
        _op("apply", "configmaps", "a", "beta", patch=j(_cm("a", {"x": "2"}))),
        _op("apply", "configmaps", "a", "beta", patch=j(_cm("a", {"x": "2"})), force=True),
        _op("apply", "configmaps", "a", "alpha", patch="apiVersion: v1\nkind: ConfigMap\ndata:\n  on: 'yes'\n"),
        _op("update", "configmaps", "a", "editor", object=_cm("a", {"k0": "edited", "x": "2", "true": "yes"})),
        _op("update", "configmaps", "a", "", object=_cm("a", {"k0": "edited", "x": "3", "true": "yes"})),
        _op("patch", "configmaps", "a", "patcher", patchType=types.MergePatchType, patch='{"data":{"m":"1"}}'),
        _op(
            "patch",
            "configmaps",
            "a",
            "patcher",
            patchType=types.StrategicMergePatchType,
            patch='{"metadata":{"labels":{"tier":"1"}}}',
        ),
        _op("apply", "configmaps", "a", "alpha", patch=j(_cm("a", {"x": "9"}, {"app": "db"}))),
        _op("apply", "configmaps", "a", "alpha", patch=j({"apiVersion": "v1", "kind": "Secret"})),
        _op(
            "apply",
            "configmaps",
            "a",
            "alpha",
            patch=j({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"managedFields": []}}),
        ),
        _op("apply", "configmaps", "new", "", patch=j(_cm("new", {"k": "v"}))),
        _op("apply", "configmaps", "a", "alpha", patch="- not\n- a map\n"),
        _op(
            "apply", "deployments", "d", "deployer", patch=j(_deploy("d", 2, [("web", "nginx:1"), ("side", "busybox")]))
        ),
        _op("apply", "deployments", "d", "scaler", patch=j(_deploy("d", 5))),
        _op("apply", "deployments", "d", "scaler", patch=j(_deploy("d", 5)), force=True),
        _op("apply", "deployments", "d", "deployer", patch=j(_deploy("d", None, [("web", "nginx:2")]))),
        _op(
            "apply",
            "deployments",
            "d",
            "kubelet",
            patch=j(_deploy("d", status={"readyReplicas": 1})),
            subresource="status",
        ),
        _op(
            "apply",
            "deployments",
            "d",
            "other",
            patch=j(_deploy("d", status={"readyReplicas": 2})),
            subresource="status",
        ),
        _op(
            "update",
            "deployments",
            "d",
            "controller",
            subresource="status",
            object=_deploy("d", 5, [("web", "nginx:2")], {"readyReplicas": 1, "replicas": 5}),
        ),
        _op(
            "apply",
            "deployments",
            "missing",
            "x",
            patch=j(_deploy("missing", status={"replicas": 1})),
            subresource="status",
        ),
        _op("apply", "configmaps", "a", "alpha", patch=j({**_cm("a", {"x": "1"}), "bogus": {"y": 1}})),
        _op("apply", "configmaps", "a", "alpha", patch=j(_cm("a", {"x": None}))),
        _op("apply", "deployments", "d", "deployer", patch=j({**_deploy("d", 2), "spec": {"replicas": "two"}})),
        _op("apply", "configmaps", "a", "alpha", patch='{"apiVersion": "v1", "kind": "ConfigMap", "data": {'),
        _op("apply", "pods", "p", "a", patch=j(POD)),
        _op("apply", "pods", "p", "b", patch=j(POD_MORE)),
        _op("apply", "pods", "p", "b", patch=j(POD_MORE), force=True),
        _op("apply", "services", "s", "a", patch=j(SERVICE)),
        _op("apply", "services", "s", "b", patch=j({**SERVICE, "spec": {"selector": {"app": "y"}}})),
        _op(
            "apply",
            "secrets",
            "sec",
            "a",
            patch=j(
                {
                    "apiVersion": "v1",
                    "kind": "Secret",
                    "metadata": {"name": "sec"},
                    "data": {"k": "dmFsdWU="},
                    "stringData": {"s": "x"},
                }
            ),
        ),
        # One empty managed fields entry resets the managed fields. (An empty list does too in Go; a typed
        # object here cannot tell an empty list from none: see the report of this port.)
        _op("create", "configmaps", "c", "creator", object=_cm("c", {"a": "1", "b": "1"})),
        _op(
            "update",
            "configmaps",
            "c",
            "upd",
            object={
                **_cm("c", {"a": "2", "b": "1"}),
                "metadata": {"name": "c", "namespace": NS, "managedFields": [{}]},
            },
        ),
    ]


def _random(seed: int, count: int) -> list:
    rng = random.Random(seed)
    ops = []
    for _ in range(count):
        manager = rng.choice(["alpha", "beta", "gamma"])
        name = rng.choice(["r1", "r2"])
        verb = rng.choice(["apply", "apply", "apply", "force", "update"])
        data = {k: rng.choice(["1", "2"]) for k in rng.sample(["a", "b", "c", "d"], rng.randint(0, 3))}
        labels = {k: "v" for k in rng.sample(["l1", "l2"], rng.randint(0, 2))} if rng.random() < 0.5 else None
        cm = _cm(name, data, labels)
        if verb == "update":
            ops.append(_op("update", "configmaps", name, manager, object=cm))
        else:
            ops.append(_op("apply", "configmaps", name, manager, patch=json.dumps(cm), force=verb == "force"))
    return ops


def _run_go(go_oracle, ops: list) -> list:
    proc = subprocess.run(
        [str(go_oracle("fakeapply"))], input=json.dumps({"ops": ops}).encode(), capture_output=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def _run_python(ops: list) -> list:
    cs = fake.new_clientset()
    decoder = scheme.Codecs.universal_deserializer()
    out = []
    for o in ops:
        gvr = GroupVersionResource(o["group"], o["version"], o["resource"])
        sub = o["subresource"]
        if o["verb"] in ("create", "update"):
            obj = runtime.decode(decoder, json.dumps(o["object"]).encode())
            if o["verb"] == "create":
                opts = metav1.CreateOptions(fieldManager=o["manager"])
                action = (
                    testing.new_create_subresource_action_with_options(gvr, o["name"], sub, NS, obj, opts)
                    if sub
                    else testing.new_create_action_with_options(gvr, NS, obj, opts)
                )
            else:
                opts = metav1.UpdateOptions(fieldManager=o["manager"])
                action = (
                    testing.new_update_subresource_action_with_options(gvr, sub, NS, obj, opts)
                    if sub
                    else testing.new_update_action_with_options(gvr, NS, obj, opts)
                )
        else:
            pt = types.ApplyPatchType if o["verb"] == "apply" else o["patchType"]
            opts = metav1.PatchOptions(fieldManager=o["manager"])
            if o["force"] is not None:
                opts.force = o["force"]
            action = testing.new_patch_subresource_action_with_options(
                gvr, NS, o["name"], pt, o["patch"].encode(), opts, *([sub] if sub else [])
            )
        try:
            result = cs.invokes(action, None)
        except Exception as err:  # noqa: BLE001 - every error's text is compared with Go's
            out.append({"error": str(err)})
            continue
        out.append({"object": runtime.DefaultUnstructuredConverter.to_unstructured(result)})
    return out


def _comparable(results: list) -> list:
    """Results with each managed fields entry's time replaced by whether it has one (a manager whose apply
    changed nothing gets an entry without a time, on both sides), and the entries in (operation, manager)
    order: within an operation they are ordered by time in seconds, which two runs do not share."""
    out = []
    for r in results:
        r = json.loads(json.dumps(r))
        md = (r.get("object") or {}).get("metadata", {})
        for entry in md.get("managedFields", []):
            entry["time"] = entry.get("time") is not None
        if "managedFields" in md:
            md["managedFields"].sort(key=lambda e: (e["operation"], e["manager"]))
        out.append(r)
    return out


def test_scripted_actions_match_client_go_fake(go_oracle):
    ops = _scripted()
    go, py = _comparable(_run_go(go_oracle, ops)), _comparable(_run_python(ops))
    for i, (g, p) in enumerate(zip(go, py)):
        assert p == g, f"action {i}: {ops[i]['verb']} {ops[i]['resource']}/{ops[i]['name']} by {ops[i]['manager']!r}"
    assert len(go) == len(py) == len(ops)
    errors = [g.get("error") for g in go]
    assert errors[2] == 'Apply failed with 1 conflict: conflict with "alpha": .data.x'
    assert errors[10] == "invalid object type: /v1, Kind=Secret"
    assert errors[11] == "metadata.managedFields must be nil"
    assert errors[13].startswith("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array")
    assert errors[19] == 'Apply failed with 1 conflict: conflict with "kubelet": .status.readyReplicas'
    assert go[4]["object"]["data"]["true"] == "yes"
    assert errors[27] == (
        'Apply failed with 1 conflict: conflict with "a": .spec.containers[name="c"].resources.limits.cpu'
    )  # env B is new: no conflict
    assert [e["manager"] for e in go[-1]["object"]["metadata"]["managedFields"]] == ["upd"]


def test_random_apply_sequences_match_client_go_fake(go_oracle):
    ops = _random(seed=5, count=120)
    go, py = _comparable(_run_go(go_oracle, ops)), _comparable(_run_python(ops))
    for i, (g, p) in enumerate(zip(go, py)):
        assert p == g, f"action {i}: {ops[i]}"
    assert sum("error" in g for g in go) > 10


def _random_deployment(rng: random.Random) -> dict:
    obj: dict = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": NS}}
    if rng.random() < 0.5:
        obj["metadata"]["labels"] = {k: rng.choice(["1", "2"]) for k in rng.sample(["a", "b"], rng.randint(1, 2))}
    spec: dict = {}
    if rng.random() < 0.5:
        spec["replicas"] = rng.choice([1, 2, 3])
    if rng.random() < 0.7:
        containers = []
        for name in rng.sample(["web", "side", "proxy"], rng.randint(1, 3)):
            c: dict = {"name": name}
            if rng.random() < 0.7:
                c["image"] = rng.choice(["img:1", "img:2"])
            if rng.random() < 0.4:
                c["ports"] = [{"containerPort": p} for p in rng.sample([80, 443], rng.randint(1, 2))]
            if rng.random() < 0.3:
                c["args"] = rng.sample(["-a", "-b"], rng.randint(0, 2))
            containers.append(c)
        spec["template"] = {"spec": {"containers": containers}}
    if spec:
        obj["spec"] = spec
    return obj


def _random_status(rng: random.Random) -> dict:
    status: dict = {}
    if rng.random() < 0.6:
        status["readyReplicas"] = rng.choice([0, 1, 2])
    if rng.random() < 0.5:
        status["conditions"] = [
            {"type": t, "status": rng.choice(["True", "False"])}
            for t in rng.sample(["Available", "Progressing"], rng.randint(1, 2))
        ]
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "status": status}


def _random_deployment_ops(seed: int, count: int) -> list:
    rng = random.Random(seed)
    ops = []
    for _ in range(count):
        manager = rng.choice(["alpha", "beta", "kubelet"])
        verb = rng.choice(["apply", "apply", "force", "status", "update"])
        if verb == "status":
            ops.append(
                _op(
                    "apply",
                    "deployments",
                    "d",
                    manager,
                    patch=json.dumps(_random_status(rng)),
                    subresource="status",
                    force=rng.random() < 0.3,
                )
            )
        elif verb == "update":
            ops.append(_op("update", "deployments", "d", manager, object=_random_deployment(rng)))
        else:
            ops.append(
                _op(
                    "apply",
                    "deployments",
                    "d",
                    manager,
                    patch=json.dumps(_random_deployment(rng)),
                    force=verb == "force",
                )
            )
    return ops


def test_random_deployment_sequences_match_client_go_fake(go_oracle):
    """Keyed lists (containers by name, ports by port and defaulted protocol, conditions by type), atomic args,
    status applies, updates of the whole object, from three managers."""
    ops = _random_deployment_ops(seed=11, count=150)
    go, py = _comparable(_run_go(go_oracle, ops)), _comparable(_run_python(ops))
    for i, (g, p) in enumerate(zip(go, py)):
        assert p == g, f"action {i}: {ops[i]}"
    errors = [g["error"] for g in go if "error" in g]
    # Conflicts, and updates before the first apply created the object.
    assert sum(e.startswith("Apply failed with") for e in errors) > 10
    assert {e for e in errors if not e.startswith("Apply failed with")} == {'deployments.apps "d" not found'}
