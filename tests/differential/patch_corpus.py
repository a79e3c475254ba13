"""A seeded corpus of (original, modified, current) typed objects for the patch differential tests.

Each object is built as JSON, decoded into its typed message and encoded back (so it is exactly a typed
object's JSON form); variants add, drop, reorder and change entries of merging lists (containers, ports,
env, volumes, tolerations, finalizers...), maps (labels, annotations, data) and retainKeys fields."""

from __future__ import annotations

import copy
import random
from typing import Any

from kubernetes_py._go.json import marshal
from kubernetes_py.apimachinery import runtime

KIND_CLASSES = {
    "Pod": ("kubernetes_py.api.core.v1", "Pod"),
    "Service": ("kubernetes_py.api.core.v1", "Service"),
    "ConfigMap": ("kubernetes_py.api.core.v1", "ConfigMap"),
    "Secret": ("kubernetes_py.api.core.v1", "Secret"),
    "Node": ("kubernetes_py.api.core.v1", "Node"),
    "Deployment": ("kubernetes_py.api.apps.v1", "Deployment"),
    "StatefulSet": ("kubernetes_py.api.apps.v1", "StatefulSet"),
    "DaemonSet": ("kubernetes_py.api.apps.v1", "DaemonSet"),
    "Job": ("kubernetes_py.api.batch.v1", "Job"),
    "Ingress": ("kubernetes_py.api.networking.v1", "Ingress"),
    "NetworkPolicy": ("kubernetes_py.api.networking.v1", "NetworkPolicy"),
    "Role": ("kubernetes_py.api.rbac.v1", "Role"),
}


def message_class(kind: str) -> type:
    import importlib

    module, name = KIND_CLASSES[kind]
    return getattr(importlib.import_module(module), name)


def typed_json(kind: str, doc: dict) -> dict:
    """The document as its typed object's JSON (decoded into the message class and encoded back)."""
    obj = message_class(kind)()
    runtime.DefaultUnstructuredConverter.from_unstructured(doc, obj)
    return runtime.DefaultUnstructuredConverter.to_unstructured(obj)


def _meta(r: random.Random, name: str) -> dict:
    meta: dict = {"name": name, "namespace": "ns"}
    if r.random() < 0.8:
        meta["labels"] = {f"l{i}": f"v{r.randrange(3)}" for i in r.sample(range(5), r.randrange(1, 4))}
    if r.random() < 0.5:
        meta["annotations"] = {f"a{i}": f"x{r.randrange(3)}" for i in r.sample(range(4), r.randrange(1, 3))}
    if r.random() < 0.4:
        meta["finalizers"] = r.sample(["f/a", "f/b", "f/c", "f/d"], r.randrange(1, 4))
    return meta


def _container(r: random.Random, name: str) -> dict:
    c: dict = {"name": name, "image": f"img{r.randrange(4)}:{r.randrange(3)}"}
    if r.random() < 0.6:
        c["ports"] = [
            {"containerPort": p, "protocol": r.choice(["TCP", "UDP"])}
            for p in r.sample([80, 443, 8080, 9090, 53], r.randrange(1, 4))
        ]
    if r.random() < 0.6:
        c["env"] = [{"name": f"E{i}", "value": f"v{r.randrange(3)}"} for i in r.sample(range(6), r.randrange(1, 4))]
    if r.random() < 0.4:
        c["args"] = [f"--a{i}" for i in r.sample(range(5), r.randrange(1, 4))]
    if r.random() < 0.4:
        c["volumeMounts"] = [{"name": f"vol{i}", "mountPath": f"/m{i}"} for i in r.sample(range(4), r.randrange(1, 3))]
    if r.random() < 0.4:
        c["resources"] = {"limits": {"cpu": r.choice(["100m", "1", "250m"]), "memory": r.choice(["64Mi", "1Gi"])}}
    return c


def _volume(r: random.Random, i: int) -> dict:
    source = r.choice(
        [
            {"emptyDir": {}},
            {"configMap": {"name": f"cm{r.randrange(3)}"}},
            {"secret": {"secretName": f"s{r.randrange(3)}"}},
            {"hostPath": {"path": f"/h{r.randrange(3)}"}},
        ]
    )
    return {"name": f"vol{i}", **source}


