"""client-go's examples/workqueue: a controller that binds an informer's cache to a rate-limited work queue and
prints what it syncs.

    python examples/workqueue/main.py --kubeconfig ~/.kube/config

It watches the pods of the default namespace; Ctrl-C (or SIGTERM) stops it cleanly.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Optional

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1
from kubernetes_py.apimachinery import fields
from kubernetes_py.apimachinery.apis.meta import v1 as meta_v1
from kubernetes_py.apimachinery.util import runtime, wait
from kubernetes_py.tools import cache, clientcmd
from kubernetes_py.util import workqueue

logger = logging.getLogger("workqueue-example")


class Controller:
    """Demonstrates how to implement a controller with kubernetes_py."""

    def __init__(self, queue: workqueue.TypedRateLimitingInterface, indexer: cache.Indexer, informer: cache.Controller):
        self.informer = informer
        self.indexer = indexer
        self.queue = queue

    def process_next_item(self) -> bool:
        # Wait until there is a new item in the working queue
        key, quit_ = self.queue.get()
        if quit_:
            return False
        # Tell the queue that we are done with processing this key. This unblocks the key for other workers,
        # which allows safe parallel processing: two pods with the same key are never processed in parallel.
        try:
            # Invoke the method containing the business logic
            err = self.sync_to_stdout(key)
            # Handle the error if something went wrong during the execution of the business logic
            self.handle_err(err, key)
        finally:
            self.queue.done(key)
        return True

    def sync_to_stdout(self, key: str) -> Optional[Exception]:
        """The business logic of the controller: print information about the pod. Errors are returned, not
        retried here: the retry logic is not part of the business logic."""
        try:
            obj, exists = self.indexer.get_by_key(key)
        except Exception as err:  # noqa: BLE001 - returned as Go returns it
            return RuntimeError(f"fetching object with key {key} from store failed: {err}")
        if not exists:
            # Below we warm up our cache with a Pod, so that we will see a delete for one pod
            print(f"Pod {key} does not exist anymore", flush=True)
        else:
            # Note that you also have to check the uid if you have a local controlled resource, which is dependent
            # on the actual instance, to detect that a Pod was recreated with the same name
            print(f"Sync/Add/Update for Pod {obj.get_name()}", flush=True)
        return None

    def handle_err(self, err: Optional[Exception], key: str) -> None:
        """Makes sure we retry later when an error happened."""
        if err is None:
            # Forget the add_rate_limited history of the key on every successful synchronization, so that later
            # updates of this key are not delayed by an outdated error history.
            self.queue.forget(key)
            return
        # This controller retries 5 times if something goes wrong. After that, it stops trying.
        if self.queue.num_requeues(key) < 5:
            logger.info("Syncing failed, will retry pod=%s err=%s", key, err)
            # Re-enqueue the key rate limited: based on the rate limiter on the queue and the re-enqueue history,
            # the key will be processed later again.
            self.queue.add_rate_limited(key)
            return
        self.queue.forget(key)
        # Report to an external entity that, even after several retries, we could not process this key
        runtime.handle_error_with_context(None, err, "Dropping pod out of the queue", "pod", key)

    def run(self, ctx: context.Context, workers: int) -> None:
        """Begin watching and syncing until ``ctx`` is done; returns once every thread it started has ended."""
        threads = [threading.Thread(target=self.informer.run_with_context, args=(ctx,), name="informer pods")]
        try:
            with runtime.handle_crash_with_context(ctx):
                logger.info("Starting Pod controller")
                threads[0].start()
                # Wait for all involved caches to be synced, before processing items from the queue is started
                if not cache.wait_for_named_cache_sync_with_context(ctx, self.informer.has_synced):
                    runtime.handle_error(RuntimeError("Timed out waiting for caches to sync"))
                    return
                for i in range(workers):
                    worker = threading.Thread(
                        target=wait.until_with_context, args=(ctx, self.run_worker, 1.0), name=f"worker {i}"
                    )
                    worker.start()
                    threads.append(worker)
                ctx.done().wait()
        finally:
            # Let the workers stop when we are done
            self.queue.shut_down()
            for thread in threads:
                if thread.ident is not None:
                    thread.join()
            logger.info("Stopping Pod controller")

    def run_worker(self, ctx: context.Context) -> None:
        while self.process_next_item():
            pass


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubeconfig", default="", help="absolute path to the kubeconfig file")
    parser.add_argument("--master", default="", help="master url")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    # creates the connection
    config = clientcmd.build_config_from_flags(args.master, args.kubeconfig)
    # creates the clientset
    clientset = kubernetes.new_for_config(config)

    # create the pod watcher
    pod_list_watcher = cache.new_list_watch_from_client(
        clientset.core_v1().rest_client(), "pods", v1.NamespaceDefault, fields.everything()
    )
    # create the workqueue
    queue = workqueue.new_typed_rate_limiting_queue(workqueue.default_typed_controller_rate_limiter())

    # Bind the workqueue to a cache with the help of an informer: whenever the cache is updated, the pod key is
    # added to the workqueue. When we finally process the item from the workqueue, we may see a newer version of
    # the Pod than the one that triggered the update.
    def on_add(obj):
        queue.add(cache.meta_namespace_key_func(obj))

    def on_update(old, new):
        queue.add(cache.meta_namespace_key_func(new))

    def on_delete(obj):
        # IndexerInformer uses a delta queue, therefore for deletes we have to use this key function.
        queue.add(cache.deletion_handling_meta_namespace_key_func(obj))

    indexer, informer = cache.new_indexer_informer(
        pod_list_watcher,
        v1.Pod(),
        0,
        cache.ResourceEventHandlerFuncs(add_func=on_add, update_func=on_update, delete_func=on_delete),
        {},
    )

    controller = Controller(queue, indexer, informer)

    # We can now warm up the cache for initial synchronization. Suppose we knew about a pod "mypod" on our last
    # run: add it to the cache. If it is not there anymore, the controller is told of its removal once the cache
    # has synced.
    indexer.add(v1.Pod(metadata=meta_v1.ObjectMeta(name="mypod", namespace=v1.NamespaceDefault)))

    # Now let's start the controller, until Ctrl-C or SIGTERM
    ctx, cancel = context.with_cancel_cause(context.background())
    # The handler only records the signal: a Python signal handler runs in the main thread between two bytecodes,
    # maybe inside a lock the cancellation needs, so a thread of its own cancels.
    received: list = []
    signalled = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, _: (received.append(signum), signalled.set()))

    def cancel_on_signal() -> None:
        signalled.wait()
        cancel(RuntimeError(f"stopped by {signal.Signals(received[0]).name}"))

    threading.Thread(target=cancel_on_signal, name="signal handler", daemon=True).start()
    runner = threading.Thread(target=controller.run, args=(ctx, 1), name="controller")
    runner.start()
    runner.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
