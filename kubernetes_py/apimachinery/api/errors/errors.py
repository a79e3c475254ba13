"""StatusError (an exception carrying a metav1.Status), its constructors and the is_* predicates."""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Protocol, runtime_checkable

from kubernetes_py._go.strconv import go_quote, go_string
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupResource
from kubernetes_py.apimachinery.util.validation.field import ErrorList

# HTTP status codes the constructors and predicates use (Go's net/http names).
_StatusBadRequest = 400
_StatusUnauthorized = 401
_StatusForbidden = 403
_StatusNotFound = 404
_StatusMethodNotAllowed = 405
_StatusNotAcceptable = 406
_StatusConflict = 409
_StatusGone = 410
_StatusRequestEntityTooLarge = 413
_StatusUnsupportedMediaType = 415
_StatusUnprocessableEntity = 422
_StatusTooManyRequests = 429
_StatusInternalServerError = 500
_StatusServiceUnavailable = 503
_StatusGatewayTimeout = 504

_KNOWN_REASONS = frozenset(
    {
        metav1.StatusReasonUnauthorized,
        metav1.StatusReasonForbidden,
        metav1.StatusReasonNotFound,
        metav1.StatusReasonAlreadyExists,
        metav1.StatusReasonConflict,
        metav1.StatusReasonGone,
        metav1.StatusReasonInvalid,
        metav1.StatusReasonServerTimeout,
        metav1.StatusReasonStoreReadError,
        metav1.StatusReasonTimeout,
        metav1.StatusReasonTooManyRequests,
        metav1.StatusReasonBadRequest,
        metav1.StatusReasonMethodNotAllowed,
        metav1.StatusReasonNotAcceptable,
        metav1.StatusReasonRequestEntityTooLarge,
        metav1.StatusReasonUnsupportedMediaType,
        metav1.StatusReasonInternalError,
        metav1.StatusReasonExpired,
        metav1.StatusReasonServiceUnavailable,
    }
)


@runtime_checkable
class APIStatus(Protocol):
    """An error that carries an API Status (Go's ``APIStatus`` interface)."""

    def status(self) -> Any: ...


class StatusError(Exception):
    """An error the API server reported, or one built to look like it. ``str(err)`` is the Status message."""

    def __init__(self, err_status: Any = None):
        if err_status is None:
            err_status = metav1.Status()
        elif not isinstance(err_status, metav1.Status):
            raise TypeError(f"StatusError wraps a metav1.Status, got {type(err_status).__name__}")
        self.err_status = err_status
        super().__init__(go_string(err_status.message))

    def __str__(self) -> str:
        # A message that is not UTF-8 (protobuf hands it back as bytes) reads as Go's encoding/json writes it.
        return go_string(self.err_status.message)

    def __repr__(self) -> str:
        s = self.err_status
        return f"StatusError(code={s.code}, reason={go_string(s.reason)!r}, message={go_string(s.message)!r})"

    def status(self) -> Any:
        """The Status this error carries."""
        return self.err_status

    def debug_error(self) -> tuple[str, list[Any]]:
        """A format and arguments describing the whole server response, for verbose logs."""
        from google.protobuf import json_format

        try:
            text = json.dumps(json_format.MessageToDict(self.err_status), indent=2)
        except Exception:  # noqa: BLE001 - fall back to the message's text form
            return "server response object: %s", [str(self.err_status)]
        return "server response object: %s", [text]

    def __reduce__(self) -> tuple[type[StatusError], tuple[Any]]:
        return (StatusError, (self.err_status,))


