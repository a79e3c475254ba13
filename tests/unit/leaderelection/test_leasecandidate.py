"""client-go's leasecandidate_test.go: a candidate creates its LeaseCandidate, and renews it when pinged."""

from __future__ import annotations

import threading
import time
from typing import Optional

from kubernetes_py import context
from kubernetes_py.api.coordination import v1 as coordinationv1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import leaderelection

NAME, NAMESPACE, LEASE, VERSION = "foo", "default", "lease", "1.30.0"


def poll_for_lease(ctx, client, after: Optional[metav1.MicroTime] = None) -> None:
    def found(c) -> bool:
        try:
            lc = client.coordination_v1beta1().lease_candidates(NAMESPACE).get(c, NAME, metav1.GetOptions())
        except Exception as err:  # noqa: BLE001
            if errors.is_not_found(err):
                return False
            raise
        spec = lc.spec
        if (spec.binaryVersion, spec.emulationVersion, spec.leaseName) == (VERSION, VERSION, LEASE) and spec.HasField(
            "renewTime"
        ):
            return after is None or not after.after(spec.renewTime)
        return False

    wait.poll_until_context_timeout(ctx, 0.02, 10.0, True, found)


def _start(client):
    candidate, waiter = leaderelection.new_candidate(
        client, NAMESPACE, NAME, LEASE, VERSION, VERSION, coordinationv1.OldestEmulationVersion
    )
    ctx, cancel = context.with_timeout(context.background(), 60.0)
    runner = threading.Thread(target=candidate.run, args=(ctx,), name="test candidate")
    runner.start()
    return ctx, cancel, runner


def test_lease_candidate_creation():
    client = fake.new_simple_clientset()
    ctx, cancel, runner = _start(client)
    try:
        poll_for_lease(ctx, client)
        lc = client.coordination_v1beta1().lease_candidates(NAMESPACE).get(ctx, NAME, metav1.GetOptions())
        assert lc.spec.strategy == coordinationv1.OldestEmulationVersion
    finally:
        cancel()
        runner.join(10)
    assert not runner.is_alive()


def test_lease_candidate_ack():
    client = fake.new_simple_clientset()
    ctx, cancel, runner = _start(client)
    try:
        poll_for_lease(ctx, client)
        time.sleep(0.01)
        ensure_after = metav1.now_micro()
        lc = client.coordination_v1beta1().lease_candidates(NAMESPACE).get(ctx, NAME, metav1.GetOptions())
        assert not lc.spec.HasField("pingTime")
        c = lc.deep_copy()
        c.spec.pingTime = metav1.now_micro()
        client.coordination_v1beta1().lease_candidates(NAMESPACE).update(ctx, c, metav1.UpdateOptions())
        poll_for_lease(ctx, client, ensure_after)  # renewed after the ping, long before the 5 min requeue
    finally:
        cancel()
        runner.join(10)
    assert not runner.is_alive()
