"""client-go tools/cache mutation_detector_test.go, on the detector itself (the informer wiring is the
shared informer's)."""

from __future__ import annotations

import threading

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache import mutation_detector


def test_detects_a_mutated_object():
    found = threading.Event()
    detector = mutation_detector._DefaultCacheMutationDetector(
        "name", period=0.01, retain_duration=120.0, failure_func=lambda msg: found.set()
    )
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="anything", labels={"check": "foo"}))
    detector.add_object(pod)
    detector.add_object(cache.DeletedFinalStateUnknown("x", pod))  # skipped
    detector.add_object("not an API object")  # skipped
    stop = threading.Event()
    t = threading.Thread(target=detector.run, args=(stop,), name="mutation detector")
    t.start()
    try:
        assert not found.wait(0.05)
        with detector.compare_objects_lock:
            pod.metadata.labels["change"] = "true"
        assert found.wait(5)
    finally:
        stop.set()
        t.join(5)
    assert len(detector.cached_objs) == 1


def test_without_failure_func_a_mutation_raises():
    detector = mutation_detector._DefaultCacheMutationDetector("pods", period=1.0, retain_duration=120.0)
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="p"))
    detector.add_object(pod)
    detector.compare_objects()
    pod.metadata.name = "q"
    with pytest.raises(RuntimeError, match="^cache pods modified$"):
        detector.compare_objects()


def test_disabled_by_default(monkeypatch):
    monkeypatch.setattr(mutation_detector, "mutation_detection_enabled", False)
    d = cache.new_cache_mutation_detector("pods")
    d.add_object(corev1.Pod())
    d.run(threading.Event())
