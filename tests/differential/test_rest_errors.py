"""Errors of Do().Error() and DoRaw() for non-2xx answers, compared with client-go (hack/oracle/cmd/rest_errors).

The same canned answers (status, headers, body) are served to client-go through a fake round tripper and to
kubernetes_py through a local HTTP server; the error text and, for a StatusError, its Status must be equal.
Retry cases serve a sequence of answers and also compare how many attempts each call made.
"""

from __future__ import annotations

import base64
import json
import subprocess

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme

pytestmark = pytest.mark.differential

NOT_FOUND = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": 'pods "p" not found',
    "reason": "NotFound",
    "details": {"name": "p", "kind": "pods"},
    "code": 404,
}
INVALID = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": 'Pod "p" is invalid: spec.containers: Required value',
    "reason": "Invalid",
    "details": {
        "name": "p",
        "kind": "Pod",
        "causes": [{"reason": "FieldValueRequired", "message": "Required value", "field": "spec.containers"}],
    },
    "code": 422,
}
UNAVAILABLE = {
    "kind": "Status",
    "apiVersion": "v1",
    "status": "Failure",
    "message": "etcd is down",
    "reason": "ServiceUnavailable",
    "details": {"retryAfterSeconds": 3},
    "code": 503,
}


def _j(obj) -> bytes:
    return json.dumps(obj).encode()


TEXT = {"Content-Type": "text/plain; charset=utf-8"}
JSON = {"Content-Type": "application/json"}
CASES = [
    ("GET", "pods", "p", "", 404, TEXT, b"page not found\n"),
    ("GET", "pods", "p", "", 404, JSON, _j(NOT_FOUND)),
    ("GET", "", "", "", 404, JSON, _j(NOT_FOUND)),
    ("GET", "pods", "", "", 500, TEXT, b'boom "quoted"'),
    ("GET", "pods", "", "", 500, {}, b"x" * 3000),
    ("POST", "pods", "", "", 409, JSON, b'{"foo":"bar"}'),
    ("PUT", "pods", "p", "", 409, {}, b""),
    ("GET", "secrets", "s", "", 403, TEXT, b'secrets "s" is forbidden: User "u" cannot get resource'),
    ("GET", "pods", "", "", 406, {}, b""),
    ("GET", "pods", "", "", 406, TEXT, b"only protobuf"),
    ("POST", "pods", "", "", 415, TEXT, b"unsupported media type"),
    ("GET", "pods", "", "", 429, {"Retry-After": "5", **TEXT}, b"too many"),
    ("GET", "pods", "", "", 503, {"Retry-After": "soon", **JSON}, _j(UNAVAILABLE)),
    ("POST", "pods", "", "", 422, JSON, _j(INVALID)),
    ("GET", "pods", "", "", 401, JSON, b"not json at all"),
    ("GET", "pods", "", "", 400, {"Content-Type": "text/html; charset=utf-8"}, b"<html>bad</html>"),
    ("GET", "pods", "", "", 400, {"Content-Type": "application/vnd.kubernetes.protobuf"}, b"k8s\x00garbage"),
    ("GET", "pods", "", "", 500, JSON, _j({**NOT_FOUND, "kind": ""})),
    ("GET", "pods", "", "", 500, JSON, _j({**NOT_FOUND, "status": "Success"})),
    ("DELETE", "pods", "p", "", 405, {}, b""),
    ("GET", "pods", "", "", 504, TEXT, b"gateway timeout"),
    ("GET", "pods", "", "", 302, TEXT, b"moved"),
    ("GET", "pods", "", "application/vnd.kubernetes.protobuf", 404, {}, b"nothing"),
]

R0 = {"Retry-After": "0"}
# (verb, max_retries, [(status, headers, body), ...]): the last answer repeats.
RETRY_CASES = [
    ("GET", 3, [(429, R0, b""), (503, {**R0, **TEXT}, b"boom")]),
    ("GET", 3, [(429, R0, b""), (200, TEXT, b"ok")]),
    ("POST", 2, [(500, R0, b"")]),
    ("GET", 0, [(429, R0, b"")]),
    ("GET", 5, [(500, {"Retry-After": "x"}, b""), (200, {}, b"")]),
    ("GET", 5, [(502, R0, b""), (404, JSON, _j(NOT_FOUND))]),
    ("PUT", 4, [(409, R0, b"")]),
    ("DELETE", 1, [(503, {**R0, **JSON}, _j(UNAVAILABLE))]),
]


