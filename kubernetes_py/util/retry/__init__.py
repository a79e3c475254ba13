"""k8s.io/client-go/util/retry: run a function again while it fails with a retriable error.

    def bump():
        deployment = clientset.apps_v1().deployments(ns).get(ctx, name, metav1.GetOptions())
        deployment.spec.replicas += 1
        clientset.apps_v1().deployments(ns).update(ctx, deployment, metav1.UpdateOptions())

    retry.retry_on_conflict(retry.DefaultRetry, bump)

Where Go's ``fn`` returns an error, the Python function raises it; returning normally is success.
"""

from __future__ import annotations

from typing import Callable

from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.util import wait

__all__ = ["DefaultBackoff", "DefaultRetry", "on_error", "retry_on_conflict"]

# For a read-modify-write that conflicts with other writers: five quick tries, about 10ms apart.
DefaultRetry = wait.Backoff(steps=5, duration=0.010, factor=1.0, jitter=0.1)
# For waiting on another component: four tries over about 1.5s (10ms, 50ms, 250ms...).
DefaultBackoff = wait.Backoff(steps=4, duration=0.010, factor=5.0, jitter=0.1)


def on_error(backoff: wait.Backoff, retriable: Callable[[BaseException], bool], fn: Callable[[], None]) -> None:
    """Call ``fn`` until it returns, for as long as what it raises is ``retriable``, waiting as ``backoff``
    says between calls. An error that is not retriable is raised at once; when the steps run out, the last
    retriable error is raised (Go returns it in place of wait's timeout)."""
    last: list[BaseException] = []

    def condition() -> bool:
        try:
            fn()
        except Exception as err:  # noqa: BLE001 - the caller's predicate decides what is retriable
            if not retriable(err):
                raise
            last[:] = [err]
            return False
        return True

    try:
        wait.exponential_backoff(backoff, condition)  # works on its own copy of backoff
    except wait.ErrWaitTimeout:
        if last:
            raise last[0] from None
        raise


def retry_on_conflict(backoff: wait.Backoff, fn: Callable[[], None]) -> None:
    """``on_error`` for update conflicts (HTTP 409 Conflict): the usual get, modify, update loop."""
    on_error(backoff, errors.is_conflict, fn)
