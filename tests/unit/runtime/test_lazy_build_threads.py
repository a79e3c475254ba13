"""The JSON decoders/encoders and protobuf zero-field fillers are generated on first use; threads that
use a type for the first time at the same moment must all get a working function (regression: a thread
could call the placeholder of a function another thread was still building and fail with IndexError)."""

import json
import threading

import pytest

from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import _gozero, _jsonconv
from kubernetes_py.kubernetes import scheme

POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
        "name": "web-1",
        "namespace": "prod",
        "labels": {"app": "web"},
        "creationTimestamp": "2026-11-21T10:00:00Z",
        "managedFields": [
            {
                "manager": "m",
                "operation": "Update",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:spec": {}},
                "time": "2026-11-21T10:00:00Z",
            }
        ],
    },
    "spec": {
        "containers": [
            {
                "name": "web",
                "image": "nginx",
                "ports": [{"containerPort": 8080}],
                "resources": {"limits": {"cpu": "500m"}},
                "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}},
            }
        ],
        "volumes": [{"name": "cfg", "configMap": {"name": "cfg"}}],
    },
    "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": None}]},
}


def _serializer(media_type):
    return {i.media_type: i for i in scheme.Codecs.supported_media_types()}[media_type].serializer


def _forget_generated_functions():
    for s in list(_jsonconv._registry()._structs.values()):
        s.fast = None
        s.encode = None
    _gozero._plans.clear()


@pytest.mark.parametrize("media_type", ["application/json", "application/vnd.kubernetes.protobuf"])
def test_first_use_from_many_threads_at_once(media_type):
    json_codec = _serializer("application/json")
    codec = _serializer(media_type)
    data = json.dumps(POD).encode()
    expected = runtime.encode(codec, json_codec.decode(data)[0])
    for _attempt in range(3):
        _forget_generated_functions()
        barrier = threading.Barrier(6)
        results, failures = [], []

        def work():
            barrier.wait()
            try:
                results.append(runtime.encode(codec, json_codec.decode(data)[0]))
            except Exception as err:  # noqa: BLE001 - collected and asserted below
                failures.append(repr(err))

        threads = [threading.Thread(target=work) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        assert results == [expected] * 6