def _oracle(go_oracle) -> list[dict]:
    payload = [
        {
            "verb": v,
            "resource": r,
            "name": n,
            "contentType": ct,
            "status": s,
            "headers": h,
            "body": base64.b64encode(b).decode(),
        }
        for v, r, n, ct, s, h, b in CASES
    ]
    for verb, max_retries, answers in RETRY_CASES:
        (status, headers, body), rest_ = answers[0], answers[1:]
        payload.append(
            {
                "verb": verb,
                "resource": "pods",
                "name": "",
                "contentType": "",
                "status": status,
                "headers": headers,
                "body": base64.b64encode(body).decode(),
                "maxRetries": max_retries,
                "then": [{"status": st, "headers": h, "body": base64.b64encode(b).decode()} for st, h, b in rest_],
            }
        )
    proc = subprocess.run(
        [str(go_oracle("rest_errors"))], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def _status_json(err) -> dict | None:
    if not isinstance(err, errors.StatusError):
        return None
    return json.loads(runtime.encode(scheme.Codecs.legacy_codec(schema.GroupVersion(version="v1")), err.err_status))


def _python(httpserver, verb, resource, name, content_type, status, headers, body, max_retries=0, then=()) -> dict:
    answers = [(status, headers, body), *then]
    attempts = [0]

    def handler(request):
        st, hs, b = answers[min(attempts[0], len(answers) - 1)]
        attempts[0] += 1
        r = Response(b, status=st)
        r.headers.remove("Content-Type")
        for k, v in hs.items():
            r.headers[k] = v
        return r

    httpserver.clear()
    httpserver.expect_request(
        "/api/v1" + (f"/{resource}" if resource else "") + (f"/{name}" if name else ""), method=verb
    ).respond_with_handler(handler)
    gv = schema.GroupVersion(version="v1")
    content = rest.ClientContentConfig(
        content_type=content_type,
        group_version=gv,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), gv),
    )
    c = rest.new_rest_client(httpserver.url_for("/"), "/api/v1", content, None, requests.Session())

    def build():
        r = c.verb(verb).max_retries(max_retries)
        if resource:
            r.resource(resource)
        if name:
            r.name(name)
        return r

    out = {}
    try:
        build().do().error()
        do_err = None
    except Exception as err:  # noqa: BLE001 - compared below
        do_err = err
    out["doAttempts"], attempts[0] = attempts[0], 0
    try:
        build().do_raw()
        raw_err = None
    except Exception as err:  # noqa: BLE001
        raw_err = err
    out["rawAttempts"] = attempts[0]
    out["doError"] = "" if do_err is None else str(do_err)
    out["rawError"] = "" if raw_err is None else str(raw_err)
    for key, err in (("doStatus", do_err), ("rawStatus", raw_err)):
        s = _status_json(err)
        if s is not None:
            out[key] = s
    return out


def _normalise(status: dict | None) -> dict | None:
    if status is None:
        return None
    status = {k: v for k, v in status.items() if k not in ("kind", "apiVersion")}
    if status.get("metadata") == {}:
        status.pop("metadata")
    return status


def test_error_text_and_status_match_client_go(go_oracle, httpserver):
    want = _oracle(go_oracle)
    cases = list(CASES) + [
        (verb, "pods", "", "", *answers[0], max_retries, answers[1:]) for verb, max_retries, answers in RETRY_CASES
    ]
    assert len(want) == len(cases)
    for case, expected in zip(cases, want):
        got = _python(httpserver, *case)
        assert got["doAttempts"] == expected["doAttempts"], case
        assert got["rawAttempts"] == expected["rawAttempts"], case
        assert got["doError"] == expected["doError"], case
        assert got["rawError"] == expected["rawError"], case
        assert _normalise(got.get("doStatus")) == _normalise(expected.get("doStatus")), case
        assert _normalise(got.get("rawStatus")) == _normalise(expected.get("rawStatus")), case
