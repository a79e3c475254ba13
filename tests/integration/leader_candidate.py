"""A kubernetes_py leader election candidate run as a process by test_leaderelection_contest.py; the same
command line and output as hack/oracle/cmd/leadercandidate (client-go's): "START <ns>" / "STOP <ns>" on
time.monotonic_ns() (CLOCK_MONOTONIC), SIGTERM cancels the context and releases the lease.

Usage: leader_candidate.py <kubeconfig> <namespace> <lease> <identity> <leaseDuration> <renewDeadline> <retryPeriod>
(durations in seconds)."""

from __future__ import annotations

import signal
import sys
import threading
import time

from kubernetes_py import context, kubernetes
from kubernetes_py.tools import clientcmd, leaderelection
from kubernetes_py.tools.leaderelection import resourcelock


def say(what: str) -> None:
    print(f"{what} {time.monotonic_ns()}", flush=True)


def main(
    kubeconfig: str,
    namespace: str,
    lease: str,
    identity: str,
    lease_duration: str,
    renew_deadline: str,
    retry_period: str,
) -> None:
    client = kubernetes.new_for_config(clientcmd.build_config_from_flags("", kubeconfig))
    lock = resourcelock.new(
        resourcelock.LeasesResourceLock,
        namespace,
        lease,
        client.core_v1(),
        client.coordination_v1(),
        resourcelock.ResourceLockConfig(identity=identity),
    )
    ctx, cancel = context.with_cancel(context.background())
    signal.signal(signal.SIGTERM, lambda signum, frame: cancel())

    def lead(leading_ctx) -> None:
        say("START")
        leading_ctx.done().wait()
        say("STOP")

    say("READY")
    leaderelection.run_or_die(
        ctx,
        leaderelection.LeaderElectionConfig(
            lock=lock,
            lease_duration=float(lease_duration),
            renew_deadline=float(renew_deadline),
            retry_period=float(retry_period),
            release_on_cancel=True,
            name=lease,
            callbacks=leaderelection.LeaderCallbacks(on_started_leading=lead, on_stopped_leading=lambda: None),
        ),
    )
    leftover = [
        t.name
        for t in threading.enumerate()
        if t is not threading.main_thread() and t.is_alive() and t.name.startswith("leader-elector")
    ]
    say("EXIT" if not leftover else f"LEAKED:{','.join(leftover)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
