"""The Reflector against client-go's (hack/oracle/cmd/reflector) on the same scripted list and watch answers:
every request (resourceVersion, match, limit, continue, sendInitialEvents, bookmarks, timeout), the result of
every ListAndWatch round (error texts included), the store's contents and the last synced resourceVersion must
be the same, in list+watch and WatchList mode, through pages, expired continue tokens, 410/too-large relists,
429 and refused retries, ERROR events and very short watches."""

from __future__ import annotations

import json
import random
import subprocess
import time


from kubernetes_py import context, features
from kubernetes_py.api.core import v1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupResource
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.features.testing import set_feature_during_test
from kubernetes_py.tools import cache

KINDS = ["expired", "gone", "toolarge", "internal", "toomany", "invalid", "forbidden", "other"]


def api_error(kind):
    if kind == "expired":
        return apierrors.new_resource_expired("too old resource version: 1 (2)")
    if kind == "gone":
        return apierrors.new_gone("gone away")
    if kind == "toolarge":
        err = apierrors.new_timeout_error("Too large resource version", 1)
        err.err_status.details.causes.append(metav1.StatusCause(reason=metav1.CauseTypeResourceVersionTooLarge))
        return err
    if kind == "internal":
        return apierrors.new_internal_error(RuntimeError("etcdserver: no leader"))
    if kind == "toomany":
        return apierrors.new_too_many_requests("busy", 1)
    if kind == "invalid":
        return apierrors.new_invalid(GroupKind(), "streaming is not allowed", [])
    if kind == "forbidden":
        return apierrors.new_forbidden(GroupResource("", "pods"), "", RuntimeError("no RBAC"))
    return RuntimeError("boom")


def pod(name, rv, initial_events_end=False):
    p = v1.Pod(metadata=metav1.ObjectMeta(namespace="ns", name=name, resourceVersion=rv))
    if initial_events_end:
        p.metadata.annotations[metav1.InitialEventsAnnotationKey] = "true"
    return p


class FakeLW:
    """The oracle's fakeLW: scripted answers, requests recorded, the context cancelled when answers run out."""

    def __init__(self, script, cancel):
        self.lists = list(script["lists"])
        self.watches = list(script["watches"])
        self.cancel = cancel
        self.requests = []

    def record(self, verb, o):
        self.requests.append(
            [
                verb,
                o.resourceVersion,
                o.resourceVersionMatch,
                o.limit,
                getattr(o, "continue"),
                o.sendInitialEvents if o.HasField("sendInitialEvents") else None,
                o.allowWatchBookmarks,
                o.HasField("timeoutSeconds"),
            ]
        )

    def list(self, o):
        self.record("list", o)
        if not self.lists:
            self.cancel()
            raise RuntimeError("script exhausted")
        answer = self.lists.pop(0)
        if answer[0] == "error":
            raise api_error(answer[1])
        _, rv, cont, items = answer
        out = v1.PodList(metadata=metav1.ListMeta(resourceVersion=rv), items=[pod(n, r) for n, r in items])
        setattr(out.metadata, "continue", cont)
        return out

    def watch(self, o):
        self.record("watch", o)
        if not self.watches:
            self.cancel()
            return watch.new_fake()
        answer = self.watches.pop(0)
        if answer[0] == "error":
            raise api_error(answer[1])
        _, events, end = answer
        w = watch.new_fake_with_chan_size(len(events) + 1)
        for event_type, name, rv, initial_events_end in events:
            w.action(event_type, pod(name, rv, initial_events_end))
        if end.startswith("error:"):
            w.error(api_error(end[len("error:") :]).status())
        w.stop()
        return w


def run_python(script):
    ctx, cancel = context.with_cancel(context.background())
    lw = FakeLW(script, cancel)
    store = cache.new_store(cache.meta_namespace_key_func)
    with set_feature_during_test(features.WatchListClient, script["watchList"]):
        r = cache.new_reflector_with_options(
            lw, v1.Pod(), store, cache.ReflectorOptions(name="oracle", backoff=wait.Backoff(duration=1e-6))
        )
    r.watch_list_page_size = script["pageSize"]
    rounds = []
    for _ in range(script["rounds"]):
        if ctx.done().is_set():
            break
        try:
            r.list_and_watch_with_context(ctx)
            rounds.append(None)
        except Exception as err:  # noqa: BLE001 - compared with Go's error text
            rounds.append(str(err))
    items = sorted([p.metadata.name, p.metadata.resourceVersion] for p in store.list())
    return {
        "requests": lw.requests,
        "rounds": rounds,
        "store": items,
        "lastSyncResourceVersion": r.last_sync_resource_version(),
    }


