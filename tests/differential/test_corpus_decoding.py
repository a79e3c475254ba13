"""Go's JSON serializer and ParameterCodec on hand-written inputs (hack/oracle/cmd/corpus -decode / -params),
against ours: the decoded object, the error text for bad input, strict-mode errors, query parameters."""

from __future__ import annotations

import json
import subprocess

import pytest

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import _jsonconv
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.kubernetes import scheme

pytestmark = pytest.mark.differential

JSON = next(i for i in scheme.Codecs.supported_media_types() if i.media_type == "application/json")

POD = ("", "v1", "Pod")
DEPLOY = ("apps", "v1", "Deployment")

DECODE_CASES = [
    (POD, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "bogus": 1}, "spec": {"containers": [None]}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"priority": "high"}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"priority": 1.5}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"hostNetwork": "yes"}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"hostNetwork": 1}}),
    (DEPLOY, {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": True}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "c", "args": ["a", None, 3]}]}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "c", "args": "abc"}]}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"nodeSelector": [["a", "b"]]}}),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"containers": [{"name": "c", "resources": {"limits": [["cpu", "1"]]}}]},
        },
    ),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"volumes": {"name": "v"}}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"nodeName": {"a": 1}}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "spec": {"nodeName": 7}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": ["x"]}}),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"containers": [{"name": "c", "ports": [{"containerPort": "80"}]}]},
        },
    ),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 4294967296}]}]},
        },
    ),
    (POD, {"apiVersion": "v1", "kind": "Pod", "metadata": {"creationTimestamp": "2021-02-29T00:00:00Z"}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "metadata": {"creationTimestamp": "2021-13-01T00:00:00Z"}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "metadata": {"creationTimestamp": "2021-01-01T10:00:00+05:30"}}),
    (POD, {"apiVersion": "v1", "kind": "Pod", "metadata": {"deletionTimestamp": None, "generation": 0}}),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"containers": [{"name": "c", "resources": {"limits": {"cpu": "0.5", "memory": "1.5Gi"}}}]},
        },
    ),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"containers": [{"name": "c", "resources": {"limits": {"cpu": 2}}}]},
        },
    ),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"containers": [{"name": "c", "livenessProbe": {"httpGet": {"port": "http"}}}]},
        },
    ),
    (
        POD,
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "spec": {"volumes": [{"name": "v", "secret": {"secretName": "s"}, "emptyDir": {}}]},
        },
    ),
    (POD, {"kind": "Pod", "metadata": {"name": "defaults-give-the-version"}}),
    (("", "v1", "Secret"), {"apiVersion": "v1", "kind": "Secret", "data": {"a": "aGk=", "b": ""}}),
    (("", "v1", "Secret"), {"apiVersion": "v1", "kind": "Secret", "data": {"a": "not base64!"}}),
    (DEPLOY, {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": 0, "paused": False}}),
    (DEPLOY, {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a", "name": "b"}}),  # noqa: F601
    (
        DEPLOY,
        {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": None, "template": {"spec": {"x": 1}}}},
    ),
    (
        DEPLOY,
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "spec": {"strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}}},
        },
    ),
    (("", "v1", "Event"), {"apiVersion": "v1", "kind": "Event", "eventTime": "2020-01-02T03:04:05.123456Z"}),
    (("", "v1", "Event"), {"apiVersion": "v1", "kind": "Event", "eventTime": "2020-01-02T03:04:05Z"}),
]

# Inputs whose error text differs by design: Python's JSON and base64 libraries word their errors
# differently from Go's; ours still say what and where.
OWN_WORDING = {"not base64!"}

PARAM_CASES = [
    (("", "v1", "ListOptions"), {"labelSelector": "a=b", "fieldSelector": "x=y", "limit": 5, "timeoutSeconds": 0}),
    (
        ("", "v1", "ListOptions"),
        {
            "watch": True,
            "allowWatchBookmarks": True,
            "resourceVersion": "10",
            "resourceVersionMatch": "NotOlderThan",
            "sendInitialEvents": False,
        },
    ),
    (
        ("", "v1", "DeleteOptions"),
        {
            "gracePeriodSeconds": 0,
            "preconditions": {"uid": "u", "resourceVersion": "3"},
            "propagationPolicy": "Foreground",
            "dryRun": ["All"],
        },
    ),
    (
        ("", "v1", "PodLogOptions"),
        {"container": "c", "follow": True, "sinceTime": "2020-01-01T00:00:00Z", "tailLines": 10, "timestamps": False},
    ),
    (("", "v1", "PodExecOptions"), {"command": ["sh", "-c", "echo"], "stdin": True, "tty": False}),
    (("", "v1", "CreateOptions"), {"dryRun": ["All"], "fieldManager": "me", "fieldValidation": "Strict"}),
    (("", "v1", "GetOptions"), {}),
    (("", "v1", "PatchOptions"), {"force": False, "fieldManager": "m"}),
]


def _ask(go_oracle, flag, lines):
    proc = subprocess.run(
        [str(go_oracle("corpus")), flag],
        input="\n".join(json.dumps(l) for l in lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _ours(gvk, data: bytes):
    try:
        obj, _ = JSON.serializer.decode(data, GroupVersionKind(*gvk))
        result = {"json": _jsonconv.encode(obj)}
    except Exception as err:  # noqa: BLE001 - compared with Go's error text
        result = {"error": str(err)}
    try:
        JSON.strict_serializer.decode(data, GroupVersionKind(*gvk))
    except Exception as err:  # noqa: BLE001
        result["strict_error"] = str(err)
    return result


def _data(value) -> str:
    text = json.dumps(value)
    if value.get("metadata", {}).get("name") == "b":  # a duplicate key cannot live in a dict
        text = text.replace('"name": "b"', '"name": "a", "name": "b"')
    return text


def test_decoding_matches_go(go_oracle):
    requests = [{"group": g, "version": v, "kind": k, "data": _data(value)} for (g, v, k), value in DECODE_CASES]
    answers = _ask(go_oracle, "-decode", requests)
    mismatches = []
    for req, go in zip(requests, answers):
        ours = _ours((req["group"], req["version"], req["kind"]), req["data"].encode())
        if any(w in req["data"] for w in OWN_WORDING):
            assert ("error" in ours) == ("error" in go), req
            continue
        if "json" in go:
            go["json"] = json.loads(json.dumps(go["json"]))
        if ours != go:
            mismatches.append((req["data"], go, ours))
    assert mismatches == []


def test_parameters_match_go(go_oracle):
    requests = [{"group": g, "version": v, "kind": k, "json": value} for (g, v, k), value in PARAM_CASES]
    answers = _ask(go_oracle, "-params", requests)
    for req, go in zip(requests, answers):
        obj = _jsonconv.decode(
            scheme.Scheme.type_for_kind(GroupVersionKind(req["group"], req["version"], req["kind"])), req["json"]
        )
        ours = scheme.ParameterCodec.encode_parameters(
            obj, GroupVersionKind(req["group"], req["version"], "").group_version()
        )
        assert ours == go.get("params", {}), req
    assert runtime.ContentTypeJSON == "application/json"