def _pod_spec(r: random.Random) -> dict:
    spec: dict = {"containers": [_container(r, f"c{i}") for i in r.sample(range(4), r.randrange(1, 4))]}
    if r.random() < 0.5:
        spec["volumes"] = [_volume(r, i) for i in r.sample(range(4), r.randrange(1, 4))]
    if r.random() < 0.4:
        spec["tolerations"] = [{"key": f"k{i}", "operator": "Exists"} for i in r.sample(range(3), r.randrange(1, 3))]
    if r.random() < 0.3:
        spec["imagePullSecrets"] = [{"name": f"ps{i}"} for i in r.sample(range(3), r.randrange(1, 3))]
    if r.random() < 0.3:
        spec["initContainers"] = [_container(r, f"init{i}") for i in r.sample(range(2), r.randrange(1, 3))]
    if r.random() < 0.3:
        spec["nodeSelector"] = {f"n{i}": "y" for i in r.sample(range(3), r.randrange(1, 3))}
    if r.random() < 0.3:
        spec["hostAliases"] = [{"ip": f"10.0.0.{i}", "hostnames": [f"h{i}"]} for i in r.sample(range(3), 2)]
    return spec


def _template(r: random.Random) -> dict:
    return {"metadata": {"labels": {"app": "a"}}, "spec": _pod_spec(r)}


