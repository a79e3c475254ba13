"""client-go's examples/create-update-delete-deployment: create, update (with a retry on conflict), list and delete
a Deployment through the typed clientset, pausing for Return between the steps.

    python examples/create-update-delete-deployment/main.py [--kubeconfig PATH]
"""

from __future__ import annotations

import argparse
import os
import sys

from kubernetes_py import context, kubernetes
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as apiv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import clientcmd
from kubernetes_py.util import retry


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

    config = clientcmd.build_config_from_flags("", args.kubeconfig)
    clientset = kubernetes.new_for_config(config)

    deployments_client = clientset.apps_v1().deployments(apiv1.NamespaceDefault)

    deployment = appsv1.Deployment(
        metadata=metav1.ObjectMeta(name="demo-deployment"),
        spec=appsv1.DeploymentSpec(
            replicas=2,
            selector=metav1.LabelSelector(matchLabels={"app": "demo"}),
            template=apiv1.PodTemplateSpec(
                metadata=metav1.ObjectMeta(labels={"app": "demo"}),
                spec=apiv1.PodSpec(
                    containers=[
                        apiv1.Container(
                            name="web",
                            image="nginx:1.12",
                            ports=[apiv1.ContainerPort(name="http", protocol=apiv1.ProtocolTCP, containerPort=80)],
                        )
                    ]
                ),
            ),
        ),
    )

    # Create Deployment
    print("Creating deployment...")
    result = deployments_client.create(context.todo(), deployment, metav1.CreateOptions())
    print(f'Created deployment "{result.get_name()}".')

    # Update Deployment
    prompt()
    print("Updating deployment...")

    # You have two options to update() this Deployment:
    #
    # 1. Modify the "deployment" variable and call update(deployment). This works like "kubectl replace": it
    #    overwrites (loses) changes made by other clients between your create() and update().
    # 2. Modify the object returned by get() and retry update(result) until there is no conflict error. This
    #    keeps the changes made by other clients in between; it is what the retry package does below.
    #    (RECOMMENDED)
    def update():
        # Retrieve the latest version of Deployment before attempting update
        # retry_on_conflict uses exponential backoff to avoid exhausting the apiserver
        result = deployments_client.get(context.todo(), "demo-deployment", metav1.GetOptions())
        result.spec.replicas = 1  # reduce replica count
        result.spec.template.spec.containers[0].image = "nginx:1.13"  # change nginx version
        deployments_client.update(context.todo(), result, metav1.UpdateOptions())

    retry.retry_on_conflict(retry.DefaultRetry, update)
    print("Updated deployment...")

    # List Deployments
    prompt()
    print(f'Listing deployments in namespace "{apiv1.NamespaceDefault}":')
    deployment_list = deployments_client.list(context.todo(), metav1.ListOptions())
    for d in deployment_list.items:
        print(f" * {d.metadata.name} ({d.spec.replicas} replicas)")

    # Delete Deployment
    prompt()
    print("Deleting deployment...")
    deletion_propagation = metav1.DeletePropagationForeground
    deployments_client.delete(
        context.todo(), "demo-deployment", metav1.DeleteOptions(propagationPolicy=deletion_propagation)
    )
    print("Deleted deployment.")
    return 0


def prompt() -> None:
    print("-> Press Return key to continue.", end="", flush=True)
    sys.stdin.readline()
    print()


if __name__ == "__main__":
    sys.exit(main())
