"""Figures for the typed object model: `python hack/codegen/measure.py` (run from the repository).

* import time of the schema (all message classes built) and of kubernetes_py.api.core.v1;
* memory per realistic Pod held in memory, over 10,000 pods decoded from protobuf bytes, as seen by
  tracemalloc (Python allocations) and by the process's resident set (upb's arenas use malloc, which
  tracemalloc does not see, so RSS is the honest figure).
"""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc

N = 10_000


def _rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096


def import_times() -> tuple[float, float]:
    code = (
        "import time; t=time.perf_counter(); import kubernetes_py._schema; t1=time.perf_counter();"
        "from kubernetes_py.api.core import v1; print(t1-t, time.perf_counter()-t1)"
    )
    best = None
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        schema, core = map(float, out.split())
        best = (schema, core) if best is None or schema < best[0] else best
    return best


def realistic_pod():
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1
    from kubernetes_py._schema import message_class

    quantity = message_class("k8s.io.apimachinery.pkg.api.resource.Quantity")
    intstr = message_class("k8s.io.apimachinery.pkg.util.intstr.IntOrString")
    container = corev1.Container(
        name="web",
        image="registry.example.com/team/web:1.27.3",
        imagePullPolicy="IfNotPresent",
        args=["--port=8080", "--log-level=info"],
        ports=[corev1.ContainerPort(name="http", containerPort=8080, protocol="TCP")],
        env=[
            corev1.EnvVar(
                name="POD_NAME",
                valueFrom=corev1.EnvVarSource(
                    fieldRef=corev1.ObjectFieldSelector(apiVersion="v1", fieldPath="metadata.name")
                ),
            ),
            corev1.EnvVar(name="MODE", value="production"),
        ],
        resources=corev1.ResourceRequirements(
            requests={"cpu": quantity(string="100m"), "memory": quantity(string="128Mi")},
            limits={"cpu": quantity(string="500m"), "memory": quantity(string="256Mi")},
        ),
        volumeMounts=[
            corev1.VolumeMount(
                name="kube-api-access-abcde", readOnly=True, mountPath="/var/run/secrets/kubernetes.io/serviceaccount"
            )
        ],
        readinessProbe=corev1.Probe(
            httpGet=corev1.HTTPGetAction(path="/healthz", port=intstr(type=0, intVal=8080)),
            periodSeconds=10,
            timeoutSeconds=1,
            successThreshold=1,
            failureThreshold=3,
        ),
        terminationMessagePath="/dev/termination-log",
        terminationMessagePolicy="File",
    )
    pod = corev1.Pod(
        metadata=metav1.ObjectMeta(
            name="web-7d9f8b6c5d-x2lkq",
            generateName="web-7d9f8b6c5d-",
            namespace="production",
            uid="3f1c2a9e-5b7d-4c1e-9a8f-2d6b4e0c1a7f",
            resourceVersion="123456789",
            creationTimestamp=metav1.Time(seconds=1763700000),
            labels={"app": "web", "pod-template-hash": "7d9f8b6c5d", "tier": "frontend"},
            annotations={"kubernetes.io/psp": "restricted", "prometheus.io/scrape": "true"},
            ownerReferences=[
                metav1.OwnerReference(
                    apiVersion="apps/v1",
                    kind="ReplicaSet",
                    name="web-7d9f8b6c5d",
                    uid="8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d",
                    controller=True,
                    blockOwnerDeletion=True,
                )
            ],
            managedFields=[
                metav1.ManagedFieldsEntry(
                    manager="kube-controller-manager",
                    operation="Update",
                    apiVersion="v1",
                    time=metav1.Time(seconds=1763700000),
                    fieldsType="FieldsV1",
                    fieldsV1=metav1.FieldsV1(Raw=b'{"f:metadata":{"f:labels":{}}}' * 8),
                )
            ],
        ),
        spec=corev1.PodSpec(
            containers=[container],
            restartPolicy="Always",
            terminationGracePeriodSeconds=30,
            dnsPolicy="ClusterFirst",
            serviceAccountName="web",
            nodeName="node-17.example.internal",
            securityContext=corev1.PodSecurityContext(runAsNonRoot=True, runAsUser=1000),
            schedulerName="default-scheduler",
            priority=0,
            enableServiceLinks=True,
            preemptionPolicy="PreemptLowerPriority",
            tolerations=[
                corev1.Toleration(
                    key="node.kubernetes.io/not-ready", operator="Exists", effect="NoExecute", tolerationSeconds=300
                ),
                corev1.Toleration(
                    key="node.kubernetes.io/unreachable", operator="Exists", effect="NoExecute", tolerationSeconds=300
                ),
            ],
            volumes=[
                corev1.Volume(
                    name="kube-api-access-abcde",
                    volumeSource=corev1.VolumeSource(
                        projected=corev1.ProjectedVolumeSource(
                            defaultMode=420,
                            sources=[
                                corev1.VolumeProjection(
                                    serviceAccountToken=corev1.ServiceAccountTokenProjection(
                                        expirationSeconds=3607, path="token"
                                    )
                                ),
                                corev1.VolumeProjection(
                                    configMap=corev1.ConfigMapProjection(
                                        localObjectReference=corev1.LocalObjectReference(name="kube-root-ca.crt"),
                                        items=[corev1.KeyToPath(key="ca.crt", path="ca.crt")],
                                    )
                                ),
                            ],
                        )
                    ),
                )
            ],
        ),
        status=corev1.PodStatus(
            phase="Running",
            hostIP="10.0.3.17",
            podIP="10.244.5.23",
            qosClass="Burstable",
            startTime=metav1.Time(seconds=1763700001),
            podIPs=[corev1.PodIP(ip="10.244.5.23")],
            conditions=[
                corev1.PodCondition(type=t, status="True", lastTransitionTime=metav1.Time(seconds=1763700002))
                for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")
            ],
            containerStatuses=[
                corev1.ContainerStatus(
                    name="web",
                    ready=True,
                    restartCount=0,
                    image="registry.example.com/team/web:1.27.3",
                    imageID="registry.example.com/team/web@sha256:" + "ab" * 32,
                    containerID="containerd://" + "cd" * 32,
                    started=True,
                    state=corev1.ContainerState(
                        running=corev1.ContainerStateRunning(startedAt=metav1.Time(seconds=1763700003))
                    ),
                )
            ],
        ),
    )
    return pod


def pod_memory() -> dict:
    from kubernetes_py.api.core import v1 as corev1

    data = realistic_pod().SerializeToString()
    gc.collect()
    rss0 = _rss_bytes()
    tracemalloc.start()
    pods = [corev1.Pod.FromString(data) for _ in range(N)]
    # Touch what an informer's consumers touch, so lazily created wrappers exist too.
    names = [p.metadata.name for p in pods]
    traced, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    rss1 = _rss_bytes()
    assert len(names) == N
    return {"wire_bytes": len(data), "tracemalloc_per_pod": traced / N, "rss_per_pod": (rss1 - rss0) / N}


def main() -> None:
    schema, core = import_times()
    print(f"import kubernetes_py._schema: {schema * 1000:.0f} ms; then kubernetes_py.api.core.v1: {core * 1000:.1f} ms")
    figures = pod_memory()
    print(
        f"realistic Pod: {figures['wire_bytes']} bytes of protobuf; held in memory over {N} pods: "
        f"{figures['rss_per_pod'] / 1024:.2f} KB each by RSS, "
        f"{figures['tracemalloc_per_pod'] / 1024:.2f} KB each by tracemalloc (Python allocations only)"
    )


if __name__ == "__main__":
    main()
