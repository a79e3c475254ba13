"""apimachinery's util/managedfields: the tests of its internal package (conflict_test.go, managedfields_test.go):
conflict errors, manager identifiers, what a managed fields entry must have, encoding round trips and the order
entries are kept in; then the field manager chain on built-in types (skip-non-applied, cap managers, the
managed fields updater's times, kubectl's last-applied annotation)."""

from __future__ import annotations

import datetime
import time

import pytest

from kubernetes_py import _goyaml
from kubernetes_py._smd import fieldpath
from kubernetes_py._smd.merge import Conflict, Conflicts
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1 import unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.apimachinery.util import managedfields
from kubernetes_py.apimachinery.util.managedfields import internal
from kubernetes_py.applyconfigurations import new_type_converter
from kubernetes_py.kubernetes import scheme


def _entries(yaml_text: str) -> list:
    doc = _goyaml.yaml_to_json(yaml_text)
    out = []
    for raw in doc or []:
        e = metav1.ManagedFieldsEntry()
        runtime.DefaultUnstructuredConverter.from_unstructured(raw, e)
        out.append(e)
    return out


def _time(text: str) -> metav1.Time:
    return metav1.new_time(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")))


# --- conflict_test.go ---


@pytest.mark.parametrize(
    "conflicts,causes,message",
    [
        (
            [
                (
                    '{"manager":"foo","operation":"Update","apiVersion":"v1","time":"2001-02-03T04:05:06Z"}',
                    ("spec", "replicas"),
                )
            ],
            [('conflict with "foo" using v1 at 2001-02-03T04:05:06Z', ".spec.replicas")],
            'Apply failed with 1 conflict: conflict with "foo" using v1 at 2001-02-03T04:05:06Z: .spec.replicas',
        ),
        (
            [
                (
                    '{"manager":"foo","operation":"Update","apiVersion":"v1","time":"2001-02-03T04:05:06Z"}',
                    ("spec", "replicas"),
                ),
                ('{"manager":"bar","operation":"Apply"}', ("metadata", "labels", "app")),
            ],
            [
                ('conflict with "foo" using v1 at 2001-02-03T04:05:06Z', ".spec.replicas"),
                ('conflict with "bar"', ".metadata.labels.app"),
            ],
            'Apply failed with 2 conflicts: conflicts with "bar":\n- .metadata.labels.app\n'
            'conflicts with "foo" using v1 at 2001-02-03T04:05:06Z:\n- .spec.replicas',
        ),
        (
            [
                (
                    '{"manager":"foo","operation":"Update","subresource":"scale","apiVersion":"v1","time":"2001-02-03T04:05:06Z"}',
                    ("spec", "replicas"),
                )
            ],
            [('conflict with "foo" with subresource "scale" using v1 at 2001-02-03T04:05:06Z', ".spec.replicas")],
            'Apply failed with 1 conflict: conflict with "foo" with subresource "scale" using v1 at '
            "2001-02-03T04:05:06Z: .spec.replicas",
        ),
    ],
)
def test_new_conflict_error(conflicts, causes, message):
    err = internal.new_conflict_error(Conflicts([Conflict(m, fieldpath.make_path(*p)) for m, p in conflicts]))
    status = err.status()
    assert (status.status, status.code, status.reason, status.message) == (
        metav1.StatusFailure,
        409,
        metav1.StatusReasonConflict,
        message,
    )
    assert [(c.reason, c.message, c.field) for c in status.details.causes] == [
        (metav1.CauseTypeFieldManagerConflict, m, f) for m, f in causes
    ]


# --- managedfields_test.go ---


def test_has_fields_type():
    internal.decode_managed_fields(
        _entries(
            "- apiVersion: v1\n  fieldsType: FieldsV1\n  fieldsV1:\n    f:field: {}\n  manager: foo\n  "
            "operation: Apply\n"
        )
    )
    with pytest.raises(ValueError, match=r'^invalid fieldsType "FieldsV2" in managed fields entry 0$'):
        internal.decode_managed_fields(
            _entries(
                "- apiVersion: v1\n  fieldsType: FieldsV2\n  fieldsV1:\n    f:field: {}\n  manager: foo\n"
                "  operation: Apply\n"
            )
        )
    with pytest.raises(ValueError, match=r"^missing fieldsType in managed fields entry 0$"):
        internal.decode_managed_fields(
            _entries("- apiVersion: v1\n  fieldsV1:\n    f:field: {}\n  manager: foo\n  operation: Apply\n")
        )


def test_has_api_version():
    with pytest.raises(ValueError, match=r"^apiVersion must not be empty$"):
        internal.decode_managed_fields(
            _entries("- fieldsType: FieldsV1\n  fieldsV1:\n    f:field: {}\n  manager: foo\n  operation: Apply\n")
        )
    with pytest.raises(ValueError):
        managedfields.validate_managed_fields(
            _entries("- fieldsType: FieldsV1\n  fieldsV1:\n    f:field: {}\n  manager: foo\n  operation: Apply\n")
        )


def test_has_operation():
    for text in (
        "- apiVersion: v1\n  fieldsType: FieldsV1\n  fieldsV1:\n    f:field: {}\n  manager: foo\n"
        "  operation: Invalid\n",
        "- apiVersion: v1\n  fieldsType: FieldsV1\n  fieldsV1:\n    f:field: {}\n  manager: foo\n",
    ):
        with pytest.raises(ValueError, match=r"^operation must be `Apply` or `Update`$"):
            internal.decode_managed_fields(_entries(text))


ROUND_TRIP = [
    "null\n",
    """- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    v:3:
      f:alsoPi: {}
    v:3.1415:
      f:pi: {}
    v:false:
      f:notTrue: {}
  manager: foo
  operation: Update
  time: "2001-02-03T04:05:06Z"
- apiVersion: v1beta1
  fieldsType: FieldsV1
  fieldsV1:
    i:5:
      f:i: {}
  manager: foo
  operation: Update
  time: "2011-12-13T14:15:16Z"
""",
    """- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:spec:
      f:containers:
        k:{"name":"c"}:
          f:image: {}
          f:name: {}
  manager: foo
  operation: Apply
""",
    """- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:apiVersion: {}
    f:kind: {}
    f:metadata:
      f:labels:
        f:app: {}
      f:name: {}
    f:spec:
      f:replicas: {}
      f:selector:
        f:matchLabels:
          f:app: {}
      f:template:
        f:medatada:
          f:labels:
            f:app: {}
        f:spec:
          f:containers:
            k:{"name":"nginx"}:
              .: {}
              f:image: {}
              f:name: {}
              f:ports:
                i:0:
                  f:containerPort: {}
  manager: foo
  operation: Update
""",
    """- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:spec:
      f:replicas: {}
  manager: foo
  operation: Update
  subresource: scale
""",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_round_trip_managed_fields(text):
    decoded = internal.decode_managed_fields(_entries(text))
    encoded = internal._encode_managed_fields(decoded)
    doc = None if encoded is None else [runtime.DefaultUnstructuredConverter.to_unstructured(e) for e in encoded]
    assert _goyaml.json_to_yaml(doc) == text


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "apiVersion: v1\nfieldsV1:\n  f:apiVersion: {}\nmanager: foo\noperation: Update\ntime: "
            '"2001-02-03T04:05:06Z"\n',
            '{"manager":"foo","operation":"Update","apiVersion":"v1"}',
        ),
        (
            "apiVersion: v1\nfieldsV1:\n  f:apiVersion: {}\nmanager: foo\noperation: Apply\ntime: "
            '"2001-02-03T04:05:06Z"\n',
            '{"manager":"foo","operation":"Apply"}',
        ),
        (
            "apiVersion: v1\nfieldsV1:\n  f:apiVersion: {}\nmanager: foo\noperation: Apply\nsubresource: scale\n"
            'time: "2001-02-03T04:05:06Z"\n',
            '{"manager":"foo","operation":"Apply","subresource":"scale"}',
        ),
    ],
)
def test_build_manager_identifier(text, expected):
    assert internal.build_manager_identifier(_entries("- " + text.replace("\n", "\n  ").rstrip() + "\n")[0]) == expected


