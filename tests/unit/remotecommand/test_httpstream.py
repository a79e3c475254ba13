"""httpstream's error checks (ported from k8s.io/streaming's httpstream_test.go)."""

from __future__ import annotations

import pytest

from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import httpstream


class _Wrapped(Exception):
    """fmt.Errorf("%s: %w", ...)."""

    def __init__(self, msg: str, inner: BaseException):
        super().__init__(f"{msg}: {inner}")
        self.inner = inner

    def unwrap(self) -> BaseException:
        return self.inner


@pytest.mark.parametrize(
    "err,expected",
    [
        (None, False),
        (ValueError("this is not an upgrade error"), False),
        (httpstream.UpgradeFailureError(), True),
        (_Wrapped("first error", ValueError("Non-upgrade error")), False),
        (_Wrapped("first error", httpstream.UpgradeFailureError()), True),
    ],
)
def test_is_upgrade_failure(err, expected):
    assert httpstream.is_upgrade_failure(err) is expected


def test_upgrade_failure_raised_from_cause_counts():
    try:
        try:
            raise ValueError("inner")
        except ValueError as e:
            raise RuntimeError("outer") from httpstream.UpgradeFailureError(e)
    except RuntimeError as outer:
        assert httpstream.is_upgrade_failure(outer)


@pytest.mark.parametrize(
    "err,expected",
    [
        (None, False),
        (ValueError("this is not an upgrade error"), False),
        (ValueError("proxy: unknown scheme: https"), True),
    ],
)
def test_is_https_proxy_error(err, expected):
    assert httpstream.is_https_proxy_error(err) is expected


def test_upgrade_failure_message_and_status_inside():
    status = errors.StatusError(metav1.Status(status="Failure", reason="Forbidden", code=403, message="no"))
    err = httpstream.UpgradeFailureError(status)
    assert str(err) == "unable to upgrade streaming request: no"
    assert errors.is_forbidden(err)
    assert str(httpstream.UpgradeFailureError()) == "unable to upgrade streaming request: <nil>"


def test_is_upgrade_request():
    assert httpstream.is_upgrade_request({"Connection": "keep-alive, Upgrade"})
    assert not httpstream.is_upgrade_request({"Connection": "keep-alive"})
    assert not httpstream.is_upgrade_request({})
