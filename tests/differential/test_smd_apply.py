"""The structured-merge-diff port (kubernetes_py._smd) beside structured-merge-diff itself (hack/oracle/cmd/smdapply).

Random sequences of apply, forced apply and update by three managers over a schema with every construct the
built-in types use (scalars of each kind, granular and atomic maps, atomic lists, sets, lists keyed by one and
by two fields with a defaulted key, nested structs, untyped deduced values) give, step by step, the same
errors (conflict texts), the same live objects and the same managers with the same FieldsV1 bytes.
"""

from __future__ import annotations

import json
import random
import subprocess

from kubernetes_py._smd import merge, typed

SCHEMA = """types:
- name: root
  map:
    fields:
    - name: name
      type:
        scalar: string
    - name: num
      type:
        scalar: numeric
    - name: flag
      type:
        scalar: boolean
    - name: labels
      type:
        map:
          elementType:
            scalar: string
    - name: selector
      type:
        map:
          elementType:
            scalar: string
          elementRelationship: atomic
    - name: args
      type:
        list:
          elementType:
            scalar: string
          elementRelationship: atomic
    - name: finalizers
      type:
        list:
          elementType:
            scalar: string
          elementRelationship: associative
    - name: items
      type:
        list:
          elementType:
            namedType: item
          elementRelationship: associative
          keys:
          - name
    - name: ports
      type:
        list:
          elementType:
            namedType: port
          elementRelationship: associative
          keys:
          - port
          - protocol
    - name: spec
      type:
        namedType: spec
    - name: free
      type:
        namedType: __untyped_deduced_
- name: item
  map:
    fields:
    - name: name
      type:
        scalar: string
    - name: value
      type:
        scalar: string
    - name: tags
      type:
        list:
          elementType:
            scalar: string
          elementRelationship: associative
    - name: sub
      type:
        namedType: sub
- name: sub
  map:
    fields:
    - name: a
      type:
        scalar: string
    - name: b
      type:
        scalar: numeric
- name: port
  map:
    fields:
    - name: port
      type:
        scalar: numeric
    - name: protocol
      type:
        scalar: string
      default: TCP
    - name: note
      type:
        scalar: string
- name: spec
  map:
    fields:
    - name: replicas
      type:
        scalar: numeric
    - name: inner
      type:
        namedType: sub
    - name: atomicInner
      type:
        namedType: sub
        elementRelationship: atomic
- name: __untyped_atomic_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
- name: __untyped_deduced_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_deduced_
    elementRelationship: separable
"""

MANAGERS = ("alpha", "beta", "gamma")


def _pick(rng: random.Random, values):
    return values[rng.randrange(len(values))]


def _sub(rng: random.Random) -> dict:
    out = {}
    if rng.random() < 0.6:
        out["a"] = _pick(rng, ["x", "y"])
    if rng.random() < 0.5:
        out["b"] = _pick(rng, [1, 2])
    return out


def _object(rng: random.Random) -> dict:
    """A random configuration: each field present with some probability, values from small domains so that
    managers often set the same fields to the same or to different values."""
    obj: dict = {}
    if rng.random() < 0.4:
        obj["name"] = _pick(rng, ["n1", "n2"])
    if rng.random() < 0.3:
        obj["num"] = _pick(rng, [1, 2, 2.5])
    if rng.random() < 0.2:
        obj["flag"] = _pick(rng, [True, False])
    if rng.random() < 0.5:
        obj["labels"] = {k: _pick(rng, ["1", "2"]) for k in rng.sample(["a", "b", "c"], rng.randint(0, 3))}
    if rng.random() < 0.3:
        obj["selector"] = {k: "v" for k in rng.sample(["s", "t"], rng.randint(1, 2))}
    if rng.random() < 0.3:
        obj["args"] = rng.sample(["-a", "-b", "-c"], rng.randint(0, 3))
    if rng.random() < 0.4:
        obj["finalizers"] = rng.sample(["f1", "f2", "f3"], rng.randint(0, 3))
    if rng.random() < 0.6:
        items = []
        for name in rng.sample(["i1", "i2", "i3"], rng.randint(0, 3)):
            item: dict = {"name": name}
            if rng.random() < 0.6:
                item["value"] = _pick(rng, ["v1", "v2"])
            if rng.random() < 0.3:
                item["tags"] = rng.sample(["t1", "t2"], rng.randint(0, 2))
            if rng.random() < 0.3:
                item["sub"] = _sub(rng)
            items.append(item)
        obj["items"] = items
    if rng.random() < 0.4:
        ports = []
        for port, protocol in rng.sample([(80, None), (80, "UDP"), (443, "TCP"), (53, "UDP")], rng.randint(0, 3)):
            p: dict = {"port": port}
            if protocol is not None:
                p["protocol"] = protocol
            if rng.random() < 0.4:
                p["note"] = _pick(rng, ["n", "m"])
            ports.append(p)
        # (80, None) and (443, "TCP") key as protocol TCP: never both 80s with TCP, the list would duplicate.
        obj["ports"] = ports
    if rng.random() < 0.5:
        spec: dict = {}
        if rng.random() < 0.5:
            spec["replicas"] = _pick(rng, [1, 3])
        if rng.random() < 0.4:
            spec["inner"] = _sub(rng)
        if rng.random() < 0.3:
            spec["atomicInner"] = _sub(rng)
        obj["spec"] = spec
    if rng.random() < 0.3:
        obj["free"] = {k: _pick(rng, ["p", ["l1", "l2"], {"deep": "d"}]) for k in rng.sample(["u", "w"], 2)}
    return obj