def _e(manager: str, operation: str, when: str | None = None, subresource: str = "") -> metav1.ManagedFieldsEntry:
    e = metav1.ManagedFieldsEntry(manager=manager, operation=operation, subresource=subresource)
    if when is not None:
        e.time.CopyFrom(_time(when))
    return e


A, U = "Apply", "Update"
T1, T2, T3 = "2001-01-01T01:00:00Z", "2002-01-01T01:00:00Z", "2003-01-01T01:00:00Z"


@pytest.mark.parametrize(
    "given,expected",
    [
        ([], []),
        (None, None),
        ([_e("a", A), _e("a", U, T1)], [_e("a", A), _e("a", U, T1)]),
        ([_e("a", A), _e("a", A, T1)], [_e("a", A), _e("a", A, T1)]),
        ([_e("a", A, T1), _e("b", A), _e("a", A)], [_e("a", A), _e("b", A), _e("a", A, T1)]),
        ([_e("a", U, T1), _e("a", A)], [_e("a", A), _e("a", U, T1)]),
        (
            [_e("c", U, T1), _e("a", A), _e("c", U, T2), _e("b", A)],
            [_e("a", A), _e("b", A), _e("c", U, T1), _e("c", U, T2)],
        ),
        (
            [_e("c", U, T1), _e("a", A), _e("d", U, T1), _e("b", A)],
            [_e("a", A), _e("b", A), _e("c", U, T1), _e("d", U, T1)],
        ),
        (
            [
                _e("c", U, T1),
                _e("a", A),
                _e("g", A),
                _e("f", U, T2),
                _e("i", A),
                _e("d", U, T2),
                _e("h", A),
                _e("e", U, T3),
                _e("b", A),
            ],
            [
                _e("a", A),
                _e("b", A),
                _e("g", A),
                _e("h", A),
                _e("i", A),
                _e("c", U, T1),
                _e("d", U, T2),
                _e("f", U, T2),
                _e("e", U, T3),
            ],
        ),
        (
            [_e("a", A, subresource="status"), _e("a", A, subresource="scale"), _e("a", A)],
            [_e("a", A), _e("a", A, subresource="scale"), _e("a", A, subresource="status")],
        ),
    ],
    ids=[
        "empty",
        "nil",
        "untouched",
        "without-time-first",
        "without-time-first-name-last",
        "apply-first",
        "newest-last",
        "manager-last",
        "manager-sorted",
        "subresource",
    ],
)
def test_sort_encoded_managed_fields(given, expected):
    assert internal.sort_encoded_managed_fields(given) == expected


