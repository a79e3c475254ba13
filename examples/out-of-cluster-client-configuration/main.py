"""client-go's examples/out-of-cluster-client-configuration: a program outside the cluster, configured from a
kubeconfig, counting the cluster's pods and looking for one every ten seconds.

    python examples/out-of-cluster-client-configuration/main.py [--kubeconfig PATH]

Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from kubernetes_py import context, kubernetes
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    home = os.path.expanduser("~")
    if home:
        parser.add_argument(
            "--kubeconfig",
            default=os.path.join(home, ".kube", "config"),
            help="(optional) absolute path to the kubeconfig file",
        )
    else:
        parser.add_argument("--kubeconfig", default="", help="absolute path to the kubeconfig file")
    args = parser.parse_args(argv)

    # use the current context in kubeconfig
    config = clientcmd.build_config_from_flags("", args.kubeconfig)
    # create the clientset
    clientset = kubernetes.new_for_config(config)
    try:
        while True:
            pods = clientset.core_v1().pods("").list(context.todo(), metav1.ListOptions())
            print(f"There are {len(pods.items)} pods in the cluster", flush=True)

            # Examples for error handling:
            # - use errors.is_not_found(err) for a missing object
            # - errors.StatusError carries the server's Status (its message, reason, details)
            namespace = "default"
            pod = "example-xxxxx"
            try:
                clientset.core_v1().pods(namespace).get(context.todo(), pod, metav1.GetOptions())
            except errors.StatusError as status_error:
                if errors.is_not_found(status_error):
                    print(f"Pod {pod} in namespace {namespace} not found", flush=True)
                else:
                    print(
                        f"Error getting pod {pod} in namespace {namespace}: {status_error.status().message}", flush=True
                    )
            else:
                print(f"Found pod {pod} in namespace {namespace}", flush=True)

            time.sleep(10)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
