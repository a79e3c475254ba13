"""record.FakeRecorder (client-go record/fake.go) and record/util (util_test.go)."""

from __future__ import annotations

import pytest

from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import validation as apimachineryvalidation
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


@pytest.mark.parametrize(
    "ref_name, expected",
    [
        ("test-pod", "test-pod.178959f726d80ec"),
        ("x" * 300, ""),
        ("test.POD", ""),
        ("test.pod/invalid!chars?", ""),
        ("--test.pod/invalid!chars?", ""),
    ],
    ids=[
        "valid name",
        "invalid name - too long",
        "invalid name - upper case",
        "invalid name - special chars",
        "invalid name - special chars and non alphanumeric starting character",
    ],
)
def test_generate_event_name(ref_name, expected):
    """client-go's util_test TestGenerateEventName: "<ref>.<hex nanos>" when that is a valid name, else a UUID."""
    actual = util.generate_event_name(ref_name, 105999103295324396)
    assert apimachineryvalidation.name_is_dns_subdomain(actual, False) == []
    if expected:
        assert actual == expected
    else:
        assert len(actual) == 36 and actual.count("-") == 4


def test_generate_event_name_longest_valid():
    assert util.generate_event_name("a" * 249, 0x1) == "a" * 249 + ".1"  # 251 characters: still valid
    assert len(util.generate_event_name("a" * 252, 0x1)) == 36  # 254: too long


def test_name_validators_of_generate_name_prefixes():
    """apimachinery's api/validation: a generateName prefix may end with a dash, a name may not."""
    assert apimachineryvalidation.name_is_dns_subdomain("abc-", True) == []
    assert apimachineryvalidation.name_is_dns_subdomain("abc-", False) != []
    assert apimachineryvalidation.validate_namespace_name("a.b", False) == ["must not contain dots"]
    assert apimachineryvalidation.name_is_dns1035_label("1abc", False) != []