def test_sort_drops_nanoseconds():
    base = datetime.datetime(1999, 12, 31, tzinfo=datetime.timezone.utc)
    entries = []
    for manager, nanos in (("c", 1), ("a", 2), ("b", 3)):
        e = metav1.ManagedFieldsEntry(manager=manager, operation=U)
        e.time.CopyFrom(metav1.new_time(base))
        e.time.nanos = nanos
        entries.append(e)
    assert [e.manager for e in internal.sort_encoded_managed_fields(entries)] == ["a", "b", "c"]


# --- the chain on built-in types ---

DEPLOYMENT = GroupVersionKind("apps", "v1", "Deployment")


class _NoDefaults:
    def default(self, obj) -> None:
        pass


def _manager() -> managedfields.FieldManager:
    return managedfields.new_default_field_manager(
        new_type_converter(scheme.Scheme),
        scheme.Scheme,
        _NoDefaults(),
        scheme.Scheme,
        DEPLOYMENT,
        DEPLOYMENT.group_version(),
        "",
        None,
    )


def _deployment(replicas: int | None = None, uid: str = "", **labels: str) -> appsv1.Deployment:
    d = appsv1.Deployment(
        apiVersion="apps/v1",
        kind="Deployment",
        metadata=metav1.ObjectMeta(name="d", namespace="ns", uid=uid, labels=labels),
    )
    if replicas is not None:
        d.spec.replicas = replicas
    return d


