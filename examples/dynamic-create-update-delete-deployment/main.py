"""client-go's examples/dynamic-create-update-delete-deployment: the same steps as create-update-delete-deployment
through the dynamic client, on an unstructured Deployment.

    python examples/dynamic-create-update-delete-deployment/main.py [--kubeconfig PATH]
"""

from __future__ import annotations

import argparse
import os
import sys

from kubernetes_py import context, dynamic
from kubernetes_py.api.core import v1 as apiv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime import schema
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
    client = dynamic.new_for_config(config)

    deployment_res = schema.GroupVersionResource(group="apps", version="v1", resource="deployments")

    deployment = unstructured.Unstructured(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "demo-deployment"},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "demo"}},
                "template": {
                    "metadata": {"labels": {"app": "demo"}},
                    "spec": {
                        "containers": [
                            {
                                "name": "web",
                                "image": "nginx:1.12",
                                "ports": [{"name": "http", "protocol": "TCP", "containerPort": 80}],
                            }
                        ]
                    },
                },
            },
        }
    )

    # Create Deployment
    print("Creating deployment...")
    result = (
        client.resource(deployment_res)
        .namespace(apiv1.NamespaceDefault)
        .create(context.todo(), deployment, metav1.CreateOptions())
    )
    print(f'Created deployment "{result.get_name()}".')

    # Update Deployment
    prompt()
    print("Updating deployment...")

    # You have two options to update() this Deployment: modify the "deployment" variable and update it (like
    # "kubectl replace", losing changes other clients made in between), or modify what get() returns and retry the
    # update until there is no conflict (below: RECOMMENDED).
    def update():
        # Retrieve the latest version of Deployment before attempting update
        # retry_on_conflict uses exponential backoff to avoid exhausting the apiserver
        result = (
            client.resource(deployment_res)
            .namespace(apiv1.NamespaceDefault)
            .get(context.todo(), "demo-deployment", metav1.GetOptions())
        )
        # update replicas to 1
        unstructured.set_nested_field(result.object, 1, "spec", "replicas")
        # extract spec containers
        containers, found = unstructured.nested_slice(result.object, "spec", "template", "spec", "containers")
        if not found or containers is None:
            raise RuntimeError("deployment containers not found or error in spec")
        # update container[0] image
        unstructured.set_nested_field(containers[0], "nginx:1.13", "image")
        unstructured.set_nested_field(result.object, containers, "spec", "template", "spec", "containers")
        client.resource(deployment_res).namespace(apiv1.NamespaceDefault).update(
            context.todo(), result, metav1.UpdateOptions()
        )

    retry.retry_on_conflict(retry.DefaultRetry, update)
    print("Updated deployment...")

    # List Deployments
    prompt()
    print(f'Listing deployments in namespace "{apiv1.NamespaceDefault}":')
    deployment_list = (
        client.resource(deployment_res).namespace(apiv1.NamespaceDefault).list(context.todo(), metav1.ListOptions())
    )
    for d in deployment_list.items:
        try:
            replicas, found = unstructured.nested_int64(d.object, "spec", "replicas")
        except Exception as err:  # noqa: BLE001 - printed as Go prints it
            print(f"Replicas not found for deployment {d.get_name()}: error={err}", end="")
            continue
        if not found:
            print(f"Replicas not found for deployment {d.get_name()}: error=%!s(<nil>)", end="")
            continue
        print(f" * {d.get_name()} ({replicas} replicas)")

    # Delete Deployment
    prompt()
    print("Deleting deployment...")
    delete_policy = metav1.DeletePropagationForeground
    client.resource(deployment_res).namespace(apiv1.NamespaceDefault).delete(
        context.todo(), "demo-deployment", metav1.DeleteOptions(propagationPolicy=delete_policy)
    )
    print("Deleted deployment.")
    return 0


def prompt() -> None:
    print("-> Press Return key to continue.", end="", flush=True)
    sys.stdin.readline()
    print()


if __name__ == "__main__":
    sys.exit(main())
