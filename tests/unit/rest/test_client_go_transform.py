"""client-go rest/request_test.go's tests of answers turned into results: TestTransformResponse,
TestTransformResponseNegotiate, TestTransformUnstructuredError, TestResultIntoWithErrReturnsErr,
TestResultIntoWithNoBodyReturnsErr, TestWasCreated (names of the Go tests in each docstring)."""

from __future__ import annotations

import pytest

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake
from kubernetes_py.rest.result import Result

V1 = schema.GroupVersion(version="v1")
INVALID = b"aaaaa"


class _HTTPRequest:
    def __init__(self, method: str = ""):
        self.method = method


def _content(content_type: str = "application/json", negotiator=None) -> rest.ClientContentConfig:
    """defaultContentConfig of the Go tests."""
    return rest.ClientContentConfig(
        content_type=content_type,
        group_version=V1,
        negotiator=negotiator or runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


def _req(content=None) -> rest.Request:
    return rest.new_request_with_client("http://localhost", "", content or _content(), None)


def _raises(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.value


@pytest.mark.parametrize(
    "status,headers,body,data,created,is_err,err_fn",
    [
        (200, None, b"", b"", False, False, None),
        (201, None, b"", b"", True, False, None),
        (199, None, b"", None, False, True, None),
        (500, None, b"", None, False, True, None),
        (422, None, b"", None, False, True, None),
        (409, None, b"", None, False, True, None),
        (404, None, b"", None, False, True, None),
        (401, None, b"", None, False, True, None),
        (
            401,
            {"Content-Type": "application/json"},
            INVALID,
            None,
            False,
            True,
            lambda err: str(err) != "aaaaa" and errors.is_unauthorized(err),
        ),
        (
            401,
            {"Content-Type": "text/any"},
            INVALID,
            None,
            False,
            True,
            lambda err: "server has asked for the client to provide" in str(err) and errors.is_unauthorized(err),
        ),
        (403, None, b"", None, False, True, None),
        (200, None, INVALID, INVALID, False, False, None),
    ],
)
def test_transform_response(status, headers, body, data, created, is_err, err_fn):
    """TestTransformResponse."""
    result = _req().transform_response(context.background(), fake.new_response(status, body, headers), _HTTPRequest())
    err = result._err
    assert (err is not None) == is_err
    if is_err and status > 399:
        assert isinstance(err, errors.APIStatus)
        assert err.status().code == status
    if err_fn is not None:
        assert err_fn(err)
    if data is not None:
        assert result._body == data
    assert (result._status_code == 201) == created
    assert result.was_created() == created


class _Renegotiator:
    """Go's renegotiator: records the Decoder call and answers with the decoder and error given."""

    def __init__(self, decoder=None, err=None):
        self.called = False
        self.content_type = ""
        self.params = None
        self._decoder = decoder
        self._err = err

    def decoder(self, content_type, params):
        self.called = True
        self.content_type = content_type
        self.params = params
        if self._err is not None:
            raise self._err
        return self._decoder

    def encoder(self, content_type, params):
        raise ValueError("UNIMPLEMENTED")

    def stream_decoder(self, content_type, params):
        raise ValueError("UNIMPLEMENTED")


def _legacy():
    return scheme.Codecs.legacy_codec(V1)


@pytest.mark.parametrize(
    "content_type,status,headers,body,decoder,negotiate_err,called,expect_ct,is_err,err_fn",
    [
        (
            "application/json",
            401,
            {"Content-Type": "application/json"},
            INVALID,
            None,
            None,
            True,
            "application/json",
            True,
            lambda err: str(err) != "aaaaa" and errors.is_unauthorized(err),
        ),
        (
            "application/json",
            401,
            {"Content-Type": "application/protobuf"},
            INVALID,
            _legacy,
            None,
            True,
            "application/protobuf",
            True,
            lambda err: str(err) != "aaaaa" and errors.is_unauthorized(err),
        ),
        (
            "application/json",
            500,
            {"Content-Type": "application/,others"},
            b"",
            _legacy,
            None,
            False,
            "",
            True,
            lambda err: (
                str(err) == "Internal error occurred: mime: expected token after slash" and err.status().code == 500
            ),
        ),
        ("", 200, {"Content-Type": "text/any"}, INVALID, _legacy, None, True, "text/any", False, None),
        ("text/any", 200, None, INVALID, _legacy, None, True, "text/any", False, None),
        (
            "application/json",
            404,
            {"Content-Type": "application/unrecognized"},
            INVALID,
            _legacy,
            ValueError("aaaa"),
            True,
            "application/unrecognized",
            True,
            lambda err: str(err) != "aaaaa" and errors.is_not_found(err),
        ),
    ],
)
def test_transform_response_negotiate(
    content_type, status, headers, body, decoder, negotiate_err, called, expect_ct, is_err, err_fn
):
    """TestTransformResponseNegotiate: the negotiator is asked for the answer's content type (the request's when
    the answer has none), and not at all when the answer's content type does not parse."""
    negotiator = _Renegotiator(decoder() if decoder else None, negotiate_err)
    r = _req(_content(content_type, negotiator))
    result = r._transform_response(context.background(), fake.new_response(status, body, headers), _HTTPRequest())
    err = result._err
    assert (err is not None) == is_err
    if is_err and status > 399:
        assert err.status().code == status
    if err_fn is not None:
        assert err_fn(err)
    assert negotiator.called == called
    if called:
        assert negotiator.content_type == expect_ct


_CONFLICT_OR_NOT_FOUND = [
    ("foo", "bar", "POST", 409, b"", errors.is_already_exists, None),
    ("foo", "bar", "PUT", 409, b"", errors.is_conflict, None),
    ("foo", "bar", "", 404, b"", errors.is_not_found, None),
    ("", "", "", 400, b"", errors.is_bad_request, None),
    ("", "", "", 400, b'{"kind":"Status","apiVersion":"v1","status":"Failure","code":404}', errors.is_bad_request, 404),
    (
        "",
        "",
        "",
        400,
        b'{"kind":"Status","apiVersion":"v1","status":"Success","code":404}',
        errors.is_bad_request,
        None,
    ),  # noqa: E501
    ("", "", "", 400, b"{}", errors.is_bad_request, None),
    ("", "", "", 400, b'{"kind":"Status","status":"Failure","code":404}', errors.is_bad_request, 404),
    ("", "", "", 400, b'{"status":"Failure","code":404}', errors.is_bad_request, None),
]


@pytest.mark.parametrize("resource,name,method,status,body,err_fn,transformed_code", _CONFLICT_OR_NOT_FOUND)
def test_transform_unstructured_error(resource, name, method, status, body, err_fn, transformed_code):
    """TestTransformUnstructuredError: the generic error names the resource and name; error(), get() and into()
    give the server's failed Status instead (apiVersion defaulted, kind not), raw() the generic error."""
    r = _req()
    if resource:
        r.resource(resource)
    if name:
        r.name(name)
    result = r._transform_response(context.background(), fake.new_response(status, body), _HTTPRequest(method))
    err = result._err
    assert err_fn(err)
    assert errors.is_unexpected_server_error(err)
    assert name in str(err) and resource in str(err)

    transformed = _raises(result.error)
    if transformed_code is None:
        assert transformed is err
    else:
        assert isinstance(transformed, errors.StatusError)
        assert transformed.err_status.status == "Failure" and transformed.err_status.code == transformed_code
        assert not errors.is_unexpected_server_error(transformed)
    for call in (result.get, lambda: result.into(corev1.Pod())):
        again = _raises(call)
        if transformed_code is None:
            assert again is err
        else:
            assert type(again) is type(transformed) and str(again) == str(transformed)
            assert again.err_status == transformed.err_status
    assert _raises(result.raw) is err


def test_result_into_with_err_returns_err():
    """TestResultIntoWithErrReturnsErr: into() raises the result's own error."""
    err = ValueError("test")
    assert _raises(lambda: Result(err=err).into(corev1.Pod())) is err


def test_result_into_with_no_body_returns_err():
    """TestResultIntoWithNoBodyReturnsErr."""
    res = Result(body=b"", decoder=scheme.Codecs.legacy_codec(V1))
    assert "0-length" in str(_raises(lambda: res.into(corev1.Pod())))
