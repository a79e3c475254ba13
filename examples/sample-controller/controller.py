"""The Foo controller of kubernetes/sample-controller (controller.go), line by line.

Go's sample-controller has a typed clientset, informers and listers generated for Foo; here Foo is an
unstructured.Unstructured read through the dynamic client and a dynamic informer, and everything else is the same:
a Deployment informer from the shared informer factory, a rate-limited work queue of object names, events, and the
status subresource.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, List

from kubernetes_py import context
from kubernetes_py._go.rate import Limiter  # golang.org/x/time/rate's Limiter
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.kubernetes import scheme
from kubernetes_py.kubernetes.typed.core import v1 as typedcorev1
from kubernetes_py.tools import cache, record
from kubernetes_py.util import workqueue

logger = logging.getLogger("sample-controller")

controllerAgentName = "sample-controller"

SuccessSynced = "Synced"
"""The reason of the Event when a Foo is synced."""
ErrResourceExists = "ErrResourceExists"
"""The reason of the Event when a Foo fails to sync because a Deployment of the same name exists."""
MessageResourceExists = 'Resource "{}" already exists and is not managed by Foo'
MessageResourceSynced = "Foo synced successfully"
FieldManager = controllerAgentName

SchemeGroupVersion = schema.GroupVersion(group="samplecontroller.k8s.io", version="v1alpha1")
FooResource = SchemeGroupVersion.with_resource("foos")


class Controller:
    """The controller implementation for Foo resources."""

    def __init__(
        self,
        ctx: context.Context,
        kubeclientset: Any,
        sampleclientset: Any,
        deployment_informer: Any,
        foo_informer: Any,
    ):
        logger.debug("Creating event broadcaster")
        event_broadcaster = record.new_broadcaster(record.with_context(ctx))
        event_broadcaster.start_structured_logging(0)
        event_broadcaster.start_recording_to_sink(typedcorev1.EventSinkImpl(kubeclientset.core_v1().events("")))
        self.recorder = event_broadcaster.new_recorder(scheme.Scheme, corev1.EventSource(component=controllerAgentName))
        self.event_broadcaster = event_broadcaster
        ratelimiter = workqueue.new_typed_max_of_rate_limiter(
            workqueue.new_typed_item_exponential_failure_rate_limiter(0.005, 1000.0),
            workqueue.TypedBucketRateLimiter(Limiter(50, 300)),
        )
        self.kubeclientset = kubeclientset
        self.sampleclientset = sampleclientset
        self.deployments_lister = deployment_informer.lister()
        self.deployments_synced = deployment_informer.informer().has_synced
        self.foos_lister = foo_informer.lister()
        self.foos_synced = foo_informer.informer().has_synced
        self.workqueue = workqueue.new_typed_rate_limiting_queue(ratelimiter)

        logger.info("Setting up event handlers")
        # Set up an event handler for when Foo resources change
        foo_informer.informer().add_event_handler(
            cache.ResourceEventHandlerFuncs(
                add_func=self.enqueue_foo,
                update_func=lambda old, new: self.enqueue_foo(new),
            )
        )

        # Set up an event handler for when Deployment resources change. This handler looks up the owner of the
        # given Deployment and, if it is owned by a Foo, enqueues that Foo for processing. This way we need not
        # implement custom logic for handling Deployment resources.
        def update_deployment(old: Any, new: Any) -> None:
            if new.metadata.resourceVersion == old.metadata.resourceVersion:
                # Periodic resync sends update events for all known Deployments. Two different versions of the
                # same Deployment always have different RVs.
                return
            self.handle_object(new)

        deployment_informer.informer().add_event_handler(
            cache.ResourceEventHandlerFuncs(
                add_func=self.handle_object, update_func=update_deployment, delete_func=self.handle_object
            )
        )

    def run(self, ctx: context.Context, workers: int) -> None:
        """Sync the informer caches, start ``workers`` workers, and block until ``ctx`` is done; the workers have
        stopped when it returns. Raises when the caches cannot sync."""
        threads: List[threading.Thread] = []
        try:
            with utilruntime.handle_crash():
                logger.info("Starting Foo controller")
                # Wait for the caches to be synced before starting workers
                logger.info("Waiting for informer caches to sync")
                if not cache.wait_for_cache_sync(ctx.done(), self.deployments_synced, self.foos_synced):
                    raise RuntimeError("failed to wait for caches to sync")
                logger.info("Starting workers count=%d", workers)
                # Launch workers to process Foo resources
                for i in range(workers):
                    thread = threading.Thread(
                        target=wait.until_with_context, args=(ctx, self.run_worker, 1.0), name=f"worker {i}"
                    )
                    thread.start()
                    threads.append(thread)
                logger.info("Started workers")
                ctx.done().wait()
                logger.info("Shutting down workers")
        finally:
            self.workqueue.shut_down()
            for thread in threads:
                thread.join()

    def run_worker(self, ctx: context.Context) -> None:
        """Process items of the work queue, one at a time, until it is shut down."""
        while self.process_next_work_item(ctx):
            pass

    def process_next_work_item(self, ctx: context.Context) -> bool:
        obj_ref, shutdown = self.workqueue.get()
        if shutdown:
            return False
        # done tells the queue we finished with this item; unless it is also forgotten, it is re-queued after a
        # back-off period.
        try:
            try:
                self.sync_handler(ctx, obj_ref)
            except Exception as err:  # noqa: BLE001 - requeued, as Go requeues on any error
                utilruntime.handle_error_with_context(
                    ctx, err, "Error syncing; requeuing for later retry", "objectReference", obj_ref
                )
                self.workqueue.add_rate_limited(obj_ref)
                return True
            # No error: forget this item so it does not get queued again until another change happens.
            self.workqueue.forget(obj_ref)
            logger.info("Successfully synced objectName=%s", obj_ref)
            return True
        finally:
            self.workqueue.done(obj_ref)

    def sync_handler(self, ctx: context.Context, object_ref: cache.ObjectName) -> None:
        """Compare the actual state with the desired one, and converge them; update the Foo's status."""
        # Get the Foo resource with this namespace/name
        try:
            foo = self.foos_lister.by_namespace(object_ref.namespace).get(object_ref.name)
        except errors.StatusError as err:
            # The Foo resource may no longer exist, in which case we stop processing.
            if errors.is_not_found(err):
                utilruntime.handle_error_with_context(
                    ctx, err, "Foo referenced by item in work queue no longer exists", "objectReference", object_ref
                )
                return
            raise

        deployment_name, _ = unstructured.nested_string(foo.object, "spec", "deploymentName")
        if deployment_name == "":
            # We choose to absorb the error here as the worker would requeue the resource otherwise. Instead, the
            # next time the resource is updated the resource will be queued again.
            utilruntime.handle_error_with_context(
                ctx, None, "Deployment name missing from object reference", "objectReference", object_ref
            )
            return

        # Get the deployment with the name specified in Foo.spec
        try:
            deployment = self.deployments_lister.deployments(foo.get_namespace()).get(deployment_name)
        except errors.StatusError as err:
            # If the resource doesn't exist, we'll create it
            if not errors.is_not_found(err):
                raise
            deployment = (
                self.kubeclientset.apps_v1()
                .deployments(foo.get_namespace())
                .create(ctx, new_deployment(foo), metav1.CreateOptions(fieldManager=FieldManager))
            )

        # If the Deployment is not controlled by this Foo resource, we should log a warning to the event recorder
        # and return an error.
        if not metav1.is_controlled_by(deployment, foo):
            msg = MessageResourceExists.format(deployment.metadata.name)
            self.recorder.event(foo, corev1.EventTypeWarning, ErrResourceExists, msg)
            raise RuntimeError(msg)

        # If this number of replicas on the Foo resource is specified, and it does not equal the current desired
        # number on the Deployment, we should update the Deployment resource.
        replicas, found = unstructured.nested_int64(foo.object, "spec", "replicas")
        if found and replicas != deployment.spec.replicas:
            logger.debug(
                "Update deployment resource currentReplicas=%d desiredReplicas=%d", deployment.spec.replicas, replicas
            )
            deployment = (
                self.kubeclientset.apps_v1()
                .deployments(foo.get_namespace())
                .update(ctx, new_deployment(foo), metav1.UpdateOptions(fieldManager=FieldManager))
            )

        # Finally, we update the status block of the Foo resource to reflect the current state of the world
        self.update_foo_status(ctx, foo, deployment)
        self.recorder.event(foo, corev1.EventTypeNormal, SuccessSynced, MessageResourceSynced)

    def update_foo_status(self, ctx: context.Context, foo: Any, deployment: Any) -> None:
        # NEVER modify objects from the store. It's a read-only, local cache. Make a deep copy first.
        foo_copy = foo.deep_copy()
        unstructured.set_nested_field(
            foo_copy.object, deployment.status.availableReplicas, "status", "availableReplicas"
        )
        # update_status does not change anything but the status of the resource.
        self.sampleclientset.resource(FooResource).namespace(foo.get_namespace()).update_status(
            ctx, foo_copy, metav1.UpdateOptions(fieldManager=FieldManager)
        )

    def enqueue_foo(self, obj: Any) -> None:
        """Put a Foo's name on the work queue."""
        try:
            object_ref = cache.object_to_name(obj)
        except Exception as err:  # noqa: BLE001
            utilruntime.handle_error(err)
            return
        self.workqueue.add(object_ref)

    def handle_object(self, obj: Any) -> None:
        """Enqueue the Foo that owns ``obj`` (a Deployment, or the tombstone of a deleted one), if any."""
        if isinstance(obj, cache.DeletedFinalStateUnknown):
            obj = obj.obj
            logger.debug("Recovered deleted object resourceName=%s", obj.metadata.name)
        logger.debug("Processing object %s/%s", obj.metadata.namespace, obj.metadata.name)
        owner_ref = metav1.get_controller_of(obj)
        if owner_ref is not None:
            # If this object is not owned by a Foo, we should not do anything more with it.
            if owner_ref.kind != "Foo":
                return
            try:
                foo = self.foos_lister.by_namespace(obj.metadata.namespace).get(owner_ref.name)
            except errors.StatusError:
                logger.debug(
                    "Ignore orphaned object %s/%s foo=%s", obj.metadata.namespace, obj.metadata.name, owner_ref.name
                )
                return
            self.enqueue_foo(foo)


def new_deployment(foo: Any) -> appsv1.Deployment:
    """The Deployment a Foo asks for, with the Foo as its controller (owner reference)."""
    labels = {"app": "nginx", "controller": foo.get_name()}
    deployment_name, _ = unstructured.nested_string(foo.object, "spec", "deploymentName")
    replicas, found = unstructured.nested_int64(foo.object, "spec", "replicas")
    spec = appsv1.DeploymentSpec(
        selector=metav1.LabelSelector(matchLabels=labels),
        template=corev1.PodTemplateSpec(
            metadata=metav1.ObjectMeta(labels=labels),
            spec=corev1.PodSpec(containers=[corev1.Container(name="nginx", image="nginx:latest")]),
        ),
    )
    if found:
        spec.replicas = replicas
    return appsv1.Deployment(
        metadata=metav1.ObjectMeta(
            name=deployment_name,
            namespace=foo.get_namespace(),
            ownerReferences=[metav1.new_controller_ref(foo, SchemeGroupVersion.with_kind("Foo"))],
        ),
        spec=spec,
    )
