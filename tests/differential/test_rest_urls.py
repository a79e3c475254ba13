"""Request URLs, builder errors and Warning header parsing compared with client-go (hack/oracle/cmd/rest_urls)."""

from __future__ import annotations

import json
import subprocess

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.util import net
from kubernetes_py.kubernetes import scheme

pytestmark = pytest.mark.differential

B = "http://h:8080"
REQUESTS = [
    (B, "/api/v1", "GET", [["namespace", "ns"], ["resource", "Pods"], ["name", "p"]]),
    (
        B + "/base/",
        "/apis/apps/v1",
        "GET",
        [["resource", "deployments"], ["namespace", "ns"], ["name", "d"], ["subresource", "scale"]],
    ),
    (B, "/api/v1", "GET", [["name", "a b!*()'~_.-$&+,;=:@"], ["resource", "configmaps"]]),
    (B, "/api/v1", "GET", [["name", "ünïcødé"], ["resource", "configmaps"]]),
    (
        B,
        "/api/v1",
        "GET",
        [
            ["resource", "pods"],
            ["param", "labelSelector", "app in (a, b),tier!=x/y"],
            ["param", "fieldSelector", "spec.nodeName=n1"],
            ["param", "a", "1"],
            ["param", "a", "2"],
            ["param", "sp ace", "&=?#+%"],
        ],
    ),
    (B, "/api/v1", "GET", [["resource", "pods"], ["timeoutNanos", "1500000000"]]),
    (B, "/api/v1", "GET", [["resource", "pods"], ["timeoutNanos", "90000000000"]]),
    (B, "/api/v1", "GET", [["resource", "pods"], ["timeoutNanos", "250000000"]]),
    (B, "/api/v1", "GET", [["resource", "pods"], ["timeoutNanos", "3723004005006"]]),
    (B, "/api/v1", "GET", [["resource", "pods"], ["timeoutNanos", "1500"]]),
    (B, "/api/v1", "GET", [["prefix", "watch"], ["resource", "pods"], ["suffix", "x", "y/"]]),
    (B, "/api/v1", "GET", [["absPath", "/apis/batch/v1"], ["namespace", "ns"], ["resource", "jobs"]]),
    (B + "/p1", "/api/v1", "GET", [["absPath", "/healthz/"]]),
    (B + "/p1", "/api/v1", "GET", [["absPath", "/a", "b/"]]),
    (B, "/api/v1", "GET", [["absPath", "/"]]),
    (B + "/ctx", "/api/v1", "GET", [["param", "x", "1"], ["requestURI", "/version?b=2&a=1&a=0"]]),
    (B + "/ctx", "/api/v1", "GET", [["requestURI", "../openapi/v2"]]),
    (B, "/api/v1", "GET", [["namespace", ""], ["resource", "pods"]]),
    (B, "/api/v1", "GET", [["resource", "pods"], ["resource", "services"]]),
    (B, "/api/v1", "GET", [["name", "a"], ["name", "b"]]),
    (B, "/api/v1", "GET", [["name", ""]]),
    (B, "/api/v1", "GET", [["namespace", "a/b"]]),
    (B, "/api/v1", "GET", [["namespace", "x"], ["namespace", "y"]]),
    (B, "/api/v1", "GET", [["resource", ".."]]),
    (B, "/api/v1", "GET", [["subresource", "a%b/c"]]),
    (B, "/api/v1", "GET", [["subresource", "status"], ["subresource", "scale"]]),
    (B, "/api/v1", "GET", [["name", "bad/name"], ["resource", "pods"], ["param", "late", "1"]]),
    (
        B,
        "/api/v1",
        "GET",
        [
            ["resource", "pods"],
            [
                "listOptions",
                json.dumps(
                    {
                        "labelSelector": "a=b",
                        "fieldSelector": "x=y",
                        "watch": True,
                        "allowWatchBookmarks": True,
                        "resourceVersion": "10",
                        "resourceVersionMatch": "NotOlderThan",
                        "timeoutSeconds": 30,
                        "limit": 500,
                        "continue": "tok",
                        "sendInitialEvents": True,
                    }
                ),
            ],
        ],
    ),
    (B, "/api/v1", "GET", [["resource", "pods"], ["listOptions", json.dumps({})]]),
    (
        B,
        "/api/v1",
        "GET",
        [
            ["resource", "pods"],
            ["listOptions", json.dumps({"resourceVersion": "1"})],
            ["listOptions", json.dumps({"resourceVersion": "2", "timeoutSeconds": 10})],
        ],
    ),
    (B, "/api/v1", "GET", [["resource", "pods"], ["options", "GetOptions", json.dumps({"resourceVersion": "5"})]]),
    (B, "/api/v1", "GET", [["resource", "pods"], ["options", "GetOptions", json.dumps({})]]),
    (
        B,
        "/api/v1",
        "DELETE",
        [
            ["resource", "pods"],
            [
                "options",
                "DeleteOptions",
                json.dumps(
                    {
                        "gracePeriodSeconds": 0,
                        "propagationPolicy": "Foreground",
                        "dryRun": ["All"],
                        "orphanDependents": False,
                        "preconditions": {"uid": "u"},
                        "ignoreStoreReadErrorWithClusterBreakingPotential": True,
                    }
                ),
            ],
        ],
    ),
    (
        B,
        "/api/v1",
        "POST",
        [
            ["resource", "pods"],
            [
                "options",
                "CreateOptions",
                json.dumps({"dryRun": ["All"], "fieldManager": "me", "fieldValidation": "Strict"}),
            ],
        ],
    ),
    (
        B,
        "/api/v1",
        "PUT",
        [
            ["resource", "pods"],
            ["options", "UpdateOptions", json.dumps({"fieldManager": "me", "fieldValidation": "Ignore"})],
        ],
    ),
    (
        B,
        "/api/v1",
        "PATCH",
        [
            ["resource", "pods"],
            ["options", "PatchOptions", json.dumps({"force": True, "fieldManager": "kubectl", "dryRun": ["All", "x"]})],
        ],
    ),
    (B, "/api/v1", "PATCH", [["resource", "pods"], ["options", "PatchOptions", json.dumps({"force": False})]]),
]
WARNINGS = [
    ['299 - "plain"'],
    ['299 kube-apiserver "with \\"quotes\\" and \\\\ backslash" "Mon, 01 Jan 2024 00:00:00 GMT"'],
    ['299 - "one", 299 - "two"  ,  199 agent "three"'],
    ["garbage", '299 - "after garbage"'],
    ['299 - "a", nonsense', '299 - "b"'],
    ['2999 - "x"', '29 - "x"', '299  "x"', "299 - x", '299 - "x" y'],
    ['299 - "=?UTF-8?B?aGVsbG8gd29ybGQ=?="', '299 - "=?UTF-8?Q?caf=C3=A9?="', '299 - "=?bogus?="'],
    ['299 - "unterminated', '299 - "x" "unterminated date'],
    ['   299 - "leading space"'],
    [""],
]


