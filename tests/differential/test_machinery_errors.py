"""api.errors constructors and predicates compared with apimachinery's Go code."""

import pytest

from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupResource
from kubernetes_py.apimachinery.util.validation import field
from tests.differential.machinery_oracle import run_oracle

pytestmark = pytest.mark.differential

PREDICATES = [
    "not_found",
    "already_exists",
    "conflict",
    "invalid",
    "gone",
    "resource_expired",
    "not_acceptable",
    "unsupported_media_type",
    "method_not_supported",
    "service_unavailable",
    "bad_request",
    "unauthorized",
    "forbidden",
    "timeout",
    "server_timeout",
    "internal_error",
    "too_many_requests",
    "request_entity_too_large_error",
    "unexpected_server_error",
    "store_read_error",
]


def build(case):
    gr = GroupResource(group=case.get("group", ""), resource=case.get("resource", ""))
    gk = GroupKind(group=case.get("group", ""), kind=case.get("kind", ""))
    name, message, verb = case.get("name", ""), case.get("message", ""), case.get("verb", "")
    retry, code = case.get("retry", 0), case.get("code", 0)
    cause = Exception(message)
    ctor = case["ctor"]
    simple = {
        "not_found": lambda: errors.new_not_found(gr, name),
        "already_exists": lambda: errors.new_already_exists(gr, name),
        "generate_name_conflict": lambda: errors.new_generate_name_conflict(gr, name, retry),
        "unauthorized": lambda: errors.new_unauthorized(message),
        "forbidden": lambda: errors.new_forbidden(gr, name, cause),
        "conflict": lambda: errors.new_conflict(gr, name, cause),
        "gone": lambda: errors.new_gone(message),
        "resource_expired": lambda: errors.new_resource_expired(message),
        "bad_request": lambda: errors.new_bad_request(message),
        "too_many_requests": lambda: errors.new_too_many_requests(message, retry),
        "service_unavailable": lambda: errors.new_service_unavailable(message),
        "method_not_supported": lambda: errors.new_method_not_supported(gr, verb),
        "server_timeout": lambda: errors.new_server_timeout(gr, verb, retry),
        "server_timeout_for_kind": lambda: errors.new_server_timeout_for_kind(gk, verb, retry),
        "internal_error": lambda: errors.new_internal_error(cause),
        "timeout_error": lambda: errors.new_timeout_error(message, retry),
        "too_many_requests_error": lambda: errors.new_too_many_requests_error(message),
        "request_entity_too_large_error": lambda: errors.new_request_entity_too_large_error(message),
        "generic_server_response": lambda: errors.new_generic_server_response(
            code, verb, gr, name, message, retry, case.get("unexpected", False)
        ),
        "status": lambda: errors.StatusError(
            metav1.Status(status="Failure", code=code, reason=case.get("reason", ""), message=message)
        ),
        "plain": lambda: Exception(message),
    }
    if ctor in simple:
        return simple[ctor]()
    assert ctor == "invalid"
    errs = field.ErrorList()
    for fe in case.get("fieldErrors", []):
        p = field.new_path(fe["field"])
        t, v, d = fe["type"], fe.get("value"), fe.get("detail", "")
        errs.append(
            {
                "required": lambda: field.required(p, d),
                "invalid": lambda: field.invalid(p, v, d),
                "not_supported": lambda: field.not_supported(p, v, ["a", "b"]),
                "forbidden": lambda: field.forbidden(p, d),
                "duplicate": lambda: field.duplicate(p, v),
                "too_long": lambda: field.too_long(p, v, 10),
            }[t]()
        )
    return errors.new_invalid(gk, name, errs)


def python_result(case):
    err = build(case)
    out = {}
    if isinstance(err, errors.StatusError):
        s = err.err_status
        details = None
        if s.HasField("details"):
            details = {
                "group": s.details.group,
                "kind": s.details.kind,
                "name": s.details.name,
                "retryAfterSeconds": s.details.retryAfterSeconds,
                "causes": [[c.reason, c.message, c.field] for c in s.details.causes],
            }
        out["status"] = {
            "status": s.status,
            "code": s.code,
            "reason": s.reason,
            "message": s.message,
            "details": details,
        }
    if case.get("wrap"):
        outer = RuntimeError(f"outer context: {err}")
        outer.__cause__ = err
        err = outer
    out["error"] = str(err)
    out["reason"] = errors.reason_for_error(err)
    out["delay"] = list(errors.suggests_client_delay(err))
    out["predicates"] = {p: getattr(errors, "is_" + p)(err) for p in PREDICATES}
    return out


