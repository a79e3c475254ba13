#!/usr/bin/env python3
"""`make demo`: start the local API server and show the library's main job against it, until Ctrl-C.

It shows the server it started, what kubectl sees there, and then the first program every client-go user
writes, in Python: build a config from the kubeconfig, make a clientset, list the Pods (hack/demo_clientset.py).
"""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_clientset  # noqa: E402
import localcluster  # noqa: E402


def kubectl(kubeconfig: Path, *args: str) -> None:
    print(f"\n$ kubectl {' '.join(args)}", flush=True)
    subprocess.run(["kubectl", f"--kubeconfig={kubeconfig}", *args], check=False)


def main() -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, localcluster.interrupt)
    cluster = localcluster.LocalCluster(log=lambda msg: print(f"demo: {msg}", flush=True))
    try:
        cluster.start()
        print(f"\nkube-apiserver v{cluster.version} with etcd, listening on {cluster.url}")
        print(f"admin kubeconfig: {cluster.kubeconfig}")
        print(f"server CA:        {cluster.ca_file}")
        kubectl(cluster.kubeconfig, "version")
        kubectl(cluster.kubeconfig, "get", "namespaces")
        kubectl(cluster.kubeconfig, "api-resources", "--api-group=apps")
        print("\n--- kubernetes_py: clientcmd.build_config_from_flags, kubernetes.new_for_config, "
              "core_v1().pods(\"kube-system\").list(...)", flush=True)
        demo_clientset.main(str(cluster.kubeconfig))
        print("\nThe server keeps running; press Ctrl-C to stop it and remove everything it wrote.", flush=True)
        localcluster.wait_for_interrupt()
    except KeyboardInterrupt:
        pass
    finally:
        print("\ndemo: stopping kube-apiserver and etcd", flush=True)
        cluster.stop()
        print("demo: stopped; nothing left behind", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