def _applied(yaml_text: str) -> unstructured.Unstructured:
    return unstructured.Unstructured(_goyaml.yaml_to_json(yaml_text))


def test_no_update_before_first_apply_when_the_live_object_has_a_uid():
    f = _manager()
    live = _deployment(1, uid="u")
    new = f.update(live, _deployment(2, uid="u"), "ctl")
    assert list(new.metadata.managedFields) == []


def test_update_before_first_apply_records_existing_fields():
    f = _manager()
    live = _deployment(1, uid="u", app="a")
    with pytest.raises(errors.StatusError) as info:
        f.apply(
            live,
            _applied("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 3\n"),
            "applier",
            False,
        )
    assert str(info.value) == (
        'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas'
    )
    out = f.apply(
        live,
        _applied("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 3\n"),
        "applier",
        True,
    )
    assert out.spec.replicas == 3 and dict(out.metadata.labels) == {"app": "a"}
    assert [(e.manager, e.operation) for e in out.metadata.managedFields] == [("applier", A), ("before-first-apply", U)]


def test_cap_managers_merges_the_oldest_update_managers():
    f = _manager()
    obj = _deployment(0)
    for i in range(12):
        new = obj.deep_copy()
        new.metadata.labels[f"l{i}"] = "v"
        new = f.update(obj, new, f"m{i:02d}")
        # Spread the managers over distinct seconds, oldest first, as Go's test does with its clock.
        for e in new.metadata.managedFields:
            if e.manager == f"m{i:02d}":
                e.time.CopyFrom(_time(f"2001-01-01T01:00:{i:02d}Z"))
        obj = new
    managers = [e.manager for e in obj.metadata.managedFields]
    assert len(managers) == 10
    assert managers[0] == "ancient-changes"
    assert managers[1:] == [f"m{i:02d}" for i in range(3, 12)]


def test_managed_fields_updater_times():
    f = _manager()
    obj = f.update(_deployment(0), _deployment(1), "a")
    first = obj.metadata.managedFields[0].time
    unchanged = f.update(obj, obj.deep_copy(), "a")
    assert unchanged.metadata.managedFields[0].time == first
    applied = f.apply(
        unchanged,
        _applied("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  labels:\n    x: z\n"),
        "b",
        False,
    )
    times = {e.manager: e.time for e in applied.metadata.managedFields}
    assert times["a"] == first and times["b"].seconds >= first.seconds


def test_kubectl_applies_over_last_applied_conflicts():
    """Fields a kubectl client-side apply left in the last-applied annotation do not conflict with kubectl's
    server-side apply of the same values (lastAppliedManager), and kubectl's apply rewrites the annotation
    (lastAppliedUpdater)."""
    f = _manager()
    live = _deployment(1)
    live.metadata.annotations[internal.LastAppliedConfigAnnotation] = (
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"ns"},"spec":{"replicas":1}}'
    )
    live = f.update(appsv1.Deployment(), live, "kubectl-client-side-apply")
    config = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: ns\nspec:\n  replicas: 2\n"
    with pytest.raises(
        errors.StatusError, match='conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas'
    ):
        f.apply(live, _applied(config), "other", False)
    out = f.apply(live, _applied(config), "kubectl", False)
    assert out.spec.replicas == 2
    annotation = out.metadata.annotations[internal.LastAppliedConfigAnnotation]
    assert annotation == (
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"ns"},"spec":{"replicas":2}}\n'
    )


