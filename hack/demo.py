#!/usr/bin/env python3
"""`make demo`: start the local cluster and show the library's main job against it, until Ctrl-C.

It shows the cluster it started (kube-apiserver, kube-controller-manager, kube-scheduler and kwok's simulated
nodes), what kubectl sees there, and then the first program every client-go user writes, in Python: build a
config from the kubeconfig, make a clientset, list the Pods (hack/demo_clientset.py); then kubectl shows the
pods it created scheduled on kwok's nodes and Running; last, the informer of client-go's overview from the shared
informer factory prints pod added/updated/deleted lines while the demo creates, labels and deletes a pod, reads
the pod through the factory's lister, and stops (hack/demo_informer.py).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_clientset  # noqa: E402
import demo_informer  # noqa: E402
import localcluster  # noqa: E402


def kubectl(kubeconfig: Path, *args: str) -> None:
    print(f"\n$ kubectl {' '.join(args)}", flush=True)
    subprocess.run(["kubectl", f"--kubeconfig={kubeconfig}", *args], check=False)


def main() -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, localcluster.interrupt)
    cluster = localcluster.LocalCluster(
        log=lambda msg: print(f"demo: {msg}", flush=True), components=localcluster.WHOLE_CLUSTER
    )
    try:
        started = time.monotonic()
        cluster.start()
        print(
            f"\nkube-apiserver v{cluster.version} with etcd, listening on {cluster.url}, and "
            f"{', '.join(cluster.components)} (up in {time.monotonic() - started:.1f} s)"
        )
        print(f"admin kubeconfig: {cluster.kubeconfig}")
        print(f"server CA:        {cluster.ca_file}")
        kubectl(cluster.kubeconfig, "version")
        kubectl(cluster.kubeconfig, "get", "namespaces")
        kubectl(cluster.kubeconfig, "get", "nodes", "--output=wide")
        kubectl(cluster.kubeconfig, "api-resources", "--api-group=apps")
        print(
            "\n--- kubernetes_py: clientcmd.build_config_from_flags, kubernetes.new_for_config, "
            'core_v1().pods("kube-system").list(...)',
            flush=True,
        )
        demo_clientset.main(str(cluster.kubeconfig))
        kubectl(
            cluster.kubeconfig,
            "wait",
            "--namespace=kube-system",
            "--for=condition=Ready",
            "--timeout=60s",
            *(f"pod/{name}" for name in demo_clientset.POD_NAMES),
        )
        kubectl(cluster.kubeconfig, "get", "pods", "--namespace=kube-system", "--output=wide")
        kubectl(cluster.kubeconfig, "logs", "--namespace=kube-system", demo_clientset.POD_NAMES[0])
        print(
            "\n--- kubernetes_py: informers.new_shared_informer_factory_with_options(...).core().v1().pods(), "
            "an event handler printing pod added/updated/deleted, the lister",
            flush=True,
        )
        demo_informer.main(str(cluster.kubeconfig))
        print("\nThe server keeps running; press Ctrl-C to stop it and remove everything it wrote.", flush=True)
        localcluster.wait_for_interrupt()
    except KeyboardInterrupt:
        pass
    finally:
        print(f"\ndemo: stopping {', '.join(cluster.components)}, kube-apiserver and etcd", flush=True)
        cluster.stop()
        print("demo: stopped; nothing left behind", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
