"""kubernetes/sample-controller (main.go): a controller for the Foo custom resource, which owns a Deployment.

    kubectl apply -f examples/sample-controller/artifacts/crd-status-subresource.yaml
    python examples/sample-controller/main.py --kubeconfig ~/.kube/config
    kubectl apply -f examples/sample-controller/artifacts/example-foo.yaml

SIGINT or SIGTERM stops it cleanly; a second one exits at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from kubernetes_py import context, dynamic, informers, kubernetes
from kubernetes_py.dynamic import dynamicinformer
from kubernetes_py.tools import clientcmd

import controller as samplecontroller  # examples/sample-controller/controller.py

logger = logging.getLogger("sample-controller")


def setup_signal_handler() -> context.Context:
    """A context cancelled on SIGINT or SIGTERM; a second signal exits with code 1 (Go's signals package)."""
    ctx, cancel = context.with_cancel(context.background())
    signalled = threading.Event()

    def handler(signum, _frame):
        if signalled.is_set():
            os._exit(1)  # second signal: exit directly
        signalled.set()

    def cancel_on_signal() -> None:
        # not in the handler: a Python signal handler runs in the main thread between two bytecodes, maybe inside
        # a lock the cancellation needs
        signalled.wait()
        cancel()

    threading.Thread(target=cancel_on_signal, name="signal handler", daemon=True).start()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)
    return ctx


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubeconfig", default="", help="Path to a kubeconfig. Only required if out-of-cluster.")
    parser.add_argument(
        "--master",
        default="",
        help="The address of the Kubernetes API server. Overrides any "
        "value in kubeconfig. Only required if out-of-cluster.",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    # set up signals so we handle the shutdown signal gracefully
    ctx = setup_signal_handler()

    try:
        cfg = clientcmd.build_config_from_flags(args.master, args.kubeconfig)
    except Exception:
        logger.exception("Error building kubeconfig")
        return 1
    kube_client = kubernetes.new_for_config(cfg)
    example_client = dynamic.new_for_config(cfg)

    kube_informer_factory = informers.new_shared_informer_factory(kube_client, 30)
    example_informer_factory = dynamicinformer.new_dynamic_shared_informer_factory(example_client, 30)

    controller = samplecontroller.Controller(
        ctx,
        kube_client,
        example_client,
        kube_informer_factory.apps().v1().deployments(),
        example_informer_factory.for_resource(samplecontroller.FooResource),
    )

    # start() does not block: it starts each informer in a thread of its own.
    kube_informer_factory.start(ctx.done())
    example_informer_factory.start(ctx.done())

    try:
        controller.run(ctx, 2)
    except Exception:
        logger.exception("Error running controller")
        return 1  # the informers' threads are daemons: they end with the process
    kube_informer_factory.shutdown()
    example_informer_factory.shutdown()
    controller.event_broadcaster.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
