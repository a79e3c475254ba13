"""client-go's examples/fake-client: a fake clientset feeding a SharedInformerFactory in a unit test.

Run it with ``python -m pytest examples/fake-client/main_test.py``.
"""

from __future__ import annotations

import logging
import queue
import threading

from kubernetes_py import context, informers
from kubernetes_py.api.core import v1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.kubernetes import fake
from kubernetes_py.testing import WatchActionImpl
from kubernetes_py.tools import cache

log = logging.getLogger(__name__)


def test_fake_client():
    """How to use a fake client with a SharedInformerFactory in tests."""
    ctx, cancel = context.with_cancel(context.background())
    factory = None
    try:
        watcher_started = threading.Event()
        # Create the fake client.
        client = fake.new_simple_clientset()

        # A catch-all watch reactor that lets us know when the informer's watch has started.
        def watch_reactor(action):
            opts = action.list_options if isinstance(action, WatchActionImpl) else metav1.ListOptions()
            gvr = action.get_resource()
            ns = action.get_namespace()
            watch = client.tracker().watch(gvr, ns, opts)
            watcher_started.set()
            return True, watch, None

        client.prepend_watch_reactor("*", watch_reactor)

        # We will create an informer that writes added pods to a channel.
        pods = queue.Queue(1)
        factory = informers.new_shared_informer_factory(client, 0)
        pod_informer = factory.core().v1().pods().informer()

        def add_func(obj):
            log.info("pod added: %s/%s", obj.metadata.namespace, obj.metadata.name)
            pods.put(obj)

        pod_informer.add_event_handler(cache.ResourceEventHandlerFuncs(add_func=add_func))

        # Make sure informers are running.
        factory.start(ctx.done())

        # Not required in tests, but proof that the informer has warmed up and listed before we send events.
        cache.wait_for_cache_sync(ctx.done(), pod_informer.has_synced)

        # The fake client does not support resource versions: writes between the informer's initial list and its
        # watch would be missed, so wait until the watch has started. (The fake client is not designed for
        # informers; test complex informer or controller behavior against a real server.)
        assert watcher_started.wait(wait.ForeverTestTimeout)
        # Inject an event into the fake client.
        p = v1.Pod(metadata=metav1.ObjectMeta(name="my-pod"))
        client.core_v1().pods("test-ns").create(context.todo(), p, metav1.CreateOptions())

        pod = pods.get(timeout=wait.ForeverTestTimeout)
        log.info("Got pod from channel: %s/%s", pod.metadata.namespace, pod.metadata.name)
        assert (pod.metadata.namespace, pod.metadata.name) == ("test-ns", "my-pod")
    finally:
        cancel()
        if factory is not None:
            factory.shutdown()
