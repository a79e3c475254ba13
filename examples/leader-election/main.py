"""client-go's examples/leader-election: candidates contend for a Lease; the leader runs the controller loop,
and gives the lease up at once when stopped (release_on_cancel).

    python examples/leader-election/main.py --kubeconfig ~/.kube/config --lease-lock-name example \
        --lease-lock-namespace default --id 1

Run it two or three times with different ids; SIGINT or SIGTERM stops one, and another takes over.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import uuid

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd, leaderelection
from kubernetes_py.tools.leaderelection import resourcelock

logger = logging.getLogger("leader-election")


def build_config(kubeconfig: str) -> rest.Config:
    if kubeconfig:
        return clientcmd.build_config_from_flags("", kubeconfig)
    return rest.in_cluster_config()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubeconfig", default="", help="absolute path to the kubeconfig file")
    parser.add_argument("--id", default=str(uuid.uuid4()), help="the holder identity name")
    parser.add_argument("--lease-lock-name", default="", help="the lease lock resource name")
    parser.add_argument("--lease-lock-namespace", default="", help="the lease lock resource namespace")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started_leading = threading.Event()

    if not args.lease_lock_name:
        logger.error("Unable to get lease lock resource name (missing lease-lock-name flag)")
        return 1
    if not args.lease_lock_namespace:
        logger.error("Unable to get lease lock resource namespace (missing lease-lock-namespace flag)")
        return 1

    # leader election uses the Kubernetes API by writing to a lock object, which can be a Lease object
    config = build_config(args.kubeconfig)
    client = kubernetes.new_for_config_or_die(config)

    def run(ctx: context.Context) -> None:
        # complete your controller loop here
        logger.info("Controller loop...")
        ctx.done().wait()

    # use a context we can cancel, and cancel it on SIGINT or SIGTERM. The handler only sets an event: a Python
    # signal handler runs in the main thread between two bytecodes, maybe inside a lock the cancellation needs,
    # so a thread of its own cancels (as Go's goroutine reading the signal channel does).
    ctx, cancel = context.with_cancel(context.background())
    signalled = threading.Event()

    def on_signal() -> None:
        signalled.wait()
        logger.info("Received termination, signaling shutdown")
        cancel()

    threading.Thread(target=on_signal, name="signal handler", daemon=True).start()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: signalled.set())

    # we use the Lease lock type since edits to Leases are less common and fewer objects in the cluster watch
    # "all Leases".
    lock = resourcelock.LeaseLock(
        lease_meta=metav1.ObjectMeta(name=args.lease_lock_name, namespace=args.lease_lock_namespace),
        client=client.coordination_v1(),
        lock_config=resourcelock.ResourceLockConfig(identity=args.id),
    )

    def on_started_leading(ctx: context.Context) -> None:
        # we're notified when we start - this is where you would usually put your code
        started_leading.set()
        run(ctx)

    def on_stopped_leading() -> None:
        # we can do cleanup here, but note that this callback is always called when the election ends, even if
        # we never started leading
        logger.info("Leader lost identity=%s", args.id)
        if started_leading.is_set():
            logger.info("Performing cleanup operations...")
        else:
            logger.info("Skipping cleanup because we never started leading")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    def on_new_leader(identity: str) -> None:
        # we're notified when a new leader is elected
        if identity == args.id:
            # I just got the lock
            return
        logger.info("New leader elected identity=%s", identity)

    # start the leader election code loop
    leaderelection.run_or_die(
        ctx,
        leaderelection.LeaderElectionConfig(
            lock=lock,
            # IMPORTANT: you MUST ensure that any code you have that is protected by the lease terminates **before**
            # you call cancel. Otherwise, you could have a background loop still running and another process could
            # get elected before your background loop finished, violating the stated goal of the lease.
            release_on_cancel=True,
            lease_duration=60,
            renew_deadline=15,
            retry_period=5,
            callbacks=leaderelection.LeaderCallbacks(
                on_started_leading=on_started_leading,
                on_stopped_leading=on_stopped_leading,
                on_new_leader=on_new_leader,
            ),
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
