"""metav1 hand-written helpers: time, label selectors, annotations/labels, controller references."""

import datetime
import subprocess
import sys

import pytest

from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.apimachinery.util.errors import Aggregate

UTC = datetime.timezone.utc


def test_time_constructors_and_comparisons():
    t = metav1.unix(1700000000, 1_500_000_000)
    assert (t.seconds, t.nanos) == (1700000001, 500_000_000)
    assert metav1.unix(10, -1).seconds == 9 and metav1.unix(10, -1).nanos == 999_999_999
    d = metav1.date(2024, 2, 29, 12, 30, 15, 7)
    assert d.to_datetime() == datetime.datetime(2024, 2, 29, 12, 30, 15, tzinfo=UTC)
    assert d.nanos == 7
    assert metav1.date(2024, 13, 1) == metav1.date(2025, 1, 1)  # out-of-range values carry over, as in Go
    assert metav1.date(2024, 1, 1, 1, loc=datetime.timezone(datetime.timedelta(hours=1))).unix() == (
        metav1.date(2024, 1, 1).unix()
    )
    n = metav1.new_time(datetime.datetime(2020, 5, 6, 7, 8, 9, 123456, tzinfo=UTC))
    assert (n.unix(), n.nanos) == (1588748889, 123456000)
    assert metav1.Time().is_zero() and not metav1.unix(0, 0).is_zero()
    assert metav1.unix(1, 0).before(metav1.unix(1, 1)) and not metav1.unix(1, 1).before(metav1.unix(1, 1))
    assert metav1.unix(5, 0).equal(metav1.unix(5, 0)) and not metav1.unix(5, 0).equal(None)
    assert not metav1.unix(5, 0).before(None)
    assert metav1.Time().before(metav1.unix(0, 0))  # the zero time is year 1
    assert metav1.unix(5, 9).rfc3339_copy() == metav1.unix(5, 0)
    assert metav1.unix(1700000000, 0).to_unstructured() == "2023-11-14T22:13:20Z"
    assert metav1.Time().to_unstructured() is None
    assert metav1.MicroTime(seconds=1700000000, nanos=1234567).to_unstructured() == "2023-11-14T22:13:20.001234Z"
    before = metav1.now()
    assert not before.is_zero() and not metav1.now().before(before)
    assert metav1.now_micro().nanos % 1000 == 0


def test_time_str_is_go_string_in_local_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert str(metav1.unix(1700000000, 120)) == "2023-11-14 22:13:20.00000012 +0000 UTC"
        assert str(metav1.Time()) == "0001-01-01 00:00:00 +0000 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_duration():
    d = metav1.new_duration(datetime.timedelta(minutes=1, seconds=30))
    assert d.duration == 90_000_000_000 and str(d) == "1m30s" and d.to_unstructured() == "1m30s"
    assert str(metav1.Duration(duration=1500)) == "1.5µs"
    assert metav1.Duration(duration=-1_500_000_000).seconds() == -1.5


def _selector(match_labels=None, expressions=()):
    return metav1.LabelSelector(
        matchLabels=match_labels or {},
        matchExpressions=[metav1.LabelSelectorRequirement(key=k, operator=op, values=v) for k, op, v in expressions],
    )


def test_label_selector_as_selector():
    assert metav1.label_selector_as_selector(None) is labels.nothing()
    assert metav1.label_selector_as_selector(_selector()).empty()
    sel = metav1.label_selector_as_selector(
        _selector({"app": "web"}, [("tier", "In", ["a", "b"]), ("canary", "DoesNotExist", [])])
    )
    assert str(sel) == "app=web,!canary,tier in (a,b)"
    assert sel.matches({"app": "web", "tier": "a"}) and not sel.matches({"app": "web", "tier": "c"})
    with pytest.raises(ValueError, match='^"Bogus" is not a valid label selector operator$'):
        metav1.label_selector_as_selector(_selector(expressions=[("x", "Bogus", [])]))
    with pytest.raises(Aggregate):
        metav1.label_selector_as_selector(_selector(expressions=[("x", "In", [])]))


def test_format_label_selector():
    assert metav1.format_label_selector(_selector()) == "<none>"
    assert metav1.format_label_selector(_selector(expressions=[("x", "Bogus", [])])) == "<error>"
    assert metav1.format_label_selector(_selector({"b": "2", "a": "1"})) == "a=1,b=2"


