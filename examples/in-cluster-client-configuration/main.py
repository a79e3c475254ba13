"""client-go's examples/in-cluster-client-configuration: a program running in a pod, configured from its service
account, counting the cluster's pods and looking for one every ten seconds.

Build an image with this file and kubernetes_py and run it in a pod whose service account may list pods
(``kubectl create clusterrolebinding default-view --clusterrole=view --serviceaccount=default:default``).
"""

from __future__ import annotations

import sys
import time

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1


def main() -> int:
    # creates the in-cluster config
    config = rest.in_cluster_config()
    # creates the clientset
    clientset = kubernetes.new_for_config(config)
    try:
        while True:
            # get pods in all the namespaces by omitting namespace, or in a namespace with pods("<namespace>")
            pods = clientset.core_v1().pods("").list(context.todo(), metav1.ListOptions())
            print(f"There are {len(pods.items)} pods in the cluster", flush=True)

            # Examples for error handling:
            # - use errors.is_not_found(err) for a missing object
            # - errors.StatusError carries the server's Status (its message, reason, details)
            try:
                clientset.core_v1().pods("default").get(context.todo(), "example-xxxxx", metav1.GetOptions())
            except errors.StatusError as status_error:
                if errors.is_not_found(status_error):
                    print("Pod example-xxxxx not found in default namespace", flush=True)
                else:
                    print(f"Error getting pod {status_error.status().message}", flush=True)
            else:
                print("Found example-xxxxx pod in default namespace", flush=True)

            time.sleep(10)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
