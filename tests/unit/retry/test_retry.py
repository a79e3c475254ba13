"""util.retry: client-go's OnError / RetryOnConflict semantics."""

import pytest

from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.runtime.schema import GroupResource
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.util import retry

FAST = wait.Backoff(steps=3, duration=0.001, factor=1.0)
PODS = GroupResource(group="", resource="pods")


def conflict():
    return errors.new_conflict(PODS, "web", ValueError("the object has been modified"))


def test_defaults_match_client_go():
    assert (
        retry.DefaultRetry.steps,
        retry.DefaultRetry.duration,
        retry.DefaultRetry.factor,
        retry.DefaultRetry.jitter,
    ) == (5, 0.010, 1.0, 0.1)
    assert (
        retry.DefaultBackoff.steps,
        retry.DefaultBackoff.duration,
        retry.DefaultBackoff.factor,
        retry.DefaultBackoff.jitter,
    ) == (4, 0.010, 5.0, 0.1)


def test_retries_conflicts_until_success():
    calls = []

    def fn():
        calls.append(1)
        if len(calls) < 3:
            raise conflict()

    retry.retry_on_conflict(FAST, fn)
    assert len(calls) == 3


def test_last_conflict_is_raised_when_steps_run_out():
    calls = []

    def fn():
        calls.append(1)
        raise conflict()

    with pytest.raises(errors.StatusError) as caught:
        retry.retry_on_conflict(FAST, fn)
    assert errors.is_conflict(caught.value)
    assert len(calls) == FAST.steps
    assert FAST.steps == 3  # the caller's back-off is not used up


def test_other_errors_are_raised_at_once():
    calls = []

    def fn():
        calls.append(1)
        raise errors.new_not_found(PODS, "web")

    with pytest.raises(errors.StatusError) as caught:
        retry.retry_on_conflict(FAST, fn)
    assert errors.is_not_found(caught.value)
    assert len(calls) == 1


def test_on_error_with_own_predicate():
    calls = []

    def fn():
        calls.append(1)
        if len(calls) == 1:
            raise TimeoutError("slow")

    retry.on_error(FAST, lambda err: isinstance(err, TimeoutError), fn)
    assert len(calls) == 2


def test_zero_steps_never_calls_and_times_out():
    with pytest.raises(wait.ErrWaitTimeout):
        retry.on_error(wait.Backoff(steps=0), lambda err: True, lambda: None)


def test_retry_on_conflict_go_cases():
    """retry/util_test.go's TestRetryOnConflict."""
    opts = wait.Backoff(factor=1.0, steps=3)
    conflict_err = errors.new_conflict(GroupResource(resource="test"), "other", None)

    def always_conflict():
        raise conflict_err

    with pytest.raises(errors.StatusError) as caught:  # never returns
        retry.retry_on_conflict(opts, always_conflict)
    assert caught.value is conflict_err
    assert str(caught.value) == 'Operation cannot be fulfilled on test "other": <nil>'

    calls = []
    retry.retry_on_conflict(opts, lambda: calls.append(1))  # returns immediately
    assert calls == [1]

    test_err = RuntimeError("some other error")

    def other():
        raise test_err

    with pytest.raises(RuntimeError) as other_caught:  # returns immediately on error
        retry.retry_on_conflict(opts, other)
    assert other_caught.value is test_err

    i = 0

    def keeps_retrying():
        nonlocal i
        if i < 2:
            i += 1
            raise errors.new_conflict(GroupResource(resource="test"), "other", None)

    retry.retry_on_conflict(opts, keeps_retrying)
    assert i == 2


def test_retry_on_conflict_preserves_context_error_without_last_error():
    from kubernetes_py import context

    def canceled():
        raise context.Canceled()

    with pytest.raises(context.Canceled):
        retry.retry_on_conflict(retry.DefaultBackoff, canceled)
