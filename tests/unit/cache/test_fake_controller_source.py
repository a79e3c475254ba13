"""client-go tools/cache/testing fake_controller_source_test.go: the fake API server the informer tests run on."""

from __future__ import annotations

import threading

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools.cache.testing import new_fake_controller_source

TIMEOUT = 10.0


def _pod(name):
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name))


def consume(w, rvs, errors):
    """Reads exactly the events of ``rvs`` (by resourceVersion) and then the end of the watch."""
    events = iter(w.result_chan())
    for rv in rvs:
        got = next(events, None)
        if got is None:
            errors.append(f"{rvs}: unexpected channel close, wanted {rv}")
            return
        if got.object.metadata.resourceVersion != rv:
            errors.append(f"wanted {rv}, got {got.object.metadata.resourceVersion}")
    extra = next(events, None)
    if extra is not None:
        errors.append(f"{rvs}: unwanted object {extra.object.metadata.resourceVersion}")


def _consumer(w, rvs, errors):
    t = threading.Thread(target=consume, args=(w, rvs, errors), name=f"consumer {rvs}")
    t.start()
    return t


def test_rc_number():
    errors = []
    source = new_fake_controller_source()
    source.add(_pod("foo"))
    source.modify(_pod("foo"))
    source.modify(_pod("foo"))

    consumers = [_consumer(source.watch(metav1.ListOptions(resourceVersion="1")), ["2", "3"], errors)]
    lst = source.list(metav1.ListOptions())
    assert lst.metadata.resourceVersion == "3"
    assert [p.metadata.resourceVersion for p in lst.items] == ["3"]
    consumers.append(_consumer(source.watch(metav1.ListOptions(resourceVersion="2")), ["3"], errors))
    consumers.append(_consumer(source.watch(metav1.ListOptions(resourceVersion="3")), [], errors))
    source.shutdown()
    for t in consumers:
        t.join(TIMEOUT)
        assert not t.is_alive()
    assert errors == []


def test_reset_watch():
    """A watch falling behind: after reset_watch an old resourceVersion is gone, the current one still watches."""
    errors = []
    source = new_fake_controller_source()
    source.add(_pod("foo"))  # RV 1
    source.modify(_pod("foo"))  # RV 2
    source.modify(_pod("foo"))  # RV 3
    source.reset_watch()
    with pytest.raises(apierrors.StatusError, match=r"^too old resource version: 1 \(3\)$") as info:
        source.watch(metav1.ListOptions(resourceVersion="1"))
    assert apierrors.is_resource_expired(info.value)
    w = source.watch(metav1.ListOptions(resourceVersion="3"))
    source.modify(_pod("foo"))
    t = _consumer(w, ["4"], errors)
    source.shutdown()
    t.join(TIMEOUT)
    assert not t.is_alive()
    assert errors == []


def test_watch_errors():
    source = new_fake_controller_source()
    try:
        source.add(_pod("foo"))
        with pytest.raises(ValueError, match="^resource version in the future not supported by this fake$"):
            source.watch(metav1.ListOptions(resourceVersion="2"))
        with pytest.raises(ValueError):
            source.watch(metav1.ListOptions(resourceVersion="x"))  # Go's strconv.Atoi error
        source.list_error = RuntimeError("list failed")
        with pytest.raises(RuntimeError, match="^list failed$"):
            source.list(metav1.ListOptions())
    finally:
        source.shutdown()