def _as_api_status(err: Optional[BaseException]) -> Optional[Any]:
    """The first error in ``err``'s chain (``__cause__`` or ``unwrap()``) that carries a Status (Go's errors.As)."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        status = getattr(err, "status", None)
        if isinstance(err, BaseException) and callable(status):
            return err
        unwrap = getattr(err, "unwrap", None)
        err = unwrap() if callable(unwrap) else err.__cause__
    return None


def _status_of(err: Optional[BaseException]) -> Optional[Any]:
    api = _as_api_status(err)
    return api.status() if api is not None else None


def has_status_cause(err: Optional[BaseException], name: str) -> bool:
    return status_cause(err, name)[1]


def status_cause(err: Optional[BaseException], name: str) -> tuple[Any, bool]:
    """``(cause, True)`` for the first cause of type ``name`` in the error's Status details."""
    status = _status_of(err)
    if status is not None and status.HasField("details"):
        for cause in status.details.causes:
            if cause.reason == name:
                return cause, True
    return metav1.StatusCause(), False


class UnexpectedObjectError(Exception):
    """from_object was given an object that is not a Status."""

    def __init__(self, object: Any = None):
        self.object = object
        super().__init__(f"unexpected object: {'<nil>' if object is None else object}")


def from_object(obj: Any) -> BaseException:
    """The error an object describes: a StatusError for a metav1.Status (typed, or unstructured with kind Status
    and apiVersion v1 or meta.k8s.io/v1), otherwise an UnexpectedObjectError. Returned, not raised."""
    if isinstance(obj, metav1.Status):
        copy = metav1.Status()
        copy.CopyFrom(obj)
        return StatusError(copy)
    content_of = getattr(obj, "unstructured_content", None)
    if callable(content_of):
        content = content_of()
        if content.get("kind") == "Status":
            from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter

            status = metav1.Status()
            DefaultUnstructuredConverter.from_unstructured(content, status)
            if status.apiVersion in ("v1", "meta.k8s.io/v1"):
                return StatusError(status)
    return UnexpectedObjectError(obj)


def _details(
    group: str = "", kind: str = "", name: str = "", retry_after_seconds: int = 0, causes: Iterable[Any] = ()
) -> Any:
    return metav1.StatusDetails(
        group=group, kind=kind, name=name, retryAfterSeconds=_int32(retry_after_seconds), causes=list(causes)
    )


def _int32(value: int) -> int:
    return ((int(value) + (1 << 31)) & ((1 << 32) - 1)) - (1 << 31)


def _failure(code: int, reason: str, message: str, details: Any = None) -> StatusError:
    status = metav1.Status(status=metav1.StatusFailure, code=code, reason=reason, message=message)
    if details is not None:
        status.details.CopyFrom(details)
    return StatusError(status)


def new_not_found(qualified_resource: GroupResource, name: str) -> StatusError:
    """``<resource> "<name>" not found`` (404, NotFound)."""
    return _failure(
        _StatusNotFound,
        metav1.StatusReasonNotFound,
        f"{qualified_resource} {go_quote(name)} not found",
        _details(qualified_resource.group, qualified_resource.resource, name),
    )


def new_already_exists(qualified_resource: GroupResource, name: str) -> StatusError:
    return _failure(
        _StatusConflict,
        metav1.StatusReasonAlreadyExists,
        f"{qualified_resource} {go_quote(name)} already exists",
        _details(qualified_resource.group, qualified_resource.resource, name),
    )


def new_generate_name_conflict(qualified_resource: GroupResource, name: str, retry_after_seconds: int) -> StatusError:
    return _failure(
        _StatusConflict,
        metav1.StatusReasonAlreadyExists,
        f"{qualified_resource} {go_quote(name)} already exists, the server was not able to generate a "
        f"unique name for the object",
        _details(qualified_resource.group, qualified_resource.resource, name, retry_after_seconds),
    )


def new_unauthorized(reason: str) -> StatusError:
    return _failure(_StatusUnauthorized, metav1.StatusReasonUnauthorized, reason or "not authorized")


def new_forbidden(qualified_resource: GroupResource, name: str, err: BaseException) -> StatusError:
    if qualified_resource.empty():
        message = f"forbidden: {err}"
    elif name == "":
        message = f"{qualified_resource} is forbidden: {err}"
    else:
        message = f"{qualified_resource} {go_quote(name)} is forbidden: {err}"
    return _failure(
        _StatusForbidden,
        metav1.StatusReasonForbidden,
        message,
        _details(qualified_resource.group, qualified_resource.resource, name),
    )