def test_large_last_applied_is_dropped():
    obj = corev1.ConfigMap(metadata=metav1.ObjectMeta(name="c", annotations={"a": "b"}))
    internal.set_last_applied(obj, "x" * (256 * 1024))
    assert dict(obj.metadata.annotations) == {"a": "b"}
    internal.set_last_applied(obj, "small")
    assert obj.metadata.annotations[internal.LastAppliedConfigAnnotation] == "small"


# --- fieldmanager_test.go, managedfieldsupdater_test.go (over managedfieldstest's TestFieldManager) ---


def _u(doc: dict) -> unstructured.Unstructured:
    return unstructured.Unstructured(doc)


class _FailingManager:
    """Wraps the chain and fails updates once ``error`` is set (Go's fakeManager)."""

    def __init__(self) -> None:
        self.manager = None
        self.error: Exception | None = None

    def update(self, live, new, managed, manager):
        if self.error is not None:
            raise self.error
        return self.manager.update(live, new, managed, manager)

    def apply(self, live, applied, managed, manager, force):
        return self.manager.apply(live, applied, managed, manager, force)


def test_field_manager_update_no_errors_keeps_the_live_managed_fields():
    from kubernetes_py.apimachinery.util.managedfields import managedfieldstest

    fm = _FailingManager()

    def chain(m):
        fm.manager = m
        return fm

    f = managedfieldstest.TestFieldManager(
        new_type_converter(scheme.Scheme), GroupVersionKind("", "v1", "Pod"), "", chain
    )

    def pod_with_labels(*labels: str) -> unstructured.Unstructured:
        return _u({"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {k: "true" for k in labels}}})

    f.update_no_errors(pod_with_labels("one"), "fieldmanager_test_update_1")
    before = f.managed_fields()
    assert before
    fm.error = ValueError("test error")
    f.update_no_errors(pod_with_labels("one", "two"), "fieldmanager_test_update_1")
    assert f.managed_fields() == before
    assert f.live().get_labels() == {"one": "true", "two": "true"}


def test_taking_over_fields_does_not_modify_the_previous_managers_time():
    from kubernetes_py.apimachinery.util.managedfields import managedfieldstest

    f = managedfieldstest.new_test_field_manager(
        new_type_converter(scheme.Scheme), GroupVersionKind("", "v1", "ConfigMap")
    )
    f.apply(
        _u(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "configmap"},
                "data": {"key_a": "value", "key_b": "value"},
            }
        ),
        "fieldmanager_a_test",
        False,
    )
    before = {e.manager: e for e in f.managed_fields()}
    time.sleep(1.05)  # as Go's test does: a later apply has a later second
    f.apply(
        _u(
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "configmap"}, "data": {"key_b": "new-value"}}
        ),
        "fieldmanager_b_test",
        True,
    )
    after = {e.manager: e for e in f.managed_fields()}
    assert after["fieldmanager_a_test"].time == before["fieldmanager_a_test"].time
    assert after["fieldmanager_b_test"].time.seconds > before["fieldmanager_a_test"].time.seconds


def test_nil_new_object_replaced_with_deep_copy_excluding_managed_fields():
    obj = _u(
        _goyaml.yaml_to_json("""{"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "pod", "labels": {"app": "nginx"}, "managedFields": [{"apiVersion": "v1",
        "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {"f:app": {}}}},
        "manager": "fieldmanager_test", "operation": "Apply", "time": "2021-11-11T18:41:17Z"}]}}""")
    )
    managed = internal.decode_managed_fields(obj.get_managed_fields())

    class _Noop:
        def update(self, live, new, managed, manager):
            return None, managed

        def apply(self, live, applied, managed, manager, force):
            return None, managed

    new_object, _ = internal.new_managed_fields_updater(_Noop()).apply(
        obj, obj.deep_copy_object(), managed, "some_manager", False
    )
    assert new_object is not obj
    live_without_managed = obj.deep_copy_object()
    internal.remove_object_managed_fields(live_without_managed)
    assert new_object.object == live_without_managed.object