def test_label_selector_as_map():
    assert metav1.label_selector_as_map(None) is None
    assert metav1.label_selector_as_map(_selector({"a": "1"}, [("b", "In", ["2"])])) == {"a": "1", "b": "2"}
    with pytest.raises(
        ValueError,
        match='^operator "In" without a single value cannot be converted into the old label selector format$',
    ):
        metav1.label_selector_as_map(_selector(expressions=[("b", "In", ["2", "3"])]))
    with pytest.raises(ValueError, match='^operator "Exists" cannot be converted'):
        metav1.label_selector_as_map(_selector(expressions=[("b", "Exists", [])]))


def test_parse_to_label_selector_round_trip():
    ls = metav1.parse_to_label_selector("app=web,tier in (b,a),!canary,env")
    assert dict(ls.matchLabels) == {"app": "web"}
    assert [(e.key, e.operator, list(e.values)) for e in ls.matchExpressions] == [
        ("canary", "DoesNotExist", []),
        ("env", "Exists", []),
        ("tier", "In", ["a", "b"]),
    ]
    assert metav1.format_label_selector(ls) == "app=web,!canary,env,tier in (a,b)"
    with pytest.raises(ValueError, match='^"gt" isn\'t supported in label selectors$'):
        metav1.parse_to_label_selector("x>1")
    with pytest.raises(ValueError, match='^couldn\'t parse the selector string "x in \\(": '):
        metav1.parse_to_label_selector("x in (")
    assert metav1.set_as_label_selector(None) is None
    assert dict(metav1.set_as_label_selector({"a": "b"}).matchLabels) == {"a": "b"}


def test_annotations_labels_and_list_options():
    meta = metav1.ObjectMeta(name="web", resourceVersion="42")
    metav1.set_meta_data_annotation(meta, "a", "1")
    metav1.set_meta_data_label(meta, "l", "2")
    assert metav1.has_annotation(meta, "a") and metav1.has_label(meta, "l") and not metav1.has_label(meta, "a")
    opts = metav1.single_object(meta)
    assert (opts.fieldSelector, opts.resourceVersion) == ("metadata.name=web", "42")
    assert metav1.new_delete_options(0).gracePeriodSeconds == 0
    assert metav1.new_delete_options(0).HasField("gracePeriodSeconds")
    assert metav1.new_precondition_delete_options("u1").preconditions.uid == "u1"
    assert metav1.new_rv_deletion_precondition("7").preconditions.resourceVersion == "7"


def test_controller_refs():
    from kubernetes_py.api.apps import v1 as appsv1
    from kubernetes_py.api.core import v1 as corev1

    owner = appsv1.ReplicaSet(metadata=metav1.ObjectMeta(name="rs", uid="uid-1"))
    ref = metav1.new_controller_ref(owner, GroupVersionKind(group="apps", version="v1", kind="ReplicaSet"))
    assert (ref.apiVersion, ref.kind, ref.name, ref.uid, ref.controller, ref.blockOwnerDeletion) == (
        "apps/v1",
        "ReplicaSet",
        "rs",
        "uid-1",
        True,
        True,
    )
    pod = corev1.Pod(
        metadata=metav1.ObjectMeta(
            name="p", ownerReferences=[metav1.OwnerReference(name="other", uid="uid-0", controller=False), ref]
        )
    )
    got = metav1.get_controller_of(pod)
    assert got == ref and got is not pod.metadata.ownerReferences[1]
    assert metav1.is_controlled_by(pod, owner)
    assert not metav1.is_controlled_by(pod, appsv1.ReplicaSet(metadata=metav1.ObjectMeta(uid="uid-0")))
    assert metav1.get_controller_of(corev1.Pod()) is None


def test_controller_of_unstructured_with_and_without_owner_references():
    from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured

    bare = Unstructured({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}})
    assert bare.get_owner_references() is None
    assert metav1.get_controller_of(bare) is None
    owner = Unstructured({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs", "uid": "uid-1"}})
    assert not metav1.is_controlled_by(bare, owner)
    owned = Unstructured(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "p", "ownerReferences": [{"name": "rs", "uid": "uid-1", "controller": True}]},
        }
    )
    got = metav1.get_controller_of(owned)
    assert got is not None and (got.name, got.uid, got.controller) == ("rs", "uid-1", True)
    assert metav1.is_controlled_by(owned, owner)


def test_time_methods_present_whatever_is_imported_first():
    code = (
        "import kubernetes_py.api.core.v1\n"
        "from kubernetes_py._schema import message_class\n"
        "T = message_class('k8s.io.apimachinery.pkg.apis.meta.v1.Time')\n"
        "print(T().is_zero(), T(seconds=1).to_unstructured())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "True 1970-01-01T00:00:01Z\n"