def new_conflict(qualified_resource: GroupResource, name: str, err: Optional[BaseException]) -> StatusError:
    return _failure(
        _StatusConflict,
        metav1.StatusReasonConflict,
        f"Operation cannot be fulfilled on {qualified_resource} {go_quote(name)}: {'<nil>' if err is None else err}",
        _details(qualified_resource.group, qualified_resource.resource, name),
    )


def new_apply_conflict(causes: Iterable[Any], message: str) -> StatusError:
    return _failure(_StatusConflict, metav1.StatusReasonConflict, message, _details(causes=causes))


def new_gone(message: str) -> StatusError:
    return _failure(_StatusGone, metav1.StatusReasonGone, message)


def new_resource_expired(message: str) -> StatusError:
    return _failure(_StatusGone, metav1.StatusReasonExpired, message)


def new_invalid(qualified_kind: GroupKind, name: str, errs: Optional[Iterable[Any]]) -> StatusError:
    """``<kind> "<name>" is invalid: <field errors>`` (422, Invalid), one cause per field error."""
    errs = ErrorList(errs or [])
    causes = [metav1.StatusCause(reason=e.type, message=e.error_body(), field=e.field) for e in errs]
    aggregate = errs.to_aggregate()
    if aggregate is None:
        message = f"{qualified_kind} {go_quote(name)} is invalid"
    else:
        message = f"{qualified_kind} {go_quote(name)} is invalid: {aggregate}"
    return _failure(
        _StatusUnprocessableEntity,
        metav1.StatusReasonInvalid,
        message,
        _details(qualified_kind.group, qualified_kind.kind, name, causes=causes),
    )


def new_bad_request(reason: str) -> StatusError:
    return _failure(_StatusBadRequest, metav1.StatusReasonBadRequest, reason)


def new_too_many_requests(message: str, retry_after_seconds: int) -> StatusError:
    return _failure(
        _StatusTooManyRequests,
        metav1.StatusReasonTooManyRequests,
        message,
        _details(retry_after_seconds=retry_after_seconds),
    )


def new_service_unavailable(reason: str) -> StatusError:
    return _failure(_StatusServiceUnavailable, metav1.StatusReasonServiceUnavailable, reason)


def new_method_not_supported(qualified_resource: GroupResource, action: str) -> StatusError:
    return _failure(
        _StatusMethodNotAllowed,
        metav1.StatusReasonMethodNotAllowed,
        f"{action} is not supported on resources of kind {go_quote(str(qualified_resource))}",
        _details(qualified_resource.group, qualified_resource.resource),
    )


def new_server_timeout(qualified_resource: GroupResource, operation: str, retry_after_seconds: int) -> StatusError:
    return _failure(
        _StatusInternalServerError,
        metav1.StatusReasonServerTimeout,
        f"The {operation} operation against {qualified_resource} could not be completed at this time, "
        f"please try again.",
        _details(qualified_resource.group, qualified_resource.resource, operation, retry_after_seconds),
    )


def new_server_timeout_for_kind(qualified_kind: GroupKind, operation: str, retry_after_seconds: int) -> StatusError:
    return new_server_timeout(
        GroupResource(group=qualified_kind.group, resource=qualified_kind.kind), operation, retry_after_seconds
    )


def new_internal_error(err: BaseException) -> StatusError:
    return _failure(
        _StatusInternalServerError,
        metav1.StatusReasonInternalError,
        f"Internal error occurred: {err}",
        _details(causes=[metav1.StatusCause(message=str(err))]),
    )


def new_timeout_error(message: str, retry_after_seconds: int) -> StatusError:
    return _failure(
        _StatusGatewayTimeout,
        metav1.StatusReasonTimeout,
        f"Timeout: {message}",
        _details(retry_after_seconds=retry_after_seconds),
    )


