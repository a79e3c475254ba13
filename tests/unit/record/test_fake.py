"""record.FakeRecorder (client-go record/fake.go) and record/util (util_test.go)."""

from __future__ import annotations

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import record
from kubernetes_py.tools.record import util

POD = corev1.Pod(metadata=metav1.ObjectMeta(name="p"), kind="Pod", apiVersion="v1")


def test_fake_recorder_lines():
    r = record.new_fake_recorder(10)
    r.event(POD, corev1.EventTypeNormal, "Started", "100% done")
    r.eventf(POD, corev1.EventTypeWarning, "Failed", "%s failed %d times", "x", 3)
    r.annotated_eventf(POD, {"b": "2", "a": "1"}, corev1.EventTypeNormal, "R", "msg")
    r.include_object = True
    r.event(POD, corev1.EventTypeNormal, "R", "m")
    got = [r.events.recv(timeout=1)[0] for _ in range(4)]
    assert got == [
        "Normal Started 100% done",
        "Warning Failed x failed 3 times",
        "Normal R msg map[a:1 b:2]",
        "Normal R m involvedObject{kind=Pod,apiVersion=v1}",
    ]
    assert r.with_logger(None) is r


def test_fake_recorder_without_channel_drops():
    record.FakeRecorder().event(POD, "Normal", "R", "m")


def test_validate_event_type():
    assert util.validate_event_type("Normal") and util.validate_event_type("Warning")
    assert not util.validate_event_type("normal") and not util.validate_event_type("")


def test_is_key_not_found_error():
    assert util.is_key_not_found_error(errors.new_not_found(corev1.resource("events"), "x"))
    assert not util.is_key_not_found_error(errors.new_already_exists(corev1.resource("events"), "x"))
    assert not util.is_key_not_found_error(RuntimeError("404"))
    assert not util.is_key_not_found_error(None)


def test_generate_event_name():
    """client-go's util_test: a valid name is "<ref>.<hex nanos>"; an invalid one becomes a UUID."""
    from kubernetes_py.apimachinery.util.validation import validation

    timestamp = 105999103295324396
    assert util.generate_event_name("test-pod", timestamp) == "test-pod.178959f726d80ec"
    for bad in ("x" * 300, "test.POD", "test.pod/invalid!chars?", "--test.pod/invalid!chars?"):
        name = util.generate_event_name(bad, timestamp)
        assert validation.is_dns1123_subdomain(name) == []
        assert len(name) == 36 and name.count("-") == 4
    assert util.generate_event_name("a" * 249, 0x1) == "a" * 249 + ".1"
