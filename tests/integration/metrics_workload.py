"""The workload of hack/oracle/cmd/clientgometrics with kubernetes_py and its prometheus_client adapters
registered as component-base registers client-go's (restclient, workqueue, informer FIFO, leader election), run as a
process of
its own by test_metrics_differential.py (registration is once per process, as in Go). Prints the metric families
of the default registry that have samples: name (counters with their "_total"), type, label names.

Usage: metrics_workload.py <kubeconfig> <namespace>"""

from __future__ import annotations

import json
import sys
import threading

import prometheus_client

from kubernetes_py import context, informers, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache, clientcmd, leaderelection
from kubernetes_py.tools.cache import prometheus as informer_prometheus
from kubernetes_py.tools.leaderelection import prometheus as leaderelection_prometheus
from kubernetes_py.tools.leaderelection import resourcelock
from kubernetes_py.tools.metrics import prometheus as restclient_prometheus
from kubernetes_py.util import workqueue
from kubernetes_py.util.workqueue import prometheus as workqueue_prometheus

PREFIXES = ("rest_client_", "workqueue_", "informer_", "leader_election_")


def families(registry: prometheus_client.CollectorRegistry) -> list[dict]:
    out = []
    for f in registry.collect():
        name = f.name + ("_total" if f.type == "counter" else "")
        if not name.startswith(PREFIXES) or not f.samples:
            continue
        first = next((s for s in f.samples if not s.name.endswith("_bucket")), f.samples[0])
        out.append({"name": name, "type": f.type, "labels": sorted(k for k in first.labels if k != "le")})
    return sorted(out, key=lambda f: f["name"])


def main(kubeconfig: str, ns: str) -> None:
    restclient_prometheus.register()  # component-base: init() of restclient, workqueue and clientgo/fifo
    workqueue_prometheus.register()
    informer_prometheus.register()
    leaderelection_prometheus.register()

    cfg = clientcmd.build_config_from_flags("", kubeconfig)
    cfg.qps, cfg.burst = 5, 1
    cs = kubernetes.new_for_config(cfg)
    ctx, cancel = context.with_timeout(context.background(), 60)
    try:
        cms = cs.core_v1().config_maps(ns)
        cms.list(ctx, metav1.ListOptions())
        w = cms.watch(ctx, metav1.ListOptions())
        cms.create(ctx, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="m")), metav1.CreateOptions())
        next(iter(w.result_chan()))
        w.stop()
        for _ in range(4):
            cms.get(ctx, "m", metav1.GetOptions())

        factory = informers.new_shared_informer_factory_with_options(
            cs, 0, informers.with_namespace(ns), informers.with_informer_name(cache.new_informer_name("oracle"))
        )
        factory.core().v1().config_maps().informer()
        stop = threading.Event()
        factory.start(stop)
        factory.wait_for_cache_sync(stop)

        q = workqueue.new_typed_rate_limiting_queue_with_config(
            workqueue.default_typed_controller_rate_limiter(), workqueue.TypedRateLimitingQueueConfig(name="oracle")
        )
        q.add("a")
        q.add_rate_limited("b")
        for _ in range(2):
            item, _shutdown = q.get()
            q.forget(item)
            q.done(item)
        q.shut_down()

        lock = resourcelock.new(
            resourcelock.LeasesResourceLock,
            ns,
            "oracle",
            cs.core_v1(),
            cs.coordination_v1(),
            resourcelock.ResourceLockConfig(identity="oracle"),
        )
        le_ctx, le_cancel = context.with_cancel(ctx)
        leaderelection.run_or_die(
            le_ctx,
            leaderelection.LeaderElectionConfig(
                lock=lock,
                lease_duration=15.0,
                renew_deadline=10.0,
                retry_period=2.0,
                release_on_cancel=True,
                name="oracle",
                callbacks=leaderelection.LeaderCallbacks(
                    on_started_leading=lambda c: le_cancel(), on_stopped_leading=lambda: None
                ),
            ),
        )

        result = families(prometheus_client.REGISTRY)
        stop.set()
        factory.shutdown()
    finally:
        cancel()
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:3])