def new_too_many_requests_error(message: str) -> StatusError:
    return _failure(_StatusTooManyRequests, metav1.StatusReasonTooManyRequests, f"Too many requests: {message}")


def new_request_entity_too_large_error(message: str) -> StatusError:
    return _failure(
        _StatusRequestEntityTooLarge, metav1.StatusReasonRequestEntityTooLarge, f"Request entity too large: {message}"
    )


def new_generic_server_response(
    code: int,
    verb: str,
    qualified_resource: GroupResource,
    name: str,
    server_message: str,
    retry_after_seconds: int,
    is_unexpected_response: bool,
) -> StatusError:
    """The error for an HTTP answer that carried no Status: reason and message chosen from the code."""
    reason = metav1.StatusReasonUnknown
    message = f"the server responded with the status code {code} but did not return more information"
    if code == _StatusConflict:
        reason = metav1.StatusReasonAlreadyExists if verb == "POST" else metav1.StatusReasonConflict
        message = "the server reported a conflict"
    elif code == _StatusNotFound:
        reason = metav1.StatusReasonNotFound
        message = "the server could not find the requested resource"
    elif code == _StatusBadRequest:
        reason = metav1.StatusReasonBadRequest
        message = "the server rejected our request for an unknown reason"
    elif code == _StatusUnauthorized:
        reason = metav1.StatusReasonUnauthorized
        message = "the server has asked for the client to provide credentials"
    elif code == _StatusForbidden:
        reason = metav1.StatusReasonForbidden
        message = server_message
    elif code == _StatusNotAcceptable:
        reason = metav1.StatusReasonNotAcceptable
        if not server_message or server_message == "unknown":
            message = "the server was unable to respond with a content type that the client supports"
        else:
            message = server_message
    elif code == _StatusUnsupportedMediaType:
        reason = metav1.StatusReasonUnsupportedMediaType
        message = server_message
    elif code == _StatusMethodNotAllowed:
        reason = metav1.StatusReasonMethodNotAllowed
        message = "the server does not allow this method on the requested resource"
    elif code == _StatusUnprocessableEntity:
        reason = metav1.StatusReasonInvalid
        message = "the server rejected our request due to an error in our request"
    elif code == _StatusServiceUnavailable:
        reason = metav1.StatusReasonServiceUnavailable
        message = "the server is currently unable to handle the request"
    elif code == _StatusGatewayTimeout:
        reason = metav1.StatusReasonTimeout
        message = (
            "the server was unable to return a response in the time allotted, but may still be processing the request"
        )
    elif code == _StatusTooManyRequests:
        reason = metav1.StatusReasonTooManyRequests
        message = "the server has received too many requests and has asked us to try again later"
    elif code >= 500:
        reason = metav1.StatusReasonInternalError
        message = f"an error on the server ({go_quote(server_message)}) has prevented the request from succeeding"
    if not qualified_resource.empty() and name:
        message = f"{message} ({verb.lower()} {qualified_resource} {name})"
    elif not qualified_resource.empty():
        message = f"{message} ({verb.lower()} {qualified_resource})"
    causes = []
    if is_unexpected_response:
        causes = [metav1.StatusCause(reason=metav1.CauseTypeUnexpectedServerResponse, message=server_message)]
    return _failure(
        _int32(code),
        reason,
        message,
        _details(qualified_resource.group, qualified_resource.resource, name, retry_after_seconds, causes),
    )


def _reason_and_code(err: Optional[BaseException]) -> tuple[str, int]:
    status = _status_of(err)
    if status is None:
        return metav1.StatusReasonUnknown, 0
    return status.reason, status.code


def reason_for_error(err: Optional[BaseException]) -> str:
    """The Status reason of the error (or of an error it wraps); ``""`` (StatusReasonUnknown) otherwise."""
    return _reason_and_code(err)[0]