def error_corpus():
    base = [
        {"ctor": "not_found", "group": "", "resource": "pods", "name": "web"},
        {"ctor": "not_found", "group": "apps", "resource": "deployments", "name": 'a"b\n'},
        {"ctor": "not_found", "resource": "", "name": ""},
        {"ctor": "already_exists", "group": "apps", "resource": "deployments", "name": "web"},
        {"ctor": "generate_name_conflict", "resource": "pods", "name": "web-", "retry": 3},
        {"ctor": "unauthorized", "message": ""},
        {"ctor": "unauthorized", "message": "token expired"},
        {"ctor": "forbidden", "resource": "pods", "name": "web", "message": "rbac says no"},
        {"ctor": "forbidden", "resource": "pods", "name": "", "message": "rbac says no"},
        {"ctor": "forbidden", "resource": "", "name": "web", "message": "rbac says no"},
        {
            "ctor": "conflict",
            "group": "apps",
            "resource": "deployments",
            "name": "web",
            "message": "the object has been modified",
        },
        {"ctor": "gone", "message": "too old"},
        {"ctor": "resource_expired", "message": "too old resource version: 1 (2)"},
        {"ctor": "invalid", "group": "apps", "kind": "Deployment", "name": "web"},
        {
            "ctor": "invalid",
            "kind": "Pod",
            "name": "p",
            "fieldErrors": [
                {"type": "required", "field": "spec", "detail": "must be set"},
                {"type": "invalid", "field": "replicas", "value": -1, "detail": "must be >= 0"},
                {"type": "invalid", "field": "name", "value": "Bad Name", "detail": "lowercase"},
                {"type": "invalid", "field": "list", "value": ["a", "<b>"], "detail": "nope"},
                {"type": "invalid", "field": "map", "value": {"z": 1, "a": True}, "detail": ""},
                {"type": "invalid", "field": "null", "value": None, "detail": "x"},
                {"type": "invalid", "field": "f", "value": 1.5, "detail": "x"},
                {"type": "invalid", "field": "big", "value": 1234567.0, "detail": "x"},
                {"type": "invalid", "field": "tiny", "value": 1e-7, "detail": "x"},
                {"type": "invalid", "field": "floats", "value": [1e-7, 1e21, 1e20, 0.5], "detail": "x"},
                {"type": "invalid", "field": "nested", "value": {"k": [1, "<&>", None, False]}, "detail": "x"},
                {"type": "not_supported", "field": "policy", "value": "Sometimes"},
                {"type": "forbidden", "field": "spec.x", "detail": "immutable"},
                {"type": "duplicate", "field": "ports", "value": 80},
                {"type": "too_long", "field": "data", "value": "xxxxxxxxxxxxx"},
                {"type": "required", "field": "spec", "detail": "must be set"},
            ],
        },
        {
            "ctor": "invalid",
            "kind": "Pod",
            "name": "p",
            "fieldErrors": [{"type": "required", "field": "spec", "detail": ""}],
        },
        {"ctor": "bad_request", "message": "bad body"},
        {"ctor": "too_many_requests", "message": "slow down", "retry": 5},
        {"ctor": "too_many_requests", "message": "slow down", "retry": 0},
        {"ctor": "service_unavailable", "message": "etcd down"},
        {"ctor": "method_not_supported", "group": "apps", "resource": "deployments", "verb": "patch"},
        {"ctor": "server_timeout", "resource": "pods", "verb": "list", "retry": 2},
        {"ctor": "server_timeout", "resource": "pods", "verb": "list", "retry": 0},
        {"ctor": "server_timeout_for_kind", "group": "batch", "kind": "Job", "verb": "get", "retry": 1},
        {"ctor": "internal_error", "message": "boom"},
        {"ctor": "timeout_error", "message": "took too long", "retry": 7},
        {"ctor": "too_many_requests_error", "message": "limit"},
        {"ctor": "request_entity_too_large_error", "message": "3MB"},
        {"ctor": "plain", "message": "not an API error"},
    ]
    for code in [200, 302, 400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429, 500, 501, 503, 504, 599]:
        for verb, resource, name, msg in [
            ("GET", "pods", "web", "server says"),
            ("POST", "", "", ""),
            ("DELETE", "pods", "", "unknown"),
        ]:
            base.append(
                {
                    "ctor": "generic_server_response",
                    "code": code,
                    "verb": verb,
                    "resource": resource,
                    "name": name,
                    "message": msg,
                    "retry": 1 if code == 429 else 0,
                    "unexpected": code % 2 == 0,
                }
            )
    for code in [0, 400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429, 500, 503, 504]:
        for reason in ["", "SomethingNew", "NotFound", "Conflict", "TooManyRequests", "StorageReadError"]:
            base.append({"ctor": "status", "code": code, "reason": reason, "message": f"{code} {reason}"})
    return base + [{**c, "wrap": True} for c in base]


def test_errors_match_go(go_oracle):
    corpus = error_corpus()
    go = run_oracle(go_oracle, "errors", corpus)
    mismatches = []
    for case, want in zip(corpus, go):
        got = python_result(case)
        if got != want:
            mismatches.append((case, {k: (want.get(k), got.get(k)) for k in want if want.get(k) != got.get(k)}))
    assert mismatches[:10] == []