def random_script(rng: random.Random) -> dict:
    rv = [10]
    names = [f"p{i}" for i in range(6)]

    def next_rv():
        rv[0] += 1
        return str(rv[0])

    def list_answer():
        roll = rng.random()
        if roll < 0.25:
            return ["error", rng.choice(["expired", "toolarge", "gone", "other", "forbidden"])]
        items = [[n, next_rv()] for n in rng.sample(names, rng.randint(0, 4))]
        cont = "c" if rng.random() < 0.2 else ""
        return ["items", next_rv(), cont, items]

    def watch_answer(streaming):
        roll = rng.random()
        if roll < 0.2:
            return ["error", rng.choice(KINDS)]
        events = []
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"])
            events.append([kind, rng.choice(names), next_rv(), False])
        if streaming and rng.random() < 0.7:
            events.append(["BOOKMARK", "", next_rv(), True])
            for _ in range(rng.randint(0, 2)):
                events.append([rng.choice(["ADDED", "MODIFIED", "DELETED"]), rng.choice(names), next_rv(), False])
        end = "close" if rng.random() < 0.6 else "error:" + rng.choice(["expired", "internal", "toomany", "gone"])
        return ["events", events, end]

    watch_list = rng.random() < 0.5
    return {
        "watchList": watch_list,
        "pageSize": rng.choice([0, 0, 2]),
        "rounds": rng.randint(1, 4),
        "lists": [list_answer() for _ in range(rng.randint(0, 4))],
        "watches": [watch_answer(watch_list) for _ in range(rng.randint(0, 5))],
    }


HAND_WRITTEN = [
    # list+watch: list at 0, watch, rewatch from the last event
    {
        "watchList": False,
        "pageSize": 0,
        "rounds": 2,
        "lists": [["items", "5", "", [["a", "3"], ["b", "5"]]]],
        "watches": [["events", [["ADDED", "c", "6", False]], "close"]],
    },
    # WatchList refused as Invalid: fallback to a list, then a plain watch
    {
        "watchList": True,
        "pageSize": 0,
        "rounds": 2,
        "lists": [["items", "5", "", [["a", "3"]]]],
        "watches": [["error", "invalid"], ["events", [["ADDED", "c", "6", False]], "close"]],
    },
    # pages of 2, the second one expired: one full list at the requested resourceVersion
    {
        "watchList": False,
        "pageSize": 2,
        "rounds": 3,
        "lists": [
            ["items", "5", "", [["a", "3"]]],
            ["items", "9", "c", [["a", "7"], ["b", "8"]]],
            ["error", "expired"],
            ["items", "9", "", [["a", "7"], ["b", "8"], ["c", "9"]]],
        ],
        "watches": [["events", [], "error:expired"]],
    },
    # a watch ERROR 410, relist at the last RV refused as expired, then "" (a consistent read)
    {
        "watchList": False,
        "pageSize": 0,
        "rounds": 3,
        "lists": [["items", "5", "", []], ["error", "expired"], ["items", "20", "", [["z", "20"]]]],
        "watches": [["events", [["ADDED", "a", "6", False]], "error:expired"]],
    },
    # 429 on watch start and in an ERROR event: backed off, no relist
    {
        "watchList": False,
        "pageSize": 0,
        "rounds": 2,
        "lists": [["items", "5", "", []]],
        "watches": [
            ["error", "toomany"],
            ["events", [], "error:toomany"],
            ["events", [["ADDED", "a", "6", False]], "close"],
        ],
    },
    # WatchList stream closed before its bookmark, then one that completes and carries on
    {
        "watchList": True,
        "pageSize": 0,
        "rounds": 2,
        "lists": [],
        "watches": [
            ["events", [["ADDED", "a", "1", False]], "close"],
            [
                "events",
                [["ADDED", "b", "2", False], ["BOOKMARK", "", "3", True], ["MODIFIED", "b", "4", False]],
                "close",
            ],
        ],
    },
]


def compare(go_oracle, scripts):
    binary = go_oracle("reflector")
    proc = subprocess.run(
        [str(binary)], input=json.dumps({"scripts": scripts}), capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    want = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(want) == len(scripts)
    for i, (script, go) in enumerate(zip(scripts, want)):
        got = run_python(script)
        assert got == go, f"script {i}: {json.dumps(script)}"


def test_hand_written_scripts(go_oracle):
    compare(go_oracle, HAND_WRITTEN)


def test_random_scripts(go_oracle):
    rng = random.Random(20261207)
    started = time.monotonic()
    compare(go_oracle, [random_script(rng) for _ in range(250)])
    assert time.monotonic() - started < 120
