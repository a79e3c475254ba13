"""api.errors: constructors, messages and predicates (cases from apimachinery/pkg/api/errors/errors_test.go)."""

import pickle

import pytest

from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupResource
from kubernetes_py.apimachinery.util.validation import field

PODS = GroupResource(resource="pods")
DEPLOYMENTS = GroupResource(group="apps", resource="deployments")


def test_not_found_message_and_status():
    err = errors.new_not_found(PODS, "web")
    assert str(err) == 'pods "web" not found'
    s = err.status()
    assert (s.status, s.code, s.reason) == ("Failure", 404, "NotFound")
    assert (s.details.group, s.details.kind, s.details.name) == ("", "pods", "web")
    assert errors.is_not_found(err) and not errors.is_conflict(err)
    with pytest.raises(errors.StatusError) as caught:
        raise err
    assert caught.value.err_status.code == 404


@pytest.mark.parametrize(
    "err, message",
    [
        (errors.new_already_exists(DEPLOYMENTS, "web"), 'deployments.apps "web" already exists'),
        (
            errors.new_conflict(DEPLOYMENTS, "web", Exception("stale")),
            'Operation cannot be fulfilled on deployments.apps "web": stale',
        ),
        (errors.new_forbidden(PODS, "web", Exception("no")), 'pods "web" is forbidden: no'),
        (errors.new_forbidden(PODS, "", Exception("no")), "pods is forbidden: no"),
        (errors.new_forbidden(GroupResource(), "web", Exception("no")), "forbidden: no"),
        (errors.new_unauthorized(""), "not authorized"),
        (
            errors.new_method_not_supported(DEPLOYMENTS, "patch"),
            'patch is not supported on resources of kind "deployments.apps"',
        ),
        (
            errors.new_server_timeout(PODS, "list", 2),
            "The list operation against pods could not be completed at this time, please try again.",
        ),
        (errors.new_internal_error(Exception("boom")), "Internal error occurred: boom"),
        (errors.new_timeout_error("slow", 1), "Timeout: slow"),
        (errors.new_too_many_requests_error("x"), "Too many requests: x"),
        (errors.new_request_entity_too_large_error("3MB"), "Request entity too large: 3MB"),
        (
            errors.new_generic_server_response(500, "GET", PODS, "web", "oops", 0, True),
            'an error on the server ("oops") has prevented the request from succeeding (get pods web)',
        ),
        (
            errors.new_generic_server_response(409, "POST", PODS, "", "", 0, False),
            "the server reported a conflict (post pods)",
        ),
    ],
)
def test_messages(err, message):
    assert str(err) == message


def test_invalid_with_field_causes():
    errs = field.ErrorList(
        [
            field.required(field.new_path("spec", "containers"), ""),
            field.invalid(field.new_path("metadata", "name"), "Bad", "must be lowercase"),
        ]
    )
    err = errors.new_invalid(GroupKind(kind="Pod"), "web", errs)
    assert str(err) == (
        'Pod "web" is invalid: [spec.containers: Required value, metadata.name: Invalid value: '
        '"Bad": must be lowercase]'
    )
    causes = [(c.reason, c.message, c.field) for c in err.status().details.causes]
    assert causes == [
        ("FieldValueRequired", "Required value", "spec.containers"),
        ("FieldValueInvalid", 'Invalid value: "Bad": must be lowercase', "metadata.name"),
    ]
    assert errors.is_invalid(err)
    assert errors.has_status_cause(err, "FieldValueRequired")
    assert errors.status_cause(err, "FieldValueInvalid")[0].field == "metadata.name"
    assert errors.status_cause(err, "Nope") == (metav1.StatusCause(), False)
    assert str(errors.new_invalid(GroupKind(group="apps", kind="Deployment"), "d", None)) == (
        'Deployment.apps "d" is invalid'
    )


def _status_error(code, reason):
    return errors.StatusError(metav1.Status(code=code, reason=reason))


@pytest.mark.parametrize(
    "predicate, code, reason, expected",
    [
        (errors.is_not_found, 404, "", True),
        (errors.is_not_found, 404, "SomethingNew", True),
        (errors.is_not_found, 404, "Conflict", False),  # a known reason wins over the code
        (errors.is_not_found, 500, "NotFound", True),
        (errors.is_conflict, 409, "", True),
        (errors.is_already_exists, 409, "", False),
        (errors.is_too_many_requests, 429, "Conflict", True),  # any 429 counts
        (errors.is_request_entity_too_large_error, 413, "BadRequest", True),
        (errors.is_server_timeout, 500, "ServerTimeout", True),
        (errors.is_internal_error, 500, "", True),
        (errors.is_internal_error, 500, "ServerTimeout", False),
        (errors.is_timeout, 504, "", True),
        (errors.is_gone, 410, "", True),
        (errors.is_resource_expired, 410, "", False),
        (errors.is_resource_expired, 410, "Expired", True),
    ],
)
def test_reason_then_code(predicate, code, reason, expected):
    assert predicate(_status_error(code, reason)) is expected


def test_predicates_unwrap_causes():
    inner = errors.new_not_found(PODS, "web")
    try:
        try:
            raise inner
        except errors.StatusError as e:
            raise RuntimeError("while syncing") from e
    except RuntimeError as outer:
        assert errors.is_not_found(outer)
        assert errors.reason_for_error(outer) == "NotFound"
    context_only = RuntimeError("unrelated")
    context_only.__context__ = inner  # implicit chaining is not wrapping
    assert not errors.is_not_found(context_only)
    assert errors.reason_for_error(ValueError("x")) == "" and not errors.is_not_found(None)


def test_suggests_client_delay():
    assert errors.suggests_client_delay(errors.new_server_timeout(PODS, "get", 0)) == (0, True)
    assert errors.suggests_client_delay(errors.new_too_many_requests("x", 5)) == (5, True)
    assert errors.suggests_client_delay(errors.new_too_many_requests("x", 0)) == (0, False)
    assert errors.suggests_client_delay(errors.new_bad_request("x")) == (0, False)


def test_from_object():
    status = metav1.Status(status="Failure", code=404, reason="NotFound", message="gone")
    err = errors.from_object(status)
    assert isinstance(err, errors.StatusError) and str(err) == "gone"
    status.message = "changed"
    assert str(err) == "gone"  # a copy, as Go dereferences the pointer
    other = errors.from_object(metav1.ObjectMeta(name="x"))
    assert isinstance(other, errors.UnexpectedObjectError) and errors.is_unexpected_object_error(other)


def test_generic_server_response_causes_and_reporter():
    err = errors.new_generic_server_response(404, "GET", PODS, "web", "body text", 3, True)
    assert errors.is_unexpected_server_error(err) and errors.is_not_found(err)
    assert err.status().details.retryAfterSeconds == 3
    status = errors.new_client_error_reporter(500, "GET", "ClientWatchDecoding").as_object(Exception("bad frame"))
    assert [(c.reason, c.message) for c in status.details.causes] == [
        ("UnexpectedServerResponse", "bad frame"),
        ("ClientWatchDecoding", "bad frame"),
    ]
    assert status.message == 'an error on the server ("bad frame") has prevented the request from succeeding'


def test_status_error_is_an_exception_that_pickles():
    err = errors.new_not_found(PODS, "web")
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == 'pods "web" not found' and copy.err_status == err.err_status
    assert isinstance(err, errors.APIStatus)
    with pytest.raises(TypeError):
        errors.StatusError("not a status")