def _build(kind: str, r: random.Random) -> dict:
    doc: dict = {"metadata": _meta(r, f"{kind.lower()}-1")}
    if kind == "Pod":
        doc["spec"] = _pod_spec(r)
    elif kind == "Service":
        doc["spec"] = {
            "ports": [
                {"name": f"p{p}", "port": p, "targetPort": r.choice([p, f"t{p}"]), "protocol": "TCP"}
                for p in r.sample([80, 443, 8080, 53], r.randrange(1, 4))
            ],
            "selector": {"app": r.choice(["a", "b"])},
            "type": r.choice(["ClusterIP", "NodePort"]),
        }
    elif kind in ("ConfigMap", "Secret"):
        doc["data"] = {
            f"k{i}": ("dmFs" if kind == "Secret" else f"val{r.randrange(3)}")
            for i in r.sample(range(5), r.randrange(1, 4))
        }
    elif kind == "Node":
        doc["spec"] = {
            "taints": [
                {"key": f"t{i}", "effect": r.choice(["NoSchedule", "NoExecute"])}
                for i in r.sample(range(3), r.randrange(1, 3))
            ],
            "podCIDRs": r.sample(["10.0.0.0/24", "10.0.1.0/24", "fd00::/64"], r.randrange(1, 3)),
        }
        doc["status"] = {
            "conditions": [
                {"type": t, "status": r.choice(["True", "False"])}
                for t in r.sample(["Ready", "DiskPressure", "MemoryPressure"], 2)
            ],
            "addresses": [{"type": "InternalIP", "address": f"10.1.0.{r.randrange(9)}"}],
        }
    elif kind in ("Deployment", "StatefulSet", "DaemonSet"):
        doc["spec"] = {"selector": {"matchLabels": {"app": "a"}}, "template": _template(r)}
        if kind == "Deployment":
            doc["spec"]["replicas"] = r.randrange(1, 5)
            doc["spec"]["strategy"] = r.choice(
                [{"type": "Recreate"}, {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": r.choice([1, "25%"])}}]
            )
    elif kind == "Job":
        doc["spec"] = {"template": _template(r), "backoffLimit": r.randrange(1, 6)}
    elif kind == "Ingress":
        doc["spec"] = {
            "rules": [{"host": f"h{i}.example.com"} for i in r.sample(range(3), r.randrange(1, 3))],
            "tls": [{"hosts": [f"h{r.randrange(3)}.example.com"], "secretName": "tls"}],
        }
    elif kind == "NetworkPolicy":
        doc["spec"] = {
            "podSelector": {"matchLabels": {"app": "a"}},
            "policyTypes": r.sample(["Ingress", "Egress"], r.randrange(1, 3)),
            "ingress": [{"ports": [{"port": p}]} for p in r.sample([80, 443], r.randrange(1, 3))],
        }
    elif kind == "Role":
        doc["rules"] = [
            {
                "apiGroups": [""],
                "resources": r.sample(["pods", "services", "secrets"], 2),
                "verbs": r.sample(["get", "list", "watch"], r.randrange(1, 4)),
            }
            for _ in range(r.randrange(1, 3))
        ]
    return doc


def _mutate(r: random.Random, value: Any, depth: int = 0) -> Any:
    """A random change somewhere in a JSON value: drop, reorder or change entries."""
    if isinstance(value, dict) and value:
        out = dict(value)
        key = r.choice(sorted(out))
        roll = r.random()
        if roll < 0.2 and depth > 0:
            del out[key]
        elif roll < 0.3:
            out[f"new{r.randrange(3)}"] = f"n{r.randrange(3)}" if depth > 0 else {"x": "y"}
        else:
            out[key] = _mutate(r, out[key], depth + 1)
        return out
    if isinstance(value, list) and value:
        out = list(value)
        roll = r.random()
        if roll < 0.25 and len(out) > 1:
            out.pop(r.randrange(len(out)))
        elif roll < 0.45:
            r.shuffle(out)
        elif roll < 0.6:
            pick = r.choice(out)
            out.append(_mutate(r, pick, depth + 1) if isinstance(out[0], dict) else copy.deepcopy(pick))
        else:
            i = r.randrange(len(out))
            out[i] = _mutate(r, out[i], depth + 1)
        return out
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + r.randrange(1, 3)
    if isinstance(value, str):
        return value + r.choice(["-x", "-y", ""])
    return value


def _variant(kind: str, r: random.Random, original: dict, least: int) -> dict:
    """A typed variant of ``original`` with a few random changes (changes the type rejects are redrawn)."""
    while True:
        doc = original
        for _ in range(r.randrange(least, least + 3)):
            doc = _mutate(r, doc)
        try:
            return typed_json(kind, doc)
        except (ValueError, TypeError):
            continue


def corpus(seed: int = 1, per_kind: int = 25) -> list[tuple[str, dict, dict, dict]]:
    """(kind, original, modified, current) documents."""
    r = random.Random(seed)
    out = []
    for kind in sorted(KIND_CLASSES):
        for _ in range(per_kind):
            original = typed_json(kind, _build(kind, r))
            out.append((kind, original, _variant(kind, r, original, 1), _variant(kind, r, original, 0)))
    return out


def json_patch_ops(r: random.Random, doc: dict) -> list[dict]:
    """A few RFC 6902 operations against paths of ``doc`` (some of which fail, on purpose)."""
    paths: list[tuple[str, Any]] = []

    def walk(value: Any, path: str) -> None:
        paths.append((path, value))
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}/{k.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}/{i}")

    walk(doc, "")
    candidates = [p for p in paths if p[0]]
    ops = []
    for _ in range(r.randrange(1, 4)):
        path, value = r.choice(candidates)
        kind = r.choice(["add", "remove", "replace", "test", "copy", "move", "add-end", "test-bad", "missing"])
        if kind == "add":
            ops.append({"op": "add", "path": path.rsplit("/", 1)[0] + "/added", "value": {"k": 1}})
        elif kind == "add-end" and isinstance(value, list):
            ops.append({"op": "add", "path": path + "/-", "value": "end"})
        elif kind == "remove":
            ops.append({"op": "remove", "path": path})
        elif kind == "replace":
            ops.append({"op": "replace", "path": path, "value": r.choice(["r", 1, 1.5, None, [1], {"a": "b"}])})
        elif kind == "test":
            ops.append({"op": "test", "path": path, "value": value})
        elif kind == "test-bad":
            ops.append({"op": "test", "path": path, "value": "not-this"})
        elif kind == "copy":
            ops.append({"op": "copy", "from": path, "path": "/metadata/copied"})
        elif kind == "move":
            ops.append({"op": "move", "from": path, "path": "/metadata/moved"})
        else:
            ops.append({"op": "remove", "path": path + "/nope/deeper"})
    return ops


def merge_patch_for(r: random.Random, current: dict, modified: dict) -> dict:
    """A merge patch: parts of ``modified`` with some keys of ``current`` set to null."""
    patch: dict = {}
    for key in modified:
        if r.random() < 0.6:
            patch[key] = modified[key]
    for key in current:
        if r.random() < 0.15:
            patch[key] = None
    if isinstance(current.get("metadata"), dict) and r.random() < 0.5:
        patch["metadata"] = {"labels": {"l0": None, "added": "yes"}, "annotations": None}
    return patch


def dump(doc: Any) -> bytes:
    """A document as Go's json.Marshal writes it."""
    return marshal(doc)