def _sequences(seed: int, count: int, length: int) -> list:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        seq = []
        for _ in range(length):
            op = _pick(rng, ["apply", "apply", "apply", "force", "update"])
            seq.append({"op": op, "manager": _pick(rng, MANAGERS), "object": _object(rng)})
        out.append(seq)
    return out


class _Identity:
    def convert(self, obj, version):
        return obj

    def is_missing_version_error(self, err):
        return False


def _run_python(sequences: list) -> list:
    parser = typed.new_parser(SCHEMA)
    pt = parser.type("root")
    updater = merge.Updater(_Identity())
    out = []
    for seq in sequences:
        live = pt.from_unstructured({})
        managers: dict = {}
        steps = []
        for op in seq:
            step: dict = {"error": "", "managers": {}}
            try:
                obj = pt.from_unstructured(json.loads(json.dumps(op["object"])), typed.AllowDuplicates)
            except typed.ValidationErrors as err:
                step["error"] = f"invalid object: {err}"
            else:
                try:
                    if op["op"] == "update":
                        live, managers = updater.update(live, obj, "v1", managers, op["manager"])
                    else:
                        new, managers = updater.apply(live, obj, "v1", managers, op["manager"], op["op"] == "force")
                        if new is not None:
                            live = new
                except (merge.Conflicts, ValueError) as err:
                    step["error"] = str(err)
            step["live"] = live.as_value()
            step["managers"] = {
                name: {"applied": vs.applied(), "fields": vs.set().to_json().decode()} for name, vs in managers.items()
            }
            steps.append(step)
        out.append(steps)
    return out


def _run_go(go_oracle, sequences: list) -> list:
    binary = go_oracle("smdapply")
    doc = {"schema": SCHEMA, "type": "root", "sequences": sequences}
    proc = subprocess.run([str(binary)], input=json.dumps(doc).encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def _normalized(steps: list) -> list:
    """Go prints the conflicts of several managers in map order; both sides list the lines of each manager
    together, so compare the lines as a multiset when there are several."""
    out = []
    for step in steps:
        step = dict(step)
        if "\n" in step["error"]:
            step["error"] = sorted(step["error"].split("\n"))
        out.append(step)
    return out


def test_random_apply_sequences_match_structured_merge_diff(go_oracle):
    sequences = _sequences(seed=20261207, count=60, length=12)
    go = _run_go(go_oracle, sequences)
    py = _run_python(sequences)
    assert len(go) == len(py) == 60
    conflicts = errors = 0
    for i, (g, p) in enumerate(zip(go, py)):
        for j, (gs, ps) in enumerate(zip(_normalized(g), _normalized(p))):
            assert ps == gs, f"sequence {i} step {j} ({sequences[i][j]['op']} by {sequences[i][j]['manager']})"
            conflicts += "conflict" in str(gs["error"])
            errors += bool(gs["error"])
    # The sequences exercise conflicts, and only conflicts fail.
    assert conflicts > 50
    assert errors == conflicts


def test_long_sequences_match_structured_merge_diff(go_oracle):
    """Fewer, longer histories: ownership that moves many times, fields pruned long after they were applied."""
    sequences = _sequences(seed=7, count=15, length=40)
    go = _run_go(go_oracle, sequences)
    py = _run_python(sequences)
    for i, (g, p) in enumerate(zip(go, py)):
        assert _normalized(p) == _normalized(g), f"sequence {i}"
    assert len(py) == 15 and all(len(s) == 40 for s in py)
