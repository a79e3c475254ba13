#!/usr/bin/env python3
"""The clientset part of `make demo`: create three pods in kube-system, then list them as a Go controller would.

    python hack/demo_clientset.py KUBECONFIG

The listing is the Go program's three lines, line for line:

    config := clientcmd.BuildConfigFromFlags("", kubeconfig)
    clientset := kubernetes.NewForConfig(config)
    pods := clientset.CoreV1().Pods("kube-system").List(context.TODO(), metav1.ListOptions{})
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kubernetes_py import context, kubernetes  # noqa: E402
from kubernetes_py.api.core import v1 as corev1  # noqa: E402
from kubernetes_py.apimachinery.api import errors  # noqa: E402
from kubernetes_py.apimachinery.apis.meta import v1 as metav1  # noqa: E402
from kubernetes_py.tools import clientcmd  # noqa: E402

NAMESPACE = "kube-system"
POD_NAMES = ("demo-web-1", "demo-web-2", "demo-web-3")


def _pod(name: str) -> corev1.Pod:
    pod = corev1.Pod()
    pod.metadata.name = name
    pod.metadata.labels["app"] = "demo-web"
    container = pod.spec.containers.add()
    container.name = "web"
    container.image = "registry.k8s.io/pause:3.10"
    return pod


def create_pods(clientset: kubernetes.Clientset) -> None:
    """Create the demo pods (an existing one is kept as it is)."""
    pods = clientset.core_v1().pods(NAMESPACE)
    for name in POD_NAMES:
        try:
            created = pods.create(context.todo(), _pod(name), metav1.CreateOptions())
            print(f"created pod {created.metadata.namespace}/{created.metadata.name} (uid {created.metadata.uid})")
        except errors.StatusError as err:
            if not errors.is_already_exists(err):
                raise
            print(f"pod {NAMESPACE}/{name} already exists")


def main(kubeconfig: str) -> int:
    config = clientcmd.build_config_from_flags("", kubeconfig)
    clientset = kubernetes.new_for_config(config)
    create_pods(clientset)

    pods = clientset.core_v1().pods("kube-system").list(context.todo(), metav1.ListOptions())

    print(f"\nThere are {len(pods.items)} pods in {NAMESPACE} (list resourceVersion {pods.metadata.resourceVersion}):")
    print(f"{'NAME':<16}{'PHASE':<10}{'IMAGE':<32}CREATED")
    for pod in pods.items:
        image = pod.spec.containers[0].image if pod.spec.containers else ""
        created = datetime.datetime.fromtimestamp(pod.metadata.creationTimestamp.seconds, datetime.timezone.utc)
        print(f"{pod.metadata.name:<16}{pod.status.phase or '-':<10}{image:<32}{created:%Y-%m-%dT%H:%M:%SZ}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