def _oracle(go_oracle) -> dict:
    payload = {
        "requests": [{"base": b, "apiPath": p, "verb": v, "steps": s} for b, p, v, s in REQUESTS],
        "warnings": WARNINGS,
    }
    proc = subprocess.run(
        [str(go_oracle("rest_urls"))], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def _python_request(base, api_path, verb, steps) -> dict:
    gv = schema.GroupVersion(version="v1")
    content = rest.ClientContentConfig(group_version=gv, negotiator=runtime.new_client_negotiator(scheme.Codecs, gv))
    r = rest.new_rest_client(base, api_path, content, None, None).verb(verb)
    for op, *args in steps:
        if op == "timeoutNanos":
            r.timeout(int(args[0]) / 1e9)
        elif op == "listOptions":
            r.versioned_params(metav1.ListOptions(**json.loads(args[0])), scheme.ParameterCodec)
        elif op == "options":
            r.versioned_params(getattr(metav1, args[0])(**json.loads(args[1])), scheme.ParameterCodec)
        else:
            method = {"subresource": "sub_resource", "absPath": "abs_path", "requestURI": "request_uri"}.get(op, op)
            getattr(r, method)(*args)
    try:
        r.error()
        err = ""
    except Exception as e:  # noqa: BLE001 - compared below
        err = str(e)
    return {"url": r.url(), "error": err}


def test_urls_and_builder_errors_match_client_go(go_oracle):
    want = _oracle(go_oracle)["requests"]
    for case, expected in zip(REQUESTS, want, strict=True):
        assert _python_request(*case) == expected, case


def test_warning_header_parsing_matches_apimachinery(go_oracle):
    want = _oracle(go_oracle)["warnings"]
    for headers, expected in zip(WARNINGS, want, strict=True):
        parsed, errs = net.parse_warning_headers(headers)
        got = {
            "parsed": [{"code": w.code, "agent": w.agent, "text": w.text} for w in parsed],
            "errors": [str(e) for e in errs],
        }
        assert got == expected, headers