def _reason_or_code(err: Optional[BaseException], reason: str, code: int) -> bool:
    # The reason decides; the HTTP code is consulted only when the reason is not one apimachinery knows.
    got_reason, got_code = _reason_and_code(err)
    if got_reason == reason:
        return True
    return got_reason not in _KNOWN_REASONS and got_code == code


def is_not_found(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonNotFound, _StatusNotFound)


def is_already_exists(err: Optional[BaseException]) -> bool:
    return reason_for_error(err) == metav1.StatusReasonAlreadyExists


def is_conflict(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonConflict, _StatusConflict)


def is_invalid(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonInvalid, _StatusUnprocessableEntity)


def is_gone(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonGone, _StatusGone)


def is_resource_expired(err: Optional[BaseException]) -> bool:
    return reason_for_error(err) == metav1.StatusReasonExpired


def is_not_acceptable(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonNotAcceptable, _StatusNotAcceptable)


def is_unsupported_media_type(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonUnsupportedMediaType, _StatusUnsupportedMediaType)


def is_method_not_supported(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonMethodNotAllowed, _StatusMethodNotAllowed)


def is_service_unavailable(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonServiceUnavailable, _StatusServiceUnavailable)


def is_bad_request(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonBadRequest, _StatusBadRequest)


def is_unauthorized(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonUnauthorized, _StatusUnauthorized)


def is_forbidden(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonForbidden, _StatusForbidden)


def is_timeout(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonTimeout, _StatusGatewayTimeout)


def is_server_timeout(err: Optional[BaseException]) -> bool:
    return reason_for_error(err) == metav1.StatusReasonServerTimeout


def is_internal_error(err: Optional[BaseException]) -> bool:
    return _reason_or_code(err, metav1.StatusReasonInternalError, _StatusInternalServerError)


def is_too_many_requests(err: Optional[BaseException]) -> bool:
    # Unlike the others, any 429 counts, whatever the reason.
    reason, code = _reason_and_code(err)
    return reason == metav1.StatusReasonTooManyRequests or code == _StatusTooManyRequests


def is_request_entity_too_large_error(err: Optional[BaseException]) -> bool:
    reason, code = _reason_and_code(err)
    return reason == metav1.StatusReasonRequestEntityTooLarge or code == _StatusRequestEntityTooLarge


def is_unexpected_server_error(err: Optional[BaseException]) -> bool:
    return has_status_cause(err, metav1.CauseTypeUnexpectedServerResponse)


def is_unexpected_object_error(err: Optional[BaseException]) -> bool:
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, UnexpectedObjectError):
            return True
        unwrap = getattr(err, "unwrap", None)
        err = unwrap() if callable(unwrap) else err.__cause__
    return False


def is_store_read_error(err: Optional[BaseException]) -> bool:
    return reason_for_error(err) == metav1.StatusReasonStoreReadError


def suggests_client_delay(err: Optional[BaseException]) -> tuple[int, bool]:
    """``(seconds, True)`` when the error asks the client to wait before retrying."""
    status = _status_of(err)
    if status is not None and status.HasField("details"):
        if status.reason == metav1.StatusReasonServerTimeout:
            return status.details.retryAfterSeconds, True
        if status.details.retryAfterSeconds > 0:
            return status.details.retryAfterSeconds, True
    return 0, False


class ErrorReporter:
    """Turns a client-side error into a Status object (used by watch decoding)."""

    def __init__(self, code: int, verb: str, reason: str):
        self.code = code
        self.verb = verb
        self.reason = reason

    def as_object(self, err: BaseException) -> Any:
        status = new_generic_server_response(self.code, self.verb, GroupResource(), "", str(err), 0, True).err_status
        status.details.causes.append(metav1.StatusCause(reason=self.reason or "ClientError", message=str(err)))
        return status


def new_client_error_reporter(code: int, verb: str, reason: str) -> ErrorReporter:
    return ErrorReporter(code, verb, reason)
