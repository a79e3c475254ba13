"""DeltaFIFO and RealFIFO against client-go's (hack/oracle/cmd/cachequeues): random scripts of add, update,
delete, replace, resync, bookmark, pop and pop_batch, with a consumer that keeps the known-objects store in step; every
pop's
deltas, is_in_initial_list and has_synced after every operation must be client-go's.

Go appends the tombstones of a Replace (and the Sync deltas of a Resync) for keys not yet queued in the order of a
map iteration, which is random; the generator only makes Replace and Resync calls that queue at most one such key,
so that the expected sequence is exact.
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess

import pytest

from kubernetes_py.tools import cache

pytestmark = pytest.mark.differential

NAMES = ["a", "b", "c", "d", "e"]


@dataclasses.dataclass(frozen=True)
class Obj:
    name: str
    val: int


def key_func(obj):
    if isinstance(obj, cache.DeletedFinalStateUnknown):
        return obj.key
    return obj.name


def describe(d):
    o = d.object
    if isinstance(o, Obj):
        return [d.type, o.name, o.val, False]
    if isinstance(o, cache.DeletedFinalStateUnknown):
        return [d.type, o.key, o.obj.val if o.obj is not None else None, True]
    if isinstance(o, cache.ReplacedAllInfo):
        return [d.type, o.resource_version, [[x.name, x.val] for x in o.objects]]
    if isinstance(o, cache.SyncAllInfo):
        return [d.type]
    return [d.type, o.resource_version]


def apply(store, d):
    if d.type == cache.Deleted:
        store.delete(d.object)
    elif d.type == cache.ReplacedAll:
        store.replace(d.object.objects, d.object.resource_version)
    elif d.type in (cache.SyncAll, cache.Bookmark):
        pass
    elif store.get(d.object)[1]:
        store.update(d.object)
    else:
        store.add(d.object)


class Runner:
    """The Python side of one script; also decides which operations keep the expected result exact."""

    def __init__(self, kind, emit_replaced):
        self.kind = kind
        self.store = cache.new_store(key_func)
        if kind == "delta":
            self.q = cache.new_delta_fifo_with_options(
                cache.DeltaFIFOOptions(
                    key_function=key_func, known_objects=self.store, emit_delta_type_replaced=emit_replaced
                )
            )
        elif kind == "real":
            self.q = cache.new_real_fifo_with_options(
                cache.RealFIFOOptions(key_function=key_func, known_objects=self.store)
            )
        else:
            self.q = cache.new_real_fifo_with_options(
                cache.RealFIFOOptions(key_function=key_func, atomic_events=True, emit_delta_type_bookmark=True)
            )

    def queued_keys(self):
        if self.kind == "delta":
            return set(self.q._items)
        return {
            key_func(d.object)
            for d in self.q._items
            if d.type not in (cache.ReplacedAll, cache.SyncAll, cache.Bookmark)
        }

    def queue_len(self):
        return len(self.q._queue) if self.kind == "delta" else len(self.q._items)

    def exact(self, op):
        """Whether client-go queues at most one new key in an order of its own choosing for this op."""
        if self.kind == "realatomic" or op[0] not in ("replace", "resync"):
            return True
        known = set(self.store.list_keys())
        new = {name for name, _ in op[1]} if op[0] == "replace" else set()
        return len(known - new - self.queued_keys()) <= 1

    def run(self, op):
        ev = {}
        name = op[0]
        if name in ("add", "update", "delete"):
            getattr(self.q, name)(Obj(op[1], op[2]))
        elif name == "replace":
            self.q.replace([Obj(n, v) for n, v in op[1]], op[2])
        elif name == "resync":
            self.q.resync()
        elif name == "bookmark":
            if hasattr(self.q, "bookmark"):
                self.q.bookmark(op[1])
        else:

            def process(deltas, initial, kind=None):
                ev["deltas"] = [describe(d) for d in deltas]
                ev["initial"] = initial
                if kind:
                    ev["kind"] = kind
                for d in deltas:
                    apply(self.store, d)

            if name == "pop":
                self.q.pop(process)
            else:
                self.q.pop_batch(
                    lambda ds, initial: process(ds, initial, "batch"),
                    lambda ds, initial: process(ds, initial, "single"),
                )
        ev["synced"] = self.q.has_synced()
        return ev


def make_script(rnd, kind, emit_replaced, length):
    runner = Runner(kind, emit_replaced)
    ops, expected = [], []
    val = 0
    while len(ops) < length:
        val += 1
        choice = rnd.random()
        if choice < 0.3:
            op = [rnd.choice(["add", "update", "delete"]), rnd.choice(NAMES), val]
        elif choice < 0.45:
            op = ["replace", [[n, val] for n in rnd.sample(NAMES, rnd.randrange(len(NAMES) + 1))], str(val)]
        elif choice < 0.5:
            op = ["resync"]
        elif choice < 0.55:
            op = ["bookmark", str(val)]
        else:
            if runner.queue_len() == 0:
                continue
            op = ["pop"] if kind == "delta" or rnd.random() < 0.5 else ["popbatch"]
        if not runner.exact(op):
            continue
        ops.append(op)
        expected.append(runner.run(op))
    return {"queue": kind, "emitReplaced": emit_replaced, "ops": ops}, expected


@pytest.mark.parametrize(
    "kind,emit_replaced", [("delta", False), ("delta", True), ("real", False), ("realatomic", False)]
)
def test_queues_match_client_go(go_oracle, kind, emit_replaced):
    rnd = random.Random(f"{kind}-{emit_replaced}")
    scripts, expected = [], []
    for _ in range(150):
        script, exp = make_script(rnd, kind, emit_replaced, 40)
        scripts.append(script)
        expected.append(exp)
    binary = go_oracle("cachequeues")
    proc = subprocess.run(
        [str(binary)], input=json.dumps({"scripts": scripts}), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    for script, exp, go in zip(scripts, expected, got):
        for i, (e, g) in enumerate(zip(exp, go)):
            assert e == g, f"op {i} {script['ops'][i]} of {json.dumps(script['ops'][: i + 1])}"
    assert sum(1 for s in scripts for op in s["ops"] if op[0].startswith("pop")) > 1000
    if kind != "delta":
        assert sum(1 for s in got for ev in s if ev.get("kind") == "batch") > 100
